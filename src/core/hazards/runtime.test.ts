/**
 * The hazard runtime on the default scene (scenes/default; skipped with a message naming the path when it is missing:
 * `npm run generate-city` makes it): a 100-year 2-hour storm, an Mw 6.5 earthquake under the city centre with the
 * live energy model in the loop, a heat wave against the energy model's load, determinism, and refused specs.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGridModel, type CityGridModel } from '../energy/city/gridModel.ts';
import { LiveEnergyModel } from '../energy/city/liveEnergy.ts';
import { parseHazardMessage, parseHazardSnapshot, type HazardMessage } from '../protocol/hazardMessages.ts';
import { PoiKind, type CityModel } from '../scene/types.ts';
import { readScenePackage } from '../../node/scenePackage.ts';
import { pgaG } from './earthquake.ts';
import { depthAtXY, formulaForCity, type FloodModel } from './flood.ts';
import { heatLoadIncreaseMw } from './heat.ts';
import {
  ASSET_FLOOD_DEPTH_M,
  CLOSED_LINK_FACTOR,
  SUBSTATION_TRIP_STATE,
  substationDamageState,
} from './lifecycle.ts';
import { HazardRuntime, heatWaveWeather, type HazardStepContext } from './runtime.ts';
import type { CascadeNode } from './types.ts';

const SCENES = path.resolve(import.meta.dirname, '../../..', 'scenes');
const SCENE = path.join(SCENES, 'default', 'scene.json');
const hasScene = existsSync(SCENE);
if (!hasScene) console.warn(`hazard runtime tests skipped: ${SCENE} is missing (npm run generate-city)`);

/** 2026-03-02 14:00 CST (a Monday). */
const T0 = 20513 * 86_400_000 + 6 * 3_600_000;
const MIN = 60_000;
const CALM = { temperatureC: 20, rainMmH: 0, windMS: 3 };

/** Every node's causes are earlier nodes of the log; times never go back. */
function checkCascade(log: readonly CascadeNode[]): void {
  const seen = new Set<string>();
  let last = -Infinity;
  for (const n of log) {
    expect(n.simTimeMs).toBeGreaterThanOrEqual(last);
    last = n.simTimeMs;
    for (const c of n.causes) expect(seen.has(c), `${n.id} cause ${c}`).toBe(true);
    if (n.kind === 'restored' || n.kind === 'loadShed' || n.kind === 'signalsDark' || n.kind === 'workOrder')
      expect(n.causes.length).toBeGreaterThan(0);
    expect(n.title.zh.length * n.title.en.length).toBeGreaterThan(0);
    seen.add(n.id);
  }
}

/** Every assignment comes from an existing base of the right kind and arrives after it was sent. */
function checkRescue(city: CityModel, m: HazardMessage): void {
  expect(m.rescue.length).toBeGreaterThan(0);
  const baseKind = {
    fireEngine: PoiKind.fireStation,
    rescueTeam: PoiKind.fireStation,
    ambulance: PoiKind.hospital,
  };
  for (const a of m.rescue) {
    expect(a.arriveMs).toBeGreaterThanOrEqual(a.assignedMs);
    expect(a.travelTimeS).toBeGreaterThanOrEqual(0);
    expect(a.path.length).toBeGreaterThanOrEqual(2);
    if (a.kind !== 'pumpUnit') {
      expect(a.basePoi).toBeGreaterThanOrEqual(0);
      expect(a.basePoi).toBeLessThan(city.pois.count);
      expect(city.pois.kind[a.basePoi]).toBe(baseKind[a.kind]);
    }
  }
  expect(parseHazardMessage(JSON.parse(JSON.stringify(m)))).toMatchObject({ ok: true });
}

/** The energy state the simulator hands the runtime. */
function energyCtx(em: LiveEnergyModel): HazardStepContext['energy'] {
  return {
    demandMw: em.balance.demandMw,
    shedMw: em.balance.shedMw,
    unservedMw: em.balance.unservedMw,
    storageDischargeMw: em.balance.storageDischargeMw,
    busDead: em.busDead,
    outageVersion: em.outageVersion,
    dispatchVersion: em.frame.version,
  };
}

