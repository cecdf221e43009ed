import { describe, expect, it } from 'vitest';
import { createLocalFrame, lonLat } from '../geo/projection.ts';
import { formatReport, importGeoJson } from './importer.ts';
import type { ImportResult } from './importer.ts';
import { BuildingRole, BuildingUse, LinkFlag, NO_INDEX, SensorKind } from './types.ts';
import type { HeightSource, RoadClass } from './types.ts';

const O = lonLat(121.5, 31.2);
// Each loop sits at mid-way (P1), which is the end of the first link listed for that direction (0 and 1).
const LOOP_LINKS = [0, 1];
const OPTS = { name: 't', importedAt: '2026-01-01T00:00:00Z', origin: O } as const;
type F = { geometry: unknown; properties: Record<string, unknown>; id?: string };
const fc = (features: F[]): string =>
  JSON.stringify({ type: 'FeatureCollection', features: features.map((f) => ({ type: 'Feature', ...f })) });
const run = (text: string, fileName = 'a.geojson'): ImportResult => importGeoJson([{ fileName, text }], OPTS);
/** A square building of side `d` degrees with its south-west corner at origin + (dx, dy) degrees, closed, CCW. */
const square = (dx: number, dy: number, d = 0.0001): number[][] => [
  [121.5 + dx, 31.2 + dy],
  [121.5 + dx + d, 31.2 + dy],
  [121.5 + dx + d, 31.2 + dy + d],
  [121.5 + dx, 31.2 + dy + d],
  [121.5 + dx, 31.2 + dy],
];
const bld = (props: Record<string, unknown>, dx = 0): F => ({
  geometry: { type: 'Polygon', coordinates: [square(dx, 0)] },
  properties: props,
});

describe('importGeoJson: fatal problems', () => {
  it('rejects projected coordinates naming the file, feature and coordinate', () => {
    const r = run(
      fc([
        bld({ building: 'yes' }),
        { geometry: { type: 'Point', coordinates: [13525000.5, 3657000] }, properties: { id: 'p7' } },
      ]),
      'proj.geojson',
    );
    expect(r.ok).toBe(false);
    expect(r.report.messages).toEqual([
      {
        level: 'fatal',
        code: 'projected-coordinates',
        file: 'proj.geojson',
        feature: 1,
        featureId: 'p7',
        reason:
          'coordinate [13525000.5, 3657000] outside lon ±180 / lat ±90: the file looks projected; reproject it to EPSG:4326 (WGS84 lon/lat)',
      },
    ]);
  });
  it('rejects a declared projected CRS', () => {
    const text = JSON.stringify({
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'EPSG:3857' } },
      features: [],
    });
    const r = run(text, 'm.geojson');
    expect(r.report.messages[0]?.reason).toBe(
      'declares projected CRS "EPSG:3857": reproject the file to EPSG:4326 (WGS84 lon/lat), e.g. ogr2ogr -t_srs EPSG:4326',
    );
    const ok = JSON.stringify({
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } },
      features: [bld({ building: 'yes' })].map((f) => ({ type: 'Feature', ...f })),
    });
    expect(run(ok).ok).toBe(true);
  });
  it('rejects broken JSON with the position of the error', () => {
    const r = run('{"type":"FeatureCollection",\n"features":[}', 'b.geojson');
    expect(r.ok).toBe(false);
    // '}' is character 41 (0-based), on line 2 column 13.
    expect(r.report.messages[0]).toMatchObject({ level: 'fatal', code: 'broken-json', file: 'b.geojson' });
    expect(r.report.messages[0]?.reason).toMatch(/^broken JSON at position 41 \(line 2, column 13\): /);
  });
  it('rejects empty files and files without features, each by name', () => {
    const r = importGeoJson(
      [
        { fileName: 'empty.geojson', text: '  \n' },
        { fileName: 'none.geojson', text: fc([]) },
        { fileName: 'good.geojson', text: fc([bld({ building: 'yes' })]) },
      ],
      OPTS,
    );
    expect(r.ok).toBe(false);
    expect(r.report.messages.map((m) => `${m.file}: ${m.reason}`)).toEqual([
      'empty.geojson: file is empty',
      'none.geojson: file has no features',
    ]);
  });
});

