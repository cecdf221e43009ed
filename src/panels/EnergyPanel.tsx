/**
 * The energy panel (源网荷储): load now, renewable share now and today, carbon intensity now and today's emissions,
 * today's peak demand against the firm capacity, losses, curtailment and shortfalls; the real-time balance chart of
 * the last 24 simulated hours (EnergyBalanceChart); active alarms by severity (click: select the element and fly
 * there) and a log of raised/cleared alarms; the Tétouan replay state. Reads cold state from the store's energy slice
 * (one update per 5-minute dispatch step), never the hot energy buffers. Formulas: title tooltips, zh/en.
 */
import { appStore, useAppStore } from '../state/store.ts';
import { dict, type Dict } from '../app/i18n.ts';
import { fmt } from '../app/format.ts';
import { getModel } from '../app/sceneHolder.ts';
import { getGridModel } from '../app/gridHolder.ts';
import { requestFlyTo } from '../views/flyTo.ts';
import { energyAssetCount, energyAssetName } from '../core/energy/city/assetPosition.ts';
import type { CityGridModel } from '../core/energy/city/gridModel.ts';
import type { EnergyAlarm } from '../core/energy/city/energySim.ts';
import type { EnergyAlarmEvent, EnergyBalance } from '../core/energy/city/liveEnergy.ts';
import type { TetouanReplayState } from '../core/protocol/energyMessages.ts';
import type { CityModel } from '../core/scene/types.ts';
import { TETOUAN_UTC_OFFSET_MIN } from '../core/energy/city/tetouan.ts';
import { EnergyBalanceChart } from './EnergyBalanceChart.tsx';
import { Sparkline } from './Sparkline.tsx';
import { DEFAULT_UTC_OFFSET_MIN, clockHm } from './trafficFormat.ts';
import {
  alarmSelection,
  alarmValueText,
  dayClock,
  firmCapacity,
  percentOf,
  sortAlarms,
  todayStats,
  type TodayStats,
} from './energyFormat.ts';

/** Alarms listed before "and N more". */
const MAX_ALARMS_SHOWN = 8;
/** Log entries shown (newest first). */
const MAX_LOG_SHOWN = 6;
/** Steps in the load sparkline (2 hours of 5-minute steps). */
const TREND_POINTS = 24;

/** Selects the element an alarm names in both views and flies both cameras there; false when it names none. */
export function selectAlarm(a: EnergyAlarm): boolean {
  const sel = alarmSelection(a);
  if (sel === null) return false;
  appStore.getState().select({ kind: 'energy', asset: sel.asset, index: sel.index }, 'panel');
  requestFlyTo();
  return true;
}

/** The element an alarm names, or "system-wide". */
function alarmElementName(
  t: Dict,
  a: { kind: EnergyAlarm['kind']; index: number },
  city: CityModel,
  g: CityGridModel,
): string {
  const sel = alarmSelection({ ...a, value: 0, limit: 0 });
  if (sel === null || sel.index >= energyAssetCount(g, sel.asset)) return t.enpSystemWide;
  return energyAssetName(city, g, sel.asset, sel.index);
}

/** Headline: load now with its trend, renewable share, carbon. */
function Headline({
  b,
  today,
  history,
  t,
}: {
  b: EnergyBalance;
  today: TodayStats;
  history: readonly EnergyBalance[];
  t: Dict;
}) {
  const trend = history.slice(-TREND_POINTS).map((x) => x.loadMw);
  return (
    <div className="energy-headline">
      <div className="energy-load" title={t.enpLoadFormula}>
        <div className="energy-label">{t.enpLoadNow}</div>
        <div className="energy-load-row">
          <span className="energy-load-value" data-testid="energy-load-now" data-value={b.loadMw}>
            {fmt(b.loadMw, 0)}
          </span>
          <span className="tp-unit">MW</span>
        </div>
        <div className="energy-sub" data-testid="energy-served-today">
          {t.enpServedToday(fmt(today.servedMwh, 0))}
        </div>
      </div>
      <Sparkline
        values={trend}
        widthPixels={120}
        heightPixels={34}
        label={t.enpLoadTrend(trend.length)}
        testId="energy-load-trend"
      />
    </div>
  );
}

/** The KPI grid: renewable share, carbon, losses. */
function KpiGrid({ b, today, t }: { b: EnergyBalance; today: TodayStats; t: Dict }) {
  return (
    <dl className="tp-kpis energy-kpis">
      <div title={t.enpRenewableFormula} data-testid="energy-renewable">
        <dt>{t.enpRenewable}</dt>
        <dd>
          <span className="tp-num energy-re">{fmt(b.renewableShare * 100, 1)}</span>{' '}
          <span className="tp-unit energy-unit-inline">%</span>
          <span className="tp-unit" data-testid="energy-renewable-today">
            {t.enpToday} {fmt(today.renewableShare * 100, 1)} %
          </span>
        </dd>
      </div>
      <div title={t.enpCarbonFormula} data-testid="energy-carbon">
        <dt>{t.enpCarbon}</dt>
        <dd>
          <span className="tp-num">{fmt(b.carbonIntensityGPerKwh, 0)}</span>{' '}
          <span className="tp-unit energy-unit-inline">gCO₂/kWh</span>
          <span className="tp-unit" data-testid="energy-emissions-today">
            {t.enpToday} {fmt(today.emissionsT, 0)} tCO₂
          </span>
        </dd>
      </div>
      <div title={t.enpLossesFormula} data-testid="energy-losses">
        <dt>{t.enpLosses}</dt>
        <dd>
          <span className="tp-num">{fmt(b.lossesMw, 1)}</span>{' '}
          <span className="tp-unit energy-unit-inline">MW</span>
          <span className="tp-unit">{t.enpOfLoad(fmt(percentOf(b.lossesMw, b.loadMw), 1))}</span>
        </dd>
      </div>
    </dl>
  );
}

