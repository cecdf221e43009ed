/**
 * The operator's scenario controls of the resilience panel (/ops and the wall's console): trigger a design rainstorm
 * (storm formula, return period, duration, warning lead time, with the storm's total depth and peak intensity
 * previewed), an earthquake (Mw, depth, at the selection or the city centre), a heat wave (peak °C, RH, hours) or a fire
 * (at the selected building). Field errors are checked here (resilienceFormat.ts) and again against the wire rules
 * (parseHazardCommand with the scene's limits); the server's refusal reason is shown verbatim.
 */
import { useState } from 'react';
import { appStore, useAppStore } from '../state/store.ts';
import type { Dict } from '../app/i18n.ts';
import { fmt } from '../app/format.ts';
import { getModel } from '../app/sceneHolder.ts';
import type { Lang } from '../state/uiSlice.ts';
import type { HazardKind, HazardSpec } from '../core/hazards/types.ts';
import { STORM_FORMULAS, chicagoHyetograph, stormDepthMm } from '../core/hazards/rainfall.ts';
import { parseHazardCommand, type HazardCityLimits } from '../core/protocol/hazardMessages.ts';
import type { CityModel } from '../core/scene/types.ts';
import { selectionAnchor } from '../views/selectionAnchor.ts';
import { sendHazardCommand } from '../feed/hazards.ts';
import {
  DRILL_PEAK_RATIO,
  FORM_BOUNDS,
  heatSpec,
  quakeSpec,
  rainSpec,
  type FieldError,
} from './resilienceFormat.ts';

/** Text of a field error. */
function errorText(t: Dict, e: FieldError): string {
  return e.kind === 'number'
    ? t.rpErrNumber(e.field)
    : t.rpErrRange(e.field, String(e.min), String(e.max), e.unit);
}

/** The scene's limits of a command (the same checks the server makes). */
function cityLimits(model: CityModel): HazardCityLimits {
  return {
    buildingCount: model.buildings.count,
    extent: model.meta.extentM,
    formulas: Object.keys(STORM_FORMULAS),
  };
}

/** The storm's total depth and peak 1-minute intensity, or null when the form is not valid. */
function stormPreview(formula: string, P: number, T: number): { mm: number; peakMmH: number } | null {
  const f = STORM_FORMULAS[formula];
  if (!f || !(P > 0) || !(T >= 5)) return null;
  let peak = 0;
  for (const v of chicagoHyetograph(f, P, T, 1, DRILL_PEAK_RATIO)) if (v > peak) peak = v;
  return { mm: stormDepthMm(f, P, T), peakMmH: peak };
}

/** One labelled numeric input with its unit. */
function Field({
  id,
  label,
  unit,
  value,
  onChange,
  min,
  max,
  step,
}: {
  id: string;
  label: string;
  unit: string;
  value: string;
  onChange: (v: string) => void;
  min: number;
  max: number;
  step?: number;
}) {
  return (
    <label className="rp-field">
      <span className="rp-field-label">{label}</span>
      <input
        type="number"
        inputMode="decimal"
        data-testid={id}
        value={value}
        min={min}
        max={max}
        step={step ?? 'any'}
        onChange={(e) => onChange(e.target.value)}
      />
      <span className="tp-unit">{unit}</span>
    </label>
  );
}

type Status =
  | { kind: 'idle' }
  | { kind: 'sending' }
  | { kind: 'ok'; id: string }
  | { kind: 'refused'; reason: string }
  | { kind: 'failed'; message: string };

const TABS: readonly HazardKind[] = ['rainstorm', 'earthquake', 'heat', 'fire'];

