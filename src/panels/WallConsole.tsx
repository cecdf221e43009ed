/**
 * The operator console of the control-room wall (issue 7, in /ops; docs/protocol.md §10): drives every screen of a
 * wall. Choose the wall, take or release control (while in control, this page's 3D camera drives the wall at ≤ 10
 * Hz), the playlist with its current item and a pause indicator, scene buttons, the time cursor, the alarm that has
 * taken over with Acknowledge, and a drill alarm at the 3D view's centre.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useAppStore } from '../state/store.ts';
import { dict, type Dict } from '../app/i18n.ts';
import { isTestMode } from '../app/testHooks.ts';
import { WALL_SCENES, type TwinCamera, type WallSceneId, type WallState } from '../core/wall/types.ts';
import type { WallCommand, WallListItem } from '../core/protocol/wallMessages.ts';
import { wireCamera } from '../core/wall/state.ts';
import { cameraBridge, onCameraMove } from '../views/cameraBridge.ts';
import { connectWall, type WallConnection } from '../wall/syncClient.ts';
import { localHm } from '../wall/alarmCard.tsx';
import '../../assets/wallSync.css';

/** Camera commands at most this often, ms (10 Hz; the server allows 20/s). */
const CAMERA_SEND_MS = 100;
/** Time cursor steps back from live, minutes. */
const BACK_STEPS_MIN = [15, 60, 180] as const;

const SCENE_KEY = {
  overview: 'wlSceneOverview',
  traffic: 'wlSceneTraffic',
  energy: 'wlSceneEnergy',
  resilience: 'wlSceneResilience',
  workload: 'wlSceneWorkload',
} as const satisfies Record<WallSceneId, keyof Dict>;

/** This console's operator name (one per browser tab, so two consoles are told apart). */
function operatorName(): string {
  const key = 'citybrain.wallOperator';
  const have = sessionStorage.getItem(key);
  if (have) return have;
  const name = `ops-${Math.floor(Math.random() * 0xffff)
    .toString(16)
    .padStart(4, '0')}`;
  sessionStorage.setItem(key, name);
  return name;
}

/** Test-mode record of the console. */
interface WallConsoleProbe {
  wall: string | null;
  operator: string;
  seq: number;
  inControl: boolean;
  cameraSent: number;
  lastSent: TwinCamera | null;
  lastError: string | null;
  alarmId: string | null;
}

