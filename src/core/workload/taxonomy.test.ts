import { describe, expect, it } from 'vitest';
import {
  CATEGORY_GROUPS,
  DEPARTMENTS,
  GROUP_NAMES,
  TAXONOMY,
  categoryById,
  departmentById,
  localHour,
  shiftOfHour,
  slaFor,
  staffOnShift,
} from './taxonomy.ts';

describe('taxonomy', () => {
  it('has unique ids, known departments, every group used and named, shares summing to 1000 ‰', () => {
    expect(new Set(TAXONOMY.map((c) => c.id)).size).toBe(TAXONOMY.length);
    expect(new Set(DEPARTMENTS.map((d) => d.id)).size).toBe(DEPARTMENTS.length);
    for (const c of TAXONOMY) {
      expect(departmentById(c.department), c.id).toBeDefined();
      expect(c.zh.length * c.en.length).toBeGreaterThan(0);
      expect(c.handleMeanMin).toBeGreaterThan(0);
    }
    for (const g of CATEGORY_GROUPS) {
      expect(
        TAXONOMY.some((c) => c.group === g),
        g,
      ).toBe(true);
      expect(GROUP_NAMES[g].zh.length).toBeGreaterThan(0);
    }
    expect(TAXONOMY.reduce((s, c) => s + c.sharePerMille, 0)).toBe(1000);
    // Utilities cover water, power, gas and heat with their own departments.
    expect(
      ['waterSupply', 'powerOutage', 'gasLeak', 'heating'].map((id) => categoryById(id)?.department),
    ).toEqual(['gs', 'dl', 'rq', 'rl']);
  });

  it('slaFor: priority minutes and class hours (Beijing 12345: 2 h emergency, 24 h utilities, 7 d, 15 d)', () => {
    expect(slaFor('powerOutage', 2)).toEqual({ acceptMin: 15, dispatchMin: 30, handleH: 24 });
    expect(slaFor('noise', 3)).toEqual({ acceptMin: 30, dispatchMin: 60, handleH: 168 });
    expect(slaFor('noise', 4)).toEqual({ acceptMin: 60, dispatchMin: 240, handleH: 360 });
    expect(slaFor('noise', 1).handleH).toBe(2);
    expect(slaFor('gasLeak', 1)).toEqual({ acceptMin: 5, dispatchMin: 10, handleH: 0.5 });
    expect(slaFor('garbage', 3).handleH).toBe(24);
    expect(slaFor('no-such', 3).handleH).toBe(168);
  });

  it('shift calendar in local time (UTC+8 default)', () => {
    // 2026-01-01T00:00Z is 08:00 in Shanghai: the day shift.
    const t = 1_767_225_600_000; // 2026-01-01T00:00Z
    expect(localHour(t)).toBe(8);
    expect(shiftOfHour(8)).toBe(0);
    expect(shiftOfHour(7.99)).toBe(2);
    expect(shiftOfHour(16)).toBe(1);
    expect(staffOnShift('cg', t)).toBe(36);
    expect(staffOnShift('cg', t + 8 * 3_600_000)).toBe(22);
    expect(staffOnShift('cg', t - 3_600_000)).toBe(10);
    expect(staffOnShift('cg', t, 0)).toBe(10);
    expect(staffOnShift('nope', t)).toBe(0);
    expect(localHour(-3_600_000, 0)).toBe(23);
  });
});
