/**
 * Static files on the feed server's HTTP port: the built app at '/', scene packages at '/scenes/', a single-page-app
 * fallback for client routes (/ops, /wall, /plan …). Read-only, GET/HEAD only, no path traversal.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

/** A folder served under a URL prefix (ending in '/'). */
export interface StaticDir {
  readonly urlPrefix: string;
  readonly dir: string;
}

/** MIME types by extension; anything else is application/octet-stream. */
export const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.bin': 'application/octet-stream',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Resolves `rel` (URL-decoded, relative to `dir`) to a file path inside `dir`, or null when it would escape. */
export function safeJoin(dir: string, rel: string): string | null {
  if (rel.includes('\0')) return null;
  const root = path.resolve(dir);
  const target = path.resolve(root, '.' + path.posix.normalize('/' + rel.replace(/\\/g, '/')));
  if (target !== root && !target.startsWith(root + path.sep)) return null;
  return target;
}

async function fileAt(p: string): Promise<string | null> {
  try {
    const st = await stat(p);
    if (st.isFile()) return p;
    if (st.isDirectory()) {
      const index = path.join(p, 'index.html');
      const si = await stat(index).catch(() => null);
      return si?.isFile() === true ? index : null;
    }
  } catch {
    // missing: fall through
  }
  return null;
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Options of {@link createStaticHandler}. */
export interface StaticOptions {
  /**
   * The scene the app opens when its URL names none: app pages (`/`, `/ops`, … — paths without an extension outside
   * /scenes/) without a `scene` query parameter are redirected (302) to the same path with `?scene=<name>` added.
   * The app reads the scene from the URL (src/app/loadScene.ts), so this is how `--replay metr-la` opens its scene.
   */
  readonly defaultScene?: string;
}

/** Creates the request handler for `dirs` (first matching prefix wins) with an optional SPA fallback file. */
export function createStaticHandler(
  dirs: readonly StaticDir[],
  spaFallback: string | undefined,
  options: StaticOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed');
    let pathname: string;
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://x');
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return send(res, 400, 'bad request: malformed URL');
    }
    const lastSegment = pathname.slice(pathname.lastIndexOf('/') + 1);
    if (
      options.defaultScene !== undefined &&
      !lastSegment.includes('.') &&
      !pathname.startsWith('/scenes/') &&
      !url.searchParams.has('scene')
    ) {
      url.searchParams.set('scene', options.defaultScene);
      res.writeHead(302, { location: `${url.pathname}${url.search}`, 'content-length': 0 });
      res.end();
      return;
    }
    let file: string | null = null;
    for (const d of dirs) {
      if (!pathname.startsWith(d.urlPrefix)) continue;
      const target = safeJoin(d.dir, pathname.slice(d.urlPrefix.length));
      if (target === null) return send(res, 403, 'forbidden');
      file = await fileAt(target);
      if (file !== null) break;
    }
    // Client-side routes (/ops, /wall, /plan/…): paths whose last segment has no extension get the app's index.
    const last = pathname.slice(pathname.lastIndexOf('/') + 1);
    if (
      file === null &&
      spaFallback !== undefined &&
      !last.includes('.') &&
      !pathname.startsWith('/scenes/')
    ) {
      file = await fileAt(spaFallback);
    }
    if (file === null) return send(res, 404, 'not found');
    const type = MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    const st = await stat(file);
    res.writeHead(200, {
      'content-type': type,
      'content-length': st.size,
      'cache-control': type.startsWith('text/html') ? 'no-cache' : 'public, max-age=60',
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  };
  return (req, res) => {
    serve(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'internal error');
      else res.destroy();
    });
  };
}
