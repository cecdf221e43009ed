/**
 * `npm run test:e2e`: checks for Chromium (failing with instructions when there is none — never a silent skip),
 * then runs the Playwright suite against servers started exactly as `npm start` starts them.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium, NO_CHROMIUM_MESSAGE } from './chromium.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const chromium = findChromium();
if (!chromium) {
  console.error(`e2e: ${NO_CHROMIUM_MESSAGE}`);
  process.exit(1);
}
console.log(`e2e: using Chromium at ${chromium}`);
const cli = path.join(root, 'node_modules', '@playwright', 'test', 'cli.js');
const result = spawnSync(
  process.execPath,
  [cli, 'test', '--config', path.join(root, 'tests/e2e/playwright.config.ts'), ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env: { ...process.env, CHROMIUM_PATH: chromium } },
);
process.exit(result.status ?? 1);
