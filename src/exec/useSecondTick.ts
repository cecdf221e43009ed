/**
 * Re-renders the caller about once per real second (DESIGN.md rule 3: cold state at ≤ 1 Hz). The overview reads the
 * store with `appStore.getState()` during render, so a burst of store updates costs one render a second, not one per
 * message.
 */
import { useEffect, useState } from 'react';

/** Period of the overview's refresh, ms. */
export const EXEC_REFRESH_MS = 1000;

/** A counter bumped every EXEC_REFRESH_MS (its value is only a render trigger). */
export function useSecondTick(): number {
  const [n, setN] = useState(0);
  useEffect(() => {
    const id = setInterval(() => setN((x) => x + 1), EXEC_REFRESH_MS);
    return () => clearInterval(id);
  }, []);
  return n;
}
