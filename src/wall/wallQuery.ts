/**
 * The wall screen a URL asks for (`/wall?wall=<id>&screen=<n>`), validated at the edge (DESIGN.md rule 5): plain
 * `/wall` is the one-screen 'single' layout in the browser window; anything wrong gives a message that names the
 * layout file and the field.
 */
import { WALL_ID_PATTERN, wallScreen, type WallLayout } from '../core/wall/layout.ts';
import type { Dict } from '../app/i18n.ts';

/** The layout plain `/wall` uses. */
export const SINGLE_WALL_ID = 'single';

/** What the URL asks for. */
export type WallQuery =
  | { readonly ok: true; readonly id: string; readonly screenParam: string | null; readonly isPlain: boolean }
  | { readonly ok: false; readonly reason: string };

/** A resolved screen, or why not. */
export type WallTarget =
  | { readonly ok: true; readonly layout: WallLayout; readonly screen: number; readonly isPlain: boolean }
  | { readonly ok: false; readonly reason: string };

/** Reads `search` (location.search). */
export function parseWallQuery(search: string, t: Dict): WallQuery {
  const q = new URLSearchParams(search);
  const wallParam = q.get('wall');
  const screenParam = q.get('screen');
  const id = wallParam ?? SINGLE_WALL_ID;
  if (!WALL_ID_PATTERN.test(id)) return { ok: false, reason: t.wlBadWallId(id) };
  return { ok: true, id, screenParam, isPlain: wallParam === null && screenParam === null };
}

/** The screen of `layout` that `screenParam` names (a one-screen layout needs none). */
export function resolveWallScreen(
  layout: WallLayout,
  screenParam: string | null,
  isPlain: boolean,
  t: Dict,
): WallTarget {
  const file = `scenes/walls/${layout.id}.json`;
  if (screenParam === null) {
    if (layout.screens.length === 1) return { ok: true, layout, screen: 1, isPlain };
    return { ok: false, reason: t.wlMissingScreen(file, layout.screens.length) };
  }
  const n = /^[0-9]{1,4}$/.test(screenParam) ? Number(screenParam) : NaN;
  if (!Number.isInteger(n) || wallScreen(layout, n) === null) {
    return { ok: false, reason: t.wlBadScreen(file, screenParam, layout.screens.length) };
  }
  return { ok: true, layout, screen: n, isPlain };
}