describe('importGeoJson: feature problems', () => {
  it('skips a self-intersecting building with a precise message, keeps the rest', () => {
    const bow = [
      [121.5, 31.2],
      [121.5001, 31.2001],
      [121.5001, 31.2],
      [121.5, 31.2001],
      [121.5, 31.2],
    ];
    const r = run(
      fc([
        bld({ building: 'yes' }),
        { geometry: { type: 'Polygon', coordinates: [bow] }, properties: { building: 'yes', id: 'w9' } },
      ]),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.model.buildings.count).toBe(1);
    expect(r.report.summary.categories.building).toEqual({ kept: 1, repaired: 0, skipped: 1 });
    expect(r.report.messages).toEqual([
      {
        level: 'error',
        code: 'self-intersection',
        file: 'a.geojson',
        feature: 1,
        featureId: 'w9',
        // segments 0–1 and 2–3 cross at the centre of the bow-tie, origin + 0.00005°.
        reason:
          'outer ring self-intersects: segment 0–1 crosses segment 2–3 near 121.5000500, 31.2000500; skipped',
      },
    ]);
  });
  it('repairs an unclosed ring and counts it', () => {
    const open = square(0, 0).slice(0, 4);
    const r = run(
      fc([{ geometry: { type: 'Polygon', coordinates: [open] }, properties: { building: 'yes' } }]),
    );
    expect(r.ok && r.model.buildings.count).toBe(1);
    expect(r.report.summary.categories.building).toEqual({ kept: 1, repaired: 1, skipped: 0 });
    expect(r.report.messages[0]).toMatchObject({
      level: 'info',
      code: 'repaired',
      feature: 0,
      reason: 'outer ring was not closed; closed it',
    });
  });
  it('skips non-finite coordinates and warns on unknown tags, aggregating after 20 per reason', () => {
    const feats: F[] = [
      bld({ building: 'yes' }),
      { geometry: { type: 'Point', coordinates: [121.5, null] }, properties: { id: 'n1' } },
    ];
    for (let i = 0; i < 25; i++)
      feats.push({
        geometry: { type: 'Point', coordinates: [121.5, 31.2] },
        properties: { shop: 'bakery', id: `u${i}` },
      });
    const r = run(fc(feats));
    expect(r.ok).toBe(true);
    const rep = r.report;
    expect(rep.messages[0]).toMatchObject({
      level: 'error',
      code: 'bad-geometry',
      feature: 1,
      featureId: 'n1',
      reason: 'coordinate [121.5,null] is not a pair of finite numbers; feature skipped',
    });
    const unknown = rep.messages.filter((m) => m.code === 'unknown-tags');
    expect(unknown).toHaveLength(20);
    expect(unknown[0]).toMatchObject({
      level: 'warning',
      feature: 2,
      featureId: 'u0',
      reason: 'matches no category (shop=bakery); skipped',
    });
    expect(rep.suppressed).toBe(5);
    expect(rep.byCode.find((c) => c.code === 'unknown-tags')?.count).toBe(25);
    expect(rep.summary.featuresRead).toBe(27);
    expect(formatReport(rep)).toContain('… 5 more warning [unknown-tags] messages not shown (25 in all)');
  });
});

describe('importGeoJson: building heights', () => {
  it('takes given heights, then levels × 3.2 m, then the use-class table', () => {
    const r = run(
      fc([
        bld({ building: 'yes', height: '40 ft', id: 'h' }, 0),
        bld({ building: 'apartments', 'building:levels': '5', id: 'l' }, 0.001),
        bld({ building: 'commercial', id: 'c' }, 0.002),
        bld({ building: 'house', id: 'house' }, 0.003),
        bld({ building: 'yes', id: 'y' }, 0.004),
        bld({ building: 'yes', height: 'tall', id: 'bad' }, 0.005),
        bld({ kind: 'building_part', height: 90, min_height: 30, root_id: 'root', id: 'part' }, 0.006),
        bld({ kind: 'building', kind_detail: 'office', height: 100, id: 'root' }, 0.006),
        bld({ kind: 'building_part', min_height: 470, root_id: 'x', id: 'raised' }, 0.007),
      ]),
    );
    if (!r.ok) throw new Error('import failed');
    const b = r.model.buildings;
    expect([...b.heightM].map((h) => Math.round(h * 1000) / 1000)).toEqual([
      12.192, 16, 24, 7, 12, 12, 90, 100, 482,
    ]); // 40 ft = 12.192 m; 5 levels × 3.2 = 16; raised part: min 470 + class default 12 as its own thickness
    expect([...b.heightSource]).toEqual([0, 1, 2, 2, 2, 2, 0, 0, 2].map((x) => x as HeightSource));
    expect([...b.use]).toEqual([
      BuildingUse.unknown,
      BuildingUse.residential,
      BuildingUse.commercial,
      BuildingUse.residential,
      BuildingUse.unknown,
      BuildingUse.unknown,
      BuildingUse.unknown,
      BuildingUse.commercial,
      BuildingUse.unknown,
    ]);
    expect([b.minHeightM[6], b.minHeightM[8]]).toEqual([30, 470]);
    expect([...(b.role ?? [])]).toEqual([
      0,
      0,
      0,
      0,
      0,
      0,
      BuildingRole.part,
      BuildingRole.outline,
      BuildingRole.part,
    ]);
    expect(r.report.summary.heights).toEqual({ given: 3, levels: 1, useClass: 5 });
    expect(r.report.messages.find((m) => m.code === 'bad-value')?.reason).toBe(
      'height="tall" is not a length; ignored',
    );
    // 0.0001° squares: (0.0001 × mPerDegLon) × (0.0001 × mPerDegLat) m², float32.
    const f = createLocalFrame(O);
    expect(b.areaM2[0]).toBeCloseTo(0.0001 * f.mPerDegLon * 0.0001 * f.mPerDegLat, 1);
  });
});

