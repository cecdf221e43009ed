import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importToScene, readInputs, readScenePackage, writeScenePackage } from './scenePackage.ts';

const building = (h: number): string =>
  JSON.stringify({
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { building: 'yes', height: h },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [121.5, 31.2],
              [121.5001, 31.2],
              [121.5001, 31.2001],
              [121.5, 31.2],
            ],
          ],
        },
      },
    ],
  });

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'citybrain-scene-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('scene package on disk', () => {
  it('reads folders sorted, imports, writes atomically and reads back', async () => {
    await writeFile(path.join(dir, 'b.geojson'), building(20));
    await writeFile(path.join(dir, 'a.json'), building(10));
    await writeFile(path.join(dir, 'notes.txt'), 'x');
    const inputs = await readInputs([dir]);
    expect(inputs.map((i) => path.basename(i.fileName))).toEqual(['a.json', 'b.geojson']);
    const scenes = path.join(dir, 'scenes');
    const r = await importToScene([path.join(dir, 'a.json')], {
      name: 'demo',
      importedAt: 't',
      scenesDir: scenes,
    });
    expect(r.ok).toBe(true);
    const m = await readScenePackage(scenes, 'demo');
    expect([...m.buildings.heightM]).toEqual([10]);
    expect((await readdir(scenes)).sort()).toEqual(['demo']); // no temp folders left
  });
  it('a failing import leaves the existing scene untouched', async () => {
    const scenes = path.join(dir, 'scenes');
    await writeFile(path.join(dir, 'good.geojson'), building(10));
    await writeFile(path.join(dir, 'bad.geojson'), '{"type":');
    expect(
      (
        await importToScene([path.join(dir, 'good.geojson')], {
          name: 'demo',
          importedAt: 't',
          scenesDir: scenes,
        })
      ).ok,
    ).toBe(true);
    const before = await readFile(path.join(scenes, 'demo', 'scene.bin'));
    const r = await importToScene([path.join(dir, 'good.geojson'), path.join(dir, 'bad.geojson')], {
      name: 'demo',
      importedAt: 't2',
      scenesDir: scenes,
    });
    expect(r.ok).toBe(false);
    expect(await readFile(path.join(scenes, 'demo', 'scene.bin'))).toEqual(before);
    expect((await readScenePackage(scenes, 'demo')).meta.importedAt).toBe('t');
    // Overwriting with a good import replaces it, leaving no temp folders.
    await writeFile(path.join(dir, 'good.geojson'), building(30));
    const r2 = await importToScene([path.join(dir, 'good.geojson')], {
      name: 'demo',
      importedAt: 't3',
      scenesDir: scenes,
    });
    if (!r2.ok) throw new Error('import failed');
    expect([...(await readScenePackage(scenes, 'demo')).buildings.heightM]).toEqual([30]);
    expect(await readdir(scenes)).toEqual(['demo']);
    await expect(writeScenePackage(scenes, '../evil', r2.model)).rejects.toThrow(
      'invalid scene name "../evil"',
    );
  });
  it('names missing paths', async () => {
    await expect(readInputs([path.join(dir, 'missing.geojson')])).rejects.toThrow(
      `${path.join(dir, 'missing.geojson')}: no such file or folder`,
    );
  });
});
