/**
 * The energy grid in the 3D twin (源网荷储, issue 4), drawn from the client's grid model (src/app/gridHolder.ts) and
 * the live energy state (src/feed/hotEnergy.ts):
 * - substations: a fenced yard (sized by transformer rating; the import point tinted apart) with transformer boxes
 *   in the loading-band colour and a ground glow that brightens with loading (pulsing when overloaded);
 * - battery storage: a container block (sized by MWh) tinted by charging / discharging / idle, with an SoC gauge;
 * - PV: panel rows on the roof of the building a unit sits on, a ground panel field for standalone plants, blue
 *   brightening with output ÷ rating;
 * - HV lines (along the scene's line geometry) and 10 kV feeder sections as screen-width lines with an additive glow
 *   by loading band (red above 100 %).
 * One InstancedMesh per object type; instance colours and matrices are rewritten only when hotEnergy.version, the
 * layer toggles or the zoom factor change; the overload pulse touches one material uniform per frame. No allocation
 * per frame. Layers: 'grid' (lines), 'energyAssets' (stations, storage, PV).
 */
import { appendKey } from './keyStack.ts';
import { useEffect, useMemo, useRef, type MutableRefObject } from 'react';
import { useFrame, useThree } from '@react-three/fiber';
import * as THREE from 'three';
import { mergeGeometries } from 'three/examples/jsm/utils/BufferGeometryUtils.js';
import { LineSegments2 } from 'three/examples/jsm/lines/LineSegments2.js';
import { LineSegmentsGeometry } from 'three/examples/jsm/lines/LineSegmentsGeometry.js';
import { LineMaterial } from 'three/examples/jsm/lines/LineMaterial.js';
import type { CityModel } from '../../core/scene/types.ts';
import { StationKind, type CityGridModel } from '../../core/energy/city/gridModel.ts';
import { energyAssetXY } from '../../core/energy/city/assetPosition.ts';
import type { EnergyAssetKind } from '../../core/protocol/energyMessages.ts';
import { getGridModel } from '../../app/gridHolder.ts';
import { hotEnergy } from '../../feed/hotEnergy.ts';
import { appStore, useAppStore } from '../../state/store.ts';
import type { Selection } from '../../state/selectionSlice.ts';
import { registerEnergyProbe } from '../../app/testHooks.ts';
import { dict } from '../../app/i18n.ts';
import { css, type Rgb } from '../../app/palette.ts';
import { renderProfile } from '../renderProfile.ts';
import { markerScale } from './Markers.tsx';
import { sampleTerrain } from './sceneGeometry.ts';
import {
  PV_BRIGHT,
  PV_DARK,
  buildFeederSegments,
  buildHvSegments,
  loadingGlow,
  matchPvToBuildings,
  paintLineColors,
  pvColor,
  pvFieldSideM,
  pvUnitXY,
  roofPanel,
  socFill,
  stationYardSideM,
  storageBlockSideM,
} from './energyObjects.ts';
import {
  LOADING_BANDS,
  SOC_RING_COLOR,
  SOC_TRACK_COLOR,
  STORAGE_CHARGE_COLOR,
  STORAGE_DISCHARGE_COLOR,
  STORAGE_IDLE_COLOR,
  loadingColor,
  storageColor,
} from '../map/energyStyle.ts';

/** What CityContent raycasts for the energy objects: meshes and, per mesh, the asset kind and instance → index. */
export interface EnergyPickables {
  meshes: THREE.Object3D[];
  kinds: EnergyAssetKind[];
  /** Element index per instance (null: instance id = element index). */
  index: (Int32Array | null)[];
}

/** An empty pickables record (CityContent's ref). */
export function emptyEnergyPickables(): EnergyPickables {
  return { meshes: [], kinds: [], index: [] };
}

/** The energy selection of a raycast hit on one of the pickables, or null. */
export function energySelectionOfHit(p: EnergyPickables, hit: THREE.Intersection): Selection | null {
  const k = p.meshes.indexOf(hit.object);
  if (k < 0 || hit.instanceId == null) return null;
  const map = p.index[k];
  const index = map ? map[hit.instanceId] : hit.instanceId;
  const asset = p.kinds[k];
  return index !== undefined && index >= 0 && asset ? { kind: 'energy', asset, index } : null;
}

/**
 * Zoom factor of station and storage objects: the point markers' factor (real size up close, up to 8× over the whole
 * city), so a 60 m yard is still ~50 px wide at the default whole-city camera.
 */
function energyScale(distM: number): number {
  return markerScale(distM);
}

