import { describe, expect, it } from 'vitest';
import {
  FLOOD_FRAME_HEADER_BYTES,
  FLOOD_FRAME_MAGIC,
  MAX_RESCUE,
  decodeFloodFrame,
  encodeFloodFrame,
  encodeFloodFrameM,
  parseHazardCommand,
  parseHazardCommandAnswer,
  parseHazardMessage,
  parseHazardSnapshot,
  type HazardCityLimits,
  type HazardMessage,
} from './hazardMessages.ts';

const LIMITS: HazardCityLimits = {
  buildingCount: 100,
  extent: { minX: -2000, minY: -2000, maxX: 2000, maxY: 2000 },
  formulas: ['beijing', 'shanghai'],
};

/** A message with one of everything (what the runtime sends during a storm). */
function message(): HazardMessage {
  return {
    seq: 3,
    simTimeMs: 1_772_400_000_000,
    hazards: [
      {
        id: 'HZ-0001',
        kind: 'rainstorm',
        spec: {
          kind: 'rainstorm',
          leadMin: 30,
          rain: {
            kind: 'design',
            formula: 'beijing',
            returnPeriodYears: 50,
            durationMin: 120,
            peakRatio: 0.4,
          },
        },
        label: { zh: '50年一遇暴雨', en: '50-year rainstorm' },
        triggeredMs: 1_772_399_000_000,
        onsetMs: 1_772_400_800_000,
        endMs: 1_772_408_000_000,
        phase: 'warning',
        alertLevel: 3,
        alertSinceMs: 1_772_399_000_000,
        acknowledged: false,
        notified: [{ zh: '区防汛办', en: 'District flood office' }],
        headline: { label: { zh: '最大水深', en: 'Max depth' }, value: 0.42, unit: 'm' },
        overMs: null,
      },
    ],
    exposure: [
      {
        hazardId: 'HZ-0001',
        people: 120.5,
        buildings: 4,
        assets: [{ asset: 2, severity: 2, value: 0.3, unit: 'm', reason: { zh: '积水', en: 'water' } }],
        byDistrict: [{ zone: 0, people: 120.5, buildings: 4 }],
      },
    ],
    cascade: [
      {
        id: 'HZ-0001/0001',
        hazardId: 'HZ-0001',
        simTimeMs: 1_772_400_000_000,
        system: 'roads',
        kind: 'linkClosed',
        ref: { kind: 'link', index: 17 },
        x: 10,
        y: -20,
        severity: 3,
        title: { zh: '道路封闭', en: 'Road closed' },
        why: { zh: '水深 0.34 m', en: 'water 0.34 m' },
        causes: [],
      },
      {
        id: 'HZ-0001/0002',
        hazardId: 'HZ-0001',
        simTimeMs: 1_772_400_000_000,
        system: 'workload',
        kind: 'workOrder',
        ref: { kind: 'workOrder', id: 'wo:000001' },
        x: null,
        y: null,
        severity: 2,
        title: { zh: '工单', en: 'Work order' },
        why: { zh: '积水', en: 'waterlogging' },
        causes: ['HZ-0001/0001'],
      },
    ],
    lifelines: { simTimeMs: 1_772_400_000_000, powerPct: 100, roadsPct: 97.5, waterPct: 100 },
    shelters: [{ poi: 5, capacity: 800, occupants: 0, open: true }],
    evacuation: [
      {
        id: 'HZ-0001/E1',
        hazardId: 'HZ-0001',
        shelter: 5,
        people: 40,
        fromX: 0,
        fromY: 0,
        path: [0, 0, 100, 0],
        lengthM: 100,
        timeS: 72,
      },
    ],
    rescue: [
      {
        id: 'HZ-0001/R01',
        hazardId: 'HZ-0001',
        kind: 'pumpUnit',
        basePoi: -1,
        task: { zh: '下穿通道 #6 抽排积水', en: 'pump out underpass #6' },
        x: 100,
        y: 0,
        path: [0, 0, 100, 0],
        travelTimeS: 12,
        assignedMs: 1_772_400_000_000,
        arriveMs: 1_772_400_012_000,
      },
    ],
    outage: {
      stations: [],
      feeders: [2],
      areas: [{ feeder: 2, hull: [0, 0, 1, 0, 1, 1] }],
      buildings: 3,
      shedMw: 1.5,
      darkSignalNodes: [4],
    },
    closedLinks: [17],
    flood: {
      rainM3: 1000,
      infiltratedM3: 400,
      drainedM3: 300,
      storedM3: 250,
      outflowM3: 50,
      residualM3: 0,
      residualPct: 0,
    },
    quake: null,
    heat: null,
    fire: null,
  };
}

