/**
 * The planner's lever editor for the resilience domain (issue 7): a design rainstorm of a return period and duration
 * (the city's storm-intensity formula), an earthquake (Mw, depth, epicentre at the selection or the city centre), a
 * heat wave and a building fire at the selected building. Each lever is a HazardSpec (src/core/hazards/types.ts), the
 * same spec the live hazard runtime and the single-domain hazard what-if take; the scenario runner validates it.
 */
import { useState } from 'react';
import type { LeverEditorProps } from '../types.ts';
import type { HazardKind, HazardSpec } from '../../core/hazards/types.ts';
import type { CityModel } from '../../core/scene/types.ts';
import { formulaForCity } from '../../core/hazards/flood.ts';
import { STORM_FORMULAS } from '../../core/hazards/rainfall.ts';
import { footprintCentroid } from '../../views/three/buildingMesh.ts';
import type { Selection } from '../../state/selectionSlice.ts';
import type { Dict } from '../../app/i18n.ts';
import { fmt } from '../../app/format.ts';
import { useAppStore } from '../../state/store.ts';
import {
  LeverEditorFrame,
  numberFields,
  SelectField,
  useLeverForm,
  useLeverScene,
} from '../../plan/leverUi.tsx';

const KINDS = ['rainstorm', 'earthquake', 'heat', 'fire'] as const satisfies readonly HazardKind[];
/** Return periods of the design storms, years (GB 50014-2021 design practice: 1–100 a). */
const RETURN_PERIODS = [1, 2, 3, 5, 10, 20, 30, 50, 100] as const;
const DURATIONS_MIN = [60, 120, 180, 360] as const;
const HEAT_HOURS = [24, 48, 72] as const;

/** Local metres of the selection (building centroid, link midpoint, POI), or null. */
function selectionXY(city: CityModel, sel: Selection | null): [number, number] | null {
  if (sel === null) return null;
  switch (sel.kind) {
    case 'building': {
      if (sel.index < 0 || sel.index >= city.buildings.count) return null;
      const out = [0, 0];
      footprintCentroid(city.buildings, sel.index, out);
      return [out[0]!, out[1]!];
    }
    case 'link': {
      const r = city.roads;
      if (sel.index < 0 || sel.index >= r.linkCount) return null;
      const a = r.geomStart[sel.index]!;
      const b = r.geomStart[sel.index + 1]!;
      const m = Math.floor((a + b - 1) / 2);
      return [r.geomXY[2 * m]!, r.geomXY[2 * m + 1]!];
    }
    case 'poi':
      if (sel.index < 0 || sel.index >= city.pois.count) return null;
      return [city.pois.xy[2 * sel.index]!, city.pois.xy[2 * sel.index + 1]!];
    case 'power':
      if (sel.index < 0 || sel.index >= city.power.count) return null;
      return [city.power.xy[2 * sel.index]!, city.power.xy[2 * sel.index + 1]!];
    default:
      return null;
  }
}

/** One line describing a hazard lever. */
function describeHazard(t: Dict, lang: 'zh' | 'en', l: unknown): string {
  const s = l as HazardSpec;
  switch (s?.kind) {
    case 'rainstorm':
      return s.rain.kind === 'design'
        ? t.plHzRain(
            s.rain.returnPeriodYears,
            s.rain.durationMin,
            STORM_FORMULAS[s.rain.formula]?.name[lang] ?? s.rain.formula,
          )
        : t.plHzRainSeries(s.rain.label);
    case 'earthquake':
      return t.plHzQuake(fmt(s.magnitude, 1), fmt(s.depthKm, 0), fmt(s.x, 0), fmt(s.y, 0));
    case 'heat':
      return t.plHzHeat(fmt(s.peakTempC, 0), fmt(s.humidityPct, 0), s.durationH);
    case 'fire':
      return t.plHzFire(s.building);
    default:
      return JSON.stringify(l);
  }
}

