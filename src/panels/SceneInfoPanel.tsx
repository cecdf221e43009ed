/** Counts of what the scene holds, including how many heights are estimated and how many sensors are virtual. */
import { useAppStore } from '../state/store.ts';
import { getModel } from '../app/sceneHolder.ts';
import { dict } from '../app/i18n.ts';

const n = (v: number) => v.toLocaleString('en-US');

/** The scene info panel. */
export function SceneInfoPanel() {
  const lang = useAppStore((s) => s.lang);
  const version = useAppStore((s) => (s.sceneLoad.phase === 'ready' ? s.sceneLoad.version : 0));
  const model = version > 0 ? getModel() : null;
  const t = dict(lang);
  if (!model) return null;
  const b = model.buildings;
  const st = model.meta.stats;
  const pct = (k: number): string => `${n(k)} (${b.count ? Math.round((k / b.count) * 100) : 0}%)`;
  let signals = 0;
  for (let i = 0; i < model.roads.nodeCount; i++) signals += model.roads.nodeSignal[i] as number;
  // The importer counts the sensors it placed itself (virtual loops sensor:V…, substation meters sensor:S…).
  const virtualSensors = st.virtualSensors ?? 0;
  const rows: [string, string][] = [
    [t.countBuildings, n(b.count)],
    // Where heights came from: given in the data, derived from the storey count, or guessed from the use class.
    [`  ${t.countHeightsFromLevels}`, pct(st.heightsFromLevels)],
    [`  ${t.countHeightsEstimated}`, pct(st.heightsFromUseClass)],
    [t.countLinks, n(model.roads.linkCount)],
    [t.countNodes, n(model.roads.nodeCount)],
    [t.countSignals, n(signals)],
    [t.countSensors, n(model.sensors.count)],
    [`  ${t.countVirtualSensors}`, n(virtualSensors)],
    [t.countPower, n(model.power.count)],
    [t.countPois, n(model.pois.count)],
    [t.countZones, n(model.zones.count)],
    [t.countAreas, n(model.areas.count)],
  ];
  return (
    <section className="panel scene-info" data-testid="scene-info">
      <header className="panel-head">
        <h2>{t.sceneInfo}</h2>
      </header>
      <dl className="kv">
        {rows.map(([k, v]) => (
          <div className="kv-row" key={k}>
            <dt className={k.startsWith('  ') ? 'sub' : ''}>{k.trim()}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <div className="attribution">
        {t.attribution}: {model.meta.attribution}
      </div>
    </section>
  );
}
