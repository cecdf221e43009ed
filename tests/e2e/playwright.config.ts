import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium, NO_CHROMIUM_MESSAGE } from './chromium.ts';

const executablePath = findChromium();
if (!executablePath) throw new Error(NO_CHROMIUM_MESSAGE);

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: './globalSetup.ts',
  outputDir: '../../test-results/e2e',
  // Software WebGL on 2 cores: one browser at a time, generous timeouts. One retry: a frame-timing outlier on a loaded
  // CI box must not sink the whole run, and a test that needed it is still reported as "flaky" in the summary, so
  // flakiness stays visible (a test that fails twice fails the run).
  workers: 1,
  fullyParallel: false,
  retries: 1,
  timeout: 180_000,
  expect: { timeout: 30_000 },
  reporter: [['list']],
  use: {
    viewport: { width: 1600, height: 900 },
    deviceScaleFactor: 1,
    launchOptions: { executablePath, args: CHROMIUM_ARGS },
    screenshot: 'only-on-failure',
    trace: 'off',
  },
});
