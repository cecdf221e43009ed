/**
 * How the live grid is drawn, shared by the map layers, the legend and the hover tooltip: loading bands of lines, sections and
 * transformers, symbol sizes by power, storage colours and the state-of-charge ring, the flow-dot animation
 * parameters, the alarm marks and the tooltip text (energyTooltipText). No deck.gl: the 3D view may use it too.
 *
 * Loading bands. Chinese distribution practice grades equipment loading as heavy (重载) from 80 % of rating and
 * overloaded (过载) above 100 % — the thresholds of State Grid's heavy/overload monitoring of distribution lines and
 * transformers, and the 100 % limit behind the model's overload alarms (energySim.ts). The planning guide Q/GDW
 * 1738-2012 (配电网规划设计技术导则) limits the normal loading of a 10 kV line in a two-feeder loop (单环网 / 手拉手)
 * to 50 % so that either feeder can take the other's load after a fault (N-1); below 50 % a line therefore still
 * has that transfer margin. Hence four bands: < 50 % light (N-1 margin), 50–80 % normal, 80–100 % heavy, > 100 %
 * overload; no value (no state yet, or a de-energised element) is grey.
 */
import { NO_DATA, type Rgb } from '../../app/palette.ts';
import type { CityModel } from '../../core/scene/types.ts';
import type { CityGridModel } from '../../core/energy/city/gridModel.ts';
import type { EnergyAssetKind } from '../../core/protocol/energyMessages.ts';
import { energyAssetCount, energyAssetName } from '../../core/energy/city/assetPosition.ts';
import type { HotEnergy } from '../../feed/hotEnergy.ts';
import type { Lang } from '../../state/uiSlice.ts';
import { dict } from '../../app/i18n.ts';
import { fmt } from '../../app/format.ts';

/** A loading band: loadings in [minPct, next band's minPct). */
export interface LoadingBand {
  readonly minPct: number;
  readonly color: Rgb;
  /** Dictionary key of the band's name (src/app/i18n/energyMap.ts). */
  readonly label: 'gridBandLight' | 'gridBandNormal' | 'gridBandHeavy' | 'gridBandOverload';
}

/** The four loading bands, lightest first. */
export const LOADING_BANDS: readonly LoadingBand[] = [
  { minPct: 0, color: [40, 210, 110], label: 'gridBandLight' },
  { minPct: 50, color: [235, 215, 60], label: 'gridBandNormal' },
  { minPct: 80, color: [255, 140, 30], label: 'gridBandHeavy' },
  { minPct: 100, color: [240, 40, 50], label: 'gridBandOverload' },
];

/** Colour of an element with no loading (no state yet, de-energised). */
export const NO_LOADING_COLOR: Rgb = NO_DATA;

/**
 * Index into LOADING_BANDS of a loading in % (−1: no data). Edges belong to the band above: exactly 80 % is heavy,
 * exactly 100 % is still heavy (an alarm needs > 100 %, energySim.ts `load > 1`).
 */
export function loadingBand(pct: number): number {
  if (!(pct >= 0)) return -1;
  if (pct > 100) return 3;
  if (pct >= 80) return 2;
  if (pct >= 50) return 1;
  return 0;
}

/** Writes the band colour of `pct` (grey when no data) into out[0..2]; returns the band (−1: no data). */
export function loadingColor(pct: number, out: number[] | Uint8Array): number {
  const b = loadingBand(pct);
  const c = b < 0 ? NO_LOADING_COLOR : (LOADING_BANDS[b] as LoadingBand).color;
  out[0] = c[0];
  out[1] = c[1];
  out[2] = c[2];
  return b;
}

/** Line widths at city zoom, pixels: the 110/220 kV lines read as the backbone, 10 kV sections thinner. */
export const HV_LINE_WIDTH_PIXELS = 5;
export const SECTION_WIDTH_PIXELS = 2.5;

/**
 * Proportional symbols: the symbol's AREA is proportional to its power, so radius ∝ √MW (Slocum et al. 2009,
 * "Thematic Cartography and Geovisualization", 3rd ed., ch. 17, mathematical scaling of proportional circles), on a
 * floor of SYMBOL_MIN_RADIUS_PIXELS so a unit at 0 MW (PV at night) stays visible and pickable, and capped at
 * SYMBOL_MAX_RADIUS_PIXELS so the 220 kV import station does not cover its district.
 */
export const SYMBOL_MIN_RADIUS_PIXELS = 3;
export const SYMBOL_MAX_RADIUS_PIXELS = 22;
/** Pixels of radius per √MW. */
export const SYMBOL_PIXELS_PER_SQRT_MW = 1.6;

/** Radius (px) of a symbol for power `mw` (sign ignored; NaN → the floor). */
export function powerRadiusPixels(mw: number): number {
  const a = Math.abs(mw);
  if (!(a > 0)) return SYMBOL_MIN_RADIUS_PIXELS;
  return Math.min(
    SYMBOL_MAX_RADIUS_PIXELS,
    SYMBOL_MIN_RADIUS_PIXELS + SYMBOL_PIXELS_PER_SQRT_MW * Math.sqrt(a),
  );
}

