/**
 * Attributes of the selected feature: ids, names, geometry facts with units and where derived values came from;
 * for sensors the live values from the hot buffers, refreshed at 2 Hz (a timer re-render of this panel only); for
 * energy assets the hot energy state, re-read on each dispatch step; for road links the speed / flow / v/c time
 * series of the last hours (LinkSeriesChart); for energy assets their 24 h series (EnergyAssetChart).
 */
import { cascadeById, hazardById } from '../app/hazardSelection.ts';
import { useEffect, useState, type ReactNode } from 'react';
import { getGridModel } from '../app/gridHolder.ts';
import { energyAssetCount } from '../core/energy/city/assetPosition.ts';
import { HeightSource, LinkFlag, NO_INDEX, type CityModel, type FeatureName } from '../core/scene/types.ts';
import { Channel, hot } from '../feed/hotBuffers.ts';
import { useAppStore, appStore } from '../state/store.ts';
import type { Selection } from '../state/selectionSlice.ts';
import type { Lang } from '../state/uiSlice.ts';
import { dict, pickName, type Dict } from '../app/i18n.ts';
import { fmt, label } from '../app/format.ts';
import { getModel } from '../app/sceneHolder.ts';
import { requestFlyTo } from '../views/flyTo.ts';
import { LinkSeriesChart } from './LinkSeriesChart.tsx';
import { EnergyAssetChart } from './EnergyAssetChart.tsx';
import { describeEnergyAsset } from './energyInspector.tsx';
import {
  BUILDING_USE_LABELS,
  POI_KIND_LABELS,
  POWER_KIND_LABELS,
  ROAD_CLASS_LABELS,
  SENSOR_KIND_LABELS,
} from '../app/palette.ts';

type Row = readonly [label: string, value: ReactNode];

function nameRows(t: Dict, name: FeatureName | undefined, lang: Lang): Row[] {
  if (!name) return [];
  const rows: Row[] = [[t.fieldName, pickName(name, lang)]];
  if (name.zh) rows.push([t.fieldNameZh, name.zh]);
  if (name.en) rows.push([t.fieldNameEn, name.en]);
  return rows;
}

