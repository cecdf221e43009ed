/**
 * The inspector's rows for an energy asset (a grid-model element): its name, what it is and its ratings from the
 * client's grid model, and its live values from the hot energy buffers (src/feed/hotEnergy.ts) after the latest
 * dispatch step — read here when the inspector re-renders (on each new dispatch step in the store), never through
 * the store.
 */
import type { ReactNode } from 'react';
import type { Dict } from '../app/i18n.ts';
import { fmt } from '../app/format.ts';
import { energyAssetName } from '../core/energy/city/assetPosition.ts';
import { StationKind, type CityGridModel } from '../core/energy/city/gridModel.ts';
import type { EnergyAssetKind } from '../core/protocol/energyMessages.ts';
import type { EnergyStateField } from '../core/protocol/energyState.ts';
import type { CityModel } from '../core/scene/types.ts';
import { hotEnergy } from '../feed/hotEnergy.ts';
import { clockHm } from './trafficFormat.ts';

type Row = readonly [label: string, value: ReactNode];

/** The latest value of a hot energy column for element i (NaN before the first state or out of range). */
function hotValue(field: EnergyStateField, i: number): number {
  const col = hotEnergy.columns[field];
  return i >= 0 && i < col.length ? (col[i] as number) : Number.NaN;
}

/** A live value cell (marked for tests and styled as live). */
function live(id: string, text: string): ReactNode {
  return (
    <span className="live" data-testid={`energy-live-${id}`}>
      {text}
    </span>
  );
}

/** Loading percent with an "over" mark above 100 %. */
function loadingCell(id: string, pct: number): ReactNode {
  return (
    <span className={`live${pct > 100 ? ' energy-over' : ''}`} data-testid={`energy-live-${id}`}>
      {`${fmt(pct, 0)} %`}
    </span>
  );
}

/** Name of a station kind. */
function stationKindLabel(t: Dict, k: number): string {
  return k === StationKind.import
    ? t.enpStationImport
    : k === StationKind.virtual
      ? t.enpStationVirtual
      : t.enpStationSubstation;
}

