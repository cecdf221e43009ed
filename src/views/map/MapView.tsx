/**
 * The map twin: maplibre-gl with a basemap built from the scene (no third-party tiles, glyphs or sprites) and
 * deck.gl interleaved over it (MapboxOverlay interleaved: true, so extrusions and the basemap share one depth
 * buffer). Layers are re-set from a small rAF loop only when the hot buffers' version or the relevant store state
 * changed: no React re-render per frame.
 */
import { attachMapCameraBridge } from './mapCameraBridge.ts';
import { useCallback, useEffect, useRef, useState } from 'react';
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { MapboxOverlay } from '@deck.gl/mapbox';
import type { Layer, PickingInfo } from '@deck.gl/core';
import type { CityModel } from '../../core/scene/types.ts';
import { appStore, useAppStore } from '../../state/store.ts';
import { hot } from '../../feed/hotBuffers.ts';
import { isTestMode, markReady, registerProjector, whenAppReady } from '../../app/testHooks.ts';
import { renderProfile } from '../renderProfile.ts';
import { dict } from '../../app/i18n.ts';
import { sharedFootprintTriangles } from '../three/footprints.ts';
import { footprintCentroid } from '../three/buildingMesh.ts';
import type { Selection } from '../../state/selectionSlice.ts';
import { STYLE_LAYERS_OF, buildMapStyle } from './mapStyle.ts';
import {
  buildDeckLayers,
  prepareDeckData,
  tripsBinary,
  type DeckData,
  type DeckState,
  type TripsBinary,
} from './deckLayers.ts';
import { installMapExtras, projectToPage } from './mapExtras.ts';
import { hotTraffic } from '../../feed/hotTraffic.ts';
import { storeSimClock } from './simClock.ts';
import { currentTripPaths, tripBuildStats, vehicleFrameIntervalMs } from './liveTrips.ts';
import type { TripPaths } from './tripPaths.ts';
import { whatIfLayer } from './whatIfLayer.ts';
import { modeFromPath } from '../../app/router.ts';
import { registerEnergyProbe, registerTrafficProbe } from '../../app/testHooks.ts';
import { hotEnergy } from '../../feed/hotEnergy.ts';
import { getGridModel } from '../../app/gridHolder.ts';
import { getModel } from '../../app/sceneHolder.ts';
import { ENERGY_LAYER, EnergyMap } from './energyLayers.ts';
import { WorkloadMap } from './workloadLayers.ts';
import { registerWorkloadProbe } from '../../app/testHooks.ts';
import { drawnIndexOf, WoFlag } from './workloadStyle.ts';
import { HazardMap, createHazardSources, hazardVisibility, installHazardHover } from './hazardLayers.ts';
import { hotHazard } from '../../feed/hotHazard.ts';
import { registerHazardProbe } from '../../app/testHooks.ts';
import {
  installRecoveryTestApi,
  markGlRecovered,
  registerGlCanvas,
  registerGlResourceProbe,
  watchContextLoss,
} from '../contextLoss.ts';
import { ContextLossBanner } from '../contextLossBanner.tsx';

maplibregl.setWorkerUrl(workerUrl);

/** Maps a deck pick to a store selection (energy layers through the map's EnergyMap). */
function selectionOfPick(
  info: PickingInfo,
  energy: EnergyMap | null,
  wo: WorkloadMap,
  hz: HazardMap,
): Selection | null {
  if (!info.layer || info.index < 0) return null;
  switch (info.layer.id) {
    case 'buildings':
      return { kind: 'building', index: info.index };
    case 'links':
      return { kind: 'link', index: info.index };
    case 'sensors':
      return { kind: 'sensor', index: info.index };
    case 'power':
      return { kind: 'power', index: info.index };
    case 'pois':
      return { kind: 'poi', index: info.index };
    case 'incidents': {
      const inc = info.object as { id?: unknown } | null;
      return inc && typeof inc.id === 'string' ? { kind: 'incident', id: inc.id } : null;
    }
    default:
      return (
        wo.selectionOf(info.layer.id, info.index) ??
        hz.selectionOf(info.layer.id, info.index) ??
        (energy ? energy.selectionOf(info.layer.id, info.index) : null)
      );
  }
}

/**
 * @deck.gl/mapbox 9.4 reads `map.transform.height` (CSS pixels) to scale maplibre's near/far planes; maplibre-gl 6
 * no longer exposes `transform` on the Map, so interleaved rendering threw on every frame. Give deck the one
 * number it needs (near/far themselves come from maplibre's render parameters).
 */
