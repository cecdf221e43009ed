/**
 * A synthetic ScenarioResult over a real scene for the compare view's tests, harness and test hook (no engine
 * needed): a road closure east of the centre (link speeds drop near it, rise a little farther out), a rainstorm
 * flooding cells and damaging buildings around a low point, grid-cell backlogs, district load shed and, when the
 * grid model is loaded, feeder-bus voltages. Values are smooth functions of distance, so the maps are readable and
 * the same scene always gives the same fixture. NOT a model of anything: test data only.
 */
import type { CityModel } from '../../core/scene/types.ts';
import type { ScenarioMapDiff, ScenarioResult } from '../../core/scenario/types.ts';
import { cellGeometry, compareBase } from './compareLayers.ts';

/** Centroid (mean vertex) of polygon i of a set, local metres. */
function centroid(set: CityModel['zones'] | CityModel['buildings'], i: number): [number, number] {
  const r0 = set.polyStart[i] as number;
  const v0 = set.ringStart[r0] as number;
  const v1 = set.ringStart[r0 + 1] as number;
  let x = 0;
  let y = 0;
  for (let v = v0; v < v1; v++) {
    x += set.xy[v * 2] as number;
    y += set.xy[v * 2 + 1] as number;
  }
  const n = Math.max(1, v1 - v0);
  return [x / n, y / n];
}

/** A fixture result over `model`; `busXY` adds an energy-bus diff (interleaved bus x,y metres). */
export function compareFixture(model: CityModel, busXY: ArrayLike<number> | null = null): ScenarioResult {
  const e = model.meta.extentM;
  const cx = (e.minX + e.maxX) / 2;
  const cy = (e.minY + e.maxY) / 2;
  const w = e.maxX - e.minX;
  const h = e.maxY - e.minY;
  const closure: [number, number] = [cx + 0.12 * w, cy + 0.05 * h];
  const storm: [number, number] = [cx - 0.18 * w, cy - 0.12 * h];
  const dist = (x: number, y: number, p: [number, number]): number => Math.hypot(x - p[0], y - p[1]);
  const r = model.roads;

  const speed = diff(
    'traffic',
    'linkSpeed',
    'Link speed, evening peak',
    '路段车速（晚高峰）',
    'km/h',
    'roadLink',
    'higher',
  );
  for (let l = 0; l < r.linkCount; l++) {
    const g = r.geomStart[l] as number;
    const d = dist(r.geomXY[g * 2] as number, r.geomXY[g * 2 + 1] as number, closure);
    const free = r.freeSpeedKph[l] as number;
    const b = free * (0.55 + 0.2 * Math.cos(l * 0.37) ** 2);
    let s = b;
    if (d < 250) s = 4;
    else if (d < 1600) s = b * (0.45 + (0.55 * (d - 250)) / 1350);
    else if (d < 2400) s = b * 1.08;
    if (s !== b) speed.push(l, round(b, 1), round(s, 1));
  }

  const cells = cellGeometry(compareBase(model));
  const depth = diff('resilience', 'maxDepth', 'Max flood depth', '最大积水深度', 'm', 'floodCell', 'lower');
  const reach = 0.16 * Math.min(w, h);
  for (let j = 0; j < cells.ny; j++)
    for (let i = 0; i < cells.nx; i++) {
      const d = dist(cells.x0 + i * cells.cellM, cells.y0 + j * cells.cellM, storm);
      if (d >= reach) continue;
      const f = 1 - d / reach;
      const b = round(0.12 * f * f, 3);
      const s = round(0.75 * f ** 0.8 * (0.8 + 0.2 * Math.cos(i * 0.9) * Math.sin(j * 0.7)), 3);
      if (s !== b) depth.push(j * cells.nx + i, b, s);
    }

  const damage = diff(
    'resilience',
    'damage',
    'Building damage ratio',
    '建筑损失率',
    '%',
    'building',
    'lower',
  );
  const b = model.buildings;
  for (let i = 0; i < b.count; i++) {
    const [x, y] = centroid(b, i);
    const d = dist(x, y, storm);
    if (d < reach * 0.8) {
      const f = 1 - d / (reach * 0.8);
      damage.push(i, round(2 * f, 1), round(2 + 28 * f * f, 1));
    }
  }

  const z = model.zones;
  const backlog = diff('workload', 'backlog', 'Open work orders', '未结工单', 'orders', 'gridCell', 'lower');
  const shed = diff('energy', 'loadShed', 'Load shed', '切负荷', 'MW', 'district', 'lower');
  for (let i = 0; i < z.count; i++) {
    const [x, y] = centroid(z, i);
    const ds = dist(x, y, storm);
    if (z.level[i] === 1) {
      const base = 2 + ((i * 7) % 11);
      const s = base + Math.round(18 * Math.max(0, 1 - ds / (reach * 1.5))) - (i % 5 === 0 ? 2 : 0);
      if (s !== base) backlog.push(i, base, s);
    } else {
      const s = round(12 * Math.max(0, 1 - ds / (0.5 * Math.max(w, h))), 2);
      shed.push(i, 0, s);
    }
  }

  const traffic = [speed.done()];
  const energy = [shed.done()];
  if (busXY) {
    const v = diff('energy', 'busVoltage', 'Feeder bus voltage', '母线电压', 'p.u.', 'energyBus', 'neutral');
    for (let k = 0; k * 2 + 1 < busXY.length; k++) {
      const d = dist(busXY[k * 2] as number, busXY[k * 2 + 1] as number, storm);
      const bv = round(1 - 0.01 * Math.sin(k), 3);
      const sv = round(bv - 0.06 * Math.max(0, 1 - d / reach), 3);
      if (sv !== bv) v.push(k, bv, sv);
    }
    energy.push(v.done());
  }
  const startSimMs = Date.UTC(2026, 6, 14, 9, 30); // 17:30 in UTC+8
  return {
    spec: {
      base: { sceneName: 'default', startSimMs, seed: 7, utcOffsetMin: 480, horizonH: 6 },
      levers: {},
    },
    domains: [
      { domain: 'traffic', kpis: [], series: [], diffs: traffic, notes: [] },
      { domain: 'energy', kpis: [], series: [], diffs: energy, notes: [] },
      { domain: 'resilience', kpis: [], series: [], diffs: [depth.done(), damage.done()], notes: [] },
      { domain: 'workload', kpis: [], series: [], diffs: [backlog.done()], notes: [] },
    ],
    kpis: [],
    elapsedMs: 0,
  };
}

/** Rounds to `d` decimals (fixture values read like model output). */
function round(v: number, d: number): number {
  const f = 10 ** d;
  return Math.round(v * f) / f;
}

/** A diff under construction. */
function diff(
  domain: ScenarioMapDiff['domain'],
  id: string,
  en: string,
  zh: string,
  unit: string,
  feature: ScenarioMapDiff['feature'],
  better: ScenarioMapDiff['better'],
) {
  const index: number[] = [];
  const baseline: number[] = [];
  const scenario: number[] = [];
  return {
    push(i: number, b: number, s: number): void {
      index.push(i);
      baseline.push(b);
      scenario.push(s);
    },
    done(): ScenarioMapDiff {
      return { domain, id, label: { zh, en }, unit, feature, index, baseline, scenario, better };
    },
  };
}