/** Edits the resilience levers (hazards) of a scenario. */
export function ResilienceLeverEditor(props: LeverEditorProps) {
  const { levers, onChange, disabled } = props;
  const { lang, t, city } = useLeverScene();
  const selection = useAppStore((s) => s.selection);
  const [kind, setKind] = useState<HazardKind>('rainstorm');
  const [formula, setFormula] = useState<string>(() => (city ? formulaForCity(city) : 'beijing'));
  const [rp, setRp] = useState(50);
  const [durationMin, setDurationMin] = useState(120);
  const [magnitude, setMagnitude] = useState(6.5);
  const [depthKm, setDepthKm] = useState(10);
  const [peakTempC, setPeakTempC] = useState(40);
  const [humidityPct, setHumidityPct] = useState(50);
  const [heatHours, setHeatHours] = useState(48);
  const form = useLeverForm('resilience', city, levers, onChange);
  if (!city) return null;
  const at = selectionXY(city, selection);
  const build = (): HazardSpec | string => {
    switch (kind) {
      case 'rainstorm':
        return {
          kind: 'rainstorm',
          leadMin: 0,
          // Chicago hyetograph peak position (Keifer & Chu 1957); 0.4 is the usual design value in China.
          rain: { kind: 'design', formula, returnPeriodYears: rp, durationMin, peakRatio: 0.4 },
        };
      case 'earthquake': {
        if (!Number.isFinite(magnitude) || !Number.isFinite(depthKm)) return t.epBadNumber;
        const e = city.meta.extentM;
        const [x, y] = at ?? [(e.minX + e.maxX) / 2, (e.minY + e.maxY) / 2];
        return { kind: 'earthquake', x: Math.round(x), y: Math.round(y), magnitude, depthKm };
      }
      case 'heat':
        if (!Number.isFinite(peakTempC) || !Number.isFinite(humidityPct)) return t.epBadNumber;
        return { kind: 'heat', leadMin: 0, durationH: heatHours, peakTempC, humidityPct };
      case 'fire':
        return selection?.kind === 'building'
          ? { kind: 'fire', building: selection.index }
          : t.hwFireNeedBuilding;
      default: {
        const never: never = kind;
        return String(never);
      }
    }
  };
  const add = () => {
    const built = build();
    if (typeof built === 'string') return form.setError(built);
    form.commit<HazardSpec>(built, t.plInvalid);
  };
  const num = numberFields(disabled);
  return (
    <LeverEditorFrame
      domain="resilience"
      editor={props}
      form={form}
      describe={(l) => describeHazard(t, lang, l)}
      onAdd={add}
      kindTitle={t.hwKindLabel}
      kind={kind}
      kinds={KINDS}
      labelOf={(k) => t.hzKind(k)}
      onKind={setKind}
    >
      {kind === 'rainstorm' && (
        <>
          <SelectField
            label={t.hwFormula}
            value={formula}
            options={Object.values(STORM_FORMULAS).map((f) => f.id)}
            labelOf={(id) => STORM_FORMULAS[id]?.name[lang] ?? id}
            titleOf={(id) => STORM_FORMULAS[id]?.source ?? ''}
            disabled={disabled}
            onChange={setFormula}
          />
          <SelectField
            label={t.hwReturnPeriod}
            value={rp}
            options={RETURN_PERIODS}
            labelOf={(p) => `${p} ${t.hwYears}`}
            disabled={disabled}
            testId="pl-resilience-rp"
            onChange={setRp}
          />
          <SelectField
            label={t.hwDuration}
            value={durationMin}
            options={DURATIONS_MIN}
            labelOf={(d) => `${d} min`}
            disabled={disabled}
            testId="pl-resilience-duration"
            onChange={setDurationMin}
          />
        </>
      )}
      {kind === 'earthquake' && (
        <>
          {num(t.hwMagnitude, magnitude, setMagnitude, [3, 9.5, 0.1], 'pl-resilience-mw', 'Mw')}
          {num(t.hwDepth, depthKm, setDepthKm, [0, 700, 1], 'pl-resilience-depth', 'km')}
          <div className="pl-target" data-testid="pl-resilience-epicentre">
            {t.hwEpicentre(at ? t.hwAtSelection : t.hwCityCentre)}
          </div>
        </>
      )}
      {kind === 'heat' && (
        <>
          {num(t.hwPeakTemp, peakTempC, setPeakTempC, [-60, 60, 1], 'pl-resilience-temp', '°C')}
          {num(t.hwHumidity, humidityPct, setHumidityPct, [0, 100, 5], 'pl-resilience-rh', '%')}
          <SelectField
            label={t.hwHeatDays}
            value={heatHours}
            options={HEAT_HOURS}
            labelOf={(h) => t.hwHours(h)}
            disabled={disabled}
            onChange={setHeatHours}
          />
        </>
      )}
      {kind === 'fire' && (
        <div className={selection?.kind === 'building' ? 'pl-target' : 'pl-target none'}>
          {selection?.kind === 'building' ? t.hwFireAt(`#${selection.index}`) : t.hwFireNeedBuilding}
        </div>
      )}
    </LeverEditorFrame>
  );
}