/** A deep copy with one field replaced by `value` at `path`. */
function withField(path: (string | number)[], value: unknown): unknown {
  const m = JSON.parse(JSON.stringify(message())) as Record<string | number, unknown>;
  let o: Record<string | number, unknown> = m;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  o[path[path.length - 1]!] = value;
  return m;
}

describe('parseHazardMessage', () => {
  it('accepts a full message and returns the same values', () => {
    const m = message();
    const r = parseHazardMessage(JSON.parse(JSON.stringify(m)));
    expect(r).toEqual({ ok: true, value: m });
  });

  it('accepts the other summaries', () => {
    const m = {
      ...message(),
      quake: {
        hazardId: 'HZ-0002',
        damageStates: [900, 60, 25, 10, 5],
        displacedPeople: 120,
        casualties: [10, 2, 0.5, 0.1],
        shelterDemand: 80,
        maxPgaG: 0.31,
      },
      heat: {
        hazardId: 'HZ-0003',
        tempC: 39,
        humidityPct: 50,
        heatIndexC: 48.5,
        districts: [{ zone: 0, risk: 0.8, level: 4 }],
        loadIncreaseMw: 12.5,
      },
      fire: {
        hazardId: 'HZ-0004',
        building: 12,
        spreadRisk: 2,
        buildingsAtRisk: [13, 14],
        spreadRadiusM: 35,
        station: -1,
        travelTimeS: 0,
        routePath: [],
        standardS: 300,
      },
    };
    expect(parseHazardMessage(m).ok).toBe(true);
  });

  it.each([
    [['seq'], 0, 'hazard.seq: 0 is out of range [1, 9007199254740991]'],
    [['simTimeMs'], 'x', 'hazard 3.simTimeMs: expected a finite number, got "x"'],
    [['hazards', 0, 'id'], 'HZ1', 'hazard 3.hazards[0].id: expected a hazard id like "HZ-0001", got "HZ1"'],
    [['hazards', 0, 'alertLevel'], 5, 'hazard 3.hazards[0].alertLevel: 5 is out of range [0, 4]'],
    [
      ['hazards', 0, 'phase'],
      'done',
      'hazard 3.hazards[0].phase: expected one of warning, response, recovery, over, got "done"',
    ],
    [['hazards', 0, 'kind'], 'heat', 'hazard 3.hazards[0].kind: heat does not match spec.kind rainstorm'],
    [
      ['hazards', 0, 'spec', 'rain', 'peakRatio'],
      1,
      'hazard 3.hazards[0].spec.rain.peakRatio: 1 must lie strictly inside (0, 1)',
    ],
    [
      ['cascade', 1, 'kind'],
      'explosion',
      'hazard 3.cascade[1].kind: expected one of alert, hazardOnset, assetExposed, linkClosed, underpassFlooded, stationTripped, loadShed, storageSupport, signalsDark, buildingDamaged, shelterOpened, evacuation, rescueAssigned, workOrder, restored, got "explosion"',
    ],
    [
      ['cascade', 0, 'ref', 'index'],
      -1,
      'hazard 3.cascade[0].ref.index: -1 is out of range [0, 9007199254740991]',
    ],
    [['lifelines', 'roadsPct'], 101, 'hazard 3.lifelines.roadsPct: 101 is out of range [0, 100]'],
    [
      ['evacuation', 0, 'path'],
      [0, 0, 1],
      'hazard 3.evacuation[0].path: expected interleaved x,y (an even length), got 3',
    ],
    [['outage', 'shedMw'], null, 'hazard 3.outage.shedMw: expected a finite number, got null'],
    [['closedLinks', 0], 1.5, 'hazard 3.closedLinks[0]: expected a non-negative integer, got 1.5'],
    [['flood', 'residualPct'], 'NaN', 'hazard 3.flood.residualPct: expected a finite number, got "NaN"'],
  ])('refuses %j = %j with a reason naming the field', (path, value, reason) => {
    expect(parseHazardMessage(withField(path, value))).toEqual({ ok: false, reason });
  });

  it('validates the rescue assignments (kind, base, arrival not before dispatch, bound) and defaults them to []', () => {
    expect(parseHazardMessage(withField(['rescue', 0, 'kind'], 'helicopter'))).toEqual({
      ok: false,
      reason:
        'hazard 3.rescue[0].kind: expected one of fireEngine, rescueTeam, ambulance, pumpUnit, got "helicopter"',
    });
    const low = parseHazardMessage(withField(['rescue', 0, 'basePoi'], -2));
    expect(low.ok ? '' : low.reason).toMatch(/^hazard 3\.rescue\[0\]\.basePoi: /);
    const early = parseHazardMessage(withField(['rescue', 0, 'arriveMs'], 1_772_399_999_999));
    expect(early.ok ? '' : early.reason).toMatch(/^hazard 3\.rescue\[0\]\.arriveMs: /);
    const big = parseHazardMessage(withField(['rescue'], new Array(MAX_RESCUE + 1).fill(0)));
    expect(big).toEqual({ ok: false, reason: `hazard 3.rescue: ${MAX_RESCUE + 1} entries > ${MAX_RESCUE}` });
    const old = JSON.parse(JSON.stringify(message())) as Record<string, unknown>;
    delete old['rescue'];
    const r = parseHazardMessage(old);
    expect(r.ok && r.value.rescue).toEqual([]);
  });

  it('refuses non-objects and oversized cascades', () => {
    expect(parseHazardMessage(null)).toEqual({ ok: false, reason: 'hazard: expected an object, got null' });
    const big = withField(['cascade'], new Array(5001).fill(0));
    expect(parseHazardMessage(big)).toEqual({ ok: false, reason: 'hazard 3.cascade: 5001 entries > 5000' });
  });
});

