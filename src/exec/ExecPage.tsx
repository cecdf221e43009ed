/** The executive overview (`/`, issue 7): the twin in the middle, every domain's headline KPIs around it. */
import { MapView } from '../views/map/MapView.tsx';
import { ThreeView } from '../views/three/ThreeView.tsx';
import type { CityModel } from '../core/scene/types.ts';
import type { ReactNode } from 'react';
import { Inspector } from '../panels/Inspector.tsx';
import { FeedStatusPanel } from '../panels/FeedStatusPanel.tsx';
import { SceneInfoPanel } from '../panels/SceneInfoPanel.tsx';
import { KpiPlaceholders } from '../panels/KpiPlaceholders.tsx';
import { TrafficPanel } from '../panels/TrafficPanel.tsx';
import { EnergyPanel } from '../panels/EnergyPanel.tsx';
import { ResiliencePanel } from '../panels/ResiliencePanel.tsx';

/** The exec page. `note` is the mode's title line. */
export function ExecPage({ model, note }: { model: CityModel; note: ReactNode }) {
  const map = <MapView model={model} />;
  const three = <ThreeView model={model} />;
  return (
    <main className="workspace mode-exec">
      <div className="exec-top">
        {note}
        <KpiPlaceholders />
      </div>
      <div className="views two">
        {map}
        {three}
      </div>
      <aside className="dock">
        <ResiliencePanel />
        <TrafficPanel />
        <EnergyPanel />
        <Inspector />
        <FeedStatusPanel />
        <SceneInfoPanel />
      </aside>
    </main>
  );
}
