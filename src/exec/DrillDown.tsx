/**
 * Drill-down city → district → grid cell: a breadcrumb, the chosen zone's KPIs from every domain (its `zoneKpis`),
 * and a table comparing the zones one level down (each domain's first zone KPI as a column, the worst values
 * tinted). Choosing a zone flies both views' cameras to frame it.
 */
import { DOMAINS } from '../domains/registry.ts';
import type { ZoneKpi } from '../domains/types.ts';
import type { AppState } from '../state/store.ts';
import type { Dict } from '../app/i18n.ts';
import type { Lang } from '../state/uiSlice.ts';
import { zoneCentre, zoneName, zoneRadiusM, zonesOfLevel } from '../domains/liveShared.ts';
import { cameraBridge, setTwinCamera } from '../views/cameraBridge.ts';
import { getModel } from '../app/sceneHolder.ts';
import { valueText, zoneCamera } from './execFormat.ts';
import { FLY_MS } from './TopAlerts.tsx';

/** Where the drill-down is. */
export type DrillState =
  | { readonly level: 'city' }
  | { readonly level: 'district'; readonly district: number }
  | { readonly level: 'cell'; readonly district: number; readonly cell: number };

/** Flies both views to frame zone `z`. */
export function flyToZone(z: number): void {
  const c = zoneCentre(z);
  const r = zoneRadiusM(z);
  if (c === null || r === null) return;
  const cam = cameraBridge('three')?.get() ?? cameraBridge('map')?.get();
  setTwinCamera(zoneCamera(c, r, cam?.headingDeg ?? 0), FLY_MS);
}

/** Flies both views back to frame the whole city (the scene's extent). */
export function flyToCity(): void {
  const e = getModel()?.meta.extentM;
  if (e === undefined) return;
  const cam = cameraBridge('three')?.get() ?? cameraBridge('map')?.get();
  const centre = { x: (e.minX + e.maxX) / 2, y: (e.minY + e.maxY) / 2 };
  setTwinCamera(
    zoneCamera(centre, Math.hypot(e.maxX - e.minX, e.maxY - e.minY) / 2, cam?.headingDeg ?? 0),
    FLY_MS,
  );
}

/** A column of the comparison table: one domain's first zone KPI at a level. */
interface Column {
  readonly domain: string;
  readonly kpi: ZoneKpi;
}

function columnsAt(s: AppState, level: 0 | 1): Column[] {
  const out: Column[] = [];
  for (const d of DOMAINS) {
    const k = d.zoneKpis(s, level)[0];
    if (k !== undefined) out.push({ domain: d.id, kpi: k });
  }
  return out;
}

/** Whether value v is the worst third of the column's finite values (tinted in the table). */
function isWorst(k: ZoneKpi, zones: readonly number[], v: number): boolean {
  if (!Number.isFinite(v) || k.better === 'neutral') return false;
  const vals = zones.map((z) => k.values[z] ?? NaN).filter(Number.isFinite);
  if (vals.length < 2) return false;
  const lo = Math.min(...vals);
  const hi = Math.max(...vals);
  if (hi === lo) return false;
  const f = (v - lo) / (hi - lo);
  return k.better === 'lower' ? f >= 2 / 3 : f <= 1 / 3;
}

