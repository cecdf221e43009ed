/**
 * Hazards in the 3D twin (韧性城市, issue 5):
 * - flood: one water-surface mesh over the terrain from the hot flood grid (src/feed/hotHazard.ts): vertex height =
 *   ground + depth, colour by depth band (views/hazardBands.ts), alpha 0 where dry, a cheap shimmer in the fragment
 *   shader; rewritten in place only when hotHazard.version changes (a new geometry only when the grid's size does);
 * - damage: the merged building mesh's vertex colours tinted by the earthquake damage state (src/app/quakeDamage.ts),
 *   once per hazard, restored when the hazard is over or the layer is off;
 * - hazard zones as volumes: PGA bands as translucent cylinders round the epicentre, the fire's spread radius as a
 *   dome with a flickering flame over the burning building, heat-risk districts as prisms (height = risk);
 * - evacuation routes as dashes flowing to the shelters, shelters as tents with an occupancy bar, outage areas as
 *   dark translucent footprints.
 * Layers: flood, damage, hazardIntensity, evacuation, shelters, outage. Clicking the water selects its hazard; the
 * hover tooltip adds the depth under the pointer. The canvas renders on demand: a frame when the data or a toggle
 * changed, and paced animation frames (renderProfile) while water, a fire or routes are shown. No allocation per
 * frame.
 */
import { useEffect, useMemo, useRef, type MutableRefObject } from 'react';
import { useFrame, useThree } from '@react-three/fiber';
import * as THREE from 'three';
import { LineSegments2 } from 'three/examples/jsm/lines/LineSegments2.js';
import { LineSegmentsGeometry } from 'three/examples/jsm/lines/LineSegmentsGeometry.js';
import { LineMaterial } from 'three/examples/jsm/lines/LineMaterial.js';
import type { CityModel } from '../../core/scene/types.ts';
import type { ActiveHazard } from '../../core/hazards/types.ts';
import { hotHazard, WET_THRESHOLD_M } from '../../feed/hotHazard.ts';
import { appStore, useAppStore } from '../../state/store.ts';
import type { Selection } from '../../state/selectionSlice.ts';
import type { Lang } from '../../state/uiSlice.ts';
import { registerHazardProbe } from '../../app/testHooks.ts';
import { dict } from '../../app/i18n.ts';
import { css, POI_COLORS, type Rgb } from '../../app/palette.ts';
import { quakeDamageOf } from '../../app/quakeDamage.ts';
import { renderProfile } from '../renderProfile.ts';
import {
  ALERT_COLORS,
  DAMAGE_COLORS,
  EVAC_COLOR,
  FLOOD_BANDS,
  INTENSITY_LEVELS,
  OUTAGE_FILL,
  SHELTER_COLORS,
  SHELTER_NEARLY_FULL,
  radiusForPgaKm,
  shelterGauge,
} from '../map/hazardStyle.ts';
import { pgaG } from '../../core/hazards/earthquake.ts';
import { appendKey } from './keyStack.ts';
import { markerScale } from './Markers.tsx';
import { sampleTerrain } from './sceneGeometry.ts';
import { buildingVertexStart, footprintCentroid, type BuildingMeshArrays } from './buildingMesh.ts';
import { triangulateFootprints } from './footprints.ts';
import {
  buildFloodSurface,
  buildOutageMesh,
  buildZonePrisms,
  evacSegments,
  fireFlicker,
  hazardIdOfNumber,
  paintFloodSurface,
  paintPrisms,
  tintBuildingsByDamage,
  type FloodSurface,
} from './hazards3d.ts';
import { PoiKind } from '../../core/scene/types.ts';

/** What CityContent raycasts for the hazards: the water surface, and the depth under the last hit. */
export interface HazardPickables {
  water: THREE.Mesh | null;
  /** Depth (m) and local metres of the last water hit (the tooltip shows it). */
  lastDepthM: number;
}

/** An empty pickables record (CityContent's ref). */
export function emptyHazardPickables(): HazardPickables {
  return { water: null, lastDepthM: Number.NaN };
}

/** The rainstorm hazard that owns the flood grid now (by its number), as a selection id. */
function floodHazardId(): string {
  const n = hotHazard.hazardNumber;
  const id = hazardIdOfNumber(n);
  for (const h of appStore.getState().hzHazards) if (h.id === id || Number(h.id.slice(3)) === n) return h.id;
  return id;
}

/** The hazard selection of a raycast hit on the water (only where the water is wet), or null. */
export function hazardSelectionOfHit(p: HazardPickables, hit: THREE.Intersection): Selection | null {
  if (p.water === null || hit.object !== p.water || !p.water.visible) return null;
  const d = hotHazard.depthAt(hit.point.x, -hit.point.z);
  if (!(d >= WET_THRESHOLD_M)) return null;
  p.lastDepthM = d;
  return { kind: 'hazard', id: floodHazardId() };
}

