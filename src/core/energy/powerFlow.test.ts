/** Hand-checkable power-flow cases: every expected value is a closed form written out in the test. */
import { describe, expect, it } from 'vitest';
import { createNetwork, NetworkError } from './network.ts';
import type { BranchInput, BusInput, GenInput } from './network.ts';
import { PowerFlowError, chooseMethod, radialFeederFromNetwork, runPowerFlow } from './powerFlow.ts';
import { createSweepState, orderFromParents, solveSweep, sweepLosses } from './sweep.ts';

const RAD = 180 / Math.PI;
const slack = (vg = 1): GenInput => ({ bus: 1, pgMw: 0, vgPu: vg });

/** A source (bus 1) feeding a constant-power load P + jQ (MW, MVAr) at bus 2 over one branch. */
function twoBus(pMw: number, qMvar: number, br: Partial<BranchInput> = {}, vg = 1) {
  const buses: BusInput[] = [
    { number: 1, type: 3, pdMw: 0, qdMvar: 0 },
    { number: 2, type: 1, pdMw: pMw, qdMvar: qMvar },
  ];
  return createNetwork(10, buses, [{ from: 1, to: 2, rPu: 0.05, xPu: 0.1, ...br }], [slack(vg)]);
}

/**
 * Exact two-bus solution (the receiving-end quartic, e.g. Baran & Wu 1989 "Network reconfiguration in
 * distribution systems for loss reduction and load balancing", IEEE Trans. Power Delivery 4(2), eq. 2 with one
 * branch): V2⁴ − (Vs² − 2(Pr + Qx))·V2² + (P² + Q²)(r² + x²) = 0, δ2 = −atan2(Px − Qr, V2² + Pr + Qx),
 * loss = (P² + Q²)·r / V2².
 */
function exactTwoBus(vs: number, p: number, q: number, r: number, x: number) {
  const a = vs * vs - 2 * (p * r + q * x);
  const v2sq = a / 2 + Math.sqrt((a * a) / 4 - (p * p + q * q) * (r * r + x * x));
  return {
    vm: Math.sqrt(v2sq),
    vaRad: -Math.atan2(p * x - q * r, v2sq + p * r + q * x),
    lossPu: ((p * p + q * q) * r) / v2sq,
  };
}

