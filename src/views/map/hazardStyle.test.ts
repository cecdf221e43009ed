import { describe, expect, it } from 'vitest';
import {
  DAMAGE_COLORS,
  FLOOD_BANDS,
  PGA_FILL_ALPHA,
  pgaRingFill,
  INTENSITY_LEVELS,
  SHELTER_COLORS,
  cumulativeM,
  dashPolyline,
  evacClockM,
  evacWidthPixels,
  floodBand,
  floodImageOffset,
  gridEdgesM,
  pulsePhase,
  radiusForPgaKm,
  ringCentroid,
  shelterGauge,
  writeFloodImage,
} from './hazardStyle.ts';

describe('flood bands', () => {
  it('puts each depth in its band: 5 cm dry limit, 15 cm lane limit (GB 51222), 0.3 / 0.5 / 1.2 m (AIDR 7-3)', () => {
    const table: [number, number][] = [
      [Number.NaN, -1],
      [0, -1],
      [0.049, -1],
      [0.05, 0],
      [0.149, 0],
      [0.15, 1],
      [0.42, 2],
      [0.5, 3],
      [1.19, 3],
      [1.2, 4],
      [30, 4],
    ];
    for (const [d, b] of table) expect(floodBand(d), `${d} m`).toBe(b);
    expect(FLOOD_BANDS.map((b) => b.minM)).toEqual([0.05, 0.15, 0.3, 0.5, 1.2]);
    // Opacity grows with depth; even the shallowest band is clearly visible (≥ 200 of 255).
    for (let i = 1; i < FLOOD_BANDS.length; i++) {
      const a = FLOOD_BANDS[i - 1]!;
      const b = FLOOD_BANDS[i]!;
      expect(b.alpha).toBeGreaterThan(a.alpha);
    }
    expect(FLOOD_BANDS[0]!.alpha).toBeGreaterThanOrEqual(200);
    // 0.05–0.15 m is a light cyan (green and blue high, red lower), the lightest of all bands.
    const c0 = FLOOD_BANDS[0]!.color;
    expect(c0[1]).toBeGreaterThanOrEqual(220);
    expect(c0[2]).toBeGreaterThanOrEqual(220);
    for (const b of FLOOD_BANDS.slice(1))
      expect(b.color[0] + b.color[1] + b.color[2]).toBeLessThan(c0[0] + c0[1] + c0[2]);
  });

  it('fills only the innermost earthquake rings, faintly', () => {
    expect(pgaRingFill(0, [255, 214, 10])).toEqual([0, 0, 0, 0]);
    expect(pgaRingFill(2, [255, 100, 40])).toEqual([0, 0, 0, 0]);
    expect(pgaRingFill(3, [255, 59, 48])).toEqual([255, 59, 48, PGA_FILL_ALPHA]);
    expect(PGA_FILL_ALPHA).toBeLessThanOrEqual(20);
  });

  it('writes the image north-up with dry cells transparent and counts the wet ones', () => {
    // 2 × 2 grid, row 0 = south: [0.01, 0.2] then row 1 (north): [0.6, 2.0].
    const depth = Float32Array.from([0.01, 0.2, 0.6, 2.0]);
    const img = new Uint8ClampedArray(16).fill(7);
    expect(writeFloodImage(depth, 2, 2, img)).toBe(3);
    const px = (k: number) => Array.from(img.subarray(k * 4, k * 4 + 4));
    const band = (b: number) => [...FLOOD_BANDS[b]!.color, FLOOD_BANDS[b]!.alpha];
    // Image row 0 is the north row: cells 2 (0.6 m → band 3) and 3 (2.0 m → band 4).
    expect(px(0)).toEqual(band(3));
    expect(px(1)).toEqual(band(4));
    // Image row 1 is the south row: cell 0 dry (transparent), cell 1 (0.2 m → band 1).
    expect(px(2)).toEqual([0, 0, 0, 0]);
    expect(px(3)).toEqual(band(1));
    // Cell index → byte offset agrees: cell 1 is (i 1, j 0) → image row 1, column 1 → pixel 3.
    expect(floodImageOffset(1, 2, 2)).toBe(12);
    expect(floodImageOffset(2, 2, 2)).toBe(0);
    expect(() => writeFloodImage(depth, 3, 2, img)).toThrow(/3×2/);
  });

  it('puts the grid edges half a cell outside the cell centres (hotHazard.depthAt rounds to centres)', () => {
    expect(gridEdgesM(3, 2, 10, 20, 5)).toEqual([7.5, 17.5, 22.5, 27.5]);
  });
});

