/**
 * Preparation shared by `npm start` and the end-to-end tests: make sure the scene package exists and the built
 * dashboard in dist/ is not older than its sources.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const scenesDir = path.join(repoRoot, 'scenes');
export const distDir = path.join(repoRoot, 'dist');
const stampFile = path.join(distDir, '.build-stamp');

/** Runs a command in the repo root with inherited stdio; rejects on a non-zero exit. */
export function runCommand(cmd: string, argv: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { cwd: repoRoot, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${argv.join(' ')} exited with ${code}`)),
    );
  });
}

/** Runs a TypeScript entry point of this repo with tsx. */
export function runTs(entry: string, argv: readonly string[]): Promise<void> {
  return runCommand(process.execPath, ['--import', 'tsx', entry, ...argv]);
}

/** Newest modification time (ms) of the files under `p` (a file or a folder), ignoring tests. */
function newestMtimeMs(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(p)) {
    if (entry === 'node_modules' || entry.endsWith('.test.ts')) continue;
    newest = Math.max(newest, newestMtimeMs(path.join(p, entry)));
  }
  return newest;
}

/** True when scenes/<name>/scene.json exists. */
export function sceneExists(name: string): boolean {
  return existsSync(path.join(scenesDir, name, 'scene.json'));
}

/** Generates the default city when it is missing; any other missing scene is an error that says how to import it. */
export async function ensureScene(name: string, log: (line: string) => void): Promise<void> {
  if (sceneExists(name)) return;
  if (name !== 'default') {
    throw new Error(
      `scene '${name}' not found in ${scenesDir}: import it first with npm run import -- <files> --name ${name}`,
    );
  }
  log('the default city is not generated yet: generating it (once)…');
  await runTs('src/cli/generateCity.ts', ['--seed', '1', '--buildings', '20000', '--name', 'default']);
}

/** Builds the dashboard into dist/ when any source is newer than the last build. */
export async function ensureBuild(log: (line: string) => void): Promise<void> {
  const sources = ['src', 'assets', 'public', 'index.html', 'vite.config.ts', 'package.json'].map((p) =>
    path.join(repoRoot, p),
  );
  const newestSource = Math.max(...sources.map(newestMtimeMs));
  const built = existsSync(stampFile) ? statSync(stampFile).mtimeMs : 0;
  if (built >= newestSource && existsSync(path.join(distDir, 'index.html'))) return;
  log('building the dashboard (vite build, once per source change)…');
  const { build } = await import('vite');
  await build({ root: repoRoot, logLevel: 'warn', configFile: path.join(repoRoot, 'vite.config.ts') });
  writeFileSync(stampFile, new Date().toISOString());
}