describe('two-bus line: exact voltage drop', () => {
  // 5 MW + 2 MVAr on a 10 MVA base → P = 0.5, Q = 0.2 p.u.; z = 0.05 + j0.1 p.u.
  const exact = exactTwoBus(1, 0.5, 0.2, 0.05, 0.1);

  it('the closed form itself: |V2| = 0.9359… p.u. (sanity of the formula)', () => {
    // a = 1 − 2(0.025 + 0.02) = 0.91; V2² = 0.455 + √(0.207025 − 0.29·0.0125) = 0.455 + √0.203400 = 0.9059999…
    expect(exact.vm * exact.vm).toBeCloseTo(0.455 + Math.sqrt(0.2034), 12);
    expect(exact.vm).toBeCloseTo(0.95184, 5);
  });

  for (const method of ['nr', 'sweep'] as const) {
    it(`${method}: |V2|, angle and loss match the closed form to 1e-10`, () => {
      const r = runPowerFlow(twoBus(5, 2), { method, tolerancePu: 1e-12, maxIterations: 200 });
      expect(r.converged).toBe(true);
      expect(Math.abs(r.vmPu[1]! - exact.vm)).toBeLessThan(1e-10);
      expect(Math.abs(r.vaDeg[1]! / RAD - exact.vaRad)).toBeLessThan(1e-10);
      expect(Math.abs(r.lossMw - exact.lossPu * 10)).toBeLessThan(1e-9);
      // Sending end = load + loss; the source supplies it.
      expect(r.pFromMw[0]!).toBeCloseTo(5 + exact.lossPu * 10, 9);
      expect(r.pGenMw[0]!).toBeCloseTo(5 + exact.lossPu * 10, 9);
      expect(r.pToMw[0]!).toBeCloseTo(-5, 9);
      expect(r.qToMvar[0]!).toBeCloseTo(-2, 9);
      expect(r.minVmBus).toBe(2);
    });
  }

  it('auto picks the sweep for this radial feeder', () => {
    expect(chooseMethod(twoBus(5, 2))).toBe('sweep');
    expect(runPowerFlow(twoBus(5, 2), { method: 'auto' }).method).toBe('sweep');
  });

  it('a source set point of 1.05 p.u. scales the solution as the closed form says', () => {
    const e = exactTwoBus(1.05, 0.5, 0.2, 0.05, 0.1);
    for (const method of ['nr', 'sweep'] as const) {
      const r = runPowerFlow(twoBus(5, 2, {}, 1.05), { method, tolerancePu: 1e-12, maxIterations: 200 });
      expect(Math.abs(r.vmPu[1]! - e.vm)).toBeLessThan(1e-10);
    }
  });

  it('an off-nominal transformer (τ = 1.05) is a source of |V1|/τ behind the series impedance', () => {
    const e = exactTwoBus(1 / 1.05, 0.5, 0.2, 0.05, 0.1);
    for (const method of ['nr', 'sweep'] as const) {
      const r = runPowerFlow(twoBus(5, 2, { ratio: 1.05 }), {
        method,
        tolerancePu: 1e-12,
        maxIterations: 200,
      });
      expect(Math.abs(r.vmPu[1]! - e.vm)).toBeLessThan(1e-10);
      expect(Math.abs(r.lossMw - e.lossPu * 10)).toBeLessThan(1e-9);
    }
  });

  it('a 30° phase shifter rotates the receiving-end angle by −30° and changes nothing else', () => {
    for (const method of ['nr', 'sweep'] as const) {
      const r = runPowerFlow(twoBus(5, 2, { shiftDeg: 30 }), {
        method,
        tolerancePu: 1e-12,
        maxIterations: 200,
      });
      expect(Math.abs(r.vmPu[1]! - exact.vm)).toBeLessThan(1e-10);
      expect(Math.abs(r.vaDeg[1]! - (exact.vaRad * RAD - 30))).toBeLessThan(1e-8);
    }
  });

  it('line charging b: the receiving end sees a shunt j·b/2 that raises its voltage', () => {
    const nr = runPowerFlow(twoBus(5, 2, { bPu: 0.2 }), { method: 'nr', tolerancePu: 1e-12 });
    const sw = runPowerFlow(twoBus(5, 2, { bPu: 0.2 }), {
      method: 'sweep',
      tolerancePu: 1e-13,
      maxIterations: 200,
    });
    expect(nr.vmPu[1]!).toBeGreaterThan(exact.vm);
    // With b/2 = 0.1 at bus 2, the load seen by the series branch is P + j(Q − 0.1·V2²): solve that fixed point.
    let v = exact.vm;
    for (let k = 0; k < 100; k++) v = exactTwoBus(1, 0.5, 0.2 - 0.1 * v * v, 0.05, 0.1).vm;
    expect(Math.abs(nr.vmPu[1]! - v)).toBeLessThan(1e-10);
    expect(Math.abs(sw.vmPu[1]! - v)).toBeLessThan(1e-10);
  });

  it('DC with a 10° phase shifter: Pf = b·(θ1 − θ2 − θshift) → θ2 = −10° − P·x (MATPOWER makeBdc)', () => {
    const r = runPowerFlow(twoBus(5, 2, { shiftDeg: 10 }), { method: 'dc' });
    expect(r.vaDeg[1]!).toBeCloseTo(-10 - 0.05 * RAD, 12);
    expect(r.pFromMw[0]!).toBeCloseTo(5, 12);
  });

  it('DC: θ2 = −P·x (lossless, |V| = 1)', () => {
    const r = runPowerFlow(twoBus(5, 2), { method: 'dc' });
    expect(r.vaDeg[1]! / RAD).toBeCloseTo(-0.5 * 0.1, 14);
    expect(r.pFromMw[0]!).toBeCloseTo(5, 12);
    expect(r.lossMw).toBe(0);
  });
});

