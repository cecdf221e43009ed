/**
 * `npm run mock-server` (main.ts) takes --hazard and --rain as `npm start` does (hazardOption.ts): a bad value exits
 * with code 2 and names the option, the field and the reason, before the scene is read (syntax) or once it is
 * (the scene's limits). Runs main.ts as a process; no server is started.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeScenePackage } from '../src/node/scenePackage.ts';
import { tinyCity } from '../tests/integration/fixtures.ts';
import { repoRoot } from './prepare.ts';

/** Runs main.ts with `argv`; returns its exit code and stderr. */
function mockServer(argv: readonly string[]): { code: number | null; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'mock-server/main.ts', ...argv], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stderr: r.stderr };
}

describe('npm run mock-server: --hazard / --rain', () => {
  it('refuses a bad --hazard with exit code 2, naming the field', () => {
    const r = mockServer(['--hazard', 'rainstorm:P=50,dur=abc']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      '[mock-server] --hazard rainstorm:P=50,dur=abc: dur (durationMin): "abc" is not a number',
    );
  }, 60_000);

  it('refuses a bad --rain with exit code 2', () => {
    const r = mockServer(['--rain', 'beijing:Dongsi:2016-02-30']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      '[mock-server] --rain beijing:Dongsi:2016-02-30: date "2016-02-30": expected a calendar date YYYY-MM-DD',
    );
  }, 60_000);

  it("checks a --hazard against the scene's buildings once it is loaded", async () => {
    // A scene of its own (the integration tests' tiny city, no buildings), so the test does not depend on the
    // generated default scene being there.
    const dir = await mkdtemp(path.join(tmpdir(), 'citybrain-main-'));
    try {
      await writeScenePackage(dir, 'tiny', tinyCity());
      const r = mockServer([
        '--scenes-dir',
        dir,
        '--scene',
        'tiny',
        '--workload',
        'off',
        '--port',
        '0',
        '--hazard',
        'fire:building=99999999@+5m',
      ]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        '[mock-server] --hazard fire:building=99999999@+5m: building (building): the scene has no buildings',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
