/**
 * A tiny history-API router for the four modes (no dependency). The mode is derived from location.pathname;
 * `navigate` pushes a new entry and notifies subscribers. Query parameters (?scene=, ?test=) are kept.
 */
import { useSyncExternalStore } from 'react';

/** The app's modes, by route. */
export const MODES = [
  { id: 'exec', path: '/' },
  { id: 'ops', path: '/ops' },
  { id: 'wall', path: '/wall' },
  { id: 'plan', path: '/plan' },
] as const;
export type Mode = (typeof MODES)[number]['id'];

/** The mode for a pathname; unknown paths fall back to the executive overview. */
export function modeFromPath(pathname: string): Mode {
  const p = pathname.replace(/\/+$/, '') || '/';
  for (const m of MODES) if (m.path === p) return m.id;
  return 'exec';
}

/** The path of a mode. */
export function pathOfMode(mode: Mode): string {
  const m = MODES.find((x) => x.id === mode);
  return m ? m.path : '/';
}

const listeners = new Set<() => void>();
const notify = () => {
  for (const l of listeners) l();
};
if (typeof window !== 'undefined') window.addEventListener('popstate', notify);

/** Goes to a mode, keeping the query string (scene, test flags). */
export function navigate(mode: Mode): void {
  const url = pathOfMode(mode) + window.location.search;
  if (url === window.location.pathname + window.location.search) return;
  window.history.pushState(null, '', url);
  notify();
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

/** React hook: the current mode. */
export function useMode(): Mode {
  return useSyncExternalStore(
    subscribe,
    () => modeFromPath(window.location.pathname),
    () => 'exec',
  );
}
