/**
 * Hazard what-if benchmark (the planner's "6-hour rainstorm takes about 2 minutes"): src/core/hazards/whatIf.ts
 * HazardWhatIfRun on the default scene (scenes/default), a 50-year, 120-minute Beijing design storm (Chicago r = 0.4,
 * no warning lead) forked at 2026-07-20 08:00 CST with seed 1, 6 simulated hours at 1-minute ticks, traffic re-solved
 * every 5 min (the HazardWhatIfPanel's default; the scenario runner uses 15: --traffic 15).
 * Three runs in one process on the same CityModel object, as the planner's worker does:
 *   1. first: builds the per-city models (traffic network, fitted demand, peak-hour scale, grid model) once and shares
 *      them between the baseline and scenario forks (src/core/traffic/live.ts cityTrafficModels);
 *   2. forked an hour later (the panel's case: the live clock moved): finds the models in the per-city memo;
 *   3. run 1's inputs again (a saved scenario re-run): also reuses run 1's finished baseline (whatIf.ts BASELINES),
 *      so only the scenario fork steps; its result must be bit-identical to run 1's.
 * Per run: CPU seconds (the fair figure on a shared machine) and wall seconds of the baseline fork's build, the
 * scenario fork's build, the minute steps and the whole run, and a checksum of both KPI series and the closed
 * minutes (the same on every run and every machine: the what-if is deterministic; the bench fails if runs differ).
 * Prints a table and `BENCH_RESULT {"results": [...]}`.
 * Run: npx tsx bench/hazardWhatIf.ts [--horizon 360] [--traffic 5] [--runs 3]
 * (or `npm run bench -- --only hazardWhatIf`)
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { HazardWhatIfRun, type HazardWhatIfResult } from '../src/core/hazards/whatIf.ts';
import type { HazardSpec } from '../src/core/hazards/types.ts';
import { readScenePackage } from '../src/node/scenePackage.ts';

const { values: args } = parseArgs({
  options: {
    horizon: { type: 'string', default: '360' },
    traffic: { type: 'string', default: '5' },
    runs: { type: 'string', default: '3' },
  },
});
const HORIZON_MIN = Number(args.horizon);
const TRAFFIC_MIN = Number(args.traffic);
const RUNS = Math.max(1, Number(args.runs));
/** 2026-07-20 08:00 CST = 00:00 UTC = 20654 days × 86,400,000 ms (the morning peak: the traffic re-solves cost most). */
const START_MS = 20654 * 86_400_000;
const STORM: HazardSpec = {
  kind: 'rainstorm',
  leadMin: 0,
  rain: { kind: 'design', formula: 'beijing', returnPeriodYears: 50, durationMin: 120, peakRatio: 0.4 },
};

/** FNV-1a over the bytes of both KPI series: equal checksums ⇔ (almost surely) bit-identical results. */
function checksum(r: HazardWhatIfResult): string {
  let h = 0x811c9dc5;
  for (const a of [r.baseline, r.scenario, r.closedMinutes]) {
    const b = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i]!, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** CPU seconds of this process so far (user + system: the fair figure when other jobs share the cores). */
function cpuS(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

const city = await readScenePackage('scenes', 'default');
const rows: { name: string; value: number; unit: string }[] = [];
const sums: string[] = [];
for (let run = 1; run <= RUNS; run++) {
  const label =
    run === 1 ? 'run 1, first' : run === 2 ? 'run 2, forked 1 h later' : `run ${run}, run 1 again`;
  const wi = new HazardWhatIfRun(city, {
    spec: STORM,
    startMs: START_MS + (run === 2 ? 3_600_000 : 0),
    horizonMin: HORIZON_MIN,
    seed: 1,
    utcOffsetMin: 480,
    trafficIntervalMin: TRAFFIC_MIN,
  });
  const c0 = cpuS();
  const t0 = performance.now();
  wi.advance(1);
  const c1 = cpuS();
  const t1 = performance.now();
  wi.advance(1);
  const c2 = cpuS();
  const t2 = performance.now();
  wi.advance(HORIZON_MIN);
  const r = wi.result();
  const c3 = cpuS();
  const t3 = performance.now();
  if (run !== 2) sums.push(checksum(r));
  const phases = [
    ['build baseline fork', t1 - t0, c1 - c0],
    ['build scenario fork', t2 - t1, c2 - c1],
    [`${HORIZON_MIN} minute steps`, t3 - t2, c3 - c2],
    ['whole run', t3 - t0, c3 - c0],
  ] as const;
  for (const [phase, wallMs, cpu] of phases)
    rows.push(
      { name: `${label}: ${phase}, CPU`, value: cpu, unit: 's' },
      { name: `${label}: ${phase}, wall`, value: wallMs / 1000, unit: 's' },
    );
}
console.log(
  `hazard what-if, default scene, ${HORIZON_MIN} min, traffic every ${TRAFFIC_MIN} min; checksums ${sums.join(' ')}`,
);
if (new Set(sums).size !== 1) {
  console.error('hazard what-if: runs on the same inputs gave different results');
  process.exit(1);
}
console.log('| measure | value |\n| --- | --- |');
for (const r of rows) console.log(`| ${r.name} | ${r.value.toFixed(2)} ${r.unit} |`);
console.log(`BENCH_RESULT ${JSON.stringify({ results: rows })}`);
