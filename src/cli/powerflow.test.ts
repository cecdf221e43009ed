/** `npm run powerflow`: output on a real case, and one-line errors (never a stack trace) on bad input. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CASE69 = path.resolve(ROOT, '../shared/data/grid/matpower_case69.m');
const hasData = existsSync(CASE69);
if (!hasData) console.warn(`powerflow CLI real-case test skipped: ${CASE69} not found`);

/** Runs the CLI in a child process. */
function cli(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/powerflow.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('powerflow CLI', () => {
  it.skipIf(!hasData)(
    'case69: bus table, flows, losses in MW and kW, min voltage, iterations, elapsed',
    () => {
      const r = cli(CASE69);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/method sweep \(auto: radial/);
      expect(r.out).toMatch(/^ {3}65 {5}0\.9091\d/m);
      expect(r.out).toMatch(/total losses: 0\.22499\d MW \(224\.99\d kW\)/);
      expect(r.out).toMatch(/min voltage: 0\.9091\d p\.u\. at bus 65/);
      expect(r.out).toMatch(/converged: yes {3}iterations: \d+/);
      expect(r.out).toMatch(/elapsed: read [\d.]+ ms, solve [\d.]+ ms/);
      const j = JSON.parse(cli(CASE69, '--method', 'nr', '--json').out) as {
        method: string;
        lossKw: number;
        buses: unknown[];
        branches: unknown[];
      };
      expect(j.method).toBe('nr');
      expect(j.lossKw).toBeCloseTo(224.99, 1);
      expect([j.buses.length, j.branches.length]).toEqual([69, 68]);
    },
  );

  it('a missing file: exit 1, one line naming the file', () => {
    const r = cli('no/such/case.m');
    expect(r.code).toBe(1);
    expect(r.err).toBe('powerflow: no/such/case.m: cannot read: no such file\n');
  });

  it('an unsupported statement: exit 1, file:line and the reason, no stack trace', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'powerflow-'));
    const f = path.join(dir, 'bad.m');
    writeFileSync(f, 'mpc.baseMVA = 100;\nmpc.bus = [1 3 0 0 0 0 1 1 0 0 1 1 1];\nfor i = 1:3\n');
    const r = cli(f);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^powerflow: bad\.m:3: unsupported statement/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('a usage error: exit 2 with the usage text', () => {
    const r = cli('--method', 'gauss');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--method must be one of auto, nr, dc, sweep, got "gauss"/);
    expect(r.err).toMatch(/usage: npm run powerflow/);
  });
});
