/**
 * Everything drawn in the 3D canvas for one CityModel: geometries are built once per model (buildings in time
 * slices), layer visibility toggles `visible`, the selection shows as a highlight mesh, clicks raycast the merged
 * meshes (faceIndex → building / road link). Reports the first city frame to the test hooks.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { addAfterEffect, useThree } from '@react-three/fiber';
import * as THREE from 'three';
import { AreaKind, BuildingRole, type CityModel } from '../../core/scene/types.ts';
import { AREA_COLORS, GROUND, HIGHLIGHT, ROAD_STYLE, colorOf } from '../../app/palette.ts';
import { appStore, useAppStore } from '../../state/store.ts';
import {
  markReady,
  registerProjector,
  registerSelectionProjector,
  whenAppReady,
} from '../../app/testHooks.ts';
import type { Selection } from '../../state/selectionSlice.ts';
import { installFlyToKey } from '../flyTo.ts';
import { createTooltip } from '../tooltip.ts';
import { tooltipText } from '../selectionAnchor.ts';
import { hot } from '../../feed/hotBuffers.ts';
import { Markers, projectSelection3d, type MarkerPickables } from './Markers.tsx';
import { sharedBuildingGeometry, triangulateFootprints, type FootprintTriangles } from './footprints.ts';
import {
  buildBuildingMesh,
  buildingOfFace,
  footprintCentroid,
  type BuildingMeshArrays,
} from './buildingMesh.ts';
import { buildAreaMesh, buildGround, buildRoadRibbons } from './sceneGeometry.ts';
import { Vehicles } from './Vehicles.tsx';
import { RoadTraffic } from './RoadTraffic.tsx';
import {
  EnergyObjects,
  emptyEnergyPickables,
  energySelectionOfHit,
  type EnergyPickables,
} from './EnergyObjects.tsx';
import { WorkOrders3D, workOrderSelectionOfHit, type WorkOrderPickables } from './WorkOrders3D.tsx';
import { Hazards3D, emptyHazardPickables, hazardSelectionOfHit, hazardTooltipExtra } from './Hazards3D.tsx';

const roadColor = (c: number) =>
  colorOf(
    ROAD_STYLE.map((s) => s.color),
    c,
  );
const areaColor = (k: number) => colorOf(AREA_COLORS, k);

/** Wraps mesh arrays in a BufferGeometry (normalised Int8 normals / Uint8 colours keep memory at 18 B/vertex). */
function toGeometry(m: {
  positions: Float32Array;
  colors: Uint8Array;
  index: Uint32Array;
  normals?: Int8Array;
}) {
  const g = new THREE.BufferGeometry();
  g.setAttribute('position', new THREE.BufferAttribute(m.positions, 3));
  g.setAttribute('color', new THREE.BufferAttribute(m.colors, 3, true));
  if (m.normals) g.setAttribute('normal', new THREE.BufferAttribute(m.normals, 3, true));
  else g.computeVertexNormals();
  g.setIndex(new THREE.BufferAttribute(m.index, 1));
  g.computeBoundingSphere();
  g.computeBoundingBox();
  return g;
}

/**
 * Buildings with role `outline` have separate `part` volumes (OSM Simple 3D Buildings): collapse the outline's
 * triangles to degenerate ones so its volume is neither drawn over the parts nor hit by the raycast, while the
 * triangle → building numbering (triStart) stays intact. The map skips the same outlines (deckLayers.ts).
 */
function hideOutlines(model: CityModel, arrays: BuildingMeshArrays): void {
  const role = model.buildings.role;
  if (!role) return;
  const idx = arrays.index;
  for (let i = 0; i < model.buildings.count; i++) {
    if (role[i] !== BuildingRole.outline) continue;
    const t0 = (arrays.triStart[i] as number) * 3;
    const t1 = Math.min(idx.length, (arrays.triStart[i + 1] as number) * 3);
    const v = idx[t0] as number;
    for (let k = t0; k < t1; k++) idx[k] = v;
  }
}

