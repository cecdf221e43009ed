/**
 * What every what-if worker does before its run: fetch the scene package (scene.json + scene.bin) by URL, decode it
 * with the core's `decodeScene`, and keep it for the next run with the same URLs (a promise: a second run while
 * loading shares the load). Errors name the URL and the HTTP status or the JSON fault.
 */
import { decodeScene } from '../core/scene/package.ts';
import type { CityModel } from '../core/scene/types.ts';

/** China Standard Time, the scenes' default (src/core/scene/types.ts SceneMeta.utcOffsetMin). */
export const DEFAULT_UTC_OFFSET_MIN = 480;

/** The part of a worker's scope the what-if workers use (the project's lib is DOM, not WebWorker). */
export interface WorkerScope<Reply> {
  postMessage(m: Reply, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<unknown>) => void) | null;
}

/** This worker's scope, typed with its replies. */
export const workerScope = <Reply>(): WorkerScope<Reply> => self as unknown as WorkerScope<Reply>;

/** The scene package's URLs, as every run request carries them. */
export interface SceneUrls {
  /** Absolute URLs of the scene package (scene.json, scene.bin). */
  readonly sceneJsonUrl: string;
  readonly sceneBinUrl: string;
}

/** An error's message, or the thrown value as text. */
export const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Fetches one file of the scene package; errors name the URL and the HTTP status. */
export async function fetchBytes(url: string): Promise<ArrayBuffer> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${res.statusText}`);
  return res.arrayBuffer();
}

/** Fetches and decodes a scene package; a scene.json that is not JSON is reported with its URL. */
export async function loadSceneCity(urls: SceneUrls): Promise<CityModel> {
  const [jsonBuf, bin] = await Promise.all([fetchBytes(urls.sceneJsonUrl), fetchBytes(urls.sceneBinUrl)]);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(jsonBuf));
  } catch (e) {
    throw new Error(`${urls.sceneJsonUrl}: ${errText(e)}`, { cause: e });
  }
  return decodeScene(json, bin);
}

/** The scene of an earlier run, keyed by its URLs; a failed load is forgotten so that the next run tries again. */
export class SceneCache {
  private cached: { key: string; city: Promise<CityModel> } | null = null;

  /** The city of `urls`: the cached one, or a new load (`onLoad` is called first, e.g. to post a stage). */
  async city(urls: SceneUrls, onLoad: () => void): Promise<CityModel> {
    const key = `${urls.sceneJsonUrl}|${urls.sceneBinUrl}`;
    if (this.cached?.key !== key) {
      onLoad();
      this.cached = { key, city: loadSceneCity(urls) };
    }
    try {
      return await this.cached.city;
    } catch (e) {
      this.cached = null;
      throw e;
    }
  }
}
