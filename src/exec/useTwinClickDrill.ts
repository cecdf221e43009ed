/**
 * Drill-down by clicking the twin: listens for clicks (press and release within CLICK_SLOP_PX, left button) on the
 * canvases of the 3D view and the map, takes the click to the ground through that view's camera (its TwinCamera
 * bridge) and hands the next drill state to `onDrill` (src/exec/mapDrill.ts). The views' own picking is untouched: a
 * click on a building still selects it, and the drill follows the same click's ground point.
 */
import { useEffect, useRef, type RefObject } from 'react';
import type { CityModel } from '../core/scene/types.ts';
import { cameraBridge, type CameraView } from '../views/cameraBridge.ts';
import type { DrillState } from './DrillDown.tsx';
import { CLICK_SLOP_PX, drillForClick, VIEW_FOV_DEG } from './mapDrill.ts';

/** Attaches the click handlers to the two view containers while mounted. */
export function useTwinClickDrill(
  views: Readonly<Record<CameraView, RefObject<HTMLElement | null>>>,
  model: CityModel,
  drill: DrillState,
  onDrill: (next: DrillState) => void,
): void {
  // The latest drill state and callback, read at click time (the listeners are attached once).
  const latest = useRef({ drill, onDrill });
  latest.current = { drill, onDrill };
  useEffect(() => {
    const off: (() => void)[] = [];
    for (const view of ['three', 'map'] as const) {
      const el = views[view].current;
      if (!el) continue;
      let downX = NaN;
      let downY = NaN;
      const onDown = (e: PointerEvent): void => {
        downX = e.button === 0 ? e.clientX : NaN;
        downY = e.clientY;
      };
      const onUp = (e: PointerEvent): void => {
        // Only the view's canvas (not its legends or buttons), and not a drag.
        if (!(e.target instanceof HTMLCanvasElement) || e.button !== 0) return;
        if (!(Math.hypot(e.clientX - downX, e.clientY - downY) <= CLICK_SLOP_PX)) return;
        const cam = cameraBridge(view)?.get();
        if (!cam) return;
        const r = e.target.getBoundingClientRect();
        const next = drillForClick(
          latest.current.drill,
          model.zones,
          cam,
          VIEW_FOV_DEG[view],
          r.width,
          r.height,
          e.clientX - r.left,
          e.clientY - r.top,
        );
        if (next !== null) latest.current.onDrill(next);
      };
      el.addEventListener('pointerdown', onDown);
      el.addEventListener('pointerup', onUp);
      off.push(() => {
        el.removeEventListener('pointerdown', onDown);
        el.removeEventListener('pointerup', onUp);
      });
    }
    return () => off.forEach((f) => f());
  }, [views, model]);
}
