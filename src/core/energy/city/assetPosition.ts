/**
 * Where each grid-model element is, in scene metres, and what it is called: used by selection (anchor, tooltip,
 * inspector), the map and the 3D views. Stations and buses have positions in the model; a bus stands for its upstream
 * section, drawn from its parent (or its station's busbar) to itself; a feeder is placed at its first bus; an HV line
 * at the midpoint between its stations; storage and PV units at their scene asset, or at their bus when a what-if
 * lever added them.
 */
import type { CityModel } from '../../scene/types.ts';
import type { EnergyAssetKind } from '../../protocol/energyMessages.ts';
import type { CityGridModel, GeneratorSet, StorageSet } from './gridModel.ts';

/** Number of elements of `kind` in the model. */
export function energyAssetCount(m: CityGridModel, kind: EnergyAssetKind): number {
  switch (kind) {
    case 'station':
      return m.stationCount;
    case 'feeder':
      return m.feederCount;
    case 'bus':
      return m.busCount;
    case 'hvLine':
      return m.hvLineCount;
    case 'storage':
      return m.storage.count;
    case 'pv':
      return m.pv.count;
  }
}

function unitXY(
  city: CityModel,
  m: CityGridModel,
  set: GeneratorSet | StorageSet,
  i: number,
  out: number[],
): void {
  const a = set.asset[i]!;
  if (a >= 0 && a < city.power.count) {
    out[0] = city.power.xy[2 * a]!;
    out[1] = city.power.xy[2 * a + 1]!;
    return;
  }
  const b = set.bus[i]!;
  if (b >= 0) {
    out[0] = m.busX[b]!;
    out[1] = m.busY[b]!;
  } else {
    const s = set.station[i]!;
    out[0] = m.stationX[s]!;
    out[1] = m.stationY[s]!;
  }
}

/** Position of an element (out = [x, y], scene metres); false when the index is out of range. */
export function energyAssetXY(
  city: CityModel,
  m: CityGridModel,
  kind: EnergyAssetKind,
  index: number,
  out: number[],
): boolean {
  if (!(Number.isInteger(index) && index >= 0 && index < energyAssetCount(m, kind))) return false;
  switch (kind) {
    case 'station':
      out[0] = m.stationX[index]!;
      out[1] = m.stationY[index]!;
      return true;
    case 'bus': {
      const p = m.busParent[index]!;
      const s = m.busStation[index]!;
      const px = p >= 0 ? m.busX[p]! : m.stationX[s]!;
      const py = p >= 0 ? m.busY[p]! : m.stationY[s]!;
      out[0] = (px + m.busX[index]!) / 2;
      out[1] = (py + m.busY[index]!) / 2;
      return true;
    }
    case 'feeder': {
      for (let i = 0; i < m.busCount; i++)
        if (m.busFeeder[i] === index && m.busParent[i]! < 0) {
          out[0] = m.busX[i]!;
          out[1] = m.busY[i]!;
          return true;
        }
      const s = m.feederStation[index]!;
      out[0] = m.stationX[s]!;
      out[1] = m.stationY[s]!;
      return true;
    }
    case 'hvLine': {
      const a = m.hvFrom[index]!;
      const b = m.hvTo[index]!;
      out[0] = (m.stationX[a]! + m.stationX[b]!) / 2;
      out[1] = (m.stationY[a]! + m.stationY[b]!) / 2;
      return true;
    }
    case 'storage':
      unitXY(city, m, m.storage, index, out);
      return true;
    case 'pv':
      unitXY(city, m, m.pv, index, out);
      return true;
  }
}

/** A display name for an element: the station/feeder name, the scene asset's name or source id, or kind + index. */
export function energyAssetName(
  city: CityModel,
  m: CityGridModel,
  kind: EnergyAssetKind,
  index: number,
): string {
  switch (kind) {
    case 'station':
      return m.stationName[index] ?? `station ${index}`;
    case 'feeder':
      return m.feederName[index] ?? `feeder ${index}`;
    case 'bus':
      return `${m.feederName[m.busFeeder[index]!] ?? 'feeder'} · ${index}`;
    case 'hvLine':
      return `${m.stationName[m.hvFrom[index]!] ?? '?'} – ${m.stationName[m.hvTo[index]!] ?? '?'}`;
    case 'storage':
    case 'pv': {
      const set = kind === 'storage' ? m.storage : m.pv;
      const a = set.asset[index]!;
      if (a >= 0 && a < city.power.count) {
        return city.power.names.get(a)?.name ?? city.power.sourceId[a]!;
      }
      return `${kind} ${index}`;
    }
  }
}
