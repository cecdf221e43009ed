/**
 * TNTP text formats of the Transportation Networks for Research repository (Bar-Gera; Stabler et al.,
 * github.com/bstabler/TransportationNetworks, README "File format"): pure parsers from text to the assignment
 * contracts, and a CSV formatter of assigned flows. Node and zone numbers are 1-based in the files and 0-based here.
 *   header:  "<KEY> value" lines up to "<END OF METADATA>" (NUMBER OF ZONES, NUMBER OF NODES, FIRST THRU NODE,
 *            NUMBER OF LINKS in _net; NUMBER OF ZONES, TOTAL OD FLOW in _trips)
 *   _net:    one link per line "init term capacity length fft b power [speed toll type] ;"
 *   _trips:  "Origin o" blocks followed by "d : trips;" pairs, several per line
 *   _flow:   "From To Volume Cost" with a header line
 * Lines starting with '~' are comments. Bad input throws a TntpError naming the file, the 1-based line and the reason.
 */
import type { AssignmentNetwork, AssignmentResult, OdDemand } from './types.ts';

/** A parse error in a TNTP file: `fileName:line: reason`. */
export class TntpError extends Error {
  readonly fileName: string;
  readonly line: number;
  constructor(fileName: string, line: number, reason: string) {
    super(`${fileName}:${line}: ${reason}`);
    this.name = 'TntpError';
    this.fileName = fileName;
    this.line = line;
  }
}

interface Metadata {
  readonly values: Map<string, string>;
  /** Index (0-based) of the first line after <END OF METADATA>. */
  readonly bodyStart: number;
}

function readMetadata(lines: readonly string[], fileName: string): Metadata {
  const values = new Map<string, string>();
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '' || line.startsWith('~')) continue;
    const m = /^<([^>]+)>(.*)$/.exec(line);
    if (!m)
      throw new TntpError(fileName, i + 1, `expected a "<KEY> value" metadata line, got "${clip(line)}"`);
    const key = (m[1] as string).trim().toUpperCase();
    if (key === 'END OF METADATA') return { values, bodyStart: i + 1 };
    values.set(key, (m[2] as string).trim());
  }
  throw new TntpError(fileName, lines.length, 'no <END OF METADATA> line');
}

function metaInt(
  meta: Metadata,
  key: string,
  fileName: string,
  lines: readonly string[],
  min: number,
): number {
  const raw = meta.values.get(key);
  const line = findLine(lines, key);
  if (raw === undefined) throw new TntpError(fileName, meta.bodyStart, `missing <${key}> in the metadata`);
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min) {
    throw new TntpError(fileName, line, `<${key}> must be an integer ≥ ${min}, got "${clip(raw)}"`);
  }
  return v;
}

