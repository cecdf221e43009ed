/**
 * Wall layouts are data served with the scenes (`/scenes/walls/<id>.json`, the feed server's static scenes folder;
 * proxied by `npm run dev`): a new wall needs no rebuild. Each file is fetched once and parsed with parseWallLayout.
 */
import { parseWallLayout, type WallLayoutResult } from '../core/wall/layout.ts';

const cache = new Map<string, Promise<WallLayoutResult | null>>();

/** The layout `id` (parsed, or its precise parse error), or null when the server has no such file. Never rejects. */
export function fetchWallLayout(id: string): Promise<WallLayoutResult | null> {
  let p = cache.get(id);
  if (!p) {
    const file = `scenes/walls/${id}.json`;
    p = fetch(`/${file}`)
      .then(async (r): Promise<WallLayoutResult | null> => {
        if (r.status === 404) return null;
        if (!r.ok) return { ok: false, reason: `${file}: HTTP ${r.status} ${r.statusText}` };
        const text = await r.text();
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch (e) {
          return { ok: false, reason: `${file}: not JSON (${e instanceof Error ? e.message : String(e)})` };
        }
        return parseWallLayout(json, file);
      })
      .catch((e: unknown) => ({
        ok: false,
        reason: `${file}: ${e instanceof Error ? e.message : String(e)}`,
      }));
    // A failed fetch (server restarting) is retried on the next call instead of being cached.
    void p.then((r) => {
      if (r !== null && !r.ok && /HTTP|fetch/i.test(r.reason)) cache.delete(id);
    });
    cache.set(id, p);
  }
  return p;
}
