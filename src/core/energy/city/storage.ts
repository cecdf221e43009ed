/**
 * Battery storage physics per step: state of charge in MWh between SoC limits, the round-trip efficiency split as
 * √η per direction (charging stores P·√η·Δt, discharging P delivers P/√η·Δt from the cells), power limits.
 * docs/energy.md §4.
 */

/** Storage operating parameters. */
export interface StorageParams {
  /** SoC limits as shares of the energy capacity (LFP practice keeps 10–90 % to protect cycle life). */
  readonly socMin: number;
  readonly socMax: number;
  /**
   * AC round-trip efficiency: 0.85, the utility-scale Li-ion figure NREL uses (Cole & Ramasamy 2023, "Cost
   * Projections for Utility-Scale Battery Storage: 2023 Update", NREL/TP-6A40-85332).
   */
  readonly roundTripEfficiency: number;
  /** SoC at the start of a run, share of capacity. */
  readonly initialSoc: number;
}

/** Default storage parameters. */
export const DEFAULT_STORAGE: StorageParams = {
  socMin: 0.1,
  socMax: 0.9,
  roundTripEfficiency: 0.85,
  initialSoc: 0.5,
};

/** Largest discharge power (MW, at the AC terminals) for one step of dtH hours from `socMwh`. */
export function maxDischargeMw(
  socMwh: number,
  energyMwh: number,
  powerMw: number,
  dtH: number,
  p: StorageParams = DEFAULT_STORAGE,
): number {
  const eta = Math.sqrt(p.roundTripEfficiency);
  const avail = Math.max(0, socMwh - p.socMin * energyMwh);
  return Math.max(0, Math.min(powerMw, (avail * eta) / dtH));
}

/** Largest charge power (MW, at the AC terminals) for one step of dtH hours from `socMwh`. */
export function maxChargeMw(
  socMwh: number,
  energyMwh: number,
  powerMw: number,
  dtH: number,
  p: StorageParams = DEFAULT_STORAGE,
): number {
  const eta = Math.sqrt(p.roundTripEfficiency);
  const room = Math.max(0, p.socMax * energyMwh - socMwh);
  return Math.max(0, Math.min(powerMw, room / eta / dtH));
}

/**
 * The state of charge after one step with AC power `powerMw` (> 0 discharging, < 0 charging) for dtH hours:
 * E' = E − P/√η·Δt when discharging, E' = E + |P|·√η·Δt when charging, clamped to the SoC limits (callers keep P
 * within maxChargeMw / maxDischargeMw so the clamp only removes rounding).
 */
export function nextSocMwh(
  socMwh: number,
  powerMw: number,
  energyMwh: number,
  dtH: number,
  p: StorageParams = DEFAULT_STORAGE,
): number {
  const eta = Math.sqrt(p.roundTripEfficiency);
  const e = powerMw >= 0 ? socMwh - (powerMw / eta) * dtH : socMwh - powerMw * eta * dtH;
  return Math.min(p.socMax * energyMwh, Math.max(p.socMin * energyMwh, e));
}
