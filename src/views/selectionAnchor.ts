/**
 * Where a selection "is", shared by both views, the fly-to action and the test API: a local-metre anchor point
 * (east, north, height above the datum) for every selection kind, the incident impact radius, and one-line hover
 * tooltips (name/id + main value with its unit). Framework-free apart from the hot buffers it reads.
 */
import { hazardSelectionText, hazardSelectionXY } from '../app/hazardSelection.ts';
import { NO_INDEX, type CityModel } from '../core/scene/types.ts';
import { Channel, type HotBuffers } from '../feed/hotBuffers.ts';
import type { Incident } from '../state/feedSlice.ts';
import type { Selection } from '../state/selectionSlice.ts';
import type { Lang } from '../state/uiSlice.ts';
import { dict, pickName } from '../app/i18n.ts';
import { fmt, label } from '../app/format.ts';
import { POI_KIND_LABELS, POWER_KIND_LABELS, ROAD_CLASS_LABELS, SENSOR_KIND_LABELS } from '../app/palette.ts';
import { footprintCentroid } from './three/buildingMesh.ts';
import { linkSideOffsetM, sampleTerrain } from './three/sceneGeometry.ts';
import { getGridModel } from '../app/gridHolder.ts';
import { appStore } from '../state/store.ts';
import { energyAssetCount, energyAssetXY } from '../core/energy/city/assetPosition.ts';
import { hotEnergy } from '../feed/hotEnergy.ts';
import { energyTooltipText } from './map/energyStyle.ts';

/**
 * Impact radius of an incident by severity 1..4, metres. The feed carries no radius yet; these are the cordon sizes
 * of a typical urban incident response plan (minor: one block ≈ 100 m … critical: district-level 800 m), doubling
 * per level. Index 0 is unused.
 */
export const INCIDENT_IMPACT_RADIUS_M: readonly number[] = [50, 100, 200, 400, 800];

/** Impact radius (m) of an incident of `severity` (clamped to 1..4). */
export function incidentRadiusM(severity: number): number {
  const s = Math.min(4, Math.max(1, Math.round(severity)));
  return INCIDENT_IMPACT_RADIUS_M[s] as number;
}

/**
 * Midpoint (by arc length) of link `l`'s polyline, written into out[0..1] (east, north metres), moved sideways onto
 * the middle of the link's own carriageway (two-way roads draw each direction right of the centreline). Returns
 * false for an out-of-range link.
 */
export function linkMidpoint(model: CityModel, l: number, out: number[] | Float64Array): boolean {
  const r = model.roads;
  if (!(l >= 0 && l < r.linkCount)) return false;
  const g = r.geomXY;
  const s0 = r.geomStart[l] as number;
  const s1 = r.geomStart[l + 1] as number;
  if (s1 <= s0) return false;
  let total = 0;
  for (let s = s0; s + 1 < s1; s++)
    total += Math.hypot(
      (g[s * 2 + 2] as number) - (g[s * 2] as number),
      (g[s * 2 + 3] as number) - (g[s * 2 + 1] as number),
    );
  let left = total / 2;
  for (let s = s0; s + 1 < s1; s++) {
    const ax = g[s * 2] as number;
    const ay = g[s * 2 + 1] as number;
    const bx = g[s * 2 + 2] as number;
    const by = g[s * 2 + 3] as number;
    const len = Math.hypot(bx - ax, by - ay);
    if (left <= len && len > 0) {
      const t = left / len;
      const side = linkSideOffsetM(r, l);
      // Right-hand normal of the travel direction (east, north), as in buildRoadRibbons.
      out[0] = ax + (bx - ax) * t + ((by - ay) / len) * side;
      out[1] = ay + (by - ay) * t - ((bx - ax) / len) * side;
      return true;
    }
    left -= len;
  }
  out[0] = g[(s1 - 1) * 2] as number;
  out[1] = g[(s1 - 1) * 2 + 1] as number;
  return true;
}

/**
 * Anchor of a selection in local metres: out = [east, north, ground height]. For buildings the ground is the
 * building's base and out[3] (when present) its roof height above that base. Returns false when the selection does
 * not resolve (index out of range, incident gone).
 */
export function selectionAnchor(
  model: CityModel,
  sel: Selection,
  incidents: readonly Incident[],
  out: number[],
): boolean {
  let x: number;
  let y: number;
  out[3] = 0;
  switch (sel.kind) {
    case 'building': {
      const b = model.buildings;
      if (!(sel.index >= 0 && sel.index < b.count)) return false;
      footprintCentroid(b, sel.index, out);
      out[2] = b.baseZM[sel.index] as number;
      out[3] = b.heightM[sel.index] as number;
      return true;
    }
    case 'link':
      if (!linkMidpoint(model, sel.index, out)) return false;
      x = out[0] as number;
      y = out[1] as number;
      break;
    case 'sensor':
    case 'power':
    case 'poi': {
      const set = sel.kind === 'sensor' ? model.sensors : sel.kind === 'power' ? model.power : model.pois;
      if (!(sel.index >= 0 && sel.index < set.count)) return false;
      x = set.xy[sel.index * 2] as number;
      y = set.xy[sel.index * 2 + 1] as number;
      break;
    }
    case 'incident': {
      const inc = incidents.find((i) => i.id === sel.id);
      if (!inc) return false;
      x = inc.x;
      y = inc.y;
      break;
    }
    case 'workOrder': {
      const o = appStore.getState().woOrders.get(sel.id);
      if (!o) return false;
      x = o.x;
      y = o.y;
      break;
    }
    case 'energy': {
      const g = getGridModel();
      if (g === null || !energyAssetXY(model, g, sel.asset, sel.index, out)) return false;
      x = out[0] as number;
      y = out[1] as number;
      break;
    }
    case 'hazard':
    case 'cascade':
      if (!hazardSelectionXY(model, sel, out)) return false;
      x = out[0] as number;
      y = out[1] as number;
      break;
    default: {
      const never: never = sel;
      throw new Error(`selectionAnchor: unhandled selection ${String(never)}`);
    }
  }
  out[0] = x;
  out[1] = y;
  out[2] = sampleTerrain(model.terrain, x, y);
  return true;
}

