/**
 * Work orders in the 3D twin (一网统管, issue 6), from the same WorkloadFrame as the map (map/workloadStyle.ts):
 * - open orders as diamond pins in their stage colour (one InstancedMesh; picking selects the order),
 * - a red ground ring round the overdue ones, an expanding ring pulsing round the new ones,
 * - grid cells as flat tinted cells on the ground by open-order count (one mesh, per-vertex RGBA),
 * - field units as small white vehicles driving from their department base to the job, heading to it.
 * The frame is rebuilt outside the render (rAF) when woVersion changed or once per wall second, and a redraw is
 * asked for only when what is drawn changed or something moves (the canvas renders on demand). Per frame only the
 * pulse rings and the driving units' matrices are rewritten (no allocation). Layers: workOrders, workloadHeat,
 * fieldUnits.
 */
import { appendKey } from './keyStack.ts';
import { useEffect, useMemo, useRef, useState, type MutableRefObject } from 'react';
import { useFrame, useThree } from '@react-three/fiber';
import * as THREE from 'three';
import type { CityModel } from '../../core/scene/types.ts';
import { appStore, useAppStore } from '../../state/store.ts';
import type { Selection } from '../../state/selectionSlice.ts';
import { registerWorkloadProbe } from '../../app/testHooks.ts';
import { dict } from '../../app/i18n.ts';
import { css } from '../../app/palette.ts';
import { renderProfile } from '../renderProfile.ts';
import { storeSimClock } from '../map/simClock.ts';
import { markerScale } from './Markers.tsx';
import { sampleTerrain } from './sceneGeometry.ts';
import { triangulateFootprints } from './footprints.ts';
import {
  OVERDUE_COLOR,
  STAGE_COLORS,
  UNIT_COLOR,
  UnitPhase,
  WoFlag,
  buildWorkloadFrame,
  departmentBases,
  drawnIndexOf,
  fieldUnitPositions,
  pulseScale,
  type WorkloadFrame,
} from '../map/workloadStyle.ts';
import { buildHeatMesh, paintHeat, unitYaw, writeInstance } from './workOrders3d.ts';

/** What CityContent raycasts for the work orders: the pin mesh and instance → order id. */
export interface WorkOrderPickables {
  mesh: THREE.InstancedMesh | null;
  ids: readonly string[];
}

/** The work-order selection of a raycast hit, or null. */
export function workOrderSelectionOfHit(p: WorkOrderPickables, hit: THREE.Intersection): Selection | null {
  if (p.mesh === null || hit.object !== p.mesh || hit.instanceId == null) return null;
  const id = p.ids[hit.instanceId];
  return id === undefined ? null : { kind: 'workOrder', id };
}

/** Pin half-height (m) at marker scale 1; the pin's tip stands on the ground. */
const PIN_M = 6;
/** Field-unit vehicle length (m) at marker scale 1 (a 5 m van, enlarged with the view distance like the pins). */
const UNIT_M = 5;
/** Heat cells float this far over the ground (m) so they never z-fight it. */
const HEAT_LIFT_M = 0.8;
/** Heat cell opacity (0–255). */
const HEAT_ALPHA_3D = 120;
/** Wall ms between SLA refreshes of the frame (as on the map). */
const REFRESH_MS = 1000;

const color = (c: readonly number[]) => new THREE.Color(css(c as [number, number, number]));

/** Instanced meshes of one capacity. */
function buildMeshes(cap: number, unitCap: number) {
  const pinGeom = new THREE.OctahedronGeometry(1, 0);
  pinGeom.scale(0.55, 1, 0.55);
  pinGeom.translate(0, 1, 0);
  // Unlit: the pins show exactly the legend's stage colours from any angle.
  const pins = new THREE.InstancedMesh(pinGeom, new THREE.MeshBasicMaterial(), cap);
  pins.instanceColor = new THREE.InstancedBufferAttribute(new Float32Array(cap * 3), 3);
  const ringGeom = new THREE.RingGeometry(1.5, 2.1, 40);
  ringGeom.rotateX(-Math.PI / 2);
  const haloMat = new THREE.MeshBasicMaterial({
    color: color(OVERDUE_COLOR),
    transparent: true,
    opacity: 0.95,
    depthWrite: false,
    side: THREE.DoubleSide,
  });
  const halos = new THREE.InstancedMesh(ringGeom, haloMat, cap);
  const pulseMat = new THREE.MeshBasicMaterial({
    color: color(STAGE_COLORS.reported),
    transparent: true,
    opacity: 1,
    depthWrite: false,
    side: THREE.DoubleSide,
  });
  const pulses = new THREE.InstancedMesh(ringGeom, pulseMat, cap);
  const vanGeom = new THREE.BoxGeometry(1, 0.38, 0.44);
  vanGeom.translate(0, 0.19, 0);
  const units = new THREE.InstancedMesh(
    vanGeom,
    new THREE.MeshLambertMaterial({
      color: color(UNIT_COLOR),
      emissive: color(UNIT_COLOR),
      emissiveIntensity: 0.4,
    }),
    unitCap,
  );
  for (const m of [pins, halos, pulses, units]) {
    m.count = 0;
    m.frustumCulled = false;
    m.instanceMatrix.setUsage(THREE.DynamicDrawUsage);
  }
  halos.renderOrder = 5;
  pulses.renderOrder = 5;
  return { pins, halos, pulses, units, cap, unitCap };
}
type Meshes = ReturnType<typeof buildMeshes>;