describe('meshed networks', () => {
  // Triangle 1–2–3 with x = 0.1 p.u. each (r = 0), 100 MW load at bus 3, slack at bus 1 (baseMVA 100).
  const tri = (): ReturnType<typeof createNetwork> =>
    createNetwork(
      100,
      [
        { number: 1, type: 3, pdMw: 0, qdMvar: 0 },
        { number: 2, type: 1, pdMw: 0, qdMvar: 0 },
        { number: 3, type: 1, pdMw: 100, qdMvar: 0 },
      ],
      [
        { from: 1, to: 2, rPu: 0, xPu: 0.1 },
        { from: 2, to: 3, rPu: 0, xPu: 0.1 },
        { from: 1, to: 3, rPu: 0, xPu: 0.1 },
      ],
      [slack()],
    );

  it('DC by hand: B = [[20, −10], [−10, 20]], P = [0, −1] → θ2 = −1/30, θ3 = −2/30 rad; flows 1/3 and 2/3', () => {
    const r = runPowerFlow(tri(), { method: 'dc' });
    expect(r.vaDeg[1]! / RAD).toBeCloseTo(-1 / 30, 14);
    expect(r.vaDeg[2]! / RAD).toBeCloseTo(-2 / 30, 14);
    expect(r.pFromMw[0]!).toBeCloseTo(100 / 3, 10);
    expect(r.pFromMw[2]!).toBeCloseTo(200 / 3, 10);
    expect(r.pGenMw[0]!).toBeCloseTo(100, 10);
  });

  it('auto picks NR for a meshed network; NR balances power (lossless lines: P_gen = P_load)', () => {
    expect(chooseMethod(tri())).toBe('nr');
    const r = runPowerFlow(tri(), { method: 'auto', tolerancePu: 1e-12 });
    expect(r.method).toBe('nr');
    expect(r.converged).toBe(true);
    expect(r.pGenMw[0]!).toBeCloseTo(100, 9);
    expect(Math.abs(r.lossMw)).toBeLessThan(1e-9);
    expect(radialFeederFromNetwork(tri())).toMatch(
      /3 in-service branches for 3 buses and 1 source\(s\): not radial/,
    );
  });

  it('an out-of-service branch is ignored (the triangle becomes a radial chain)', () => {
    const net = tri();
    net.inService[2] = 0;
    const r = runPowerFlow(net, { method: 'dc' });
    expect(r.vaDeg[2]! / RAD).toBeCloseTo(-0.2, 14);
    expect(r.pFromMw[2]!).toBe(0);
    expect(chooseMethod(net)).toBe('sweep');
  });

  it('a PV bus holds its voltage set point and its Q is solved', () => {
    const net = createNetwork(
      100,
      [
        { number: 1, type: 3, pdMw: 0, qdMvar: 0 },
        { number: 2, type: 2, pdMw: 0, qdMvar: 0 },
        { number: 3, type: 1, pdMw: 80, qdMvar: 30 },
      ],
      [
        { from: 1, to: 2, rPu: 0.01, xPu: 0.1 },
        { from: 2, to: 3, rPu: 0.01, xPu: 0.1 },
        { from: 1, to: 3, rPu: 0.01, xPu: 0.1 },
      ],
      [slack(1.02), { bus: 2, pgMw: 40, vgPu: 1.03 }],
    );
    const r = runPowerFlow(net, { method: 'nr', tolerancePu: 1e-12 });
    expect(r.converged).toBe(true);
    expect(r.vmPu[1]!).toBeCloseTo(1.03, 14);
    expect(r.vmPu[0]!).toBeCloseTo(1.02, 14);
    expect(r.pGenMw[1]!).toBe(40);
    // Power balance: generation = load + losses.
    expect(r.pGenMw[0]! + r.pGenMw[1]!).toBeCloseTo(80 + r.lossMw, 9);
    expect(chooseMethod(net)).toBe('nr');
    expect(() => runPowerFlow(net, { method: 'sweep' })).toThrow(/PV/);
  });
});