const YARD_SLAB: Rgb = [70, 80, 94];
const YARD_FENCE: Rgb = [190, 205, 225];
/** Yard tint: substations neutral, the import point (boundary 220 kV supply) violet so it reads apart. */
const YARD_TINT_SUBSTATION: Rgb = [255, 255, 255];
const YARD_TINT_IMPORT: Rgb = [200, 150, 255];
const CONTAINER: Rgb = [215, 222, 232];
/** PV base plate: 35 % of the panel colour. */
const PV_BASE: Rgb = [90, 90, 90];

/** Paints a geometry's vertices one colour (for merged geometries with vertex colours). */
function painted(g: THREE.BufferGeometry, c: Rgb): THREE.BufferGeometry {
  const n = g.getAttribute('position').count;
  const col = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) col.set([c[0] / 255, c[1] / 255, c[2] / 255], i * 3);
  g.setAttribute('color', new THREE.BufferAttribute(col, 3));
  return g;
}

/** Merges parts (all non-indexed or all indexed) into one geometry and disposes the parts. */
function merge(parts: THREE.BufferGeometry[]): THREE.BufferGeometry {
  const flat = parts.map((p) => (p.index ? p.toNonIndexed() : p));
  const g = mergeGeometries(flat, false);
  for (const p of [...parts, ...flat]) p.dispose();
  if (!g) throw new Error('EnergyObjects: could not merge geometries');
  return g;
}

/** A unit yard: gravel slab over [−0.5, 0.5]² and a 2.4 m fence (at 60 m side), y up. */
function yardGeometry(): THREE.BufferGeometry {
  const t = 0.012;
  const h = 0.04;
  const parts = [
    painted(new THREE.BoxGeometry(1, 0.008, 1).translate(0, 0.004, 0), YARD_SLAB),
    painted(new THREE.BoxGeometry(1, h, t).translate(0, h / 2, 0.5), YARD_FENCE),
    painted(new THREE.BoxGeometry(1, h, t).translate(0, h / 2, -0.5), YARD_FENCE),
    painted(new THREE.BoxGeometry(t, h, 1).translate(0.5, h / 2, 0), YARD_FENCE),
    painted(new THREE.BoxGeometry(t, h, 1).translate(-0.5, h / 2, 0), YARD_FENCE),
    // Control building along the north fence.
    painted(new THREE.BoxGeometry(0.5, 0.07, 0.16).translate(0, 0.035, -0.36), YARD_FENCE),
  ];
  return merge(parts);
}

/** Two transformers (main body + radiator block + conservator tank) in yard units. */
function transformerGeometry(): THREE.BufferGeometry {
  const parts: THREE.BufferGeometry[] = [];
  for (const x of [-0.2, 0.2]) {
    parts.push(new THREE.BoxGeometry(0.18, 0.13, 0.14).translate(x, 0.065 + 0.008, 0.08));
    parts.push(new THREE.BoxGeometry(0.22, 0.09, 0.05).translate(x, 0.045 + 0.008, 0.19));
    parts.push(
      new THREE.CylinderGeometry(0.025, 0.025, 0.14, 10).rotateZ(Math.PI / 2).translate(x, 0.17, 0.05),
    );
  }
  return merge(parts);
}

/** A 2 × 3 block of containers over [−0.5, 0.5]² in block units (height ≈ 0.2). */
function containerGeometry(): THREE.BufferGeometry {
  const parts: THREE.BufferGeometry[] = [];
  for (const z of [-0.22, 0.22])
    for (const x of [-0.32, 0, 0.32]) parts.push(new THREE.BoxGeometry(0.28, 0.2, 0.36).translate(x, 0.1, z));
  parts.push(new THREE.BoxGeometry(1, 0.01, 1).translate(0, 0.005, 0));
  return merge(parts);
}

/**
 * Panel rows across a unit square (y up), `tiltRad` about the x axis, `rows` rows, over a darker base plate (so the
 * gaps between rows still read as part of the array and still pick).
 */
function panelRowsGeometry(rows: number, tiltRad: number, gap: number, liftY: number): THREE.BufferGeometry {
  const parts: THREE.BufferGeometry[] = [
    painted(new THREE.PlaneGeometry(1, 1).rotateX(-Math.PI / 2), PV_BASE),
  ];
  const depth = (1 - gap * (rows - 1)) / rows;
  for (let r = 0; r < rows; r++) {
    const z = -0.5 + depth / 2 + r * (depth + gap);
    parts.push(
      painted(
        new THREE.PlaneGeometry(1, depth)
          .rotateX(-Math.PI / 2 + tiltRad)
          .translate(0, Math.sin(tiltRad) * depth * 0.5 + liftY, z),
        [255, 255, 255],
      ),
    );
  }
  return merge(parts);
}

