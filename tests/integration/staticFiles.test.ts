/** The feed server's HTTP side: MIME types, scenes, SPA fallback, no path traversal, socket.io on the same port. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeedServer, type FeedServer } from '../../mock-server/server.ts';
import { START_SIM_MS, tinyCity } from './fixtures.ts';

let server: FeedServer;
beforeAll(async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'citybrain-static-'));
  const dist = path.join(root, 'dist');
  const scenes = path.join(root, 'scenes');
  mkdirSync(path.join(dist, 'assets'), { recursive: true });
  mkdirSync(path.join(scenes, 'tiny'), { recursive: true });
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(path.join(dist, 'assets', 'app.js'), 'export {};');
  writeFileSync(path.join(dist, 'assets', 'app.css'), 'body{}');
  writeFileSync(path.join(dist, 'assets', 'font.woff2'), 'w');
  writeFileSync(path.join(scenes, 'tiny', 'scene.json'), '{"name":"tiny"}');
  writeFileSync(path.join(scenes, 'tiny', 'scene.bin'), Buffer.from([1, 2, 3]));
  writeFileSync(path.join(root, 'secret.txt'), 'secret');
  server = await createFeedServer({
    scene: tinyCity(),
    sceneName: 'tiny',
    seed: 1,
    speed: 1,
    startSimMs: START_SIM_MS,
    port: 0,
    autoTick: false,
    staticDirs: [
      { urlPrefix: '/scenes/', dir: scenes },
      { urlPrefix: '/', dir: dist },
    ],
    spaFallback: path.join(dist, 'index.html'),
    log: () => {},
  });
});
afterAll(() => server.close());

const get = async (p: string): Promise<[number, string, string]> => {
  const r = await fetch(server.url + p);
  return [r.status, r.headers.get('content-type') ?? '', await r.text()];
};

describe('static files', () => {
  it('serves the app, assets and scenes with the right MIME types', async () => {
    expect(await get('/')).toEqual([200, 'text/html; charset=utf-8', '<!doctype html><title>app</title>']);
    expect((await get('/assets/app.js')).slice(0, 2)).toEqual([200, 'text/javascript; charset=utf-8']);
    expect((await get('/assets/app.css')).slice(0, 2)).toEqual([200, 'text/css; charset=utf-8']);
    expect((await get('/assets/font.woff2')).slice(0, 2)).toEqual([200, 'font/woff2']);
    expect(await get('/scenes/tiny/scene.json')).toEqual([
      200,
      'application/json; charset=utf-8',
      '{"name":"tiny"}',
    ]);
    expect((await get('/scenes/tiny/scene.bin')).slice(0, 2)).toEqual([200, 'application/octet-stream']);
  });
  it('falls back to index.html for client routes only', async () => {
    for (const route of ['/ops', '/wall', '/plan', '/plan/flood-1']) expect((await get(route))[0]).toBe(200);
    expect((await get('/missing.js'))[0]).toBe(404);
    expect((await get('/scenes/nope/scene.json'))[0]).toBe(404);
  });
  it('refuses path traversal', async () => {
    for (const p of [
      '/scenes/..%2f..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/scenes/tiny/..%5c..%5c..%5csecret.txt',
    ]) {
      const [status, , body] = await get(p);
      expect(body).not.toBe('secret');
      expect([403, 404]).toContain(status);
    }
  });
  it('carries socket.io on the same port', async () => {
    const r = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`);
    expect(r.status).toBe(200);
  });
});

describe('default scene (replay mode)', () => {
  it("redirects app pages without ?scene= to the replay's scene and leaves files alone", async () => {
    const dist = mkdtempSync(path.join(tmpdir(), 'citybrain-default-scene-'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html>');
    const s = await createFeedServer({
      scene: tinyCity(),
      sceneName: 'tiny',
      seed: 1,
      speed: 1,
      startSimMs: START_SIM_MS,
      port: 0,
      autoTick: false,
      staticDirs: [{ urlPrefix: '/', dir: dist }],
      spaFallback: path.join(dist, 'index.html'),
      defaultScene: 'metr-la',
      log: () => {},
    });
    try {
      const head = async (p: string): Promise<[number, string | null]> => {
        const r = await fetch(s.url + p, { redirect: 'manual' });
        return [r.status, r.headers.get('location')];
      };
      expect(await head('/')).toEqual([302, '/?scene=metr-la']);
      expect(await head('/ops?lang=en')).toEqual([302, '/ops?lang=en&scene=metr-la']);
      expect(await head('/?scene=default')).toEqual([200, null]);
      expect(await head('/index.html')).toEqual([200, null]);
    } finally {
      await s.close();
    }
  });
});
