/**
 * The feed Web Worker: a thin wrapper that owns the socket (FeedClient) off the main thread, forwards cold state as
 * messages and answers each 'pull' with one transferable frame batch (frameBatch.ts).
 */
import { FeedClient } from './FeedClient.ts';
import { trafficTransfer } from './trafficFrame.ts';
import { energyTransfer } from './energyFrame.ts';
import { hazardTransfer } from './hazards.ts';
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
        workOrders: m.workOrders === true,
        sink: {
          connection: (state) => post({ type: 'connection', state }),
          stats: (stats) => post({ type: 'stats', stats }),
          incidents: (upserts) => post({ type: 'incidents', upserts }),
          notice: (notice) => post({ type: 'notice', notice }),
          clock: (simTimeMs, speed) => post({ type: 'clock', simTimeMs, speed }),
          kpis: (kpis) => post({ type: 'kpis', kpis }),
        },
      });
      client.start();
      break;
    case 'pull': {
      const buffer = client?.pull(m.recycle) ?? null;
      const traffic = client?.pullTraffic() ?? null;
      const energy = client?.pullEnergy() ?? null;
      const workload = client?.pullWorkload() ?? null;
      const hazards = client?.pullHazards() ?? null;
      // Without traffic, energy or flood changes (most frames) the options are what they were before those existed.
      let options: { transfer?: Transferable[] } = buffer === null ? {} : { transfer: [buffer] };
      if (traffic !== null || energy !== null || hazards?.flood) {
        const transfer: Transferable[] = [
          ...trafficTransfer(traffic),
          ...energyTransfer(energy),
          ...hazardTransfer(hazards),
        ];
        if (buffer !== null) transfer.push(buffer);
        options = { transfer };
      }
      scope.postMessage(
        {
          type: 'frame',
          buffer,
          readings: client?.counters.readings ?? 0,
          busyMs: client?.counters.busyMs ?? 0,
          atMs: performance.timeOrigin + performance.now(),
          traffic,
          energy,
          workload,
          hazards,
        },
        options,
      );
      break;
    }
    case 'series': {
      const id = m.id;
      if (client === null) {
        post({
          type: 'series',
          id,
          series: null,
          error: `link series ${m.link}: the live feed is not running`,
        });
        break;
      }
      client.requestLinkSeries(m.link).then(
        (series) =>
          scope.postMessage(
            { type: 'series', id, series, error: '' },
            {
              transfer: [
                series.simTimeMs.buffer,
                series.speedKph.buffer,
                series.flowVph.buffer,
                series.vc.buffer,
              ],
            },
          ),
        (err: unknown) =>
          post({ type: 'series', id, series: null, error: err instanceof Error ? err.message : String(err) }),
      );
      break;
    }
    case 'energySeries': {
      const { id, kind, index } = m;
      if (client === null) {
        post({
          type: 'energySeries',
          id,
          series: null,
          error: `energy series ${kind} ${index}: the live feed is not running`,
        });
        break;
      }
      client.requestEnergySeries(kind, index).then(
        (series) =>
          scope.postMessage(
            { type: 'energySeries', id, series, error: '' },
            {
              transfer: [
                series.simTimeMs.buffer,
                ...Object.values(series.values).map((v) => v.buffer as ArrayBuffer),
              ],
            },
          ),
        (err: unknown) =>
          post({
            type: 'energySeries',
            id,
            series: null,
            error: err instanceof Error ? err.message : String(err),
          }),
      );
      break;
    }
    case 'wo': {
      const { id, request } = m;
      if (client === null) {
        post({ type: 'wo', id, answer: null, error: 'work orders: the live feed is not running' });
        break;
      }
      client.requestWorkOrder(request).then(
        (answer) => post({ type: 'wo', id, answer, error: '' }),
        (err: unknown) =>
          post({ type: 'wo', id, answer: null, error: err instanceof Error ? err.message : String(err) }),
      );
      break;
    }
    case 'hz': {
      const { id, command } = m;
      if (client === null) {
        post({ type: 'hz', id, answer: null, error: 'hazard command: the live feed is not running' });
        break;
      }
      client.requestHazardCommand(command).then(
        (answer) => post({ type: 'hz', id, answer, error: '' }),
        (err: unknown) =>
          post({ type: 'hz', id, answer: null, error: err instanceof Error ? err.message : String(err) }),
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