/** Powers shown in the size legend, MW (PV roof, PV plant, storage, substation, import). */
export const POWER_LEGEND_MW: readonly number[] = [0.5, 5, 25, 100];

/** PV symbol colour (the POWER_COLORS pv yellow, so the static and live layers agree). */
export const PV_COLOR: Rgb = [255, 220, 60];
/** Storage colours: discharging (a source, warm), charging (a load, cool), idle. */
export const STORAGE_DISCHARGE_COLOR: Rgb = [255, 110, 200];
export const STORAGE_CHARGE_COLOR: Rgb = [60, 170, 255];
export const STORAGE_IDLE_COLOR: Rgb = [150, 160, 175];
/** Below this |MW| a storage unit counts as idle (a dispatch of less than 10 kW is numerical noise). */
export const STORAGE_IDLE_MW = 0.01;

/** Smallest storage symbol, pixels: room inside the SoC ring even when the unit is idle. */
export const STORAGE_MIN_RADIUS_PIXELS = 7;

/** Storage colour for power `mw` (> 0 discharging, protocol energyState). */
export function storageColor(mw: number): Rgb {
  if (!(Math.abs(mw) >= STORAGE_IDLE_MW)) return STORAGE_IDLE_COLOR;
  return mw > 0 ? STORAGE_DISCHARGE_COLOR : STORAGE_CHARGE_COLOR;
}

/** State-of-charge ring: colour of the charged arc and of the empty track. */
export const SOC_RING_COLOR: Rgb = [120, 255, 170];
export const SOC_TRACK_COLOR: Rgb = [40, 52, 70];
/** Ring radius = symbol radius + this gap, pixels; ring line width, pixels. */
export const SOC_RING_GAP_PIXELS = 3;
export const SOC_RING_WIDTH_PIXELS = 3;
/** Vertices of every SoC arc (fixed, so the binary path layout never changes; 32 chords of ≤ 11.25°). */
export const SOC_ARC_VERTICES = 33;

/**
 * Writes the SoC arc of a ring centred at (cx, cy) with radius r into out[o..o + 2·SOC_ARC_VERTICES): starting at
 * north (12 o'clock) and running clockwise through socPct/100 of a full turn, evenly spaced. Works in any planar
 * east-north frame (metres, or lon/lat offsets with rx ≠ ry for the degree scale): x = cx + rx·sin θ,
 * y = cy + ry·cos θ. NaN or ≤ 0 % collapses the arc onto its start (drawn as nothing); > 100 % is a full ring.
 */
export function socArc(
  cx: number,
  cy: number,
  rx: number,
  ry: number,
  socPct: number,
  out: Float64Array | Float32Array,
  o = 0,
): void {
  const share = socPct > 0 ? Math.min(1, socPct / 100) : 0;
  const span = 2 * Math.PI * share;
  for (let k = 0; k < SOC_ARC_VERTICES; k++) {
    const th = (span * k) / (SOC_ARC_VERTICES - 1);
    out[o + 2 * k] = cx + rx * Math.sin(th);
    out[o + 2 * k + 1] = cy + ry * Math.cos(th);
  }
}

/** Equatorial radius of the spherical Web Mercator earth, m (EPSG:3857). */
export const EARTH_RADIUS_M = 6378137;

/**
 * Ground metres per CSS pixel of a maplibre map at `zoom` and latitude `latDeg`: 2πR·cos φ / (512·2^zoom) (Web
 * Mercator with maplibre's 512-pixel world at zoom 0).
 */
export function metersPerPixel(zoom: number, latDeg: number): number {
  return (2 * Math.PI * EARTH_RADIUS_M * Math.cos((latDeg * Math.PI) / 180)) / (512 * 2 ** zoom);
}

/** Flow dots: spacing along a line, pixels, and the most dots on one element (long HV lines zoomed in). */
export const FLOW_DOT_SPACING_PIXELS = 36;
export const FLOW_DOTS_MAX_PER_ELEMENT = 64;
/** Below this |MW| an element shows no flow dots (no meaningful direction). */
export const FLOW_MIN_MW = 0.005;
/** Dot speed range, pixels per second, and the flow at which it is fastest, MW. */
export const FLOW_SPEED_MIN_PPS = 12;
export const FLOW_SPEED_MAX_PPS = 60;
export const FLOW_SPEED_REF_MW = 100;
/** Dot colours: with the line's direction of reference (downstream / from → to) and against it (reverse flow). */
export const FLOW_FORWARD_COLOR: Rgb = [225, 245, 255];
export const FLOW_REVERSE_COLOR: Rgb = [255, 200, 40];

/**
 * Dot speed (px/s) of a flow of `mw`: logarithmic in |MW| from FLOW_SPEED_MIN_PPS (→ 0 MW) to FLOW_SPEED_MAX_PPS at
 * FLOW_SPEED_REF_MW and above, so a 0.5 MW lateral and a 100 MW line both move visibly and in order.
 */
