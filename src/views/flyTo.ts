/**
 * "Fly to selection": the inspector button and the F key ask; each view that can move its camera listens. A plain
 * listener set (no store state: a request is an event, not something to render).
 */

type Listener = () => void;
const listeners = new Set<Listener>();

/** Asks every view to move its camera to the current selection. */
export function requestFlyTo(): void {
  for (const l of listeners) l();
}

/** Subscribes a view to fly-to requests; returns the unsubscribe function. */
export function onFlyTo(l: Listener): () => void {
  listeners.add(l);
  return () => {
    listeners.delete(l);
  };
}

/** Installs the F key (not while typing in a field, not with modifiers); returns the uninstall function. */
export function installFlyToKey(): () => void {
  const onKey = (e: KeyboardEvent): void => {
    if (e.key !== 'f' && e.key !== 'F') return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const target = e.target as HTMLElement | null;
    if (target?.closest('input, textarea, select')) return;
    requestFlyTo();
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
