/**
 * The resilience panel (韧性城市, issue 5): the active hazards with their alert level in its warning-signal colour, the
 * lifecycle phase as a step bar, who is notified and the headline number, with Acknowledge (and Cancel for operators);
 * exposure per hazard (people, buildings, critical assets by kind and severity, top districts); lifeline service levels
 * now and their recovery curves; the hazard summaries (flood with its water balance, earthquake damage, heat, fire
 * access, shelters, the power outage); the cascade timeline (newest first, grouped by hazard, each step with its
 * causes; click → select and fly there); and, with `controls`, the operator's scenario triggers. Reads the store's
 * hazard slice (one update per simulated minute) and, for the flood's extent, the hot flood grid when it re-renders.
 */
import { Fragment, useMemo, useState, type KeyboardEvent } from 'react';
import { appStore, useAppStore } from '../state/store.ts';
import { dict, pickName, type Dict } from '../app/i18n.ts';
import { fmt } from '../app/format.ts';
import { getModel } from '../app/sceneHolder.ts';
import type { Lang } from '../state/uiSlice.ts';
import { requestFlyTo } from '../views/flyTo.ts';
import { hotHazard } from '../feed/hotHazard.ts';
import { sendHazardCommand } from '../feed/hazards.ts';
import { criticalAssets } from '../core/hazards/exposure.ts';
import {
  CRITICAL_KINDS,
  HAZARD_PHASES,
  type ActiveHazard,
  type CascadeNode,
  type CascadeSystem,
  type CriticalAsset,
  type ExposureSummary,
  type FireSummary,
  type FloodBalance,
  type HeatSummary,
  type OutageState,
  type QuakeSummary,
  type RescueAssignment,
  type ShelterState,
} from '../core/hazards/types.ts';
import type { CityModel } from '../core/scene/types.ts';
import { clockHm, zoneName } from './trafficFormat.ts';
import { LifelineChart, LIFELINES, lifelineLabel } from './resilienceLifelineChart.tsx';
import { ResilienceControls } from './resilienceControls.tsx';
import {
  ALERT_COLOURS,
  activeHazards,
  alertTextColour,
  assetTally,
  balanceTerms,
  cascadeTimeline,
  districtsByLevel,
  peopleText,
  phaseIndex,
  severityClass,
  sortHazards,
  topDistricts,
  wetAreaKm2,
} from './resilienceFormat.ts';
import '../../assets/resilience.css';

/** Cascade steps rendered at most (the rest are counted in a "N more" line). */
const MAX_CASCADE_ROWS = 60;
/** Districts listed per hazard. */
const TOP_DISTRICTS = 3;
/** Shelters listed (fullest first). */
const MAX_SHELTERS_SHOWN = 5;
/** Rescue assignments listed (the rest are counted). */
const MAX_RESCUE_SHOWN = 12;

/** Critical assets of a scene, computed once per model (exposure indices point into this list). */
const assetCache = new WeakMap<CityModel, CriticalAsset[]>();
function assetsOf(model: CityModel): CriticalAsset[] {
  let a = assetCache.get(model);
  if (a === undefined) assetCache.set(model, (a = criticalAssets(model)));
  return a;
}

/** A value with as many decimals as its size needs (0.42, 12.3, 1,234). */
function smart(v: number): string {
  const a = Math.abs(v);
  return fmt(v, a < 10 ? 2 : a < 100 ? 1 : 0);
}

/** Selects a hazard or cascade step and asks both views to fly there. */
function selectAndFly(sel: { kind: 'hazard' | 'cascade'; id: string }): void {
  appStore.getState().select(sel, 'panel');
  requestFlyTo();
}

/** Enter / Space activate a focusable row. */
function onActivate(go: () => void) {
  return (e: KeyboardEvent): void => {
    if (e.target !== e.currentTarget) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      go();
    }
  };
}

/** The alert chip in the level's colour. */
export function AlertChip({ level, t }: { level: ActiveHazard['alertLevel']; t: Dict }) {
  return (
    <span
      className="rp-chip"
      data-testid="rp-alert-chip"
      data-level={level}
      style={{ background: ALERT_COLOURS[level], color: alertTextColour(level) }}
    >
      {t.hzAlert(level)}
    </span>
  );
}

