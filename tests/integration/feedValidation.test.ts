/**
 * (c) Hostile input on both sides. Server: garbage socket.io packets, wrong types, an oversized frame, a truncated
 * batch, unknown events → rejected, counted, and the server keeps serving a well-behaved client. Client: a fake
 * server sending corrupted batches and events → the client counts rejections, keeps running and resyncs on the gap.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createFeedServer, type FeedServer } from '../../mock-server/server.ts';
import { BatchFlag, encodeReadingBatch, type Snapshot, type Welcome } from '../../src/core/protocol/index.ts';
import { START_SIM_MS, tinyCity, waitFor } from './fixtures.ts';
import { recordingClient } from './harness.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function rawSocket(url: string): Socket {
  const s = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true });
  cleanups.push(() => {
    s.disconnect();
  });
  return s;
}

describe('server-side validation', () => {
  it('rejects and counts malformed client messages and keeps serving others', async () => {
    const logged: string[] = [];
    const server: FeedServer = await createFeedServer({
      scene: tinyCity(),
      sceneName: 'tiny',
      seed: 1,
      speed: 60,
      startSimMs: START_SIM_MS,
      port: 0,
      batchHz: 20,
      log: (l) => logged.push(l),
    });
    cleanups.push(() => server.close());
    const good = recordingClient(server.url, 'tiny');
    cleanups.push(() => good.client.stop());
    good.client.start();
    await waitFor(() => good.batchSeqs.length >= 3, 5000, 'good client live');

    const bad = rawSocket(server.url);
    await new Promise<void>((r) => bad.once('connect', () => r()));
    const rejections: { event: string; reason: string }[] = [];
    bad.on('rejected', (m: { event: string; reason: string }) => rejections.push(m));
    bad.emit('hello', '{"protocol": 1, "scene": ');
    bad.emit('hello', { protocol: 'one', scene: 'tiny', resume: null });
    bad.emit('hello', { protocol: 1, scene: 'tiny', resume: { readings: 'x', events: 0 } });
    bad.emit('hello', { protocol: 1, scene: 'elsewhere', resume: null });
    bad.emit('batch', new Uint8Array(17)); // a truncated batch pushed at the server
    bad.emit('resync', { reason: 'before hello' });
    await waitFor(() => rejections.length === 6, 5000, '6 rejections');
    expect(rejections.map((r) => r.reason)).toEqual([
      'hello: expected an object, got string',
      'hello.protocol: expected 1, got "one"',
      'hello.resume.readings: expected a non-negative integer',
      "scene: server serves 'tiny', not 'elsewhere'",
      'unknown event: batch',
      'order: resync before hello',
    ]);

    // Garbage at the socket.io packet level (broken JSON): the transport is closed, counted as an undecodable packet.
    const garbage = rawSocket(server.url);
    await new Promise<void>((r) => garbage.once('connect', () => r()));
    const garbageClosed = new Promise<void>((r) => garbage.once('disconnect', () => r()));
    garbage.io.engine.write('42["hello",{"protocol":1,');
    await garbageClosed;

    // A frame larger than maxHttpBufferSize (1 MiB): closed at the transport, counted.
    const big = rawSocket(server.url);
    await new Promise<void>((r) => big.once('connect', () => r()));
    const bigClosed = new Promise<void>((r) => big.once('disconnect', () => r()));
    big.emit('hello', new Uint8Array(2 * 1024 * 1024));
    await bigClosed;

    // An oversized-but-deliverable binary hello (64 KiB): rejected by validation.
    bad.emit('hello', new Uint8Array(64 * 1024));
    await waitFor(() => rejections.length === 7, 5000, 'oversized hello rejection');
    expect(rejections[6]!.reason).toBe('hello: oversized binary (65536 bytes > 16384)');

    await waitFor(() => server.stats().rejected === 9, 5000, 'server counted 9 rejections');
    const st = server.stats();
    expect(st.rejectedByReason['packet']).toBe(1); // the broken JSON packet
    expect(st.rejectedByReason['transport error']).toBe(1); // the 2 MiB frame
    expect(logged.some((l) => l.includes('rejected hello'))).toBe(true);

    // The well-behaved client never noticed.
    const before = good.batchSeqs.length;
    await waitFor(() => good.batchSeqs.length >= before + 5, 5000, 'good client still live');
    expect(good.client.counters.rejected).toBe(0);
    expect(good.client.counters.gaps).toBe(0);
  });
});

describe('client-side validation', () => {
  it('counts corrupted batches and events from a fake server, keeps running and resyncs on the gap', async () => {
    const http = createServer();
    const fake = new Server(http);
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
    cleanups.push(() => new Promise<void>((r) => void fake.close(() => r())));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const resyncs: unknown[] = [];
    const batch = (seq: number, first: number, n: number): Uint8Array =>
      encodeReadingBatch(
        { batchSeq: seq, firstReadingSeq: first, simTimeMs: START_SIM_MS + seq * 1000, flags: 0 },
        n,
        Array.from({ length: n }, (_, i) => i % 4),
        Array.from({ length: n }, () => 0),
        Array.from({ length: n }, (_, i) => 30 + i),
      );
    fake.on('connection', (socket) => {
      socket.on('hello', () => {
        const w: Welcome = {
          protocol: 1,
          scene: 'fake',
          sensorCount: 4,
          simTimeMs: START_SIM_MS,
          speed: 1,
          replay: { readings: { first: 1, last: 0 }, events: { first: 1, last: 0 } },
          mode: 'replay',
        };
        socket.emit('welcome', w);
        socket.emit('batch', batch(1, 0, 2));
        const truncated = batch(2, 2, 2).subarray(0, 50);
        socket.emit('batch', truncated);
        const wrongMagic = batch(2, 2, 2);
        wrongMagic[0] = 0;
        socket.emit('batch', wrongMagic);
        const badSensor = encodeReadingBatch(
          { batchSeq: 2, firstReadingSeq: 2, simTimeMs: 0, flags: 0 },
          1,
          [9],
          [0],
          [1],
        );
        socket.emit('batch', badSensor);
        socket.emit('batch', 'not binary');
        socket.emit('batch', { length: 3 });
        socket.emit('event', { seq: 'x' });
        socket.emit('snapshot', { reason: 'initial' });
        socket.emit('batch', batch(2, 2, 3)); // good again
        socket.emit('batch', batch(4, 9, 1)); // gap (3 missing) → resync request
      });
      socket.on('resync', (m: unknown) => {
        resyncs.push(m);
        const snap: Snapshot = {
          reason: 'requested',
          seq: { readings: 4, events: 0 },
          nextReadingSeq: 10,
          simTimeMs: START_SIM_MS + 4000,
          incidents: [],
          latest: encodeReadingBatch(
            { batchSeq: 4, firstReadingSeq: 0, simTimeMs: 0, flags: BatchFlag.snapshot },
            1,
            [3],
            [1],
            [99],
          ),
        };
        socket.emit('snapshot', snap);
        socket.emit('batch', batch(5, 10, 1));
      });
    });

    const c = recordingClient(url, 'fake', { readings: 0, events: 0 });
    cleanups.push(() => c.client.stop());
    c.client.start();
    await waitFor(() => c.batchSeqs.includes(5), 5000, 'batch 5 after resync');
    expect(c.client.counters.rejected).toBe(7); // truncated, magic, sensor, string, object, event, snapshot
    expect(c.batchSeqs).toEqual([1, 2, 5]);
    expect(resyncs).toEqual([{ reason: 'gap: batch 4 after 2' }]);
    expect(c.client.counters.gaps).toBe(1);
    expect(c.client.counters.resyncs).toBe(1);
    expect(c.client.lastSeq.readings).toBe(5);
    expect(c.rec.connections.some((x) => x.phase === 'resyncing')).toBe(true);
    expect(c.rec.connections[c.rec.connections.length - 1]!.phase).toBe('live');
  });
});
