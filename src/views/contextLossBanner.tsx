/**
 * The small status line a view shows while it recovers by itself (issue 7, "runs for days"): its WebGL context was
 * lost and is being restored, and (with `showFeed`) the live feed dropped and is reconnecting. After a recovery it
 * says so for RESTORED_SHOW_MS, then disappears: an operator reading the wall from 5–10 m sees that the picture was
 * briefly stale and that it is live again, without having to touch anything.
 */
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { dict } from '../app/i18n.ts';
import { useAppStore } from '../state/store.ts';
import { glStatus, onGlStatus, type GlViewId } from './contextLoss.ts';
import '../../assets/recovery.css';

/** How long "restored" stays up, ms. */
const RESTORED_SHOW_MS = 4000;

/** A status line over a view: graphics of `view`, and the live feed when `showFeed`. */
export function ContextLossBanner({ view, showFeed = false }: { view: GlViewId; showFeed?: boolean }) {
  const lang = useAppStore((s) => s.lang);
  const t = dict(lang);
  const gl = useSyncExternalStore(onGlStatus, () => glStatus(view));
  const conn = useAppStore((s) => s.connection);
  const [glRestored, setGlRestored] = useState(false);
  const [feedRestored, setFeedRestored] = useState(false);
  // The feed counts as "lost" only after it was live once: the first connection is startup, not a recovery.
  const wasLive = useRef(false);
  const feedLost = useRef(false);

  useEffect(() => {
    if (gl.recoveries === 0) return;
    setGlRestored(true);
    const id = setTimeout(() => setGlRestored(false), RESTORED_SHOW_MS);
    return () => clearTimeout(id);
  }, [gl.recoveries]);

  useEffect(() => {
    if (conn.phase === 'live') {
      const was = feedLost.current;
      wasLive.current = true;
      feedLost.current = false;
      if (!was) return;
      setFeedRestored(true);
      const id = setTimeout(() => setFeedRestored(false), RESTORED_SHOW_MS);
      return () => clearTimeout(id);
    }
    if (wasLive.current) {
      feedLost.current = true;
      setFeedRestored(false);
    }
    return undefined;
  }, [conn]);

  const lines: { key: string; text: string; kind: 'bad' | 'good' }[] = [];
  switch (gl.phase) {
    case 'lost':
      lines.push({ key: 'gl', text: t.rcGlLost, kind: 'bad' });
      break;
    case 'recovering':
      lines.push({ key: 'gl', text: t.rcGlRecovering, kind: 'bad' });
      break;
    case 'ok':
      if (glRestored) lines.push({ key: 'gl', text: t.rcGlRestored, kind: 'good' });
      break;
    default: {
      const never: never = gl.phase;
      void never;
    }
  }
  if (showFeed && wasLive.current) {
    switch (conn.phase) {
      case 'disconnected':
        lines.push({ key: 'feed', text: t.rcFeedLost(conn.attempt), kind: 'bad' });
        break;
      case 'connecting':
        lines.push({ key: 'feed', text: t.rcFeedConnecting, kind: 'bad' });
        break;
      case 'resyncing':
        lines.push({ key: 'feed', text: t.rcFeedResyncing, kind: 'bad' });
        break;
      case 'live':
        if (feedRestored) lines.push({ key: 'feed', text: t.rcFeedRestored, kind: 'good' });
        break;
      default: {
        const never: never = conn;
        void never;
      }
    }
  }
  if (lines.length === 0) return null;
  return (
    <div
      className="rc-banner"
      role="status"
      aria-live="polite"
      aria-label={t.rcStatusLabel}
      data-testid={`recovery-banner-${view}`}
      data-gl-phase={gl.phase}
    >
      {lines.map((l) => (
        <div key={l.key} className={`rc-line rc-${l.kind}`} data-testid={`recovery-${l.key}`}>
          <span className="rc-dot" aria-hidden="true" />
          {l.text}
        </div>
      ))}
    </div>
  );
}
