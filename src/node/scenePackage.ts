/**
 * Node-only helpers around the pure importer and package codec: read GIS inputs from disk, write a scene package
 * atomically, read one back. The browser loads packages over HTTP with the same decodeScene().
 */
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { importGeoJson } from '../core/scene/importer.ts';
import type { ImportOptions, ImportResult } from '../core/scene/importer.ts';
import { decodeScene, encodeScene } from '../core/scene/package.ts';
import type { CityModel } from '../core/scene/types.ts';

/** Valid scene names: lower-case letters, digits, "_" and "-", starting with a letter or digit, ≤ 64 chars. */
export const SCENE_NAME_RE = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Throws a precise Error unless `name` is a valid scene name. */
export function assertSceneName(name: string): void {
  if (!SCENE_NAME_RE.test(name)) {
    throw new Error(`invalid scene name "${name}": use 1–64 of a-z 0-9 _ - starting with a letter or digit`);
  }
}

/**
 * Reads GIS inputs: files as given, folders expanded to their *.geojson / *.json files (not recursive), each folder's
 * files sorted by name. Rejects with an Error naming the path that cannot be read.
 */
export async function readInputs(paths: readonly string[]): Promise<{ fileName: string; text: string }[]> {
  const files: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = await stat(p);
    } catch {
      throw new Error(`${p}: no such file or folder`);
    }
    if (st.isDirectory()) {
      const entries = (await readdir(p)).filter((f) => /\.(geo)?json$/i.test(f)).sort();
      if (entries.length === 0) throw new Error(`${p}: folder has no *.geojson or *.json files`);
      for (const f of entries) files.push(path.join(p, f));
    } else files.push(p);
  }
  return Promise.all(files.map(async (f) => ({ fileName: f, text: await readFile(f, 'utf8') })));
}

/** Writes scenes/<name>/scene.json + scene.bin atomically: a temp folder renamed over the old one. */
export async function writeScenePackage(scenesDir: string, name: string, model: CityModel): Promise<void> {
  assertSceneName(name);
  const { json, bin } = encodeScene(model);
  await mkdir(scenesDir, { recursive: true });
  const final = path.join(scenesDir, name);
  const tmp = path.join(scenesDir, `.${name}.tmp-${process.pid}`);
  const old = path.join(scenesDir, `.${name}.old-${process.pid}`);
  await rm(tmp, { recursive: true, force: true });
  try {
    await mkdir(tmp);
    await writeFile(path.join(tmp, 'scene.bin'), bin);
    await writeFile(path.join(tmp, 'scene.json'), json);
    // rename() cannot replace a non-empty folder: move the old one aside first, then swap in the new one.
    let hadOld = false;
    try {
      await rename(final, old);
      hadOld = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    try {
      await rename(tmp, final);
    } catch (err) {
      if (hadOld) await rename(old, final);
      throw err;
    }
    if (hadOld) await rm(old, { recursive: true, force: true });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Reads and validates scenes/<name>/ into a CityModel (typed arrays are views into one ArrayBuffer). */
export async function readScenePackage(scenesDir: string, name: string): Promise<CityModel> {
  assertSceneName(name);
  const dir = path.join(scenesDir, name);
  const jsonPath = path.join(dir, 'scene.json');
  const binPath = path.join(dir, 'scene.bin');
  let json: unknown;
  try {
    json = JSON.parse(await readFile(jsonPath, 'utf8'));
  } catch (err) {
    throw new Error(`${jsonPath}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const buf = await readFile(binPath);
  // Node may hand back a slice of a shared pool: copy into an ArrayBuffer of its own so views start at offset 0.
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  try {
    return decodeScene(json, ab);
  } catch (err) {
    throw new Error(`${dir}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/** Reads the inputs, imports them and writes the package only when the import has no fatal problem. */
export async function importToScene(
  paths: readonly string[],
  opts: ImportOptions & { readonly scenesDir: string },
): Promise<ImportResult> {
  assertSceneName(opts.name);
  const inputs = await readInputs(paths);
  const result = importGeoJson(inputs, opts);
  if (result.ok) await writeScenePackage(opts.scenesDir, opts.name, result.model);
  return result;
}
