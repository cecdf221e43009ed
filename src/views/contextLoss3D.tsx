/**
 * Inside the 3D view's R3F Canvas: the part of context-loss recovery (contextLoss.ts) that needs the renderer.
 * Remembers the camera pose when the context is lost and puts it back on the remounted canvas; reports the
 * recovery once the new canvas drew at least half the triangles of the last frame before the loss (the merged
 * building mesh is most of them, so a frame with only the ground does not count); exposes the renderer's GPU
 * resource counts (three.js WebGLRenderer.info) for the soak bench.
 */
import { useEffect, type RefObject } from 'react';
import { addAfterEffect, useThree } from '@react-three/fiber';
import type { Vector3 } from 'three';
import { glStatus, markGlRecovered, onGlStatus, registerGlResourceProbe } from './contextLoss.ts';

/** The 3D camera pose carried over a remount (scene metres, three.js axes). */
export interface SavedCamera3D {
  readonly position: Vector3;
  readonly target: Vector3;
}

/** Triangles of the last frame drawn before a loss (module-level: it must survive the remount it judges). */
let lastOkTriangles = 0;

type Controls = { target?: Vector3; update?: () => void } | null;

/** Mount inside the Canvas, after the camera controls. `saved` is owned by ThreeView (it outlives the Canvas). */
export function GlRecovery3D({ saved }: { saved: RefObject<SavedCamera3D | null> }) {
  const gl = useThree((s) => s.gl);
  const camera = useThree((s) => s.camera);
  const controls = useThree((s) => s.controls) as unknown as Controls;
  const invalidate = useThree((s) => s.invalidate);

  // Save the pose the moment the context goes (the remount comes later, with a fresh default camera).
  useEffect(
    () =>
      onGlStatus(() => {
        if (glStatus('three').phase !== 'lost' || saved.current !== null || !controls?.target) return;
        saved.current = { position: camera.position.clone(), target: controls.target.clone() };
      }),
    [camera, controls, saved],
  );

  // Restore it on the new canvas once its controls exist.
  useEffect(() => {
    const s = saved.current;
    if (s === null || !controls?.target) return;
    camera.position.copy(s.position);
    controls.target.copy(s.target);
    controls.update?.();
    saved.current = null;
    invalidate();
  }, [camera, controls, saved, invalidate]);

  useEffect(() => {
    const off = addAfterEffect(() => {
      const tri = gl.info.render.triangles;
      const phase = glStatus('three').phase;
      if (phase === 'ok') {
        if (tri > 0) lastOkTriangles = tri;
      } else if (phase === 'recovering' && tri > 0 && tri >= 0.5 * lastOkTriangles) {
        markGlRecovered('three');
      }
    });
    registerGlResourceProbe('three', () => ({
      geometries: gl.info.memory.geometries,
      textures: gl.info.memory.textures,
      programs: gl.info.programs?.length ?? 0,
      drawCalls: gl.info.render.calls,
      triangles: gl.info.render.triangles,
    }));
    return () => {
      off();
      registerGlResourceProbe('three', null);
    };
  }, [gl]);
  return null;
}