const pow2 = (n: number) => 2 ** Math.ceil(Math.log2(Math.max(256, n)));

/** The work orders of `model` in 3D. */
export function WorkOrders3D({
  model,
  pickables,
}: {
  model: CityModel;
  pickables: MutableRefObject<WorkOrderPickables>;
}) {
  const layers = useAppStore((s) => s.layers);
  const { camera, controls, invalidate, gl } = useThree();
  const bases = useMemo(() => departmentBases(model), [model]);
  const ground = useMemo(() => (x: number, y: number) => sampleTerrain(model.terrain, x, y), [model]);
  const [caps, setCaps] = useState({ cap: 1024, unitCap: 512 });
  const meshes = useMemo<Meshes>(() => buildMeshes(caps.cap, caps.unitCap), [caps]);
  useEffect(
    () => () => {
      for (const m of [meshes.pins, meshes.halos, meshes.pulses, meshes.units]) {
        (m.material as THREE.Material).dispose();
        m.dispose();
      }
      meshes.pins.geometry.dispose();
      meshes.halos.geometry.dispose();
      meshes.units.geometry.dispose();
    },
    [meshes],
  );
  const heat = useMemo(() => {
    const h = buildHeatMesh(model.zones, triangulateFootprints(model.zones), ground, HEAT_LIFT_M);
    const g = new THREE.BufferGeometry();
    g.setAttribute('position', new THREE.BufferAttribute(h.positions, 3));
    const rgba = new Uint8Array((h.positions.length / 3) * 4);
    const attr = new THREE.BufferAttribute(rgba, 4, true);
    g.setAttribute('color', attr);
    g.setIndex(new THREE.BufferAttribute(h.index, 1));
    g.computeBoundingSphere();
    const mat = new THREE.MeshBasicMaterial({
      vertexColors: true,
      transparent: true,
      depthWrite: false,
      polygonOffset: true,
      polygonOffsetFactor: -2,
      polygonOffsetUnits: -8,
    });
    const mesh = new THREE.Mesh(g, mat);
    mesh.renderOrder = 2;
    return { mesh, rgba, attr, vertexZone: h.vertexZone };
  }, [model, ground]);
  useEffect(
    () => () => {
      heat.mesh.geometry.dispose();
      (heat.mesh.material as THREE.Material).dispose();
    },
    [heat],
  );

  // The frame and what was last drawn of it.
  const st = useRef({
    frame: buildWorkloadFrame(new Map(), -1, 0, model.zones.count, bases) as WorkloadFrame,
    builtWallMs: -Infinity,
    flagSum: -1,
    drawnFrame: null as WorkloadFrame | null,
    scale: -1,
    unitXY: new Float32Array(0),
    driving: 0,
    pulse: { scale: 1, alpha: 1 },
    frames: 0,
    frameMs: 0,
    maxFrameMs: 0,
  });
  useEffect(() => {
    st.current.drawnFrame = null;
  }, [meshes, heat]);

  // Rebuild outside the render; ask for a frame only when something drawn changed or moves.
  useEffect(() => {
    const clock = storeSimClock(appStore);
    const { animationFrameMs } = renderProfile();
    let raf = 0;
    let lastAnim = 0;
    let prevLayers = appStore.getState().layers;
    const tick = (now: number) => {
      const s = st.current;
      const state = appStore.getState();
      const ly = state.layers;
      const on = ly.workOrders || ly.workloadHeat || ly.fieldUnits;
      if (ly !== prevLayers) {
        prevLayers = ly;
        invalidate();
      }
      if (on && (state.woVersion !== s.frame.version || now - s.builtWallMs >= REFRESH_MS)) {
        const f = buildWorkloadFrame(
          state.woOrders,
          state.woVersion,
          clock.nowMs(now),
          model.zones.count,
          bases,
        );
        s.builtWallMs = now;
        let sum = 0;
        for (let k = 0; k < f.count; k++) sum += ((f.flags[k] as number) + 1) * ((k % 7) + 1);
        const changed = f.version !== s.frame.version || sum !== s.flagSum || f.units !== s.frame.units;
        s.frame = f;
        s.flagSum = sum;
        if (f.count > meshes.cap || f.units > meshes.unitCap) {
          setCaps({
            cap: Math.max(meshes.cap, pow2(f.count)),
            unitCap: Math.max(meshes.unitCap, pow2(f.units)),
          });
        }
        if (changed) invalidate();
      }
      if (on && (s.frame.fresh.length > 0 || s.driving > 0) && now - lastAnim >= animationFrameMs) {
        lastAnim = now;
        invalidate();
      }
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [model, bases, meshes, invalidate]);

  // Pickables for CityContent's raycast (the pins, while the layer is on).
  useEffect(() => {
    const p = pickables.current;
    p.mesh = layers.workOrders ? meshes.pins : null;
    return () => {
      p.mesh = null;
    };
  }, [meshes, layers.workOrders, pickables]);

  useFrame((state) => {
    const t0 = performance.now();
    const s = st.current;
    const f = s.frame;
    const ctl = controls as unknown as { target?: THREE.Vector3 } | null;
    const scale = markerScale(ctl?.target ? camera.position.distanceTo(ctl.target) : 3000);
    const { pins, halos, pulses, units } = meshes;
    if (f.count > meshes.cap || f.units > meshes.unitCap) return;
    // Static per frame: pins, halos, heat — rewritten when the frame or the scale changed.
    if (s.drawnFrame !== f || s.scale !== scale) {
      const pinS = PIN_M * scale;
      const m = pins.instanceMatrix.array as Float32Array;
      const c = pins.instanceColor!.array as Float32Array;
      const hm = halos.instanceMatrix.array as Float32Array;
      for (let k = 0; k < f.count; k++) {
        const x = f.xy[k * 2] as number;
        const y = f.xy[k * 2 + 1] as number;
        writeInstance(m, k, x, ground(x, y), -y, pinS);
        c[k * 3] = (f.rgba[k * 4] as number) / 255;
        c[k * 3 + 1] = (f.rgba[k * 4 + 1] as number) / 255;
        c[k * 3 + 2] = (f.rgba[k * 4 + 2] as number) / 255;
      }
      pins.count = f.count;
      pins.instanceMatrix.needsUpdate = true;
      pins.instanceColor!.needsUpdate = true;
      pins.computeBoundingSphere();
      for (let j = 0; j < f.overdue.length; j++) {
        const k = f.overdue[j] as number;
        const x = f.xy[k * 2] as number;
        const y = f.xy[k * 2 + 1] as number;
        writeInstance(hm, j, x, ground(x, y) + 0.5, -y, pinS);
      }
      halos.count = f.overdue.length;
      halos.instanceMatrix.needsUpdate = true;
      if (s.drawnFrame !== f) {
        paintHeat(heat.vertexZone, f.cellOpen, HEAT_ALPHA_3D, heat.rgba);
        heat.attr.needsUpdate = true;
        if (s.unitXY.length < f.units * 2) s.unitXY = new Float32Array(f.units * 2);
        pickables.current.ids = f.ids;
      }
      s.drawnFrame = f;
      s.scale = scale;
    }
    // Per frame: pulse rings (new orders) and the driving units.
    const p = pulseScale(state.clock.elapsedTime, s.pulse);
    const pm = pulses.instanceMatrix.array as Float32Array;
    const ringS = PIN_M * scale * p.scale;
    for (let j = 0; j < f.fresh.length; j++) {
      const k = f.fresh[j] as number;
      const x = f.xy[k * 2] as number;
      const y = f.xy[k * 2 + 1] as number;
      writeInstance(pm, j, x, ground(x, y) + 0.6, -y, ringS);
    }
    pulses.count = f.fresh.length;
    pulses.instanceMatrix.needsUpdate = f.fresh.length > 0;
    (pulses.material as THREE.MeshBasicMaterial).opacity = p.alpha;
    const clockNow = storeSimClock(appStore).nowMs();
    s.driving = fieldUnitPositions(f, clockNow, s.unitXY);
    const um = units.instanceMatrix.array as Float32Array;
    const unitS = UNIT_M * scale;
    for (let u = 0; u < f.units; u++) {
      const x = s.unitXY[u * 2] as number;
      const y = s.unitXY[u * 2 + 1] as number;
      const k = f.unitOrder[u] as number;
      const yaw =
        f.unitPhase[u] === UnitPhase.onSite
          ? 0
          : unitYaw(
              f.unitFrom[u * 2] as number,
              f.unitFrom[u * 2 + 1] as number,
              f.xy[k * 2] as number,
              f.xy[k * 2 + 1] as number,
            );
      // On site the van parks beside the pin (one pin width east) instead of inside it.
      const dx = f.unitPhase[u] === UnitPhase.onSite ? PIN_M * scale * 0.9 : 0;
      writeInstance(um, u, x + dx, ground(x, y), -y, unitS, yaw);
    }
    units.count = f.units;
    units.instanceMatrix.needsUpdate = f.units > 0;
    const dt = performance.now() - t0;
    s.frames++;
    s.frameMs += dt;
    if (dt > s.maxFrameMs) s.maxFrameMs = dt;
  });

  // Test probe: counts drawn, version drawn, and an order's drawn colour / halo / pulse.
  useEffect(() => {
    registerWorkloadProbe('three', (id) => {
      const s = st.current;
      const f = s.drawnFrame;
      const ly = appStore.getState().layers;
      const out: Record<string, number> = {
        version: f ? f.version : -1,
        orders: f && ly.workOrders ? meshes.pins.count : 0,
        overdue: f && ly.workOrders ? meshes.halos.count : 0,
        fresh: f && ly.workOrders ? meshes.pulses.count : 0,
        units: f && ly.fieldUnits ? meshes.units.count : 0,
        driving: s.driving,
        heatTriangles: heat.mesh.geometry.index ? heat.mesh.geometry.index.count / 3 : 0,
        frames: s.frames,
        frameMeanMs: s.frames > 0 ? s.frameMs / s.frames : 0,
        frameMaxMs: s.maxFrameMs,
      };
      if (id === undefined || !f) return out;
      const k = drawnIndexOf(f, id);
      out.drawn = k >= 0 ? 1 : 0;
      if (k < 0) return out;
      const c = meshes.pins.instanceColor!.array as Float32Array;
      out.r = Math.round((c[k * 3] as number) * 255);
      out.g = Math.round((c[k * 3 + 1] as number) * 255);
      out.b = Math.round((c[k * 3 + 2] as number) * 255);
      out.stage = f.stage[k] as number;
      out.halo = ((f.flags[k] as number) & WoFlag.overdue) !== 0 ? 1 : 0;
      out.pulse = ((f.flags[k] as number) & WoFlag.isNew) !== 0 ? 1 : 0;
      // Page pixels of the pin's middle (to click it).
      const m = new THREE.Matrix4();
      meshes.pins.getMatrixAt(k, m);
      const v = new THREE.Vector3(0, 1, 0).applyMatrix4(m).project(camera);
      if (v.z <= 1 && Math.abs(v.x) <= 1 && Math.abs(v.y) <= 1) {
        const r = gl.domElement.getBoundingClientRect();
        out.px = r.left + ((v.x + 1) / 2) * r.width;
        out.py = r.top + ((1 - v.y) / 2) * r.height;
      }
      return out;
    });
    return () => registerWorkloadProbe('three', null);
  }, [meshes, heat, camera, gl]);

  // A small key for the 3D symbols (top right, under the view's own controls).
  useEffect(() => {
    const container = gl.domElement.parentElement;
    if (!container) return;
    const el = appendKey(container, 'wo-3d-key');
    const render = () => {
      const { layers: ly, lang } = appStore.getState();
      const t = dict(lang);
      el.style.display = ly.workOrders || ly.workloadHeat || ly.fieldUnits ? 'block' : 'none';
      const sw = (c: readonly number[], round = false) =>
        `<span style="display:inline-block;width:.8em;height:.8em;margin:0 .25em 0 .5em;vertical-align:-1px;border-radius:${round ? '50%' : '2px'};background:${css(c as [number, number, number])}"></span>`;
      const stages = (['reported', 'accepted', 'dispatched', 'inProgress', 'handled', 'verified'] as const)
        .map((s) => sw(STAGE_COLORS[s]) + t.woStage(s))
        .join('');
      el.innerHTML =
        `<div><b style="color:#e6f0ff">${t.wo3dKeyTitle}</b>${stages}</div>` +
        `<div>${sw(OVERDUE_COLOR, true)}${t.wo3dKeyHalo}${sw(STAGE_COLORS.reported, true)}${t.wo3dKeyPulse}${sw(UNIT_COLOR)}${t.wo3dKeyUnits}</div>` +
        `<div>${t.wo3dKeyHeat}</div>`;
    };
    render();
    const off = appStore.subscribe((s, prev) => {
      if (s.lang !== prev.lang || s.layers !== prev.layers) render();
    });
    return () => {
      off();
      el.remove();
    };
  }, [gl]);

  return (
    <>
      <primitive object={heat.mesh} visible={layers.workloadHeat} />
      <primitive object={meshes.pins} visible={layers.workOrders} />
      <primitive object={meshes.halos} visible={layers.workOrders} />
      <primitive object={meshes.pulses} visible={layers.workOrders} />
      <primitive object={meshes.units} visible={layers.fieldUnits} />
    </>
  );
}