/** An instanced mesh with a colour per instance. */
function instanced(geom: THREE.BufferGeometry, mat: THREE.Material, count: number): THREE.InstancedMesh {
  const m = new THREE.InstancedMesh(geom, mat, Math.max(1, count));
  m.count = count;
  m.instanceColor = new THREE.InstancedBufferAttribute(new Float32Array(Math.max(1, count) * 3).fill(1), 3);
  m.frustumCulled = false;
  return m;
}

/** A lit material that also glows in its own (instance) colour: emissive = diffuse × uGlow. */
function glowingLambert(glow: number): THREE.MeshLambertMaterial {
  const m = new THREE.MeshLambertMaterial({ vertexColors: false });
  m.onBeforeCompile = (shader) => {
    shader.fragmentShader = shader.fragmentShader.replace(
      '#include <emissivemap_fragment>',
      `#include <emissivemap_fragment>\ntotalEmissiveRadiance += diffuseColor.rgb * ${glow.toFixed(3)};`,
    );
  };
  m.customProgramCacheKey = () => `energy-glow-${glow}`;
  return m;
}

/**
 * A glow pool around a yard: full strength inside radius HALO_INNER (under and just around the fence), fading to
 * nothing at radius 1 (vertex colours × instance colour, additive).
 */
const HALO_INNER = 0.45;
function glowDiscGeometry(): THREE.BufferGeometry {
  const g = new THREE.RingGeometry(0, 1, 48, 6).rotateX(-Math.PI / 2);
  const pos = g.getAttribute('position');
  const col = new Float32Array(pos.count * 3);
  for (let i = 0; i < pos.count; i++) {
    const r = Math.sqrt(pos.getX(i) ** 2 + pos.getZ(i) ** 2);
    const a = r <= HALO_INNER ? 1 : ((1 - r) / (1 - HALO_INNER)) ** 1.5;
    col[i * 3] = col[i * 3 + 1] = col[i * 3 + 2] = a;
  }
  g.setAttribute('color', new THREE.BufferAttribute(col, 3));
  return g;
}

/** Line materials: screen-space widths (CSS px), the glow additive. */
function lineMaterial(widthPx: number, glow: boolean): LineMaterial {
  const m = new LineMaterial({ linewidth: widthPx, vertexColors: true, worldUnits: false });
  if (glow) {
    m.transparent = true;
    m.blending = THREE.AdditiveBlending;
    m.depthWrite = false;
    m.opacity = 0.9;
  }
  return m;
}

/** A line object over segments whose colour array stays ours (written in place on each state). */
function lineObject(
  positions: Float32Array,
  count: number,
  mat: LineMaterial,
): { obj: LineSegments2; colors: Float32Array; geom: LineSegmentsGeometry } {
  const geom = new LineSegmentsGeometry();
  const colors = new Float32Array(Math.max(1, count) * 6);
  if (count > 0) {
    geom.setPositions(positions);
    geom.setColors(colors);
  }
  const obj = new LineSegments2(geom, mat);
  obj.frustumCulled = false;
  return { obj, colors, geom };
}

const tmpM = new THREE.Matrix4();
const tmpQ = new THREE.Quaternion();
const tmpP = new THREE.Vector3();
const tmpS = new THREE.Vector3();
const UP = new THREE.Vector3(0, 1, 0);

/** Puts colour c (0–255) at instance i of a float colour array (0–1). */
function putRgb(arr: Float32Array, i: number, c: ArrayLike<number>, k = 1): void {
  arr[i * 3] = ((c[0] as number) / 255) * k;
  arr[i * 3 + 1] = ((c[1] as number) / 255) * k;
  arr[i * 3 + 2] = ((c[2] as number) / 255) * k;
}