/** Title and attribute rows of a selection. */
function describe(
  model: CityModel,
  sel: Selection,
  t: Dict,
  lang: Lang,
): { title: string; rows: Row[] } | null {
  switch (sel.kind) {
    case 'building': {
      const b = model.buildings;
      const i = sel.index;
      if (i >= b.count) return null;
      const src = b.heightSource[i] as number;
      const from =
        src === HeightSource.given
          ? t.heightGiven
          : src === HeightSource.levels
            ? t.heightLevels
            : t.heightUseClass;
      const rows: Row[] = [
        [t.fieldId, b.sourceId[i]],
        ...nameRows(t, b.names.get(i), lang),
        [t.fieldHeight, `${fmt(b.heightM[i] as number, 1)} m`],
        [t.fieldHeightSource, <span className={src === HeightSource.given ? '' : 'derived'}>{from}</span>],
      ];
      if ((b.minHeightM[i] as number) > 0)
        rows.push([t.fieldMinHeight, `${fmt(b.minHeightM[i] as number, 1)} m`]);
      rows.push(
        [t.fieldLevels, (b.levels[i] as number) > 0 ? String(b.levels[i]) : t.unknown],
        [t.fieldUse, label(t, BUILDING_USE_LABELS, b.use[i] as number)],
        [t.fieldArea, `${fmt(b.areaM2[i] as number)} m²`],
        [t.fieldIndex, String(i)],
      );
      return { title: t.kindBuilding, rows };
    }
    case 'link': {
      const r = model.roads;
      const i = sel.index;
      if (i >= r.linkCount) return null;
      const f = r.flags[i] as number;
      const flags: string[] = [];
      if (f & LinkFlag.oneway) flags.push(t.flagOneway);
      if (f & LinkFlag.bridge) flags.push(t.flagBridge);
      if (f & LinkFlag.tunnel) flags.push(t.flagTunnel);
      if (f & LinkFlag.busRoute) flags.push(t.flagBusRoute);
      if (f & LinkFlag.lanesDerived) flags.push(t.flagLanesDerived);
      if (f & LinkFlag.speedDerived) flags.push(t.flagSpeedDerived);
      const way = r.ways[r.linkWay[i] as number];
      return {
        title: t.kindLink,
        rows: [
          [t.fieldId, `link:${i}${way ? ` · ${way.sourceId}` : ''}`],
          ...nameRows(t, way?.name, lang),
          [t.fieldClass, label(t, ROAD_CLASS_LABELS, r.linkClass[i] as number)],
          [t.fieldLanes, <span className={f & LinkFlag.lanesDerived ? 'derived' : ''}>{r.lanes[i]}</span>],
          [t.fieldCapacity, `${fmt(r.capacityVph[i] as number)} veh/h`],
          [
            t.fieldFreeSpeed,
            <span className={f & LinkFlag.speedDerived ? 'derived' : ''}>
              {fmt(r.freeSpeedKph[i] as number)} km/h
            </span>,
          ],
          [t.fieldLength, `${fmt(r.lengthM[i] as number, 1)} m`],
          [t.fieldFromTo, `node:${r.linkFrom[i]} → node:${r.linkTo[i]}`],
          [t.fieldFlags, flags.length ? flags.join(' · ') : t.none],
        ],
      };
    }
    case 'sensor': {
      const s = model.sensors;
      const i = sel.index;
      if (i >= s.count) return null;
      const l = s.linkIndex[i] as number;
      const val = (ch: Channel) => (i < hot.sensorCount ? (hot.values[ch]?.[i] ?? Number.NaN) : Number.NaN);
      const rows: Row[] = [
        [t.fieldId, s.sourceId[i]],
        [t.fieldKind, label(t, SENSOR_KIND_LABELS, s.kind[i] as number)],
      ];
      if (l !== NO_INDEX) rows.push([t.fieldLink, `link:${l}`]);
      const live: [string, Channel, string, number][] = [
        [t.chSpeed, Channel.speedKph, 'km/h', 1],
        [t.chFlow, Channel.flowVph, 'veh/h', 0],
        [t.chOccupancy, Channel.occupancyPct, '%', 1],
        [t.chLoad, Channel.loadMW, 'MW', 2],
        [t.chTemperature, Channel.temperatureC, '°C', 1],
        [t.chRain, Channel.rainMmH, 'mm/h', 1],
        [t.chWind, Channel.windMS, 'm/s', 1],
      ];
      let any = false;
      for (const [name, ch, unit, digits] of live) {
        const v = val(ch);
        if (Number.isFinite(v)) {
          any = true;
          rows.push([
            name,
            <span className="live" data-testid="inspector-live-value">{`${fmt(v, digits)} ${unit}`}</span>,
          ]);
        }
      }
      const speed = val(Channel.speedKph);
      if (l !== NO_INDEX && l < model.roads.linkCount && Number.isFinite(speed)) {
        rows.push([
          t.fieldSpeedRatio,
          <span className="live">{fmt(speed / (model.roads.freeSpeedKph[l] as number), 2)}</span>,
        ]);
      }
      if (!any) rows.push([t.fieldLastReading, t.noReading]);
      else if (i < hot.lastSimMs.length && (hot.lastSimMs[i] as number) > 0)
        rows.push([t.fieldLastReading, new Date(hot.lastSimMs[i] as number).toISOString().slice(11, 19)]);
      return { title: t.kindSensor, rows };
    }
    case 'power': {
      const p = model.power;
      const i = sel.index;
      if (i >= p.count) return null;
      const kind = p.kind[i] as number;
      const rows: Row[] = [
        [t.fieldId, p.sourceId[i]],
        ...nameRows(t, p.names.get(i), lang),
        [t.fieldKind, label(t, POWER_KIND_LABELS, kind)],
        [
          t.fieldRating,
          (p.ratingMW[i] as number) > 0
            ? `${fmt(p.ratingMW[i] as number, 1)} ${kind === 0 ? 'MVA' : 'MW'}`
            : t.unknown,
        ],
      ];
      if ((p.energyMWh[i] as number) > 0)
        rows.push([t.fieldEnergy, `${fmt(p.energyMWh[i] as number, 1)} MWh`]);
      if ((p.voltageKV[i] as number) > 0) rows.push([t.fieldVoltage, `${fmt(p.voltageKV[i] as number)} kV`]);
      return { title: t.kindPower, rows };
    }
    case 'poi': {
      const p = model.pois;
      const i = sel.index;
      if (i >= p.count) return null;
      const rows: Row[] = [
        [t.fieldId, p.sourceId[i]],
        ...nameRows(t, p.names.get(i), lang),
        [t.fieldKind, label(t, POI_KIND_LABELS, p.kind[i] as number)],
      ];
      if ((p.capacity[i] as number) > 0) rows.push([t.fieldCapacityPoi, fmt(p.capacity[i] as number)]);
      return { title: t.kindPoi, rows };
    }
    case 'incident': {
      const inc = appStore.getState().incidents.find((x) => x.id === sel.id);
      if (!inc) return null;
      return {
        title: t.kindIncident,
        rows: [
          [t.fieldId, inc.id],
          [t.fieldKind, inc.kind],
          [t.fieldSeverity, `${inc.severity} / 4`],
          [t.fieldDescription, inc.description[lang]],
        ],
      };
    }
    case 'workOrder': {
      const o = appStore.getState().woOrders.get(sel.id);
      if (!o) return null;
      return {
        title: t.kindWorkOrder,
        rows: [
          [t.fieldId, o.id],
          [t.fieldKind, t.woCategory(o.category)],
          [t.woStageLabel, t.woStage(o.stage)],
          ...(o.department !== null ? ([[t.woDepartmentLabel, t.woDepartment(o.department)]] as Row[]) : []),
        ],
      };
    }
    case 'energy': {
      const g = getGridModel();
      if (g === null || !(sel.index < energyAssetCount(g, sel.asset))) return null;
      return describeEnergyAsset(model, g, sel.asset, sel.index, t);
    }
    case 'hazard': {
      const h = hazardById(sel.id);
      if (!h) return null;
      return {
        title: t.kindHazard,
        rows: [
          [t.fieldId, h.id],
          [t.fieldKind, t.hzKind(h.kind)],
          [t.fieldName, h.label[lang]],
          [t.hzPhaseLabel, t.hzPhase(h.phase)],
          [t.hzAlertLabel, t.hzAlert(h.alertLevel)],
          [h.headline.label[lang], `${h.headline.value.toFixed(2)} ${h.headline.unit}`],
        ],
      };
    }
    case 'cascade': {
      const c = cascadeById(sel.id);
      if (!c) return null;
      return {
        title: t.kindCascade,
        rows: [
          [t.fieldId, c.id],
          [t.fieldKind, `${t.hzSystem(c.system)} · ${t.hzCascadeKind(c.kind)}`],
          [t.fieldName, c.title[lang]],
          [t.hzWhyLabel, c.why[lang]],
          [t.hzSeverityLabel, t.hzSeverity(c.severity)],
        ],
      };
    }
    default: {
      const never: never = sel;
      throw new Error(`unhandled selection ${String(never)}`);
    }
  }
}