/** Builds the building geometry asynchronously (triangulation is time-sliced; the mesh pass is one typed loop). */
function useBuildingGeometry(model: CityModel) {
  const [built, setBuilt] = useState<{
    geom: THREE.BufferGeometry;
    arrays: BuildingMeshArrays;
    tris: FootprintTriangles;
  } | null>(null);
  useEffect(() => {
    let live = true;
    let geom: THREE.BufferGeometry | null = null;
    // Triangles and merged mesh come from the worker started when the scene was decoded (footprints.ts).
    void sharedBuildingGeometry(model.buildings).then(({ tris, mesh: arrays }) => {
      if (!live) return;
      const t0 = performance.now();
      hideOutlines(model, arrays);
      geom = toGeometry(arrays);
      if (import.meta.env.DEV)
        console.info(
          `[3d] building mesh: ${model.buildings.count} buildings in ${(performance.now() - t0).toFixed(0)} ms`,
        );
      setBuilt({ geom, arrays, tris });
    });
    return () => {
      live = false;
      geom?.dispose();
    };
  }, [model]);
  return built;
}

/** The 3D content for a model. */
export function CityContent({ model }: { model: CityModel }) {
  const [cityDrawn, setCityDrawn] = useState(false);
  const layers = useAppStore((s) => s.layers);
  const selection = useAppStore((s) => s.selection);
  const { camera, gl, invalidate, controls } = useThree();
  const controlsRef = useRef<unknown>(null);
  controlsRef.current = controls;
  const buildings = useBuildingGeometry(model);
  const buildingMeshRef = useRef<THREE.Mesh>(null);
  const roadMeshRef = useRef<THREE.Mesh>(null);
  const pickables = useRef<MarkerPickables>({
    sensors: null,
    power: null,
    pois: null,
    beacons: null,
    beaconIds: [],
  });
  const energyPickables = useRef<EnergyPickables>(emptyEnergyPickables());
  const woPickables = useRef<WorkOrderPickables>({ mesh: null, ids: [] });
  const hzPickables = useRef(emptyHazardPickables());
  useEffect(() => installFlyToKey(), []);

  const roads = useMemo(() => {
    const r = buildRoadRibbons(model.roads, model.terrain, roadColor);
    return { geom: toGeometry(r), quadLink: r.quadLink };
  }, [model]);
  // Land use and water as two meshes: separate toggles, and a stronger depth offset for water so the two never
  // z-fight where land-use polygons overlap the river (a 0.2 m lift is below depth precision at city scale).
  const areas = useMemo(() => {
    const tris = triangulateFootprints(model.areas);
    return {
      land: toGeometry(buildAreaMesh(model, tris, areaColor, (k) => k !== AreaKind.water, 0.2)),
      water: toGeometry(buildAreaMesh(model, tris, areaColor, (k) => k === AreaKind.water, 0.4)),
    };
  }, [model]);
  const ground = useMemo(() => {
    const g = buildGround(model);
    const geom = new THREE.BufferGeometry();
    geom.setAttribute('position', new THREE.BufferAttribute(g.positions, 3));
    geom.setIndex(new THREE.BufferAttribute(g.index, 1));
    geom.computeVertexNormals();
    return geom;
  }, [model]);
  useEffect(() => () => roads.geom.dispose(), [roads]);
  useEffect(
    () => () => {
      areas.land.dispose();
      areas.water.dispose();
    },
    [areas],
  );
  useEffect(() => () => ground.dispose(), [ground]);

  // Highlight: a mesh of just the selected building (or link), drawn over the city mesh.
  const highlight = useMemo(() => {
    if (!selection) return null;
    if (selection.kind === 'building' && buildings && selection.index < model.buildings.count) {
      const m = buildBuildingMesh(
        model.buildings,
        buildings.tris,
        () => HIGHLIGHT,
        selection.index,
        selection.index + 1,
      );
      return toGeometry(m);
    }
    if (selection.kind === 'link' && selection.index < model.roads.linkCount) {
      const r = buildRoadRibbons(
        model.roads,
        model.terrain,
        () => HIGHLIGHT,
        1.2,
        selection.index,
        selection.index + 1,
      );
      return toGeometry(r);
    }
    return null;
  }, [selection, buildings, model]);
  useEffect(() => () => highlight?.dispose(), [highlight]);
  useEffect(() => invalidate(), [layers, highlight, buildings, invalidate]);

  // First city frame → ready signal; projector for end-to-end clicks.
  useEffect(() => {
    if (!buildings) return;
    let cancelOverlays = (): void => {};
    const off = addAfterEffect(() => {
      markReady('three');
      // The point markers mount once both views drew the city, so their shaders compile after that, not before.
      cancelOverlays = whenAppReady(() => setCityDrawn(true));
      off();
    });
    invalidate();
    const v = new THREE.Vector3();
    const c = [0, 0];
    registerProjector('three', (i) => {
      if (i < 0 || i >= model.buildings.count) return null;
      footprintCentroid(model.buildings, i, c);
      v.set(
        c[0] as number,
        (model.buildings.baseZM[i] as number) + (model.buildings.heightM[i] as number),
        -(c[1] as number),
      );
      v.project(camera);
      if (v.z > 1 || Math.abs(v.x) > 1 || Math.abs(v.y) > 1) return null;
      const rect = gl.domElement.getBoundingClientRect();
      return [rect.left + ((v.x + 1) / 2) * rect.width, rect.top + ((1 - v.y) / 2) * rect.height];
    });
    const anchor = [0, 0, 0, 0];
    registerSelectionProjector('three', (sel) =>
      projectSelection3d(
        model,
        sel,
        camera,
        gl.domElement.getBoundingClientRect(),
        (controlsRef.current as { target?: THREE.Vector3 } | null)?.target,
        v,
        anchor,
      ),
    );
    return () => {
      off();
      cancelOverlays();
      registerProjector('three', null);
      registerSelectionProjector('three', null);
    };
  }, [buildings, model, camera, gl, invalidate]);

  // Picking on click (not drag) and hover tooltips: the nearest of buildings, road ribbons and markers wins.
  useEffect(() => {
    const el = gl.domElement;
    const raycaster = new THREE.Raycaster();
    const ndc = new THREE.Vector2();
    let downX = 0;
    let downY = 0;
    const onDown = (e: PointerEvent) => {
      downX = e.clientX;
      downY = e.clientY;
    };
    const selectionOfHit = (hit: THREE.Intersection): Selection | null => {
      const p = pickables.current;
      if (hit.object === buildingMeshRef.current && buildings && hit.faceIndex != null) {
        const b = buildingOfFace(buildings.arrays.triStart, hit.faceIndex);
        return b >= 0 ? { kind: 'building', index: b } : null;
      }
      if (hit.object === roadMeshRef.current && hit.faceIndex != null) {
        const l = roads.quadLink[hit.faceIndex >> 1];
        return l !== undefined ? { kind: 'link', index: l } : null;
      }
      const hz = hazardSelectionOfHit(hzPickables.current, hit);
      if (hz) return hz;
      const id = hit.instanceId;
      if (id == null) return null;
      const wo = workOrderSelectionOfHit(woPickables.current, hit);
      if (wo) return wo;
      const energy = energySelectionOfHit(energyPickables.current, hit);
      if (energy) return energy;
      if (hit.object === p.sensors) return { kind: 'sensor', index: id };
      if (hit.object === p.power) return { kind: 'power', index: id };
      if (hit.object === p.pois) return { kind: 'poi', index: id };
      if (hit.object === p.beacons) {
        const incId = p.beaconIds[id];
        return incId ? { kind: 'incident', id: incId } : null;
      }
      return null;
    };
    /** The nearest pickable feature under a client-pixel position, or null. */
    const pickAt = (clientX: number, clientY: number): Selection | null => {
      const rect = el.getBoundingClientRect();
      ndc.set(((clientX - rect.left) / rect.width) * 2 - 1, -((clientY - rect.top) / rect.height) * 2 + 1);
      raycaster.setFromCamera(ndc, camera);
      const p = pickables.current;
      const targets: THREE.Object3D[] = [];
      if (buildingMeshRef.current?.visible) targets.push(buildingMeshRef.current);
      if (roadMeshRef.current?.visible) targets.push(roadMeshRef.current);
      for (const m of [p.sensors, p.power, p.pois, p.beacons]) if (m) targets.push(m);
      for (const m of energyPickables.current.meshes) if (m.visible) targets.push(m);
      if (woPickables.current.mesh) targets.push(woPickables.current.mesh);
      if (hzPickables.current.water?.visible) targets.push(hzPickables.current.water);
      // intersectObjects sorts by distance: the nearest hit wins, whatever its kind.
      for (const hit of raycaster.intersectObjects(targets, false)) {
        const sel = selectionOfHit(hit);
        if (sel) return sel;
      }
      return null;
    };
    const onUp = (e: PointerEvent) => {
      if (e.button !== 0 || Math.hypot(e.clientX - downX, e.clientY - downY) > 5) return;
      const sel = pickAt(e.clientX, e.clientY);
      // Empty ground clears nothing (Escape does).
      if (sel) appStore.getState().select(sel, '3d');
    };
    // Hover tooltip once the pointer rests for 120 ms (the usual tooltip delay): one raycast per rest, never one
    // per pointer move, so hovering costs nothing while the camera is being dragged.
    const container = el.parentElement ?? el;
    const tip = createTooltip(container, 'three-tooltip');
    let restTimer = 0;
    const onMove = (e: PointerEvent) => {
      tip.hide();
      window.clearTimeout(restTimer);
      if (e.buttons !== 0) return;
      const x = e.clientX;
      const y = e.clientY;
      restTimer = window.setTimeout(() => {
        const sel = pickAt(x, y);
        const st = appStore.getState();
        const base = sel ? tooltipText(model, sel, st.incidents, hot, st.lang) : null;
        const extra = hazardTooltipExtra(hzPickables.current, sel, st.lang);
        const text = base && extra ? `${base} · ${extra}` : base;
        const box = container.getBoundingClientRect();
        if (text) tip.show(text, x - box.left, y - box.top);
      }, 120);
    };
    const onLeave = () => {
      window.clearTimeout(restTimer);
      tip.hide();
    };
    el.addEventListener('pointerdown', onDown);
    el.addEventListener('pointerup', onUp);
    el.addEventListener('pointermove', onMove);
    el.addEventListener('pointerleave', onLeave);
    el.addEventListener('wheel', onLeave, { passive: true });
    return () => {
      window.clearTimeout(restTimer);
      tip.remove();
      el.removeEventListener('pointerdown', onDown);
      el.removeEventListener('pointerup', onUp);
      el.removeEventListener('pointermove', onMove);
      el.removeEventListener('pointerleave', onLeave);
      el.removeEventListener('wheel', onLeave);
    };
  }, [gl, camera, buildings, roads, model]);

  return (
    <>
      {/* Flat ground cover is unlit (like the map): its colours then match the legend exactly. */}
      <mesh geometry={ground} visible={layers.terrain || !model.terrain} renderOrder={0}>
        <meshBasicMaterial color={`rgb(${GROUND[0]},${GROUND[1]},${GROUND[2]})`} />
      </mesh>
      <mesh geometry={areas.land} visible={layers.landuse} renderOrder={1}>
        <meshBasicMaterial vertexColors polygonOffset polygonOffsetFactor={-1} polygonOffsetUnits={-4} />
      </mesh>
      <mesh geometry={areas.water} visible={layers.water} renderOrder={2}>
        <meshBasicMaterial vertexColors polygonOffset polygonOffsetFactor={-2} polygonOffsetUnits={-8} />
      </mesh>
      <mesh ref={roadMeshRef} geometry={roads.geom} visible={layers.roads || layers.traffic} renderOrder={3}>
        <meshLambertMaterial vertexColors polygonOffset polygonOffsetFactor={-3} polygonOffsetUnits={-12} />
      </mesh>
      {buildings && (
        <mesh ref={buildingMeshRef} geometry={buildings.geom} visible={layers.buildings}>
          <meshLambertMaterial vertexColors />
        </mesh>
      )}
      {cityDrawn && <Markers model={model} pickables={pickables} />}
      {cityDrawn && (
        <RoadTraffic geom={roads.geom} quadLink={roads.quadLink} roads={model.roads} classColor={roadColor} />
      )}
      {cityDrawn && <Vehicles model={model} />}
      {cityDrawn && <EnergyObjects model={model} pickables={energyPickables} />}
      {cityDrawn && <WorkOrders3D model={model} pickables={woPickables} />}
      {cityDrawn && <Hazards3D model={model} buildings={buildings} pickables={hzPickables} />}
      {highlight && (
        <mesh geometry={highlight} renderOrder={2}>
          <meshLambertMaterial
            vertexColors
            emissive="#ffb000"
            emissiveIntensity={0.55}
            polygonOffset
            polygonOffsetFactor={-4}
            polygonOffsetUnits={-16}
          />
        </mesh>
      )}
    </>
  );
}
