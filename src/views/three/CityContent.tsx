/**
 * Everything drawn in the 3D canvas for one CityModel: geometries are built once per model (buildings in time
 * slices), layer visibility toggles `visible`, the selection shows as a highlight mesh, clicks raycast the merged
 * meshes (faceIndex → building / road link). Reports the first city frame to the test hooks.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { addAfterEffect, useThree } from '@react-three/fiber';
import * as THREE from 'three';
import { AreaKind, type CityModel } from '../../core/scene/types.ts';
import {
  AREA_COLORS,
  BUILDING_USE_COLORS,
  GROUND,
  HIGHLIGHT,
  ROAD_STYLE,
  colorOf,
} from '../../app/palette.ts';
import { appStore, useAppStore } from '../../state/store.ts';
import { markReady, registerProjector } from '../../app/testHooks.ts';
import { sharedFootprintTriangles, triangulateFootprints, type FootprintTriangles } from './footprints.ts';
import {
  buildBuildingMesh,
  buildingOfFace,
  footprintCentroid,
  type BuildingMeshArrays,
} from './buildingMesh.ts';
import { buildAreaMesh, buildGround, buildRoadRibbons } from './sceneGeometry.ts';

const useColor = (u: number) => colorOf(BUILDING_USE_COLORS, u);
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
    void sharedFootprintTriangles(model.buildings).then((tris) => {
      if (!live) return;
      const t0 = performance.now();
      const arrays = buildBuildingMesh(model.buildings, tris, useColor);
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
  const layers = useAppStore((s) => s.layers);
  const selection = useAppStore((s) => s.selection);
  const { camera, gl, invalidate } = useThree();
  const buildings = useBuildingGeometry(model);
  const buildingMeshRef = useRef<THREE.Mesh>(null);
  const roadMeshRef = useRef<THREE.Mesh>(null);

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
    const off = addAfterEffect(() => {
      markReady('three');
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
    return () => {
      off();
      registerProjector('three', null);
    };
  }, [buildings, model, camera, gl, invalidate]);

  // Picking on click (not drag): raycast buildings first, then road ribbons. No per-move raycasts.
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
    const onUp = (e: PointerEvent) => {
      if (e.button !== 0 || Math.hypot(e.clientX - downX, e.clientY - downY) > 5) return;
      const rect = el.getBoundingClientRect();
      ndc.set(
        ((e.clientX - rect.left) / rect.width) * 2 - 1,
        -((e.clientY - rect.top) / rect.height) * 2 + 1,
      );
      raycaster.setFromCamera(ndc, camera);
      const targets: THREE.Object3D[] = [];
      if (buildingMeshRef.current?.visible) targets.push(buildingMeshRef.current);
      if (roadMeshRef.current?.visible) targets.push(roadMeshRef.current);
      const hit = raycaster.intersectObjects(targets, false)[0];
      if (!hit || hit.faceIndex == null) {
        appStore.getState().select(null, '3d');
        return;
      }
      if (hit.object === buildingMeshRef.current && buildings) {
        const b = buildingOfFace(buildings.arrays.triStart, hit.faceIndex);
        appStore.getState().select(b >= 0 ? { kind: 'building', index: b } : null, '3d');
      } else if (hit.object === roadMeshRef.current) {
        const l = roads.quadLink[hit.faceIndex >> 1];
        appStore.getState().select(l !== undefined ? { kind: 'link', index: l } : null, '3d');
      }
    };
    el.addEventListener('pointerdown', onDown);
    el.addEventListener('pointerup', onUp);
    return () => {
      el.removeEventListener('pointerdown', onDown);
      el.removeEventListener('pointerup', onUp);
    };
  }, [gl, camera, buildings, roads]);

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
      <mesh ref={roadMeshRef} geometry={roads.geom} visible={layers.roads} renderOrder={3}>
        <meshLambertMaterial vertexColors polygonOffset polygonOffsetFactor={-3} polygonOffsetUnits={-12} />
      </mesh>
      {buildings && (
        <mesh ref={buildingMeshRef} geometry={buildings.geom} visible={layers.buildings}>
          <meshLambertMaterial vertexColors />
        </mesh>
      )}
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