/** Everything built once per model. */
function buildSets(city: CityModel, grid: CityGridModel) {
  const ns = grid.stationCount;
  const nst = grid.storage.count;
  const npv = grid.pv.count;
  const yard = instanced(yardGeometry(), new THREE.MeshLambertMaterial({ vertexColors: true }), ns);
  const transformers = instanced(transformerGeometry(), glowingLambert(0.55), ns);
  const haloMat = new THREE.MeshBasicMaterial({
    vertexColors: true,
    transparent: true,
    blending: THREE.AdditiveBlending,
    depthWrite: false,
    opacity: 0.8,
    polygonOffset: true,
    polygonOffsetFactor: -8,
    polygonOffsetUnits: -32,
  });
  const halo = instanced(glowDiscGeometry(), haloMat, ns);
  halo.renderOrder = 5;
  const containers = instanced(containerGeometry(), new THREE.MeshLambertMaterial(), nst);
  const gaugeBack = instanced(
    new THREE.BoxGeometry(1, 1, 1).translate(0, 0.5, 0),
    new THREE.MeshBasicMaterial(),
    nst,
  );
  const gaugeFill = instanced(new THREE.BoxGeometry(1, 1, 1).translate(0, 0.5, 0), glowingLambert(0.6), nst);

  // PV: split into rooftop (matched to a building) and ground fields.
  const pvXY = pvUnitXY(city, grid);
  const pvBuilding = matchPvToBuildings(city.buildings, pvXY, npv);
  let nRoof = 0;
  for (let i = 0; i < npv; i++) if ((pvBuilding[i] as number) >= 0) nRoof++;
  const roofIndex = new Int32Array(nRoof);
  const fieldIndex = new Int32Array(npv - nRoof);
  for (let i = 0, r = 0, f = 0; i < npv; i++) {
    if ((pvBuilding[i] as number) >= 0) roofIndex[r++] = i;
    else fieldIndex[f++] = i;
  }
  const roofMat = new THREE.MeshBasicMaterial({
    vertexColors: true,
    side: THREE.DoubleSide,
    polygonOffset: true,
    polygonOffsetFactor: -2,
    polygonOffsetUnits: -8,
  });
  const roofs = instanced(panelRowsGeometry(5, 0, 0.06, 0.3), roofMat, nRoof);
  const fields = instanced(
    panelRowsGeometry(8, 0.45, 0.05, 0.002),
    new THREE.MeshLambertMaterial({ vertexColors: true, side: THREE.DoubleSide }),
    npv - nRoof,
  );
  // Roof panels and fields keep real size: place them once.
  const rp = [0, 0, 0, 0, 0, 0];
  for (let k = 0; k < nRoof; k++) {
    roofPanel(city.buildings, pvBuilding[roofIndex[k] as number] as number, rp);
    tmpP.set(rp[0] as number, (rp[5] as number) + 0.4, -(rp[1] as number));
    tmpQ.setFromAxisAngle(UP, rp[2] as number);
    tmpS.set(Math.max(2, rp[3] as number), 1, Math.max(2, rp[4] as number));
    roofs.setMatrixAt(k, tmpM.compose(tmpP, tmpQ, tmpS));
  }
  for (let k = 0; k < fieldIndex.length; k++) {
    const i = fieldIndex[k] as number;
    const x = pvXY[2 * i] as number;
    const y = pvXY[2 * i + 1] as number;
    const side = pvFieldSideM(grid.pv.ratingMw[i] as number);
    tmpP.set(x, sampleTerrain(city.terrain, x, y) + 0.3, -y);
    tmpQ.identity();
    // Rows stand ≈ 2 m tall (fixed-tilt tables), whatever the field's extent: y scales by a fixed 60 m.
    tmpS.set(side, 60, side);
    fields.setMatrixAt(k, tmpM.compose(tmpP, tmpQ, tmpS));
  }
  roofs.instanceMatrix.needsUpdate = true;
  fields.instanceMatrix.needsUpdate = true;

  const ground = new Float64Array(ns + nst);
  for (let s = 0; s < ns; s++)
    ground[s] = sampleTerrain(city.terrain, grid.stationX[s] as number, grid.stationY[s] as number);
  const storeXY = new Float64Array(nst * 2);
  const p = [0, 0];
  for (let i = 0; i < nst; i++) {
    energyAssetXY(city, grid, 'storage', i, p);
    storeXY[2 * i] = p[0] as number;
    storeXY[2 * i + 1] = p[1] as number;
    ground[ns + i] = sampleTerrain(city.terrain, p[0] as number, p[1] as number);
  }
  for (let s = 0; s < ns; s++)
    putRgb(
      yard.instanceColor!.array as Float32Array,
      s,
      grid.stationKind[s] === StationKind.substation ? YARD_TINT_SUBSTATION : YARD_TINT_IMPORT,
    );
  for (let i = 0; i < nst; i++) putRgb(gaugeBack.instanceColor!.array as Float32Array, i, SOC_TRACK_COLOR);

  const hvSeg = buildHvSegments(city, grid);
  const fdSeg = buildFeederSegments(city, grid);
  const hvCore = lineObject(hvSeg.positions, hvSeg.count, lineMaterial(3, false));
  const hvGlow = lineObject(hvSeg.positions, hvSeg.count, lineMaterial(10, true));
  const fdCore = lineObject(fdSeg.positions, fdSeg.count, lineMaterial(1.6, false));
  const fdGlow = lineObject(fdSeg.positions, fdSeg.count, lineMaterial(6, true));
  for (const l of [hvGlow, fdGlow]) l.obj.renderOrder = 6;

  return {
    grid,
    yard,
    transformers,
    halo,
    containers,
    gaugeBack,
    gaugeFill,
    roofs,
    fields,
    roofIndex,
    fieldIndex,
    ground,
    storeXY,
    hvSeg,
    fdSeg,
    hvCore,
    hvGlow,
    fdCore,
    fdGlow,
    meshes: [yard, transformers, halo, containers, gaugeBack, gaugeFill, roofs, fields],
    lines: [hvCore, hvGlow, fdCore, fdGlow],
  };
}
type Sets = ReturnType<typeof buildSets>;