/** Live channels shown in a tooltip, in order of preference: [channel, unit, digits]. */
const MAIN_CHANNELS: readonly (readonly [Channel, string, number])[] = [
  [Channel.speedKph, 'km/h', 1],
  [Channel.loadMW, 'MW', 2],
  [Channel.temperatureC, '°C', 1],
  [Channel.rainMmH, 'mm/h', 1],
  [Channel.windMS, 'm/s', 1],
  [Channel.flowVph, 'veh/h', 0],
  [Channel.occupancyPct, '%', 1],
];

/** One-line hover text of a feature: kind, name or id, and its main value with unit. */
export function tooltipText(
  model: CityModel,
  sel: Selection,
  incidents: readonly Incident[],
  hot: HotBuffers,
  lang: Lang,
): string | null {
  const t = dict(lang);
  switch (sel.kind) {
    case 'building': {
      const b = model.buildings;
      if (!(sel.index < b.count)) return null;
      const n = b.names.get(sel.index);
      return `${t.kindBuilding} · ${n ? pickName(n, lang) : b.sourceId[sel.index]} · ${fmt(b.heightM[sel.index] as number, 1)} m`;
    }
    case 'link': {
      const r = model.roads;
      if (!(sel.index < r.linkCount)) return null;
      const way = r.ways[r.linkWay[sel.index] as number];
      const name = way?.name
        ? pickName(way.name, lang)
        : label(t, ROAD_CLASS_LABELS, r.linkClass[sel.index] as number);
      return `link:${sel.index} · ${name} · ${r.lanes[sel.index]} × ${fmt(r.capacityVph[sel.index] as number)} veh/h`;
    }
    case 'sensor': {
      const s = model.sensors;
      const i = sel.index;
      if (!(i < s.count)) return null;
      let value: string = t.noReading;
      for (const [ch, unit, digits] of MAIN_CHANNELS) {
        const v = i < hot.sensorCount ? (hot.values[ch]?.[i] ?? Number.NaN) : Number.NaN;
        if (Number.isFinite(v)) {
          value = `${fmt(v, digits)} ${unit}`;
          break;
        }
      }
      const l = s.linkIndex[i] as number;
      return `${label(t, SENSOR_KIND_LABELS, s.kind[i] as number)} · ${s.sourceId[i]}${l !== NO_INDEX ? ` · link:${l}` : ''} · ${value}`;
    }
    case 'power': {
      const p = model.power;
      const i = sel.index;
      if (!(i < p.count)) return null;
      const n = p.names.get(i);
      const kind = p.kind[i] as number;
      const rating =
        (p.ratingMW[i] as number) > 0
          ? `${fmt(p.ratingMW[i] as number, 1)} ${kind === 0 ? 'MVA' : 'MW'}`
          : t.unknown;
      return `${label(t, POWER_KIND_LABELS, kind)} · ${n ? pickName(n, lang) : p.sourceId[i]} · ${rating}`;
    }
    case 'poi': {
      const p = model.pois;
      const i = sel.index;
      if (!(i < p.count)) return null;
      const n = p.names.get(i);
      const cap =
        (p.capacity[i] as number) > 0 ? ` · ${t.fieldCapacityPoi} ${fmt(p.capacity[i] as number)}` : '';
      return `${label(t, POI_KIND_LABELS, p.kind[i] as number)} · ${n ? pickName(n, lang) : p.sourceId[i]}${cap}`;
    }
    case 'incident': {
      const inc = incidents.find((x) => x.id === sel.id);
      if (!inc) return null;
      return `${t.kindIncident} · ${inc.id} · ${inc.kind} · ${t.fieldSeverity} ${inc.severity}/4 · ${fmt(incidentRadiusM(inc.severity))} m`;
    }
    case 'workOrder': {
      const o = appStore.getState().woOrders.get(sel.id);
      if (!o) return null;
      return `${t.kindWorkOrder} · ${o.id} · ${t.woCategory(o.category)} · ${t.woStage(o.stage)}`;
    }
    case 'energy': {
      const g = getGridModel();
      if (g === null || !(sel.index < energyAssetCount(g, sel.asset))) return null;
      // Name, kind and the live values with units (loading %, MW, SoC) of the latest dispatch step.
      return energyTooltipText(model, g, hotEnergy, sel.asset, sel.index, lang);
    }
    case 'hazard':
    case 'cascade':
      return hazardSelectionText(sel, lang);
    default: {
      const never: never = sel;
      throw new Error(`tooltipText: unhandled selection ${String(never)}`);
    }
  }
}
