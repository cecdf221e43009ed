/**
 * The planner's what-if on the map: the road links whose flow changed in the scenario, coloured by the change in
 * flow (scenario − baseline, veh/h) on a diverging ramp (blue = less traffic, red = more), wider for bigger changes.
 * Data is built once per result (identity kept while the result stands); the legend is WHATIF_DELTA_STOPS, drawn by
 * the what-if panel.
 */
import { PathLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import type { CityModel } from '../../core/scene/types.ts';
import type { TrafficWhatIfResult } from '../../core/traffic/types.ts';
import type { WhatIfRun } from '../../state/whatIfSlice.ts';
import type { Rgb } from '../../app/palette.ts';
import { offsetLinkGeometry } from '../three/sceneGeometry.ts';
import { toLonLat } from './mapStyle.ts';

/**
 * Flow changes smaller than this (veh/h) are not drawn: below about one vehicle a minute the equilibrium's own
 * convergence noise (relative gap ~1e-4 of flows of ~1,000 veh/h) is as large as the change.
 */
export const WHATIF_MIN_DELTA_VPH = 60;

/** Diverging ramp of the flow change, veh/h (ColorBrewer RdBu-like ends; neutral grey in the middle). */
export const WHATIF_DELTA_STOPS: readonly { readonly deltaVph: number; readonly color: Rgb }[] = [
  { deltaVph: -800, color: [40, 110, 255] },
  { deltaVph: -200, color: [110, 180, 255] },
  { deltaVph: 0, color: [210, 210, 210] },
  { deltaVph: 200, color: [255, 175, 60] },
  { deltaVph: 800, color: [255, 40, 70] },
];

/** Writes the ramp colour of a flow change (veh/h) into out[0..2] (allocation-free; clamped at the ends). */
export function whatIfDeltaColor(deltaVph: number, out: number[] | Uint8Array): void {
  const stops = WHATIF_DELTA_STOPS;
  const first = stops[0] as (typeof stops)[number];
  const last = stops[stops.length - 1] as (typeof stops)[number];
  const d = deltaVph < first.deltaVph ? first.deltaVph : deltaVph > last.deltaVph ? last.deltaVph : deltaVph;
  let i = 0;
  while (i < stops.length - 2 && d > (stops[i + 1] as (typeof stops)[number]).deltaVph) i++;
  const a = stops[i] as (typeof stops)[number];
  const b = stops[i + 1] as (typeof stops)[number];
  const f = b.deltaVph === a.deltaVph ? 0 : (d - a.deltaVph) / (b.deltaVph - a.deltaVph);
  for (let k = 0; k < 3; k++)
    out[k] = Math.round((a.color[k] as number) + f * ((b.color[k] as number) - (a.color[k] as number)));
}

/** Line width of a change, pixels: 2 px at the threshold growing to 9 px at ±1,000 veh/h. */
export function whatIfWidthPixels(deltaVph: number): number {
  const a = Math.min(1000, Math.abs(deltaVph));
  return 2 + (7 * a) / 1000;
}

/** One changed link as the layer draws it. */
interface ChangedLink {
  readonly link: number;
  /** Interleaved lon/lat of the link's (offset) shape. */
  readonly path: Float64Array;
  readonly color: [number, number, number, number];
  readonly widthPixels: number;
}

const lonLatCache = new WeakMap<CityModel, Float64Array>();
const dataCache = new WeakMap<TrafficWhatIfResult, ChangedLink[]>();

/** The changed links of a result, largest changes last (drawn on top). */
export function changedLinks(model: CityModel, result: TrafficWhatIfResult): ChangedLink[] {
  const hit = dataCache.get(result);
  if (hit) return hit;
  const r = model.roads;
  let ll = lonLatCache.get(model);
  if (!ll) {
    // Each direction of a two-way road on its own side, as the live links are drawn (one may gain, the other lose).
    ll = toLonLat(model, offsetLinkGeometry(r));
    lonLatCache.set(model, ll);
  }
  const dFlow = result.linkDeltaFlowVph;
  const out: ChangedLink[] = [];
  const rgb = [0, 0, 0];
  const n = Math.min(r.linkCount, dFlow.length);
  for (let i = 0; i < n; i++) {
    const d = dFlow[i] as number;
    if (!Number.isFinite(d) || Math.abs(d) < WHATIF_MIN_DELTA_VPH) continue;
    whatIfDeltaColor(d, rgb);
    out.push({
      link: i,
      path: ll.subarray((r.geomStart[i] as number) * 2, (r.geomStart[i + 1] as number) * 2),
      color: [rgb[0] as number, rgb[1] as number, rgb[2] as number, 235],
      widthPixels: whatIfWidthPixels(d),
    });
  }
  out.sort((a, b) => Math.abs(dFlow[a.link] as number) - Math.abs(dFlow[b.link] as number));
  dataCache.set(result, out);
  return out;
}

/**
 * The what-if layer for the map, or null when there is no finished result. `visible` toggles it without rebuilding
 * (deck.gl: keep data identity, flip `visible`).
 */
export function whatIfLayer(model: CityModel, run: WhatIfRun, visible: boolean): Layer | null {
  if (run.phase !== 'done') return null;
  const data = changedLinks(model, run.result);
  return new PathLayer<ChangedLink>({
    id: 'whatif-links',
    data,
    getPath: (d) => d.path as unknown as [number, number][],
    positionFormat: 'XY',
    getColor: (d) => d.color,
    getWidth: (d) => d.widthPixels,
    widthUnits: 'pixels',
    capRounded: true,
    jointRounded: true,
    pickable: false,
    visible,
  }) as unknown as Layer;
}