/** The inspector panel. */
export function Inspector() {
  const selection = useAppStore((s) => s.selection);
  const lang = useAppStore((s) => s.lang);
  const version = useAppStore((s) => (s.sceneLoad.phase === 'ready' ? s.sceneLoad.version : 0));
  const [, setTick] = useState(0);
  const t = dict(lang);
  // Live values of an energy asset: re-render when a dispatch step lands (the feed hands the hot energy state and the
  // step's store message over together, src/feed/energyFrame.ts), so the rows and the series chart agree.
  useAppStore((s) =>
    s.selection?.kind === 'energy' ? (s.energyHistory[s.energyHistory.length - 1]?.simTimeMs ?? 0) : 0,
  );
  // Live values of a sensor: re-render this panel at 2 Hz while a sensor is selected (not per reading).
  useEffect(() => {
    if (selection?.kind !== 'sensor') return;
    const id = setInterval(() => setTick((n) => n + 1), 500);
    return () => clearInterval(id);
  }, [selection]);
  const model = version > 0 ? getModel() : null;
  const d = model && selection ? describe(model, selection, t, lang) : null;
  return (
    <section className="panel inspector" data-testid="inspector">
      <header className="panel-head">
        <h2>{t.inspector}</h2>
        {selection && (
          <span className="panel-actions">
            <button
              type="button"
              className="link-btn"
              data-testid="inspector-fly-to"
              title={t.flyToTitle}
              onClick={() => requestFlyTo()}
            >
              {t.flyTo}
            </button>{' '}
            <button
              type="button"
              className="link-btn"
              onClick={() => appStore.getState().select(null, 'panel')}
            >
              {t.clearSelection}
            </button>
          </span>
        )}
      </header>
      {d ? (
        <>
          <div className="inspector-kind" data-testid="inspector-kind">
            {d.title}
          </div>
          <dl className="kv">
            {d.rows.map(([k, v], i) => (
              <div className="kv-row" key={i}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
          {selection?.kind === 'link' && <LinkSeriesChart key={selection.index} link={selection.index} />}
          {selection?.kind === 'energy' && (
            <EnergyAssetChart
              key={`${selection.asset}:${selection.index}`}
              asset={selection.asset}
              index={selection.index}
            />
          )}
        </>
      ) : (
        <p className="muted">{t.inspectorEmpty}</p>
      )}
    </section>
  );
}
