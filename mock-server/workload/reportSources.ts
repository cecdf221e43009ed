/**
 * Where the live work's reports come from (live.ts ReportSource):
 * - `syntheticReports`: the core's Poisson arrivals per category × hour × site (src/core/workload/arrivals.ts,
 *   rates documented there), sampled tick by tick.
 * - `nyc311Replay` (`--replay nyc311`): the real NYC 311 sample (../shared/data/feeds/nyc_311_service_requests_sample
 *   .csv, parsed by src/core/workload/nyc311.ts) replayed as reports at the scene's locations: the requests' lat/lon
 *   bounding box is mapped linearly onto the scene extent; the requests keep their real order and relative gaps, the
 *   recorded timeline (a scattered sample, 2014–2019) compressed onto `replayDays` simulated days and looped; each
 *   replayed order closes after its RECORDED closure duration (Closed − Created), uncompressed.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createRng, hash32 } from '../../src/core/rng.ts';
import type { CityModel } from '../../src/core/scene/types.ts';
import {
  arrivalSitesFromScene,
  generateReports,
  pickSite,
  type ArrivalOptions,
  type ArrivalSites,
} from '../../src/core/workload/arrivals.ts';
import { parseNyc311, type Nyc311Request } from '../../src/core/workload/nyc311.ts';
import { categoryById } from '../../src/core/workload/taxonomy.ts';
import type { WorkOrder } from '../../src/core/workload/types.ts';
import type { ReportSource } from './live.ts';
import type { ReportDraft } from './service.ts';

/** The sample's file name under the feeds data dir. */
export const NYC311_FILE = 'nyc_311_service_requests_sample.csv';

/** The core's arrival process on the scene's sites (`reportsPerDay` etc. in ArrivalOptions). */
export function syntheticReports(scene: CityModel, seed: number, opts: ArrivalOptions = {}): ReportSource {
  const sites = arrivalSitesFromScene(scene);
  const rng = createRng(seed).fork('workload-arrivals');
  return {
    step(prevMs, simMs) {
      // generateReports samples [from, to); the live tick owns (prev, sim]: shift both ends by one ms.
      return generateReports(sites, prevMs + 1, simMs + 1, rng, 0, opts).map(
        ({ id: _id, attachments, ...r }) => ({ ...r, photos: attachments.length }),
      );
    },
  };
}

/** A loaded NYC 311 replay. */
export interface Nyc311Replay extends ReportSource {
  readonly description: string;
  /** Requests replayed per loop (mapped category, in time order). */
  readonly count: number;
  recordedClosureMs(order: WorkOrder): number;
}

const DAY_MS = 86_400_000;

/** The sample's requests of a known category, in time order (what `--replay nyc311` loads before the scene). */
export interface Nyc311Requests {
  readonly requests: readonly Nyc311Request[];
  /** e.g. "3 rows skipped, 120 of another category". */
  readonly note: string;
}

/** Reads and parses the sample in `dataDir`; throws a message naming the file when it cannot. */
export async function loadNyc311Requests(dataDir: string): Promise<Nyc311Requests> {
  const file = path.join(dataDir, NYC311_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(
      `--replay nyc311: cannot read ${file} (${err instanceof Error ? err.message : String(err)}); ` +
        `pass --data-dir <folder with ${NYC311_FILE}>`,
      { cause: err },
    );
  }
  const parsed = parseNyc311(text, NYC311_FILE);
  const requests = parsed.records
    .filter((r) => r.category !== null)
    .sort((a, b) => a.createdMs - b.createdMs);
  if (requests.length === 0) throw new Error(`--replay nyc311: ${file} holds no request of a known category`);
  return {
    requests,
    note: `${parsed.errors.length} rows skipped, ${parsed.records.length - requests.length} of no mapped category`,
  };
}