describe('seismic intensity rings', () => {
  it('starts each degree at the GB/T 17742-2020 PGA in g', () => {
    expect(INTENSITY_LEVELS.map((l) => l.name)).toEqual(['VI', 'VII', 'VIII', 'IX', 'X']);
    // VII begins at 0.90 m/s² = 0.0918 g.
    expect(INTENSITY_LEVELS[1]!.minPgaG).toBeCloseTo(0.9 / 9.80665, 12);
    expect(INTENSITY_LEVELS[1]!.minPgaG).toBeCloseTo(0.09177, 5);
  });

  it('finds the radius where a falling attenuation crosses a level', () => {
    // PGA = 1 / (1 + d): 0.5 g at d = 1 km, 0.1 g at 9 km (hand calculation).
    const pga = (d: number) => 1 / (1 + d);
    expect(radiusForPgaKm(pga, 0.5)).toBeCloseTo(1, 2);
    expect(radiusForPgaKm(pga, 0.1)).toBeCloseTo(9, 2);
    expect(radiusForPgaKm(pga, 2)).toBe(0);
    expect(radiusForPgaKm(() => 1, 0.5, 50)).toBe(50);
  });
});

describe('closed links', () => {
  it('cuts a straight link into 24 m dashes with 16 m gaps', () => {
    const out: number[] = [];
    expect(dashPolyline([0, 0, 100, 0], 0, 2, 24, 16, out)).toBe(3);
    expect(out).toEqual([0, 0, 24, 0, 40, 0, 64, 0, 80, 0, 100, 0]);
  });

  it('carries the dash pattern round a bend', () => {
    // (0,0) → (30,0) → (30,30): dash 0–24 on the first leg, gap 24–40 over the bend, dash 40–60 = y 10–30.
    const out: number[] = [];
    expect(dashPolyline([9, 9, 0, 0, 30, 0, 30, 30], 1, 4, 24, 16, out)).toBe(2);
    expect(out.map((v) => Math.round(v * 1e6) / 1e6)).toEqual([0, 0, 24, 0, 30, 10, 30, 30]);
    expect(() => dashPolyline([0, 0, 1, 0], 0, 2, 0, 1, [])).toThrow(/dash/);
  });
});

describe('shelters, evacuation, pulse', () => {
  it('grades the shelter gauge by occupancy', () => {
    expect(shelterGauge(40, 100, true)).toEqual({ share: 0.4, color: SHELTER_COLORS.room });
    expect(shelterGauge(85, 100, true)).toEqual({ share: 0.85, color: SHELTER_COLORS.nearlyFull });
    expect(shelterGauge(120, 100, true)).toEqual({ share: 1, color: SHELTER_COLORS.full });
    expect(shelterGauge(0, 0, true)).toEqual({ share: 0, color: SHELTER_COLORS.room });
    expect(shelterGauge(10, 100, false).color).toEqual(SHELTER_COLORS.closed);
  });

  it('widens routes with √people and runs the trail clock round the longest route', () => {
    expect(evacWidthPixels(0)).toBe(2);
    expect(evacWidthPixels(1250)).toBe(6); // 2 + 8·√(1250/5000) = 2 + 8·0.5
    expect(evacWidthPixels(5000)).toBe(10);
    expect(evacWidthPixels(1e6)).toBe(10);
    const ts = new Float32Array(4);
    expect(cumulativeM([0, 0, 3, 4, 3, 10], ts, 1)).toBe(11);
    expect(Array.from(ts)).toEqual([0, 0, 5, 11]);
    expect(evacClockM(1, 1000)).toBe(250);
    expect(evacClockM(5, 1000)).toBe(70); // 1250 mod (1000 + 180)
    expect(evacClockM(5, 0)).toBe(1250 % 180);
  });

  it('pulses from 1× to 3× while fading', () => {
    const p = { scale: 0, alpha: 0 };
    expect(pulsePhase(0, p)).toEqual({ scale: 1, alpha: 1 });
    expect(pulsePhase(0.7, p)).toEqual({ scale: 2, alpha: 0.5 });
  });

  it('finds a ring centroid', () => {
    expect(ringCentroid([0, 0, 2, 0, 2, 2, 0, 2], [0, 0])).toEqual([1, 1]);
    // Triangle (0,0) (3,0) (0,3), clockwise: centroid (1,1).
    const c = ringCentroid([0, 0, 0, 3, 3, 0], [0, 0]);
    expect(c[0]).toBeCloseTo(1, 12);
    expect(c[1]).toBeCloseTo(1, 12);
    expect(ringCentroid([5, 5, 5, 5], [0, 0])).toEqual([5, 5]);
  });

  it('has five damage colours', () => {
    expect(DAMAGE_COLORS).toHaveLength(5);
  });
});