/** The scenario controls. */
export function ResilienceControls({ t, lang }: { t: Dict; lang: Lang }) {
  const selection = useAppStore((s) => s.selection);
  const live = useAppStore((s) => s.connection.phase === 'live');
  const [tab, setTab] = useState<HazardKind>('rainstorm');
  const [formula, setFormula] = useState(Object.keys(STORM_FORMULAS)[0] ?? 'beijing');
  const [P, setP] = useState('50');
  const [T, setT] = useState('60');
  const [lead, setLead] = useState('10');
  const [mw, setMw] = useState('6.0');
  const [depth, setDepth] = useState('10');
  const [peakC, setPeakC] = useState('39');
  const [rh, setRh] = useState('60');
  const [hours, setHours] = useState('72');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const model = getModel();
  if (!model) return null;

  const tabLabel = (k: HazardKind): string =>
    k === 'rainstorm'
      ? t.rpRainstorm
      : k === 'earthquake'
        ? t.rpEarthquake
        : k === 'heat'
          ? t.rpHeatWave
          : t.rpFireScenario;

  // Epicentre: the selection's anchor when there is one, else the middle of the scene.
  const anchor: number[] = [0, 0, 0, 0];
  const atSelection =
    selection !== null && selectionAnchor(model, selection, appStore.getState().incidents, anchor);
  const e = model.meta.extentM;
  const qx = atSelection ? (anchor[0] as number) : (e.minX + e.maxX) / 2;
  const qy = atSelection ? (anchor[1] as number) : (e.minY + e.maxY) / 2;
  const fireBuilding = selection?.kind === 'building' ? selection.index : null;

  let built: { spec: HazardSpec | null; errors: FieldError[]; other?: string };
  switch (tab) {
    case 'rainstorm':
      built = rainSpec(
        { formula, returnPeriodYears: P, durationMin: T, leadMin: lead },
        { returnPeriod: t.rpReturnPeriod, duration: t.rpDuration, lead: t.rpLead },
      );
      break;
    case 'earthquake':
      built = quakeSpec(
        { magnitude: mw, depthKm: depth, x: qx, y: qy },
        { magnitude: t.rpMagnitude, depth: t.rpDepth },
      );
      break;
    case 'heat':
      built = heatSpec(
        { peakTempC: peakC, humidityPct: rh, durationH: hours },
        { peakTemp: t.rpPeakTemp, humidity: t.rpHumidity, hours: t.rpHours },
      );
      break;
    case 'fire':
      built =
        fireBuilding === null
          ? { spec: null, errors: [], other: t.rpNoBuildingSelected }
          : { spec: { kind: 'fire', building: fireBuilding }, errors: [] };
      break;
    default: {
      const never: never = tab;
      built = { spec: null, errors: [], other: String(never) };
    }
  }
  // The wire's own rules with this scene's limits (what the server will check), as a last guard.
  let wireError: string | null = null;
  if (built.spec !== null) {
    const p = parseHazardCommand({ op: 'trigger', spec: built.spec }, cityLimits(model));
    if (!p.ok) wireError = p.reason;
  }
  const preview = tab === 'rainstorm' ? stormPreview(formula, Number(P), Number(T)) : null;
  const canSend = built.spec !== null && wireError === null && status.kind !== 'sending' && live;

  const trigger = (): void => {
    const spec = built.spec;
    if (spec === null || !canSend) return;
    setStatus({ kind: 'sending' });
    sendHazardCommand({ op: 'trigger', spec }).then(
      (a) => setStatus(a.ok ? { kind: 'ok', id: a.id } : { kind: 'refused', reason: a.reason }),
      (err: unknown) =>
        setStatus({ kind: 'failed', message: err instanceof Error ? err.message : String(err) }),
    );
  };

  return (
    <div className="tp-block rp-controls" data-testid="rp-controls">
      <h3 title={t.rpControlsTitle}>{t.rpControls}</h3>
      <div className="rp-tabs" role="group" aria-label={t.rpControls}>
        {TABS.map((k) => (
          <button
            key={k}
            type="button"
            className={`btn rp-tab${tab === k ? ' active' : ''}`}
            aria-pressed={tab === k}
            data-testid={`rp-tab-${k}`}
            onClick={() => {
              setTab(k);
              setStatus({ kind: 'idle' });
            }}
          >
            {tabLabel(k)}
          </button>
        ))}
      </div>
      <form
        className="rp-form"
        onSubmit={(ev) => {
          ev.preventDefault();
          trigger();
        }}
      >
        {tab === 'rainstorm' && (
          <>
            <label className="rp-field wide">
              <span className="rp-field-label">{t.rpFormula}</span>
              <select
                data-testid="rp-rain-formula"
                value={formula}
                onChange={(ev) => setFormula(ev.target.value)}
              >
                {Object.values(STORM_FORMULAS).map((f) => (
                  <option key={f.id} value={f.id} title={f.source}>
                    {f.name[lang]}
                  </option>
                ))}
              </select>
            </label>
            <Field
              id="rp-rain-return"
              label={t.rpReturnPeriod}
              unit={lang === 'zh' ? '年' : 'years'}
              value={P}
              onChange={setP}
              min={FORM_BOUNDS.returnPeriodYears[0]}
              max={FORM_BOUNDS.returnPeriodYears[1]}
            />
            <Field
              id="rp-rain-duration"
              label={t.rpDuration}
              unit="min"
              value={T}
              onChange={setT}
              min={FORM_BOUNDS.durationMin[0]}
              max={FORM_BOUNDS.durationMin[1]}
              step={5}
            />
            <Field
              id="rp-rain-lead"
              label={t.rpLead}
              unit="min"
              value={lead}
              onChange={setLead}
              min={FORM_BOUNDS.leadMin[0]}
              max={FORM_BOUNDS.leadMin[1]}
              step={5}
            />
            {preview && built.errors.length === 0 && (
              <p className="rp-preview muted" data-testid="rp-rain-preview">
                {t.rpStormPreview(fmt(preview.mm, 1), fmt(preview.peakMmH, 0))}
              </p>
            )}
          </>
        )}
        {tab === 'earthquake' && (
          <>
            <Field
              id="rp-quake-mw"
              label={t.rpMagnitude}
              unit="Mw"
              value={mw}
              onChange={setMw}
              min={FORM_BOUNDS.magnitude[0]}
              max={FORM_BOUNDS.magnitude[1]}
              step={0.1}
            />
            <Field
              id="rp-quake-depth"
              label={t.rpDepth}
              unit="km"
              value={depth}
              onChange={setDepth}
              min={FORM_BOUNDS.depthKm[0]}
              max={FORM_BOUNDS.depthKm[1]}
            />
            <p className="rp-preview muted" data-testid="rp-quake-at">
              {t.rpEpicentre}:{' '}
              {atSelection && selection ? t.rpAtSelection(selectionText(t, selection)) : t.rpAtCentre} · (
              {fmt(qx, 0)}, {fmt(qy, 0)}) m
            </p>
          </>
        )}
        {tab === 'heat' && (
          <>
            <Field
              id="rp-heat-temp"
              label={t.rpPeakTemp}
              unit="°C"
              value={peakC}
              onChange={setPeakC}
              min={FORM_BOUNDS.peakTempC[0]}
              max={FORM_BOUNDS.peakTempC[1]}
              step={0.5}
            />
            <Field
              id="rp-heat-rh"
              label={t.rpHumidity}
              unit="%"
              value={rh}
              onChange={setRh}
              min={0}
              max={100}
            />
            <Field
              id="rp-heat-hours"
              label={t.rpHours}
              unit="h"
              value={hours}
              onChange={setHours}
              min={FORM_BOUNDS.durationH[0]}
              max={FORM_BOUNDS.durationH[1]}
            />
          </>
        )}
        {tab === 'fire' && (
          <p className="rp-preview" data-testid="rp-fire-at">
            {t.rpFireAt}: {fireBuilding !== null ? t.rpBuildingN(fireBuilding) : '—'}
          </p>
        )}
        {(built.errors.length > 0 || built.other !== undefined || wireError !== null) && (
          <ul className="rp-errors" data-testid="rp-control-errors" role="alert">
            {built.errors.map((er) => (
              <li key={er.field}>{errorText(t, er)}</li>
            ))}
            {built.other !== undefined && <li>{built.other}</li>}
            {wireError !== null && <li>{wireError}</li>}
          </ul>
        )}
        <div className="rp-actions">
          <button type="submit" className="btn primary" data-testid="rp-trigger" disabled={!canSend}>
            {status.kind === 'sending' ? t.rpSending : `${t.rpTrigger} ${tabLabel(tab)}`}
          </button>
          {!live && <span className="muted small">{t.rpWaitingFeed}</span>}
        </div>
        <StatusLine status={status} t={t} />
      </form>
    </div>
  );
}