/** Station and storage matrices for zoom factor s (stations: yard side; storage: block side). */
function placeScaled(sets: Sets, s: number, socPct: Float32Array | null): void {
  const g = sets.grid;
  for (let i = 0; i < g.stationCount; i++) {
    const side = stationYardSideM(g.stationRatingMva[i] as number) * s;
    tmpM.makeScale(side, side, side);
    tmpM.setPosition(g.stationX[i] as number, sets.ground[i] as number, -(g.stationY[i] as number));
    sets.yard.setMatrixAt(i, tmpM);
    sets.transformers.setMatrixAt(i, tmpM);
    // Halo radius 1.3 side: full strength to 0.585 side (just past the fence at 0.5), fading out by 1.3 side.
    const r = side * 1.3;
    tmpM.makeScale(r, 1, r);
    tmpM.setPosition(g.stationX[i] as number, (sets.ground[i] as number) + 0.6, -(g.stationY[i] as number));
    sets.halo.setMatrixAt(i, tmpM);
  }
  placeStorage(sets, s, socPct);
  for (const m of [sets.yard, sets.transformers, sets.halo]) {
    m.instanceMatrix.needsUpdate = true;
    m.computeBoundingSphere();
  }
}

/** Storage block and SoC gauge matrices (the gauge fill height follows SoC). */
function placeStorage(sets: Sets, s: number, socPct: Float32Array | null): void {
  const g = sets.grid;
  const ns = g.stationCount;
  for (let i = 0; i < g.storage.count; i++) {
    const side = storageBlockSideM(g.storage.energyMwh[i] as number) * s;
    let x = sets.storeXY[2 * i] as number;
    let y = sets.storeXY[2 * i + 1] as number;
    // A storage station usually stands inside its substation's fence (37 m off in the default scene): draw the
    // block just outside the (zoom-scaled) yard, in the direction of the asset, so neither hides the other.
    const st = g.storage.station[i] as number;
    if (st >= 0 && (g.storage.bus[i] as number) < 0) {
      const sx = g.stationX[st] as number;
      const sy = g.stationY[st] as number;
      const clear = (stationYardSideM(g.stationRatingMva[st] as number) * s + side) * 0.5 * 1.15;
      const dx = x - sx;
      const dy = y - sy;
      const d = Math.sqrt(dx * dx + dy * dy);
      if (d < clear) {
        x = sx + (d > 1 ? dx / d : 0) * clear;
        y = sy + (d > 1 ? dy / d : 1) * clear;
      }
    }
    const z = sets.ground[ns + i] as number;
    tmpM.makeScale(side, side, side);
    tmpM.setPosition(x, z, -y);
    sets.containers.setMatrixAt(i, tmpM);
    // Gauge: a column east of the block, 1.2 × side tall, fill = SoC share of it.
    const gw = side * 0.18;
    const gh = side * 1.2;
    const gx = x + side * 0.5 + gw * 1.2;
    tmpM.makeScale(gw * 1.25, gh, gw * 1.25);
    tmpM.setPosition(gx, z, -y);
    sets.gaugeBack.setMatrixAt(i, tmpM);
    const fill = socPct && i < socPct.length ? socFill(socPct[i] as number) : 0;
    tmpM.makeScale(gw * 1.3, Math.max(0.02, gh * fill), gw * 1.3);
    tmpM.setPosition(gx, z, -y);
    sets.gaugeFill.setMatrixAt(i, tmpM);
  }
  for (const m of [sets.containers, sets.gaugeBack, sets.gaugeFill]) {
    m.instanceMatrix.needsUpdate = true;
    m.computeBoundingSphere();
  }
}

/** What the frame loop keeps between frames (no React state). */
interface DrawState {
  version: number;
  scale: number;
  grid: boolean;
  assets: boolean;
  /** Highest band drawn on stations and lines (3 = something overloaded → pulse). */
  topBand: number;
  lastMs: number;
  rgb: number[];
}

