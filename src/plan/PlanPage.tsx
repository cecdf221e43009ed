/** The planner (`/plan`, issue 7): scenarios forked from the live twin, compared with the baseline. */
import { MapView } from '../views/map/MapView.tsx';
import { ThreeView } from '../views/three/ThreeView.tsx';
import type { CityModel } from '../core/scene/types.ts';
import type { ReactNode } from 'react';
import { Inspector } from '../panels/Inspector.tsx';
import { LayerPanel } from '../panels/LayerPanel.tsx';
import { SceneInfoPanel } from '../panels/SceneInfoPanel.tsx';
import { TrafficPanel } from '../panels/TrafficPanel.tsx';
import { WhatIfPanel } from '../panels/WhatIfPanel.tsx';
import { EnergyPanel } from '../panels/EnergyPanel.tsx';
import { EnergyWhatIfPanel } from '../panels/EnergyWhatIfPanel.tsx';
import { HazardWhatIfPanel } from '../panels/HazardWhatIfPanel.tsx';
import { WorkloadWhatIfPanel } from '../panels/WorkloadWhatIfPanel.tsx';
import { ResiliencePanel } from '../panels/ResiliencePanel.tsx';

/** The plan page. `note` is the mode's title line. */
export function PlanPage({ model, note }: { model: CityModel; note: ReactNode }) {
  const map = <MapView model={model} />;
  const three = <ThreeView model={model} />;
  return (
    <main className="workspace mode-plan">
      <aside className="dock left">
        {note}
        <TrafficPanel variant="compact" />
        <EnergyPanel variant="compact" />
        <ResiliencePanel variant="compact" />
        <LayerPanel compact />
      </aside>
      <div className="views two">
        {map}
        {three}
      </div>
      <aside className="dock">
        <WhatIfPanel />
        <EnergyWhatIfPanel />
        <HazardWhatIfPanel />
        <WorkloadWhatIfPanel />
        <Inspector />
        <SceneInfoPanel />
      </aside>
    </main>
  );
}