describe('parseHazardSnapshot', () => {
  it('accepts seq 0 (nothing streamed yet) and a lifeline history', () => {
    const m = { ...message(), seq: 0 };
    const r = parseHazardSnapshot({ message: m, lifelineHistory: [m.lifelines] });
    expect(r.ok).toBe(true);
  });
  it('names the bad history point', () => {
    const m = message();
    expect(parseHazardSnapshot({ message: m, lifelineHistory: [{ ...m.lifelines, powerPct: -1 }] })).toEqual({
      ok: false,
      reason: 'hazardSnapshot.lifelineHistory[0].powerPct: -1 is out of range [0, 100]',
    });
  });
});

describe('parseHazardCommand', () => {
  const design = {
    kind: 'design',
    formula: 'beijing',
    returnPeriodYears: 50,
    durationMin: 120,
    peakRatio: 0.4,
  };
  it('accepts each kind', () => {
    expect(
      parseHazardCommand({ op: 'trigger', spec: { kind: 'rainstorm', leadMin: 30, rain: design } }, LIMITS),
    ).toEqual({
      ok: true,
      value: { op: 'trigger', spec: { kind: 'rainstorm', leadMin: 30, rain: design } },
    });
    const series = { kind: 'series', label: 'Dongsi', stepMin: 60, mmH: [0, 12.5, 30] };
    expect(
      parseHazardCommand({ op: 'trigger', spec: { kind: 'rainstorm', leadMin: 0, rain: series } }, LIMITS).ok,
    ).toBe(true);
    const quake = { kind: 'earthquake', x: 0, y: 0, magnitude: 6.5, depthKm: 10 };
    expect(parseHazardCommand({ op: 'trigger', spec: quake }, LIMITS).ok).toBe(true);
    const heat = { kind: 'heat', leadMin: 0, durationH: 48, peakTempC: 39, humidityPct: 50 };
    expect(parseHazardCommand({ op: 'trigger', spec: heat }, LIMITS).ok).toBe(true);
    expect(parseHazardCommand({ op: 'trigger', spec: { kind: 'fire', building: 99 } }, LIMITS).ok).toBe(true);
    expect(parseHazardCommand({ op: 'cancel', id: 'HZ-0002' }, LIMITS)).toEqual({
      ok: true,
      value: { op: 'cancel', id: 'HZ-0002' },
    });
    expect(parseHazardCommand({ op: 'acknowledge', id: 'HZ-0002', operator: ' 王工 ' }, LIMITS)).toEqual({
      ok: true,
      value: { op: 'acknowledge', id: 'HZ-0002', operator: '王工' },
    });
  });

  it.each([
    [{ op: 'start' }, 'hzCommand.op: expected one of trigger, cancel, acknowledge, got "start"'],
    [
      { op: 'trigger', spec: { kind: 'fire', building: 100 } },
      'hzCommand.spec.building: 100 is out of range [0, 99]',
    ],
    [
      { op: 'trigger', spec: { kind: 'tsunami' } },
      'hzCommand.spec.kind: expected one of rainstorm, heat, earthquake, fire, got "tsunami"',
    ],
    [
      { op: 'trigger', spec: { kind: 'rainstorm', leadMin: 0, rain: { ...design, formula: 'paris' } } },
      'hzCommand.spec.rain.formula: unknown storm formula "paris" (known: beijing, shanghai)',
    ],
    [
      { op: 'trigger', spec: { kind: 'rainstorm', leadMin: 0, rain: { ...design, returnPeriodYears: 0.1 } } },
      'hzCommand.spec.rain.returnPeriodYears: 0.1 is out of range [0.25, 1000]',
    ],
    [
      { op: 'trigger', spec: { kind: 'rainstorm', leadMin: -5, rain: design } },
      'hzCommand.spec.leadMin: -5 is out of range [0, 10080]',
    ],
    [
      {
        op: 'trigger',
        spec: {
          kind: 'rainstorm',
          leadMin: 0,
          rain: { kind: 'series', label: 'x', stepMin: 60, mmH: [1, 600] },
        },
      },
      'hzCommand.spec.rain.mmH[1]: 600 is out of range [0, 500]',
    ],
    [
      { op: 'trigger', spec: { kind: 'earthquake', x: 0, y: 0, magnitude: 10, depthKm: 10 } },
      'hzCommand.spec.magnitude: 10 is out of range [3, 9.5]',
    ],
    [
      { op: 'trigger', spec: { kind: 'earthquake', x: 400_000, y: 0, magnitude: 6, depthKm: 10 } },
      'hzCommand.spec.x: 400000 is out of range [-302000, 302000]',
    ],
    [
      { op: 'trigger', spec: { kind: 'heat', leadMin: 0, durationH: 0, peakTempC: 39, humidityPct: 50 } },
      'hzCommand.spec.durationH: expected > 0, got 0',
    ],
    [
      { op: 'trigger', spec: { kind: 'heat', leadMin: 0, durationH: 4, peakTempC: 39, humidityPct: 150 } },
      'hzCommand.spec.humidityPct: 150 is out of range [0, 100]',
    ],
    [{ op: 'cancel', id: 7 }, 'hzCommand.id: expected a string, got 7'],
    [{ op: 'acknowledge', id: 'HZ-0001', operator: '  ' }, 'hzCommand.operator: expected a non-empty name'],
    ['trigger', 'hzCommand: expected an object, got "trigger"'],
  ])('refuses %j', (cmd, reason) => {
    expect(parseHazardCommand(cmd, LIMITS)).toEqual({ ok: false, reason });
  });

  it('answers', () => {
    expect(parseHazardCommandAnswer({ ok: true, id: 'HZ-0001' })).toEqual({
      ok: true,
      value: { ok: true, id: 'HZ-0001' },
    });
    expect(parseHazardCommandAnswer({ ok: false, reason: 'no' })).toEqual({
      ok: true,
      value: { ok: false, reason: 'no' },
    });
    expect(parseHazardCommandAnswer({ ok: 1 }).ok).toBe(false);
  });
});

