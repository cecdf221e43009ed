import { describe, expect, it } from 'vitest';
import { modeFromPath, pathOfMode } from './router.ts';

describe('router', () => {
  it.each([
    ['/', 'exec'],
    ['/ops', 'ops'],
    ['/ops/', 'ops'],
    ['/wall', 'wall'],
    ['/plan', 'plan'],
    ['/nope', 'exec'],
    ['', 'exec'],
  ] as const)('maps %s to %s', (path, mode) => {
    expect(modeFromPath(path)).toBe(mode);
  });
  it('round-trips every mode', () => {
    for (const m of ['exec', 'ops', 'wall', 'plan'] as const) expect(modeFromPath(pathOfMode(m))).toBe(m);
  });
});
