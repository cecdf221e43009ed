/**
 * The time the wall shows (WallState.time: the live sim clock, or a fixed time the operator set), in the city's
 * time zone with its offset, and the rotation's state: current scene, seconds to the next one, or who paused it.
 */
import type { Dict } from '../app/i18n.ts';
import type { WallState } from '../core/wall/types.ts';
import { cityClock, sceneLabel } from './wallFormat.ts';

/** The clock panel. `liveSimMs`: the store's sim clock; `nowMs`: real time (rotation countdown). */
export function WallClock({
  state,
  liveSimMs,
  nowMs,
  offsetMin,
  connected,
  latencyMs,
  t,
}: {
  state: WallState | null;
  liveSimMs: number;
  nowMs: number;
  offsetMin: number;
  connected: boolean;
  latencyMs: number | null;
  t: Dict;
}) {
  const fixed = state?.time.mode === 'fixed' ? state.time.simMs : null;
  const simMs = fixed ?? liveSimMs;
  const c = simMs > 0 ? cityClock(simMs, offsetMin) : null;
  let rotation = '';
  if (state) {
    if (state.control) rotation = t.wlPaused(state.control.by);
    else if (state.itemEndsAtMs !== null) {
      rotation = t.wlNext(Math.max(0, Math.ceil((state.itemEndsAtMs - nowMs) / 1000)));
    }
  }
  return (
    <section
      className="wl-card wl-clock"
      data-testid="wl-clock"
      data-time-mode={fixed !== null ? 'fixed' : 'live'}
    >
      <div className="wl-clock-row">
        <span className="wl-clock-time" data-testid="wl-clock-time">
          {c ? c.time : '--:--:--'}
        </span>
        <span className={fixed !== null ? 'wl-badge warn' : 'wl-badge good'}>
          {fixed !== null ? t.wlFixedTime : t.wlLiveTime}
        </span>
      </div>
      <div className="wl-clock-sub">
        {c && (
          <span>
            {c.date} {c.zone}
          </span>
        )}
        {state && (
          <span>
            {sceneLabel(state.scene, t)} {rotation && `· ${rotation}`}
          </span>
        )}
        {/* Latency is for the console and tests (data-latency-ms); the wall says only when sync is lost. */}
        <span
          className={connected ? 'wl-sync-ok' : 'wl-bad'}
          data-testid="wl-sync-status"
          data-latency-ms={latencyMs ?? ''}
        >
          {connected ? '' : t.wlOffline}
        </span>
      </div>
    </section>
  );
}