function CompareTable({
  s,
  level,
  zones,
  selected,
  onPick,
  lang,
  t,
}: {
  s: AppState;
  level: 0 | 1;
  zones: readonly number[];
  selected: number;
  onPick(z: number): void;
  lang: Lang;
  t: Dict;
}) {
  const cols = columnsAt(s, level);
  if (cols.length === 0 || zones.length === 0) return <p className="muted">{t.exNoZoneData}</p>;
  return (
    <div className="ex-zone-scroll">
      <table className="ex-zone-table" data-testid={`ex-zone-table-${level}`}>
        <thead>
          <tr>
            <th>{level === 0 ? t.exDistricts : t.exCells}</th>
            {cols.map((c) => (
              <th key={`${c.domain}.${c.kpi.id}`} className="num">
                {c.kpi.label[lang]}
                {c.kpi.unit !== '' && <span className="ex-th-unit"> {c.kpi.unit}</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {zones.map((z) => (
            <tr
              key={z}
              className={`ex-zone-row${z === selected ? ' selected' : ''}`}
              data-testid="ex-zone-row"
              data-zone={z}
              onClick={() => onPick(z)}
            >
              <td className="ex-zone-name">{zoneName(z)[lang]}</td>
              {cols.map((c) => {
                const v = c.kpi.values[z] ?? NaN;
                return (
                  <td
                    key={`${c.domain}.${c.kpi.id}`}
                    className={`num${isWorst(c.kpi, zones, v) ? ' worst' : ''}`}
                  >
                    {valueText(v, c.kpi.digits)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Every domain's KPIs for one zone. */
function ZoneKpis({
  s,
  level,
  zone,
  lang,
  t,
}: {
  s: AppState;
  level: 0 | 1;
  zone: number;
  lang: Lang;
  t: Dict;
}) {
  const items: { key: string; domain: string; k: ZoneKpi }[] = [];
  for (const d of DOMAINS)
    for (const k of d.zoneKpis(s, level)) items.push({ key: `${d.id}.${k.id}`, domain: d.name[lang], k });
  if (items.length === 0) return <p className="muted">{t.exNoZoneData}</p>;
  return (
    <dl className="ex-zone-kpis" data-testid="ex-zone-kpis" data-zone={zone}>
      {items.map(({ key, domain, k }) => (
        <div key={key} className="ex-zone-kpi" data-testid="ex-zone-kpi" data-id={key}>
          <dt>
            <span className="ex-zone-kpi-domain">{domain}</span> {k.label[lang]}
          </dt>
          <dd>
            <span className="ex-zone-kpi-value">{valueText(k.values[zone] ?? NaN, k.digits)}</span>
            {k.unit !== '' && <span className="ex-kpi-unit"> {k.unit}</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The drill-down panel. */
export function DrillDown({
  s,
  drill,
  setDrill,
  lang,
  t,
}: {
  s: AppState;
  drill: DrillState;
  setDrill(d: DrillState): void;
  lang: Lang;
  t: Dict;
}) {
  const pickDistrict = (z: number): void => {
    setDrill({ level: 'district', district: z });
    flyToZone(z);
  };
  const pickCell = (district: number, c: number): void => {
    setDrill({ level: 'cell', district, cell: c });
    flyToZone(c);
  };
  const district = drill.level === 'city' ? -1 : drill.district;
  return (
    <section className="panel ex-drill" data-testid="ex-drill" data-level={drill.level}>
      <nav className="ex-breadcrumb" data-testid="ex-breadcrumb" aria-label="breadcrumb">
        <button
          type="button"
          data-testid="ex-crumb-city"
          onClick={() => {
            setDrill({ level: 'city' });
            flyToCity();
          }}
        >
          {t.exCity}
        </button>
        {drill.level !== 'city' && (
          <>
            <span className="ex-crumb-sep">›</span>
            <button
              type="button"
              data-testid="ex-crumb-district"
              onClick={() => pickDistrict(drill.district)}
            >
              {zoneName(drill.district)[lang]}
            </button>
          </>
        )}
        {drill.level === 'cell' && (
          <>
            <span className="ex-crumb-sep">›</span>
            <span className="ex-crumb-here" data-testid="ex-crumb-cell">
              {zoneName(drill.cell)[lang]}
            </span>
          </>
        )}
      </nav>
      {drill.level === 'city' ? (
        <>
          <div className="ex-sub">{t.exZoneTitleCity}</div>
          <CompareTable
            s={s}
            level={0}
            zones={zonesOfLevel(0)}
            selected={-1}
            onPick={pickDistrict}
            lang={lang}
            t={t}
          />
          <p className="muted ex-hint">{t.exDrillHint}</p>
        </>
      ) : (
        <>
          <div className="ex-sub">
            {drill.level === 'cell'
              ? t.exZoneTitleCell(zoneName(drill.cell)[lang])
              : t.exZoneKpis + ' · ' + zoneName(drill.district)[lang]}
          </div>
          <ZoneKpis
            s={s}
            level={drill.level === 'cell' ? 1 : 0}
            zone={drill.level === 'cell' ? drill.cell : drill.district}
            lang={lang}
            t={t}
          />
          <div className="ex-sub">{t.exZoneTitleDistrict(zoneName(district)[lang])}</div>
          <CompareTable
            s={s}
            level={1}
            zones={zonesOfLevel(1, district)}
            selected={drill.level === 'cell' ? drill.cell : -1}
            onPick={(c) => pickCell(district, c)}
            lang={lang}
            t={t}
          />
          <p className="muted ex-hint">{t.exCellHint}</p>
        </>
      )}
    </section>
  );
}