describe('importGeoJson: road network', () => {
  // A "+" crossing at P1 = origin + (0.001°, 0): way A west–east two-way primary (3 vertices, no lanes/speed tags);
  // way B south–north one-way residential, lanes=2, maxspeed 30 mph; way C east of P2, secondary, oneway=-1.
  const d = 0.001;
  const A = [
    [121.5, 31.2],
    [121.5 + d, 31.2],
    [121.5 + 2 * d, 31.2],
  ];
  const B = [
    [121.5 + d, 31.2 - d],
    [121.5 + d, 31.2],
    [121.5 + d, 31.2 + d],
  ];
  const C = [
    [121.5 + 2 * d, 31.2],
    [121.5 + 3 * d, 31.2],
  ];
  const feats: F[] = [
    {
      geometry: { type: 'LineString', coordinates: A },
      properties: { highway: 'primary', id: 'A', name: 'A路' },
    },
    {
      geometry: { type: 'LineString', coordinates: B },
      properties: { highway: 'residential', oneway: 'yes', lanes: '2', maxspeed: '30 mph', id: 'B' },
    },
    {
      geometry: { type: 'LineString', coordinates: C },
      properties: { highway: 'secondary', oneway: '-1', id: 'C' },
    },
    {
      geometry: {
        type: 'LineString',
        coordinates: [
          [121.5, 31.2001],
          [121.501, 31.2001],
        ],
      },
      properties: { highway: 'footway' },
    },
    {
      geometry: { type: 'Point', coordinates: [121.5 + d, 31.20005] },
      properties: { highway: 'traffic_signals' },
    },
  ];
  it('builds nodes at shared vertices and ends, one link per allowed direction', () => {
    const r = run(fc(feats));
    if (!r.ok) throw new Error('import failed');
    const n = r.model.roads;
    const f = createLocalFrame(O);
    const ew = d * f.mPerDegLon; // ≈ 95.3 m per 0.001° of longitude at 31.2° N
    const ns = d * f.mPerDegLat; // ≈ 110.9 m per 0.001° of latitude
    expect(n.nodeCount).toBe(6); // A ends, P1, B ends, C's far end
    expect(n.linkCount).toBe(7); // A: 2 segments × 2 directions, B: 2 × 1, C: 1 (reversed)
    expect([...n.linkFrom]).toEqual([0, 1, 1, 2, 3, 1, 5]);
    expect([...n.linkTo]).toEqual([1, 0, 2, 1, 1, 4, 2]);
    expect([...n.lengthM].map((x) => x.toFixed(2))).toEqual(
      [ew, ew, ew, ew, ns, ns, ew].map((x) => x.toFixed(2)),
    );
    expect([...n.linkClass]).toEqual([2, 2, 2, 2, 5, 5, 3].map((x) => x as RoadClass));
    expect([...n.lanes]).toEqual([3, 3, 3, 3, 2, 2, 2]);
    expect([...n.capacityVph]).toEqual([4200, 4200, 4200, 4200, 2600, 2600, 2700]); // lanes × 1400 / 1300 / 1350
    expect([...n.freeSpeedKph].map((x) => x.toFixed(3))).toEqual([
      '60.000',
      '60.000',
      '60.000',
      '60.000',
      '48.280',
      '48.280',
      '50.000',
    ]);
    const derived = LinkFlag.lanesDerived | LinkFlag.speedDerived;
    expect([...n.flags]).toEqual([
      derived,
      derived,
      derived,
      derived,
      LinkFlag.oneway,
      LinkFlag.oneway,
      derived | LinkFlag.oneway,
    ]);
    expect(r.report.summary.lanesDerived).toBe(5);
    expect([...n.nodeSignal]).toEqual([0, 1, 0, 0, 0, 0]);
    expect(n.ways.map((w) => w.sourceId)).toEqual(['A', 'B', 'C']);
    expect(r.report.summary.categories.nonRoutable.skipped).toBe(1);
    // No road_loop in the input: virtual loops on class ≤ tertiary roads, one per way and direction here: A is
    // 2 × 95.3 m = 190.6 m (round(190.6 / 400) = 0 → at least 1), C is 95.3 m < the 100 m minimum → none.
    expect(r.model.sensors.sourceId).toEqual(['sensor:V0001', 'sensor:V0002']);
    expect([...r.model.sensors.linkIndex]).toEqual(LOOP_LINKS);
    expect(r.model.meta.stats.virtualSensors).toBe(2);
  });
  it('snaps a road loop to the link running its direction, and then places no virtual loops', () => {
    const loop: F = {
      geometry: { type: 'Point', coordinates: [121.5 + 0.5 * d, 31.20002] },
      properties: {
        man_made: 'monitoring_station',
        'citybrain:sensor': 'road_loop',
        ref: 'L1',
        direction: '270',
      },
    };
    const r = run(fc([...feats, loop]));
    if (!r.ok) throw new Error('import failed');
    expect(r.model.sensors.sourceId).toEqual(['sensor:L1']);
    expect(r.model.sensors.kind[0]).toBe(SensorKind.roadLoop);
    expect(r.model.sensors.linkIndex[0]).toBe(1); // P1 → A's west end runs west (270°)
  });
});

