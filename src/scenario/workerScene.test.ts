import { afterEach, describe, expect, it, vi } from 'vitest';
import { SceneCache, loadSceneCity } from './workerScene.ts';

const URLS = { sceneJsonUrl: 'http://x/scenes/a/scene.json', sceneBinUrl: 'http://x/scenes/a/scene.bin' };

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('workerScene', () => {
  it('names the URL and the HTTP status of a failed fetch', async () => {
    vi.stubGlobal('fetch', async () => new Response('', { status: 404, statusText: 'Not Found' }));
    await expect(loadSceneCity(URLS)).rejects.toThrow('http://x/scenes/a/scene.json: HTTP 404 Not Found');
  });

  it('names scene.json when it is not JSON', async () => {
    vi.stubGlobal('fetch', async () => new Response('{oops', { status: 200 }));
    await expect(loadSceneCity(URLS)).rejects.toThrow(/^http:\/\/x\/scenes\/a\/scene\.json: /);
  });

  it('forgets a failed load, so the next run loads again', async () => {
    vi.stubGlobal('fetch', async () => new Response('', { status: 500, statusText: 'Server Error' }));
    const cache = new SceneCache();
    let loads = 0;
    await expect(cache.city(URLS, () => loads++)).rejects.toThrow('HTTP 500');
    await expect(cache.city(URLS, () => loads++)).rejects.toThrow('HTTP 500');
    expect(loads).toBe(2);
  });
});