describe('flood frame codec', () => {
  const header = {
    seq: 9,
    simTimeMs: 1_772_400_060_000,
    nx: 3,
    ny: 2,
    x0: -150,
    y0: -100,
    cellM: 50,
    hazardNumber: 7,
  };

  it('round-trips, with the layout of docs/protocol.md §9b', () => {
    const depthMm = new Uint16Array([0, 1, 150, 420, 65535, 7]);
    const buf = encodeFloodFrame({ ...header, depthMm });
    expect(buf.byteLength).toBe(FLOOD_FRAME_HEADER_BYTES + 12);
    const dv = new DataView(buf);
    expect(dv.getUint32(0, true)).toBe(FLOOD_FRAME_MAGIC);
    // "FLOD" in ASCII, little-endian.
    expect(String.fromCharCode(...new Uint8Array(buf, 0, 4))).toBe('FLOD');
    expect(dv.getUint32(40, true)).toBe(7);
    expect(dv.getUint16(44 + 2 * 3, true)).toBe(420);
    const r = decodeFloodFrame(buf);
    if (!r.ok) throw new Error(r.reason);
    expect({ ...r.value, depthMm: Array.from(r.value.depthMm) }).toEqual({
      ...header,
      depthMm: Array.from(depthMm),
    });
  });

  it('encodes metres to rounded, clamped millimetres', () => {
    const buf = encodeFloodFrameM(header, new Float32Array([0.0004, 0.0006, -0.2, 0.42175, 70, Number.NaN]));
    const r = decodeFloodFrame(new Uint8Array(buf));
    if (!r.ok) throw new Error(r.reason);
    // 0.4 mm → 0, 0.6 mm → 1, negative → 0, 421.75 mm → 422, 70 m → 65535, NaN → 0.
    expect(Array.from(r.value.depthMm)).toEqual([0, 1, 0, 422, 65535, 0]);
  });

  it('decodes from an odd byte offset by copying', () => {
    const buf = encodeFloodFrame({ ...header, depthMm: new Uint16Array([1, 2, 3, 4, 5, 6]) });
    const big = new Uint8Array(buf.byteLength + 1);
    big.set(new Uint8Array(buf), 1);
    const r = decodeFloodFrame(big.subarray(1));
    if (!r.ok) throw new Error(r.reason);
    expect(Array.from(r.value.depthMm)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('refuses broken frames with a reason', () => {
    const buf = encodeFloodFrame({ ...header, depthMm: new Uint16Array(6) });
    expect(decodeFloodFrame(buf.slice(0, 20))).toEqual({
      ok: false,
      reason: 'hzFlood: 20 bytes < the 44-byte header',
    });
    expect(decodeFloodFrame(buf.slice(0, 50))).toEqual({
      ok: false,
      reason: 'hzFlood: 50 bytes, expected 56 for 3×2 cells',
    });
    const bad = buf.slice(0);
    new DataView(bad).setUint32(0, 1, true);
    expect(decodeFloodFrame(bad)).toEqual({ ok: false, reason: 'hzFlood.magic: 0x1 ≠ 0x444f4c46' });
    const v2 = buf.slice(0);
    new DataView(v2).setUint16(4, 2, true);
    expect(decodeFloodFrame(v2)).toEqual({ ok: false, reason: 'hzFlood.version: 2 (this client reads 1)' });
    const cell = buf.slice(0);
    new DataView(cell).setFloat32(36, 0, true);
    expect(decodeFloodFrame(cell)).toEqual({
      ok: false,
      reason: 'hzFlood: cellM 0: expected a positive number',
    });
    const huge = buf.slice(0);
    new DataView(huge).setUint32(12, 5000, true);
    new DataView(huge).setUint32(16, 5000, true);
    expect(decodeFloodFrame(huge)).toEqual({
      ok: false,
      reason: 'hzFlood: grid 5000×5000: 25000000 cells > 4000000',
    });
  });

  it('refuses to encode a header the layout cannot carry', () => {
    expect(() => encodeFloodFrame({ ...header, nx: 0, depthMm: new Uint16Array(0) })).toThrow(RangeError);
    expect(() => encodeFloodFrame({ ...header, depthMm: new Uint16Array(5) })).toThrow(
      '5 depths for 6 cells',
    );
  });
});