/** Today's peak demand as a bar against the firm capacity. */
function PeakBar({ today, g, t }: { today: TodayStats; g: CityGridModel; t: Dict }) {
  const firm = firmCapacity(g);
  const pct = percentOf(today.peakDemandMw, firm.totalMw);
  const level = pct >= 100 ? 'over' : pct >= 85 ? 'high' : 'ok';
  return (
    <div
      className="energy-peak"
      data-testid="energy-peak"
      data-peak={today.peakDemandMw}
      data-firm={firm.totalMw}
      title={t.enpPeakFormula(fmt(firm.importMw, 0), fmt(firm.thermalMw, 0), fmt(firm.storageMw, 0))}
    >
      <div className="energy-peak-text">
        <span>
          {t.enpPeakToday} <b>{fmt(today.peakDemandMw, 0)} MW</b> {t.enpAt(clockHm(today.peakTimeMs))}
        </span>
        <span>
          {t.enpFirm} {fmt(firm.totalMw, 0)} MW ·{' '}
          <b className={`energy-peak-pct ${level}`}>{fmt(pct, 0)} %</b>
        </span>
      </div>
      <div
        className="energy-bar"
        role="meter"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(pct)}
        aria-label={t.enpPeakToday}
      >
        <div
          className={`energy-bar-fill ${level}`}
          style={{ width: `${Math.min(100, Number.isFinite(pct) ? pct : 0)}%` }}
        />
      </div>
    </div>
  );
}

/** Curtailment, shed and unserved load when any is above zero. */
function Shortfalls({ b, t }: { b: EnergyBalance; t: Dict }) {
  const items: [string, number, string, string][] = [];
  if (b.curtailedMw > 0.005) items.push([t.enpCurtailed, b.curtailedMw, t.enpCurtailedTitle, 'curtailed']);
  if (b.shedMw > 0.005) items.push([t.enpShed, b.shedMw, t.enpShedTitle, 'shed']);
  if (b.unservedMw > 0.005) items.push([t.enpUnserved, b.unservedMw, t.enpUnservedTitle, 'unserved']);
  if (items.length === 0) return null;
  return (
    <div className="energy-shortfalls">
      {items.map(([label, mw, title, id]) => (
        <span key={id} className={`energy-chip energy-chip-${id}`} title={title} data-testid={`energy-${id}`}>
          {label} {fmt(mw, 1)} MW
        </span>
      ))}
    </div>
  );
}