function findLine(lines: readonly string[], key: string): number {
  const i = lines.findIndex((l) => l.trim().toUpperCase().startsWith(`<${key}>`));
  return i + 1;
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

/** Splits a data line into tokens, dropping the ';' terminator ('~' comments are whole lines, skipped by callers). */
function tokens(line: string): string[] {
  const body = line.replace(/;\s*$/, '').trim();
  return body === '' ? [] : body.split(/\s+/);
}

/** A parsed _net file: the network plus its TNTP extras. */
export interface TntpNetwork extends AssignmentNetwork {
  /** Toll and link type columns (0 when absent). */
  readonly toll: Float64Array;
  readonly linkType: Int32Array;
}

/** Parses a TNTP _net file (see the file header); `fileName` is used in errors only. */
export function parseTntpNetwork(text: string, fileName: string): TntpNetwork {
  const lines = text.split(/\r?\n/);
  const meta = readMetadata(lines, fileName);
  const zoneCount = metaInt(meta, 'NUMBER OF ZONES', fileName, lines, 0);
  const nodeCount = metaInt(meta, 'NUMBER OF NODES', fileName, lines, 1);
  const firstThru = metaInt(meta, 'FIRST THRU NODE', fileName, lines, 1);
  const linkCount = metaInt(meta, 'NUMBER OF LINKS', fileName, lines, 0);
  if (zoneCount > nodeCount) {
    throw new TntpError(
      fileName,
      findLine(lines, 'NUMBER OF ZONES'),
      `${zoneCount} zones but ${nodeCount} nodes`,
    );
  }
  const from = new Uint32Array(linkCount);
  const to = new Uint32Array(linkCount);
  const capacity = new Float64Array(linkCount);
  const length = new Float64Array(linkCount);
  const freeFlowTime = new Float64Array(linkCount);
  const alpha = new Float64Array(linkCount);
  const beta = new Float64Array(linkCount);
  const toll = new Float64Array(linkCount);
  const linkType = new Int32Array(linkCount);
  let n = 0;
  const names = ['init_node', 'term_node', 'capacity', 'length', 'free_flow_time', 'b', 'power'] as const;
  for (let i = meta.bodyStart; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '' || line.startsWith('~')) continue;
    const lineNo = i + 1;
    const t = tokens(line);
    if (t.length < 7) {
      throw new TntpError(
        fileName,
        lineNo,
        `a link needs at least 7 fields (${names.join(' ')}), got ${t.length}`,
      );
    }
    if (n >= linkCount)
      throw new TntpError(fileName, lineNo, `more links than <NUMBER OF LINKS> ${linkCount}`);
    const v = t.map(Number);
    for (let j = 0; j < Math.min(v.length, 10); j++) {
      if (!Number.isFinite(v[j])) {
        const name = names[j] ?? ['speed', 'toll', 'link_type'][j - 7];
        throw new TntpError(fileName, lineNo, `${name} "${clip(t[j] as string)}" is not a number`);
      }
    }
    const [a, b, cap, len, fft, bb, pow] = v as [number, number, number, number, number, number, number];
    for (const [node, name] of [
      [a, 'init_node'],
      [b, 'term_node'],
    ] as const) {
      if (!Number.isInteger(node) || node < 1 || node > nodeCount) {
        throw new TntpError(fileName, lineNo, `${name} ${node} is not a node number 1..${nodeCount}`);
      }
    }
    if (!(cap > 0)) throw new TntpError(fileName, lineNo, `capacity ${cap} must be > 0`);
    if (!(fft >= 0)) throw new TntpError(fileName, lineNo, `free_flow_time ${fft} must be ≥ 0`);
    if (!(len >= 0)) throw new TntpError(fileName, lineNo, `length ${len} must be ≥ 0`);
    if (!(bb >= 0)) throw new TntpError(fileName, lineNo, `b ${bb} must be ≥ 0`);
    if (!(pow === 0 || pow >= 1)) throw new TntpError(fileName, lineNo, `power ${pow} must be 0 or ≥ 1`);
    from[n] = a - 1;
    to[n] = b - 1;
    capacity[n] = cap;
    length[n] = len;
    freeFlowTime[n] = fft;
    alpha[n] = bb;
    beta[n] = pow;
    toll[n] = v[8] ?? 0;
    linkType[n] = v[9] ?? 0;
    n++;
  }
  if (n !== linkCount) {
    throw new TntpError(
      fileName,
      lines.length,
      `<NUMBER OF LINKS> says ${linkCount} but the file has ${n} links`,
    );
  }
  return {
    nodeCount,
    zoneCount,
    firstThruNode: firstThru - 1,
    linkCount,
    from,
    to,
    capacity,
    freeFlowTime,
    alpha,
    beta,
    length,
    toll,
    linkType,
  };
}

/** A parsed _trips file: the demand plus the header's total (for a consistency check by the caller). */
export interface TntpTrips extends OdDemand {
  /** <TOTAL OD FLOW> of the header, NaN when absent. */
  readonly declaredTotal: number;
  /** Σ trips actually read. */
  readonly total: number;
}

