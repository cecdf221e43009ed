/**
 * The power-network model the solvers work on: buses, branches and generators in per unit on one MVA base, held in
 * typed arrays (struct of arrays) so a city grid model can build one without going through MATPOWER text.
 *
 * Conventions follow the MATPOWER case format (Zimmerman, Murillo-Sánchez & Thomas 2011, "MATPOWER: Steady-State
 * Operations, Planning and Analysis Tools for Power Systems Research and Education", IEEE Trans. Power Systems 26(1);
 * MATPOWER User's Manual, Appendix B "Data File Format", Tables B-1 … B-3):
 *  - a branch is a π model with series impedance r + jx, total line charging b (half at each end) and an ideal
 *    transformer at the FROM end with complex ratio N = tap·e^{j·shift} (tap 0 in the file means 1);
 *  - bus shunts Gs + jBs are given in MW / MVAr consumed at V = 1 p.u.;
 *  - bus types 1 PQ, 2 PV, 3 reference (slack), 4 isolated.
 */

/** MATPOWER bus types (MATPOWER manual Table B-1, BUS_TYPE). */
export const BusType = { PQ: 1, PV: 2, REF: 3, ISOLATED: 4 } as const;
/** A MATPOWER bus type code. */
export type BusTypeCode = (typeof BusType)[keyof typeof BusType];

/** A power network in per unit. Bus arrays have length busCount, branch arrays branchCount. */
export interface PowerNetwork {
  /** System base, MVA: every *Pu power below is in units of baseMva. */
  readonly baseMva: number;
  readonly busCount: number;
  /** External bus numbers (MATPOWER bus_i), for reporting. */
  readonly busNumber: Int32Array;
  /** BusType codes. PV buses without an in-service generator are already demoted to PQ. */
  readonly busType: Uint8Array;
  /** Load demand, p.u. (Pd / baseMva, Qd / baseMva). */
  readonly pLoadPu: Float64Array;
  readonly qLoadPu: Float64Array;
  /** Scheduled generation of the in-service generators at the bus, summed, p.u. */
  readonly pGenPu: Float64Array;
  readonly qGenPu: Float64Array;
  /** Shunt admittance at V = 1 p.u., p.u. (Gs / baseMva, Bs / baseMva). */
  readonly gShuntPu: Float64Array;
  readonly bShuntPu: Float64Array;
  /** Initial voltage magnitude, p.u.; at PV and reference buses it is the generator set point (held fixed). */
  readonly vmInitPu: Float64Array;
  /** Initial voltage angle, radians; at the reference bus it is held fixed. */
  readonly vaInitRad: Float64Array;
  /** Base voltage, kV (0 when the file does not give it). */
  readonly baseKv: Float64Array;

  readonly branchCount: number;
  /** Internal (0-based) bus indices of each branch's ends. */
  readonly fromBus: Int32Array;
  readonly toBus: Int32Array;
  /** Series resistance and reactance, p.u. */
  readonly rPu: Float64Array;
  readonly xPu: Float64Array;
  /** Total line-charging susceptance, p.u. (half at each end). */
  readonly bPu: Float64Array;
  /** Off-nominal turns ratio magnitude at the from end (1 for a line; MATPOWER's 0 is stored as 1). */
  readonly tap: Float64Array;
  /** Phase shift of the from-end transformer, radians (positive: from-bus angle leads). */
  readonly shiftRad: Float64Array;
  /** 1 in service, 0 out of service. */
  readonly inService: Uint8Array;
  /** Long-term MVA rating (0 = unlimited). */
  readonly rateAMva: Float64Array;
}

/** Bus-level inputs for {@link createNetwork}; powers in MW/MVAr like MATPOWER, converted to p.u. on baseMva. */
export interface BusInput {
  readonly number: number;
  readonly type: BusTypeCode;
  readonly pdMw: number;
  readonly qdMvar: number;
  readonly gsMw?: number;
  readonly bsMvar?: number;
  readonly vmPu?: number;
  readonly vaDeg?: number;
  readonly baseKv?: number;
}

