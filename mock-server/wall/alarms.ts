/**
 * Which live events take over the wall (docs/protocol.md §10 "Critical alarms"). Rules:
 *  - resilience: a hazard not over whose alert level reaches 4 (red, the highest of the four-colour warning scale of
 *    the national emergency plans, 国家突发公共事件总体应急预案 2006 §1.4: I 特别重大 / red) and that no operator has
 *    acknowledged on the resilience console. One wall alarm per hazard and level-4 episode (`hazard:<id>:L4:<since>`).
 *    Place: the epicentre (earthquake), the burning building (fire), the centre of the district most at risk (heat),
 *    the scene centre for a rainstorm (city-wide rain has no single place).
 *  - energy: an `unserved` alarm raised (demand the grid cannot supply even after load shedding: customers lose power
 *    against the plan); system-wide, placed at the scene centre. Overloads and voltage excursions stay on the energy
 *    panel (warnings, not wall takeovers).
 *  - traffic and 一网统管 raise no wall takeover (congestion and overdue orders are trends, not emergencies).
 */
import type { CityModel, PolygonSet } from '../../src/core/scene/types.ts';
import type { HazardMessage } from '../../src/core/protocol/hazardMessages.ts';
import type { EnergyMessage } from '../../src/core/protocol/index.ts';
import type { ActiveHazard } from '../../src/core/hazards/types.ts';
import type { WallAlarm } from '../../src/core/wall/types.ts';

/** Mean of the first ring's vertices of feature i (a footprint's or a district's centre, scene metres). */
export function featureCentre(set: PolygonSet, i: number): [number, number] | null {
  const r = set.polyStart[i];
  if (r === undefined || i >= set.count) return null;
  const a = set.ringStart[r];
  const b = set.ringStart[r + 1];
  if (a === undefined || b === undefined || b <= a) return null;
  let x = 0;
  let y = 0;
  for (let v = a; v < b; v++) {
    x += set.xy[2 * v] as number;
    y += set.xy[2 * v + 1] as number;
  }
  return [x / (b - a), y / (b - a)];
}

function sceneCentre(scene: CityModel): [number, number] {
  const e = scene.meta.extentM;
  return [(e.minX + e.maxX) / 2, (e.minY + e.maxY) / 2];
}

/** The place of a hazard (scene metres). */
export function hazardPlace(scene: CityModel, h: ActiveHazard, msg: HazardMessage): [number, number] {
  const s = h.spec;
  switch (s.kind) {
    case 'earthquake':
      return [s.x, s.y];
    case 'fire':
      return featureCentre(scene.buildings, s.building) ?? sceneCentre(scene);
    case 'heat': {
      const d = msg.heat?.hazardId === h.id ? msg.heat.districts : [];
      let best: { zone: number; risk: number } | null = null;
      for (const z of d) if (best === null || z.risk > best.risk) best = z;
      return (best !== null ? featureCentre(scene.zones, best.zone) : null) ?? sceneCentre(scene);
    }
    case 'rainstorm':
      return sceneCentre(scene);
    default:
      return sceneCentre(scene);
  }
}

/** The critical wall alarms in one hazard message. */
export function hazardAlarms(scene: CityModel, msg: HazardMessage): WallAlarm[] {
  const out: WallAlarm[] = [];
  for (const h of msg.hazards) {
    if (h.phase === 'over' || h.alertLevel < 4 || h.acknowledged) continue;
    const [x, y] = hazardPlace(scene, h, msg);
    const hl = h.headline;
    out.push({
      id: `hazard:${h.id}:L4:${h.alertSinceMs}`,
      domain: 'resilience',
      title: { zh: `红色预警：${h.label.zh}`, en: `Red alert: ${h.label.en}` },
      detail: {
        zh: `${hl.label.zh} ${hl.value.toFixed(2)} ${hl.unit}（${h.id}）`,
        en: `${hl.label.en} ${hl.value.toFixed(2)} ${hl.unit} (${h.id})`,
      },
      x,
      y,
      raisedSimMs: h.alertSinceMs,
    });
  }
  return out;
}

/** The critical wall alarms in one energy message. */
export function energyAlarms(scene: CityModel, msg: EnergyMessage): WallAlarm[] {
  const out: WallAlarm[] = [];
  for (const e of msg.events) {
    if (!e.raised || e.kind !== 'unserved') continue;
    const [x, y] = sceneCentre(scene);
    out.push({
      id: `energy:unserved:${e.index}:${e.simTimeMs}`,
      domain: 'energy',
      title: { zh: '供电缺口：负荷无法供应', en: 'Supply shortfall: load not served' },
      detail: {
        zh: `未供负荷 ${e.value.toFixed(1)} MW（限值 ${e.limit.toFixed(1)} MW）`,
        en: `Unserved load ${e.value.toFixed(1)} MW (limit ${e.limit.toFixed(1)} MW)`,
      },
      x,
      y,
      raisedSimMs: e.simTimeMs,
    });
  }
  return out;
}
