/**
 * How live traffic is drawn, shared by the map, the 3D view and the legend: four congestion bands of the speed ratio
 * (live speed ÷ free-flow speed) and the line width by flow.
 *
 * Bands. GB/T 33171-2016 《城市交通运行状况评价规范》 grades a road segment by its average travel speed per road class
 * into five levels (畅通 / 基本畅通 / 轻度拥堵 / 中度拥堵 / 严重拥堵); for arterials (主干路) the edges are 40, 30, 20
 * and 15 km/h, for expressways (快速路) 65, 50, 35 and 20 km/h. Divided by typical free-flow speeds (arterial 50–60,
 * expressway 80 km/h) these sit near 0.8, 0.6, 0.4 and 0.25 of free flow. A control-room map reads best with the
 * four colours of Chinese navigation maps (green 畅通, yellow 缓行, red 拥堵, dark red 严重拥堵), so we merge 畅通 and
 * 基本畅通 and round the edges to quarters: ≥ 0.75 free, 0.5–0.75 slow, 0.25–0.5 congested, < 0.25 jammed. The
 * ratio (not absolute km/h) keeps one legend for every road class; the band colours are the SPEED_RATIO_STOPS of
 * the sensor ramp (palette.ts), so a loop detector and its link agree.
 *
 * Width. Line width grows with flow: 1.5 px at no flow to 9 px at 3,600 veh/h (two saturated lanes at ~1,800
 * veh/h/lane, the HCM 2016 base saturation flow of 1,900 pc/h/ln less heavy-vehicle and lane-width losses).
 */
import { SPEED_RATIO_STOPS, type Rgb } from '../../app/palette.ts';

/** A congestion band: speed ratios in [minRatio, next band's minRatio). */
export interface CongestionBand {
  readonly minRatio: number;
  readonly color: Rgb;
  /** Dictionary key of the band's name. */
  readonly label: 'trafficBandFree' | 'trafficBandSlow' | 'trafficBandCongested' | 'trafficBandJammed';
}

const stop = (i: number): Rgb => (SPEED_RATIO_STOPS[i] as (typeof SPEED_RATIO_STOPS)[number]).color;

/** The four bands, fastest first. */
export const CONGESTION_BANDS: readonly CongestionBand[] = [
  { minRatio: 0.75, color: stop(4), label: 'trafficBandFree' },
  { minRatio: 0.5, color: stop(2), label: 'trafficBandSlow' },
  { minRatio: 0.25, color: stop(1), label: 'trafficBandCongested' },
  { minRatio: 0, color: stop(0), label: 'trafficBandJammed' },
];

/** Index into CONGESTION_BANDS of a speed ratio (NaN → -1: no data). */
export function congestionBand(ratio: number): number {
  if (!(ratio >= 0) && !(ratio < 0)) return -1;
  for (let b = 0; b < CONGESTION_BANDS.length - 1; b++)
    if (ratio >= (CONGESTION_BANDS[b] as CongestionBand).minRatio) return b;
  return CONGESTION_BANDS.length - 1;
}

/** Writes the band colour of `ratio` into out[0..2]; returns false (out untouched) when there is no data. */
export function congestionColor(ratio: number, out: number[] | Uint8Array | Float32Array): boolean {
  const b = congestionBand(ratio);
  if (b < 0) return false;
  const c = (CONGESTION_BANDS[b] as CongestionBand).color;
  out[0] = c[0];
  out[1] = c[1];
  out[2] = c[2];
  return true;
}

/** Flow at which the line reaches its widest, veh/h. */
export const FLOW_WIDTH_MAX_VPH = 3600;
/** Width range of traffic lines, pixels. */
export const FLOW_WIDTH_MIN_PIXELS = 1.5;
export const FLOW_WIDTH_MAX_PIXELS = 9;

/** Line width (px) of a link carrying `flowVph` (NaN → the minimum). */
export function flowWidthPixels(flowVph: number): number {
  if (!(flowVph > 0)) return FLOW_WIDTH_MIN_PIXELS;
  const u = Math.min(1, flowVph / FLOW_WIDTH_MAX_VPH);
  return FLOW_WIDTH_MIN_PIXELS + (FLOW_WIDTH_MAX_PIXELS - FLOW_WIDTH_MIN_PIXELS) * u;
}

/**
 * Multiplier of the traffic line widths at map zoom `zoom`: 1 up to zoom 15 (a district), doubling per level to 4×
 * at zoom 17, so a line keeps roughly the proportion of its carriageway on the basemap (widths there double per
 * level, mapStyle.ts).
 */
export function trafficWidthScale(zoom: number): number {
  return Math.min(4, Math.max(1, 2 ** (zoom - 15)));
}

/** Flows shown in the width legend, veh/h. */
export const FLOW_LEGEND_VPH: readonly number[] = [300, 1200, 2400, 3600];

/** Colour of animated vehicles on the map (a cool white: reads over every band colour and the dark basemap). */
export const VEHICLE_TRAIL_COLOR: Rgb = [215, 240, 255];
/** Trail length of map vehicles, sim seconds (≈ 400 m at 50 km/h: a comet, not a line). */
export const VEHICLE_TRAIL_S = 30;
/** Signal marker colour (map, legend). */
export const SIGNAL_COLOR: Rgb = [255, 236, 160];

/** Node indices of the signalised intersections (roads.nodeSignal = 1). */
export function signalNodes(nodeSignal: Uint8Array): Uint32Array {
  let n = 0;
  for (let i = 0; i < nodeSignal.length; i++) if (nodeSignal[i] === 1) n++;
  const out = new Uint32Array(n);
  n = 0;
  for (let i = 0; i < nodeSignal.length; i++) if (nodeSignal[i] === 1) out[n++] = i;
  return out;
}
