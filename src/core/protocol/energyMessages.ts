/**
 * JSON messages of the live energy model (docs/protocol.md §3c): the sequenced `energy` stream (one message per
 * dispatch step: the system balance, the alarms raised and cleared by the step, every active alarm, the Tétouan replay
 * state) and the asset time-series request/answer, with validators that parse untrusted input into typed values or a
 * precise reason (never throw).
 */
import type { AlarmKind, EnergyAlarm } from '../energy/city/energySim.ts';
import type { EnergyAlarmEvent, EnergyBalance } from '../energy/city/liveEnergy.ts';
import type { Parsed } from './messages.ts';
import type { EnergyCounts } from './energyState.ts';

/** The Tétouan replay's state at a step: the row replayed and the target load of each of its three feeders. */
export interface TetouanReplayState {
  /** Row of the file (0-based) and its time, ms since the Unix epoch. */
  readonly row: number;
  readonly rowTimeMs: number;
  /** Model feeders that carry zones 1, 2, 3. */
  readonly feeders: readonly [number, number, number];
  /** The zones' load in the file, kW, and the feeder load it becomes, MW. */
  readonly zoneKw: readonly [number, number, number];
  readonly feederMw: readonly [number, number, number];
}

/** server → client, stream `energy` (sequenced, replayed on resume): one dispatch step. */
export interface EnergyMessage {
  readonly seq: number;
  readonly balance: EnergyBalance;
  /** Alarms raised and cleared by this step. */
  readonly events: readonly EnergyAlarmEvent[];
  /** Every alarm active after this step. */
  readonly active: readonly EnergyAlarm[];
  readonly tetouan: TetouanReplayState | null;
}

/** Kinds of energy assets a series can be asked for, and the series each has. */
export const ENERGY_SERIES_FIELDS = {
  station: ['loadMw', 'loadingPct'],
  feeder: ['headMw'],
  bus: ['voltagePu', 'sectionLoadingPct', 'sectionFlowMw'],
  hvLine: ['loadingPct', 'flowMw'],
  storage: ['socPct', 'mw'],
  pv: ['mw'],
} as const;
export type EnergyAssetKind = keyof typeof ENERGY_SERIES_FIELDS;
export const ENERGY_ASSET_KINDS = Object.keys(ENERGY_SERIES_FIELDS) as EnergyAssetKind[];

/** Count of each asset kind in a grid model. */
export function energyAssetCount(counts: EnergyCounts, kind: EnergyAssetKind): number {
  return counts[kind];
}

/** client → server (with an acknowledgement): the history of one energy asset. */
export interface EnergySeriesRequest {
  readonly kind: EnergyAssetKind;
  readonly index: number;
}

/** server → client: the acknowledgement of an EnergySeriesRequest; one value per dispatch step, oldest first. */
export type EnergySeriesAnswer =
  | {
      readonly ok: true;
      readonly kind: EnergyAssetKind;
      readonly index: number;
      readonly simTimeMs: readonly number[];
      readonly values: Readonly<Record<string, readonly number[]>>;
    }
  | { readonly ok: false; readonly reason: string };

/** Largest number of samples a series answer may carry (48 h of 5-minute steps). */
export const MAX_ENERGY_SERIES_SAMPLES = 576;
/** Largest alarm list in one message. */
export const MAX_ENERGY_ALARMS = 10_000;

const ALARM_KINDS: readonly AlarmKind[] = [
  'sectionOverload',
  'transformerOverload',
  'hvLineOverload',
  'importOverload',
  'undervoltage',
  'overvoltage',
  'loadShed',
  'unserved',
  'powerFlow',
];

const BALANCE_KEYS = [
  'simTimeMs',
  'importMw',
  'thermalMw',
  'pvMw',
  'windMw',
  'storageDischargeMw',
  'storageChargeMw',
  'loadMw',
  'demandMw',
  'shedMw',
  'unservedMw',
  'curtailedMw',
  'lossesMw',
  'renewableShare',
  'carbonIntensityGPerKwh',
  'emissionsTPerH',
] as const satisfies readonly (keyof EnergyBalance)[];

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(reason: string): Parsed<T> => ({ ok: false, reason });
type Rec = Readonly<Record<string, unknown>>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const show = (v: unknown): string => JSON.stringify(v) ?? 'undefined';