describe('feeder sets (one source per radial tree)', () => {
  /** Two copies of the two-bus feeder: buses 1→2 and 11→12, two reference buses. */
  const pair = (join: boolean) =>
    createNetwork(
      10,
      [
        { number: 1, type: 3, pdMw: 0, qdMvar: 0 },
        { number: 2, type: 1, pdMw: 5, qdMvar: 2 },
        { number: 11, type: 3, pdMw: 0, qdMvar: 0 },
        { number: 12, type: 1, pdMw: 5, qdMvar: 2 },
      ],
      [
        { from: 1, to: 2, rPu: 0.05, xPu: 0.1 },
        { from: 11, to: 12, rPu: 0.05, xPu: 0.1 },
        ...(join ? [{ from: 2, to: 12, rPu: 0.05, xPu: 0.1 }] : []),
      ],
      [slack(), { bus: 11, pgMw: 0, vgPu: 1 }],
    );

  it('a forest is solved by the sweep (auto) and each tree matches the closed form', () => {
    const e = exactTwoBus(1, 0.5, 0.2, 0.05, 0.1);
    const r = runPowerFlow(pair(false), { method: 'auto', tolerancePu: 1e-12, maxIterations: 100 });
    expect(r.method).toBe('sweep');
    expect(Math.abs(r.vmPu[1]! - e.vm)).toBeLessThan(1e-10);
    expect(Math.abs(r.vmPu[3]! - e.vm)).toBeLessThan(1e-10);
    expect(r.lossMw).toBeCloseTo(2 * e.lossPu * 10, 9);
  });

  it('two sources in one tree are not a radial feeder set (auto falls back to NR)', () => {
    expect(radialFeederFromNetwork(pair(true))).toMatch(
      /3 in-service branches for 4 buses and 2 source\(s\)/,
    );
    expect(chooseMethod(pair(true))).toBe('nr');
  });
});

describe('errors are reported, not crashes', () => {
  it('an island without a reference bus', () => {
    const net = createNetwork(
      10,
      [
        { number: 1, type: 3, pdMw: 0, qdMvar: 0 },
        { number: 2, type: 1, pdMw: 1, qdMvar: 0 },
        { number: 3, type: 1, pdMw: 1, qdMvar: 0 },
      ],
      [
        { from: 1, to: 2, rPu: 0.01, xPu: 0.02 },
        { from: 2, to: 3, rPu: 0.01, xPu: 0.02, inService: false },
      ],
      [slack()],
    );
    expect(() => runPowerFlow(net, { method: 'nr' })).toThrow(PowerFlowError);
    expect(() => runPowerFlow(net, { method: 'nr' })).toThrow(/bus 3 is not connected/);
  });

  it('bad records name the record and the field', () => {
    const bus = (n: number, type: 1 | 3): BusInput => ({ number: n, type, pdMw: 0, qdMvar: 0 });
    expect(() => createNetwork(10, [bus(1, 1)], [], [])).toThrow(/no reference/);
    expect(() => createNetwork(10, [bus(1, 3)], [], [])).toThrow(
      /bus 1: reference bus has no in-service generator/,
    );
    expect(() => createNetwork(10, [bus(1, 3), bus(1, 1)], [], [slack()])).toThrow(/duplicate bus number 1/);
    expect(() => createNetwork(10, [bus(1, 3)], [{ from: 1, to: 9, rPu: 0, xPu: 1 }], [slack()])).toThrow(
      /branch row 1 \(1→9\): to bus 9 does not exist/,
    );
    expect(() =>
      createNetwork(10, [bus(1, 3), bus(2, 1)], [{ from: 1, to: 2, rPu: 0, xPu: 0 }], [slack()]),
    ).toThrow(NetworkError);
  });

  it('an isolated (type 4) bus is left out: NR solves the rest, min voltage ignores it, the sweep declines', () => {
    const net = createNetwork(
      10,
      [
        { number: 1, type: 3, pdMw: 0, qdMvar: 0 },
        { number: 2, type: 1, pdMw: 5, qdMvar: 2 },
        { number: 3, type: 4, pdMw: 0, qdMvar: 0 },
      ],
      [
        { from: 1, to: 2, rPu: 0.05, xPu: 0.1 },
        { from: 2, to: 3, rPu: 0.05, xPu: 0.1, inService: false },
      ],
      [slack()],
    );
    expect(radialFeederFromNetwork(net)).toMatch(/bus 3 is isolated/);
    const r = runPowerFlow(net, { method: 'auto', tolerancePu: 1e-12 });
    expect(r.method).toBe('nr');
    expect(Math.abs(r.vmPu[1]! - exactTwoBus(1, 0.5, 0.2, 0.05, 0.1).vm)).toBeLessThan(1e-10);
    expect(r.vmPu[2]).toBe(0);
    expect(r.minVmBus).toBe(2);
  });

  it('non-convergence is reported (converged false), not thrown', () => {
    // 60 MW on a 10 MVA-base feeder with z = 0.05 + j0.1: beyond the nose of the PV curve — no solution exists.
    const r = runPowerFlow(twoBus(60, 20), { method: 'nr' });
    expect(r.converged).toBe(false);
    const s = runPowerFlow(twoBus(60, 20), { method: 'sweep' });
    expect(s.converged).toBe(false);
  });
});

