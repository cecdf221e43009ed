/**
 * `npm run generate-city -- [--seed 1] [--buildings 20000] [--name default] [--out-dir scenes/<name>-gis]
 *  [--scenes-dir scenes] [--skip-import]`
 * Writes the synthetic default city as ordinary GeoJSON files (docs/generator.md), then imports them through the
 * same importer as any real GIS data. Exit codes: 0 written, 1 generation or import failed, 2 usage error.
 */
import { closeSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  DEFAULT_ORIGIN,
  GIS_LAYERS,
  MAX_BUILDINGS,
  MIN_BUILDINGS,
  generateCity,
} from '../core/citygen/generateCity.ts';
import { writeFeatureCollection } from '../core/citygen/geojson.ts';
import { formatReport } from '../core/scene/importer.ts';
import { SCENE_NAME_RE, importToScene } from '../node/scenePackage.ts';

const USAGE = `usage: npm run generate-city -- [--seed N] [--buildings N] [--name default] [--out-dir <dir>] [--scenes-dir scenes] [--skip-import]
  --seed       integer 0..4294967295 (default 1); same seed + buildings → byte-identical GeoJSON
  --buildings  exact number of building footprints, ${MIN_BUILDINGS}..${MAX_BUILDINGS} (default 20000)
  --name       scene name (default "default"); the GIS files go to <scenes-dir>/<name>-gis unless --out-dir is given
  --skip-import  write the GeoJSON only`;

/** Parsed command line. */
interface Args {
  seed: number;
  buildings: number;
  name: string;
  outDir: string;
  scenesDir: string;
  skipImport: boolean;
}

/** Parses argv; returns a message string on a usage error ('' for --help). */
function parseArgs(argv: readonly string[]): Args | string {
  const opts: Record<string, string> = {};
  const valued = new Set(['--seed', '--buildings', '--name', '--out-dir', '--scenes-dir']);
  let skipImport = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--help' || a === '-h') return '';
    if (a === '--skip-import') {
      skipImport = true;
      continue;
    }
    const [k, inline] = a.includes('=')
      ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
      : [a, undefined];
    if (!valued.has(k)) return `unknown argument ${a}`;
    const v = inline ?? argv[++i];
    if (v === undefined || v === '') return `${k} needs a value`;
    opts[k] = v;
  }
  const int = (k: string, def: number, lo: number, hi: number): number | string => {
    const s = opts[k];
    if (s === undefined) return def;
    if (!/^\d+$/.test(s) || Number(s) < lo || Number(s) > hi)
      return `${k} must be an integer in [${lo}, ${hi}], got "${s}"`;
    return Number(s);
  };
  const seed = int('--seed', 1, 0, 0xffffffff);
  if (typeof seed === 'string') return seed;
  const buildings = int('--buildings', 20000, MIN_BUILDINGS, MAX_BUILDINGS);
  if (typeof buildings === 'string') return buildings;
  const name = opts['--name'] ?? 'default';
  if (!SCENE_NAME_RE.test(name))
    return `invalid scene name "${name}": use 1–64 of a-z 0-9 _ - starting with a letter or digit`;
  const scenesDir = opts['--scenes-dir'] ?? 'scenes';
  return {
    seed,
    buildings,
    name,
    scenesDir,
    outDir: opts['--out-dir'] ?? path.join(scenesDir, `${name}-gis`),
    skipImport,
  };
}

const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MB`;

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    if (args) console.error(`error: ${args}`);
    console.error(USAGE);
    return args ? 2 : 0;
  }
  const t0 = performance.now();
  console.log(`generating synthetic city: seed ${args.seed}, ${args.buildings} buildings…`);
  const city = generateCity({ seed: args.seed, buildings: args.buildings });
  const t1 = performance.now();
  const s = city.summary;
  console.log(
    `  ${(s.sideM / 1000).toFixed(2)} km square, ${s.superblocks} superblocks, ${s.blocks} blocks, ` +
      `${s.candidates} candidate footprints (${s.sizingAttempts} sizing attempts), ` +
      `~${s.demand.residents.toLocaleString('en')} residents, peak ~${Math.round(s.demand.peakMW)} MW ` +
      `(${((t1 - t0) / 1000).toFixed(2)} s)`,
  );
  mkdirSync(args.outDir, { recursive: true });
  const paths: string[] = [];
  for (const layer of GIS_LAYERS) {
    const file = path.join(args.outDir, `${layer}.geojson`);
    const fd = openSync(file, 'w');
    try {
      writeFeatureCollection(city.layers[layer], city.transform, (chunk) => {
        writeSync(fd, chunk);
      });
    } finally {
      closeSync(fd);
    }
    paths.push(file);
    console.log(`  ${file}: ${city.layers[layer].length} features, ${mb(statSync(file).size)}`);
  }
  const t2 = performance.now();
  console.log(
    `wrote ${paths.length} files in ${((t2 - t1) / 1000).toFixed(2)} s (total ${((t2 - t0) / 1000).toFixed(2)} s)`,
  );
  if (args.skipImport) return 0;

  console.log(`importing into ${path.join(args.scenesDir, args.name)}/ …`);
  const result = await importToScene(paths, {
    name: args.name,
    title: city.title,
    synthetic: true,
    generator: { seed: args.seed, buildings: args.buildings },
    importedAt: new Date().toISOString(),
    origin: DEFAULT_ORIGIN,
    scenesDir: args.scenesDir,
  });
  console.log(formatReport(result.report));
  const t3 = performance.now();
  console.log(`${result.ok ? 'imported' : 'import FAILED'} in ${((t3 - t2) / 1000).toFixed(2)} s`);
  return result.ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