/** Branch inputs for {@link createNetwork}, by external bus numbers. */
export interface BranchInput {
  readonly from: number;
  readonly to: number;
  readonly rPu: number;
  readonly xPu: number;
  readonly bPu?: number;
  /** 0 or omitted = a line (ratio 1). */
  readonly ratio?: number;
  readonly shiftDeg?: number;
  readonly inService?: boolean;
  readonly rateAMva?: number;
}

/** Generator inputs for {@link createNetwork}. */
export interface GenInput {
  readonly bus: number;
  readonly pgMw: number;
  readonly qgMvar?: number;
  /** Voltage set point, p.u. (MATPOWER Vg). */
  readonly vgPu?: number;
  readonly inService?: boolean;
}

/** A precise input error (which item, which field, why). */
export class NetworkError extends Error {
  override name = 'NetworkError';
}

const DEG = Math.PI / 180;

/**
 * Builds a PowerNetwork from plain records (MW/MVAr, p.u. impedances), applying MATPOWER's rules: generator Vg sets
 * |V| at PV and reference buses, PV buses without an in-service generator become PQ (MATPOWER bustypes.m), the
 * reference bus must exist. Throws NetworkError naming the offending record.
 */
export function createNetwork(
  baseMva: number,
  buses: readonly BusInput[],
  branches: readonly BranchInput[],
  gens: readonly GenInput[],
): PowerNetwork {
  if (!(baseMva > 0) || !Number.isFinite(baseMva))
    throw new NetworkError(`baseMVA must be > 0, got ${baseMva}`);
  const n = buses.length;
  if (n === 0) throw new NetworkError('the network has no buses');
  const index = new Map<number, number>();
  const busNumber = new Int32Array(n);
  const busType = new Uint8Array(n);
  const pLoadPu = new Float64Array(n);
  const qLoadPu = new Float64Array(n);
  const pGenPu = new Float64Array(n);
  const qGenPu = new Float64Array(n);
  const gShuntPu = new Float64Array(n);
  const bShuntPu = new Float64Array(n);
  const vmInitPu = new Float64Array(n);
  const vaInitRad = new Float64Array(n);
  const baseKv = new Float64Array(n);
  buses.forEach((b, i) => {
    if (!Number.isInteger(b.number) || b.number <= 0)
      throw new NetworkError(`bus row ${i + 1}: bus number must be a positive integer, got ${b.number}`);
    if (index.has(b.number)) throw new NetworkError(`bus row ${i + 1}: duplicate bus number ${b.number}`);
    if (![1, 2, 3, 4].includes(b.type))
      throw new NetworkError(
        `bus ${b.number}: type must be 1 (PQ), 2 (PV), 3 (ref) or 4 (isolated), got ${b.type}`,
      );
    for (const [k, v] of Object.entries(b))
      if (typeof v === 'number' && !Number.isFinite(v))
        throw new NetworkError(`bus ${b.number}: field ${k} is not a finite number`);
    index.set(b.number, i);
    busNumber[i] = b.number;
    busType[i] = b.type;
    pLoadPu[i] = b.pdMw / baseMva;
    qLoadPu[i] = b.qdMvar / baseMva;
    gShuntPu[i] = (b.gsMw ?? 0) / baseMva;
    bShuntPu[i] = (b.bsMvar ?? 0) / baseMva;
    vmInitPu[i] = b.vmPu ?? 1;
    if (!(vmInitPu[i]! > 0)) vmInitPu[i] = 1; // MATPOWER flat-starts a zero magnitude too
    vaInitRad[i] = (b.vaDeg ?? 0) * DEG;
    baseKv[i] = b.baseKv ?? 0;
  });

  const hasGen = new Uint8Array(n);
  gens.forEach((g, k) => {
    const i = index.get(g.bus);
    if (i === undefined) throw new NetworkError(`gen row ${k + 1}: bus ${g.bus} does not exist`);
    if (g.inService === false) return;
    if (!Number.isFinite(g.pgMw) || !Number.isFinite(g.qgMvar ?? 0))
      throw new NetworkError(`gen row ${k + 1}: Pg/Qg must be finite numbers`);
    pGenPu[i]! += g.pgMw / baseMva;
    qGenPu[i]! += (g.qgMvar ?? 0) / baseMva;
    // MATPOWER (runpf.m): the voltage at a generator bus is the generator's Vg set point.
    if (!hasGen[i] && g.vgPu !== undefined && g.vgPu > 0 && busType[i] !== BusType.PQ) vmInitPu[i] = g.vgPu;
    hasGen[i] = 1;
  });
  let refCount = 0;
  for (let i = 0; i < n; i++) {
    // MATPOWER bustypes.m: a PV or reference bus with no in-service generator is treated as PQ.
    if (busType[i] === BusType.PV && !hasGen[i]) busType[i] = BusType.PQ;
    if (busType[i] === BusType.REF) {
      if (!hasGen[i])
        throw new NetworkError(`bus ${busNumber[i]}: reference bus has no in-service generator`);
      refCount++;
    }
  }
  if (refCount === 0) throw new NetworkError('no reference (type 3) bus');

  const m = branches.length;
  const fromBus = new Int32Array(m);
  const toBus = new Int32Array(m);
  const rPu = new Float64Array(m);
  const xPu = new Float64Array(m);
  const bPu = new Float64Array(m);
  const tap = new Float64Array(m);
  const shiftRad = new Float64Array(m);
  const inService = new Uint8Array(m);
  const rateAMva = new Float64Array(m);
  branches.forEach((br, k) => {
    const f = index.get(br.from);
    const t = index.get(br.to);
    const where = `branch row ${k + 1} (${br.from}→${br.to})`;
    if (f === undefined) throw new NetworkError(`${where}: from bus ${br.from} does not exist`);
    if (t === undefined) throw new NetworkError(`${where}: to bus ${br.to} does not exist`);
    if (f === t) throw new NetworkError(`${where}: both ends on the same bus`);
    for (const [key, v] of Object.entries(br))
      if (typeof v === 'number' && !Number.isFinite(v))
        throw new NetworkError(`${where}: field ${key} is not a finite number`);
    fromBus[k] = f;
    toBus[k] = t;
    rPu[k] = br.rPu;
    xPu[k] = br.xPu;
    bPu[k] = br.bPu ?? 0;
    tap[k] = br.ratio === undefined || br.ratio === 0 ? 1 : br.ratio;
    shiftRad[k] = (br.shiftDeg ?? 0) * DEG;
    inService[k] = br.inService === false ? 0 : 1;
    rateAMva[k] = br.rateAMva ?? 0;
    if (inService[k] && br.rPu === 0 && br.xPu === 0)
      throw new NetworkError(`${where}: zero impedance (r = x = 0) is not supported`);
    if (inService[k] && (busType[f] === BusType.ISOLATED || busType[t] === BusType.ISOLATED))
      throw new NetworkError(`${where}: in service but connects an isolated (type 4) bus`);
  });

  return {
    baseMva,
    busCount: n,
    busNumber,
    busType,
    pLoadPu,
    qLoadPu,
    pGenPu,
    qGenPu,
    gShuntPu,
    bShuntPu,
    vmInitPu,
    vaInitRad,
    baseKv,
    branchCount: m,
    fromBus,
    toBus,
    rPu,
    xPu,
    bPu,
    tap,
    shiftRad,
    inService,
    rateAMva,
  };
}

/**
 * Checks that every non-isolated bus reaches a reference bus through in-service branches (otherwise the power flow
 * is singular). Returns the external number of one stranded bus, or -1 when all are connected.
 */
export function findStrandedBus(net: PowerNetwork): number {
  const n = net.busCount;
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  for (let k = 0; k < net.branchCount; k++)
    if (net.inService[k]) parent[find(net.fromBus[k]!)] = find(net.toBus[k]!);
  const rooted = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (net.busType[i] === BusType.REF) rooted[find(i)] = 1;
  for (let i = 0; i < n; i++)
    if (net.busType[i] !== BusType.ISOLATED && !rooted[find(i)]) return net.busNumber[i]!;
  return -1;
}
