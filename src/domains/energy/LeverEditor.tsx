/**
 * The planner's lever editor for the energy domain (issue 7): N-1 outage of the selected substation / 110 kV line /
 * feeder section, added PV or storage at the selection's feeder bus, EV charging growth, heat-wave building load and
 * the storage strategy. Levers are the core's EnergyLever, built from the selection by
 * src/scenario/energyWhatIfLevers.ts and checked by the scenario runner's validator before they join the list.
 */
import { useState } from 'react';
import type { LeverEditorProps } from '../types.ts';
import type { EnergyLever } from '../../core/energy/city/whatIf.ts';
import { StorageStrategy } from '../../core/energy/city/dispatch.ts';
import { energyAssetName } from '../../core/energy/city/assetPosition.ts';
import { dict, type Dict } from '../../app/i18n.ts';
import { getModel } from '../../app/sceneHolder.ts';
import { getGridModel } from '../../app/gridHolder.ts';
import { useAppStore } from '../../state/store.ts';
import {
  energyLeverFromDraft,
  energyLeverKey,
  energyTargetOf,
  type EnergyDraftKind,
  type EnergyDraftProblem,
} from '../../scenario/energyWhatIfLevers.ts';
import { describeEnergyLever } from '../../panels/EnergyWhatIfPanel.tsx';
import { FieldError, LeverList, upsertLever, useLeverErrors, validateLeverOf } from '../../plan/leverUi.tsx';

const KINDS: readonly EnergyDraftKind[] = [
  'trip',
  'addPv',
  'addStorage',
  'evGrowth',
  'heatWave',
  'storageStrategy',
];

function kindLabel(t: Dict, k: EnergyDraftKind): string {
  switch (k) {
    case 'trip':
      return t.epTripAny;
    case 'addPv':
      return t.epAddPv;
    case 'addStorage':
      return t.epAddStorage;
    case 'evGrowth':
      return t.epEvGrowth;
    case 'heatWave':
      return t.epHeatWave;
    case 'storageStrategy':
      return t.epStrategy;
    default: {
      const never: never = k;
      return String(never);
    }
  }
}

function problemText(t: Dict, p: EnergyDraftProblem): string {
  switch (p) {
    case 'noTrip':
      return t.epNeedTrip;
    case 'noPlace':
      return t.epNeedPlace;
    case 'badNumber':
      return t.epBadNumber;
    default: {
      const never: never = p;
      return String(never);
    }
  }
}

const numOf = (v: string): number => (v === '' ? Number.NaN : Number(v));

/** Edits the energy levers of a scenario. */
export function EnergyLeverEditor({ levers, onChange, disabled }: LeverEditorProps) {
  const lang = useAppStore((s) => s.lang);
  const selection = useAppStore((s) => s.selection);
  useAppStore((s) => s.sceneLoad);
  const t = dict(lang);
  const city = getModel();
  const grid = getGridModel();
  const [kind, setKind] = useState<EnergyDraftKind>('trip');
  const [pvMw, setPvMw] = useState(20);
  const [storageMw, setStorageMw] = useState(10);
  const [storageMwh, setStorageMwh] = useState(40);
  const [evPct, setEvPct] = useState(50);
  const [heatPct, setHeatPct] = useState(20);
  const [strategy, setStrategy] = useState<StorageStrategy>(StorageStrategy.peakShave);
  const [error, setError] = useState<string | null>(null);
  const errors = useLeverErrors('energy', city, levers);
  if (!city) return null;
  const target = grid ? energyTargetOf(city, grid, selection) : null;
  const needsSelection = kind === 'trip' || kind === 'addPv' || kind === 'addStorage';
  const add = () => {
    const built = energyLeverFromDraft({
      kind,
      target,
      pvMw,
      storageMw,
      storageMwh,
      evPct,
      heatPct,
      strategy,
    });
    if ('problem' in built) return setError(problemText(t, built.problem));
    const why = validateLeverOf('energy', city, built.lever);
    if (why) return setError(t.epInvalid(why));
    setError(null);
    onChange(upsertLever<EnergyLever>(levers, built.lever, energyLeverKey));
  };
  const describe = (l: unknown): string => {
    try {
      return grid ? describeEnergyLever(t, city, grid, l as EnergyLever) : JSON.stringify(l);
    } catch {
      return JSON.stringify(l);
    }
  };
  const targetText = (): string => {
    if (!grid || !target) return t.epPick;
    const el = target.element;
    const what = el
      ? `${t.energyAssetKind(el.kind)} ${energyAssetName(city, grid, el.kind, el.index)}`
      : t.epTargetPlace;
    if (kind === 'trip') return el && !target.trip ? `${what} · ${t.epNotTrippable}` : what;
    return target.bus !== null
      ? `${what} · ${t.epConnectsAt(target.bus, grid.feederName[grid.busFeeder[target.bus]!] ?? '?')}`
      : `${what} · ${t.epNoConnect}`;
  };
  const num = (
    label: string,
    value: number,
    set: (v: number) => void,
    min: number,
    max: number,
    step: number,
    testId: string,
  ) => (
    <label>
      <span>{label}</span>
      <input
        type="number"
        min={min}
        max={max}
        step={step}
        value={Number.isFinite(value) ? value : ''}
        disabled={disabled}
        data-testid={testId}
        onChange={(e) => set(numOf(e.target.value))}
      />
    </label>
  );
  return (
    <div className="pl-editor" data-testid="pl-editor-energy">
      <div className="pl-form">
        <label>
          <span>{t.plLeverKind}</span>
          <select
            value={kind}
            disabled={disabled}
            data-testid="pl-energy-kind"
            onChange={(e) => {
              setKind(e.target.value as EnergyDraftKind);
              setError(null);
            }}
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {kindLabel(t, k)}
              </option>
            ))}
          </select>
        </label>
        {needsSelection && (
          <div className={target ? 'pl-target' : 'pl-target none'} data-testid="pl-energy-target">
            {targetText()}
          </div>
        )}
        {kind === 'addPv' && num(t.epPvMwInput, pvMw, setPvMw, 0, 1000, 5, 'pl-energy-pv')}
        {kind === 'addStorage' && (
          <>
            {num(t.epStoMwInput, storageMw, setStorageMw, 0, 1000, 5, 'pl-energy-sto-mw')}
            {num(t.epStoMwhInput, storageMwh, setStorageMwh, 0, 10000, 10, 'pl-energy-sto-mwh')}
          </>
        )}
        {kind === 'evGrowth' && num(t.epEvPctInput, evPct, setEvPct, -100, 500, 10, 'pl-energy-ev')}
        {kind === 'heatWave' && num(t.epHeatPctInput, heatPct, setHeatPct, -100, 500, 5, 'pl-energy-heat')}
        {kind === 'storageStrategy' && (
          <label>
            <span>{t.epStrategy}</span>
            <select
              value={strategy}
              disabled={disabled}
              onChange={(e) => setStrategy(e.target.value as StorageStrategy)}
            >
              {Object.values(StorageStrategy).map((s) => (
                <option key={s} value={s}>
                  {t.epStrategyName(s)}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="button" className="btn" disabled={disabled} data-testid="pl-energy-add" onClick={add}>
          {t.plAddLever}
        </button>
        <FieldError text={error} testId="pl-energy-error" />
      </div>
      <LeverList
        domain="energy"
        levers={levers}
        describe={describe}
        errors={errors}
        disabled={disabled}
        onChange={onChange}
      />
    </div>
  );
}