/** The tooltip's extra line for a water hit (the depth under the pointer), or '' for any other selection. */
export function hazardTooltipExtra(p: HazardPickables, sel: Selection | null, lang: Lang): string {
  if (sel?.kind !== 'hazard' || !(p.lastDepthM >= 0)) return '';
  return dict(lang).hz3dDepth(p.lastDepthM.toFixed(2));
}

/** Building mesh shared with CityContent (its vertex colours are tinted in place). */
export interface BuildingMeshRef {
  readonly geom: THREE.BufferGeometry;
  readonly arrays: BuildingMeshArrays;
}

const rgbColor = (c: Rgb) => new THREE.Color(css(c));

/** Water: unlit vertex RGBA with a slow two-wave shimmer keyed on world x/z and a time uniform. */
function waterMaterial(time: { value: number }): THREE.MeshBasicMaterial {
  const m = new THREE.MeshBasicMaterial({
    vertexColors: true,
    transparent: true,
    depthWrite: false,
    polygonOffset: true,
    polygonOffsetFactor: -4,
    polygonOffsetUnits: -16,
  });
  m.onBeforeCompile = (shader) => {
    shader.uniforms['uTime'] = time;
    shader.vertexShader = shader.vertexShader
      .replace('#include <common>', '#include <common>\nvarying vec2 vWaterXZ;')
      .replace(
        '#include <begin_vertex>',
        '#include <begin_vertex>\nvWaterXZ = (modelMatrix * vec4(transformed, 1.0)).xz;',
      );
    // Three crossing sine waves (≈ 125, 170 and 125 m wavelengths in different directions, drifting at a few m/s): a
    // soft highlight where they crest together, a slight darkening in the troughs; the sum (not a product) keeps the
    // crests from lining up in a regular dot lattice. Three sines per fragment: cheap on a software rasteriser too.
    shader.fragmentShader = shader.fragmentShader
      .replace('#include <common>', '#include <common>\nuniform float uTime;\nvarying vec2 vWaterXZ;')
      .replace(
        '#include <opaque_fragment>',
        `float w = sin(dot(vWaterXZ, vec2(0.045, 0.021)) + uTime * 1.3)
  + sin(dot(vWaterXZ, vec2(-0.017, 0.033)) - uTime * 0.9)
  + 0.6 * sin(dot(vWaterXZ, vec2(0.029, -0.041)) + uTime * 1.7);
float crest = smoothstep(1.2, 2.4, w);
outgoingLight = outgoingLight * (0.94 + 0.025 * w) + vec3(0.1, 0.13, 0.15) * crest;
#include <opaque_fragment>`,
      );
  };
  m.customProgramCacheKey = () => 'hazard-water-shimmer';
  return m;
}

/** A translucent unlit material (volumes). */
function glassMaterial(opts: THREE.MeshBasicMaterialParameters): THREE.MeshBasicMaterial {
  return new THREE.MeshBasicMaterial({
    transparent: true,
    depthWrite: false,
    side: THREE.DoubleSide,
    ...opts,
  });
}

/** The newest hazard of a kind that is not over, or null. */
function activeOf(hazards: readonly ActiveHazard[], kind: ActiveHazard['kind']): ActiveHazard | null {
  for (let i = hazards.length - 1; i >= 0; i--) {
    const h = hazards[i]!;
    if (h.kind === kind && h.phase !== 'over') return h;
  }
  return null;
}

/** Heights of the PGA cylinders, m: the innermost (strongest) band tallest, a stepped cone. */
const PGA_WALL_BASE_M = 60;
const PGA_WALL_STEP_M = 45;
/** How far cylinder walls and curtains reach below the ground at their centre (so they meet sloping ground), m. */
const BELOW_M = 40;
/** Heat prism height: 40 m plus 160 m × risk (0…1): tall enough to read, low enough to see the city through. */
const HEAT_BASE_M = 40;
const HEAT_RISK_M = 160;
const HEAT_ALPHA = 55;
/** Evacuation dashes: 40 m dash, 25 m gap, flowing at 60 m per second of wall time toward the shelter. */
const EVAC_DASH_M = 40;
const EVAC_GAP_M = 25;
const EVAC_FLOW_MS = 60;
const FIRE_COLOR: Rgb = [255, 110, 30];
const SHELTER_COLOR: Rgb = POI_COLORS[PoiKind.shelter] ?? [90, 210, 190];
/** Shelter tent (m at marker scale 1) and its occupancy bar. */
const TENT_M = 7;
const BAR_M = 14;

/** Probe argument asking for a timed synchronous render (see the probe below). */
export const RENDER_TIMING_ARG = -2;

/** What was last drawn (probe, change detection). */
interface DrawState {
  floodVersion: number;
  wet: number;
  floodOn: boolean;
  tintKey: string;
  tinted: Uint32Array;
  scale: number;
  lastLive: number;
  frames: number;
  renderMs: number;
  renderFrames: number;
}