describe('typed-array sweep API (for the city grid model)', () => {
  it('solves a forest of two feeders in place, warm-starts, and reports per-branch losses', () => {
    // Feeder A: 0 → 1 → 2; feeder B: 3 → 4 (two sources). Every branch z = 0.01 + j0.02 p.u.
    const parent = Int32Array.from([-1, 0, 1, -1, 3]);
    const n = parent.length;
    const f64 = (v = 0): Float64Array => new Float64Array(n).fill(v);
    const feeder = {
      busCount: n,
      parent,
      order: orderFromParents(parent),
      rPu: f64(0.01),
      xPu: f64(0.02),
      bHalfPu: f64(),
      tap: f64(1),
      shiftRad: f64(),
      pLoadPu: Float64Array.from([0, 0.2, 0.3, 0, 0.5]),
      qLoadPu: Float64Array.from([0, 0.1, 0.1, 0, 0.2]),
      gShuntPu: f64(),
      bShuntPu: f64(),
      rootVmPu: f64(1),
      rootVaRad: f64(),
    };
    const state = createSweepState(n);
    const first = solveSweep(feeder, state, { tolerancePu: 1e-12, maxIterations: 100 });
    expect(first.converged).toBe(true);
    // Feeder B is a two-bus case: the closed form applies.
    const e = exactTwoBus(1, 0.5, 0.2, 0.01, 0.02);
    expect(Math.abs(Math.hypot(state.vRe[4]!, state.vIm[4]!) - e.vm)).toBeLessThan(1e-11);
    const lossP = new Float64Array(n);
    const lossQ = new Float64Array(n);
    const tot = sweepLosses(feeder, state, lossP, lossQ);
    expect(Math.abs(lossP[4]! - e.lossPu)).toBeLessThan(1e-11);
    expect(lossP[0]).toBe(0);
    expect(tot.pPu).toBeCloseTo(lossP[1]! + lossP[2]! + lossP[4]!, 15);
    // Series loss Q = |J|²x = 2·P loss for x = 2r.
    expect(lossQ[4]! / lossP[4]!).toBeCloseTo(2, 9);
    // Warm start: re-solving the same loads converges in one sweep.
    const again = solveSweep(feeder, state, { tolerancePu: 1e-10, maxIterations: 100 });
    expect(again.iterations).toBe(1);
  });

  it('orderFromParents puts parents first and rejects a cycle', () => {
    const order = orderFromParents(Int32Array.from([2, -1, 1, 0]));
    const pos = new Map([...order].map((b, k) => [b, k]));
    expect(pos.get(1)! < pos.get(2)! && pos.get(2)! < pos.get(0)! && pos.get(0)! < pos.get(3)!).toBe(true);
    expect(() => orderFromParents(Int32Array.from([1, 0, -1]))).toThrow(/cycle/);
  });
});
