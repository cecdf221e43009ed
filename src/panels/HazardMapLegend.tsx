/** Legends of the resilience map layers (LayerPanel), one per layer id. */
import type { Dict } from '../app/i18n.ts';
import type { LayerId } from '../state/uiSlice.ts';

/** The hazard layers' ids. */
export type HazardLayerId = Extract<
  LayerId,
  'flood' | 'hazardIntensity' | 'damage' | 'exposure' | 'shelters' | 'evacuation' | 'outage'
>;

/** The legend of one hazard layer. */
export function HazardLegend({ t, id }: { t: Dict; id: HazardLayerId }) {
  return <p className="muted">{t[LABEL[id]]}</p>;
}

const LABEL = {
  flood: 'layerFlood',
  hazardIntensity: 'layerHazardIntensity',
  damage: 'layerDamage',
  exposure: 'layerExposure',
  shelters: 'layerShelters',
  evacuation: 'layerEvacuation',
  outage: 'layerOutage',
} as const;
