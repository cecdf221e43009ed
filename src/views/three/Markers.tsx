/**
 * Point features of the 3D twin as instanced meshes: road-loop and other sensors (pylons coloured by the live speed
 * ratio, the map legend's ramp), energy assets by kind (hex prisms), POIs by kind (pins), incidents as pulsing light
 * columns with their impact-radius ring; plus the selection highlight for points and links (ground ring + raised
 * marker, a glowing ribbon for links) and the fly-to camera move.
 *
 * Markers are sized in metres times a zoom factor (camera distance / 1500 m, clamped 1..8, quantised) so they stay
 * a few pixels wide over the whole city; matrices are rewritten only when that factor changes. Live colours are
 * written in useFrame only when hot.version changed — no allocation and no setState per frame. The canvas renders on
 * demand: a small rAF loop invalidates it when the hot buffers changed or while incidents pulse.
 */
import { useEffect, useMemo, useRef, type MutableRefObject } from 'react';
import { useFrame, useThree } from '@react-three/fiber';
import * as THREE from 'three';
import { LinkFlag, NO_INDEX, SensorKind, type CityModel } from '../../core/scene/types.ts';
import { Channel, hot } from '../../feed/hotBuffers.ts';
import {
  HIGHLIGHT,
  INCIDENT_COLORS,
  POI_COLORS,
  POWER_COLORS,
  colorOf,
  speedRatioColor,
} from '../../app/palette.ts';
import { appStore, useAppStore } from '../../state/store.ts';
import type { Selection } from '../../state/selectionSlice.ts';
import { incidentRadiusM, selectionAnchor } from '../selectionAnchor.ts';
import { onFlyTo } from '../flyTo.ts';
import { renderProfile } from '../renderProfile.ts';
import { OTHER_SENSOR } from '../map/deckLayers.ts';
import { buildRoadRibbons, linkWidthM, sampleTerrain } from './sceneGeometry.ts';

/** What CityContent raycasts besides buildings and roads (null = not mounted / hidden). */
export interface MarkerPickables {
  sensors: THREE.InstancedMesh | null;
  power: THREE.InstancedMesh | null;
  pois: THREE.InstancedMesh | null;
  beacons: THREE.InstancedMesh | null;
  /** Incident id per beacon instance. */
  beaconIds: string[];
}

/** Base marker sizes at zoom factor 1, metres: [radius, height]. */
const SENSOR_SIZE_M = [3, 16] as const;
/** Power assets float as diamonds (unit octahedron spans 0.2..3.0 × height) so they never read as buildings. */
const POWER_SIZE_M = [7, 7] as const;
const POWER_TOP = 3;
const POI_SIZE_M = [4, 9] as const;
/** Beacon column radius (m at zoom factor 1) and height (m) per severity step. */
const BEACON_RADIUS_M = 4;
const BEACON_HEIGHT_PER_SEVERITY_M = 160;
const MAX_BEACONS = 512;

/** Zoom factor of marker sizes for a camera distance (m): 1 up close, up to 8 over a whole city, in 1/8 steps. */
export function markerScale(distM: number): number {
  const s = Math.min(8, Math.max(1, distM / 1500));
  return Math.round(s * 8) / 8;
}

/** Writes colour c (0–255) into a Float32 instance-colour array at instance i (palette colours pass unconverted). */
function putColor(arr: Float32Array | ArrayLike<number>, i: number, c: ArrayLike<number>): void {
  const a = arr as Float32Array;
  a[i * 3] = (c[0] as number) / 255;
  a[i * 3 + 1] = (c[1] as number) / 255;
  a[i * 3 + 2] = (c[2] as number) / 255;
}

/** An instanced mesh of `count` instances with a colour attribute. */
function makeInstanced(geom: THREE.BufferGeometry, mat: THREE.Material, count: number): THREE.InstancedMesh {
  const m = new THREE.InstancedMesh(geom, mat, Math.max(1, count));
  m.count = count;
  m.instanceColor = new THREE.InstancedBufferAttribute(new Float32Array(Math.max(1, count) * 3), 3);
  m.frustumCulled = false;
  return m;
}

/** Ground heights of a point set. */
function groundOf(model: CityModel, xy: Float32Array, count: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++)
    out[i] = sampleTerrain(model.terrain, xy[i * 2] as number, xy[i * 2 + 1] as number);
  return out;
}

const tmpM = new THREE.Matrix4();

