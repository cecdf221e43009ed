/**
 * The BPR link performance function and the scalar measures of an assignment built on it.
 *   t(v) = t0 · (1 + α · (v / c)^β)                     (Bureau of Public Roads 1964, "Traffic Assignment Manual")
 *   ∫0^v t(x) dx = t0 · v · (1 + α/(β+1) · (v / c)^β)   (its antiderivative; Sheffi 1985, "Urban Transportation
 *                                                        Networks", §5.1)
 *   t'(v) = t0 · α · β · (v / c)^(β−1) / c
 * β = 4, α = 0.15 are the BPR defaults; β = 4 is special-cased (two multiplications instead of Math.pow) because it is
 * by far the most common and the assignment evaluates these functions millions of times.
 * Times are in the network's unit (minutes for TNTP), flows and capacities in the demand's unit.
 */
import type { AssignmentNetwork } from './types.ts';

/** (v / c)^β, with the common β = 4 and β = 1 computed without Math.pow. */
function ratioPow(ratio: number, beta: number): number {
  if (beta === 4) {
    const r2 = ratio * ratio;
    return r2 * r2;
  }
  if (beta === 1) return ratio;
  if (beta === 0) return 1;
  return Math.pow(ratio, beta);
}

/** BPR travel time t0 · (1 + α (v/c)^β) of one link at flow v (time unit of t0). */
export function bprTime(t0: number, alpha: number, beta: number, capacity: number, flow: number): number {
  return t0 * (1 + alpha * ratioPow(flow / capacity, beta));
}

/** Derivative dt/dv of the BPR time at flow v (time per unit of flow); 0 at v = 0 when β > 1. */
export function bprDerivative(
  t0: number,
  alpha: number,
  beta: number,
  capacity: number,
  flow: number,
): number {
  if (beta === 0 || alpha === 0) return 0;
  const ratio = flow / capacity;
  const p = beta === 4 ? ratio * ratio * ratio : beta === 1 ? 1 : Math.pow(ratio, beta - 1);
  return (t0 * alpha * beta * p) / capacity;
}

/** ∫0^v t(x) dx of the BPR function: the link's term of the Beckmann objective (time × flow). */
export function bprIntegral(t0: number, alpha: number, beta: number, capacity: number, flow: number): number {
  return t0 * flow * (1 + (alpha / (beta + 1)) * ratioPow(flow / capacity, beta));
}

/** Fills `out` with the BPR time of every link at `flow` (closed links keep their free-flow time). */
export function linkTimes(net: AssignmentNetwork, flow: Float64Array, out: Float64Array): Float64Array {
  const { freeFlowTime, alpha, beta, capacity } = net;
  for (let l = 0; l < net.linkCount; l++) {
    out[l] = bprTime(
      freeFlowTime[l] as number,
      alpha[l] as number,
      beta[l] as number,
      capacity[l] as number,
      flow[l] as number,
    );
  }
  return out;
}

/**
 * Beckmann objective Σ_a ∫0^v_a t_a(x) dx (Beckmann, McGuire & Winsten 1956, "Studies in the Economics of
 * Transportation"): the function user equilibrium minimises. Unit: time × flow (e.g. trip-minutes).
 */
export function beckmannObjective(net: AssignmentNetwork, flow: Float64Array): number {
  const { freeFlowTime, alpha, beta, capacity } = net;
  let z = 0;
  for (let l = 0; l < net.linkCount; l++) {
    const v = flow[l] as number;
    if (v > 0)
      z += bprIntegral(
        freeFlowTime[l] as number,
        alpha[l] as number,
        beta[l] as number,
        capacity[l] as number,
        v,
      );
  }
  return z;
}

/** Total system travel time Σ_a v_a · t_a (time × flow). */
export function totalSystemTravelTime(flow: Float64Array, time: Float64Array, linkCount: number): number {
  let s = 0;
  for (let l = 0; l < linkCount; l++) s += (flow[l] as number) * (time[l] as number);
  return s;
}

/**
 * Relative gap (TSTT − SPTT) / TSTT, SPTT = Σ_od demand × shortest path time at the same flows (Boyce,
 * Ralevic-Dekic & Bar-Gera 2004, "Convergence of traffic assignments: how much is enough?", J. Transp. Eng. 130(1)).
 * 0 when TSTT is 0 (no flow).
 */
export function relativeGap(tstt: number, sptt: number): number {
  return tstt > 0 ? (tstt - sptt) / tstt : 0;
}
