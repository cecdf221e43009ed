/** The control-room wall (`/wall`, issue 7): one screen of a wall layout. */
import { MapView } from '../views/map/MapView.tsx';
import { ThreeView } from '../views/three/ThreeView.tsx';
import type { CityModel } from '../core/scene/types.ts';
import type { ReactNode } from 'react';
import { Inspector } from '../panels/Inspector.tsx';
import { FeedStatusPanel } from '../panels/FeedStatusPanel.tsx';
import { TrafficPanel } from '../panels/TrafficPanel.tsx';
import { EnergyPanel } from '../panels/EnergyPanel.tsx';
import { WorkloadBoard } from '../panels/WorkloadBoard.tsx';
import { ResiliencePanel } from '../panels/ResiliencePanel.tsx';

/** The wall page. `note` is the mode's title line. */
export function WallPage({ model, note }: { model: CityModel; note: ReactNode }) {
  const map = <MapView model={model} />;
  const three = <ThreeView model={model} />;
  return (
    <main className="workspace mode-wall">
      <div className="views wall">
        {three}
        <div className="wall-inset">{map}</div>
      </div>
      <aside className="dock overlay">
        {note}
        <WorkloadBoard variant="wall" />
        <ResiliencePanel />
        <TrafficPanel />
        <EnergyPanel />
        <FeedStatusPanel />
        <Inspector />
      </aside>
    </main>
  );
}