/** Rewrites the matrices of a point set for zoom factor s. */
function placeAll(
  mesh: THREE.InstancedMesh,
  xy: Float32Array,
  ground: Float32Array,
  size: readonly [number, number],
  s: number,
): void {
  for (let i = 0; i < mesh.count; i++) {
    tmpM.makeScale(size[0] * s, size[1] * s, size[0] * s);
    tmpM.setPosition(xy[i * 2] as number, ground[i] as number, -(xy[i * 2 + 1] as number));
    mesh.setMatrixAt(i, tmpM);
  }
  mesh.instanceMatrix.needsUpdate = true;
  mesh.computeBoundingSphere();
}

/** A flat ribbon along link l's own carriageway, `widthM` wide, `liftM` above the terrain (for the highlight). */
function linkGlowGeometry(model: CityModel, l: number, widthM: number, liftM: number): THREE.BufferGeometry {
  const ribbon = buildRoadRibbons(model.roads, model.terrain, () => HIGHLIGHT, liftM, l, l + 1, widthM);
  const geom = new THREE.BufferGeometry();
  geom.setAttribute('position', new THREE.BufferAttribute(ribbon.positions, 3));
  geom.setIndex(new THREE.BufferAttribute(ribbon.index, 1));
  return geom;
}

/** Size ([radius, height] at zoom 1) of the marker a selection is drawn with, for its highlight. */
function markerSizeOf(sel: Selection): readonly [number, number] {
  switch (sel.kind) {
    case 'sensor':
      return SENSOR_SIZE_M;
    case 'power':
      return POWER_SIZE_M;
    case 'poi':
      return POI_SIZE_M;
    case 'link':
      return [6, 4];
    case 'incident':
      return [BEACON_RADIUS_M * 2, 40];
    case 'building':
      return [6, 0];
    case 'energy':
      return POWER_SIZE_M;
    case 'workOrder':
      return [BEACON_RADIUS_M, 30];
    case 'hazard':
    case 'cascade':
      return [BEACON_RADIUS_M, 40];
    default: {
      const never: never = sel;
      throw new Error(`markerSizeOf: unhandled selection ${String(never)}`);
    }
  }
}

const HL_COLOR = new THREE.Color(HIGHLIGHT[0] / 255, HIGHLIGHT[1] / 255, HIGHLIGHT[2] / 255);

