import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  charHeightMm,
  fitLayoutToWindow,
  fontPxForCharPx,
  minTextPx,
  panelPartOnScreen,
  parseWallLayout,
  screenRect,
  type WallLayout,
} from './layout.ts';

const WALLS_DIR = path.join(process.cwd(), 'scenes', 'walls');

function load(id: string): WallLayout {
  const file = path.join('scenes', 'walls', `${id}.json`);
  const r = parseWallLayout(JSON.parse(readFileSync(path.join(process.cwd(), file), 'utf8')), file);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

function panel(layout: WallLayout, id: string) {
  const p = layout.panels.find((x) => x.id === id);
  if (!p) throw new Error(`no panel ${id}`);
  return p;
}

/** A valid two-screen layout to break one field at a time. */
function base(): Record<string, unknown> {
  const bezelMm = { left: 1.75, right: 1.75, top: 1.75, bottom: 1.75 };
  return {
    id: 'test',
    name: { zh: '测试', en: 'Test' },
    viewingDistanceM: 7,
    screens: [
      { id: 1, col: 1, row: 1, widthPx: 1920, heightPx: 1080, pixelPitchMm: 0.63, bezelMm },
      { id: 2, col: 2, row: 1, widthPx: 1920, heightPx: 1080, pixelPitchMm: 0.63, bezelMm },
    ],
    panels: [
      { id: 'twin', kind: 'twin3d', xPx: 0, yPx: 200, widthPx: 3846, heightPx: 880 },
      { id: 'k', kind: 'kpis', xPx: 0, yPx: 0, widthPx: 1920, heightPx: 200 },
    ],
    playlist: [{ scene: 'overview', durationS: 60 }],
  };
}

function reason(json: unknown): string {
  const r = parseWallLayout(json, 'scenes/walls/test.json');
  if (r.ok) throw new Error('expected a parse error');
  return r.reason;
}

describe('wall layouts in scenes/walls', () => {
  it('every file parses', () => {
    const files = readdirSync(WALLS_DIR).filter((f) => f.endsWith('.json'));
    expect(files.sort()).toEqual(['grid3x3.json', 'irregular.json', 'main.json', 'single.json']);
    for (const f of files) load(f.replace('.json', ''));
  });

  it('main: 4×1 of 1920×2160 with 6 hidden bezel px between screens', () => {
    const m = load('main');
    // Gap = (1.75 + 1.75) mm ÷ 0.63 mm = 5.556 → 6 px; canvas = 4·1920 + 3·6 = 7698 px wide.
    expect(m.canvas).toEqual({ widthPx: 7698, heightPx: 2160 });
    expect(screenRect(m, 2)).toEqual({ xPx: 1926, yPx: 0, widthPx: 1920, heightPx: 2160 });
    expect(screenRect(m, 4)).toEqual({ xPx: 5778, yPx: 0, widthPx: 1920, heightPx: 2160 });
    expect(screenRect(m, 5)).toBeNull();
    expect(m.screens.reduce((s, x) => s + x.widthPx, 0)).toBe(7680);
  });

  it('grid3x3: 5760×3240 active on a 5772×3252 canvas; centre screen at (1926, 1086)', () => {
    const g = load('grid3x3');
    expect(g.canvas).toEqual({ widthPx: 5772, heightPx: 3252 });
    expect(screenRect(g, 5)).toEqual({ xPx: 1926, yPx: 1086, widthPx: 1920, heightPx: 1080 });
    expect(screenRect(g, 9)).toEqual({ xPx: 3852, yPx: 2172, widthPx: 1920, heightPx: 1080 });
  });

  it('irregular: physical placement 0 / 3100 / 10200 mm at 1.953125 mm pitch', () => {
    const w = load('irregular');
    // 3100 ÷ 1.953125 = 1587.2 → 1587; 10200 ÷ 1.953125 = 5222.4 → 5222; canvas = 5222 + 1536.
    expect(w.screens.map((s) => s.xPx)).toEqual([0, 1587, 5222]);
    expect(w.canvas).toEqual({ widthPx: 6758, heightPx: 1792 });
    expect(w.screens.reduce((s, x) => s + x.widthPx, 0)).toBe(6656);
  });
});

describe('panelPartOnScreen', () => {
  it("splits main's twin across screens 2 and 3 with the view offset inside the panel", () => {
    const m = load('main');
    const twin = panel(m, 'twin');
    expect(panelPartOnScreen(m, twin, 1)).toBeNull();
    expect(panelPartOnScreen(m, twin, 2)).toEqual({
      screenXPx: 0,
      screenYPx: 0,
      widthPx: 1920,
      heightPx: 2160,
      offsetXPx: 0,
      offsetYPx: 0,
      whole: false,
    });
    // Screen 3 starts at 3852; the twin at 1926: offset 1926 = 1920 px on screen 2 + 6 hidden bezel px.
    expect(panelPartOnScreen(m, twin, 3)).toEqual({
      screenXPx: 0,
      screenYPx: 0,
      widthPx: 1920,
      heightPx: 2160,
      offsetXPx: 1926,
      offsetYPx: 0,
      whole: false,
    });
  });

  it('gives a panel inside one screen whole, at its screen-local position', () => {
    const m = load('main');
    expect(panelPartOnScreen(m, panel(m, 'map'), 4)).toEqual({
      screenXPx: 0,
      screenYPx: 1240,
      widthPx: 1920,
      heightPx: 920,
      offsetXPx: 0,
      offsetYPx: 0,
      whole: true,
    });
  });

  it("splits grid3x3's twin into four parts; the centre screen shows its top-right quarter", () => {
    const g = load('grid3x3');
    const twin = panel(g, 'twin');
    const parts = [4, 5, 7, 8].map((id) => panelPartOnScreen(g, twin, id));
    expect(parts.every((p) => p !== null)).toBe(true);
    expect(panelPartOnScreen(g, twin, 5)).toMatchObject({ offsetXPx: 1926, offsetYPx: 0, widthPx: 1920 });
    expect(panelPartOnScreen(g, twin, 8)).toMatchObject({ offsetXPx: 1926, offsetYPx: 1086, heightPx: 1080 });
    expect(panelPartOnScreen(g, twin, 6)).toBeNull();
  });
});

describe('text size for reading at the viewing distance', () => {
  it('h = 2·d·tan(θ/2)', () => {
    // 7 m, 20′: tan(10′) = tan(0.0029088821 rad) = 0.0029088903; h = 14000 mm · that = 40.7245 mm.
    expect(charHeightMm(7, 20)).toBeCloseTo(40.7245, 3);
    // 7 m, 16′: tan(8′) = 0.0023271099; h = 32.5795 mm.
    expect(charHeightMm(7, 16)).toBeCloseTo(32.5795, 3);
  });

  it('converts with the pixel pitch and rounds up', () => {
    // main, 7 m at 0.63 mm: 40.7245 / 0.63 = 64.64 → 65 px (20′); 32.5795 / 0.63 = 51.71 → 52 px (16′).
    const m = load('main');
    expect(minTextPx(m, 1)).toBe(65);
    expect(minTextPx(m, 1, 16)).toBe(52);
    // grid3x3, 6 m: 2·6000·0.0029088903 = 34.9067 mm / 0.63 = 55.41 → 56 px.
    expect(minTextPx(load('grid3x3'), 5)).toBe(56);
    // irregular, 10 m at 1.953125 mm: 58.1778 mm / 1.953125 = 29.79 → 30 px.
    expect(minTextPx(load('irregular'), 2)).toBe(30);
    expect(minTextPx(m, 9)).toBe(0);
    // Font size whose capitals are 65 px: 65 / 0.714 = 91.04 → 92 px.
    expect(fontPxForCharPx(65)).toBe(92);
  });
});

describe('fitLayoutToWindow', () => {
  it('scales the single layout to a 1600×850 window', () => {
    const s = fitLayoutToWindow(load('single'), 1600, 850);
    expect(s.canvas).toEqual({ widthPx: 1600, heightPx: 850 });
    // twin 1344 of 1920 → 1344·1600/1920 = 1120 px wide, full height.
    expect(panel(s, 'twin')).toMatchObject({ xPx: 0, yPx: 0, widthPx: 1120, heightPx: 850 });
  });
  it('leaves multi-screen layouts alone', () => {
    const m = load('main');
    expect(fitLayoutToWindow(m, 100, 100)).toBe(m);
  });
});

describe('bad layouts get a precise reason', () => {
  it('names file, field path and why', () => {
    expect(reason(null)).toBe('scenes/walls/test.json: (top level): expected an object, got null');
    expect(reason({ ...base(), id: 'other' })).toBe(
      `scenes/walls/test.json: id: must equal the file's base name "test", got "other"`,
    );
    const b = base();
    (b.screens as Record<string, unknown>[])[1] = {
      ...(b.screens as Record<string, unknown>[])[1],
      pixelPitchMm: 0.5,
    };
    expect(reason(b)).toMatch(
      /^scenes\/walls\/test.json: screens\[1\].pixelPitchMm: is 0.5 but screen 1's is 0.63/,
    );
    const c = base();
    (c.screens as Record<string, unknown>[])[0] = {
      ...(c.screens as Record<string, unknown>[])[0],
      bezelMm: { left: -1, right: 1, top: 1, bottom: 1 },
    };
    expect(reason(c)).toBe('scenes/walls/test.json: screens[0].bezelMm.left: expected ≥ 0, got -1');
  });

  it('rejects panels that cover each other', () => {
    const b = base();
    (b.panels as Record<string, unknown>[]).push({
      id: 'c',
      kind: 'clock',
      xPx: 100,
      yPx: 50,
      widthPx: 400,
      heightPx: 100,
    });
    expect(reason(b)).toBe('scenes/walls/test.json: panels[2]: overlaps panel "k"');
  });

  it('rejects a text panel that a bezel would cut', () => {
    const b = base();
    (b.panels as Record<string, unknown>[])[1] = {
      id: 'k',
      kind: 'kpis',
      xPx: 1800,
      yPx: 0,
      widthPx: 400,
      heightPx: 200,
    };
    expect(reason(b)).toBe(
      "scenes/walls/test.json: panels[1]: a 'kpis' panel must lie inside one screen (a bezel would cut it); it touches screen(s) 1, 2",
    );
  });

  it('rejects panels off the canvas, unknown fields, unknown scenes, taken grid cells and bad ids', () => {
    const off = base();
    (off.panels as Record<string, unknown>[])[0] = {
      id: 't',
      kind: 'twin3d',
      xPx: 0,
      yPx: 0,
      widthPx: 4000,
      heightPx: 10,
    };
    expect(reason(off)).toBe(
      'scenes/walls/test.json: panels[0]: rectangle 0,0 4000×10 leaves the virtual canvas 3846×1080 (bezel gaps included)',
    );
    expect(reason({ ...base(), colour: 'red' })).toMatch(/^scenes\/walls\/test.json: colour: unknown field/);
    expect(reason({ ...base(), playlist: [{ scene: 'weather', durationS: 60 }] })).toBe(
      'scenes/walls/test.json: playlist[0].scene: expected one of overview, traffic, energy, resilience, workload, got "weather"',
    );
    const taken = base();
    (taken.screens as Record<string, unknown>[])[1] = {
      ...(taken.screens as Record<string, unknown>[])[1],
      col: 1,
    };
    expect(reason(taken)).toBe('scenes/walls/test.json: screens[1]: col 1, row 1 is taken by screen 1');
    const order = base();
    (order.screens as Record<string, unknown>[])[1] = {
      ...(order.screens as Record<string, unknown>[])[1],
      id: 3,
    };
    expect(reason(order)).toBe(
      'scenes/walls/test.json: screens[1].id: screens must be numbered 1, 2, 3… in order; expected 2, got 3',
    );
    expect(
      reason({ ...base(), panels: [{ id: 'k', kind: 'chart', xPx: 0, yPx: 0, widthPx: 1, heightPx: 1 }] }),
    ).toBe(
      'scenes/walls/test.json: panels[0].kind: expected one of twin3d, map, kpis, alarms, domain, clock, title, got "chart"',
    );
  });
});
