/** Small formatting helpers of the wall page (numbers with their unit, scene names, city-time clock). */
import type { Dict } from '../app/i18n.ts';
import type { Lang } from '../state/uiSlice.ts';
import type { WallSceneId } from '../core/wall/types.ts';
import { DOMAIN_IDS, type DomainId } from '../core/scenario/types.ts';
import type { DomainAlarm } from '../domains/types.ts';

/** The domain a playlist scene shows, or null for the city overview. */
export function sceneDomain(scene: WallSceneId): DomainId | null {
  return (DOMAIN_IDS as readonly string[]).includes(scene) ? (scene as DomainId) : null;
}

/** A playlist scene's name. */
export function sceneLabel(scene: WallSceneId, t: Dict): string {
  switch (scene) {
    case 'overview':
      return t.wlSceneOverview;
    case 'traffic':
      return t.wlSceneTraffic;
    case 'energy':
      return t.wlSceneEnergy;
    case 'resilience':
      return t.wlSceneResilience;
    case 'workload':
      return t.wlSceneWorkload;
    default: {
      const never: never = scene;
      return String(never);
    }
  }
}

const formats = new Map<string, Intl.NumberFormat>();

/** A KPI value with `digits` decimals, grouped in the UI language (formatters are cached: this runs every second). */
export function formatKpiValue(value: number, digits: number, lang: Lang): string {
  const key = `${lang}:${digits}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-US', {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formats.set(key, f);
  }
  return f.format(value);
}

/** Severity order, most severe first. */
export const SEVERITY_RANK: Record<DomainAlarm['severity'], number> = { critical: 0, major: 1, minor: 2 };

/** A severity's label. */
export function severityLabel(s: DomainAlarm['severity'], t: Dict): string {
  switch (s) {
    case 'critical':
      return t.wlSeverityCritical;
    case 'major':
      return t.wlSeverityMajor;
    case 'minor':
      return t.wlSeverityMinor;
    default: {
      const never: never = s;
      return String(never);
    }
  }
}

/** City-time parts of a sim time at a UTC offset: "hh:mm:ss", "YYYY-MM-DD" and "UTC+8". */
export function cityClock(simMs: number, offsetMin: number): { time: string; date: string; zone: string } {
  const iso = new Date(simMs + offsetMin * 60_000).toISOString();
  const sign = offsetMin < 0 ? '−' : '+';
  const abs = Math.abs(offsetMin);
  const zone = `UTC${sign}${Math.floor(abs / 60)}${abs % 60 ? `:${String(abs % 60).padStart(2, '0')}` : ''}`;
  return { time: iso.slice(11, 19), date: iso.slice(0, 10), zone };
}
