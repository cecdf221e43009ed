/** End-to-end helpers: the server as a child process (killable, restartable) and canvas checks. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServer } from 'node:net';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { repoRoot } from '../../mock-server/prepare.ts';

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** mock-server started exactly as `npm start` starts it (mock-server/start.ts), as a separate process. */
export class ServerProcess {
  private child: ChildProcess | null = null;
  output = '';
  /** Work-order database of this server (kept across its restarts, so persistence is exercised; never the repo's). */
  readonly dataDir = mkdtempSync(path.join(os.tmpdir(), 'citybrain-e2e-wo-'));

  constructor(
    readonly scene: string,
    readonly port: number,
    /** Extra mock-server/start.ts options, e.g. ['--speed', '60']. */
    readonly extraArgs: readonly string[] = [],
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the server and resolves once it prints its dashboard URL. */
  async start(): Promise<void> {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'mock-server/start.ts',
        '--scene',
        this.scene,
        '--port',
        String(this.port),
        '--data',
        this.dataDir,
        ...this.extraArgs,
      ],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`server did not start in 120 s:\n${this.output}`)),
        120_000,
      );
      // Only this process's output counts: after a restart the old process's "dashboard:" line is still in `output`.
      let mine = '';
      const onData = (buf: Buffer): void => {
        this.output += buf.toString();
        mine += buf.toString();
        if (mine.includes('dashboard: http')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code} before it was ready:\n${this.output}`));
      });
    });
  }

  /** Kills the server process (SIGKILL: no goodbye to the clients) and waits for it to exit. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}

/**
 * Runs one server for `scene` around the tests of the enclosing describe block (started before the first, killed
 * after the last); returns a getter for it.
 */
export function useServer(scene = 'default', extraArgs: readonly string[] = []): () => ServerProcess {
  let server: ServerProcess | null = null;
  test.beforeAll(async () => {
    server = new ServerProcess(scene, await freePort(), extraArgs);
    await server.start();
  });
  test.afterAll(async () => {
    await server?.kill();
    if (server) rmSync(server.dataDir, { recursive: true, force: true });
  });
  return () => {
    if (!server) throw new Error(`the ${scene} server has not started`);
    return server;
  };
}

/** Opens a route of the app in test mode and waits for the app's own ready signal (both canvases drew the city). */
export async function openApp(page: Page, server: ServerProcess, route: string, query = ''): Promise<void> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}${route}?test=1${query ? `&${query}` : ''}`);
  await page
    .waitForFunction(
      () => {
        const cb = (window as unknown as { __citybrain?: { ready?: { map?: boolean; three?: boolean } } })
          .__citybrain;
        return Boolean(cb?.ready?.map && cb.ready.three);
      },
      undefined,
      { timeout: 120_000 },
    )
    .catch((e: unknown) => {
      throw new Error(
        `app never signalled ready (page errors: ${errors.join(' | ') || 'none'}): ${String(e)}`,
      );
    });
}

/** Luminance standard deviation and distinct-colour count of what an element shows on screen. */
export async function pixelStats(page: Page, target: Locator): Promise<{ stdDev: number; colours: number }> {
  const png = await target.screenshot();
  return page.evaluate(async (b64) => {
    const blob = await (await fetch(`data:image/png;base64,${b64}`)).blob();
    const bmp = await createImageBitmap(blob);
    const canvas = new OffscreenCanvas(bmp.width, bmp.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d context');
    ctx.drawImage(bmp, 0, 0);
    const { data } = ctx.getImageData(0, 0, bmp.width, bmp.height);
    let sum = 0;
    let sum2 = 0;
    const seen = new Set<number>();
    const n = data.length / 4;
    for (let i = 0; i < data.length; i += 4) {
      const r = data[i] ?? 0;
      const g = data[i + 1] ?? 0;
      const b = data[i + 2] ?? 0;
      const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
      sum += y;
      sum2 += y * y;
      if (seen.size < 5000) seen.add(((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3));
    }
    const mean = sum / n;
    return { stdDev: Math.sqrt(Math.max(0, sum2 / n - mean * mean)), colours: seen.size };
  }, png.toString('base64'));
}

/** Asserts that a canvas shows a non-blank picture (a city, not a flat fill). */
export async function expectNonBlank(page: Page, target: Locator, label: string): Promise<void> {
  const stats = await pixelStats(page, target);
  expect(
    stats.stdDev,
    `${label}: luminance std-dev ${stats.stdDev.toFixed(1)} (blank canvas?)`,
  ).toBeGreaterThan(6);
  expect(stats.colours, `${label}: only ${stats.colours} distinct colours`).toBeGreaterThan(40);
}
