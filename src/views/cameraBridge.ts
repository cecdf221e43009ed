/**
 * The views' cameras as one view-independent `TwinCamera` (src/core/wall/types.ts): each view registers a bridge
 * that reads and moves its camera and reports user moves. The wall sync (camera of every screen), the planner's
 * linked compare views and the executive drill-down (fly to a district) use it; no mode talks to maplibre or three
 * directly. A plain registry, no store state (a camera moves every frame; it is not something React renders).
 */
import type { TwinCamera } from '../core/wall/types.ts';

/** A view's camera. */
export interface CameraBridge {
  /** The camera now. */
  get(): TwinCamera;
  /** Moves the camera; `durationMs` 0 jumps, > 0 eases (a fly-to). */
  set(camera: TwinCamera, durationMs: number): void;
}

/** Which view. */
export type CameraView = 'map' | 'three';

type MoveListener = (view: CameraView, camera: TwinCamera, byUser: boolean) => void;

const bridges = new Map<CameraView, CameraBridge>();
const moveListeners = new Set<MoveListener>();

/** A view registers its bridge (null unregisters). */
export function registerCameraBridge(view: CameraView, bridge: CameraBridge | null): void {
  if (bridge === null) bridges.delete(view);
  else bridges.set(view, bridge);
}

/** The bridge of a view, or null when that view is not mounted. */
export function cameraBridge(view: CameraView): CameraBridge | null {
  return bridges.get(view) ?? null;
}

/** Moves every mounted view's camera. */
export function setTwinCamera(camera: TwinCamera, durationMs: number): void {
  for (const b of bridges.values()) b.set(camera, durationMs);
}

/** A view reports that its camera moved (`byUser`: pointer or keyboard, not a `set`). */
export function reportCameraMove(view: CameraView, camera: TwinCamera, byUser: boolean): void {
  for (const l of moveListeners) l(view, camera, byUser);
}

/** Subscribes to camera moves; returns the unsubscribe function. */
export function onCameraMove(l: MoveListener): () => void {
  moveListeners.add(l);
  return () => {
    moveListeners.delete(l);
  };
}
