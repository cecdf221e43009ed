/** UI state: language, visible layers, view layout. */
import type { StateCreator } from 'zustand';
import type { AppState } from './store.ts';

export type Lang = 'zh' | 'en';

/** Layer ids shown in the layer panel. */
export const LAYER_IDS = [
  'buildings',
  'footprints',
  'roads',
  'traffic',
  'vehicles',
  'signals',
  'water',
  'landuse',
  'sensors',
  'power',
  'grid',
  'energyAssets',
  'energyAlarms',
  'pois',
  'zones',
  'incidents',
  'workOrders',
  'workloadHeat',
  'fieldUnits',
  'flood',
  'hazardIntensity',
  'damage',
  'exposure',
  'shelters',
  'evacuation',
  'outage',
  'terrain',
] as const;
export type LayerId = (typeof LAYER_IDS)[number];

export interface UiSlice {
  lang: Lang;
  layers: Readonly<Record<LayerId, boolean>>;
  setLang(lang: Lang): void;
  toggleLayer(id: LayerId): void;
  setLayer(id: LayerId, visible: boolean): void;
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  lang: 'zh',
  layers: {
    buildings: true,
    // 2D footprints on the basemap: hidden under the 3D extrusions, so off unless asked for (flat planning maps).
    footprints: false,
    roads: true,
    // Live traffic: link congestion colours and widths, animated vehicles, signalised intersections.
    traffic: true,
    vehicles: true,
    signals: true,
    water: true,
    landuse: true,
    sensors: true,
    // Static power assets from the scene (all kinds, by rating): off by default because the live energy layers below
    // draw the same stations, storage and PV with their live state; on for a plain asset map.
    power: false,
    // Live energy: network lines by loading with flow direction, sources/storage by power with SoC rings, alarms.
    grid: true,
    energyAssets: true,
    energyAlarms: true,
    pois: true,
    zones: false,
    incidents: true,
    // 一网统管 work orders: stage dots with overdue halos and new-order pulses, grid-cell heat, field units.
    workOrders: true,
    workloadHeat: true,
    fieldUnits: true,
    // Resilience (issue 5): water depth, hazard intensity (PGA, heat risk, fire spread), building damage, exposed
    // critical assets, shelters with occupancy, evacuation routes, power outage areas. Empty while no hazard runs.
    flood: true,
    hazardIntensity: true,
    damage: true,
    exposure: true,
    shelters: true,
    evacuation: true,
    outage: true,
    terrain: true,
  },
  setLang: (lang) => set({ lang }),
  toggleLayer: (id) => set((s) => ({ layers: { ...s.layers, [id]: !s.layers[id] } })),
  setLayer: (id, visible) => set((s) => ({ layers: { ...s.layers, [id]: visible } })),
});
