/**
 * Work orders on the map (一网统管, issue 6): open orders as dots coloured by stage (workloadStyle.ts STAGE_COLORS),
 * a red halo ring round the overdue ones, an expanding ring pulsing on new ones, grid cells tinted by open workload,
 * and department field units driving from their bases to the jobs (with a faint line of the remaining route).
 *
 * Data flow (DESIGN.md rule 3): `sync` rebuilds the frame from the store only when woVersion changed or a wall second
 * passed (SLA status moves with the sim clock): new binary attributes then (≤ 1 Hz). Per frame, `animate` writes the
 * units' positions into the other of two preallocated Float32 buffers (deck re-uploads a binary attribute when its
 * descriptor changes: ping-pong uploads with no allocation), and the pulse is two uniforms (radiusScale, opacity).
 * Positions are lon/lat offsets from the scene origin (LNGLAT_OFFSETS): the scene's local frame is equirectangular
 * (core/geo/projection.ts), so an offset is x / mPerDegLon, y / mPerDegLat exactly.
 */
import { LineLayer, ScatterplotLayer, SolidPolygonLayer } from '@deck.gl/layers';
import { COORDINATE_SYSTEM, type Layer } from '@deck.gl/core';
import type { CityModel } from '../../core/scene/types.ts';
import { createLocalFrame, lonLat } from '../../core/geo/projection.ts';
import type { WorkOrder } from '../../core/workload/types.ts';
import type { Selection } from '../../state/selectionSlice.ts';
import { HIGHLIGHT } from '../../app/palette.ts';
import { toLonLat } from './mapStyle.ts';
import {
  HALO_RADIUS_PIXELS,
  HALO_WIDTH_PIXELS,
  HEAT_ALPHA,
  HEAT_BANDS,
  ORDER_RADIUS_PIXELS,
  OVERDUE_COLOR,
  STAGE_COLORS,
  UNIT_COLOR,
  buildWorkloadFrame,
  departmentBases,
  fieldUnitPositions,
  heatBand,
  pulseScale,
  type DepartmentBases,
  type WorkloadFrame,
} from './workloadStyle.ts';

/** deck layer ids of the work-order layers (picking maps 'wo-orders' back to the order). */
export const WO_LAYER = {
  heat: 'wo-heat',
  routes: 'wo-routes',
  units: 'wo-units',
  halo: 'wo-halo',
  pulse: 'wo-pulse',
  orders: 'wo-orders',
} as const;

/** Which work-order layers are on (store layer toggles). */
export interface WorkloadVisibility {
  readonly workOrders: boolean;
  readonly workloadHeat: boolean;
  readonly fieldUnits: boolean;
}

/** The frame is rebuilt at least this often (wall ms) so overdue halos and the pulse set follow the sim clock. */
export const SLA_REFRESH_MS = 1000;

interface Points {
  length: number;
  attributes: {
    getPosition: { value: Float32Array; size: 2 };
    getFillColor?: { value: Uint8Array; size: 4 };
  };
}

/** One grid cell polygon of the heat layer (outer ring, lon/lat). */
interface HeatCell {
  readonly zone: number;
  readonly polygon: readonly (readonly [number, number])[];
}

/** Timing of the map's work-order work (benchmarks and the test probe). */
export interface WorkloadMapStats {
  builds: number;
  lastBuildMs: number;
  maxBuildMs: number;
  frames: number;
  lastFrameMs: number;
  totalFrameMs: number;
  maxFrameMs: number;
}