/** Paints instance colours and the gauge from the latest energy state. */
function paint(sets: Sets, st: DrawState, scale: number): void {
  const g = sets.grid;
  const c = hotEnergy.counts;
  const cols = hotEnergy.columns;
  const ok =
    c.station === g.stationCount &&
    c.storage === g.storage.count &&
    c.pv === g.pv.count &&
    c.bus === g.busCount &&
    c.hvLine === g.hvLineCount;
  const rgb = st.rgb;
  let top = -1;
  const tArr = sets.transformers.instanceColor!.array as Float32Array;
  const hArr = sets.halo.instanceColor!.array as Float32Array;
  for (let i = 0; i < g.stationCount; i++) {
    const pct = ok ? (cols.stationLoadingPct[i] as number) : Number.NaN;
    const band = loadingColor(pct, rgb);
    if (band > top) top = band;
    putRgb(tArr, i, rgb);
    putRgb(hArr, i, rgb, band < 0 ? 0 : loadingGlow(pct));
  }
  sets.transformers.instanceColor!.needsUpdate = true;
  sets.halo.instanceColor!.needsUpdate = true;

  const cArr = sets.containers.instanceColor!.array as Float32Array;
  const fArr = sets.gaugeFill.instanceColor!.array as Float32Array;
  for (let i = 0; i < g.storage.count; i++) {
    const mw = ok ? (cols.storageMw[i] as number) : Number.NaN;
    // Containers in the map's storage colour (charging / discharging / idle), lightened a quarter towards the
    // container white so they still read as containers; the gauge fill in the map's SoC-ring green.
    const sc = storageColor(mw);
    rgb[0] = sc[0] * 0.75 + CONTAINER[0] * 0.25;
    rgb[1] = sc[1] * 0.75 + CONTAINER[1] * 0.25;
    rgb[2] = sc[2] * 0.75 + CONTAINER[2] * 0.25;
    putRgb(cArr, i, rgb);
    putRgb(fArr, i, SOC_RING_COLOR);
  }
  sets.containers.instanceColor!.needsUpdate = true;
  sets.gaugeFill.instanceColor!.needsUpdate = true;
  placeStorage(sets, scale, ok ? cols.storageSocPct : null);

  const paintPv = (mesh: THREE.InstancedMesh, index: Int32Array) => {
    const arr = mesh.instanceColor!.array as Float32Array;
    for (let k = 0; k < index.length; k++) {
      const i = index[k] as number;
      const rating = g.pv.ratingMw[i] as number;
      const mw = ok ? (cols.pvUnitMw[i] as number) : Number.NaN;
      pvColor(rating > 0 ? mw / rating : Number.NaN, rgb);
      putRgb(arr, k, rgb);
    }
    mesh.instanceColor!.needsUpdate = true;
  };
  paintPv(sets.roofs, sets.roofIndex);
  paintPv(sets.fields, sets.fieldIndex);

  const hvTop = paintLineColors(
    sets.hvSeg,
    ok ? cols.hvLineLoadingPct : null,
    sets.hvCore.colors,
    sets.hvGlow.colors,
    rgb,
  );
  const fdTop = paintLineColors(
    sets.fdSeg,
    ok ? cols.sectionLoadingPct : null,
    sets.fdCore.colors,
    sets.fdGlow.colors,
    rgb,
  );
  for (const l of sets.lines) {
    const attr = l.geom.getAttribute('instanceColorStart') as THREE.InterleavedBufferAttribute | undefined;
    if (attr) attr.data.needsUpdate = true;
  }
  st.topBand = Math.max(top, hvTop, fdTop);
}

/** Pulse period of overloaded objects, s (the incident beacons' 1.2 s cycle, Markers.tsx). */
const PULSE_S = 1.2;

