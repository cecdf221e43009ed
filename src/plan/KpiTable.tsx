/**
 * The KPI delta table of a scenario run: every KPI of every domain (DOMAINS order, one group per domain) with
 * baseline, scenario, Δ, Δ% (coloured by the KPI's better direction), the unit and the basis (how the number was
 * formed). Raw values ride on data attributes so tests and the export compare exact numbers, not rounded text.
 */
import type { ScenarioKpi } from '../core/scenario/types.ts';
import { DOMAINS } from '../domains/registry.ts';
import { dict } from '../app/i18n.ts';
import { fmt } from '../app/format.ts';
import { useAppStore } from '../state/store.ts';
import { displayDigits, kpiDelta, kpiKey, kpiVerdict } from './report.ts';

/** A value with digits for its magnitude ('—' when missing). */
export function showNum(v: number, digits = displayDigits(v)): string {
  return Number.isFinite(v) ? fmt(v, digits) : '—';
}

/** A signed change ('+1.2', '−0.3', '0'; '—' when missing). */
export function showSigned(v: number, digits: number): string {
  if (!Number.isFinite(v)) return '—';
  const r = Number(v.toFixed(digits));
  return r > 0 ? `+${fmt(r, digits)}` : r < 0 ? `−${fmt(-r, digits)}` : '0';
}

/** The table. `changed` marks KPIs that differ from a saved run (the re-run check). */
export function KpiTable({ kpis, changed }: { kpis: readonly ScenarioKpi[]; changed?: ReadonlySet<string> }) {
  const lang = useAppStore((s) => s.lang);
  const t = dict(lang);
  return (
    <table className="pl-table" data-testid="pl-kpi-table">
      <thead>
        <tr>
          <th>{t.plColKpi}</th>
          <th className="num">{t.plBaseline}</th>
          <th className="num">{t.plScenario}</th>
          <th className="num">Δ</th>
          <th className="num">Δ%</th>
          <th>{t.plColUnit}</th>
          <th>{t.plColBasis}</th>
        </tr>
      </thead>
      {DOMAINS.map((d) => {
        const rows = kpis.filter((k) => k.domain === d.id);
        return (
          <tbody key={d.id} data-testid={`pl-kpi-group-${d.id}`} data-count={rows.length}>
            <tr className="pl-group">
              <th colSpan={7}>{d.name[lang]}</th>
            </tr>
            {rows.length === 0 && (
              <tr>
                <td colSpan={7} className="muted">
                  {t.plNoKpis}
                </td>
              </tr>
            )}
            {rows.map((k) => {
              const { delta, deltaPct } = kpiDelta(k);
              const digits = Math.max(displayDigits(k.baseline), displayDigits(k.scenario));
              const verdict = kpiVerdict(k);
              const key = kpiKey(k);
              return (
                <tr
                  key={key}
                  className={`pl-row v-${verdict}${changed?.has(key) ? ' changed' : ''}`}
                  data-testid="pl-kpi-row"
                  data-key={key}
                  data-baseline={String(k.baseline)}
                  data-scenario={String(k.scenario)}
                  data-verdict={verdict}
                  title={t.plBetterTip(k.better)}
                >
                  <td>{k.label[lang]}</td>
                  <td className="num">{showNum(k.baseline, digits)}</td>
                  <td className="num">{showNum(k.scenario, digits)}</td>
                  <td className="num delta">{showSigned(delta, digits)}</td>
                  <td className="num delta">{showSigned(deltaPct, 1)}</td>
                  <td className="unit">{k.unit || t.plUnitless}</td>
                  <td className="basis">{k.basis[lang]}</td>
                </tr>
              );
            })}
          </tbody>
        );
      })}
    </table>
  );
}
