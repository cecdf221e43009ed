/** Finds the Chromium the end-to-end tests drive (Debian's package; Playwright's own download cannot work here). */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** The path to a Chromium binary, or null. $CHROMIUM_PATH wins, then `command -v chromium`, then well-known paths. */
export function findChromium(): string | null {
  const fromEnv = process.env['CHROMIUM_PATH'];
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      const found = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
      if (found) return found;
    } catch {
      // not on PATH: try the next name
    }
  }
  for (const p of ['/usr/bin/chromium', '/usr/lib/chromium/chromium', '/snap/bin/chromium']) {
    if (existsSync(p)) return p;
  }
  return null;
}

/** Chromium flags for headless software WebGL on a closed network (see DEVELOPERS' guide). */
export const CHROMIUM_ARGS = [
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export const NO_CHROMIUM_MESSAGE =
  'No Chromium found for the end-to-end tests. Install it (Debian/Ubuntu: sudo apt-get install chromium) ' +
  'or set CHROMIUM_PATH to a Chromium/Chrome binary. The tests do not skip without one.';