/** Upper bound of an alarm's index for its kind (−1 = system-wide is allowed for every kind). */
function alarmIndexLimit(kind: AlarmKind, c: EnergyCounts): number {
  switch (kind) {
    case 'sectionOverload':
    case 'undervoltage':
    case 'overvoltage':
      return c.bus;
    case 'transformerOverload':
    case 'importOverload':
      return c.station;
    case 'hvLineOverload':
      return c.hvLine;
    case 'loadShed':
      return c.feeder;
    case 'unserved':
    case 'powerFlow':
      return 0;
  }
}

function parseAlarm(v: unknown, where: string, c: EnergyCounts): EnergyAlarm | string {
  if (!isRec(v)) return `${where}: expected an object`;
  const kind = v['kind'];
  if (typeof kind !== 'string' || !(ALARM_KINDS as readonly string[]).includes(kind))
    return `${where}.kind: expected one of ${ALARM_KINDS.join(', ')}, got ${show(kind)}`;
  const k = kind as AlarmKind;
  const index = v['index'];
  const lim = alarmIndexLimit(k, c);
  if (!(
    Number.isSafeInteger(index) &&
    ((index as number) === -1 || ((index as number) >= 0 && (index as number) < lim))
  ))
    return `${where}.index: expected −1 or an index < ${lim} for ${k}, got ${show(index)}`;
  if (!isNum(v['value'])) return `${where}.value: expected a finite number, got ${show(v['value'])}`;
  if (!isNum(v['limit'])) return `${where}.limit: expected a finite number, got ${show(v['limit'])}`;
  return { kind: k, index: index as number, value: v['value'], limit: v['limit'] };
}

function parseList<T>(v: unknown, where: string, item: (x: unknown, w: string) => T | string): T[] | string {
  if (!Array.isArray(v)) return `${where}: expected an array`;
  if (v.length > MAX_ENERGY_ALARMS) return `${where}: ${v.length} entries > ${MAX_ENERGY_ALARMS}`;
  const out: T[] = [];
  for (let i = 0; i < v.length; i++) {
    const r = item(v[i], `${where}[${i}]`);
    if (typeof r === 'string') return r;
    out.push(r);
  }
  return out;
}

function triple(
  v: unknown,
  where: string,
  check: (x: unknown) => boolean,
): [number, number, number] | string {
  if (!Array.isArray(v) || v.length !== 3 || !v.every(check))
    return `${where}: expected 3 numbers, got ${show(v)}`;
  return [v[0] as number, v[1] as number, v[2] as number];
}

/** Validates an `energy` stream message against the client's grid model counts. */
export function parseEnergyMessage(v: unknown, counts: EnergyCounts): Parsed<EnergyMessage> {
  if (!isRec(v)) return bad('energy: expected an object');
  const seq = v['seq'];
  if (!isIndex(seq) || seq === 0) return bad(`energy.seq: expected a positive integer, got ${show(seq)}`);
  const w = `energy ${seq}`;
  const b = v['balance'];
  if (!isRec(b)) return bad(`${w}.balance: expected an object`);
  const balance = {} as Record<(typeof BALANCE_KEYS)[number], number>;
  for (const k of BALANCE_KEYS) {
    const x = b[k];
    if (!isNum(x)) return bad(`${w}.balance.${k}: expected a finite number, got ${show(x)}`);
    balance[k] = x;
  }
  const events = parseList<EnergyAlarmEvent>(v['events'], `${w}.events`, (x, wh) => {
    const a = parseAlarm(x, wh, counts);
    if (typeof a === 'string') return a;
    const r = x as Rec;
    if (typeof r['raised'] !== 'boolean') return `${wh}.raised: expected a boolean`;
    if (!isNum(r['simTimeMs'])) return `${wh}.simTimeMs: expected a finite number`;
    return { ...a, raised: r['raised'], simTimeMs: r['simTimeMs'] };
  });
  if (typeof events === 'string') return bad(events);
  const active = parseList(v['active'], `${w}.active`, (x, wh) => parseAlarm(x, wh, counts));
  if (typeof active === 'string') return bad(active);
  let tetouan: TetouanReplayState | null = null;
  const t = v['tetouan'];
  if (t !== null && t !== undefined) {
    if (!isRec(t)) return bad(`${w}.tetouan: expected an object or null`);
    if (!isIndex(t['row'])) return bad(`${w}.tetouan.row: expected a non-negative integer`);
    if (!isNum(t['rowTimeMs'])) return bad(`${w}.tetouan.rowTimeMs: expected a finite number`);
    const feeders = triple(t['feeders'], `${w}.tetouan.feeders`, (x) => isIndex(x) && x < counts.feeder);
    if (typeof feeders === 'string') return bad(feeders);
    const zoneKw = triple(t['zoneKw'], `${w}.tetouan.zoneKw`, isNum);
    if (typeof zoneKw === 'string') return bad(zoneKw);
    const feederMw = triple(t['feederMw'], `${w}.tetouan.feederMw`, isNum);
    if (typeof feederMw === 'string') return bad(feederMw);
    tetouan = { row: t['row'], rowTimeMs: t['rowTimeMs'], feeders, zoneKw, feederMw };
  }
  return ok({ seq, balance, events, active, tetouan });
}

