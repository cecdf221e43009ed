/**
 * Ready signal and test API (STYLE.md: tests wait for the app's own ready event). Each canvas reports when it has
 * drawn its first city frame; once both have, `citybrain:ready` fires on window (once per page). With `?test=1`
 * (or a Vite test build) `window.__citybrain` exposes the store, the hot buffers, the model and screen positions
 * of buildings for end-to-end clicks.
 */
import type { AppStore } from '../state/store.ts';
import type { HotBuffers } from '../feed/hotBuffers.ts';
import { hotTraffic, hotVehicles, type HotTraffic, type HotVehicles } from '../feed/hotTraffic.ts';
import type { CityModel } from '../core/scene/types.ts';
import { hotEnergy, type HotEnergy } from '../feed/hotEnergy.ts';
import { hotHazard, type HotHazard } from '../feed/hotHazard.ts';
import type { CityGridModel } from '../core/energy/city/gridModel.ts';
import { getGridModel } from './gridHolder.ts';
import type { Selection } from '../state/selectionSlice.ts';

export type ViewId = 'map' | 'three';
/** Client (page) pixel position of building i's roof centroid in a view, or null when not on screen. */
export type BuildingProjector = (index: number) => [number, number] | null;

/** Client (page) pixel position of a selection's anchor in a view (link: its midpoint), or null when off screen. */
export type SelectionProjector = (sel: Selection) => [number, number] | null;

const ready: Record<ViewId, boolean> = { map: false, three: false };
const projectors: Partial<Record<ViewId, BuildingProjector>> = {};
const selProjectors: Partial<Record<ViewId, SelectionProjector>> = {};
let fired = false;

/** A view reports that it has drawn its first frame with the city in it. */
export function markReady(view: ViewId): void {
  if (ready[view]) return;
  markStage(`ready:${view}`);
  ready[view] = true;
  if (!fired && ready.map && ready.three) {
    fired = true;
    window.dispatchEvent(new Event('citybrain:ready'));
    for (const cb of readyWaiters.splice(0)) cb();
  }
}

const readyWaiters: (() => void)[] = [];

/**
 * Calls `cb` once both views have drawn their first city frame (at once if they already have), or after
 * `fallbackMs` whatever happens (a layout without one of the views). Views add their overlays here so the overlays'
 * shader compiles do not compete with the other view's first frame. Returns a cancel function.
 */
export function whenAppReady(cb: () => void, fallbackMs = 4000): () => void {
  let done = false;
  const run = (): void => {
    if (done) return;
    done = true;
    window.clearTimeout(timer);
    cb();
  };
  const timer = window.setTimeout(run, fallbackMs);
  if (fired) run();
  else readyWaiters.push(run);
  return () => {
    done = true;
    window.clearTimeout(timer);
  };
}

/** A view registers (or, with null, removes) its building projector. */
export function registerProjector(view: ViewId, fn: BuildingProjector | null): void {
  if (fn) projectors[view] = fn;
  else delete projectors[view];
}

/** Stage marks are performance marks named `cb:<stage>`; these are timed elsewhere (workers) and added here. */
const extraTimings: Record<string, number> = {};

/** Marks a startup stage (performance.mark `cb:<stage>`); the test API lists them as ms since navigation. */
export function markStage(stage: string): void {
  performance.mark(`cb:${stage}`);
}

/** Records a duration measured elsewhere (e.g. inside a worker), in ms, under `name`. */
export function recordTiming(name: string, ms: number): void {
  extraTimings[name] = ms;
}

/** Startup timings: every `cb:` mark (ms since navigation start) plus the recorded durations. */
export function startupTimings(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of performance.getEntriesByType('mark'))
    if (m.name.startsWith('cb:') && !(m.name.slice(3) in out)) out[m.name.slice(3)] = m.startTime;
  return { ...out, ...extraTimings };
}

/** A view registers (or, with null, removes) its projector for sensors, power assets, POIs and links. */
export function registerSelectionProjector(view: ViewId, fn: SelectionProjector | null): void {
  if (fn) selProjectors[view] = fn;
  else delete selProjectors[view];
}

/**
 * What a view reports about its live traffic drawing (vehicle frames drawn, animation time, vehicles on screen);
 * given a road link index, also the colour the view uploaded for that link.
 */
export type TrafficProbe = (link?: number) => Readonly<Record<string, number>>;
const trafficProbes: Partial<Record<ViewId, TrafficProbe>> = {};

/** A view registers (or, with null, removes) its traffic probe for the test API and the vehicle bench. */
export function registerTrafficProbe(view: ViewId, fn: TrafficProbe | null): void {
  if (fn) trafficProbes[view] = fn;
  else delete trafficProbes[view];
}

/** What a view reports about its energy drawing (see CitybrainTestApi.energyProbe). */
export type EnergyProbe = (index?: number) => Readonly<Record<string, number>>;
const energyProbes: Partial<Record<ViewId, EnergyProbe>> = {};

