import { describe, expect, it } from 'vitest';
import { NO_DATA } from '../../app/palette.ts';
import { createHotEnergy } from '../../feed/hotEnergy.ts';
import { gridCounts } from '../../app/gridHolder.ts';
import { buildGridModel } from '../../core/energy/city/gridModel.ts';
import { makeTestCity } from '../../core/energy/city/testCity.ts';
import { PowerKind } from '../../core/scene/types.ts';
import { createEnergyStateColumns } from '../../core/protocol/energyState.ts';
import {
  LOADING_BANDS,
  SOC_ARC_VERTICES,
  STORAGE_CHARGE_COLOR,
  STORAGE_DISCHARGE_COLOR,
  STORAGE_IDLE_COLOR,
  alarmPulseScale,
  energyTooltipText,
  flowDotCount,
  flowDotShare,
  flowSpeedPixelsPerS,
  loadingBand,
  loadingColor,
  metersPerPixel,
  powerRadiusPixels,
  socArc,
  storageColor,
} from './energyStyle.ts';

describe('loading bands (< 50 light, 50–80 normal, 80–100 heavy, > 100 overload)', () => {
  it('puts each edge in the documented band', () => {
    const table: [number, number][] = [
      [0, 0],
      [49.99, 0],
      [50, 1],
      [79.99, 1],
      [80, 2],
      // exactly 100 % is not yet an overload: energySim raises sectionOverload only for loading > 1
      [100, 2],
      [100.01, 3],
      [250, 3],
      [Number.NaN, -1],
      [-1, -1],
    ];
    for (const [pct, band] of table) expect(loadingBand(pct), `${pct} %`).toBe(band);
  });

  it('writes the band colour, grey for no data', () => {
    const out = [0, 0, 0, 7];
    expect(loadingColor(85, out)).toBe(2);
    expect(out).toEqual([...(LOADING_BANDS[2]?.color ?? []), 7]);
    expect(loadingColor(Number.NaN, out)).toBe(-1);
    expect(out.slice(0, 3)).toEqual([...NO_DATA]);
  });
});

describe('symbol sizes: radius = 3 px + 1.6 px·√MW, capped at 22 px', () => {
  it('scales the area with power', () => {
    expect(powerRadiusPixels(0)).toBe(3);
    expect(powerRadiusPixels(Number.NaN)).toBe(3);
    expect(powerRadiusPixels(1)).toBeCloseTo(4.6, 12); // 3 + 1.6·1
    expect(powerRadiusPixels(25)).toBe(11); // 3 + 1.6·5
    expect(powerRadiusPixels(-25)).toBe(11); // sign ignored (charging storage, reverse station load)
    expect(powerRadiusPixels(100)).toBe(19); // 3 + 1.6·10
    expect(powerRadiusPixels(1000)).toBe(22); // 3 + 1.6·31.6 = 53.6 → cap
    // area ∝ power above the floor: (r − 3)² quadruples when the power quadruples
    expect((powerRadiusPixels(16) - 3) ** 2 / (powerRadiusPixels(4) - 3) ** 2).toBeCloseTo(4, 12);
  });

  it('colours storage by direction', () => {
    expect(storageColor(5)).toBe(STORAGE_DISCHARGE_COLOR);
    expect(storageColor(-5)).toBe(STORAGE_CHARGE_COLOR);
    expect(storageColor(0.001)).toBe(STORAGE_IDLE_COLOR);
    expect(storageColor(Number.NaN)).toBe(STORAGE_IDLE_COLOR);
  });
});

describe('SoC arc: clockwise from north through SoC/100 of a turn', () => {
  it('a quarter at 25 %', () => {
    const out = new Float64Array(SOC_ARC_VERTICES * 2);
    socArc(10, 20, 5, 5, 25, out);
    // first vertex north of the centre, last one east of it (θ = π/2: sin 1, cos 0)
    expect([out[0], out[1]]).toEqual([10, 25]);
    expect(out[2 * 32]).toBeCloseTo(15, 12);
    expect(out[2 * 32 + 1]).toBeCloseTo(20, 12);
    // the middle vertex (k = 16) at θ = π/4: (10 + 5·√½, 20 + 5·√½)
    expect(out[32]).toBeCloseTo(10 + 5 * Math.SQRT1_2, 12);
    expect(out[33]).toBeCloseTo(20 + 5 * Math.SQRT1_2, 12);
  });

  it('anisotropic radii (lon/lat degrees) and an offset into a shared buffer', () => {
    const out = new Float64Array(4 + SOC_ARC_VERTICES * 2);
    socArc(0, 0, 2, 1, 50, out, 4);
    expect([out[0], out[1], out[2], out[3]]).toEqual([0, 0, 0, 0]);
    expect([out[4], out[5]]).toEqual([0, 1]);
    // half a turn ends due south
    expect(out[4 + 64]).toBeCloseTo(0, 12);
    expect(out[4 + 65]).toBeCloseTo(-1, 12);
    // a quarter of the way (k = 16 of 32 → θ = π/2) is due east at rx = 2
    expect(out[4 + 32]).toBeCloseTo(2, 12);
    expect(out[4 + 33]).toBeCloseTo(0, 12);
  });

  it('0 %, NaN collapse onto the start; > 100 % is a full ring', () => {
    const out = new Float64Array(SOC_ARC_VERTICES * 2);
    for (const soc of [0, Number.NaN, -3]) {
      socArc(1, 1, 1, 1, soc, out);
      for (let k = 0; k < SOC_ARC_VERTICES; k++) expect([out[2 * k], out[2 * k + 1]]).toEqual([1, 2]);
    }
    socArc(0, 0, 1, 1, 140, out);
    expect(out[64]).toBeCloseTo(0, 12);
    expect(out[65]).toBeCloseTo(1, 12);
    expect(out[32]).toBeCloseTo(0, 12); // half-way round (θ = π) is due south
    expect(out[33]).toBeCloseTo(-1, 12);
  });
});

