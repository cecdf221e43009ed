/**
 * Earthquake damage on the client, per hazard: the server streams only the summary (QuakeSummary), so the views that
 * draw damage per building (3D tint, map damage layer) recompute it from the hazard's spec with the same pure core
 * (src/core/hazards/earthquake.ts assessEarthquake) — deterministic, so the client's states are the server's. Computed
 * once per hazard id and city, then cached (a few hazards at most).
 */
import type { CityModel } from '../core/scene/types.ts';
import type { ActiveHazard } from '../core/hazards/types.ts';
import { assessEarthquake, type QuakeDamage } from '../core/hazards/earthquake.ts';
import { occupantsAt } from '../core/hazards/exposure.ts';

/** China Standard Time, minutes east of UTC: the scene's local time when its meta gives none (types.ts SceneMeta). */
const DEFAULT_UTC_OFFSET_MIN = 480;
const MS_PER_HOUR = 3_600_000;
/** Hazards remembered (the newest earthquakes; older ones are recomputed if asked for again). */
const CACHE_SIZE = 4;

interface Entry {
  readonly city: CityModel;
  readonly id: string;
  readonly damage: QuakeDamage;
}
const cache: Entry[] = [];

/** Local hour of the day (0 ≤ h < 24) at simulated time `simMs` (ms since the Unix epoch) and a UTC offset. */
export function localHourAt(simMs: number, utcOffsetMin: number): number {
  const h = ((simMs + utcOffsetMin * 60_000) / MS_PER_HOUR) % 24;
  return h < 0 ? h + 24 : h;
}

/**
 * The damage of earthquake hazard `h` on `city` (people in the buildings at the local hour of the shaking), or null
 * when `h` is not an earthquake. The first call for a hazard computes it; later calls return the same object.
 */
export function quakeDamageOf(city: CityModel, h: ActiveHazard): QuakeDamage | null {
  if (h.spec.kind !== 'earthquake') return null;
  const hit = cache.find((e) => e.city === city && e.id === h.id);
  if (hit) return hit.damage;
  const q = h.spec;
  const hour = localHourAt(h.onsetMs, city.meta.utcOffsetMin ?? DEFAULT_UTC_OFFSET_MIN);
  let damage: QuakeDamage;
  try {
    damage = assessEarthquake(
      city,
      { x: q.x, y: q.y, magnitude: q.magnitude, depthKm: q.depthKm },
      occupantsAt(city, hour),
    );
  } catch (e) {
    // A spec the model refuses (the server validated it, so this is a version skew): draw no damage, do not crash.
    console.warn(`quakeDamage: hazard ${h.id}: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
  cache.unshift({ city, id: h.id, damage });
  if (cache.length > CACHE_SIZE) cache.length = CACHE_SIZE;
  return damage;
}

/** Forgets every cached damage (tests; a new scene). */
export function clearQuakeDamageCache(): void {
  cache.length = 0;
}