/** A view registers (or, with null, removes) its energy probe for the test API. */
export function registerEnergyProbe(view: ViewId, fn: EnergyProbe | null): void {
  if (fn) energyProbes[view] = fn;
  else delete energyProbes[view];
}

/** What a view reports about its work-order drawing (see CitybrainTestApi.workloadProbe). */
export type WorkloadProbe = (orderId?: string) => Readonly<Record<string, number>>;
const workloadProbes: Partial<Record<ViewId, WorkloadProbe>> = {};

/** A view registers (or, with null, removes) its work-order probe for the test API. */
export function registerWorkloadProbe(view: ViewId, fn: WorkloadProbe | null): void {
  if (fn) workloadProbes[view] = fn;
  else delete workloadProbes[view];
}

/** A view's resilience drawing state for the test API. */
export type HazardProbe = (arg?: number) => Readonly<Record<string, number>> | null;
const hazardProbes: Partial<Record<ViewId, HazardProbe>> = {};

/** A view registers (or, with null, removes) its resilience probe for the test API. */
export function registerHazardProbe(view: ViewId, fn: HazardProbe | null): void {
  if (fn) hazardProbes[view] = fn;
  else delete hazardProbes[view];
}

/** True when the page was opened with ?test=1 or built in test mode. */
export function isTestMode(): boolean {
  return import.meta.env.MODE === 'test' || new URLSearchParams(window.location.search).get('test') === '1';
}

/** The API on window.__citybrain. */
export interface CitybrainTestApi {
  readonly store: AppStore;
  readonly hot: HotBuffers;
  getModel(): CityModel | null;
  readonly ready: Readonly<Record<ViewId, boolean>>;
  /** Startup stage timings (see startupTimings). */
  readonly timings: Readonly<Record<string, number>>;
  pickBuildingScreenPos(index: number): { map: [number, number] | null; three: [number, number] | null };
  /** Page pixels of a sensor/power/POI/link (link: midpoint of its own carriageway) in each view. */
  screenPosOf(sel: Selection): { map: [number, number] | null; three: [number, number] | null };
  /** Live traffic buffers (src/feed/hotTraffic.ts). */
  readonly hotTraffic: HotTraffic;
  readonly hotVehicles: HotVehicles;
  /** A view's traffic drawing state (null when the view is not mounted). */
  trafficProbe(view: ViewId, link?: number): Readonly<Record<string, number>> | null;
  /** Live energy buffers (src/feed/hotEnergy.ts) and the client's grid model (src/app/gridHolder.ts). */
  readonly hotEnergy: HotEnergy;
  getGridModel(): CityGridModel | null;
  /** A view's energy drawing state (null when the view is not mounted), e.g. what it drew for element `index`. */
  energyProbe(view: ViewId, index?: number): Readonly<Record<string, number>> | null;
  /**
   * A view's work-order drawing (null when not mounted): counts drawn, the woVersion drawn, and for `orderId` its
   * drawn colour (r, g, b), stage index, halo and pulse flags (1/0) and page pixels (px, py).
   */
  workloadProbe(view: ViewId, orderId?: string): Readonly<Record<string, number>> | null;
  /** The flood depth grid (src/feed/hotHazard.ts). */
  readonly hotHazard: HotHazard;
  /**
   * A view's resilience drawing (null when not mounted): e.g. the flood frame version drawn, wet cells drawn, the
   * colour drawn at a cell, routes/shelters/damaged buildings drawn (each view documents its keys).
   */
  hazardProbe(view: ViewId, arg?: number): Readonly<Record<string, number>> | null;
}

declare global {
  interface Window {
    __citybrain?: CitybrainTestApi;
  }
}

/** Installs window.__citybrain (test mode only). */
export function installTestHooks(store: AppStore, hot: HotBuffers, getModel: () => CityModel | null): void {
  if (!isTestMode()) return;
  window.__citybrain = {
    store,
    hot,
    getModel,
    ready,
    get timings() {
      return startupTimings();
    },
    pickBuildingScreenPos: (index) => ({
      map: projectors.map?.(index) ?? null,
      three: projectors.three?.(index) ?? null,
    }),
    screenPosOf: (sel) =>
      sel.kind === 'building'
        ? { map: projectors.map?.(sel.index) ?? null, three: projectors.three?.(sel.index) ?? null }
        : { map: selProjectors.map?.(sel) ?? null, three: selProjectors.three?.(sel) ?? null },
    hotTraffic,
    hotVehicles,
    trafficProbe: (view, link) => trafficProbes[view]?.(link) ?? null,
    hotEnergy,
    getGridModel,
    energyProbe: (view, index) => energyProbes[view]?.(index) ?? null,
    workloadProbe: (view, id) => workloadProbes[view]?.(id) ?? null,
    hotHazard,
    hazardProbe: (view, arg) => hazardProbes[view]?.(arg) ?? null,
  };
}
