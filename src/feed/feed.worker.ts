/**
 * The feed Web Worker: a thin wrapper that owns the socket (FeedClient) off the main thread, forwards cold state as
 * messages and answers each 'pull' with one transferable frame batch (frameBatch.ts).
 */
import { FeedClient } from './FeedClient.ts';
import type { FromWorker, ToWorker } from './workerMessages.ts';

interface WorkerScope {
  postMessage(message: FromWorker, options?: { transfer?: Transferable[] }): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
}
const scope = self as unknown as WorkerScope;
let client: FeedClient | null = null;

const post = (m: FromWorker): void => scope.postMessage(m);

scope.onmessage = (e) => {
  const m = e.data;
  switch (m.type) {
    case 'start':
      client?.stop();
      client = new FeedClient({
        url: m.url,
        sceneName: m.sceneName,
        resumeFrom: m.resumeFrom,
        sink: {
          connection: (state) => post({ type: 'connection', state }),
          stats: (stats) => post({ type: 'stats', stats }),
          incidents: (upserts) => post({ type: 'incidents', upserts }),
          notice: (notice) => post({ type: 'notice', notice }),
          clock: (simTimeMs, speed) => post({ type: 'clock', simTimeMs, speed }),
        },
      });
      client.start();
      break;
    case 'pull': {
      const buffer = client?.pull(m.recycle) ?? null;
      scope.postMessage(
        {
          type: 'frame',
          buffer,
          readings: client?.counters.readings ?? 0,
          busyMs: client?.counters.busyMs ?? 0,
          atMs: performance.timeOrigin + performance.now(),
        },
        buffer === null ? {} : { transfer: [buffer] },
      );
      break;
    }
    case 'stop':
      client?.stop();
      client = null;
      break;
    default: {
      const never: never = m;
      void never;
    }
  }
};
