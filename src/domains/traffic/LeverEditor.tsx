/**
 * The planner's lever editor for the traffic domain (issue 7): road link / whole road (bridge) closures and lane
 * removal at the selected link, green split at its downstream signal, and demand change by district. Levers are the
 * core's TrafficLever; the lever is built from the selection by src/scenario/levers.ts and checked by the scenario
 * runner's validator before it joins the list.
 */
import { useState } from 'react';
import type { LeverEditorProps } from '../types.ts';
import type { TrafficLever } from '../../core/traffic/types.ts';
import type { Dict } from '../../app/i18n.ts';
import { useAppStore } from '../../state/store.ts';
import {
  DEMAND_PCT_MAX,
  DEMAND_PCT_MIN,
  districtZones,
  downstreamSignal,
  leverFromDraft,
  leverKey,
  type DraftProblem,
  type LeverKind,
} from '../../scenario/levers.ts';
import { describeLever } from '../../panels/WhatIfPanel.tsx';
import { linkName, zoneName } from '../../panels/trafficFormat.ts';
import {
  LeverEditorFrame,
  NumberField,
  SelectField,
  useLeverForm,
  useLeverScene,
} from '../../plan/leverUi.tsx';

const KINDS: readonly LeverKind[] = [
  'closeLink',
  'closeWay',
  'removeLanes',
  'signalGreenSplit',
  'demandByDistrict',
];

function kindLabel(t: Dict, k: LeverKind): string {
  switch (k) {
    case 'closeLink':
      return t.wiCloseLink;
    case 'closeWay':
      return t.wiCloseWay;
    case 'removeLanes':
      return t.wiRemoveLanes;
    case 'demandByDistrict':
      return t.wiDemand;
    case 'signalGreenSplit':
      return t.wiGreenSplit;
    default: {
      const never: never = k;
      return String(never);
    }
  }
}

function problemText(t: Dict, p: DraftProblem): string {
  switch (p) {
    case 'noLink':
      return t.wiNeedLink;
    case 'noZone':
      return t.wiNeedZone;
    case 'noSignal':
      return t.wiNoSignal;
    case 'badNumber':
      return t.wiBadNumber;
    default: {
      const never: never = p;
      return String(never);
    }
  }
}

/** Edits the traffic levers of a scenario. */
export function TrafficLeverEditor(props: LeverEditorProps) {
  const { levers, onChange, disabled } = props;
  const { lang, t, city } = useLeverScene();
  const selection = useAppStore((s) => s.selection);
  const districts = city ? districtZones(city) : [];
  const [kind, setKind] = useState<LeverKind>('closeLink');
  const [zone, setZone] = useState<number | null>(districts[0] ?? null);
  const [pct, setPct] = useState(20);
  const [lanes, setLanes] = useState(1);
  const [green, setGreen] = useState(0.4);
  const form = useLeverForm('traffic', city, levers, onChange);
  if (!city) return null;
  const link = selection?.kind === 'link' && selection.index < city.roads.linkCount ? selection.index : null;
  const needsLink = kind !== 'demandByDistrict';
  const add = () => {
    const built = leverFromDraft(city, { kind, link, lanes, zone, pct, greenRatio: green });
    if ('problem' in built) return form.setError(problemText(t, built.problem));
    form.commit<TrafficLever>(built.lever, t.wiInvalid, leverKey);
  };
  return (
    <LeverEditorFrame
      domain="traffic"
      editor={props}
      form={form}
      describe={(l) => describeLever(t, city, lang, l as TrafficLever)}
      onAdd={add}
      kind={kind}
      kinds={KINDS}
      labelOf={(k) => kindLabel(t, k)}
      onKind={setKind}
    >
      {needsLink && (
        <div className={link === null ? 'pl-target none' : 'pl-target'} data-testid="pl-traffic-target">
          {link === null
            ? t.plPickLink
            : t.plAtLink(linkName(city, link, lang), link) +
              (kind === 'signalGreenSplit'
                ? ` · ${
                    downstreamSignal(city, link) === null
                      ? t.wiNoSignalShort
                      : t.wiSignalAt(downstreamSignal(city, link) as number)
                  }`
                : '')}
        </div>
      )}
      {kind === 'removeLanes' && (
        <NumberField
          label={t.wiLanesInput}
          value={lanes}
          min={1}
          max={8}
          step={1}
          disabled={disabled}
          testId="pl-traffic-lanes"
          blankIsZero
          onChange={setLanes}
        />
      )}
      {kind === 'signalGreenSplit' && (
        <NumberField
          label={t.wiGreenInput}
          value={green}
          min={0.1}
          max={0.9}
          step={0.05}
          disabled={disabled}
          blankIsZero
          onChange={setGreen}
        />
      )}
      {kind === 'demandByDistrict' && (
        <>
          <SelectField
            label={t.plDistrict}
            value={zone}
            options={districts}
            labelOf={(z) => zoneName(city, z, lang)}
            disabled={disabled}
            testId="pl-traffic-zone"
            onChange={setZone}
          />
          <NumberField
            label={t.wiPctInput}
            value={pct}
            min={DEMAND_PCT_MIN}
            max={DEMAND_PCT_MAX}
            step={5}
            disabled={disabled}
            testId="pl-traffic-pct"
            onChange={setPct}
          />
        </>
      )}
    </LeverEditorFrame>
  );
}