describe('metres per pixel (Web Mercator, 512-px world)', () => {
  it('matches 2πR/512 at zoom 0 on the equator and halves per zoom level and at 60°', () => {
    expect(metersPerPixel(0, 0)).toBeCloseTo(78271.51696, 4);
    expect(metersPerPixel(1, 0)).toBeCloseTo(39135.75848, 4);
    expect(metersPerPixel(0, 60)).toBeCloseTo(39135.75848, 4);
  });
});

describe('flow animation', () => {
  it('speed is logarithmic in |MW| from 12 to 60 px/s', () => {
    expect(flowSpeedPixelsPerS(0)).toBe(12);
    expect(flowSpeedPixelsPerS(100)).toBe(60);
    expect(flowSpeedPixelsPerS(-100)).toBe(60);
    expect(flowSpeedPixelsPerS(1000)).toBe(60);
    // 9 MW: log10(10)/log10(101) = 0.498923 → 12 + 48·0.498923 = 35.9483
    expect(flowSpeedPixelsPerS(9)).toBeCloseTo(35.9483, 4);
  });

  it('one dot per 36 px, none under 9 px, at most 64', () => {
    expect(flowDotCount(8.9)).toBe(0);
    expect(flowDotCount(9)).toBe(1);
    expect(flowDotCount(36)).toBe(1);
    expect(flowDotCount(72)).toBe(2);
    expect(flowDotCount(107)).toBe(2);
    expect(flowDotCount(1e6)).toBe(64);
    expect(flowDotCount(Number.NaN)).toBe(0);
  });

  it('dots advance by speed/spacing per second, wrap, and run backwards for reverse flow', () => {
    // 12 px/s over 36 px spacing: a third of a spacing per second
    expect(flowDotShare(0, 4, 0, 12, 1)).toBe(0);
    expect(flowDotShare(1, 4, 0, 12, 1)).toBe(0.25);
    expect(flowDotShare(0, 4, 1.5, 12, 1)).toBeCloseTo(0.125, 12); // phase 0.5 → (0 + 0.5)/4
    expect(flowDotShare(0, 4, 1.5, 12, -1)).toBeCloseTo(0.875, 12);
    expect(flowDotShare(3, 4, 3.75, 12, 1)).toBeCloseTo(0.8125, 12); // 1.25 cycles → phase 0.25 → 3.25/4
    expect(flowDotShare(0, 1, 3, 12, 1)).toBeCloseTo(0, 12); // a whole cycle later, back at the start
  });
});

describe('alarm pulse', () => {
  it('raised cosine from 1 to 1.6 over 1.2 s', () => {
    expect(alarmPulseScale(0)).toBe(1);
    expect(alarmPulseScale(0.3)).toBeCloseTo(1.3, 12);
    expect(alarmPulseScale(0.6)).toBeCloseTo(1.6, 12);
    expect(alarmPulseScale(1.2)).toBeCloseTo(1, 12);
  });
});

describe('energy tooltip text', () => {
  const city = makeTestCity({
    assets: [
      { kind: PowerKind.import, x: 0, y: 0, ratingMW: 200, voltageKV: 220 },
      { kind: PowerKind.substation, x: 1000, y: 0, ratingMW: 63, voltageKV: 110 },
      { kind: PowerKind.storage, x: 1000, y: 100, ratingMW: 5, energyMWh: 10 },
    ],
    lines: [{ kv: 110, xy: [0, 0, 1000, 0], from: 0, to: 1 }],
    buildings: [{ x: 1300, y: 200, sideM: 30, levels: 6, use: 1 }],
  });
  const g = buildGridModel(city);
  const hot = createHotEnergy(gridCounts(g));

  it('shows the name only before the first state, then the live values with units', () => {
    expect(g.storage.count).toBe(1);
    const name = energyTooltipText(city, g, hot, 'storage', 0, 'en');
    expect(name).toBe('Battery storage · test:e2');
    const cols = createEnergyStateColumns(gridCounts(g));
    cols.storageSocPct[0] = 62.4;
    cols.storageMw[0] = -2.5;
    cols.hvLineLoadingPct[0] = 81.25;
    cols.hvLineFlowMw[0] = -12;
    hot.apply(1, cols);
    expect(energyTooltipText(city, g, hot, 'storage', 0, 'en')).toBe(
      'Battery storage · test:e2 · SoC 62 % · charging 2.50 MW',
    );
    expect(energyTooltipText(city, g, hot, 'hvLine', 0, 'zh')).toMatch(/负载率 81\.3 % · 12\.00 MW ←$/);
    expect(energyTooltipText(city, g, hot, 'pv', 0, 'en')).toBeNull();
  });
});