/** Active alarms, most severe first; click selects the element. */
function Alarms({ t, city, g }: { t: Dict; city: CityModel; g: CityGridModel }) {
  const alarms = useAppStore((s) => s.energyAlarms);
  const sorted = sortAlarms(alarms);
  const shown = sorted.slice(0, MAX_ALARMS_SHOWN);
  return (
    <div className="tp-block">
      <h3 title={t.enpAlarmsTitle}>
        {t.enpAlarms} ({alarms.length})
      </h3>
      {alarms.length === 0 ? (
        <p className="muted energy-no-alarms">{t.enpNoAlarms}</p>
      ) : (
        <table className="tp-table energy-alarms" data-testid="energy-alarms">
          <tbody>
            {shown.map((a) => {
              const v = alarmValueText(a);
              const clickable = alarmSelection(a) !== null;
              const go = (): void => {
                selectAlarm(a);
              };
              return (
                <tr
                  key={`${a.kind}:${a.index}`}
                  className={clickable ? 'clickable' : ''}
                  data-testid="energy-alarm"
                  data-kind={a.kind}
                  data-index={a.index}
                  tabIndex={clickable ? 0 : -1}
                  title={clickable ? t.enpAlarmClick : undefined}
                  onClick={clickable ? go : undefined}
                  onKeyDown={(e) => {
                    if (clickable && (e.key === 'Enter' || e.key === ' ')) {
                      e.preventDefault();
                      go();
                    }
                  }}
                >
                  <td className="energy-alarm-kind">{t.energyAlarmKind(a.kind)}</td>
                  <td className="road">{alarmElementName(t, a, city, g)}</td>
                  <td className="num over">{v.value}</td>
                  <td className="num muted-num">{v.limit && `/ ${v.limit}`}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {sorted.length > shown.length && (
        <p className="muted small">{t.enpMoreAlarms(sorted.length - shown.length)}</p>
      )}
    </div>
  );
}

/** Recent raised and cleared alarms, newest first. */
function AlarmLog({
  t,
  city,
  g,
  todayStartMs,
}: {
  t: Dict;
  city: CityModel;
  g: CityGridModel;
  todayStartMs: number;
}) {
  const log = useAppStore((s) => s.energyAlarmLog);
  const offsetMin = city.meta.utcOffsetMin ?? DEFAULT_UTC_OFFSET_MIN;
  if (log.length === 0) return null;
  const recent: EnergyAlarmEvent[] = log.slice(-MAX_LOG_SHOWN).reverse();
  return (
    <div className="tp-block">
      <h3>{t.enpAlarmLog}</h3>
      <ul className="energy-log" data-testid="energy-alarm-log">
        {recent.map((e, i) => (
          <li key={`${e.simTimeMs}:${e.kind}:${e.index}:${i}`} className={e.raised ? 'raised' : 'cleared'}>
            <span className="energy-log-time">{dayClock(e.simTimeMs, todayStartMs, offsetMin)}</span>{' '}
            <span className="energy-log-what">{e.raised ? t.enpRaised : t.enpCleared}</span>{' '}
            {t.energyAlarmKind(e.kind)} · {alarmElementName(t, e, city, g)} · {alarmValueText(e).value}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The Tétouan replay: which feeders carry which zone, the file's row time (local 2017) and kW → MW. */
function Replay({ r, t, g }: { r: TetouanReplayState; t: Dict; g: CityGridModel }) {
  // The file's wall clock (tetouan.ts: Moroccan time, taken as UTC+0 all year), shown as the file writes it.
  const when = new Date(r.rowTimeMs + TETOUAN_UTC_OFFSET_MIN * 60_000)
    .toISOString()
    .slice(0, 16)
    .replace('T', ' ');
  return (
    <div className="tp-block energy-replay" data-testid="energy-replay" title={t.enpReplayTitle}>
      <h3>{t.enpReplay}</h3>
      <p className="energy-replay-when">{t.enpReplayRow(r.row + 1, when)}</p>
      <table className="tp-table">
        <thead>
          <tr>
            <th>{t.enpReplayZone}</th>
            <th>{t.enpFeeder}</th>
            <th className="num">kW</th>
            <th className="num">MW</th>
          </tr>
        </thead>
        <tbody>
          {r.feeders.map((f, k) => (
            <tr key={k}>
              <td>{t.enpZone(k + 1)}</td>
              <td className="road">{g.feederName[f] ?? `#${f}`}</td>
              <td className="num">{fmt(r.zoneKw[k] as number, 0)}</td>
              <td className="num">{fmt(r.feederMw[k] as number, 2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The energy panel. `variant`: 'full' (ops, wall, exec) or 'compact' (headline and KPIs only, for narrow docks).
 */
export function EnergyPanel({ variant = 'full' }: { variant?: 'full' | 'compact' }) {
  const counts = useAppStore((s) => s.energyCounts);
  const history = useAppStore((s) => s.energyHistory);
  const replay = useAppStore((s) => s.energyReplay);
  const live = useAppStore((s) => s.connection.phase === 'live');
  const lang = useAppStore((s) => s.lang);
  const version = useAppStore((s) => (s.sceneLoad.phase === 'ready' ? s.sceneLoad.version : 0));
  const city = version > 0 ? getModel() : null;
  const g = city ? getGridModel() : null;
  const t = dict(lang);
  const last = history[history.length - 1];
  const today = todayStats(history, city?.meta.utcOffsetMin ?? DEFAULT_UTC_OFFSET_MIN);
  let body;
  if (counts === null) {
    body = (
      <p className="muted tp-waiting" data-testid={live ? 'energy-no-model' : 'energy-waiting'}>
        {live ? t.enpNoModel : t.enpWaitingFeed}
      </p>
    );
  } else if (!last || !today || !city || !g) {
    body = (
      <p className="muted tp-waiting" data-testid="energy-waiting">
        {t.enpWaitingStep}
      </p>
    );
  } else {
    body = (
      <>
        <Headline b={last} today={today} history={history} t={t} />
        <KpiGrid b={last} today={today} t={t} />
        <PeakBar today={today} g={g} t={t} />
        <Shortfalls b={last} t={t} />
        {variant === 'full' && (
          <>
            <div className="tp-block">
              <h3 title={t.enpBalanceTitle}>{t.enpBalance}</h3>
              <EnergyBalanceChart history={history} t={t} />
            </div>
            <Alarms t={t} city={city} g={g} />
            <AlarmLog t={t} city={city} g={g} todayStartMs={today.dayStartMs} />
            {replay && <Replay r={replay} t={t} g={g} />}
          </>
        )}
      </>
    );
  }
  return (
    <section className={`panel energy-panel ${variant}`} data-testid="energy-panel">
      <header className="panel-head">
        <h2>{t.enpTitle}</h2>
        {last && (
          <span className="tp-asof" title={t.enpAsOfTitle}>
            {clockHm(last.simTimeMs)}
          </span>
        )}
      </header>
      {body}
    </section>
  );
}
