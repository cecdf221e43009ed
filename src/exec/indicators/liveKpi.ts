/**
 * The bridge from the indicator system's `<domain>.<kpiId>` references to the domain plugins' live KPIs
 * (src/domains/registry.ts): read a value from the store, or say that a KPI is not registered (yet).
 */
import { DOMAINS } from '../../domains/registry.ts';
import type { LiveKpiDef } from '../../domains/types.ts';
import type { AppState } from '../../state/store.ts';

/** The live KPI definition of `<domain>.<kpiId>`, or undefined when no domain registers it. */
export function findLiveKpi(key: string): LiveKpiDef | undefined {
  const dot = key.indexOf('.');
  if (dot < 0) return undefined;
  const domain = DOMAINS.find((d) => d.id === key.slice(0, dot));
  const id = key.slice(dot + 1);
  return domain?.kpis.find((k) => k.id === id);
}

/** The live value of `<domain>.<kpiId>` now; null when unknown, unregistered or not finite. */
export function readLiveKpi(state: AppState, key: string): number | null {
  const def = findLiveKpi(key);
  if (!def) return null;
  let v: number | null;
  try {
    v = def.read(state);
  } catch {
    // A plugin's read must never take the panel down; a throwing read is "no data".
    return null;
  }
  return v !== null && Number.isFinite(v) ? v : null;
}