/** Title and rows of energy asset (kind, index); null when the index is not in the grid model. */
export function describeEnergyAsset(
  city: CityModel,
  g: CityGridModel,
  kind: EnergyAssetKind,
  index: number,
  t: Dict,
): { title: string; rows: Row[] } {
  const i = index;
  const rows: Row[] = [
    [t.fieldName, energyAssetName(city, g, kind, i)],
    [t.fieldId, `${kind}:${i}`],
  ];
  switch (kind) {
    case 'station': {
      const isSlack = i === g.slackStation;
      let feeders = 0;
      for (let f = 0; f < g.feederCount; f++) if (g.feederStation[f] === i) feeders++;
      rows.push(
        [t.fieldKind, stationKindLabel(t, g.stationKind[i] as number)],
        [t.enpRating, `${fmt(g.stationRatingMva[i] as number, 0)} MVA`],
      );
      if (isSlack) rows.push([t.enpImportLimit, `${fmt(g.importLimitMw, 0)} MW`]);
      rows.push(
        [t.enpFeeders, String(feeders)],
        [t.enpLoading, loadingCell('loading', hotValue('stationLoadingPct', i))],
        [
          isSlack ? t.enpImportNow : t.enpStationLoad,
          live('load', `${fmt(hotValue('stationLoadMw', i), 1)} MW`),
        ],
      );
      break;
    }
    case 'feeder': {
      let buses = 0;
      let vMin = Number.POSITIVE_INFINITY;
      let maxLoading = Number.NEGATIVE_INFINITY;
      for (let b = 0; b < g.busCount; b++) {
        if (g.busFeeder[b] !== i) continue;
        buses++;
        const v = hotValue('busVoltagePu', b);
        const l = hotValue('sectionLoadingPct', b);
        if (v < vMin) vMin = v;
        if (l > maxLoading) maxLoading = l;
      }
      rows.push(
        [t.enpStation, g.stationName[g.feederStation[i] as number] ?? '—'],
        [t.enpSections, String(buses)],
        [t.enpHeadMw, live('head', `${fmt(hotValue('feederHeadMw', i), 2)} MW`)],
        [t.enpMinVoltage, live('vmin', `${fmt(vMin, 3)} p.u.`)],
        [t.enpMaxSectionLoading, loadingCell('max-loading', maxLoading)],
      );
      break;
    }
    case 'bus': {
      const flow = hotValue('sectionFlowMw', i);
      rows.push(
        [t.enpFeeder, g.feederName[g.busFeeder[i] as number] ?? '—'],
        [t.enpStation, g.stationName[g.busStation[i] as number] ?? '—'],
        [t.fieldLength, `${fmt(g.busLengthM[i] as number, 0)} m`],
        [t.enpRating, `${fmt(g.busRatingMva[i] as number, 1)} MVA`],
        [t.enpVoltage, live('voltage', `${fmt(hotValue('busVoltagePu', i), 3)} p.u.`)],
        [t.enpLoading, loadingCell('loading', hotValue('sectionLoadingPct', i))],
        [t.enpFlow, live('flow', `${fmt(flow, 2)} MW ${flow < 0 ? t.enpFlowUpstream : ''}`.trim())],
      );
      break;
    }
    case 'hvLine': {
      const flow = hotValue('hvLineFlowMw', i);
      const from = g.stationName[g.hvFrom[i] as number] ?? '?';
      const to = g.stationName[g.hvTo[i] as number] ?? '?';
      rows.push(
        [t.fieldLength, `${fmt((g.hvLengthM[i] as number) / 1000, 2)} km`],
        [t.enpCircuits, String(g.hvCircuits[i])],
        [t.enpRating, `${fmt(g.hvRatingMva[i] as number, 0)} MVA`],
        [t.enpLoading, loadingCell('loading', hotValue('hvLineLoadingPct', i))],
        [
          t.enpFlow,
          live(
            'flow',
            Number.isFinite(flow)
              ? `${fmt(Math.abs(flow), 1)} MW ${flow >= 0 ? `${from} → ${to}` : `${to} → ${from}`}`
              : '—',
          ),
        ],
      );
      break;
    }
    case 'storage': {
      const mw = hotValue('storageMw', i);
      const state = !Number.isFinite(mw)
        ? ''
        : mw > 1e-3
          ? t.enpDischarging
          : mw < -1e-3
            ? t.enpCharging
            : t.enpIdle;
      rows.push(
        [t.enpStation, g.stationName[g.storage.station[i] as number] ?? '—'],
        [t.enpPowerRating, `${fmt(g.storage.powerMw[i] as number, 1)} MW`],
        [t.enpEnergyRating, `${fmt(g.storage.energyMwh[i] as number, 1)} MWh`],
        [t.enpSoc, live('soc', `${fmt(hotValue('storageSocPct', i), 0)} %`)],
        [t.enpStoragePower, live('mw', `${fmt(mw, 2)} MW ${state}`.trim())],
      );
      break;
    }
    case 'pv': {
      const mw = hotValue('pvUnitMw', i);
      const rating = g.pv.ratingMw[i] as number;
      rows.push(
        [t.enpStation, g.stationName[g.pv.station[i] as number] ?? '—'],
        [t.enpPowerRating, `${fmt(rating, 2)} MW`],
        [
          t.enpPvOutput,
          live('mw', `${fmt(mw, 2)} MW${rating > 0 ? ` (${fmt((mw / rating) * 100, 0)} %)` : ''}`),
        ],
      );
      break;
    }
    default: {
      const never: never = kind;
      throw new Error(`unhandled energy asset ${String(never)}`);
    }
  }
  rows.push([
    t.enpAsOf,
    hotEnergy.simTimeMs > 0 ? clockHm(hotEnergy.simTimeMs) : <span className="muted">{t.enpNoState}</span>,
  ]);
  return { title: t.energyAssetKind(kind), rows };
}