function shimTransformForDeck(map: maplibregl.Map): void {
  const m = map as unknown as { transform?: { height?: unknown } };
  if (m.transform && typeof m.transform.height === 'number') return;
  const canvas = map.getCanvas();
  Object.defineProperty(map, 'transform', {
    configurable: true,
    get: () => ({ height: canvas.clientHeight, width: canvas.clientWidth }),
  });
}

/** The map camera carried over a context-loss rebuild. */
interface SavedMapView {
  center: maplibregl.LngLatLike;
  zoom: number;
  bearing: number;
  pitch: number;
}

/** deck.gl's luma.gl device resource counters (probe.gl Stats; `get` creates a missing counter at 0). */
type DeckStats = { get(name: string): { count: number } };
type DeckInternals = {
  device?: { statsManager?: { getStats(name: string): DeckStats } };
  layerManager?: { getLayers(): Layer[] };
};

/** The map view of `model`. */
export function MapView({ model }: { model: CityModel }) {
  const containerRef = useRef<HTMLDivElement>(null);
  const lang = useAppStore((s) => s.lang);
  // WebGL context loss (../contextLoss.ts): maplibre restores its own style after 'webglcontextrestored', but the
  // interleaved deck.gl overlay is a custom layer it cannot restore (it warns so) and deck's buffers, textures and
  // programs died with the context. The whole map is rebuilt instead (a new canvas, a fresh context, the camera
  // carried over): the generation is part of the effect's dependencies.
  const [glGeneration, setGlGeneration] = useState(0);
  const savedView = useRef<SavedMapView | null>(null);
  const rebuild = useCallback(() => setGlGeneration((g) => g + 1), []);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const [w, s, e, n] = model.meta.bbox;
    performance.mark('cb:map:construct');
    const profile = renderProfile();
    const map = new maplibregl.Map({
      container,
      style: buildMapStyle(model, appStore.getState().layers),
      bounds: [
        [w, s],
        [e, n],
      ],
      fitBoundsOptions: { padding: 24 },
      pitch: 50,
      bearing: -15,
      maxPitch: 70,
      attributionControl: { compact: true, customAttribution: model.meta.attribution },
      canvasContextAttributes: { antialias: false, preserveDrawingBuffer: isTestMode() },
    });
    // Fit the extent seen from straight above, then tilt: at 50° pitch the near half grows and the far half
    // shrinks, so half a zoom level in keeps the whole city in view and fills the canvas.
    const fit = () => {
      map.fitBounds(
        [
          [w, s],
          [e, n],
        ],
        { padding: 16, pitch: 0, bearing: 0, animate: false },
      );
      map.jumpTo({ pitch: 50, bearing: -15, zoom: map.getZoom() + 0.35 });
    };
    fit();
    map.keyboard.enable();
    shimTransformForDeck(map);
    installRecoveryTestApi();
    registerGlCanvas('map', map.getCanvas());
    const stopGlWatch = watchContextLoss('map', map.getCanvas(), () => {
      const c = map.getCenter();
      savedView.current = {
        center: [c.lng, c.lat],
        zoom: map.getZoom(),
        bearing: map.getBearing(),
        pitch: map.getPitch(),
      };
      rebuild();
    });

    let data: DeckData = prepareDeckData(model, null);
    let dirty = true;
    let lastVersion = -1;
    let lastTrafficVersion = -1;
    const clock = storeSimClock(appStore);
    let paths: TripPaths | null = null;
    let trips: TripsBinary | null = null;
    let tripTimeS = 0;
    let lastAnimMs = 0;
    const vehicleFrameMs = vehicleFrameIntervalMs(profile);
    const probe = { vehicleFrames: 0, tripTimeS: 0, animSimMs: 0, trips: 0 };
    // The live grid: built once per grid model (the same pure builder as the feed server, so indices agree).
    const grid = getModel() === model ? getGridModel() : null;
    const energy = grid ? new EnergyMap(model, grid) : null;
    energy?.setAlarms(appStore.getState().energyAlarms);
    let lastEnergyVersion = -1;
    let lastEnergyAnimMs = 0;
    const energyProbe = { layerSets: 0, energyFrames: 0 };
    // Work orders: rebuilt on woVersion or once per second (SLA halos); units and the pulse animate per frame.
    const workload = new WorkloadMap(model);
    let lastWoAnimMs = 0;
    // Resilience: the flood image follows hotHazard.version, the rest hzVersion; trails and pulses animate.
    const hazard = new HazardMap(model, createHazardSources(model));
    let lastHzAnimMs = 0;
    let raf = 0;
    let disposed = false;
    let buildingsShown = false;
    // Live colours do not repaint the map until the city has been drawn once, then at most every liveRedrawMs.
    let cityDrawn = false;
    let basemapLoaded = false;
    let cancelOverlays = (): void => {};
    let lastLiveMs = 0;
    const overlay = new MapboxOverlay({
      interleaved: true,
      layers: [],
      getCursor: ({ isHovering }: { isHovering: boolean }) => (isHovering ? 'pointer' : 'grab'),
    });
    // Picking on maplibre's click (not deck's onClick: in interleaved mode with maplibre 6 deck's own pointer
    // handling never saw the clicks). maplibre only fires 'click' for a press without drag.
    map.on('click', (e) => {
      const info = overlay.pickObject({ x: e.point.x, y: e.point.y, radius: 4 });
      appStore.getState().select(info ? selectionOfPick(info, energy, workload, hazard) : null, 'map');
    });
    const pickState = (): DeckState => {
      const st = appStore.getState();
      return { layers: st.layers, selection: st.selection, incidents: st.incidents, woOrders: st.woOrders };
    };
    // rAF loop: re-set layers only when something they draw changed (a vehicle frame changes only currentTime).
    const tick = (nowMs: number) => {
      if (disposed) return;
      const changed = hot.version !== lastVersion || hotTraffic.version !== lastTrafficVersion;
      const live = changed && cityDrawn && nowMs - lastLiveMs >= profile.liveRedrawMs;
      let anim = false;
      if (cityDrawn && prev.layers.vehicles) {
        const p = currentTripPaths(model, clock, nowMs);
        if (p !== paths) {
          paths = p;
          trips = p.length > 0 ? tripsBinary(p) : null;
          dirty = true;
        }
        if (trips && clock.isRunning(nowMs) && nowMs - lastAnimMs >= vehicleFrameMs) {
          anim = true;
          lastAnimMs = nowMs;
        }
      }
      // Live grid: colours and sizes follow hotEnergy.version (every 5 simulated minutes); the flow dots and alarm
      // pulses animate at the vehicles' pace (every frame on a GPU, paced on a software rasteriser).
      const energyChanged = energy !== null && hotEnergy.version !== lastEnergyVersion;
      let energyAnim = false;
      if (energy && cityDrawn) {
        const moving =
          (prev.layers.grid && energy.flowStats.dots > 0) ||
          (prev.layers.energyAlarms && energy.alarmCount > 0);
        if (
          moving &&
          nowMs - lastEnergyAnimMs >= vehicleFrameMs &&
          (anim || !(prev.layers.vehicles && trips && clock.isRunning(nowMs)))
        ) {
          energyAnim = true;
          lastEnergyAnimMs = nowMs;
        }
      }
      // Work orders: the frame follows woVersion (and the sim clock once a second); the pulse and the driving units
      // animate at the vehicles' pace while there is something to move.
      let woChanged = false;
      let woAnim = false;
      if (cityDrawn) {
        const st = appStore.getState();
        const on = st.layers.workOrders || st.layers.workloadHeat || st.layers.fieldUnits;
        woChanged = on && workload.sync(st.woOrders, st.woVersion, clock.nowMs(nowMs), nowMs);
        // Animate with the vehicle frames when vehicles move (one redraw for both), else at their pace.
        if (
          on &&
          !woChanged &&
          workload.moving &&
          nowMs - lastWoAnimMs >= vehicleFrameMs &&
          (anim || !(prev.layers.vehicles && trips && clock.isRunning(nowMs)))
        ) {
          woAnim = true;
          lastWoAnimMs = nowMs;
          workload.animate(clock.nowMs(nowMs));
        }
      }
      let hzChanged = false;
      let hzAnim = false;
      if (cityDrawn) {
        const st = appStore.getState();
        const vis = hazardVisibility(st.layers);
        if (vis.flood) hzChanged = hazard.syncFlood(hotHazard);
        hzChanged = hazard.sync(st, vis.damage) || hzChanged;
        if (
          !hzChanged &&
          hazard.moving(vis) &&
          nowMs - lastHzAnimMs >= vehicleFrameMs &&
          (anim || !(prev.layers.vehicles && trips && clock.isRunning(nowMs)))
        ) {
          hzAnim = true;
          lastHzAnimMs = nowMs;
        }
      }
      if (
        dirty ||
        live ||
        anim ||
        energyChanged ||
        energyAnim ||
        woChanged ||
        woAnim ||
        hzChanged ||
        hzAnim
      ) {
        if (energy) {
          // Zoom changes (zoomend → dirty) re-lay out the dots and storage rings; sync is a no-op otherwise.
          if (energyChanged || dirty) energy.sync(hotEnergy, map.getZoom());
          lastEnergyVersion = hotEnergy.version;
          if (energyAnim || anim) {
            energy.animate(nowMs / 1000);
            energyProbe.energyFrames++;
          }
        }
        dirty = false;
        if (live) lastLiveMs = nowMs;
        lastVersion = hot.version;
        lastTrafficVersion = hotTraffic.version;
        if (paths) tripTimeS = (clock.nowMs(nowMs) - paths.baseMs) / 1000;
        if (anim) probe.vehicleFrames++;
        probe.tripTimeS = tripTimeS;
        probe.animSimMs = paths ? paths.baseMs + tripTimeS * 1000 : 0;
        probe.trips = paths?.length ?? 0;
        const st = appStore.getState();
        const hz = hazard.layers(hazardVisibility(st.layers), nowMs / 1000);
        // Until the basemap has loaded, maplibre repaints on every tile it receives; drawing 20k extrusions in each of
        // those frames is wasted work (measured: first city frame 5.4 s → 3.4 s), so deck joins once 'load' fired.
        // (Adding the layers hidden before 'load' so deck compiles early measured no better: the GPU is the limit.)
        overlay.setProps({
          layers: basemapLoaded
            ? buildDeckLayers(data, pickState(), hot, cityDrawn, {
                traffic: hotTraffic,
                trips,
                tripTimeS,
                zoom: map.getZoom(),
                // A scenario's changed links belong to the planner: other modes show the live twin only.
                energy: energy
                  ? energy.layers(
                      {
                        grid: st.layers.grid,
                        energyAssets: st.layers.energyAssets,
                        energyAlarms: st.layers.energyAlarms,
                      },
                      nowMs / 1000,
                      map.getZoom(),
                      st.selection,
                    )
                  : [],
                workload: workload.layers(
                  {
                    workOrders: st.layers.workOrders,
                    workloadHeat: st.layers.workloadHeat,
                    fieldUnits: st.layers.fieldUnits,
                  },
                  nowMs / 1000,
                ),
                hazardGround: hz.ground,
                hazard: hz.top,
                buildingTint: st.layers.damage ? hazard.tint : null,
                extra: [
                  whatIfLayer(
                    model,
                    st.trafficWhatIf,
                    st.layers.traffic &&
                      st.whatIfLayerVisible &&
                      modeFromPath(window.location.pathname) === 'plan',
                  ),
                ],
              })
            : [],
        });
        if (energy && basemapLoaded && cityDrawn) energyProbe.layerSets++;
      }
      raf = requestAnimationFrame(tick);
    };
    let prev = pickState();
    let prevWhatIf = appStore.getState().trafficWhatIf;
    const unsub = appStore.subscribe((st) => {
      if (energy && st.energyAlarms !== energy.alarmsShown) {
        energy.setAlarms(st.energyAlarms);
        dirty = true;
      }
      if (st.trafficWhatIf !== prevWhatIf) {
        prevWhatIf = st.trafficWhatIf;
        dirty = true;
      }
      if (st.layers !== prev.layers || st.selection !== prev.selection || st.incidents !== prev.incidents) {
        // Style layers exist from construction (the style is an object, not a URL): toggle them directly.
        if (st.layers !== prev.layers) {
          for (const [id, styleLayers] of Object.entries(STYLE_LAYERS_OF)) {
            for (const l of styleLayers ?? [])
              if (map.getLayer(l))
                map.setLayoutProperty(
                  l,
                  'visibility',
                  st.layers[id as keyof typeof st.layers] ? 'visible' : 'none',
                );
          }
        }
        prev = { layers: st.layers, selection: st.selection, incidents: st.incidents, woOrders: st.woOrders };
        dirty = true;
      }
    });

    // The overlay goes on at once (deck waits for the style itself), so deck compiles its shaders and uploads the
    // building extrusions while maplibre's worker is still tiling the basemap sources, not after 'load'.
    map.addControl(overlay as unknown as maplibregl.IControl);
    // Traffic line widths follow the zoom level (a uniform: no attribute update).
    map.on('zoomend', () => {
      dirty = true;
    });
    raf = requestAnimationFrame(tick);
    const loaded = new Promise<void>((resolve) =>
      map.on('load', () => {
        if (disposed) return;
        performance.mark('cb:map:load');
        basemapLoaded = true;
        dirty = true;
        fit();
        // A rebuild after a context loss keeps the operator's view.
        if (savedView.current !== null) {
          map.jumpTo(savedView.current);
          savedView.current = null;
        }
        // The compact attribution starts expanded over the city: start it folded (the ⓘ button opens it).
        container.querySelector('.maplibregl-ctrl-attrib')?.classList.remove('maplibregl-compact-show');
        resolve();
      }),
    );
    void sharedFootprintTriangles(model.buildings).then((tris) => {
      if (disposed) return;
      data = prepareDeckData(model, tris);
      performance.mark('cb:map:deckData');
      dirty = true;
      buildingsShown = true;
      map.triggerRepaint();
      // Ready once the map has loaded and settled with the building layer drawn.
      void loaded.then(() => {
        if (disposed) return;
        const onIdle = () => {
          if (!buildingsShown) return;
          markReady('map');
          markGlRecovered('map');
          // The overlays (points, highlights, live colours) join once both views drew the city.
          cancelOverlays = whenAppReady(() => {
            cityDrawn = true;
            dirty = true;
          });
        };
        // Listen first, then ask for the repaint that draws the buildings: 'idle' follows that frame. (Nothing else
        // repaints the map before it has drawn the city once, so a listener added later could wait forever.)
        map.once('idle', onIdle);
        map.triggerRepaint();
      });
    });

    const c = [0, 0];
    registerProjector('map', (i) => {
      if (i < 0 || i >= model.buildings.count) return null;
      footprintCentroid(model.buildings, i, c);
      const [lon, lat] = data.toLonLat(c[0] as number, c[1] as number);
      // The roof centroid (just under the roof, so the click lands on the building).
      return projectToPage(map, overlay, lon, lat, (model.buildings.heightM[i] as number) * 0.98);
    });

    const uninstallExtras = installMapExtras(
      map,
      overlay,
      model,
      () => data,
      (x, y) => {
        const info = overlay.pickObject({ x, y, radius: 4 });
        return info ? selectionOfPick(info, energy, workload, hazard) : null;
      },
    );
    const uninstallHazardHover = installHazardHover(map, overlay, hazard, hotHazard, () =>
      appStore.getState(),
    );
    registerHazardProbe('map', (cell) =>
      hazard.probe(hazardVisibility(appStore.getState().layers), hotHazard, cell, (x, y) => {
        const [lon, lat] = data.toLonLat(x, y);
        return projectToPage(map, overlay, lon, lat, 0);
      }),
    );

    registerTrafficProbe('map', (link) => {
      const out: Record<string, number> = {
        ...probe,
        tripBuilds: tripBuildStats.builds,
        tripBuildMs: tripBuildStats.lastMs,
        tripVertices: tripBuildStats.lastVertices,
      };
      if (link === undefined) return out;
      // The colour deck actually uploaded for the link (its first vertex), to prove updateTriggers fired.
      const deck = (overlay as unknown as { _deck?: { layerManager?: { getLayers(o: object): Layer[] } } })
        ._deck;
      const layer = deck?.layerManager?.getLayers({ layerIds: ['links'] })[0];
      const colors = layer?.getAttributeManager()?.getAttributes()['instanceColors']?.value;
      const v = data.links.startIndices[link];
      if (colors && v !== undefined)
        for (const [k, name] of ['linkR', 'linkG', 'linkB', 'linkA'].entries())
          out[name] = Number(colors[v * 4 + k]);
      return out;
    });

    registerWorkloadProbe('map', (id) => {
      const f = workload.frame;
      const vis = appStore.getState().layers;
      const s = workload.stats;
      const out: Record<string, number> = {
        version: f.version,
        orders: vis.workOrders ? f.count : 0,
        overdue: vis.workOrders ? f.overdue.length : 0,
        fresh: vis.workOrders ? f.fresh.length : 0,
        units: vis.fieldUnits ? f.units : 0,
        driving: vis.fieldUnits ? workload.driving : 0,
        cells: vis.workloadHeat ? workload.cellCount : 0,
        cellMax: f.cellMax,
        builds: s.builds,
        buildLastMs: s.lastBuildMs,
        buildMaxMs: s.maxBuildMs,
        frames: s.frames,
        frameMeanMs: s.frames > 0 ? s.totalFrameMs / s.frames : 0,
        frameMaxMs: s.maxFrameMs,
      };
      if (id === undefined) return out;
      const k = drawnIndexOf(f, id);
      out.drawn = k >= 0 ? 1 : 0;
      if (k < 0) return out;
      out.r = f.rgba[k * 4] as number;
      out.g = f.rgba[k * 4 + 1] as number;
      out.b = f.rgba[k * 4 + 2] as number;
      out.stage = f.stage[k] as number;
      out.halo = ((f.flags[k] as number) & WoFlag.overdue) !== 0 ? 1 : 0;
      out.pulse = ((f.flags[k] as number) & WoFlag.isNew) !== 0 ? 1 : 0;
      // Page pixels of the order (to click it).
      const o = appStore.getState().woOrders.get(id);
      if (o) {
        const [lon, lat] = data.toLonLat(o.x, o.y);
        const px = projectToPage(map, overlay, lon, lat, 0);
        if (px) [out.px, out.py] = px;
      }
      return out;
    });

    registerEnergyProbe('map', (section) => {
      if (!energy) return { gridModel: 0 };
      const vis = appStore.getState().layers;
      const st = energy.flowStats;
      const out: Record<string, number> = {
        gridModel: 1,
        version: energy.drawnVersion,
        sections: vis.grid ? energy.grid.busCount : 0,
        hvLines: vis.grid ? energy.grid.hvLineCount : 0,
        stations: vis.energyAssets || vis.grid ? energy.grid.stationCount : 0,
        alarms: vis.energyAlarms ? energy.alarmCount : 0,
        flowDots: st.dots,
        flowFrames: st.frames,
        flowLastMs: st.lastMs,
        flowMaxMs: st.maxMs,
        flowMeanMs: st.frames > 0 ? st.totalMs / st.frames : 0,
        ...energyProbe,
      };
      if (section === undefined) return out;
      // The colour deck actually uploaded for the section (its first vertex), to prove the updateTrigger fired.
      const deck = (overlay as unknown as { _deck?: { layerManager?: { getLayers(o: object): Layer[] } } })
        ._deck;
      const layer = deck?.layerManager?.getLayers({ layerIds: [ENERGY_LAYER.sections] })[0];
      const colors = layer?.getAttributeManager()?.getAttributes()['instanceColors']?.value;
      const v = energy.sectionPaths.startIndices[section];
      if (colors && v !== undefined)
        for (const [k, name] of ['sectionR', 'sectionG', 'sectionB', 'sectionA'].entries())
          out[name] = Number(colors[v * 4 + k]);
      return out;
    });

    registerGlResourceProbe('map', () => {
      const deck = (overlay as unknown as { _deck?: DeckInternals })._deck;
      const rc = deck?.device?.statsManager?.getStats('GPU Resource Counts');
      const mem = deck?.device?.statsManager?.getStats('GPU Time and Memory');
      return {
        deckLayers: deck?.layerManager?.getLayers().length ?? 0,
        deckResources: rc?.get('Resources Active').count ?? Number.NaN,
        deckBuffers: rc?.get('Buffers Active').count ?? Number.NaN,
        deckTextures: rc?.get('Textures Active').count ?? Number.NaN,
        deckPipelines: rc?.get('RenderPipelines Active').count ?? Number.NaN,
        deckGpuMemoryMB: (mem?.get('GPU Memory').count ?? Number.NaN) / 2 ** 20,
        mapStyleLayers: map.getLayersOrder().length,
      };
    });

    const detachCamera = attachMapCameraBridge(map, model);
    const ro = new ResizeObserver(() => map.resize());
    ro.observe(container);
    return () => {
      disposed = true;
      stopGlWatch();
      registerGlCanvas('map', null);
      registerGlResourceProbe('map', null);
      detachCamera();
      cancelOverlays();
      cancelAnimationFrame(raf);
      unsub();
      ro.disconnect();
      registerProjector('map', null);
      registerTrafficProbe('map', null);
      registerEnergyProbe('map', null);
      registerWorkloadProbe('map', null);
      registerHazardProbe('map', null);
      uninstallHazardHover();
      uninstallExtras();
      map.remove();
    };
  }, [model, glGeneration, rebuild]);

  return (
    <div className="view map-view" data-testid="map-canvas">
      <div ref={containerRef} className="map-container" />
      <div className="view-label">{dict(lang).mapView}</div>
      <ContextLossBanner view="map" />
    </div>
  );
}