describe('importGeoJson: power, zones', () => {
  it('connects power lines, adds virtual meters and resolves zone parents', () => {
    const sq = (dx: number): number[][] => square(dx, 0, 0.01);
    const r = run(
      fc([
        {
          geometry: { type: 'Point', coordinates: [121.5, 31.2] },
          properties: { power: 'substation', voltage: '110000;10000', rating: '63 MVA', id: 's1' },
        },
        {
          geometry: { type: 'Point', coordinates: [121.51, 31.2] },
          properties: {
            power: 'generator',
            'generator:source': 'solar',
            'generator:output:electricity': '5 MW',
            id: 'pv',
          },
        },
        {
          geometry: {
            type: 'LineString',
            coordinates: [
              [121.50001, 31.2],
              [121.51, 31.20001],
            ],
          },
          properties: { power: 'line', voltage: '10000' },
        },
        {
          geometry: { type: 'Polygon', coordinates: [sq(0)] },
          properties: { 'citybrain:zone': 'district', ref: 'D1', name: '一区' },
        },
        {
          geometry: { type: 'Polygon', coordinates: [sq(0)] },
          properties: { 'citybrain:zone': 'grid_cell', ref: 'G1', 'citybrain:parent': 'D1' },
        },
      ]),
    );
    if (!r.ok) throw new Error('import failed');
    const p = r.model.power;
    expect([...p.ratingMW]).toEqual([63, 5]);
    expect([...p.voltageKV]).toEqual([110, 0]);
    expect([p.lines.fromAsset[0], p.lines.toAsset[0], p.lines.voltageKV[0]]).toEqual([0, 1, 10]);
    expect(r.model.sensors.sourceId).toEqual(['sensor:S0001']);
    expect([...r.model.zones.parent]).toEqual([NO_INDEX, 0]);
    expect(r.model.zones.names.get(0)?.name).toBe('一区');
  });
});

describe('importGeoJson: synthetic data', () => {
  const synthetic = (features: F[]): string =>
    JSON.stringify({
      type: 'FeatureCollection',
      synthetic: true,
      attribution: 'generated',
      features: features.map((f) => ({ type: 'Feature', ...f })),
    });
  it('labels the scene synthetic when every file declares itself synthetic', () => {
    const r = importGeoJson(
      [
        { fileName: 'a.geojson', text: synthetic([bld({ building: 'yes' })]) },
        { fileName: 'b.geojson', text: synthetic([bld({ building: 'yes' }, 0.001)]) },
      ],
      OPTS,
    );
    expect(r.ok && r.model.meta.synthetic).toBe(true);
  });
  it('one real file makes the scene real; an explicit option wins', () => {
    const inputs = [
      { fileName: 'a.geojson', text: synthetic([bld({ building: 'yes' })]) },
      { fileName: 'b.geojson', text: fc([bld({ building: 'yes' }, 0.001)]) },
    ];
    const r = importGeoJson(inputs, OPTS);
    expect(r.ok && r.model.meta.synthetic).toBe(false);
    const forced = importGeoJson(inputs, { ...OPTS, synthetic: true });
    expect(forced.ok && forced.model.meta.synthetic).toBe(true);
  });
});
