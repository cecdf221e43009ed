/**
 * Where a hazard or a cascade step is, and its one-line text, for the selection machinery shared by the map, the 3D
 * view, the tooltip and the inspector (selectionAnchor.ts, Inspector.tsx). Reads the store's hazard state.
 */
import { appStore } from '../state/store.ts';
import { dict } from './i18n.ts';
import type { CityModel } from '../core/scene/types.ts';
import type { ActiveHazard, CascadeNode } from '../core/hazards/types.ts';
import type { Lang } from '../state/uiSlice.ts';
import { footprintCentroid } from '../views/three/buildingMesh.ts';

/** The hazard of the store with this id, or undefined. */
export function hazardById(id: string): ActiveHazard | undefined {
  return appStore.getState().hzHazards.find((h) => h.id === id);
}

/** The cascade step of the store with this id, or undefined. */
export function cascadeById(id: string): CascadeNode | undefined {
  const log = appStore.getState().hzCascade;
  for (let i = log.length - 1; i >= 0; i--) if (log[i]!.id === id) return log[i];
  return undefined;
}

/**
 * Local metres of a hazard: the epicentre of an earthquake, the burning building of a fire, else (rain, heat, which
 * cover the city) the first located cascade step of the hazard; false when it has none.
 */
export function hazardXY(model: CityModel, h: ActiveHazard, out: number[]): boolean {
  switch (h.spec.kind) {
    case 'earthquake':
      out[0] = h.spec.x;
      out[1] = h.spec.y;
      return true;
    case 'fire':
      if (!(h.spec.building >= 0 && h.spec.building < model.buildings.count)) return false;
      footprintCentroid(model.buildings, h.spec.building, out);
      return true;
    case 'rainstorm':
    case 'heat': {
      for (const c of appStore.getState().hzCascade)
        if (c.hazardId === h.id && c.x !== null && c.y !== null) {
          out[0] = c.x;
          out[1] = c.y;
          return true;
        }
      return false;
    }
    default: {
      const never: never = h.spec;
      throw new Error(`hazardXY: unknown spec ${JSON.stringify(never)}`);
    }
  }
}

/** Local metres of a hazard or cascade selection; false when unknown or not located. */
export function hazardSelectionXY(
  model: CityModel,
  sel: { kind: 'hazard' | 'cascade'; id: string },
  out: number[],
): boolean {
  if (sel.kind === 'hazard') {
    const h = hazardById(sel.id);
    return h !== undefined && hazardXY(model, h, out);
  }
  const c = cascadeById(sel.id);
  if (c === undefined || c.x === null || c.y === null) return false;
  out[0] = c.x;
  out[1] = c.y;
  return true;
}

/** One-line text of a hazard or cascade selection, or null when it is not in the store. */
export function hazardSelectionText(
  sel: { kind: 'hazard' | 'cascade'; id: string },
  lang: Lang,
): string | null {
  const t = dict(lang);
  if (sel.kind === 'hazard') {
    const h = hazardById(sel.id);
    if (!h) return null;
    return `${t.hzKind(h.kind)} · ${h.id} · ${h.label[lang]} · ${t.hzPhase(h.phase)} · ${t.hzAlert(h.alertLevel)}`;
  }
  const c = cascadeById(sel.id);
  if (!c) return null;
  return `${t.hzCascadeKind(c.kind)} · ${c.title[lang]} · ${c.why[lang]}`;
}