/** The marker layers, highlight and fly-to of the 3D view. */
export function Markers({
  model,
  pickables,
}: {
  model: CityModel;
  pickables: MutableRefObject<MarkerPickables>;
}) {
  const layers = useAppStore((s) => s.layers);
  const selection = useAppStore((s) => s.selection);
  const incidents = useAppStore((s) => s.incidents);
  const { camera, invalidate, controls } = useThree();
  const scaleRef = useRef(-1);

  // Instanced meshes, built once per model.
  const sets = useMemo(() => {
    const s = model.sensors;
    const sensorGeom = new THREE.CylinderGeometry(1, 0.35, 1, 8).translate(0, 0.5, 0);
    const powerGeom = new THREE.OctahedronGeometry(1).scale(1, 1.4, 1).translate(0, 1.6, 0);
    const poiGeom = new THREE.ConeGeometry(1, 1, 10).rotateX(Math.PI).translate(0, 0.5, 0);
    // Live colours unlit (MeshBasic): the pylon shows exactly the legend's ramp colour.
    const sensors = makeInstanced(sensorGeom, new THREE.MeshBasicMaterial(), s.count);
    const power = makeInstanced(powerGeom, new THREE.MeshLambertMaterial(), model.power.count);
    const pois = makeInstanced(poiGeom, new THREE.MeshLambertMaterial(), model.pois.count);
    const freeKph = new Float32Array(s.count).fill(Number.NaN);
    for (let i = 0; i < s.count; i++) {
      const l = s.linkIndex[i] as number;
      if (l !== NO_INDEX && l < model.roads.linkCount) freeKph[i] = model.roads.freeSpeedKph[l] as number;
      if ((s.kind[i] as number) !== SensorKind.roadLoop)
        putColor(sensors.instanceColor!.array, i, OTHER_SENSOR);
    }
    for (let i = 0; i < model.power.count; i++)
      putColor(power.instanceColor!.array, i, colorOf(POWER_COLORS, model.power.kind[i] as number));
    for (let i = 0; i < model.pois.count; i++)
      putColor(pois.instanceColor!.array, i, colorOf(POI_COLORS, model.pois.kind[i] as number));
    const beaconMat = new THREE.MeshBasicMaterial({
      transparent: true,
      opacity: 0.55,
      blending: THREE.AdditiveBlending,
      depthWrite: false,
      side: THREE.DoubleSide,
    });
    const beacons = makeInstanced(
      new THREE.CylinderGeometry(1, 1, 1, 12, 1, true).translate(0, 0.5, 0),
      beaconMat,
      MAX_BEACONS,
    );
    beacons.count = 0;
    const ringMat = new THREE.MeshBasicMaterial({
      transparent: true,
      opacity: 0.5,
      depthWrite: false,
      side: THREE.DoubleSide,
    });
    const rings = makeInstanced(
      new THREE.RingGeometry(0.93, 1, 64).rotateX(-Math.PI / 2),
      ringMat,
      MAX_BEACONS,
    );
    rings.count = 0;
    return {
      sensors,
      power,
      pois,
      beacons,
      rings,
      freeKph,
      sensorGround: groundOf(model, s.xy, s.count),
      powerGround: groundOf(model, model.power.xy, model.power.count),
      poiGround: groundOf(model, model.pois.xy, model.pois.count),
    };
  }, [model]);
  useEffect(
    () => () => {
      for (const m of [sets.sensors, sets.power, sets.pois, sets.beacons, sets.rings]) {
        m.geometry.dispose();
        (m.material as THREE.Material).dispose();
        m.dispose();
      }
    },
    [sets],
  );

  // Highlight objects (one of each, reused).
  const hl = useMemo(() => {
    const ring = new THREE.Mesh(
      new THREE.RingGeometry(0.72, 1, 48).rotateX(-Math.PI / 2),
      new THREE.MeshBasicMaterial({
        color: HL_COLOR,
        depthTest: false,
        transparent: true,
        side: THREE.DoubleSide,
      }),
    );
    ring.renderOrder = 10;
    const pin = new THREE.Mesh(
      new THREE.OctahedronGeometry(1).scale(0.7, 1.4, 0.7),
      new THREE.MeshBasicMaterial({ color: HL_COLOR }),
    );
    pin.renderOrder = 10;
    return { ring, pin };
  }, []);
  useEffect(
    () => () => {
      for (const m of [hl.ring, hl.pin]) {
        m.geometry.dispose();
        (m.material as THREE.Material).dispose();
      }
    },
    [hl],
  );
  const glow = useMemo(() => {
    if (selection?.kind !== 'link' || !(selection.index < model.roads.linkCount)) return null;
    return linkGlowGeometry(model, selection.index, linkWidthM(model.roads, selection.index) + 20, 1.2);
  }, [selection, model]);
  useEffect(() => () => glow?.dispose(), [glow]);

  // Pickables for CityContent's raycast.
  useEffect(() => {
    const p = pickables.current;
    p.sensors = layers.sensors ? sets.sensors : null;
    p.power = layers.power ? sets.power : null;
    p.pois = layers.pois ? sets.pois : null;
    p.beacons = layers.incidents ? sets.beacons : null;
    invalidate();
  }, [layers, sets, pickables, invalidate]);

  // Incidents → beacon and ring instances (cold state: a few changes per second at most).
  useEffect(() => {
    const ids = pickables.current.beaconIds;
    ids.length = 0;
    let n = 0;
    for (const inc of incidents) {
      if (inc.cleared || n >= MAX_BEACONS) continue;
      ids.push(inc.id);
      const c = colorOf(INCIDENT_COLORS, inc.severity);
      putColor(sets.beacons.instanceColor!.array, n, c);
      putColor(sets.rings.instanceColor!.array, n, c);
      n++;
    }
    sets.beacons.count = n;
    sets.rings.count = n;
    sets.beacons.instanceColor!.needsUpdate = true;
    sets.rings.instanceColor!.needsUpdate = true;
    scaleRef.current = -1; // re-place on the next frame
    invalidate();
  }, [incidents, sets, pickables, invalidate]);

  // Demand-mode canvas: redraw when live values changed and while beacons pulse, paced by the render profile.
  useEffect(() => {
    let raf = 0;
    let seen = hot.version;
    let lastPulse = 0;
    let lastLive = 0;
    const { liveRedrawMs, animationFrameMs } = renderProfile();
    const tick = (now: number) => {
      const st = appStore.getState();
      if (hot.version !== seen && st.layers.sensors && now - lastLive >= liveRedrawMs) {
        seen = hot.version;
        lastLive = now;
        invalidate();
      } else if (sets.beacons.count > 0 && st.layers.incidents && now - lastPulse > animationFrameMs) {
        lastPulse = now;
        invalidate();
      }
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [sets, invalidate]);
  useEffect(() => invalidate(), [selection, glow, invalidate]);

  // Fly to the selection: move target and camera by the same offset (angle and distance kept, closer if far).
  const fly = useRef<{
    t0: number;
    from: THREE.Vector3;
    to: THREE.Vector3;
    camFrom: THREE.Vector3;
    camTo: THREE.Vector3;
  } | null>(null);
  useEffect(() => {
    const anchor = [0, 0, 0, 0];
    return onFlyTo(() => {
      const st = appStore.getState();
      const ctl = controls as unknown as { target?: THREE.Vector3 } | null;
      if (!st.selection || !ctl?.target) return;
      if (!selectionAnchor(model, st.selection, st.incidents, anchor)) return;
      const to = new THREE.Vector3(
        anchor[0],
        (anchor[2] as number) + (anchor[3] as number) * 0.5,
        -(anchor[1] as number),
      );
      const from = ctl.target.clone();
      const offset = camera.position.clone().sub(from);
      const dist = offset.length();
      const want = Math.min(dist, Math.max(400, (anchor[3] as number) * 3));
      offset.multiplyScalar(want / (dist || 1));
      fly.current = {
        t0: performance.now(),
        from,
        to,
        camFrom: camera.position.clone(),
        camTo: to.clone().add(offset),
      };
      invalidate();
    });
  }, [model, camera, controls, invalidate]);

  const versionRef = useRef(-1);
  const hlKey = useRef<unknown>(null);
  const anchor = useMemo(() => [0, 0, 0, 0], []);
  const rgb = useMemo(() => [0, 0, 0], []);

  useFrame((state) => {
    const ctl = controls as unknown as { target?: THREE.Vector3; update?: () => void } | null;
    // Fly-to animation (ease in-out over 700 ms).
    const f = fly.current;
    if (f && ctl?.target) {
      const u = Math.min(1, (performance.now() - f.t0) / 700);
      const e = u < 0.5 ? 2 * u * u : 1 - (-2 * u + 2) ** 2 / 2;
      ctl.target.lerpVectors(f.from, f.to, e);
      camera.position.lerpVectors(f.camFrom, f.camTo, e);
      ctl.update?.();
      if (u >= 1) fly.current = null;
      else state.invalidate();
    }
    // Zoom factor → marker matrices.
    const dist = ctl?.target ? camera.position.distanceTo(ctl.target) : 3000;
    const s = markerScale(dist);
    const rescale = s !== scaleRef.current;
    if (rescale) {
      scaleRef.current = s;
      placeAll(sets.sensors, model.sensors.xy, sets.sensorGround, SENSOR_SIZE_M, s);
      placeAll(sets.power, model.power.xy, sets.powerGround, POWER_SIZE_M, s);
      placeAll(sets.pois, model.pois.xy, sets.poiGround, POI_SIZE_M, s);
      const list = appStore.getState().incidents;
      let n = 0;
      for (const inc of list) {
        if (inc.cleared || n >= sets.beacons.count) continue;
        const g = sampleTerrain(model.terrain, inc.x, inc.y);
        tmpM.makeScale(
          BEACON_RADIUS_M * s,
          BEACON_HEIGHT_PER_SEVERITY_M * Math.max(1, inc.severity),
          BEACON_RADIUS_M * s,
        );
        tmpM.setPosition(inc.x, g, -inc.y);
        sets.beacons.setMatrixAt(n, tmpM);
        const rM = incidentRadiusM(inc.severity);
        tmpM.makeScale(rM, 1, rM);
        tmpM.setPosition(inc.x, g + 1.5, -inc.y);
        sets.rings.setMatrixAt(n, tmpM);
        n++;
      }
      sets.beacons.instanceMatrix.needsUpdate = true;
      sets.rings.instanceMatrix.needsUpdate = true;
      sets.beacons.computeBoundingSphere();
    }
    // Live sensor colours, only when the hot buffers changed.
    if (hot.version !== versionRef.current) {
      versionRef.current = hot.version;
      const sn = model.sensors;
      const arr = sets.sensors.instanceColor!.array;
      const speed = hot.values[Channel.speedKph];
      for (let i = 0; i < sn.count; i++) {
        if ((sn.kind[i] as number) !== SensorKind.roadLoop) continue;
        const v = speed && i < hot.sensorCount ? (speed[i] as number) : Number.NaN;
        speedRatioColor(v / (sets.freeKph[i] as number), rgb);
        putColor(arr, i, rgb);
      }
      sets.sensors.instanceColor!.needsUpdate = true;
    }
    // Beacon pulse: opacity follows a 1.2 s cycle.
    if (sets.beacons.count > 0) {
      const ph = 0.5 + 0.5 * Math.sin((state.clock.elapsedTime * Math.PI * 2) / 1.2);
      (sets.beacons.material as THREE.MeshBasicMaterial).opacity = 0.3 + 0.45 * ph;
      (sets.rings.material as THREE.MeshBasicMaterial).opacity = 0.25 + 0.35 * ph;
    }
    // Highlight placement when the selection or the zoom factor changed.
    const sel = appStore.getState().selection;
    if (rescale || sel !== hlKey.current) {
      hlKey.current = sel;
      const ok = sel !== null && selectionAnchor(model, sel, appStore.getState().incidents, anchor);
      hl.ring.visible = ok;
      hl.pin.visible = ok;
      if (ok && sel) {
        const [r0, h0] = markerSizeOf(sel);
        const x = anchor[0] as number;
        const y = anchor[1] as number;
        const g = anchor[2] as number;
        const roof = anchor[3] as number;
        const ringR = sel.kind === 'incident' ? Math.max(r0 * 3 * s, 30) : r0 * 2.6 * s;
        hl.ring.scale.set(ringR, 1, ringR);
        hl.ring.position.set(x, g + 2, -y);
        hl.pin.scale.setScalar(6 * s);
        const top = sel.kind === 'power' ? h0 * POWER_TOP : h0;
        hl.pin.position.set(x, g + roof + top * s + 14 * s, -y);
        // Buildings have their own amber volume: the ring would hide under it; keep only the raised marker.
        hl.ring.visible = sel.kind !== 'building';
      }
    }
  });

  return (
    <>
      <primitive object={sets.sensors} visible={layers.sensors} />
      <primitive object={sets.power} visible={layers.power} />
      <primitive object={sets.pois} visible={layers.pois} />
      <primitive object={sets.beacons} visible={layers.incidents} renderOrder={5} />
      <primitive object={sets.rings} visible={layers.incidents} renderOrder={4} />
      <primitive object={hl.ring} />
      <primitive object={hl.pin} />
      {glow && (
        <mesh geometry={glow} renderOrder={6}>
          <meshBasicMaterial
            color={HL_COLOR}
            transparent
            opacity={0.55}
            blending={THREE.AdditiveBlending}
            depthWrite={false}
            polygonOffset
            polygonOffsetFactor={-6}
            polygonOffsetUnits={-24}
          />
        </mesh>
      )}
    </>
  );
}

/** Page-pixel position of a selection's marker in the 3D view (null when off screen), for the test API. */
export function projectSelection3d(
  model: CityModel,
  sel: Selection,
  camera: THREE.Camera,
  rect: DOMRect,
  target: THREE.Vector3 | undefined,
  v: THREE.Vector3,
  anchor: number[],
): [number, number] | null {
  if (!selectionAnchor(model, sel, appStore.getState().incidents, anchor)) return null;
  const s = markerScale(target ? camera.position.distanceTo(target) : 3000);
  const [, h] = markerSizeOf(sel);
  // Aim at the marker's middle (links: the ribbon surface).
  const lift =
    sel.kind === 'link'
      ? 0.5 + (((model.roads.flags[sel.index] as number) & LinkFlag.bridge) !== 0 ? 6 : 0)
      : sel.kind === 'poi'
        ? h * s * 0.7
        : sel.kind === 'power'
          ? h * s * 1.6
          : h * s * 0.5;
  v.set(anchor[0] as number, (anchor[2] as number) + lift, -(anchor[1] as number));
  v.project(camera);
  if (v.z > 1 || Math.abs(v.x) > 1 || Math.abs(v.y) > 1) return null;
  return [rect.left + ((v.x + 1) / 2) * rect.width, rect.top + ((1 - v.y) / 2) * rect.height];
}
