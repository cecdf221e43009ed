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
import type { Dict } from '../../app/i18n.ts';
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
import {
  LeverEditorFrame,
  numberFields,
  SelectField,
  useLeverForm,
  useLeverScene,
} from '../../plan/leverUi.tsx';

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

/** Edits the energy levers of a scenario. */
export function EnergyLeverEditor(props: LeverEditorProps) {
  const { levers, onChange, disabled } = props;
  const { t, city } = useLeverScene();
  const selection = useAppStore((s) => s.selection);
  const grid = getGridModel();
  const [kind, setKind] = useState<EnergyDraftKind>('trip');
  const [pvMw, setPvMw] = useState(20);
  const [storageMw, setStorageMw] = useState(10);
  const [storageMwh, setStorageMwh] = useState(40);
  const [evPct, setEvPct] = useState(50);
  const [heatPct, setHeatPct] = useState(20);
  const [strategy, setStrategy] = useState<StorageStrategy>(StorageStrategy.peakShave);
  const form = useLeverForm('energy', city, levers, onChange);
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
    if ('problem' in built) return form.setError(problemText(t, built.problem));
    form.commit<EnergyLever>(built.lever, t.epInvalid, energyLeverKey);
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
  const num = numberFields(disabled);
  return (
    <LeverEditorFrame
      domain="energy"
      editor={props}
      form={form}
      describe={(l) => (grid ? describeEnergyLever(t, city, grid, l as EnergyLever) : JSON.stringify(l))}
      onAdd={add}
      kind={kind}
      kinds={KINDS}
      labelOf={(k) => kindLabel(t, k)}
      onKind={setKind}
    >
      {needsSelection && (
        <div className={target ? 'pl-target' : 'pl-target none'} data-testid="pl-energy-target">
          {targetText()}
        </div>
      )}
      {kind === 'addPv' && num(t.epPvMwInput, pvMw, setPvMw, [0, 1000, 5], 'pl-energy-pv')}
      {kind === 'addStorage' && (
        <>
          {num(t.epStoMwInput, storageMw, setStorageMw, [0, 1000, 5], 'pl-energy-sto-mw')}
          {num(t.epStoMwhInput, storageMwh, setStorageMwh, [0, 10000, 10], 'pl-energy-sto-mwh')}
        </>
      )}
      {kind === 'evGrowth' && num(t.epEvPctInput, evPct, setEvPct, [-100, 500, 10], 'pl-energy-ev')}
      {kind === 'heatWave' && num(t.epHeatPctInput, heatPct, setHeatPct, [-100, 500, 5], 'pl-energy-heat')}
      {kind === 'storageStrategy' && (
        <SelectField
          label={t.epStrategy}
          value={strategy}
          options={Object.values(StorageStrategy)}
          labelOf={(s) => t.epStrategyName(s)}
          disabled={disabled}
          onChange={setStrategy}
        />
      )}
    </LeverEditorFrame>
  );
}
