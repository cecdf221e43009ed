/**
 * The planner's lever editor for the traffic domain (issue 7): road link / whole road (bridge) closures and lane
 * removal at the selected link, green split at its downstream signal, and demand change by district. Levers are the
 * core's TrafficLever; the lever is built from the selection by src/scenario/levers.ts and checked by the scenario
 * runner's validator before it joins the list.
 */
import { useState } from 'react';
import type { LeverEditorProps } from '../types.ts';
import type { TrafficLever } from '../../core/traffic/types.ts';
import { dict, type Dict } from '../../app/i18n.ts';
import { getModel } from '../../app/sceneHolder.ts';
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
import { FieldError, LeverList, upsertLever, useLeverErrors, validateLeverOf } from '../../plan/leverUi.tsx';

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
export function TrafficLeverEditor({ levers, onChange, disabled }: LeverEditorProps) {
  const lang = useAppStore((s) => s.lang);
  const selection = useAppStore((s) => s.selection);
  useAppStore((s) => s.sceneLoad);
  const t = dict(lang);
  const city = getModel();
  const districts = city ? districtZones(city) : [];
  const [kind, setKind] = useState<LeverKind>('closeLink');
  const [zone, setZone] = useState<number | null>(districts[0] ?? null);
  const [pct, setPct] = useState(20);
  const [lanes, setLanes] = useState(1);
  const [green, setGreen] = useState(0.4);
  const [error, setError] = useState<string | null>(null);
  const errors = useLeverErrors('traffic', city, levers);
  if (!city) return null;
  const link = selection?.kind === 'link' && selection.index < city.roads.linkCount ? selection.index : null;
  const needsLink = kind !== 'demandByDistrict';
  const add = () => {
    const built = leverFromDraft(city, { kind, link, lanes, zone, pct, greenRatio: green });
    if ('problem' in built) return setError(problemText(t, built.problem));
    const why = validateLeverOf('traffic', city, built.lever);
    if (why) return setError(t.wiInvalid(why));
    setError(null);
    onChange(upsertLever<TrafficLever>(levers, built.lever, leverKey));
  };
  const describe = (l: unknown): string => {
    try {
      return describeLever(t, city, lang, l as TrafficLever);
    } catch {
      return JSON.stringify(l);
    }
  };
  return (
    <div className="pl-editor" data-testid="pl-editor-traffic">
      <div className="pl-form">
        <label>
          <span>{t.plLeverKind}</span>
          <select
            value={kind}
            disabled={disabled}
            data-testid="pl-traffic-kind"
            onChange={(e) => {
              setKind(e.target.value as LeverKind);
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
          <label>
            <span>{t.wiLanesInput}</span>
            <input
              type="number"
              min={1}
              max={8}
              step={1}
              value={lanes}
              disabled={disabled}
              data-testid="pl-traffic-lanes"
              onChange={(e) => setLanes(Number(e.target.value))}
            />
          </label>
        )}
        {kind === 'signalGreenSplit' && (
          <label>
            <span>{t.wiGreenInput}</span>
            <input
              type="number"
              min={0.1}
              max={0.9}
              step={0.05}
              value={green}
              disabled={disabled}
              onChange={(e) => setGreen(Number(e.target.value))}
            />
          </label>
        )}
        {kind === 'demandByDistrict' && (
          <>
            <label>
              <span>{t.plDistrict}</span>
              <select
                value={zone ?? ''}
                disabled={disabled}
                data-testid="pl-traffic-zone"
                onChange={(e) => setZone(e.target.value === '' ? null : Number(e.target.value))}
              >
                {districts.map((z) => (
                  <option key={z} value={z}>
                    {zoneName(city, z, lang)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>{t.wiPctInput}</span>
              <input
                type="number"
                min={DEMAND_PCT_MIN}
                max={DEMAND_PCT_MAX}
                step={5}
                value={pct}
                disabled={disabled}
                data-testid="pl-traffic-pct"
                onChange={(e) => setPct(e.target.value === '' ? Number.NaN : Number(e.target.value))}
              />
            </label>
          </>
        )}
        <button type="button" className="btn" disabled={disabled} data-testid="pl-traffic-add" onClick={add}>
          {t.plAddLever}
        </button>
        <FieldError text={error} testId="pl-traffic-error" />
      </div>
      <LeverList
        domain="traffic"
        levers={levers}
        describe={describe}
        errors={errors}
        disabled={disabled}
        onChange={onChange}
      />
    </div>
  );
}