/** The hazards of `model` in 3D. */
export function Hazards3D({
  model,
  buildings,
  pickables,
}: {
  model: CityModel;
  buildings: BuildingMeshRef | null;
  pickables: MutableRefObject<HazardPickables>;
}) {
  const layers = useAppStore((s) => s.layers);
  const hazards = useAppStore((s) => s.hzHazards);
  const heat = useAppStore((s) => s.hzHeat);
  const fire = useAppStore((s) => s.hzFire);
  const evac = useAppStore((s) => s.hzEvacuation);
  const shelters = useAppStore((s) => s.hzShelters);
  const outage = useAppStore((s) => s.hzOutage);
  const { camera, controls, invalidate, gl, scene } = useThree();
  const ground = useMemo(() => (x: number, y: number) => sampleTerrain(model.terrain, x, y), [model]);
  const st = useRef<DrawState>({
    floodVersion: -1,
    wet: 0,
    floodOn: false,
    tintKey: '',
    tinted: new Uint32Array(5),
    scale: -1,
    lastLive: 0,
    frames: 0,
    renderMs: 0,
    renderFrames: 0,
  });

  // ---- Flood: one mesh; its geometry is replaced only when the grid's size changes.
  const time = useMemo(() => ({ value: 0 }), []);
  const water = useMemo(() => {
    const mesh = new THREE.Mesh(new THREE.BufferGeometry(), waterMaterial(time));
    mesh.renderOrder = 4;
    mesh.visible = false;
    mesh.frustumCulled = false;
    return { mesh, surf: null as FloodSurface | null };
    // A new model: a new surface (its ground comes from the model's terrain).
  }, [time, model]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(
    () => () => {
      water.mesh.geometry.dispose();
      (water.mesh.material as THREE.Material).dispose();
    },
    [water],
  );
  useEffect(() => {
    st.current.floodVersion = -1;
  }, [water, model]);
  useEffect(() => {
    const p = pickables.current;
    p.water = water.mesh;
    return () => {
      p.water = null;
    };
  }, [water, pickables]);

  /** Rewrites the water from the hot grid (in place; a new geometry only for a new grid size). */
  const drawFlood = (): void => {
    const s = st.current;
    s.floodVersion = hotHazard.version;
    const h = hotHazard;
    if (h.nx < 2 || h.ny < 2) {
      s.wet = 0;
      return;
    }
    let surf = water.surf;
    if (
      !surf ||
      surf.nx !== h.nx ||
      surf.ny !== h.ny ||
      surf.x0 !== h.x0 ||
      surf.y0 !== h.y0 ||
      surf.cellM !== h.cellM
    ) {
      surf = buildFloodSurface(h.nx, h.ny, h.x0, h.y0, h.cellM, ground);
      water.surf = surf;
      const g = new THREE.BufferGeometry();
      g.setAttribute(
        'position',
        new THREE.BufferAttribute(surf.positions, 3).setUsage(THREE.DynamicDrawUsage),
      );
      g.setAttribute(
        'color',
        new THREE.BufferAttribute(surf.colors, 4, true).setUsage(THREE.DynamicDrawUsage),
      );
      g.setIndex(new THREE.BufferAttribute(surf.index, 1));
      water.mesh.geometry.dispose();
      water.mesh.geometry = g;
    }
    s.wet = paintFloodSurface(surf, h.depthM);
    const g = water.mesh.geometry;
    g.getAttribute('position').needsUpdate = true;
    g.getAttribute('color').needsUpdate = true;
    g.computeBoundingSphere();
  };

  // ---- Damage tint of the building mesh (once per hazard; restored when over / layer off).
  const original = useMemo(() => (buildings ? buildings.arrays.colors.slice() : null), [buildings]);
  const quake = activeOf(hazards, 'earthquake');
  const quakeId = quake?.id ?? '';
  // Keyed on the id: the hazard object is new in every message, its damage is not.
  const damage = useMemo(() => (quake ? quakeDamageOf(model, quake) : null), [model, quakeId]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (!buildings || !original) return;
    const s = st.current;
    const on = layers.damage && damage !== null;
    const key = on && quake ? quake.id : '';
    if (key === s.tintKey) return;
    const colors = buildings.arrays.colors;
    if (on && damage) tintBuildingsByDamage(model.buildings, original, colors, damage.damageState, s.tinted);
    else {
      colors.set(original);
      s.tinted.fill(0);
    }
    s.tintKey = key;
    buildings.geom.getAttribute('color').needsUpdate = true;
    invalidate();
  }, [buildings, original, damage, quake, layers.damage, model, invalidate]);
  // Restore the normal colours when this layer unmounts.
  useEffect(
    () => () => {
      if (!buildings || !original) return;
      buildings.arrays.colors.set(original);
      buildings.geom.getAttribute('color').needsUpdate = true;
      st.current.tintKey = '';
    },
    [buildings, original],
  );

  // ---- Earthquake: a cylinder per intensity degree (GB/T 17742 PGA bands) out to where the attenuation relation of the
  // core (earthquake.ts pgaG, epicentral distance) falls below the band: the same radii as the map's rings.
  const pga = useMemo(() => {
    if (!quake || quake.spec.kind !== 'earthquake') return null;
    const { x, y, magnitude } = quake.spec;
    const g0 = ground(x, y);
    const group = new THREE.Group();
    let n = 0;
    for (let k = 0; k < INTENSITY_LEVELS.length; k++) {
      const lv = INTENSITY_LEVELS[k]!;
      const r = radiusForPgaKm((dKm) => pgaG(magnitude, dKm), lv.minPgaG, 100) * 1000;
      if (!(r > 1)) continue;
      const h = PGA_WALL_BASE_M + PGA_WALL_STEP_M * k + BELOW_M;
      const wall = new THREE.Mesh(
        new THREE.CylinderGeometry(r, r, h, 96, 1, true),
        glassMaterial({ color: rgbColor(lv.color), opacity: 0.22 }),
      );
      wall.position.set(x, g0 - BELOW_M + h / 2, -y);
      wall.renderOrder = 6;
      const rim = new THREE.Mesh(
        new THREE.TorusGeometry(r, Math.max(2, r * 0.004), 6, 96).rotateX(Math.PI / 2),
        new THREE.MeshBasicMaterial({ color: rgbColor(lv.color) }),
      );
      rim.position.set(x, g0 - BELOW_M + h, -y);
      group.add(wall, rim);
      n++;
    }
    // Epicentre: a downward red cone over the point, above the tallest cylinder.
    const epi = new THREE.Mesh(
      new THREE.ConeGeometry(18, 60, 12).rotateX(Math.PI),
      new THREE.MeshBasicMaterial({ color: rgbColor(ALERT_COLORS[4]!) }),
    );
    epi.position.set(x, g0 + PGA_WALL_BASE_M + PGA_WALL_STEP_M * INTENSITY_LEVELS.length + 40, -y);
    group.add(epi);
    return { group, rings: n };
  }, [quakeId, ground]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => () => disposeGroup(pga?.group), [pga]);

  // ---- Fire: spread dome and a flickering flame over the building.
  const fireOn = fire !== null && activeOf(hazards, 'fire') !== null;
  const fireKey = fire && fireOn ? `${fire.building}:${fire.spreadRadiusM}:${fire.spreadRisk}` : '';
  const fireObj = useMemo(() => {
    if (!fire || !fireOn) return null;
    const b = fire.building;
    if (!(b >= 0 && b < model.buildings.count)) return null;
    const c = [0, 0];
    footprintCentroid(model.buildings, b, c);
    const x = c[0] as number;
    const y = c[1] as number;
    const g0 = ground(x, y);
    const r = Math.max(20, fire.spreadRadiusM);
    const group = new THREE.Group();
    const dome = new THREE.Mesh(
      new THREE.SphereGeometry(r, 48, 16, 0, Math.PI * 2, 0, Math.PI / 2),
      glassMaterial({ color: rgbColor(FIRE_COLOR), opacity: 0.18 + 0.06 * fire.spreadRisk }),
    );
    dome.position.set(x, g0, -y);
    dome.renderOrder = 6;
    const flame = new THREE.Mesh(
      new THREE.ConeGeometry(0.5, 1.6, 10).translate(0, 0.8, 0),
      new THREE.MeshBasicMaterial({ color: rgbColor([255, 190, 60]), transparent: true, opacity: 0.95 }),
    );
    const roof = (model.buildings.baseZM[b] as number) + (model.buildings.heightM[b] as number);
    flame.position.set(x, roof, -y);
    flame.renderOrder = 7;
    group.add(dome, flame);
    return { group, flame };
  }, [fireKey, model, ground]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => () => disposeGroup(fireObj?.group), [fireObj]);

  // ---- Heat: district prisms (built once per model, painted per heat summary).
  const prisms = useMemo(() => {
    const m = buildZonePrisms(model.zones, triangulateFootprints(model.zones), ground, 0);
    const g = new THREE.BufferGeometry();
    g.setAttribute('position', new THREE.BufferAttribute(m.positions, 3));
    g.setAttribute('color', new THREE.BufferAttribute(m.colors, 4, true));
    g.setIndex(new THREE.BufferAttribute(m.index, 1));
    const mesh = new THREE.Mesh(g, glassMaterial({ vertexColors: true }));
    mesh.renderOrder = 5;
    mesh.frustumCulled = false;
    return {
      m,
      mesh,
      heightM: new Float32Array(model.zones.count),
      rgba: new Uint8Array(model.zones.count * 4),
    };
  }, [model, ground]);
  useEffect(
    () => () => {
      prisms.mesh.geometry.dispose();
      (prisms.mesh.material as THREE.Material).dispose();
    },
    [prisms],
  );
  const heatShown = useMemo(() => {
    prisms.heightM.fill(0);
    prisms.rgba.fill(0);
    if (heat && activeOf(hazards, 'heat'))
      for (const d of heat.districts) {
        if (d.zone < 0 || d.zone >= model.zones.count || d.level === 0) continue;
        const c = ALERT_COLORS[d.level]!;
        prisms.heightM[d.zone] = HEAT_BASE_M + HEAT_RISK_M * Math.min(1, Math.max(0, d.risk));
        prisms.rgba.set([c[0], c[1], c[2], HEAT_ALPHA], d.zone * 4);
      }
    const n = paintPrisms(prisms.m, prisms.heightM, prisms.rgba);
    prisms.mesh.geometry.getAttribute('position').needsUpdate = true;
    prisms.mesh.geometry.getAttribute('color').needsUpdate = true;
    prisms.mesh.geometry.computeBoundingSphere();
    return n;
  }, [prisms, heat, hazards, model]);

  // ---- Evacuation routes: screen-width dashed lines whose dashes flow toward the shelter.
  const routes = useMemo(() => {
    const seg = evacSegments(evac, ground, 3);
    const geom = new LineSegmentsGeometry();
    const mat = new LineMaterial({
      color: new THREE.Color(css(EVAC_COLOR)).getHex(),
      linewidth: 3,
      worldUnits: false,
      dashed: true,
      dashSize: EVAC_DASH_M,
      gapSize: EVAC_GAP_M,
      transparent: true,
      depthWrite: false,
    });
    const obj = new LineSegments2(geom, mat);
    obj.frustumCulled = false;
    obj.renderOrder = 8;
    if (seg.length > 0) {
      geom.setPositions(seg);
      obj.computeLineDistances();
    }
    return { obj, geom, mat, segments: seg.length / 6 };
  }, [evac, ground]);
  useEffect(
    () => () => {
      routes.geom.dispose();
      routes.mat.dispose();
    },
    [routes],
  );

  // ---- Shelters: a tent per shelter (open: shelter colour, closed: grey) and an occupancy bar beside it.
  const shelterKey = shelters
    .map((sh) => `${sh.poi}:${sh.capacity}:${sh.occupants}:${sh.open ? 1 : 0}`)
    .join(',');
  const shelterSet = useMemo(() => {
    const n = shelters.length;
    const cap = Math.max(1, n);
    const tents = new THREE.InstancedMesh(
      new THREE.ConeGeometry(0.7, 1, 4).translate(0, 0.5, 0),
      new THREE.MeshLambertMaterial({ emissive: rgbColor([40, 60, 60]) }),
      cap,
    );
    const back = new THREE.InstancedMesh(
      new THREE.BoxGeometry(0.22, 1, 0.22).translate(0, 0.5, 0),
      new THREE.MeshBasicMaterial({ color: rgbColor([40, 52, 70]) }),
      cap,
    );
    const fill = new THREE.InstancedMesh(
      new THREE.BoxGeometry(0.26, 1, 0.26).translate(0, 0.5, 0),
      new THREE.MeshBasicMaterial(),
      cap,
    );
    for (const m of [tents, back, fill]) {
      m.count = n;
      m.frustumCulled = false;
      m.instanceColor = new THREE.InstancedBufferAttribute(new Float32Array(cap * 3).fill(1), 3);
    }
    const frac = new Float32Array(n);
    const xy = new Float32Array(n * 2);
    const tc = tents.instanceColor!.array as Float32Array;
    const fc = fill.instanceColor!.array as Float32Array;
    shelters.forEach((sh, i) => {
      const x = (model.pois.xy[sh.poi * 2] as number | undefined) ?? 0;
      const y = (model.pois.xy[sh.poi * 2 + 1] as number | undefined) ?? 0;
      xy[i * 2] = x;
      xy[i * 2 + 1] = y;
      frac[i] = shelterGauge(sh.occupants, sh.capacity, sh.open).share;
      const t = sh.open ? SHELTER_COLOR : SHELTER_COLORS.closed;
      tc.set([t[0] / 255, t[1] / 255, t[2] / 255], i * 3);
      const c = shelterGauge(sh.occupants, sh.capacity, sh.open).color;
      fc.set([c[0] / 255, c[1] / 255, c[2] / 255], i * 3);
    });
    return { tents, back, fill, frac, xy, n };
  }, [shelterKey, model]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(
    () => () => {
      for (const m of [shelterSet.tents, shelterSet.back, shelterSet.fill]) {
        m.geometry.dispose();
        (m.material as THREE.Material).dispose();
        m.dispose();
      }
    },
    [shelterSet],
  );
  useEffect(() => {
    st.current.scale = -1;
  }, [shelterSet]);

  // ---- Outage footprints (rebuilt when the set of areas changes, not on every message).
  const outageKey = outage ? outage.areas.map((a) => `${a.feeder}:${a.hull.length}`).join(',') : '';
  const outageObj = useMemo(() => {
    const hulls = outage?.areas.map((a) => a.hull) ?? [];
    const o = buildOutageMesh(hulls, ground, 1.5, 25);
    const g = new THREE.BufferGeometry();
    g.setAttribute('position', new THREE.BufferAttribute(o.positions, 3));
    g.setIndex(new THREE.BufferAttribute(o.index, 1));
    const mesh = new THREE.Mesh(
      g,
      glassMaterial({
        color: rgbColor(OUTAGE_FILL),
        // Dims the area, keeps its buildings and streets readable.
        opacity: 0.35,
        polygonOffset: true,
        polygonOffsetFactor: -3,
        polygonOffsetUnits: -12,
      }),
    );
    mesh.renderOrder = 3;
    mesh.frustumCulled = false;
    return { mesh, areas: hulls.filter((h) => h.length >= 6).length };
  }, [outageKey, ground]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(
    () => () => {
      outageObj.mesh.geometry.dispose();
      (outageObj.mesh.material as THREE.Material).dispose();
    },
    [outageObj],
  );

  useEffect(() => invalidate(), [layers, pga, fireObj, heatShown, routes, shelterSet, outageObj, invalidate]);

  // ---- Redraws (demand canvas): a frame for a new flood grid (paced like other live data) and paced animation
  // frames while something animated is on screen.
  useEffect(() => {
    const { liveRedrawMs, animationFrameMs } = renderProfile();
    let raf = 0;
    let lastAnim = 0;
    const tick = (now: number) => {
      const s = st.current;
      const ly = appStore.getState().layers;
      if (ly.flood && hotHazard.version !== s.floodVersion && now - s.lastLive >= liveRedrawMs) {
        s.lastLive = now;
        invalidate();
      }
      const animated =
        (ly.flood && s.wet > 0) ||
        (ly.hazardIntensity && fireObj !== null) ||
        (ly.evacuation && routes.segments > 0);
      if (animated && now - lastAnim >= animationFrameMs) {
        lastAnim = now;
        invalidate();
      }
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [invalidate, fireObj, routes]);

  useFrame((state) => {
    const t0 = performance.now();
    const s = st.current;
    const ly = appStore.getState().layers;
    if (ly.flood && hotHazard.version !== s.floodVersion) drawFlood();
    water.mesh.visible = ly.flood && s.wet > 0;
    if (water.mesh.visible !== s.floodOn) {
      s.floodOn = water.mesh.visible;
      renderKeyRef.current();
    }
    const tS = state.clock.elapsedTime;
    time.value = tS;
    routes.mat.dashOffset = -((tS * EVAC_FLOW_MS) % (EVAC_DASH_M + EVAC_GAP_M));
    const ctl = controls as unknown as { target?: THREE.Vector3 } | null;
    const scale = markerScale(ctl?.target ? camera.position.distanceTo(ctl.target) : 3000);
    if (fireObj) {
      const f = fireFlicker(tS);
      fireObj.flame.scale.set(9 * scale * f, 14 * scale * (0.7 + 0.3 * f), 9 * scale * f);
      (fireObj.flame.material as THREE.MeshBasicMaterial).opacity = 0.6 + 0.4 * f;
    }
    if (scale !== s.scale) {
      s.scale = scale;
      placeShelters(shelterSet, ground, scale);
    }
    s.frames++;
    s.renderMs += performance.now() - t0;
    s.renderFrames++;
  });

  // ---- The key (legend) for what is drawn, top left in the 3D key stack.
  const renderKeyRef = useRef<() => void>(() => {});
  const keyInfo = useRef({ pga: 0, fire: false, heat: 0, routes: 0, shelters: 0, outage: 0 });
  keyInfo.current = {
    pga: pga?.rings ?? 0,
    fire: fireObj !== null,
    heat: heatShown,
    routes: routes.segments,
    shelters: shelterSet.n,
    outage: outageObj.areas,
  };
  useEffect(() => {
    const container = gl.domElement.parentElement;
    if (!container) return;
    const el = appendKey(container, 'hazard-3d-key');
    const render = () => {
      const { layers: ly, lang } = appStore.getState();
      const t = dict(lang);
      const k = keyInfo.current;
      const s = st.current;
      const sw = (c: Rgb, round = false) =>
        `<span style="display:inline-block;width:.8em;height:.8em;margin:0 .25em 0 .5em;vertical-align:-1px;border-radius:${round ? '50%' : '2px'};background:${css(c)}"></span>`;
      const rows: string[] = [];
      if (ly.flood && s.wet > 0)
        rows.push(
          `<div>${t.hz3dKeyFlood}${FLOOD_BANDS.map(
            (b, i) =>
              sw(b.color) +
              (i + 1 < FLOOD_BANDS.length ? `${b.minM}–${FLOOD_BANDS[i + 1]!.minM}` : `≥ ${b.minM}`),
          ).join('')} m</div>`,
        );
      if (ly.damage && s.tintKey !== '')
        rows.push(
          `<div>${t.hz3dKeyDamage}${DAMAGE_COLORS.map((c, i) => sw(c) + t.hzDamageState(i)).join('')}</div>`,
        );
      if (ly.hazardIntensity && k.pga > 0)
        rows.push(
          `<div>${t.hz3dKeyPga}${INTENSITY_LEVELS.map((l) => `${sw(l.color, true)}${l.name} ≥ ${l.minPgaG.toFixed(2)} g`).join('')}</div>`,
        );
      if (ly.hazardIntensity && k.heat > 0)
        rows.push(
          `<div>${t.hz3dKeyHeat}${([1, 2, 3, 4] as const).map((l) => sw(ALERT_COLORS[l]!) + t.hzAlert(l)).join('')}</div>`,
        );
      if (ly.hazardIntensity && k.fire) rows.push(`<div>${sw(FIRE_COLOR, true)}${t.hz3dKeyFire}</div>`);
      const misc: string[] = [];
      if (ly.evacuation && k.routes > 0) misc.push(sw(EVAC_COLOR) + t.hz3dKeyEvac);
      if (ly.shelters && k.shelters > 0)
        misc.push(
          sw(SHELTER_COLOR) +
            t.hz3dKeyShelter +
            sw(SHELTER_COLORS.room) +
            `< ${SHELTER_NEARLY_FULL * 100} %` +
            sw(SHELTER_COLORS.nearlyFull) +
            `≥ ${SHELTER_NEARLY_FULL * 100} %` +
            sw(SHELTER_COLORS.full) +
            '100 %',
        );
      if (ly.outage && k.outage > 0) misc.push(sw([40, 44, 56]) + t.hz3dKeyOutage);
      if (misc.length > 0) rows.push(`<div>${misc.join('')}</div>`);
      el.style.display = rows.length > 0 ? 'block' : 'none';
      el.innerHTML =
        rows.length > 0 ? `<div><b style="color:#e6f0ff">${t.hz3dKeyTitle}</b></div>${rows.join('')}` : '';
    };
    renderKeyRef.current = render;
    render();
    const off = appStore.subscribe((s, prev) => {
      if (s.lang !== prev.lang || s.layers !== prev.layers || s.hzVersion !== prev.hzVersion) render();
    });
    return () => {
      off();
      el.remove();
      renderKeyRef.current = () => {};
    };
  }, [gl]);
  useEffect(() => renderKeyRef.current(), [pga, fireObj, heatShown, routes, shelterSet, outageObj, layers]);

  // ---- Test probe (window.__citybrain.hazardProbe('three', arg)): floodVersion (hotHazard.version drawn),
  // wetVertices, floodVisible, tinted0…tinted4 and tintedTotal (buildings drawn per damage state), pgaRings,
  // fireDome, heatPrisms, evacSegments, shelters, outageAreas, volumes (rings + dome + prisms + outage areas), frames
  // and useFrameMeanMs; wetPx/wetPy/wetDepthM: page pixels of the deepest wet vertex on screen (to hover / click the
  // water). With a building index: its damageState and drawn roof colour r, g, b. With RENDER_TIMING_ARG:
  // syncRenderMs, the time of one full synchronous render.
  useEffect(() => {
    const v = new THREE.Vector3();
    registerHazardProbe('three', (arg) => {
      const s = st.current;
      const ly = appStore.getState().layers;
      const out: Record<string, number> = {
        floodVersion: s.floodVersion,
        wetVertices: water.mesh.visible ? s.wet : 0,
        floodVisible: water.mesh.visible ? 1 : 0,
        tintedTotal: 0,
        pgaRings: ly.hazardIntensity ? (pga?.rings ?? 0) : 0,
        fireDome: ly.hazardIntensity && fireObj ? 1 : 0,
        heatPrisms: ly.hazardIntensity ? heatShown : 0,
        evacSegments: ly.evacuation ? routes.segments : 0,
        shelters: ly.shelters ? shelterSet.n : 0,
        outageAreas: ly.outage ? outageObj.areas : 0,
        frames: s.frames,
        useFrameMeanMs: s.renderFrames > 0 ? s.renderMs / s.renderFrames : 0,
      };
      for (let d = 0; d < 5; d++) {
        out[`tinted${d}`] = s.tinted[d] as number;
        out.tintedTotal = (out.tintedTotal as number) + (s.tinted[d] as number);
      }
      out.volumes = out.pgaRings! + out.fireDome! + out.heatPrisms! + out.outageAreas!;
      if (arg !== undefined && arg >= 0 && arg < model.buildings.count && buildings) {
        if (damage && s.tintKey !== '') out.damageState = damage.damageState[arg] as number;
        const c = buildings.arrays.colors;
        // The roof vertex (first of the building) carries the undimmed tint.
        const v0 = buildingVertexStart(model.buildings, arg);
        out.r = c[v0 * 3] as number;
        out.g = c[v0 * 3 + 1] as number;
        out.b = c[v0 * 3 + 2] as number;
      }
      if (arg === RENDER_TIMING_ARG) {
        // Three synchronous renders of the whole scene, each finished by a 1-pixel read-back (which waits for the
        // rasteriser): the real cost of a frame as drawn now, GPU or software alike.
        const ctx = gl.getContext();
        const px = new Uint8Array(4);
        const t0 = performance.now();
        for (let i = 0; i < 3; i++) {
          gl.render(scene, camera);
          ctx.readPixels(0, 0, 1, 1, ctx.RGBA, ctx.UNSIGNED_BYTE, px);
        }
        out.syncRenderMs = (performance.now() - t0) / 3;
      }
      const surf = water.surf;
      if (surf && water.mesh.visible) {
        let best = -1;
        let bestD = WET_THRESHOLD_M - 1e-6;
        const rect = gl.domElement.getBoundingClientRect();
        for (let k = 0; k < surf.nx * surf.ny; k++) {
          const d = hotHazard.depthM[k] as number;
          if (!(d > bestD)) continue;
          v.set(surf.positions[k * 3]!, surf.positions[k * 3 + 1]!, surf.positions[k * 3 + 2]!).project(
            camera,
          );
          if (v.z > 1 || Math.abs(v.x) > 0.9 || Math.abs(v.y) > 0.9) continue;
          best = k;
          bestD = d;
        }
        if (best >= 0) {
          v.set(
            surf.positions[best * 3]!,
            surf.positions[best * 3 + 1]!,
            surf.positions[best * 3 + 2]!,
          ).project(camera);
          out.wetPx = rect.left + ((v.x + 1) / 2) * rect.width;
          out.wetPy = rect.top + ((1 - v.y) / 2) * rect.height;
          out.wetDepthM = bestD;
        }
      }
      return out;
    });
    return () => registerHazardProbe('three', null);
  }, [
    water,
    pga,
    fireObj,
    heatShown,
    routes,
    shelterSet,
    outageObj,
    buildings,
    damage,
    model,
    camera,
    gl,
    scene,
  ]);

  return (
    <>
      <primitive object={water.mesh} />
      {pga && <primitive object={pga.group} visible={layers.hazardIntensity} />}
      {fireObj && <primitive object={fireObj.group} visible={layers.hazardIntensity} />}
      <primitive object={prisms.mesh} visible={layers.hazardIntensity && heatShown > 0} />
      <primitive object={routes.obj} visible={layers.evacuation && routes.segments > 0} />
      <primitive object={shelterSet.tents} visible={layers.shelters && shelterSet.n > 0} />
      <primitive object={shelterSet.back} visible={layers.shelters && shelterSet.n > 0} />
      <primitive object={shelterSet.fill} visible={layers.shelters && shelterSet.n > 0} />
      <primitive object={outageObj.mesh} visible={layers.outage && outageObj.areas > 0} />
    </>
  );
}

const tmpM = new THREE.Matrix4();

/** Places the shelter tents and bars at marker scale `scale` (tent at the POI, the bar one tent-width east). */
function placeShelters(
  set: {
    tents: THREE.InstancedMesh;
    back: THREE.InstancedMesh;
    fill: THREE.InstancedMesh;
    frac: Float32Array;
    xy: Float32Array;
    n: number;
  },
  ground: (x: number, y: number) => number,
  scale: number,
): void {
  const m = tmpM;
  for (let i = 0; i < set.n; i++) {
    const x = set.xy[i * 2] as number;
    const y = set.xy[i * 2 + 1] as number;
    const g = ground(x, y);
    const t = TENT_M * scale;
    set.tents.setMatrixAt(i, m.makeScale(t * 1.4, t, t * 1.4).setPosition(x, g, -y));
    const bx = x + t * 1.1;
    const bar = BAR_M * scale;
    set.back.setMatrixAt(i, m.makeScale(t, bar, t).setPosition(bx, g, -y));
    set.fill.setMatrixAt(
      i,
      m.makeScale(t, Math.max(0.02, bar * (set.frac[i] as number)), t).setPosition(bx, g, -y),
    );
  }
  for (const mesh of [set.tents, set.back, set.fill]) mesh.instanceMatrix.needsUpdate = true;
}

/** Disposes the geometries and materials of a group's meshes. */
function disposeGroup(g: THREE.Group | undefined): void {
  g?.traverse((o) => {
    if (o instanceof THREE.Mesh) {
      o.geometry.dispose();
      (o.material as THREE.Material).dispose();
    }
  });
}