describe.skipIf(!hasScene)(`hazard runtime on the default scene (${SCENE})`, () => {
  let city: CityModel;
  let grid: CityGridModel;
  beforeAll(async () => {
    city = await readScenePackage(SCENES, 'default');
    grid = buildGridModel(city);
  });

  it('refuses bad specs with the field and the reason', () => {
    const rt = new HazardRuntime(city, grid, { seed: 1, utcOffsetMin: 480 });
    const bad = (spec: unknown): string => {
      const a = rt.trigger(spec as never, T0);
      expect(a.ok).toBe(false);
      return a.ok ? '' : a.reason;
    };
    // The wire validator (parseHazardCommand) against this city, then the runtime's own limits.
    expect(bad({ kind: 'tsunami' })).toBe(
      'trigger: hzCommand.spec.kind: expected one of rainstorm, heat, earthquake, fire, got "tsunami"',
    );
    expect(bad({ kind: 'fire', building: city.buildings.count })).toBe(
      `trigger: hzCommand.spec.building: ${city.buildings.count} is out of range [0, ${city.buildings.count - 1}]`,
    );
    expect(bad({ kind: 'earthquake', x: 0, y: 0, magnitude: 12, depthKm: 10 })).toBe(
      'trigger: hzCommand.spec.magnitude: 12 is out of range [3, 9.5]',
    );
    expect(bad({ kind: 'heat', leadMin: 0, durationH: 24, peakTempC: 39, humidityPct: 140 })).toBe(
      'trigger: hzCommand.spec.humidityPct: 140 is out of range [0, 100]',
    );
    expect(
      bad({
        kind: 'rainstorm',
        leadMin: 0,
        rain: { kind: 'design', formula: 'atlantis', returnPeriodYears: 10, durationMin: 60, peakRatio: 0.4 },
      }),
    ).toMatch(/^trigger: hzCommand\.spec\.rain\.formula: unknown storm formula "atlantis" \(known: /);
    expect(
      bad({ kind: 'rainstorm', leadMin: 0, rain: { kind: 'series', label: 'x', stepMin: 60, mmH: [1, -2] } }),
    ).toBe('trigger: hzCommand.spec.rain.mmH[1]: -2 is out of range [0, 500]');
    expect(bad({ kind: 'rainstorm', leadMin: -5, rain: {} })).toBe(
      'trigger: hzCommand.spec.leadMin: -5 is out of range [0, 10080]',
    );
    const long = { kind: 'series', label: 'x', stepMin: 60, mmH: new Array<number>(100).fill(1) };
    expect(bad({ kind: 'rainstorm', leadMin: 0, rain: long })).toBe(
      "trigger: hzCommand.spec.rain: 6000 min of rain is more than the runtime's 4320 min (72 h)",
    );
    // One heat wave at a time; earthquakes and fires stack.
    expect(
      rt.trigger({ kind: 'heat', leadMin: 60, durationH: 24, peakTempC: 38, humidityPct: 40 }, T0),
    ).toEqual({
      ok: true,
      id: 'HZ-0001',
    });
    expect(bad({ kind: 'heat', leadMin: 0, durationH: 24, peakTempC: 38, humidityPct: 40 })).toBe(
      'trigger: a heat wave is already running (HZ-0001); cancel it first',
    );
    expect(rt.trigger({ kind: 'fire', building: 10 }, T0)).toEqual({ ok: true, id: 'HZ-0002' });
    expect(rt.trigger({ kind: 'fire', building: 11 }, T0)).toEqual({ ok: true, id: 'HZ-0003' });
    expect(rt.acknowledge('HZ-0009', 'op', T0)).toEqual({
      ok: false,
      reason: 'acknowledge: no hazard "HZ-0009"',
    });
    expect(rt.acknowledge('HZ-0001', '', T0)).toEqual({
      ok: false,
      reason: 'acknowledge: operator must be a non-empty name of at most 64 characters',
    });
    expect(rt.command({ op: 'acknowledge', id: 'HZ-0001', operator: ' ' }, T0)).toEqual({
      ok: false,
      reason: 'hzCommand.operator: expected a non-empty name',
    });
    expect(rt.acknowledge('HZ-0001', 'Wang', T0)).toEqual({ ok: true, id: 'HZ-0001' });
    expect(rt.hazards()[0]!.acknowledged).toBe(true);
    expect(rt.cancel('HZ-0001', T0 + MIN)).toEqual({ ok: true, id: 'HZ-0001' });
    expect(rt.cancel('HZ-0001', T0 + MIN)).toEqual({ ok: false, reason: 'cancel: HZ-0001 is already over' });
    expect(rt.command({ op: 'bogus' } as never, T0)).toEqual({
      ok: false,
      reason: 'hzCommand.op: expected one of trigger, cancel, acknowledge, got "bogus"',
    });
    // A cancelled heat wave frees the slot.
    expect(
      rt.trigger({ kind: 'heat', leadMin: 0, durationH: 1, peakTempC: 36, humidityPct: 40 }, T0 + MIN).ok,
    ).toBe(true);
  });

  it('a 100-year 2-hour storm closes links by depth, trips only flooded stations, and recovers', () => {
    const rt = new HazardRuntime(city, grid, { seed: 1, utcOffsetMin: 480 });
    const formula = formulaForCity(city);
    const spec = {
      kind: 'rainstorm',
      leadMin: 30,
      rain: { kind: 'design', formula, returnPeriodYears: 100, durationMin: 120, peakRatio: 0.4 },
    } as const;
    expect(rt.trigger(spec, T0)).toEqual({ ok: true, id: 'HZ-0001' });
    const ctx: HazardStepContext = { weather: CALM, linkTimeS: null, energy: null };
    const model = (): FloodModel | null =>
      (rt as unknown as { list: { flood: { model: FloodModel } | null }[] }).list[0]!.flood?.model ?? null;
    let minRoads = 100;
    let maxClosed = 0;
    let maxResidualPct = 0;
    let frames = 0;
    let sawRain = false;
    let over = -1;
    let maxPumps = 0;
    for (let m = 1; m <= 8 * 60 && over < 0; m++) {
      const t = T0 + m * MIN;
      rt.step(t, ctx);
      const msg = rt.message(t);
      if (msg !== null && msg.rescue.length > maxPumps) {
        maxPumps = msg.rescue.length;
        expect(msg.rescue.every((a) => a.kind === 'pumpUnit' && a.arriveMs >= a.assignedMs)).toBe(true);
      }
      if (rt.floodFrame()) frames++;
      if (rt.coupling.weather?.rainMmH !== undefined && rt.coupling.weather.rainMmH > 0) sawRain = true;
      const fm = model();
      if (msg !== null && msg.hazards[0]!.phase === 'over') over = m;
      if (msg === null || fm === null) continue;
      // Trips: exactly the stations with water above the plinth depth (none dry out within the storm's hours here).
      for (const s of rt.coupling.trippedStations)
        expect(depthAtXY(fm.grid, fm.maxDepthM, grid.stationX[s]!, grid.stationY[s]!)).toBeGreaterThan(
          ASSET_FLOOD_DEPTH_M,
        );
      for (let s = 0; s < grid.stationCount; s++)
        if (!rt.coupling.trippedStations.includes(s))
          expect(depthAtXY(fm.grid, fm.depthM, grid.stationX[s]!, grid.stationY[s]!)).toBeLessThanOrEqual(
            ASSET_FLOOD_DEPTH_M,
          );
      minRoads = Math.min(minRoads, msg.lifelines.roadsPct);
      maxClosed = Math.max(maxClosed, msg.closedLinks.length);
      if (msg.flood) maxResidualPct = Math.max(maxResidualPct, Math.abs(msg.flood.residualPct));
      for (const l of msg.closedLinks) expect(rt.coupling.linkFactor[l]).toBe(CLOSED_LINK_FACTOR);
    }
    expect(sawRain).toBe(true);
    expect(maxPumps).toBeGreaterThan(0); // pump units sent to flooded underpasses / the deepest closed links
    expect(maxClosed).toBeGreaterThan(10);
    expect(minRoads).toBeLessThan(99);
    expect(maxResidualPct).toBeLessThan(0.1); // mass balance within 0.1 % of the rain
    expect(frames).toBeGreaterThan(100); // one per simulated minute of the flood
    expect(over).toBeGreaterThan(150); // rain ends at 30 + 120 min; recovery after
    const snap = rt.snapshot();
    const hz = snap.message.hazards[0]!;
    expect([hz.phase, hz.alertLevel]).toEqual(['over', 0]);
    expect(snap.message.closedLinks).toEqual([]);
    expect(rt.coupling.linkFactorActive).toBe(false);
    expect(rt.coupling.weather).toBeNull();
    // The forecast (≥ 100 mm in 3 h) raised red at the trigger.
    const first = snap.message.cascade[0]!;
    expect([first.kind, first.severity, first.simTimeMs]).toEqual(['alert', 3, T0]);
    expect(first.title.en).toBe('rainstorm alert raised to red');
    checkCascade(snap.message.cascade);
    // Dedupe: one closure node per closure episode, each reopened once by a 'restored' node that names it.
    const closed = snap.message.cascade.filter((n) => n.kind === 'linkClosed');
    const restored = new Map(
      snap.message.cascade.filter((n) => n.kind === 'restored').map((n) => [n.causes[0], n]),
    );
    for (const c of closed) expect(restored.has(c.id)).toBe(true);
    // Lifelines dipped and came back.
    const hist = snap.lifelineHistory;
    expect(Math.min(...hist.map((p) => p.roadsPct))).toBe(minRoads);
    expect(hist[hist.length - 1]!.roadsPct).toBe(100);
    // Reports: a drainage report per flooded road, with the closure as its cause; a work order joins the graph.
    const reports = rt.takeReports();
    expect(reports.length).toBeGreaterThan(0);
    expect(
      reports.every((r) => ['drainage', 'powerOutage', 'waterSupply', 'safetyHazard'].includes(r.category)),
    ).toBe(true);
    expect(rt.noteWorkOrder(reports[0]!.key, 'WO-000123', T0 + 9 * 60 * MIN)).toBe(true);
    expect(rt.noteWorkOrder('nope', 'WO-1', T0 + 9 * 60 * MIN)).toBe(false);
    const wo = rt.message(T0 + 9 * 60 * MIN)!.cascade.at(-1)!;
    expect([wo.kind, wo.ref, wo.causes]).toEqual([
      'workOrder',
      { kind: 'workOrder', id: 'WO-000123' },
      [reports[0]!.causeId],
    ]);
  }, 120_000);

  it('an Mw 6.5 earthquake under the centre damages buildings, opens shelters, trips stations by fragility, and recovers', () => {
    const rt = new HazardRuntime(city, grid, { seed: 1, utcOffsetMin: 480 });
    const em = new LiveEnergyModel(grid, { intervalMin: 30, sim: { seed: 1, utcOffsetMin: 480 } });
    const e = city.meta.extentM;
    const q = {
      kind: 'earthquake',
      x: (e.minX + e.maxX) / 2,
      y: (e.minY + e.maxY) / 2,
      magnitude: 6.5,
      depthKm: 10,
    } as const;
    em.step(T0, { temperatureC: 20 });
    expect(rt.trigger(q, T0)).toEqual({ ok: true, id: 'HZ-0001' });
    const first = rt.message(T0)!;
    expect(parseHazardMessage(JSON.parse(JSON.stringify(first)))).toMatchObject({ ok: true });
    expect(first.quake!.damageStates[3] + first.quake!.damageStates[4]).toBeGreaterThan(0);
    expect(first.shelters.some((s) => s.open && s.occupants > 0)).toBe(true);
    expect(first.evacuation!.length).toBeGreaterThan(0);
    for (const r of first.evacuation!) expect(r.path.length).toBeGreaterThanOrEqual(4);
    // Rescue: teams and ambulances from existing bases to the collapse sites, each with a cascade step.
    checkRescue(city, first);
    expect(first.rescue.some((a) => a.kind === 'rescueTeam')).toBe(true);
    expect(first.rescue.some((a) => a.kind === 'ambulance')).toBe(true);
    const causeKinds = new Set(
      first.cascade
        .filter((n) => n.kind === 'rescueAssigned')
        .map((n) => first.cascade.find((c) => c.id === n.causes[0])!.kind),
    );
    expect([...causeKinds].every((k) => k === 'buildingDamaged' || k === 'hazardOnset')).toBe(true);
    expect(first.cascade.filter((n) => n.kind === 'rescueAssigned')).toHaveLength(first.rescue.length);
    // Stations: tripped exactly where the HAZUS fragility gives ≥ moderate at the station's PGA.
    for (let s = 0; s < grid.stationCount; s++) {
      const pga = pgaG(q.magnitude, Math.hypot(grid.stationX[s]! - q.x, grid.stationY[s]! - q.y) / 1000);
      expect(rt.coupling.trippedStations.includes(s)).toBe(
        substationDamageState(pga) >= SUBSTATION_TRIP_STATE,
      );
    }
    expect(rt.coupling.trippedStations.length).toBeGreaterThan(0);
    let applied = 0;
    let minPower = 100;
    let sawDark = false;
    let over = -1;
    const step = 10; // minutes per tick: the runtime catches up minute by minute
    for (let m = step; m <= 40 * 24 * 60 && over < 0; m += step) {
      const t = T0 + m * MIN;
      rt.step(t, { weather: CALM, linkTimeS: null, energy: energyCtx(em) });
      if (rt.coupling.energyVersion !== applied) {
        applied = rt.coupling.energyVersion;
        em.setOutages({ stations: rt.coupling.trippedStations, sections: rt.coupling.trippedSections }, t);
      }
      em.step(t, { temperatureC: 20 });
      const msg = rt.message(t);
      if (!msg) continue;
      minPower = Math.min(minPower, msg.lifelines.powerPct);
      if (msg.outage.darkSignalNodes.length > 0) sawDark = true;
      if (msg.hazards[0]!.phase === 'over' && msg.outage.feeders.length === 0) over = m;
    }
    expect(minPower).toBeLessThan(100);
    expect(sawDark).toBe(true);
    expect(over).toBeGreaterThan(24 * 60); // HAZUS restoration takes days
    const snap = rt.snapshot();
    expect(parseHazardSnapshot(JSON.parse(JSON.stringify(snap)))).toMatchObject({ ok: true });
    checkCascade(snap.message.cascade);
    const byId = new Map(snap.message.cascade.map((n) => [n.id, n]));
    const kinds = new Set(snap.message.cascade.map((n) => n.kind));
    for (const k of [
      'buildingDamaged',
      'stationTripped',
      'loadShed',
      'signalsDark',
      'shelterOpened',
      'evacuation',
    ] as const)
      expect(kinds.has(k), k).toBe(true);
    for (const n of snap.message.cascade) {
      if (n.kind === 'loadShed') expect(byId.get(n.causes[0]!)!.kind).toBe('stationTripped');
      if (n.kind === 'signalsDark') expect(byId.get(n.causes[0]!)!.kind).toBe('loadShed');
    }
    const last = snap.lifelineHistory.at(-1)!;
    expect([last.powerPct, last.roadsPct]).toEqual([100, 100]);
    expect(snap.message.rescue).toEqual([]); // units released when the hazard is over
    expect(snap.message.outage.darkSignalNodes).toEqual([]);
    expect(em.busDead.every((d) => d === 0)).toBe(true);
    const cats = new Set(rt.takeReports().map((r) => r.category));
    for (const c of ['buildingRepair', 'powerOutage', 'trafficSignal'] as const)
      expect(cats.has(c), c).toBe(true);
  }, 180_000);

  it('a heat wave overrides the weather and raises the energy model load by heatLoadIncreaseMw', () => {
    const rt = new HazardRuntime(city, grid, { seed: 1, utcOffsetMin: 480 });
    expect(
      rt.trigger({ kind: 'heat', leadMin: 0, durationH: 48, peakTempC: 39, humidityPct: 45 }, T0).ok,
    ).toBe(true);
    const quiet = { intervalMin: 5, sim: { seed: 1, utcOffsetMin: 480, loadNoiseSigma: 0 } };
    const normal = new LiveEnergyModel(grid, quiet);
    const hot = new LiveEnergyModel(grid, quiet);
    for (let m = 5; m <= 120; m += 5) {
      const t = T0 + m * MIN;
      rt.step(t, { weather: CALM, linkTimeS: null, energy: null });
      const w = rt.coupling.weather!;
      // 14:05 … 16:00: the cosine at its top, humidity from the peak-hour dew point.
      expect(w).toEqual({
        temperatureC: heatWaveWeather(39, 45, 14 + m / 60).tempC,
        humidityPct: heatWaveWeather(39, 45, 14 + m / 60).rhPct,
      });
      normal.step(t, { temperatureC: CALM.temperatureC });
      hot.step(t, { temperatureC: w.temperatureC! });
      const inc = heatLoadIncreaseMw(grid, t, CALM.temperatureC, w.temperatureC!, 480);
      expect(inc).toBeGreaterThan(0);
      expect(hot.balance.demandMw - normal.balance.demandMw).toBeCloseTo(inc, 6);
    }
    const msg = rt.message(T0 + 120 * MIN)!;
    expect(parseHazardMessage(JSON.parse(JSON.stringify(msg)))).toMatchObject({ ok: true });
    expect(msg.heat!.loadIncreaseMw).toBeGreaterThan(0);
    expect(msg.hazards[0]!.alertLevel).toBe(3); // 39 °C: orange (37 °C within 24 h)
  });

  it("a building fire gets engines from the fire model's station first, plus a rescue team and an ambulance", () => {
    const rt = new HazardRuntime(city, grid, { seed: 1, utcOffsetMin: 480 });
    expect(rt.trigger({ kind: 'fire', building: 500 }, T0).ok).toBe(true);
    const m = rt.message(T0)!;
    checkRescue(city, m);
    const kinds = m.rescue.map((a) => a.kind);
    expect(kinds.filter((k) => k === 'fireEngine')).toHaveLength(3);
    expect(kinds.filter((k) => k === 'rescueTeam')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'ambulance')).toHaveLength(1);
    const firstEngine = m.rescue[0]!;
    expect(firstEngine.basePoi).toBe(m.fire!.station);
    expect(firstEngine.travelTimeS).toBeCloseTo(m.fire!.travelTimeS, 0);
    const onset = m.cascade.find((n) => n.kind === 'hazardOnset')!;
    for (const n of m.cascade.filter((c) => c.kind === 'rescueAssigned'))
      expect(n.causes).toEqual([onset.id]);
    // Over after the stated duration: the units are released.
    for (let t = T0 + MIN; t <= T0 + 6 * 60 * MIN; t += 10 * MIN)
      rt.step(t, { weather: CALM, linkTimeS: null, energy: null });
    expect(rt.snapshot().message.rescue).toEqual([]);
  });

  it('is deterministic: the same commands and step times give identical messages', () => {
    const run = (): string => {
      const rt = new HazardRuntime(city, grid, { seed: 7, utcOffsetMin: 480 });
      const out: HazardMessage[] = [];
      rt.trigger(
        {
          kind: 'rainstorm',
          leadMin: 0,
          rain: { kind: 'series', label: 'test', stepMin: 30, mmH: [20, 80, 40, 10] },
        },
        T0,
      );
      rt.trigger({ kind: 'fire', building: 500 }, T0 + 7 * MIN);
      for (let m = 1; m <= 150; m += 3) {
        const t = T0 + m * MIN;
        rt.step(t, { weather: CALM, linkTimeS: null, energy: null });
        const msg = rt.message(t);
        if (msg) out.push(msg);
      }
      const snap = rt.snapshot();
      // Every message and the snapshot pass the wire validators the client uses.
      for (const m of out)
        expect(parseHazardMessage(JSON.parse(JSON.stringify(m)))).toMatchObject({ ok: true });
      expect(parseHazardSnapshot(JSON.parse(JSON.stringify(snap)))).toMatchObject({ ok: true });
      return JSON.stringify({ out, reports: rt.takeReports(), snap });
    };
    const a = run();
    expect(a.length).toBeGreaterThan(1000);
    expect(run()).toBe(a);
  }, 60_000);

  it('costs nothing while no hazard runs: no messages, no state', () => {
    const rt = new HazardRuntime(city, grid, { seed: 1, utcOffsetMin: 480 });
    for (let m = 0; m < 100; m++) rt.step(T0 + m * MIN, { weather: CALM, linkTimeS: null, energy: null });
    expect(rt.active).toBe(false);
    expect(rt.message(T0 + 100 * MIN)).toBeNull();
    expect(rt.floodFrame()).toBeNull();
    expect(rt.snapshot().lifelineHistory).toEqual([]);
    expect(rt.coupling.linkVersion).toBe(0);
  });
});