/** The energy objects of the 3D view for `model` (nothing when the scene has no grid model). */
export function EnergyObjects({
  model,
  pickables,
}: {
  model: CityModel;
  pickables: MutableRefObject<EnergyPickables>;
}) {
  const layers = useAppStore((s) => s.layers);
  const { camera, invalidate, controls, gl } = useThree();
  const sets = useMemo(() => {
    const grid = getGridModel();
    if (!grid) return null;
    const t0 = performance.now();
    const s = buildSets(model, grid);
    if (import.meta.env.DEV)
      console.info(`[3d] energy objects: ${(performance.now() - t0).toFixed(0)} ms`, {
        stations: grid.stationCount,
        storage: grid.storage.count,
        pvRoofs: s.roofIndex.length,
        pvFields: s.fieldIndex.length,
        hvSegments: s.hvSeg.count,
        feederSegments: s.fdSeg.count,
      });
    return s;
  }, [model]);
  useEffect(
    () => () => {
      if (!sets) return;
      for (const m of sets.meshes) {
        m.geometry.dispose();
        (m.material as THREE.Material).dispose();
        m.dispose();
      }
      for (const l of sets.lines) {
        l.geom.dispose();
        l.obj.material.dispose();
      }
    },
    [sets],
  );
  const st = useRef<DrawState>({
    version: -1,
    scale: -1,
    grid: false,
    assets: false,
    topBand: -1,
    lastMs: 0,
    rgb: [0, 0, 0],
  });
  useEffect(() => {
    st.current.version = -1;
    st.current.scale = -1;
  }, [sets]);

  // Pickables for CityContent's raycast (only while the assets layer is on).
  useEffect(() => {
    const p = pickables.current;
    p.meshes.length = 0;
    p.kinds.length = 0;
    p.index.length = 0;
    if (sets && layers.energyAssets) {
      const add = (m: THREE.Object3D, k: EnergyAssetKind, idx: Int32Array | null) => {
        p.meshes.push(m);
        p.kinds.push(k);
        p.index.push(idx);
      };
      add(sets.yard, 'station', null);
      add(sets.transformers, 'station', null);
      add(sets.containers, 'storage', null);
      add(sets.gaugeBack, 'storage', null);
      add(sets.roofs, 'pv', sets.roofIndex);
      add(sets.fields, 'pv', sets.fieldIndex);
    }
    invalidate();
  }, [sets, layers.energyAssets, pickables, invalidate]);

  // Demand-mode canvas: a frame when the state or a toggle changed, and the overload pulse while one shows.
  useEffect(() => {
    if (!sets) return;
    const { liveRedrawMs, animationFrameMs } = renderProfile();
    let raf = 0;
    let lastPulse = 0;
    const tick = (now: number) => {
      const s = st.current;
      const ly = appStore.getState().layers;
      const on = ly.grid || ly.energyAssets;
      if (ly.grid !== s.grid || ly.energyAssets !== s.assets) invalidate();
      else if (on && hotEnergy.version !== s.version && now - s.lastMs >= liveRedrawMs) invalidate();
      else if (on && s.topBand === 3 && now - lastPulse >= animationFrameMs) {
        lastPulse = now;
        invalidate();
      }
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [sets, invalidate]);

  // Test probe: the state version drawn, instance counts, station `index`'s drawn colour, and the page pixels of
  // station / storage / PV unit `index` as drawn (a transformer, the container block, the panels; −1 off screen).
  useEffect(() => {
    if (!sets) return;
    const m = new THREE.Matrix4();
    const v = new THREE.Vector3();
    const px = (
      mesh: THREE.InstancedMesh,
      k: number,
      lx: number,
      ly: number,
      lz: number,
    ): [number, number] => {
      if (k < 0 || k >= mesh.count) return [-1, -1];
      mesh.getMatrixAt(k, m);
      v.set(lx, ly, lz).applyMatrix4(m).project(camera);
      if (v.z > 1 || Math.abs(v.x) > 1 || Math.abs(v.y) > 1) return [-1, -1];
      const r = gl.domElement.getBoundingClientRect();
      return [r.left + ((v.x + 1) / 2) * r.width, r.top + ((1 - v.y) / 2) * r.height];
    };
    registerEnergyProbe('three', (index) => {
      const s = st.current;
      const out: Record<string, number> = {
        version: s.version,
        stations: sets.yard.count,
        storage: sets.containers.count,
        pvRoofs: sets.roofs.count,
        pvFields: sets.fields.count,
        hvSegments: sets.hvSeg.count,
        feederSegments: sets.fdSeg.count,
        topBand: s.topBand,
        gridVisible: sets.hvCore.obj.visible ? 1 : 0,
        assetsVisible: sets.yard.visible ? 1 : 0,
      };
      if (index !== undefined && index >= 0 && index < sets.grid.stationCount) {
        const a = sets.transformers.instanceColor!.array as Float32Array;
        out.stationR = Math.round((a[index * 3] as number) * 255);
        out.stationG = Math.round((a[index * 3 + 1] as number) * 255);
        out.stationB = Math.round((a[index * 3 + 2] as number) * 255);
        [out.stationPx, out.stationPy] = px(sets.transformers, index, -0.2, 0.1, 0.08);
      }
      if (index !== undefined && index >= 0) {
        [out.storagePx, out.storagePy] = px(sets.containers, index, 0, 0.1, 0);
        const roof = sets.roofIndex.indexOf(index);
        const field = sets.fieldIndex.indexOf(index);
        out.pvOnRoof = roof >= 0 ? 1 : field >= 0 ? 0 : -1;
        [out.pvPx, out.pvPy] =
          roof >= 0 ? px(sets.roofs, roof, 0, 0, 0) : px(sets.fields, field, 0, 0.05, 0.04);
      }
      return out;
    });
    return () => registerEnergyProbe('three', null);
  }, [sets, camera, gl]);

  // A small key for what only the 3D view encodes (gauge, storage state, roof PV), top left under the view label
  // (the bottom corners hold the keyboard hint and, on the wall, the dock).
  useEffect(() => {
    const container = gl.domElement.parentElement;
    if (!sets || !container) return;
    const el = appendKey(container, 'energy-3d-key');
    const render = () => {
      const ly = appStore.getState().layers;
      const t = dict(appStore.getState().lang);
      el.style.display = ly.grid || ly.energyAssets ? 'block' : 'none';
      const sw = (c: Rgb) =>
        `<span style="display:inline-block;width:.8em;height:.8em;margin:0 .25em 0 .5em;vertical-align:-1px;border-radius:2px;background:${css(c)}"></span>`;
      // A swatch and its label never part at a line break ("< 50" / "%" read as two entries on a narrow key).
      const item = (c: Rgb, label: string) => `<span style="white-space:nowrap">${sw(c)}${label}</span>`;
      const bands = LOADING_BANDS.map((b, i) => {
        const next = LOADING_BANDS[i + 1]?.minPct;
        const range =
          i === 0 ? `< ${next} %` : next === undefined ? `> ${b.minPct} %` : `${b.minPct}–${next} %`;
        return item(b.color, range);
      }).join('');
      el.innerHTML =
        `<div><b style="color:#e6f0ff">${t.energy3dKeyTitle}</b></div>` +
        `<div>${t.energy3dKeyLoading}${bands}</div>` +
        `<div>${t.energy3dKeyStorage}${item(STORAGE_CHARGE_COLOR, t.energy3dCharging)}${item(STORAGE_DISCHARGE_COLOR, t.energy3dDischarging)}${item(STORAGE_IDLE_COLOR, t.energy3dIdle)}</div>` +
        `<div>${t.energy3dKeySoc}${item(SOC_RING_COLOR, t.energy3dSocFill)}</div>` +
        `<div>${t.energy3dKeyPv}${item(PV_DARK, '0')} ${item(PV_BRIGHT, '100 %')}</div>`;
    };
    render();
    const off = appStore.subscribe((s, prev) => {
      if (s.lang !== prev.lang || s.layers !== prev.layers) render();
    });
    return () => {
      off();
      el.remove();
    };
  }, [sets, gl]);

  useFrame((state) => {
    if (!sets) return;
    const s = st.current;
    const ly = appStore.getState().layers;
    const ctl = controls as unknown as { target?: THREE.Vector3 } | null;
    const scale = energyScale(ctl?.target ? camera.position.distanceTo(ctl.target) : 3000);
    const live = ly.grid || ly.energyAssets;
    const now = performance.now();
    const stale =
      hotEnergy.version !== s.version &&
      live &&
      (s.version < 0 || now - s.lastMs >= renderProfile().liveRedrawMs);
    if (stale || ly.grid !== s.grid || ly.energyAssets !== s.assets) {
      s.version = hotEnergy.version;
      s.lastMs = now;
      s.grid = ly.grid;
      s.assets = ly.energyAssets;
      paint(sets, s, scale);
    }
    if (scale !== s.scale) {
      s.scale = scale;
      placeScaled(
        sets,
        scale,
        hotEnergy.counts.storage === sets.grid.storage.count ? hotEnergy.columns.storageSocPct : null,
      );
    }
    // Overload pulse: one uniform per material (halo and line glow), only while something is over 100 %.
    const ph =
      s.topBand === 3 ? 0.5 + 0.5 * Math.sin((state.clock.elapsedTime * Math.PI * 2) / PULSE_S) : 0.6;
    (sets.halo.material as THREE.MeshBasicMaterial).opacity = 0.55 + 0.45 * ph;
    sets.hvGlow.obj.material.opacity = 0.55 + 0.45 * ph;
    sets.fdGlow.obj.material.opacity = 0.55 + 0.45 * ph;
  });

  if (!sets) return null;
  return (
    <>
      <primitive object={sets.hvGlow.obj} visible={layers.grid} />
      <primitive object={sets.fdGlow.obj} visible={layers.grid} />
      <primitive object={sets.hvCore.obj} visible={layers.grid} />
      <primitive object={sets.fdCore.obj} visible={layers.grid} />
      <primitive object={sets.halo} visible={layers.energyAssets} />
      <primitive object={sets.yard} visible={layers.energyAssets} />
      <primitive object={sets.transformers} visible={layers.energyAssets} />
      <primitive object={sets.containers} visible={layers.energyAssets} />
      <primitive object={sets.gaugeBack} visible={layers.energyAssets} />
      <primitive object={sets.gaugeFill} visible={layers.energyAssets} />
      <primitive object={sets.roofs} visible={layers.energyAssets} />
      <primitive object={sets.fields} visible={layers.energyAssets} />
    </>
  );
}
