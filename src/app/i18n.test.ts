import { describe, expect, it } from 'vitest';
import { DICTS, pickName } from './i18n.ts';

describe('i18n', () => {
  it('has the same keys and value kinds in zh and en, none empty', () => {
    const zhKeys = Object.keys(DICTS.zh).sort();
    expect(Object.keys(DICTS.en).sort()).toEqual(zhKeys);
    for (const k of zhKeys) {
      const a = DICTS.zh[k as keyof typeof DICTS.zh];
      const b = DICTS.en[k as keyof typeof DICTS.en];
      expect(typeof a, k).toBe(typeof b);
      if (typeof a === 'string') expect(a.length, k).toBeGreaterThan(0);
      if (typeof b === 'string') expect(b.length, k).toBeGreaterThan(0);
    }
  });
  it('names the file and the fix when a scene is missing', () => {
    expect(DICTS.en.sceneNotFound('x', '/scenes/x/scene.json')).toBe(
      "scene 'x' not found (/scenes/x/scene.json returned 404) — run npm run import or npm run generate-city",
    );
  });
  it('picks names in the UI language with fallbacks', () => {
    expect(pickName({ name: 'N', zh: '中', en: 'E' }, 'zh')).toBe('中');
    expect(pickName({ name: 'N', zh: '中', en: 'E' }, 'en')).toBe('E');
    expect(pickName({ name: 'N', zh: '中' }, 'en')).toBe('中');
    expect(pickName({ name: 'N' }, 'en')).toBe('N');
    expect(pickName(undefined, 'en')).toBeUndefined();
  });
});