/** True when two index lists are equal. */
function sameIndices(a: Uint32Array, b: Uint32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The work orders of one model on the map. */
export class WorkloadMap {
  readonly bases: DepartmentBases;
  frame: WorkloadFrame;
  readonly stats: WorkloadMapStats = {
    builds: 0,
    lastBuildMs: 0,
    maxBuildMs: 0,
    frames: 0,
    lastFrameMs: 0,
    totalFrameMs: 0,
    maxFrameMs: 0,
  };
  private readonly degPerMX: number;
  private readonly degPerMY: number;
  private readonly origin: [number, number, number];
  private readonly cells: HeatCell[];
  private orders: Points = {
    length: 0,
    attributes: { getPosition: { value: new Float32Array(0), size: 2 } },
  };
  private halo: Points = { length: 0, attributes: { getPosition: { value: new Float32Array(0), size: 2 } } };
  private pulse: Points = { length: 0, attributes: { getPosition: { value: new Float32Array(0), size: 2 } } };
  private unitBuf: [Float32Array, Float32Array] = [new Float32Array(0), new Float32Array(0)];
  private unitLocal = new Float32Array(0);
  private unitFlip = 0;
  private units: Points = { length: 0, attributes: { getPosition: { value: new Float32Array(0), size: 2 } } };
  private routes: {
    length: number;
    attributes: {
      getSourcePosition: { value: Float32Array; size: 2 };
      getTargetPosition: { value: Float32Array; size: 2 };
    };
  } = {
    length: 0,
    attributes: {
      getSourcePosition: { value: new Float32Array(0), size: 2 },
      getTargetPosition: { value: new Float32Array(0), size: 2 },
    },
  };
  private lastWallMs = -Infinity;
  /** Units still driving at the last animate (no animation needed when 0). */
  driving = 0;
  private readonly pulseNow = { scale: 1, alpha: 1 };

  constructor(readonly model: CityModel) {
    const frame = createLocalFrame(lonLat(model.meta.origin.lon, model.meta.origin.lat));
    this.degPerMX = 1 / frame.mPerDegLon;
    this.degPerMY = 1 / frame.mPerDegLat;
    this.origin = [model.meta.origin.lon, model.meta.origin.lat, 0];
    this.bases = departmentBases(model);
    this.frame = buildWorkloadFrame(new Map(), -1, 0, model.zones.count, this.bases);
    // Grid cells (zone level 1), outer rings, built once.
    const z = model.zones;
    const ll = toLonLat(model, z.xy);
    this.cells = [];
    for (let i = 0; i < z.count; i++) {
      if (z.level[i] !== 1) continue;
      const r = z.polyStart[i] as number;
      const ring: [number, number][] = [];
      for (let v = z.ringStart[r] as number; v < (z.ringStart[r + 1] as number); v++)
        ring.push([ll[v * 2] as number, ll[v * 2 + 1] as number]);
      this.cells.push({ zone: i, polygon: ring });
    }
  }

  /** Number of grid cells the heat layer draws. */
  get cellCount(): number {
    return this.cells.length;
  }

  /**
   * Rebuilds the frame when `version` changed or SLA_REFRESH_MS of wall time passed; true when what is drawn changed
   * (a new version, or the clock moved an order in or out of overdue / new). `simNowMs`: the interpolated sim clock.
   */
  sync(orders: ReadonlyMap<string, WorkOrder>, version: number, simNowMs: number, wallMs: number): boolean {
    if (version === this.frame.version && wallMs - this.lastWallMs < SLA_REFRESH_MS) return false;
    const t0 = performance.now();
    this.lastWallMs = wallMs;
    const f = buildWorkloadFrame(orders, version, simNowMs, this.model.zones.count, this.bases);
    const old = this.frame;
    // Same orders and the clock moved no flag: keep the uploaded attributes (no redraw, no re-upload).
    if (
      f.version === old.version &&
      sameIndices(f.overdue, old.overdue) &&
      sameIndices(f.fresh, old.fresh) &&
      f.units === old.units
    ) {
      this.noteBuild(t0);
      return false;
    }
    this.frame = f;
    const off = this.offsets(f.xy, f.count);
    this.orders = {
      length: f.count,
      attributes: { getPosition: { value: off, size: 2 }, getFillColor: { value: f.rgba, size: 4 } },
    };
    this.halo = this.subset(off, f.overdue);
    this.pulse = this.subset(off, f.fresh);
    const targets = new Float32Array(f.units * 2);
    for (let u = 0; u < f.units; u++) {
      const k = f.unitOrder[u] as number;
      targets[u * 2] = off[k * 2] as number;
      targets[u * 2 + 1] = off[k * 2 + 1] as number;
    }
    this.unitBuf = [new Float32Array(f.units * 2), new Float32Array(f.units * 2)];
    this.unitLocal = new Float32Array(f.units * 2);
    this.routes = {
      length: f.units,
      attributes: {
        getSourcePosition: { value: this.unitBuf[0], size: 2 },
        getTargetPosition: { value: targets, size: 2 },
      },
    };
    this.animate(simNowMs);
    this.noteBuild(t0);
    return true;
  }

  private noteBuild(t0: number): void {
    const dt = performance.now() - t0;
    this.stats.builds++;
    this.stats.lastBuildMs = dt;
    if (dt > this.stats.maxBuildMs) this.stats.maxBuildMs = dt;
  }

  /** Moves the field units to sim time `simNowMs` (the other ping-pong buffer; no allocation). */
  animate(simNowMs: number): void {
    const t0 = performance.now();
    const f = this.frame;
    this.driving = fieldUnitPositions(f, simNowMs, this.unitLocal);
    this.unitFlip ^= 1;
    const out = this.unitFlip === 0 ? this.unitBuf[0] : this.unitBuf[1];
    for (let u = 0; u < f.units; u++) {
      out[u * 2] = (this.unitLocal[u * 2] as number) * this.degPerMX;
      out[u * 2 + 1] = (this.unitLocal[u * 2 + 1] as number) * this.degPerMY;
    }
    this.units = { length: f.units, attributes: { getPosition: { value: out, size: 2 } } };
    this.routes = {
      length: f.units,
      attributes: {
        getSourcePosition: { value: out, size: 2 },
        getTargetPosition: this.routes.attributes.getTargetPosition,
      },
    };
    const dt = performance.now() - t0;
    this.stats.frames++;
    this.stats.lastFrameMs = dt;
    this.stats.totalFrameMs += dt;
    if (dt > this.stats.maxFrameMs) this.stats.maxFrameMs = dt;
  }

  /** True while something moves (a new order pulses or a unit drives): the map then animates. */
  get moving(): boolean {
    return this.frame.fresh.length > 0 || this.driving > 0;
  }

  /** The deck layers at wall time `wallS` (seconds: the pulse phase). */
  layers(vis: WorkloadVisibility, wallS: number): Layer[] {
    const f = this.frame;
    const p = pulseScale(wallS, this.pulseNow);
    const common = {
      coordinateSystem: COORDINATE_SYSTEM.LNGLAT_OFFSETS,
      coordinateOrigin: this.origin,
      positionFormat: 'XY',
    };
    const heatColor = [0, 0, 0, 0];
    return [
      new SolidPolygonLayer({
        id: WO_LAYER.heat,
        data: this.cells as never,
        getPolygon: (c: HeatCell) => c.polygon,
        getFillColor: (c: HeatCell) => {
          const b = heatBand(f.cellOpen[c.zone] ?? 0);
          if (b < 0) {
            heatColor[3] = 0;
            return heatColor;
          }
          const col = (HEAT_BANDS[b] as { color: readonly number[] }).color;
          heatColor[0] = col[0] as number;
          heatColor[1] = col[1] as number;
          heatColor[2] = col[2] as number;
          heatColor[3] = HEAT_ALPHA;
          return heatColor;
        },
        updateTriggers: { getFillColor: [f.version, f.nowMs] },
        extruded: false,
        filled: true,
        pickable: false,
        visible: vis.workloadHeat,
        beforeId: 'building-footprint',
      } as never),
      new LineLayer({
        id: WO_LAYER.routes,
        ...common,
        data: this.routes as never,
        getColor: [...UNIT_COLOR, 90],
        getWidth: 1.5,
        widthUnits: 'pixels',
        pickable: false,
        visible: vis.fieldUnits,
      } as never),
      new ScatterplotLayer({
        id: WO_LAYER.units,
        ...common,
        data: this.units as never,
        getRadius: 4,
        radiusUnits: 'pixels',
        getFillColor: [...UNIT_COLOR, 255],
        stroked: true,
        getLineColor: [7, 13, 24, 255],
        lineWidthUnits: 'pixels',
        getLineWidth: 1.5,
        pickable: false,
        visible: vis.fieldUnits,
      } as never),
      new ScatterplotLayer({
        id: WO_LAYER.pulse,
        ...common,
        data: this.pulse as never,
        getRadius: HALO_RADIUS_PIXELS,
        radiusUnits: 'pixels',
        // The pulse animates two uniforms only: no attribute is touched per frame.
        radiusScale: p.scale,
        opacity: p.alpha,
        filled: false,
        stroked: true,
        getLineColor: [...STAGE_COLORS.reported, 255],
        lineWidthUnits: 'pixels',
        getLineWidth: 2,
        pickable: false,
        visible: vis.workOrders,
      } as never),
      new ScatterplotLayer({
        id: WO_LAYER.halo,
        ...common,
        data: this.halo as never,
        getRadius: HALO_RADIUS_PIXELS,
        radiusUnits: 'pixels',
        getFillColor: [...OVERDUE_COLOR, 70],
        stroked: true,
        getLineColor: [...OVERDUE_COLOR, 255],
        lineWidthUnits: 'pixels',
        getLineWidth: HALO_WIDTH_PIXELS,
        pickable: false,
        visible: vis.workOrders,
      } as never),
      new ScatterplotLayer({
        id: WO_LAYER.orders,
        ...common,
        data: this.orders as never,
        getRadius: ORDER_RADIUS_PIXELS,
        radiusUnits: 'pixels',
        stroked: true,
        getLineColor: [7, 13, 24, 255],
        lineWidthUnits: 'pixels',
        getLineWidth: 1.5,
        pickable: true,
        autoHighlight: true,
        highlightColor: [...HIGHLIGHT, 255],
        visible: vis.workOrders,
      } as never),
    ];
  }

  /** The selection of a pick on one of the work-order layers, or null. */
  selectionOf(layerId: string, index: number): Selection | null {
    if (layerId !== WO_LAYER.orders) return null;
    const id = this.frame.ids[index];
    return id === undefined ? null : { kind: 'workOrder', id };
  }

  private offsets(xy: Float32Array, n: number): Float32Array {
    const out = new Float32Array(n * 2);
    for (let k = 0; k < n; k++) {
      out[k * 2] = (xy[k * 2] as number) * this.degPerMX;
      out[k * 2 + 1] = (xy[k * 2 + 1] as number) * this.degPerMY;
    }
    return out;
  }

  private subset(off: Float32Array, idx: Uint32Array): Points {
    const v = new Float32Array(idx.length * 2);
    for (let j = 0; j < idx.length; j++) {
      const k = idx[j] as number;
      v[j * 2] = off[k * 2] as number;
      v[j * 2 + 1] = off[k * 2 + 1] as number;
    }
    return { length: idx.length, attributes: { getPosition: { value: v, size: 2 } } };
  }
}
