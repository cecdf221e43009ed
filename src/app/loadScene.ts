/**
 * Downloads a scene package (scenes/<name>/scene.json + scene.bin) with progress, decodes it into a CityModel and
 * puts it in the scene holder. Every failure becomes a precise message in the store (which file, why).
 */
import { decodeScene } from '../core/scene/package.ts';
import type { AppStore } from '../state/store.ts';
import { setModel } from './sceneHolder.ts';
import { dict } from './i18n.ts';
import { markStage } from './testHooks.ts';
import { sharedBuildingGeometry } from '../views/three/footprints.ts';

/** Scene names are plain identifiers: they end up in URLs and file paths. */
const SCENE_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** Responses index.html started fetching before the bundle loaded (see its inline script). */
interface ScenePrefetch {
  readonly name: string;
  json?: Promise<Response> | undefined;
  bin?: Promise<Response> | undefined;
}

/** Takes over (once) the early request for `file` of scene `name`, if index.html started one. */
function takePrefetch(name: string, baseUrl: string, file: 'json' | 'bin'): Promise<Response> | undefined {
  const pre = (window as unknown as { __citybrainPrefetch?: ScenePrefetch }).__citybrainPrefetch;
  if (!pre || pre.name !== name || baseUrl !== '/scenes') return undefined;
  const p = pre[file];
  pre[file] = undefined;
  return p;
}

/** A download failure that already carries the user-facing message. */
class SceneLoadError extends Error {}

/** Reads `?scene=<name>` from a query string; falls back to 'default' for absent or malformed names. */
export function sceneNameFromSearch(search: string): string {
  const raw = new URLSearchParams(search).get('scene');
  return raw && SCENE_NAME.test(raw) ? raw : 'default';
}

/** Fetches a URL as bytes, calling onBytes(received, total|0) as chunks arrive. */
async function fetchWithProgress(
  url: string,
  sceneName: string,
  lang: 'zh' | 'en',
  onBytes: (received: number, total: number) => void,
  prefetched?: Promise<Response>,
): Promise<Uint8Array> {
  const t = dict(lang);
  let res: Response;
  try {
    res = await (prefetched ?? fetch(url));
  } catch (e) {
    throw new SceneLoadError(t.sceneFetchFailed(url, e instanceof Error ? e.message : String(e)));
  }
  if (res.status === 404) throw new SceneLoadError(t.sceneNotFound(sceneName, url));
  if (!res.ok) throw new SceneLoadError(t.sceneFetchFailed(url, `HTTP ${res.status} ${res.statusText}`));
  const total = Number(res.headers.get('content-length') ?? 0) || 0;
  if (!res.body) {
    const buf = new Uint8Array(await res.arrayBuffer());
    onBytes(buf.byteLength, buf.byteLength);
    return buf;
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.byteLength;
    onBytes(received, total);
  }
  const out = new Uint8Array(received);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.byteLength;
  }
  return out;
}

/** Loads scene `name` from `baseUrl` (default '/scenes') into the holder, reporting progress in `store`. */
export async function loadScene(store: AppStore, name: string, baseUrl = '/scenes'): Promise<boolean> {
  const lang = () => store.getState().lang;
  const jsonUrl = `${baseUrl}/${name}/scene.json`;
  const binUrl = `${baseUrl}/${name}/scene.bin`;
  store.getState().setSceneLoad({ phase: 'loading', name, progress: 0 });
  let jsonBytes = 0;
  let binBytes = 0;
  let binTotal = 0;
  const report = () => {
    // The JSON is small; the progress bar follows the binary (95 %), the last 5 % is decoding.
    const p = binTotal > 0 ? Math.min(0.95, (binBytes / binTotal) * 0.95) : jsonBytes > 0 ? 0.05 : 0;
    store.getState().setSceneLoad({ phase: 'loading', name, progress: p });
  };
  try {
    markStage('scene:fetchStart');
    // scene.json first: it is small, and when the scene is missing the error then names the file people know.
    const jsonBuf = await fetchWithProgress(
      jsonUrl,
      name,
      lang(),
      (r) => {
        jsonBytes = r;
        report();
      },
      takePrefetch(name, baseUrl, 'json'),
    );
    markStage('scene:jsonDone');
    const binBuf = await fetchWithProgress(
      binUrl,
      name,
      lang(),
      (r, total) => {
        binBytes = r;
        binTotal = total;
        report();
      },
      takePrefetch(name, baseUrl, 'bin'),
    );
    markStage('scene:binDone');
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(jsonBuf));
    } catch (e) {
      throw new SceneLoadError(
        dict(lang()).sceneBadFile(jsonUrl, e instanceof Error ? e.message : String(e)),
      );
    }
    store.getState().setSceneLoad({ phase: 'loading', name, progress: 0.97 });
    // Let the progress bar paint before the (synchronous) decode.
    await new Promise((r) => setTimeout(r, 0));
    const bin = binBuf.buffer.slice(binBuf.byteOffset, binBuf.byteOffset + binBuf.byteLength) as ArrayBuffer;
    let model;
    try {
      markStage('scene:decodeStart');
      model = decodeScene(json, bin);
      markStage('scene:decodeEnd');
    } catch (e) {
      throw new SceneLoadError(
        dict(lang()).sceneBadFile(`${jsonUrl} + scene.bin`, e instanceof Error ? e.message : String(e)),
      );
    }
    // Start the building triangles + 3D mesh (a worker) now: they then overlap the views' mounting and setup.
    void sharedBuildingGeometry(model.buildings);
    const version = setModel(model);
    store.getState().setSceneLoad({ phase: 'ready', name, version });
    return true;
  } catch (e) {
    const message =
      e instanceof SceneLoadError ? e.message : `${jsonUrl}: ${e instanceof Error ? e.message : String(e)}`;
    store.getState().setSceneLoad({ phase: 'error', name, message });
    return false;
  }
}
