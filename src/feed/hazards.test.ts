import { describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { HazardEvent, encodeFloodFrame, type HazardMessage } from '../core/protocol/hazardMessages.ts';
import type { CascadeNode } from '../core/hazards/types.ts';
import { createAppStore } from '../state/store.ts';
import { createHotHazard } from './hotHazard.ts';
import {
  HazardFeed,
  applyHazards,
  hazardTransfer,
  sendHazardCommand,
  setHazardRequester,
} from './hazards.ts';

const T0 = 1_772_400_000_000;

function step(n: number): CascadeNode {
  return {
    id: `HZ-0001/${String(n).padStart(4, '0')}`,
    hazardId: 'HZ-0001',
    simTimeMs: T0 + n * 60_000,
    system: 'roads',
    kind: 'linkClosed',
    ref: { kind: 'link', index: n },
    x: 1,
    y: 2,
    severity: 2,
    title: { zh: '道路封闭', en: 'Road closed' },
    why: { zh: '水深', en: 'water' },
    causes: [],
  };
}

function message(seq: number, cascade: CascadeNode[] = []): HazardMessage {
  return {
    seq,
    simTimeMs: T0 + seq * 60_000,
    hazards: [],
    exposure: [],
    cascade,
    lifelines: { simTimeMs: T0 + seq * 60_000, powerPct: 100, roadsPct: 100 - seq, waterPct: 100 },
    shelters: [],
    evacuation: null,
    rescue: [],
    outage: { stations: [], feeders: [], areas: [], buildings: 0, shedMw: 0, darkSignalNodes: [] },
    closedLinks: [],
    flood: null,
    quake: null,
    heat: null,
    fire: null,
  };
}

/** A socket stand-in: records handlers; `fire` delivers an event; `emit` answers commands with `answer`. */
function fakeSocket(answer: (cmd: unknown) => unknown) {
  const handlers = new Map<string, (m: unknown) => void>();
  const s = {
    connected: true,
    on(ev: string, fn: (m: unknown) => void) {
      handlers.set(ev, fn);
      return s;
    },
    timeout(_ms: number) {
      return {
        emit(_ev: string, cmd: unknown, cb: (err: Error | null, a: unknown) => void) {
          const a = answer(cmd);
          if (a === undefined) cb(new Error('timeout'), undefined);
          else cb(null, a);
        },
      };
    },
  };
  return { socket: s as unknown as Socket, fire: (ev: string, m: unknown) => handlers.get(ev)?.(m) };
}

function setup(answer: (cmd: unknown) => unknown = () => ({ ok: true, id: 'HZ-0001' })) {
  const rejected: string[] = [];
  let greeted = false;
  const feed = new HazardFeed(
    (r) => rejected.push(r),
    () => greeted,
  );
  const { socket, fire } = fakeSocket(answer);
  feed.attach(socket, (_w, fn) => fn());
  return {
    feed,
    fire,
    socket,
    rejected,
    welcome() {
      greeted = true;
      feed.onWelcome();
    },
  };
}

describe('HazardFeed (worker side)', () => {
  it('refuses messages before the welcome, then hands over a reset, the snapshot and later messages', () => {
    const { feed, fire, rejected, welcome } = setup();
    fire(HazardEvent.stream, message(1));
    expect(rejected).toEqual(['hazard: before welcome']);
    welcome();
    fire(HazardEvent.stream, message(2)); // covered by the snapshot below
    fire(HazardEvent.snapshot, { message: message(2, [step(1)]), lifelineHistory: [message(2).lifelines] });
    fire(HazardEvent.stream, message(3, [step(2)]));
    fire(HazardEvent.stream, message(3, [step(2)])); // duplicate
    const h = feed.pull();
    expect(h?.reset).toBe(true);
    expect(h?.snapshot?.message.seq).toBe(2);
    expect(h?.messages.map((m) => m.seq)).toEqual([3]);
    expect(feed.counters.duplicates).toBe(1);
    expect(feed.pull()).toBeNull();
  });

  it('refuses a malformed message with the validator’s reason', () => {
    const { feed, fire, rejected, welcome } = setup();
    welcome();
    fire(HazardEvent.stream, { ...message(1), seq: -1 });
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatch(/seq/);
    expect(feed.counters.rejected).toBe(1);
  });

  it('keeps the newest flood frame, copied out of the socket buffer, and transfers it', () => {
    const { feed, fire, welcome } = setup();
    welcome();
    feed.pull();
    const frame = (seq: number, mm: number) =>
      encodeFloodFrame({
        seq,
        simTimeMs: T0,
        nx: 2,
        ny: 1,
        x0: 0,
        y0: 0,
        cellM: 10,
        hazardNumber: 1,
        depthMm: new Uint16Array([mm, 0]),
      });
    const a = frame(1, 100);
    fire(HazardEvent.flood, a);
    fire(HazardEvent.flood, frame(2, 250));
    fire(HazardEvent.flood, frame(1, 999)); // older frame of the same hazard
    const h = feed.pull();
    expect(h?.flood?.seq).toBe(2);
    expect(Array.from(h!.flood!.depthMm)).toEqual([250, 0]);
    expect(h!.flood!.depthMm.buffer).not.toBe(a);
    expect(hazardTransfer(h)).toEqual([h!.flood!.depthMm.buffer]);
    expect(feed.counters.duplicates).toBe(1);
  });

  it('answers a command with the server’s answer; refusals resolve, silence and junk reject', async () => {
    let reply: unknown = { ok: false, reason: 'HZ-0009: no such hazard' };
    const { feed, socket, welcome } = setup(() => reply);
    await expect(feed.command(socket, { op: 'cancel', id: 'HZ-0009' })).rejects.toThrow(
      'cancel HZ-0009: the live feed is not connected',
    );
    welcome();
    await expect(feed.command(socket, { op: 'cancel', id: 'HZ-0009' })).resolves.toEqual({
      ok: false,
      reason: 'HZ-0009: no such hazard',
    });
    reply = undefined;
    await expect(
      feed.command(socket, { op: 'acknowledge', id: 'HZ-0001', operator: 'console' }, 50),
    ).rejects.toThrow('acknowledge HZ-0001: no answer from the server within 50 ms');
    reply = { ok: 'yes' };
    await expect(feed.command(socket, { op: 'cancel', id: 'HZ-0001' })).rejects.toThrow(/invalid answer/);
  });
});

describe('applyHazards / sendHazardCommand (main thread)', () => {
  it('resets, applies the snapshot then the messages, and the flood grid', () => {
    const store = createAppStore();
    const hot = createHotHazard();
    store.getState().applyHazardMessages([message(7, [step(9)])]);
    applyHazards(store, hot, {
      reset: true,
      snapshot: { message: message(2, [step(1)]), lifelineHistory: [message(2).lifelines] },
      messages: [message(3, [step(2)])],
      flood: {
        seq: 1,
        simTimeMs: T0,
        nx: 2,
        ny: 1,
        x0: 0,
        y0: 0,
        cellM: 10,
        hazardNumber: 1,
        depthMm: new Uint16Array([420, 0]),
      },
    });
    const s = store.getState();
    expect(s.hzSeq).toBe(3);
    expect(s.hzCascade.map((c) => c.id)).toEqual(['HZ-0001/0001', 'HZ-0001/0002']);
    expect(s.hzLifelines.map((l) => l.roadsPct)).toEqual([98, 97]);
    expect(hot.maxNowM).toBeCloseTo(0.42, 6);
  });

  it('rejects clearly without a running feed, and goes through the registered requester', async () => {
    setHazardRequester(null);
    await expect(sendHazardCommand({ op: 'cancel', id: 'HZ-0001' })).rejects.toThrow(
      'cancel HZ-0001: the live feed is not running',
    );
    setHazardRequester(async (cmd) => ({ ok: true, id: cmd.op === 'trigger' ? 'HZ-0002' : 'HZ-0001' }));
    await expect(sendHazardCommand({ op: 'trigger', spec: { kind: 'fire', building: 3 } })).resolves.toEqual({
      ok: true,
      id: 'HZ-0002',
    });
    setHazardRequester(null);
  });
});
