/**
 * Congestion glow on the 3D road ribbons: with the traffic layer on, each link's ribbon vertices take the colour of
 * its congestion band (speed ÷ free-flow speed, src/views/map/trafficStyle.ts: the map's legend); links without live
 * data keep their class colour. Only the colour attribute is rewritten, when hotTraffic.version or the layer toggle
 * changed (paced by the render profile's live-redraw interval); the ribbon geometry is never rebuilt.
 */
import { useEffect, useMemo } from 'react';
import { useFrame, useThree } from '@react-three/fiber';
import type * as THREE from 'three';
import type { RoadNetwork } from '../../core/scene/types.ts';
import { hotTraffic } from '../../feed/hotTraffic.ts';
import { appStore } from '../../state/store.ts';
import { renderProfile } from '../renderProfile.ts';
import { paintRibbonTraffic } from './roadTraffic.ts';
import type { Rgb } from '../../app/palette.ts';

/** Keeps the road ribbon colours in step with the live link state. */
export function RoadTraffic({
  geom,
  quadLink,
  roads,
  classColor,
}: {
  geom: THREE.BufferGeometry;
  quadLink: Uint32Array;
  roads: RoadNetwork;
  classColor: (cls: number) => Rgb;
}) {
  const { invalidate } = useThree();
  const st = useMemo(() => ({ geom, version: -1, on: false, lastMs: 0, scratch: [0, 0, 0] }), [geom]);
  // Demand-mode canvas: ask for a frame when the link state changed (or the toggle did).
  useEffect(() => {
    const { liveRedrawMs } = renderProfile();
    let raf = 0;
    const tick = (now: number) => {
      const on = appStore.getState().layers.traffic;
      if (on !== st.on || (on && hotTraffic.version !== st.version && now - st.lastMs >= liveRedrawMs))
        invalidate();
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [st, invalidate]);

  useFrame(() => {
    const on = appStore.getState().layers.traffic;
    if (on === st.on && (!on || hotTraffic.version === st.version)) return;
    const now = performance.now();
    if (on && on === st.on && now - st.lastMs < renderProfile().liveRedrawMs) return;
    st.on = on;
    st.version = hotTraffic.version;
    st.lastMs = now;
    const attr = geom.getAttribute('color') as THREE.BufferAttribute;
    const speed = on && hotTraffic.linkCount === roads.linkCount ? hotTraffic.speedKph : null;
    paintRibbonTraffic(attr.array as Uint8Array, quadLink, roads, speed, classColor, st.scratch);
    attr.needsUpdate = true;
  });
  return null;
}
