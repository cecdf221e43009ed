import { describe, expect, it } from 'vitest';
import { BuildingUse } from '../scene/types.ts';
import {
  CodeLevel,
  ModelTypeCode,
  PGA_MEDIAN_G,
  classifyBuilding,
  damageStateProbabilities,
  exceedance,
  mostLikelyState,
  normalCdf,
} from './fragility.ts';

describe('normalCdf (Abramowitz & Stegun 26.2.17)', () => {
  it('matches Φ within the published 7.5e-8 error bound at tabulated points', () => {
    // Φ(0) = 0.5, Φ(±1) = 0.841344746 / 0.158655254, Φ(1.96) = 0.975002105 (standard normal table).
    for (const [z, phi] of [
      [0, 0.5],
      [1, 0.8413447461],
      [-1, 0.1586552539],
      [1.96, 0.9750021049],
      [-2.5, 0.0062096653],
    ] as const) {
      expect(Math.abs(normalCdf(z) - phi)).toBeLessThan(7.5e-8);
    }
  });
});

describe('HAZUS equivalent-PGA fragility', () => {
  it('holds the Table 5.16 medians (spot checks against ShakeCast Appendix E / pelicun hazus_data_eq.json)', () => {
    expect(PGA_MEDIAN_G.W1[CodeLevel.high]).toEqual([0.26, 0.55, 1.28, 2.01]);
    expect(PGA_MEDIAN_G.C2H[CodeLevel.high]).toEqual([0.12, 0.29, 0.82, 1.87]);
    expect(PGA_MEDIAN_G.C1M[CodeLevel.moderate]).toEqual([0.13, 0.21, 0.49, 0.89]);
    expect(PGA_MEDIAN_G.URML[CodeLevel.pre]).toEqual([0.13, 0.17, 0.26, 0.37]);
    expect(PGA_MEDIAN_G.URML[CodeLevel.high]).toBeNull();
  });

  it('gives P[DS ≥ ds] = Φ(ln(PGA/median)/0.64) — C1M moderate-code at 0.3 g by hand', () => {
    // ln(0.3/0.13)/0.64 = 1.30664 → 0.904332; ln(0.3/0.21)/0.64 = 0.55730 → 0.711340;
    // ln(0.3/0.49)/0.64 = −0.76652 → 0.221660; ln(0.3/0.89)/0.64 = −1.69944 → 0.044648.
    const e = exceedance(0.3, ModelTypeCode.C1M, CodeLevel.moderate, new Float64Array(4));
    expect(e[0]).toBeCloseTo(0.904332, 5);
    expect(e[1]).toBeCloseTo(0.71134, 5);
    expect(e[2]).toBeCloseTo(0.22166, 5);
    expect(e[3]).toBeCloseTo(0.044648, 5);
    const p = damageStateProbabilities(0.3, ModelTypeCode.C1M, CodeLevel.moderate, new Float64Array(9));
    expect(Array.from(p.subarray(0, 5)).map((v) => Number(v.toFixed(5)))).toEqual([
      0.09567, 0.19299, 0.48968, 0.17701, 0.04465,
    ]);
    expect(mostLikelyState(p)).toBe(2);
  });

  it('URML pre-code at 0.2 g and C2H moderate at 0.5 g by hand', () => {
    const u = damageStateProbabilities(0.2, ModelTypeCode.URML, CodeLevel.pre, new Float64Array(5));
    // exceedance 0.749558, 0.600227, 0.340923, 0.168219
    expect(u[0]).toBeCloseTo(0.250442, 5);
    expect(u[4]).toBeCloseTo(0.168219, 5);
    expect(mostLikelyState(u)).toBe(2); // 0.259304 > 0.250442
    const c = damageStateProbabilities(0.5, ModelTypeCode.C2H, CodeLevel.moderate, new Float64Array(5));
    expect(c[2]).toBeCloseTo(0.468607, 5);
    expect(c[3]).toBeCloseTo(0.301624, 5);
  });

  it('is zero damage at zero PGA and rejects curves HAZUS does not print', () => {
    const p = damageStateProbabilities(0, ModelTypeCode.C1L, CodeLevel.moderate, new Float64Array(5));
    expect(Array.from(p)).toEqual([1, 0, 0, 0, 0]);
    expect(() => exceedance(0.3, ModelTypeCode.URML, CodeLevel.high, new Float64Array(4))).toThrow(
      /no high-code curve for URML/,
    );
    expect(() => exceedance(0.3, 99, CodeLevel.high, new Float64Array(4))).toThrow(/model type code 99/);
  });

  it('probabilities sum to 1 and damage grows with PGA for every permitted curve', () => {
    const p = new Float64Array(5);
    for (let t = 0; t < 15; t++) {
      for (let c = 0; c < 4; c++) {
        let prevMean = -1;
        for (const pga of [0.05, 0.1, 0.2, 0.4, 0.8, 1.6]) {
          try {
            damageStateProbabilities(pga, t, c, p);
          } catch {
            continue; // URM at high/moderate code
          }
          expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
          const mean = p[1]! + 2 * p[2]! + 3 * p[3]! + 4 * p[4]!;
          expect(mean).toBeGreaterThan(prevMean);
          prevMean = mean;
        }
      }
    }
  });
});

describe('classifyBuilding (documented mapping)', () => {
  it('maps height and use to model types', () => {
    expect(classifyBuilding(2, 6, BuildingUse.residential)).toEqual({
      type: ModelTypeCode.URML,
      code: CodeLevel.pre,
    });
    expect(classifyBuilding(6, 18, BuildingUse.residential)).toEqual({
      type: ModelTypeCode.RM2M,
      code: CodeLevel.low,
    });
    expect(classifyBuilding(18, 54, BuildingUse.residential)).toEqual({
      type: ModelTypeCode.C2H,
      code: CodeLevel.moderate,
    });
    expect(classifyBuilding(1, 8, BuildingUse.industrial).type).toBe(ModelTypeCode.S3);
    expect(classifyBuilding(5, 20, BuildingUse.commercial).type).toBe(ModelTypeCode.C1M);
    expect(classifyBuilding(40, 160, BuildingUse.commercial).type).toBe(ModelTypeCode.S1H);
    expect(classifyBuilding(4, 16, BuildingUse.education)).toEqual({
      type: ModelTypeCode.C1M,
      code: CodeLevel.high,
    });
    // No levels: storeys from height / 3.2 m.
    expect(classifyBuilding(0, 32, BuildingUse.residential).type).toBe(ModelTypeCode.C2H);
  });
});
