import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseIndicatorConfig } from '../../core/indicators/parse.ts';
import { findLiveKpi } from './liveKpi.ts';

const FILE = path.resolve(__dirname, '../../../scenes/indicators/operations.json');

describe('operations index ↔ domain plugins', () => {
  it('every live KPI it reads is registered in src/domains/registry.ts', () => {
    const r = parseIndicatorConfig(JSON.parse(readFileSync(FILE, 'utf8')), 'operations.json');
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const missing: string[] = [];
    for (const d of r.value.dimensions) {
      for (const i of d.indicators) {
        if (i.input.kind === 'live' && !findLiveKpi(i.input.kpi)) missing.push(i.input.kpi);
      }
    }
    expect(missing).toEqual([]);
  });

  it('unknown references are not found', () => {
    expect(findLiveKpi('traffic.nope')).toBeUndefined();
    expect(findLiveKpi('nodomain.tti')).toBeUndefined();
    expect(findLiveKpi('tti')).toBeUndefined();
  });
});
