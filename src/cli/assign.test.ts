/** `npm run assign`: the Sioux Falls equilibrium end to end, and one-line errors (exit 1) on bad input. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NET = path.resolve(ROOT, '../shared/data/traffic/SiouxFalls_net.tntp');
const TRIPS = path.resolve(ROOT, '../shared/data/traffic/SiouxFalls_trips.tntp');
const hasData = existsSync(NET) && existsSync(TRIPS);
if (!hasData) console.warn(`assign CLI Sioux Falls test skipped: ${NET} not found`);

/** Runs the CLI in a child process. */
function cli(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/assign.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('assign CLI', () => {
  it.skipIf(!hasData)(
    'Sioux Falls to 1e-6: the published objective 42.31335… (×1e5), TSTT, gap, iterations, flows CSV',
    () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'assign-'));
      const out = path.join(dir, 'flows.csv');
      const r = cli('--net', NET, '--trips', TRIPS, '--gap', '1e-6', '--out', out);
      expect(r.code).toBe(0);
      // Best-known Beckmann objective 42.31335287107440 (TransportationNetworks, SiouxFalls_flow.tntp).
      expect(r.out).toMatch(/= 42\.31335\d* × 1e5/);
      expect(r.out).toMatch(/^tstt\s+748\d{4}\.\d+/m);
      const gap = Number(/^gap\s+([\d.e+-]+)/m.exec(r.out)?.[1]);
      expect(gap).toBeLessThanOrEqual(1e-6);
      expect(r.out).toMatch(/^iterations\s+\d+/m);
      const csv = readFileSync(out, 'utf8').trim().split('\n');
      expect(csv[0]).toBe('from,to,volume,cost');
      expect(csv).toHaveLength(77);
    },
  );

  it('a missing file: exit 1 naming the file', () => {
    const r = cli('--net', 'no/such/net.tntp', '--trips', 'no/such/trips.tntp');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no\/such\/net\.tntp/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('a bad number in the network: exit 1 with file:line and the field', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'assign-'));
    const f = path.join(dir, 'bad_net.tntp');
    writeFileSync(
      f,
      '<NUMBER OF ZONES> 2\n<NUMBER OF NODES> 2\n<FIRST THRU NODE> 1\n<NUMBER OF LINKS> 1\n<END OF METADATA>\n' +
        '~ init term cap\n1 2 x 1 1 0.15 4 0 0 0 ;\n',
    );
    const r = cli('--net', f, '--trips', f);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad_net\.tntp:7: capacity "x" is not a number/);
  });

  it('missing --net: exit 1 with the usage text', () => {
    const r = cli('--gap', '1e-4');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--net is required/);
    expect(r.err).toMatch(/usage: npm run assign/);
  });
});
