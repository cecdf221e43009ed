/**
 * The live energy model's side of the feed (docs/protocol.md §2d, §3c): after each simulator tick it turns the model's
 * new dispatch steps into wire messages — one `energy` stream message per dispatch step (balance, alarm events, active
 * alarms, Tétouan replay state; kept in a replay ring of 24 simulated hours so a (re)connecting client gets the
 * day's balance history) and one binary energy state (latest wins) per tick with a new step — and keeps one sample
 * of every element per tick with a new step for `energySeries` requests.
 */
import type { EnergyAlarm } from '../src/core/energy/city/energySim.ts';
import type { EnergyAlarmEvent, EnergyBalance, LiveEnergyModel } from '../src/core/energy/city/liveEnergy.ts';
import {
  ENERGY_SERIES_FIELDS,
  ENERGY_STATE_FIELDS,
  encodeEnergyState,
  type EnergyAssetKind,
  type EnergyCounts,
  type EnergyMessage,
  type EnergySeriesAnswer,
  type EnergyStateField,
  type TetouanReplayState,
} from '../src/core/protocol/index.ts';
import { ReplayRing } from './replayRing.ts';

/** Which state column each series of ENERGY_SERIES_FIELDS reads. */
const SERIES_COLUMN: { readonly [K in EnergyAssetKind]: Readonly<Record<string, EnergyStateField>> } = {
  station: { loadMw: 'stationLoadMw', loadingPct: 'stationLoadingPct' },
  feeder: { headMw: 'feederHeadMw' },
  bus: { voltagePu: 'busVoltagePu', sectionLoadingPct: 'sectionLoadingPct', sectionFlowMw: 'sectionFlowMw' },
  hvLine: { loadingPct: 'hvLineLoadingPct', flowMw: 'hvLineFlowMw' },
  storage: { socPct: 'storageSocPct', mw: 'storageMw' },
  pv: { mw: 'pvUnitMw' },
};

/** Options of {@link EnergyStreams}. */
export interface EnergyStreamOptions {
  readonly counts: EnergyCounts;
  /** `energy` messages kept for resume and history (default 288 = 24 h of 5-minute steps). */
  readonly replayWindow?: number;
  /** Element samples kept for series (default 288). */
  readonly seriesSamples?: number;
}

/** Messages a tick produced, in the order the server emits them. */
export interface EnergyTickOutput {
  state: Uint8Array | null;
  messages: EnergyMessage[];
}

/** What the server reads from the simulator's energy model each tick. */
export type EnergySource = Pick<
  LiveEnergyModel,
  'frame' | 'stepBalances' | 'alarmEvents' | 'activeAlarms' | 'tetouanMap' | 'tetouanRow' | 'tetouanFeederMw'
> & { readonly options: { readonly tetouan: LiveEnergyModel['options']['tetouan'] } };

/** A finite number or 0 (JSON cannot carry NaN or Infinity; the client's validator refuses them). */
const fin = (v: number): number => (Number.isFinite(v) ? v : 0);

function safeBalance(b: EnergyBalance): EnergyBalance {
  const out = { ...b };
  for (const k of Object.keys(out) as (keyof EnergyBalance)[]) out[k] = fin(out[k]);
  return out;
}

function safeAlarm(a: EnergyAlarm): EnergyAlarm {
  return { kind: a.kind, index: a.index, value: fin(a.value), limit: fin(a.limit) };
}

/** Energy-state throttling (one per tick with a new step), the message ring and the element history. */
export class EnergyStreams {
  /** Sequence of the last energy-state message (0 = none yet). */
  stateSeq = 0;
  latestState: Uint8Array | null = null;
  /** `energy` messages for resume and history. */
  readonly messages: ReplayRing<EnergyMessage>;
  readonly seriesSamples: number;
  private lastVersion = 0;
  private readonly offsets: Record<EnergyStateField, number>;
  private readonly width: number;
  private readonly sampleTime: Float64Array;
  private readonly samples: Float32Array;
  private head = 0;
  private filled = 0;

