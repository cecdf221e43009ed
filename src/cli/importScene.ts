/**
 * `npm run import -- <files or folders>... --name <scene> [--title-zh X --title-en Y] [--scenes-dir scenes]`
 * Imports GeoJSON into scenes/<name>/ (docs/scene-format.md). Exit codes: 0 written, 1 fatal import problem (nothing
 * written), 2 usage error.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { formatReport, importGeoJson } from '../core/scene/importer.ts';
import { readInputs, SCENE_NAME_RE, writeScenePackage } from '../node/scenePackage.ts';

const USAGE = `usage: npm run import -- <file.geojson | folder>... --name <scene> [--title-zh <中文名>] [--title-en <English>] [--scenes-dir <dir>]
  <scene>: 1-64 of a-z 0-9 _ - (e.g. lujiazui); output: <scenes-dir>/<scene>/scene.json + scene.bin (default dir: scenes)`;

interface Args {
  inputs: string[];
  name: string;
  titleZh?: string;
  titleEn?: string;
  scenesDir: string;
}

function parseArgs(argv: readonly string[]): Args | string {
  const inputs: string[] = [];
  const opts: Record<string, string> = {};
  const known = new Set(['--name', '--title-zh', '--title-en', '--scenes-dir']);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--help' || a === '-h') return '';
    if (a.startsWith('--')) {
      const [k, inline] = a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
      if (!known.has(k)) return `unknown option ${k}`;
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') return `${k} needs a value`;
      opts[k] = v;
    } else inputs.push(a);
  }
  if (inputs.length === 0) return 'no input files or folders given';
  const name = opts['--name'];
  if (name === undefined) return '--name is required';
  if (!SCENE_NAME_RE.test(name)) return `invalid scene name "${name}"`;
  if ((opts['--title-zh'] === undefined) !== (opts['--title-en'] === undefined)) {
    return 'give both --title-zh and --title-en, or neither';
  }
  const args: Args = { inputs, name, scenesDir: opts['--scenes-dir'] ?? 'scenes' };
  if (opts['--title-zh'] !== undefined) args.titleZh = opts['--title-zh'];
  if (opts['--title-en'] !== undefined) args.titleEn = opts['--title-en'];
  return args;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    if (args) console.error(`error: ${args}`);
    console.error(USAGE);
    return args ? 2 : 0;
  }
  const t0 = performance.now();
  console.log(`reading ${args.inputs.length} input path(s)…`);
  let inputs;
  try {
    inputs = await readInputs(args.inputs);
  } catch (err) {
    console.error(`FATAL ${err instanceof Error ? err.message : String(err)}; nothing written`);
    return 1;
  }
  const mb = inputs.reduce((s, i) => s + i.text.length, 0) / 1e6;
  console.log(
    `read ${inputs.length} file(s), ${mb.toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(2)} s; importing…`,
  );
  const t1 = performance.now();
  const result = importGeoJson(inputs, {
    name: args.name,
    ...(args.titleZh !== undefined && args.titleEn !== undefined
      ? { title: { zh: args.titleZh, en: args.titleEn } }
      : {}),
    importedAt: new Date().toISOString(),
  });
  console.log(`imported in ${((performance.now() - t1) / 1000).toFixed(2)} s`);
  console.log(formatReport(result.report));
  if (!result.ok) {
    console.error('import failed: fatal problems above; nothing written');
    return 1;
  }
  const out = path.join(args.scenesDir, args.name);
  try {
    await writeScenePackage(args.scenesDir, args.name, result.model);
  } catch (err) {
    console.error(
      `FATAL writing ${out}: ${err instanceof Error ? err.message : String(err)}; the previous scene (if any) is unchanged`,
    );
    return 1;
  }
  console.log(
    `wrote ${out}/scene.json + scene.bin in ${((performance.now() - t0) / 1000).toFixed(2)} s total`,
  );
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