/** Validates a client's energy series request against the grid model counts. */
export function parseEnergySeriesRequest(v: unknown, counts: EnergyCounts): Parsed<EnergySeriesRequest> {
  if (!isRec(v)) return bad('energySeries: expected an object {kind, index}');
  const kind = v['kind'];
  if (typeof kind !== 'string' || !(ENERGY_ASSET_KINDS as string[]).includes(kind))
    return bad(`energySeries.kind: expected one of ${ENERGY_ASSET_KINDS.join(', ')}, got ${show(kind)}`);
  const k = kind as EnergyAssetKind;
  const index = v['index'];
  if (!isIndex(index)) return bad(`energySeries.index: expected a non-negative integer, got ${show(index)}`);
  const n = energyAssetCount(counts, k);
  if (index >= n)
    return bad(`energySeries.index: ${index} is out of range (the grid model has ${n} ${k} elements)`);
  return ok({ kind: k, index });
}

/** Validates the server's answer to an energy series request for (kind, index). */
export function parseEnergySeriesAnswer(v: unknown, req: EnergySeriesRequest): Parsed<EnergySeriesAnswer> {
  const w = `energySeries answer (${req.kind} ${req.index})`;
  if (!isRec(v)) return bad(`${w}: expected an object`);
  if (v['ok'] === false) {
    const reason = v['reason'];
    if (typeof reason !== 'string' || reason.length > 2000) return bad(`${w}.reason: expected a string`);
    return ok({ ok: false, reason });
  }
  if (v['ok'] !== true) return bad(`${w}.ok: expected a boolean`);
  if (v['kind'] !== req.kind || v['index'] !== req.index)
    return bad(`${w}: answers ${show(v['kind'])} ${show(v['index'])}`);
  const t = v['simTimeMs'];
  if (!Array.isArray(t) || t.length > MAX_ENERGY_SERIES_SAMPLES || !t.every(isNum))
    return bad(`${w}.simTimeMs: expected at most ${MAX_ENERGY_SERIES_SAMPLES} finite times`);
  for (let i = 1; i < t.length; i++)
    if ((t[i] as number) <= (t[i - 1] as number)) return bad(`${w}.simTimeMs[${i}]: times must increase`);
  const vals = v['values'];
  if (!isRec(vals)) return bad(`${w}.values: expected an object`);
  const values: Record<string, number[]> = {};
  for (const name of ENERGY_SERIES_FIELDS[req.kind]) {
    const a = vals[name];
    if (!Array.isArray(a) || a.length !== t.length || !a.every(isNum))
      return bad(`${w}.values.${name}: expected ${t.length} finite numbers`);
    values[name] = a as number[];
  }
  return ok({ ok: true, kind: req.kind, index: req.index, simTimeMs: t as number[], values });
}