  /** Creates empty streams for a grid model with `opts.counts` elements. */
  constructor(private readonly opts: EnergyStreamOptions) {
    this.messages = new ReplayRing<EnergyMessage>(opts.replayWindow ?? 288);
    this.seriesSamples = opts.seriesSamples ?? 288;
    const off = {} as Record<EnergyStateField, number>;
    let w = 0;
    for (const f of ENERGY_STATE_FIELDS) {
      off[f.name] = w;
      w += opts.counts[f.of];
    }
    this.offsets = off;
    this.width = w;
    this.sampleTime = new Float64Array(this.seriesSamples);
    this.samples = new Float32Array(this.seriesSamples * w);
  }

  /** Reads the model after the tick and returns the messages to broadcast (and records them). */
  tick(src: EnergySource): EnergyTickOutput {
    const out: EnergyTickOutput = { state: null, messages: [] };
    const f = src.frame;
    if (f.version === this.lastVersion) return out;
    this.lastVersion = f.version;
    const bs = src.stepBalances;
    const active = src.activeAlarms().map(safeAlarm);
    const tetouan = this.tetouanState(src);
    for (let i = 0; i < bs.length; i++) {
      const b = bs[i]!;
      const last = i === bs.length - 1;
      const events: EnergyAlarmEvent[] = src.alarmEvents
        .filter((e) => e.simTimeMs === b.simTimeMs)
        .map((e) => ({ ...safeAlarm(e), raised: e.raised, simTimeMs: e.simTimeMs }));
      const m: EnergyMessage = {
        seq: this.messages.last + 1,
        balance: safeBalance(b),
        events,
        // Only the last step of the tick has its alarm set and replay state at hand; earlier ones carry their events.
        active: last ? active : [],
        tetouan: last ? tetouan : null,
      };
      this.messages.push(m.seq, m);
      out.messages.push(m);
    }
    this.stateSeq++;
    out.state = encodeEnergyState(this.stateSeq, f.simTimeMs, this.opts.counts, f);
    this.latestState = out.state;
    this.sample(f);
    return out;
  }

  /** The history of one element (kind and index already validated), oldest first. */
  series(kind: EnergyAssetKind, index: number): EnergySeriesAnswer {
    const S = this.seriesSamples;
    const simTimeMs: number[] = [];
    const values: Record<string, number[]> = {};
    const names = ENERGY_SERIES_FIELDS[kind];
    for (const n of names) values[n] = [];
    for (let j = 0; j < this.filled; j++) {
      const s = (this.head - this.filled + j + S) % S;
      simTimeMs.push(this.sampleTime[s]!);
      for (const n of names) {
        const col = SERIES_COLUMN[kind][n]!;
        values[n]!.push(this.samples[s * this.width + this.offsets[col] + index]!);
      }
    }
    return { ok: true, kind, index, simTimeMs, values };
  }

  private tetouanState(src: EnergySource): TetouanReplayState | null {
    const map = src.tetouanMap;
    const t = src.options.tetouan;
    if (map === null || t === null || src.tetouanRow < 0) return null;
    const r = src.tetouanRow;
    return {
      row: r,
      rowTimeMs: t.series.timeMs[r]!,
      feeders: [map.feeders[0], map.feeders[1], map.feeders[2]],
      zoneKw: [fin(t.series.zone1Kw[r]!), fin(t.series.zone2Kw[r]!), fin(t.series.zone3Kw[r]!)],
      feederMw: [fin(src.tetouanFeederMw[0]!), fin(src.tetouanFeederMw[1]!), fin(src.tetouanFeederMw[2]!)],
    };
  }

  private sample(f: LiveEnergyModel['frame']): void {
    const S = this.seriesSamples;
    if (S === 0) return;
    const s = this.head;
    this.sampleTime[s] = f.simTimeMs;
    const base = s * this.width;
    for (const fd of ENERGY_STATE_FIELDS) {
      const col = f[fd.name];
      const o = base + this.offsets[fd.name];
      for (let i = 0; i < this.opts.counts[fd.of]; i++) {
        const v = col[i]!;
        this.samples[o + i] = Number.isFinite(v) ? v : 0;
      }
    }
    this.head = (s + 1) % S;
    if (this.filled < S) this.filled++;
  }
}
