/**
 * One wall, several browsers (issue 7): a wall screen follows the wall's shared state from the server
 * (docs/protocol.md §10). The hook connects, applies each newer state's camera to the mounted views through the
 * camera bridges (an alarm, and its acknowledgement, fly; operator moves jump, since they stream at 10 Hz), and
 * re-applies it to a view whose bridge appears later (views mount after the first state; a lost WebGL context
 * remounts the 3D view). In test mode it exposes the applied seq and its wall-clock time on
 * `window.__citybrain.wallSync`, so an end-to-end test can measure how far apart two screens applied one state.
 */
import { useEffect, useRef, useState } from 'react';
import type { TwinCamera, WallState } from '../core/wall/types.ts';
import type { WallLayout } from '../core/wall/layout.ts';
import { cameraBridge, type CameraBridge, type CameraView } from '../views/cameraBridge.ts';
import { isTestMode } from '../app/testHooks.ts';
import { connectWall } from './syncClient.ts';

/** What the wall page gets. */
export interface WallSyncResult {
  /** The wall's state, null until the first join answer. */
  readonly state: WallState | null;
  readonly connected: boolean;
  /** One-way latency estimate to the server (half a ping round trip), ms; null before the first pong. */
  readonly latencyMs: number | null;
}

/** Ease of an alarm fly-to and of the return after acknowledgement when no layout is known yet, ms. */
export const ALARM_FLY_MS = 1500;
/** How often a late-mounted view is checked for (re)applying the camera, ms. */
const BRIDGE_CHECK_MS = 250;
/** Applied seqs kept for tests (a ring, bounded). */
const APPLIED_KEEP = 256;

/** Test-mode record of what this page applied. */
export interface WallSyncProbe {
  wall: string;
  screen: number;
  connected: boolean;
  seq: number;
  /** Seq → Date.now() at which this page applied it (the newest APPLIED_KEEP). */
  applied: Record<number, number>;
  camera: TwinCamera | null;
  time: WallState['time'] | null;
  scene: string | null;
  alarmId: string | null;
  paused: boolean;
  latencyMs: number | null;
  joins: number;
  /** The camera each mounted view reports now. */
  cameraNow(view: CameraView): TwinCamera | null;
}

const sameCamera = (a: TwinCamera, b: TwinCamera): boolean =>
  a.x === b.x &&
  a.y === b.y &&
  a.distanceM === b.distanceM &&
  a.headingDeg === b.headingDeg &&
  a.pitchDeg === b.pitchDeg;

function installProbe(p: WallSyncProbe): void {
  if (!isTestMode()) return;
  const w = window as unknown as { __citybrain?: Record<string, unknown> };
  w.__citybrain ??= {};
  w.__citybrain['wallSync'] = p;
}

/** Follows wall `wallId` as its screen `screen` (1-based); see the module comment. */
export function useWallSync(wallId: string, screen: number, layout: WallLayout | null): WallSyncResult {
  const [state, setState] = useState<WallState | null>(null);
  const [connected, setConnected] = useState(false);
  const [latencyMs, setLatencyMs] = useState<number | null>(null);
  // The layout's takeover sets the alarm fly time; the rest of it (panels, rectangles) is the page's business.
  const flyMsRef = useRef(ALARM_FLY_MS);
  flyMsRef.current = layout ? layout.takeover.flyDurationS * 1000 : ALARM_FLY_MS;

  useEffect(() => {
    const probe: WallSyncProbe = {
      wall: wallId,
      screen,
      connected: false,
      seq: -1,
      applied: {},
      camera: null,
      time: null,
      scene: null,
      alarmId: null,
      paused: false,
      latencyMs: null,
      joins: 0,
      cameraNow: (view) => cameraBridge(view)?.get() ?? null,
    };
    installProbe(probe);
    const appliedOrder: number[] = [];
    // The camera each view was last given, by bridge identity (a remounted view has a new bridge).
    const given = new Map<CameraView, { bridge: CameraBridge; camera: TwinCamera }>();
    let target: TwinCamera | null = null;
    let alarmId: string | null = null;

    const applyTo = (durationMs: number): void => {
      if (target === null) return;
      for (const view of ['map', 'three'] as const) {
        const b = cameraBridge(view);
        if (b === null) continue;
        const g = given.get(view);
        if (g !== undefined && g.bridge === b && sameCamera(g.camera, target)) continue;
        // A bridge that never had the camera (late mount) jumps; one that follows the wall eases as asked.
        b.set(target, g !== undefined && g.bridge === b ? durationMs : 0);
        given.set(view, { bridge: b, camera: target });
      }
    };

    const conn = connectWall(
      { role: 'screen', wall: wallId, screen },
      {
        onState(s) {
          const alarmChanged = (s.alarm?.id ?? null) !== alarmId;
          alarmId = s.alarm?.id ?? null;
          target = s.camera;
          applyTo(alarmChanged ? flyMsRef.current : 0);
          probe.seq = s.seq;
          probe.applied[s.seq] = Date.now();
          appliedOrder.push(s.seq);
          if (appliedOrder.length > APPLIED_KEEP) delete probe.applied[appliedOrder.shift() as number];
          probe.camera = s.camera;
          probe.time = s.time;
          probe.scene = s.scene;
          probe.alarmId = alarmId;
          probe.paused = s.itemEndsAtMs === null;
          setState(s);
        },
        onConnected(c) {
          probe.connected = c;
          if (c) probe.joins++;
          setConnected(c);
        },
        onLatency(ms) {
          probe.latencyMs = ms;
          setLatencyMs(ms);
        },
        onError(reason) {
          console.warn(`wall ${wallId} screen ${screen}: ${reason}`);
        },
      },
    );
    const timer = window.setInterval(() => applyTo(0), BRIDGE_CHECK_MS);
    return () => {
      window.clearInterval(timer);
      conn.close();
    };
  }, [wallId, screen]);

  return { state, connected, latencyMs };
}