/** The wall console panel. */
export function WallConsole() {
  const lang = useAppStore((s) => s.lang);
  const simTimeMs = useAppStore((s) => s.simTimeMs);
  const t = dict(lang);
  const operator = useMemo(operatorName, []);
  const [walls, setWalls] = useState<readonly WallListItem[] | null>(null);
  const [wall, setWall] = useState<string | null>(null);
  const [state, setState] = useState<WallState | null>(null);
  const [connected, setConnected] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [nowMs, setNowMs] = useState(() => Date.now());
  const conn = useRef<WallConnection | null>(null);
  const probe = useRef<WallConsoleProbe>({
    wall: null,
    operator,
    seq: -1,
    inControl: false,
    cameraSent: 0,
    lastSent: null,
    lastError: null,
    alarmId: null,
  });

  // The wall list first (any wall id joins the namespace; `main` is the usual one), then the chosen wall.
  useEffect(() => {
    if (isTestMode()) {
      const w = window as unknown as { __citybrain?: Record<string, unknown> };
      w.__citybrain ??= {};
      w.__citybrain['wallConsole'] = probe.current;
    }
  }, []);

  useEffect(() => {
    const target = wall ?? 'main';
    const p = probe.current;
    const c = connectWall(
      { role: 'console', wall: target, operator },
      {
        onState(s) {
          p.seq = s.seq;
          p.wall = s.wall;
          p.inControl = s.control?.by === operator;
          p.alarmId = s.alarm?.id ?? null;
          setState(s);
        },
        onConnected(ok) {
          setConnected(ok);
          if (ok)
            void c.list().then((a) => {
              if (!a.ok) return;
              setWalls(a.walls);
              const first = a.walls[0];
              if (wall === null && first !== undefined && !a.walls.some((x) => x.id === target))
                setWall(first.id);
            });
        },
        onError(reason) {
          p.lastError = reason;
          setError(reason);
        },
      },
    );
    conn.current = c;
    return () => {
      conn.current = null;
      c.close();
    };
  }, [wall, operator]);

  const inControl = state?.control?.by === operator;

  // While in control, this page's 3D camera drives the wall: user moves, throttled to 10 Hz (the last one is sent).
  useEffect(() => {
    if (!inControl) return;
    let pending: TwinCamera | null = null;
    let lastSentMs = 0;
    let timer: number | null = null;
    const flush = (): void => {
      timer = null;
      if (pending === null) return;
      const cam = wireCamera(pending);
      pending = null;
      lastSentMs = performance.now();
      probe.current.cameraSent++;
      probe.current.lastSent = cam;
      void send({ op: 'setCamera', camera: cam, durationMs: 0 });
    };
    const off = onCameraMove((view, cam, byUser) => {
      if (view !== 'three' || !byUser) return;
      pending = cam;
      if (timer !== null) return;
      timer = window.setTimeout(flush, Math.max(0, CAMERA_SEND_MS - (performance.now() - lastSentMs)));
    });
    return () => {
      off();
      if (timer !== null) window.clearTimeout(timer);
    };
    // `send` reads the connection through a ref; re-subscribing on control changes is enough.
  }, [inControl]);

  // A clock for the "s left" figure of the current item (1 Hz is enough for a countdown).
  useEffect(() => {
    const id = window.setInterval(() => setNowMs(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, []);

  async function send(cmd: WallCommand): Promise<boolean> {
    const c = conn.current;
    if (!c) return false;
    const a = await c.command(cmd);
    if (!a.ok) {
      probe.current.lastError = a.reason;
      setError(a.reason);
      return false;
    }
    setError(null);
    return true;
  }

  async function take(): Promise<void> {
    if (!(await send({ op: 'takeControl' }))) return;
    // Start from what the wall shows: the operator's 3D view flies to the wall's camera.
    const s = conn.current?.state();
    if (s) cameraBridge('three')?.set(s.camera, 600);
  }

  function drill(): void {
    const cam = cameraBridge('three')?.get() ?? state?.camera;
    if (!cam) return;
    void send({
      op: 'drill',
      x: Math.round(cam.x),
      y: Math.round(cam.y),
      title: { zh: dict('zh').wsDrillTitle, en: dict('en').wsDrillTitle },
    });
  }

  const playlist = walls?.find((w) => w.id === state?.wall)?.playlist ?? [];
  const leftS =
    state?.itemEndsAtMs != null ? Math.max(0, Math.round((state.itemEndsAtMs - nowMs) / 1000)) : null;
  const paused = state !== null && state.itemEndsAtMs === null;
  const control = state?.control ?? null;

  return (
    <section className="panel ws-console" data-testid="wall-console">
      <header className="panel-head">
        <h2>{t.wsConsole}</h2>
        <span
          className={`ws-pill ${connected ? 'ok' : 'bad'}`}
          data-testid="ws-connection"
          data-connected={connected ? '1' : '0'}
        >
          {connected ? t.wsConnected : t.wsDisconnected}
        </span>
      </header>

      <label className="ws-row">
        <span>{t.wsWall}</span>
        <select
          data-testid="ws-wall-select"
          value={state?.wall ?? wall ?? ''}
          onChange={(e) => setWall(e.target.value)}
        >
          {(walls ?? []).map((w) => (
            <option key={w.id} value={w.id}>
              {w.id} · {t.wsScreens(w.screens)}
            </option>
          ))}
        </select>
      </label>
      {walls !== null && walls.length === 0 && <div className="ws-note">{t.wsNoWalls}</div>}

      <div className="ws-row">
        {inControl ? (
          <button type="button" data-testid="ws-release" onClick={() => void send({ op: 'release' })}>
            {t.wsRelease}
          </button>
        ) : (
          <button type="button" data-testid="ws-take" disabled={!connected} onClick={() => void take()}>
            {t.wsTake}
          </button>
        )}
        <span
          className={`ws-pill ${paused ? 'warn' : 'ok'}`}
          data-testid="ws-rotation"
          data-paused={paused ? '1' : '0'}
        >
          {paused ? t.wsPaused : t.wsRotating}
          {leftS !== null ? ` · ${t.wsLeftS(leftS)}` : ''}
        </span>
      </div>
      {control && (
        <div className="ws-note" data-testid="ws-control">
          {inControl
            ? t.wsControlMine
            : t.wsControlledBy(control.by, new Date(control.sinceMs).toLocaleTimeString())}
        </div>
      )}

      <h3 className="ws-sub">{t.wsPlaylist}</h3>
      <ol className="ws-playlist" data-testid="ws-playlist">
        {playlist.map((p, i) => (
          <li
            key={`${i}-${p.scene}`}
            className={i === state?.playlistIndex ? 'current' : ''}
            data-current={i === state?.playlistIndex ? '1' : '0'}
          >
            <span>{t[SCENE_KEY[p.scene]]}</span>
            <span className="ws-dur">{p.durationS} s</span>
            {i === state?.playlistIndex && paused && <span className="ws-pause-mark">{t.wsPaused}</span>}
          </li>
        ))}
      </ol>

      <h3 className="ws-sub">{t.wsScenes}</h3>
      <div className="ws-buttons">
        {WALL_SCENES.map((s) => (
          <button
            key={s}
            type="button"
            className={state?.scene === s ? 'active' : ''}
            data-testid={`ws-scene-${s}`}
            disabled={!inControl}
            title={inControl ? undefined : t.wsNeedControl}
            onClick={() => void send({ op: 'setScene', scene: s })}
          >
            {t[SCENE_KEY[s]]}
          </button>
        ))}
      </div>

      <h3 className="ws-sub">
        {t.wsTime}:{' '}
        <span data-testid="ws-time" data-mode={state?.time.mode ?? ''}>
          {state?.time.mode === 'fixed' ? t.wsFixedAt(localHm(state.time.simMs, 480)) : t.wsLive}
        </span>
      </h3>
      <div className="ws-buttons">
        <button
          type="button"
          data-testid="ws-time-live"
          disabled={!inControl}
          className={state?.time.mode === 'live' ? 'active' : ''}
          onClick={() => void send({ op: 'setTime', time: { mode: 'live' } })}
        >
          {t.wsLive}
        </button>
        {BACK_STEPS_MIN.map((m) => (
          <button
            key={m}
            type="button"
            data-testid={`ws-time-back-${m}`}
            disabled={!inControl || simTimeMs <= 0}
            onClick={() =>
              void send({ op: 'setTime', time: { mode: 'fixed', simMs: Math.round(simTimeMs - m * 60_000) } })
            }
          >
            {t.wsBack(m)}
          </button>
        ))}
      </div>

      <h3 className="ws-sub">{t.wsAlarm}</h3>
      {state?.alarm ? (
        <div className="ws-console-alarm" data-testid="ws-console-alarm" data-alarm-id={state.alarm.id}>
          <div className="ws-alarm-title">{state.alarm.title[lang]}</div>
          <div className="ws-note">{state.alarm.detail[lang]}</div>
          <div className="ws-note">
            {t.wsAlarmPlace(Math.round(state.alarm.x), Math.round(state.alarm.y))}
          </div>
          <button
            type="button"
            className="ws-ack"
            data-testid="ws-ack"
            onClick={() => {
              const id = state.alarm?.id;
              if (id !== undefined) void send({ op: 'ackAlarm', id });
            }}
          >
            {t.wsAck}
          </button>
        </div>
      ) : (
        <div className="ws-note">{t.wsNoAlarm}</div>
      )}
      <div className="ws-buttons">
        <button type="button" data-testid="ws-drill" disabled={!connected} onClick={drill}>
          {t.wsDrill}
        </button>
      </div>

      {error && (
        <div className="ws-error" role="status" data-testid="ws-error">
          {t.wsRefused}: {error}
        </div>
      )}
      {state && <div className="ws-seq">{t.wsSeq(state.seq)}</div>}
    </section>
  );
}