/** warning → response → recovery → over, the current phase highlighted. */
function PhaseBar({ phase, t }: { phase: ActiveHazard['phase']; t: Dict }) {
  const k = phaseIndex(phase);
  return (
    <ol className="rp-phases" aria-label={t.rpPhaseSteps} data-testid="rp-phase" data-phase={phase}>
      {HAZARD_PHASES.map((p, i) => (
        <li
          key={p}
          className={i < k ? 'done' : i === k ? 'current' : ''}
          aria-current={i === k ? 'step' : undefined}
        >
          {t.hzPhase(p)}
        </li>
      ))}
    </ol>
  );
}

/** One hazard: chip, kind, label, phase, headline, since / notified, acknowledge and cancel. */
function HazardCard({
  h,
  t,
  lang,
  selected,
  controls,
}: {
  h: ActiveHazard;
  t: Dict;
  lang: Lang;
  selected: boolean;
  controls: boolean;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const over = h.phase === 'over';
  const send = (op: 'acknowledge' | 'cancel'): void => {
    setBusy(true);
    setError(null);
    const cmd = op === 'acknowledge' ? { op, id: h.id, operator: 'console' } : ({ op, id: h.id } as const);
    sendHazardCommand(cmd).then(
      (a) => {
        setBusy(false);
        if (!a.ok) setError(op === 'acknowledge' ? t.rpAckRefused(a.reason) : t.rpCancelRefused(a.reason));
      },
      (err: unknown) => {
        setBusy(false);
        setError(t.rpFailed(err instanceof Error ? err.message : String(err)));
      },
    );
  };
  const go = (): void => selectAndFly({ kind: 'hazard', id: h.id });
  return (
    <li
      className={`rp-hazard${over ? ' over' : ''}${selected ? ' selected' : ''}`}
      data-testid="rp-hazard"
      data-id={h.id}
      data-level={h.alertLevel}
      data-phase={h.phase}
      data-acknowledged={h.acknowledged}
      style={{ borderLeftColor: ALERT_COLOURS[h.alertLevel] }}
      tabIndex={0}
      title={t.rpSelectHazardTitle}
      onClick={go}
      onKeyDown={onActivate(go)}
    >
      <div className="rp-hz-top">
        <AlertChip level={h.alertLevel} t={t} />
        <span className="rp-hz-kind">{t.hzKind(h.kind)}</span>
        <span className="rp-hz-id">{h.id}</span>
      </div>
      <div className="rp-hz-label">{h.label[lang]}</div>
      <PhaseBar phase={h.phase} t={t} />
      <div className="rp-hz-headline" data-testid="rp-headline">
        <span className="rp-hz-hl-label">{h.headline.label[lang]}</span>{' '}
        <b className="rp-hz-hl-value">{smart(h.headline.value)}</b>{' '}
        <span className="tp-unit">{h.headline.unit}</span>
      </div>
      <div className="rp-hz-meta">
        <span>{t.rpSince(clockHm(h.alertSinceMs))}</span>
        <span className="muted"> · {t.rpTriggeredAt(clockHm(h.triggeredMs))}</span>
      </div>
      <div className="rp-hz-notified" data-testid="rp-notified">
        {t.rpNotified}:{' '}
        {h.notified.length > 0
          ? h.notified.map((n) => n[lang]).join(lang === 'zh' ? '、' : ', ')
          : t.rpNobodyNotified}
      </div>
      {!over && (
        <div className="rp-hz-actions">
          {h.acknowledged ? (
            <span className="rp-acked" data-testid="rp-acked">
              ✓ {t.rpAcked}
            </span>
          ) : (
            h.alertLevel > 0 && (
              <button
                type="button"
                className="btn primary"
                data-testid="rp-ack"
                disabled={busy}
                title={t.rpAckTitle}
                onClick={(e) => {
                  e.stopPropagation();
                  send('acknowledge');
                }}
              >
                {busy ? t.rpSending : t.rpAck}
              </button>
            )
          )}
          {controls && (
            <button
              type="button"
              className="btn rp-cancel"
              data-testid="rp-cancel"
              disabled={busy}
              title={t.rpCancelTitle}
              onClick={(e) => {
                e.stopPropagation();
                send('cancel');
              }}
            >
              {t.rpCancel}
            </button>
          )}
        </div>
      )}
      {error !== null && (
        <p className="rp-status refused" role="alert" data-testid="rp-hazard-error">
          {error}
        </p>
      )}
    </li>
  );
}

/** Exposure of one hazard: people, buildings, critical assets by kind × severity, top districts. */
function Exposure({
  e,
  h,
  t,
  lang,
  model,
}: {
  e: ExposureSummary;
  h: ActiveHazard;
  t: Dict;
  lang: Lang;
  model: CityModel;
}) {
  const assets = assetsOf(model);
  const tally = assetTally(e, (i) => assets[i]?.kind).sort(
    (a, b) => CRITICAL_KINDS.indexOf(a.kind) - CRITICAL_KINDS.indexOf(b.kind),
  );
  const districts = topDistricts(e, TOP_DISTRICTS);
  return (
    <div
      className="rp-exposure"
      data-testid="rp-exposure"
      data-hazard={e.hazardId}
      data-people={e.people}
      data-buildings={e.buildings}
    >
      <div className="rp-sub-head">
        {t.hzKind(h.kind)} <span className="rp-hz-id">{h.id}</span>
      </div>
      <div className="rp-bignums">
        <div title={t.rpPeopleTitle}>
          <span className="rp-big" data-testid="rp-exposed-people">
            {peopleText(e.people, lang)}
          </span>{' '}
          <span className="tp-unit">{t.rpPeopleUnit}</span>
        </div>
        <div>
          <span className="rp-big" data-testid="rp-exposed-buildings">
            {fmt(e.buildings, 0)}
          </span>{' '}
          <span className="tp-unit">{t.rpBuildingsUnit}</span>
        </div>
      </div>
      {tally.length === 0 ? (
        <p className="muted small">{t.rpNoCriticalAssets}</p>
      ) : (
        <table className="tp-table rp-assets" data-testid="rp-assets">
          <thead>
            <tr>
              <th>{t.rpCriticalAssets}</th>
              {([1, 2, 3] as const).map((s) => (
                <th key={s} className={`num ${severityClass(s)}`}>
                  {t.hzSeverity(s)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {tally.map((r) => (
              <tr key={r.kind} data-kind={r.kind}>
                <td>{t.hzCritical(r.kind)}</td>
                {r.bySeverity.map((n, i) => (
                  <td key={i} className={`num ${n > 0 ? severityClass((i + 1) as 1 | 2 | 3) : 'muted-num'}`}>
                    {n}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {districts.length > 0 && (
        <div className="rp-districts">
          <span className="muted small">{t.rpTopDistricts}:</span>{' '}
          {districts.map((d, i) => (
            <span key={d.zone} className="rp-district">
              {i > 0 && ' · '}
              {zoneName(model, d.zone, lang)} {peopleText(d.people, lang)} {t.rpPeopleUnit}
            </span>
          ))}
        </div>
      )}
    </div>
  );
}

/** Lifelines now (big numbers) and their recovery curves. */
function Lifelines({ t, compact }: { t: Dict; compact: boolean }) {
  const history = useAppStore((s) => s.hzLifelines);
  const last = history[history.length - 1];
  if (!last) return null;
  return (
    <div className="tp-block rp-lifelines" data-testid="rp-lifelines">
      <h3 title={t.rpLifelinesTitle}>{t.rpLifelines}</h3>
      <div className="rp-ll-now">
        {LIFELINES.map((l) => {
          const v = last[l.field];
          const cls = v >= 99.5 ? 'ok' : v >= 80 ? 'degraded' : 'bad';
          return (
            <div
              key={l.key}
              className={`rp-ll-cell rp-ll-${l.key}`}
              data-testid={`rp-lifeline-${l.key}`}
              data-value={v}
            >
              <div className="rp-ll-name">{lifelineLabel(t, l.key)}</div>
              <div className={`rp-ll-value ${cls}`}>
                {fmt(v, 1)}
                <span className="tp-unit"> %</span>
              </div>
            </div>
          );
        })}
      </div>
      {!compact && <LifelineChart history={history} t={t} />}
    </div>
  );
}

/** Flood: max depth and wet area from the hot grid, and the water balance. */
function FloodSummary({ b, t }: { b: FloodBalance; t: Dict }) {
  const hasGrid = hotHazard.nx > 0;
  return (
    <div className="tp-block rp-summary" data-testid="rp-flood">
      <h3>{t.rpFlood}</h3>
      {hasGrid && (
        <dl className="tp-kpis rp-kpis">
          <div>
            <dt>{t.rpMaxDepth}</dt>
            <dd>
              <span className="tp-num" data-testid="rp-flood-max">
                {fmt(hotHazard.maxNowM, 2)}
              </span>{' '}
              <span className="tp-unit">m</span>
            </dd>
          </div>
          <div>
            <dt>{t.rpWetArea}</dt>
            <dd>
              <span className="tp-num">{fmt(wetAreaKm2(hotHazard.wetCells, hotHazard.cellM), 3)}</span>{' '}
              <span className="tp-unit">km²</span>
            </dd>
          </div>
        </dl>
      )}
      <div
        className="rp-balance"
        data-testid="rp-balance"
        title={t.rpBalanceTitle}
        data-residual-pct={b.residualPct}
      >
        <span className="muted small">{t.rpBalance} (m³):</span>{' '}
        {balanceTerms(b).map((x, i) => (
          <span key={x.key} className="rp-bal-term">
            {i === 1 ? ' = ' : i > 1 ? ' + ' : ''}
            {balanceLabel(t, x.key)} <b>{fmt(x.m3, 0)}</b>
            {i > 0 && <span className="muted small"> ({fmt(x.pct, 1)} %)</span>}
          </span>
        ))}
        <span className="rp-bal-term">
          {' '}
          + {t.rpResidual} <b>{fmt(b.residualM3, 1)}</b>{' '}
          <span className={Math.abs(b.residualPct) <= 0.1 ? 'rp-ok' : 'rp-bad'}>
            ({fmt(b.residualPct, 3)} %)
          </span>
        </span>
      </div>
    </div>
  );
}

function balanceLabel(t: Dict, k: ReturnType<typeof balanceTerms>[number]['key']): string {
  switch (k) {
    case 'rain':
      return t.rpRain;
    case 'infiltrated':
      return t.rpInfiltrated;
    case 'drained':
      return t.rpDrained;
    case 'stored':
      return t.rpStored;
    case 'out':
      return t.rpOut;
    default: {
      const never: never = k;
      return String(never);
    }
  }
}

/** Earthquake: max PGA, damage states, displaced, casualties by severity, shelter demand. */
function QuakeSummaryView({ q, t }: { q: QuakeSummary; t: Dict }) {
  return (
    <div className="tp-block rp-summary" data-testid="rp-quake">
      <h3>
        {t.rpQuake} · {t.rpMaxPga} {fmt(q.maxPgaG, 2)} g
      </h3>
      <div className="muted small">{t.rpDamageStates}</div>
      <div className="rp-ds">
        {q.damageStates.map((n, i) => (
          <span key={i} className={`rp-ds-cell ds-${i}`}>
            {t.hzDamageState(i)} <b>{fmt(n, 0)}</b>
          </span>
        ))}
      </div>
      <dl className="tp-kpis rp-kpis">
        <div>
          <dt>{t.rpDisplaced}</dt>
          <dd>
            <span className="tp-num">{fmt(q.displacedPeople, 0)}</span>{' '}
            <span className="tp-unit">{t.rpPeopleUnit}</span>
          </dd>
        </div>
        <div>
          <dt>{t.rpShelterDemand}</dt>
          <dd>
            <span className="tp-num">{fmt(q.shelterDemand, 0)}</span>{' '}
            <span className="tp-unit">{t.rpPeopleUnit}</span>
          </dd>
        </div>
      </dl>
      <div className="muted small">{t.rpCasualties}</div>
      <div className="rp-ds">
        {q.casualties.map((n, i) => (
          <span key={i} className={`rp-ds-cell cas-${i + 1}`}>
            {t.rpCasualty(i + 1)} <b>{fmt(n, 1)}</b> {t.rpPeopleUnit}
          </span>
        ))}
      </div>
    </div>
  );
}

/** Heat: heat index, air temperature and humidity, districts per level, extra load. */
function HeatSummaryView({ h, t }: { h: HeatSummary; t: Dict }) {
  const levels = districtsByLevel(h);
  return (
    <div className="tp-block rp-summary" data-testid="rp-heat">
      <h3>{t.rpHeat}</h3>
      <dl className="tp-kpis rp-kpis">
        <div>
          <dt>{t.rpHeatIndex}</dt>
          <dd>
            <span className="tp-num">{fmt(h.heatIndexC, 1)}</span> <span className="tp-unit">°C</span>
            <span className="tp-unit rp-note">{t.rpAirTemp(fmt(h.tempC, 1), fmt(h.humidityPct, 0))}</span>
          </dd>
        </div>
        <div>
          <dt>{t.rpLoadIncrease}</dt>
          <dd>
            <span className="tp-num">{fmt(h.loadIncreaseMw, 1)}</span> <span className="tp-unit">MW</span>
          </dd>
        </div>
      </dl>
      <div className="muted small">{t.rpDistrictsByLevel}</div>
      <div className="rp-ds">
        {levels.map((n, i) => (
          <span key={i} className="rp-ds-cell">
            <AlertChip level={(i + 1) as 1 | 2 | 3 | 4} t={t} /> <b>{n}</b>
          </span>
        ))}
      </div>
    </div>
  );
}

/** Fire: spread risk, buildings at risk, responding station and its travel time against the standard. */
function FireSummaryView({ f, t, lang, model }: { f: FireSummary; t: Dict; lang: Lang; model: CityModel }) {
  const within = f.travelTimeS <= f.standardS;
  const station = pickName(model.pois.names.get(f.station), lang) ?? `#${f.station}`;
  return (
    <div className="tp-block rp-summary" data-testid="rp-fire">
      <h3>
        {t.rpFire} · {t.rpBuildingN(f.building)}
      </h3>
      <dl className="tp-kpis rp-kpis">
        <div>
          <dt>{t.rpSpreadRisk}</dt>
          <dd>
            <span className={`tp-num ${severityClass(f.spreadRisk)}`}>{t.rpRiskLevel(f.spreadRisk)}</span>
            <span className="tp-unit rp-note">
              {t.rpAtRisk(f.buildingsAtRisk.length, fmt(f.spreadRadiusM, 0))}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t.rpTravelTime}</dt>
          <dd>
            <span className={`tp-num ${within ? 'rp-ok' : 'rp-bad'}`}>{fmt(f.travelTimeS / 60, 1)}</span>{' '}
            <span className="tp-unit">min</span>
            <span className="tp-unit rp-note">
              {t.rpStandard(fmt(f.standardS / 60, 0))} · {within ? t.rpWithinStandard : t.rpOverStandard} ·{' '}
              {t.rpStation} {station}
            </span>
          </dd>
        </div>
      </dl>
    </div>
  );
}

/** Shelters: open / total, occupancy / capacity, the fullest open ones. */
function SheltersView({
  s,
  t,
  lang,
  model,
}: {
  s: readonly ShelterState[];
  t: Dict;
  lang: Lang;
  model: CityModel;
}) {
  const open = s.filter((x) => x.open);
  if (open.length === 0) return null;
  let occ = 0;
  let cap = 0;
  for (const x of open) {
    occ += x.occupants;
    cap += x.capacity;
  }
  const fullest = open
    .slice()
    .sort((a, b) => b.occupants / Math.max(1, b.capacity) - a.occupants / Math.max(1, a.capacity))
    .slice(0, MAX_SHELTERS_SHOWN);
  return (
    <div className="tp-block rp-summary" data-testid="rp-shelters">
      <h3>
        {t.rpShelters} · {t.rpSheltersOpen(open.length, s.length)} · {fmt(occ, 0)} / {fmt(cap, 0)}{' '}
        {t.rpPeopleUnit}
      </h3>
      <table className="tp-table">
        <thead>
          <tr>
            <th />
            <th className="num">{t.rpOccupancy}</th>
            <th className="num">%</th>
          </tr>
        </thead>
        <tbody>
          {fullest.map((x) => (
            <tr key={x.poi}>
              <td className="road">{pickName(model.pois.names.get(x.poi), lang) ?? `#${x.poi}`}</td>
              <td className="num">
                {fmt(x.occupants, 0)} / {fmt(x.capacity, 0)}
              </td>
              <td className="num">{fmt((100 * x.occupants) / Math.max(1, x.capacity), 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Rescue resources: kind, base, task, ETA (sim clock), arrived / en route; en-route units first, soonest first. */
function RescueView({
  r,
  nowMs,
  t,
  lang,
  model,
}: {
  r: readonly RescueAssignment[];
  nowMs: number;
  t: Dict;
  lang: Lang;
  model: CityModel;
}) {
  if (r.length === 0) return null;
  const arrived = r.filter((a) => a.arriveMs <= nowMs).length;
  const rows = r
    .slice()
    .sort((a, b) => {
      const aa = a.arriveMs <= nowMs ? 1 : 0;
      const ba = b.arriveMs <= nowMs ? 1 : 0;
      return aa - ba || a.arriveMs - b.arriveMs || (a.id < b.id ? -1 : 1);
    })
    .slice(0, MAX_RESCUE_SHOWN);
  return (
    <div className="tp-block rp-summary" data-testid="rp-rescue">
      <h3>
        {t.rpRescue} · {t.rpRescueCounts(arrived, r.length)}
      </h3>
      <table className="tp-table">
        <thead>
          <tr>
            <th />
            <th>{t.rpRescueBase}</th>
            <th>{t.rpRescueTask}</th>
            <th className="num">{t.rpRescueEta}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => {
            const done = a.arriveMs <= nowMs;
            const base =
              a.basePoi < 0
                ? t.rpRescueDepot
                : (pickName(model.pois.names.get(a.basePoi), lang) ?? `#${a.basePoi}`);
            return (
              <tr key={a.id} data-testid="rp-rescue-row" data-arrived={done ? '1' : '0'}>
                <td>{t.rpRescueKind(a.kind)}</td>
                <td className="road">{base}</td>
                <td className="road">{a.task[lang]}</td>
                <td className="num" title={`${fmt(a.travelTimeS / 60, 1)} min`}>
                  {clockHm(a.arriveMs)}{' '}
                  <span className={`tp-unit ${done ? 'rp-ok' : ''}`}>
                    {done ? t.rpRescueArrived : t.rpRescueEnRoute(fmt((a.arriveMs - nowMs) / 60_000, 1))}
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {r.length > rows.length && <p className="muted small">{t.rpRescueMore(r.length - rows.length)}</p>}
    </div>
  );
}

/** Outage: stations and feeders out, buildings without power, MW shed, dark signals. */
function OutageView({ o, t }: { o: OutageState; t: Dict }) {
  if (o.stations.length === 0 && o.feeders.length === 0 && o.shedMw <= 0 && o.darkSignalNodes.length === 0)
    return null;
  return (
    <div className="tp-block rp-summary" data-testid="rp-outage">
      <h3>{t.rpOutage}</h3>
      <dl className="tp-kpis rp-kpis four">
        <div>
          <dt>{t.rpStationsOut}</dt>
          <dd className="tp-num">{o.stations.length}</dd>
        </div>
        <div>
          <dt>{t.rpFeedersOut}</dt>
          <dd className="tp-num">{o.feeders.length}</dd>
        </div>
        <div>
          <dt>{t.rpBuildingsOut}</dt>
          <dd>
            <span className="tp-num">{fmt(o.buildings, 0)}</span>{' '}
            <span className="tp-unit">{t.rpBuildingsUnit}</span>
          </dd>
        </div>
        <div>
          <dt>{t.rpShedMw}</dt>
          <dd>
            <span className="tp-num">{fmt(o.shedMw, 1)}</span> <span className="tp-unit">MW</span>
          </dd>
        </div>
      </dl>
      {o.darkSignalNodes.length > 0 && (
        <p className="small">
          {t.rpDarkSignals}: <b>{o.darkSignalNodes.length}</b>
        </p>
      )}
    </div>
  );
}

/** Short letter of a system for its badge (the full name is the badge's title). */
const SYSTEM_GLYPH: Record<CascadeSystem, { zh: string; en: string }> = {
  hazard: { zh: '灾', en: 'HZ' },
  roads: { zh: '路', en: 'RD' },
  power: { zh: '电', en: 'PW' },
  signals: { zh: '灯', en: 'SG' },
  water: { zh: '水', en: 'WT' },
  buildings: { zh: '建', en: 'BD' },
  people: { zh: '人', en: 'PP' },
  workload: { zh: '单', en: 'WO' },
};

/** Members of an expanded run listed at most. */
const MAX_RUN_MEMBERS = 20;

/** One step row: time, system badge, kind · title, why, causes (linked); click selects and flies there. */
function StepRow({
  c,
  t,
  lang,
  byId,
  selected,
  count,
  expanded,
  onToggle,
}: {
  c: CascadeNode;
  t: Dict;
  lang: Lang;
  byId: ReadonlyMap<string, CascadeNode>;
  selected: boolean;
  /** Steps in this row's run (1 = a single step). */
  count: number;
  expanded: boolean;
  onToggle: (() => void) | null;
}) {
  const go = (): void => selectAndFly({ kind: 'cascade', id: c.id });
  return (
    <li
      className={`rp-step ${severityClass(c.severity)}${selected ? ' selected' : ''}`}
      data-testid="rp-step"
      data-id={c.id}
      data-kind={c.kind}
      data-system={c.system}
      data-run={count}
      tabIndex={0}
      onClick={go}
      onKeyDown={onActivate(go)}
    >
      <span className="rp-step-time">{clockHm(c.simTimeMs)}</span>
      <span className={`rp-sys rp-sys-${c.system}`} title={t.hzSystem(c.system)}>
        {SYSTEM_GLYPH[c.system][lang]}
      </span>
      <span className="rp-step-body">
        <span className="rp-step-title">
          <span className="rp-step-kind">{t.hzCascadeKind(c.kind)}</span>
          {count > 1 && <span className="rp-run-count"> ×{count}</span>} · {c.title[lang]}
        </span>
        <span className="rp-step-why">{c.why[lang]}</span>
        {c.causes.length > 0 && (
          <span className="rp-causes">
            ↳ {t.rpCausedBy}:{' '}
            {c.causes.slice(0, 3).map((id, i) => {
              const cause = byId.get(id);
              return (
                <span key={id}>
                  {i > 0 && ', '}
                  <button
                    type="button"
                    className="link-btn rp-cause"
                    data-testid="rp-cause"
                    onClick={(e) => {
                      e.stopPropagation();
                      selectAndFly({ kind: 'cascade', id });
                    }}
                  >
                    {cause ? cause.title[lang] : id}
                  </button>
                </span>
              );
            })}
            {c.causes.length > 3 && ` +${c.causes.length - 3}`}
          </span>
        )}
        {onToggle !== null && (
          <button
            type="button"
            className="link-btn rp-run-toggle"
            data-testid="rp-run-toggle"
            aria-expanded={expanded}
            onClick={(e) => {
              e.stopPropagation();
              onToggle();
            }}
          >
            {expanded ? t.rpRunCollapse : t.rpRunExpand(count - 1)}
          </button>
        )}
      </span>
    </li>
  );
}

/**
 * The cascade timeline: newest first, grouped by hazard (each group with its steps per system), repeated steps of one
 * minute folded into a row with a count (expandable), capped at MAX_CASCADE_ROWS rows with a "N more" line.
 */
function CascadeTimeline({
  t,
  lang,
  hazards,
  selectedId,
}: {
  t: Dict;
  lang: Lang;
  hazards: readonly ActiveHazard[];
  selectedId: string | null;
}) {
  const log = useAppStore((s) => s.hzCascade);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const byId = useMemo(() => {
    const m = new Map<string, CascadeNode>();
    for (const c of log) m.set(c.id, c);
    return m;
  }, [log]);
  const { groups, hidden } = useMemo(() => cascadeTimeline(log, MAX_CASCADE_ROWS), [log]);
  const hazardOf = new Map(hazards.map((h) => [h.id, h] as const));
  const toggle = (id: string): void =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  return (
    <div className="tp-block rp-cascade" data-testid="rp-cascade" data-steps={log.length}>
      <h3 title={t.rpCascadeTitle}>
        {t.rpCascade} ({log.length})
      </h3>
      {log.length === 0 && <p className="muted small">{t.rpCascadeEmpty}</p>}
      {groups.map((g) => {
        const h = hazardOf.get(g.hazardId);
        return (
          <section key={g.hazardId} className="rp-cascade-group" data-hazard={g.hazardId}>
            <div className="rp-sub-head">
              {h && <AlertChip level={h.alertLevel} t={t} />} {h ? t.hzKind(h.kind) : ''}{' '}
              <span className="rp-hz-id">{g.hazardId}</span>
            </div>
            <div className="rp-sys-counts" data-testid="rp-system-counts">
              {[...g.bySystem].map(([sys, n]) => (
                <span key={sys} className="rp-sys-count" title={t.hzSystem(sys)}>
                  <span className={`rp-sys rp-sys-${sys}`}>{SYSTEM_GLYPH[sys][lang]}</span> {t.hzSystem(sys)}{' '}
                  <b>{n}</b>
                </span>
              ))}
            </div>
            <ol className="rp-steps">
              {g.runs.map((r) => {
                const expanded = open.has(r.head.id);
                const n = r.members.length;
                return (
                  <Fragment key={r.head.id}>
                    <StepRow
                      c={r.head}
                      t={t}
                      lang={lang}
                      byId={byId}
                      selected={selectedId === r.head.id}
                      count={n}
                      expanded={expanded}
                      onToggle={n > 1 ? () => toggle(r.head.id) : null}
                    />
                    {expanded &&
                      r.members
                        .slice(1, MAX_RUN_MEMBERS + 1)
                        .map((c) => (
                          <StepRow
                            key={c.id}
                            c={c}
                            t={t}
                            lang={lang}
                            byId={byId}
                            selected={selectedId === c.id}
                            count={1}
                            expanded={false}
                            onToggle={null}
                          />
                        ))}
                    {expanded && n - 1 > MAX_RUN_MEMBERS && (
                      <li className="muted small rp-run-more">{t.rpMoreSteps(n - 1 - MAX_RUN_MEMBERS)}</li>
                    )}
                  </Fragment>
                );
              })}
            </ol>
          </section>
        );
      })}
      {hidden > 0 && (
        <p className="muted small" data-testid="rp-more-steps">
          {t.rpMoreSteps(hidden)}
        </p>
      )}
    </div>
  );
}

/**
 * The resilience panel. `variant`: 'full' (ops, wall, exec) or 'compact' (hazards and lifeline numbers, for the
 * planner's narrow dock); `controls`: the operator's scenario triggers and Cancel (ops).
 */
export function ResiliencePanel({
  variant = 'full',
  controls = false,
}: {
  variant?: 'full' | 'compact';
  controls?: boolean;
}) {
  const lang = useAppStore((s) => s.lang);
  const version = useAppStore((s) => s.hzVersion);
  const hazards = useAppStore((s) => s.hzHazards);
  const exposure = useAppStore((s) => s.hzExposure);
  const lifelines = useAppStore((s) => s.hzLifelines);
  const flood = useAppStore((s) => s.hzFlood);
  const quake = useAppStore((s) => s.hzQuake);
  const heat = useAppStore((s) => s.hzHeat);
  const fire = useAppStore((s) => s.hzFire);
  const shelters = useAppStore((s) => s.hzShelters);
  const rescue = useAppStore((s) => s.hzRescue);
  const outage = useAppStore((s) => s.hzOutage);
  const live = useAppStore((s) => s.connection.phase === 'live');
  const selection = useAppStore((s) => s.selection);
  const sceneVersion = useAppStore((s) => (s.sceneLoad.phase === 'ready' ? s.sceneLoad.version : 0));
  const model = sceneVersion > 0 ? getModel() : null;
  const t = dict(lang);
  const sorted = sortHazards(hazards);
  const active = activeHazards(hazards);
  const compact = variant === 'compact';
  const selHazard = selection?.kind === 'hazard' ? selection.id : null;
  const selStep = selection?.kind === 'cascade' ? selection.id : null;
  const last = lifelines[lifelines.length - 1];
  const waiting = version === 0 && !live;

  let body;
  if (waiting || !model) {
    body = (
      <p className="muted tp-waiting" data-testid="rp-waiting">
        {t.rpWaitingFeed}
      </p>
    );
  } else {
    body = (
      <>
        {active.length === 0 && (
          <div className="rp-none" data-testid="rp-no-hazard">
            <b>{t.rpNoHazard}</b>
            {!compact && <div className="muted small">{t.rpNoHazardNote}</div>}
          </div>
        )}
        {sorted.length > 0 && (
          <div className="tp-block">
            <h3>{t.rpActiveHazards(active.length)}</h3>
            <ul className="rp-hazards" data-testid="rp-hazards">
              {sorted.map((h) => (
                <HazardCard
                  key={h.id}
                  h={h}
                  t={t}
                  lang={lang}
                  selected={selHazard === h.id}
                  controls={controls}
                />
              ))}
            </ul>
          </div>
        )}
        <Lifelines t={t} compact={compact} />
        {!compact && (
          <>
            {active.length > 0 && (
              <div className="tp-block">
                <h3>{t.rpExposure}</h3>
                {active.map((h) => {
                  const e = exposure.find((x) => x.hazardId === h.id);
                  return e ? <Exposure key={h.id} e={e} h={h} t={t} lang={lang} model={model} /> : null;
                })}
              </div>
            )}
            {flood && <FloodSummary b={flood} t={t} />}
            {quake && <QuakeSummaryView q={quake} t={t} />}
            {heat && <HeatSummaryView h={heat} t={t} />}
            {fire && <FireSummaryView f={fire} t={t} lang={lang} model={model} />}
            <RescueView r={rescue} nowMs={last?.simTimeMs ?? 0} t={t} lang={lang} model={model} />
            <SheltersView s={shelters} t={t} lang={lang} model={model} />
            {outage && <OutageView o={outage} t={t} />}
            <CascadeTimeline t={t} lang={lang} hazards={hazards} selectedId={selStep} />
          </>
        )}
        {controls && <ResilienceControls t={t} lang={lang} />}
      </>
    );
  }
  return (
    <section
      className={`panel resilience-panel ${variant}`}
      data-testid="resilience-panel"
      data-version={version}
    >
      <header className="panel-head">
        <h2>{t.rpTitle}</h2>
        {last && (
          <span className="tp-asof" title={t.rpLifelinesTitle}>
            {clockHm(last.simTimeMs)}
          </span>
        )}
      </header>
      {body}
    </section>
  );
}