/** Short text of the selection the epicentre sits at. */
function selectionText(t: Dict, sel: NonNullable<ReturnType<typeof appStore.getState>['selection']>): string {
  switch (sel.kind) {
    case 'building':
      return t.rpBuildingN(sel.index);
    case 'incident':
    case 'workOrder':
    case 'hazard':
    case 'cascade':
      return sel.id;
    case 'energy':
      return `${sel.asset} #${sel.index}`;
    case 'link':
    case 'sensor':
    case 'power':
    case 'poi':
      return `${sel.kind} #${sel.index}`;
    default: {
      const never: never = sel;
      return String(never);
    }
  }
}

function StatusLine({ status, t }: { status: Status; t: Dict }) {
  switch (status.kind) {
    case 'idle':
    case 'sending':
      return null;
    case 'ok':
      return (
        <p className="rp-status ok" data-testid="rp-control-status" role="status">
          {t.rpTriggered(status.id)}
        </p>
      );
    case 'refused':
      return (
        <p className="rp-status refused" data-testid="rp-control-status" role="alert">
          {t.rpRefused(status.reason)}
        </p>
      );
    case 'failed':
      return (
        <p className="rp-status refused" data-testid="rp-control-status" role="alert">
          {t.rpFailed(status.message)}
        </p>
      );
    default: {
      const never: never = status;
      return <>{String(never)}</>;
    }
  }
}
