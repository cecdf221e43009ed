/**
 * The control-room wall's shared state (issue 7 "One wall, several browsers"): what every screen of one wall shows
 * in common — camera, time cursor, the playlist item, the alarm that has taken over — held by the server and sent to
 * every screen of the wall; one operator console (/ops) drives it. The layout format (screens, bezels, panels) lives
 * in src/core/wall/layout.ts and scenes/walls/*.json.
 */
import type { Text2 } from '../hazards/types.ts';

/**
 * A view-independent camera, in the scene's local metres: the point looked at, the distance to it, the heading
 * (compass bearing the camera looks towards, degrees clockwise from north) and the pitch (0 = straight down, 85 =
 * near the horizon). The map converts it to centre/zoom/bearing/pitch, the 3D view to an orbit target and position.
 */
export interface TwinCamera {
  readonly x: number;
  readonly y: number;
  readonly distanceM: number;
  readonly headingDeg: number;
  readonly pitchDeg: number;
}

/** The playlist items of kiosk rotation. */
export const WALL_SCENES = ['overview', 'traffic', 'energy', 'resilience', 'workload'] as const;
export type WallSceneId = (typeof WALL_SCENES)[number];

/** A critical alarm that takes over the wall. */
export interface WallAlarm {
  readonly id: string;
  readonly domain: 'traffic' | 'energy' | 'resilience' | 'workload';
  readonly title: Text2;
  readonly detail: Text2;
  /** Where it is, scene local metres. */
  readonly x: number;
  readonly y: number;
  /** Sim time it was raised. */
  readonly raisedSimMs: number;
}

/** The shared state of one wall. */
export interface WallState {
  readonly wall: string;
  /** Increases with every change (screens drop older states). */
  readonly seq: number;
  readonly camera: TwinCamera;
  /** The time the wall shows: the live clock, or a fixed sim time the operator set. */
  readonly time: { readonly mode: 'live' } | { readonly mode: 'fixed'; readonly simMs: number };
  readonly scene: WallSceneId;
  /** Index into the layout's playlist. */
  readonly playlistIndex: number;
  /** Server real time (ms since epoch) the current item ends; null while rotation is paused. */
  readonly itemEndsAtMs: number | null;
  /** An operator has taken control (rotation paused), or null. */
  readonly control: { readonly by: string; readonly sinceMs: number } | null;
  /** The alarm that has taken over every screen until it is acknowledged, or null. */
  readonly alarm: WallAlarm | null;
  /** The camera to return to after the alarm is acknowledged. */
  readonly cameraBeforeAlarm: TwinCamera | null;
}
