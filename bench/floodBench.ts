/**
 * Flood benchmark (issue 5: "a 2-hour design storm on a 1,000 × 1,000 terrain grid at simulated 1-minute steps in
 * < 10 s"). Synthetic city of 30 km × 30 km at 30 m cells (the resolution of SRTM/ASTER 1″ DEMs and of the default
 * scene's terrain; --cell 20 for a 20 km city at 20 m): ground falling 2 m per km towards the south with
 * undulations of ±1 m (closed depressions that fill), blocks of 500 m with the curve numbers of street / residential /
 * commercial / park land (TR-55, HSG C), a 100 m wide river (a sink) running north–south, storm drains sized for a
 * 3-year storm (Beijing formula, landCover.ts). Storm: Beijing formula, P = 50 years, 120 min, Chicago r = 0.4, fed
 * minute by minute through rainAt(); the model runs its own Bates et al. sub-steps inside each minute.
 * Prints `BENCH_RESULT {"cells","steps","substeps","kernel","seconds","cpuSeconds","residualPct","maxDepthM"}`
 * (kernel: 'wasm' or 'js', the sweep that ran; seconds: wall time of the 120 steps; cpuSeconds: this process's CPU
 * time, the fairer figure on a shared machine).
 * Run: npx tsx bench/floodBench.ts [--n 1000] [--cell 30] [--kernel auto|js]
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { FloodModel, createFloodGrid, drainCapacityMmH } from '../src/core/hazards/flood.ts';
import { FloodCover, MANNING_N, curveNumberOf } from '../src/core/hazards/landCover.ts';
import { rainAt } from '../src/core/hazards/rainfall.ts';
import type { RainSource } from '../src/core/hazards/types.ts';

const { values: args } = parseArgs({
  options: {
    n: { type: 'string', default: '1000' },
    cell: { type: 'string', default: '30' },
    kernel: { type: 'string', default: 'auto' },
  },
});
const N = Number(args.n);
const CELL_M = Number(args.cell);
const KERNEL = args.kernel === 'js' ? 'js' : 'auto';

/** The synthetic grid (deterministic: no random numbers). */
function syntheticGrid(n: number, cellM: number): ReturnType<typeof createFloodGrid> {
  const cells = n * n;
  const groundM = new Float32Array(cells);
  const curveNumber = new Uint8Array(cells);
  const manningN = new Float32Array(cells);
  const drainMmH = new Float32Array(cells);
  const sink = new Uint8Array(cells);
  const covers = [FloodCover.residential, FloodCover.street, FloodCover.commercial, FloodCover.park] as const;
  const drain = drainCapacityMmH('beijing', 3);
  const riverI0 = Math.floor(n * 0.6);
  const riverW = Math.max(1, Math.round(100 / cellM));
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const k = j * n + i;
      const x = i * cellM;
      const y = j * cellM;
      groundM[k] =
        0.002 * y +
        Math.sin((2 * Math.PI * x) / 1100) * Math.sin((2 * Math.PI * y) / 1300) +
        0.3 * Math.sin(x / 370);
      const block = (Math.floor(x / 500) * 7 + Math.floor(y / 500) * 13) % covers.length;
      const c = covers[block]!;
      curveNumber[k] = curveNumberOf(c, 'C');
      manningN[k] = MANNING_N[c];
      drainMmH[k] = drain;
      if (i >= riverI0 && i < riverI0 + riverW) {
        sink[k] = 1;
        curveNumber[k] = 100;
        manningN[k] = MANNING_N[FloodCover.water];
        drainMmH[k] = 0;
      }
    }
  }
  return createFloodGrid({
    nx: n,
    ny: n,
    cellM,
    groundM,
    curveNumber,
    manningN,
    drainMmH,
    sink,
    formula: 'beijing',
  });
}

const grid = syntheticGrid(N, CELL_M);
const model = new FloodModel(grid, { kernel: KERNEL });
const storm: RainSource = {
  kind: 'design',
  formula: 'beijing',
  returnPeriodYears: 50,
  durationMin: 120,
  peakRatio: 0.4,
};
const t0 = performance.now();
const cpu0 = process.cpuUsage();
for (let m = 0; m < 120; m++) model.advance(60, rainAt(storm, m));
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
let maxDepthM = 0;
for (const d of model.maxDepthM) if (d > maxDepthM) maxDepthM = d;
const b = model.balance;
console.log(
  `flood (${model.kernel} sweep): ${N}×${N} cells of ${CELL_M} m, 120 × 60 s steps, ${model.substeps} sub-steps, ${seconds.toFixed(2)} s (CPU ${cpuSeconds.toFixed(2)} s); ` +
    `rain ${(b.rainM3 / 1e6).toFixed(3)} hm³ = infiltrated ${(b.infiltratedM3 / 1e6).toFixed(3)} + drained ` +
    `${(b.drainedM3 / 1e6).toFixed(3)} + stored ${(b.storedM3 / 1e6).toFixed(3)} + out ${(b.outflowM3 / 1e6).toFixed(3)}` +
    ` (residual ${b.residualPct.toExponential(2)} %), max depth ${maxDepthM.toFixed(2)} m`,
);
console.log(
  `BENCH_RESULT ${JSON.stringify({
    cells: N * N,
    steps: 120,
    substeps: model.substeps,
    kernel: model.kernel,
    seconds: Number(seconds.toFixed(3)),
    cpuSeconds: Number(cpuSeconds.toFixed(3)),
    residualPct: b.residualPct,
    maxDepthM: Number(maxDepthM.toFixed(3)),
  })}`,
);