export function flowSpeedPixelsPerS(mw: number): number {
  const a = Math.abs(mw);
  if (!(a > 0)) return FLOW_SPEED_MIN_PPS;
  const u = Math.min(1, Math.log10(1 + a) / Math.log10(1 + FLOW_SPEED_REF_MW));
  return FLOW_SPEED_MIN_PPS + (FLOW_SPEED_MAX_PPS - FLOW_SPEED_MIN_PPS) * u;
}

/** Number of flow dots on an element `lengthPixels` long on screen (0 when shorter than a quarter spacing). */
export function flowDotCount(lengthPixels: number): number {
  if (!(lengthPixels >= FLOW_DOT_SPACING_PIXELS / 4)) return 0;
  return Math.min(FLOW_DOTS_MAX_PER_ELEMENT, Math.max(1, Math.floor(lengthPixels / FLOW_DOT_SPACING_PIXELS)));
}

/**
 * Where dot k of n sits along its element at time `timeS`, as a share of the element's length from its reference
 * start (upstream end / hvFrom): dots are evenly spaced and advance by speed/spacing of a spacing per second, wrapping
 * at the end; with a negative flow they run from the far end back.
 */
export function flowDotShare(k: number, n: number, timeS: number, speedPps: number, flowMw: number): number {
  const cycles = (timeS * speedPps) / FLOW_DOT_SPACING_PIXELS;
  const phase = cycles - Math.floor(cycles);
  const f = (k + phase) / n;
  return flowMw < 0 ? 1 - f : f;
}

/** Alarm mark families: overloads (lines, sections, transformers, import), voltage limits, load shedding. */
export const AlarmMark = { overload: 0, voltage: 1, shed: 2 } as const;
export type AlarmMark = (typeof AlarmMark)[keyof typeof AlarmMark];
/** Mark colours: overload red (filled, pulsing), voltage magenta-red (hollow ring, pulsing), shed dark red. */
export const ALARM_MARK_COLORS: readonly Rgb[] = [
  [255, 40, 40],
  [255, 60, 170],
  [200, 20, 20],
];
/** Mark radius, pixels (before the pulse) and the pulse: period, s, and the largest extra scale. */
export const ALARM_RADIUS_PIXELS = 12;
export const ALARM_PULSE_PERIOD_S = 1.2;
export const ALARM_PULSE_GAIN = 0.6;

/** Radius scale of the pulsing alarm marks at `timeS`: 1 … 1 + ALARM_PULSE_GAIN, a raised cosine. */
export function alarmPulseScale(timeS: number): number {
  const u = timeS / ALARM_PULSE_PERIOD_S;
  return 1 + ALARM_PULSE_GAIN * 0.5 * (1 - Math.cos(2 * Math.PI * (u - Math.floor(u))));
}

/**
 * One-line hover text of an energy element: kind · name · live value(s) with units (loading %, MW with direction,
 * SoC %, voltage p.u.); the name only before the first state.
 */
export function energyTooltipText(
  city: CityModel,
  g: CityGridModel,
  hot: HotEnergy,
  asset: EnergyAssetKind,
  index: number,
  lang: Lang,
): string | null {
  if (!(index >= 0 && index < energyAssetCount(g, asset))) return null;
  const t = dict(lang);
  const c = hot.columns;
  const head = `${t.energyAssetKind(asset)} · ${energyAssetName(city, g, asset, index)}`;
  const parts: string[] = [];
  const pct = (v: number) => `${t.gridTipLoading} ${fmt(v, 1)} %`;
  const mw = (v: number) => `${fmt(v, 2)} MW`;
  const at = (a: Float32Array, i: number) => (i < a.length ? (a[i] as number) : Number.NaN);
  switch (asset) {
    case 'bus': {
      const f = at(c.sectionFlowMw, index);
      parts.push(pct(at(c.sectionLoadingPct, index)), `${mw(f)}${f < 0 ? ` (${t.gridTipReverse})` : ''}`);
      parts.push(`${fmt(at(c.busVoltagePu, index), 3)} p.u.`);
      break;
    }
    case 'hvLine': {
      const f = at(c.hvLineFlowMw, index);
      parts.push(pct(at(c.hvLineLoadingPct, index)), `${mw(Math.abs(f))} ${f < 0 ? '←' : '→'}`);
      break;
    }
    case 'station':
      parts.push(
        `${t.gridTipTransformer} ${fmt(at(c.stationLoadingPct, index), 1)} %`,
        mw(at(c.stationLoadMw, index)),
      );
      break;
    case 'feeder':
      parts.push(mw(at(c.feederHeadMw, index)));
      break;
    case 'storage': {
      const p = at(c.storageMw, index);
      const state =
        Math.abs(p) < 0.01 ? t.gridStorageIdle : p > 0 ? t.gridStorageDischarging : t.gridStorageCharging;
      parts.push(`SoC ${fmt(at(c.storageSocPct, index), 0)} %`, `${state} ${mw(Math.abs(p))}`);
      break;
    }
    case 'pv':
      parts.push(mw(at(c.pvUnitMw, index)));
      break;
  }
  return hot.version > 0 ? `${head} · ${parts.join(' · ')}` : head;
}
