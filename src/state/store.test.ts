import { describe, expect, it } from 'vitest';
import { createAppStore } from './store.ts';

describe('app store actions', () => {
  it('select records the selection and where it came from; null clears it', () => {
    const store = createAppStore();
    store.getState().select({ kind: 'building', index: 12 }, 'map');
    expect(store.getState().selection).toEqual({ kind: 'building', index: 12 });
    expect(store.getState().selectionSource).toBe('map');
    store.getState().select(null, null);
    expect(store.getState().selection).toBeNull();
  });

  it('toggleLayer flips one layer only and keeps the others', () => {
    const store = createAppStore();
    const before = store.getState().layers;
    store.getState().toggleLayer('roads');
    const after = store.getState().layers;
    expect(after.roads).toBe(!before.roads);
    expect({ ...after, roads: before.roads }).toEqual(before);
    store.getState().setLayer('roads', true);
    expect(store.getState().layers.roads).toBe(true);
  });

  it('setLang switches the language; defaults to Chinese', () => {
    const store = createAppStore();
    expect(store.getState().lang).toBe('zh');
    store.getState().setLang('en');
    expect(store.getState().lang).toBe('en');
  });

  it('scene load moves through its phases', () => {
    const store = createAppStore();
    expect(store.getState().sceneLoad).toEqual({ phase: 'idle' });
    store.getState().setSceneLoad({ phase: 'loading', name: 'default', progress: 0.5 });
    store.getState().setSceneLoad({ phase: 'error', name: 'default', message: 'scene.bin: 404' });
    expect(store.getState().sceneLoad).toEqual({
      phase: 'error',
      name: 'default',
      message: 'scene.bin: 404',
    });
  });

  it('stores are independent', () => {
    const a = createAppStore();
    const b = createAppStore();
    a.getState().setLang('en');
    expect(b.getState().lang).toBe('zh');
  });
});