/** The replay over parsed requests (exported for tests). */
export function nyc311Replay(
  reqs: readonly Nyc311Request[],
  scene: CityModel,
  startSimMs: number,
  replayDays: number,
  note = '',
): Nyc311Replay {
  let lonMin = Infinity;
  let lonMax = -Infinity;
  let latMin = Infinity;
  let latMax = -Infinity;
  for (const r of reqs) {
    if (!Number.isFinite(r.lat) || !Number.isFinite(r.lon)) continue;
    lonMin = Math.min(lonMin, r.lon);
    lonMax = Math.max(lonMax, r.lon);
    latMin = Math.min(latMin, r.lat);
    latMax = Math.max(latMax, r.lat);
  }
  const e = scene.meta.extentM;
  let sites: ArrivalSites | null = null;
  try {
    sites = arrivalSitesFromScene(scene);
  } catch {
    // A scene with neither buildings nor road nodes: requests without coordinates are left out.
  }
  const t0 = (reqs[0] as Nyc311Request).createdMs;
  const span = Math.max(1, (reqs[reqs.length - 1] as Nyc311Request).createdMs - t0);
  const loopMs = replayDays * DAY_MS;
  // Sim offset of request k within a loop: its recorded offset, compressed onto the loop (order and relative gaps
  // kept); the last request lands just before the loop ends.
  const offset = reqs.map((r) => Math.floor(((r.createdMs - t0) / span) * (loopMs - 1)));
  const closureByKey = new Map<string, number>();
  for (const r of reqs)
    if (Number.isFinite(r.closedMs) && r.closedMs >= r.createdMs)
      closureByKey.set(r.key, r.closedMs - r.createdMs);

  function draft(r: Nyc311Request, simTimeMs: number): ReportDraft | null {
    const cat = categoryById(r.category as string);
    let x: number;
    let y: number;
    let cell = -1;
    if (Number.isFinite(r.lat) && Number.isFinite(r.lon) && lonMax > lonMin && latMax > latMin) {
      x = e.minX + ((r.lon - lonMin) / (lonMax - lonMin)) * (e.maxX - e.minX);
      y = e.minY + ((r.lat - latMin) / (latMax - latMin)) * (e.maxY - e.minY);
    } else {
      // No coordinates recorded (about one in ten): a scene site chosen by the request's key.
      if (sites === null) return null;
      const s = pickSite(sites, hash32(r.key) / 4294967296);
      x = sites.x[s] as number;
      y = sites.y[s] as number;
      cell = sites.cell[s] as number;
    }
    return {
      source: 'replay',
      category: r.category as string,
      priority: cat?.priority ?? 3,
      x: Math.round(x * 10) / 10,
      y: Math.round(y * 10) / 10,
      gridCell: cell,
      simTimeMs,
      description: {
        zh: `NYC 311：${r.complaintType}${r.descriptor !== '' ? ` — ${r.descriptor}` : ''}（${r.agency}）`,
        en: `NYC 311: ${r.complaintType}${r.descriptor !== '' ? ` — ${r.descriptor}` : ''} (${r.agency})`,
      },
      reporter: `nyc311:${r.key}`,
    };
  }

  return {
    description: `NYC 311 sample, ${reqs.length} requests over ${replayDays} simulated day(s), looped${note !== '' ? `; ${note}` : ''}`,
    count: reqs.length,
    step(prevMs, simMs) {
      const out: ReportDraft[] = [];
      if (!(simMs > prevMs)) return out;
      // Loops overlapping (prevMs, simMs]; within each, the requests whose offset falls in the window.
      const firstLoop = Math.max(0, Math.floor((prevMs - startSimMs) / loopMs));
      const lastLoop = Math.floor((simMs - startSimMs) / loopMs);
      for (let L = firstLoop; L <= lastLoop; L++) {
        const base = startSimMs + L * loopMs;
        for (let k = 0; k < reqs.length; k++) {
          const t = base + (offset[k] as number);
          if (!(t > prevMs && t <= simMs)) continue;
          const d = draft(reqs[k] as Nyc311Request, t);
          if (d !== null) out.push(d);
        }
      }
      return out;
    },
    recordedClosureMs(order: WorkOrder) {
      const rep = order.reporters[0];
      if (rep === undefined || !rep.startsWith('nyc311:')) return Number.NaN;
      return closureByKey.get(rep.slice('nyc311:'.length)) ?? Number.NaN;
    },
  };
}