/** Parses a TNTP _trips file (see the file header); `fileName` is used in errors only. */
export function parseTntpTrips(text: string, fileName: string): TntpTrips {
  const lines = text.split(/\r?\n/);
  const meta = readMetadata(lines, fileName);
  const zoneCount = metaInt(meta, 'NUMBER OF ZONES', fileName, lines, 1);
  const declaredRaw = meta.values.get('TOTAL OD FLOW');
  const declaredTotal = declaredRaw === undefined ? Number.NaN : Number(declaredRaw);
  const trips = new Float64Array(zoneCount * zoneCount);
  let origin = -1;
  let total = 0;
  const pair = /^(\S+)\s*:\s*(\S+)$/;
  for (let i = meta.bodyStart; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '' || line.startsWith('~')) continue;
    const lineNo = i + 1;
    const om = /^origin\s+(\S+)\s*$/i.exec(line);
    if (om) {
      const o = Number(om[1]);
      if (!Number.isInteger(o) || o < 1 || o > zoneCount) {
        throw new TntpError(
          fileName,
          lineNo,
          `origin "${clip(om[1] as string)}" is not a zone number 1..${zoneCount}`,
        );
      }
      origin = o - 1;
      continue;
    }
    if (origin < 0) throw new TntpError(fileName, lineNo, `"${clip(line)}" before the first "Origin" line`);
    for (const part of line.split(';')) {
      const p = part.trim();
      if (p === '') continue;
      const m = pair.exec(p);
      if (!m) throw new TntpError(fileName, lineNo, `expected "destination : trips", got "${clip(p)}"`);
      const d = Number(m[1]);
      const v = Number(m[2]);
      if (!Number.isInteger(d) || d < 1 || d > zoneCount) {
        throw new TntpError(
          fileName,
          lineNo,
          `destination "${clip(m[1] as string)}" is not a zone number 1..${zoneCount}`,
        );
      }
      if (!(v >= 0 && Number.isFinite(v))) {
        throw new TntpError(
          fileName,
          lineNo,
          `trips "${clip(m[2] as string)}" to zone ${d} must be a number ≥ 0`,
        );
      }
      trips[origin * zoneCount + d - 1] = v;
      total += v;
    }
  }
  return { zoneCount, trips, declaredTotal, total };
}

/** Link flows of a TNTP _flow file (best-known solutions), 0-based nodes. */
export interface TntpFlows {
  readonly from: Uint32Array;
  readonly to: Uint32Array;
  readonly volume: Float64Array;
  readonly cost: Float64Array;
}

/** Parses a TNTP _flow file ("From To Volume Cost" header, one link per line). */
export function parseTntpFlows(text: string, fileName: string): TntpFlows {
  const rows: number[][] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '' || line.startsWith('~') || /^from\b/i.test(line)) continue;
    const t = tokens(line);
    const v = t.map(Number);
    if (t.length < 4 || v.slice(0, 4).some((x) => !Number.isFinite(x))) {
      throw new TntpError(fileName, i + 1, `expected "from to volume cost", got "${clip(line)}"`);
    }
    if (!Number.isInteger(v[0]) || !Number.isInteger(v[1]) || (v[0] as number) < 1 || (v[1] as number) < 1) {
      throw new TntpError(fileName, i + 1, `node numbers must be integers ≥ 1, got "${clip(line)}"`);
    }
    rows.push(v);
  }
  return {
    from: Uint32Array.from(rows, (r) => (r[0] as number) - 1),
    to: Uint32Array.from(rows, (r) => (r[1] as number) - 1),
    volume: Float64Array.from(rows, (r) => r[2] as number),
    cost: Float64Array.from(rows, (r) => r[3] as number),
  };
}

/** CSV of assigned link flows: header "from,to,volume,cost", 1-based nodes, full double precision. */
export function formatFlowsCsv(
  net: Pick<AssignmentNetwork, 'linkCount' | 'from' | 'to'>,
  result: Pick<AssignmentResult, 'linkFlow' | 'linkTime'>,
): string {
  const out: string[] = ['from,to,volume,cost'];
  for (let l = 0; l < net.linkCount; l++) {
    out.push(
      `${(net.from[l] as number) + 1},${(net.to[l] as number) + 1},${result.linkFlow[l] as number},${result.linkTime[l] as number}`,
    );
  }
  return `${out.join('\n')}\n`;
}
