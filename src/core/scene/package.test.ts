import { describe, expect, it } from 'vitest';
import { lonLat } from '../geo/projection.ts';
import { importGeoJson } from './importer.ts';
import { decodeScene, encodeScene, SCENE_FORMAT_VERSION } from './package.ts';
import type { CityModel } from './types.ts';

/** A small model with every section populated: 2 buildings (one with a hole), roads, POI, power, zones, terrain. */
function sample(): CityModel {
  const sq = (x: number, y: number, d: number): number[][] => [
    [x, y],
    [x + d, y],
    [x + d, y + d],
    [x, y + d],
    [x, y],
  ];
  const feats = [
    {
      geometry: {
        type: 'Polygon',
        coordinates: [sq(121.5, 31.2, 0.001), sq(121.5002, 31.2002, 0.0002).reverse()],
      },
      properties: { building: 'office', height: 50, name: '楼', 'name:en': 'Tower' },
    },
    {
      geometry: { type: 'Polygon', coordinates: [sq(121.502, 31.2, 0.0005)] },
      properties: { building: 'yes' },
    },
    {
      geometry: {
        type: 'LineString',
        coordinates: [
          [121.5, 31.199],
          [121.51, 31.199],
        ],
      },
      properties: { highway: 'primary', name: 'Road' },
    },
    {
      geometry: { type: 'Point', coordinates: [121.503, 31.2] },
      properties: { amenity: 'hospital', beds: '300', name: 'H' },
    },
    {
      geometry: { type: 'Point', coordinates: [121.504, 31.2] },
      properties: { power: 'substation', voltage: '110000' },
    },
    {
      geometry: { type: 'Polygon', coordinates: [sq(121.49, 31.19, 0.03)] },
      properties: { 'citybrain:zone': 'district', ref: 'D' },
    },
    {
      geometry: {
        type: 'LineString',
        coordinates: [
          [121.49, 31.19],
          [121.52, 31.22],
        ],
      },
      properties: { ele: '10', contour: 'elevation' },
    },
    {
      geometry: {
        type: 'LineString',
        coordinates: [
          [121.49, 31.22],
          [121.52, 31.19],
        ],
      },
      properties: { ele: '30', contour: 'elevation' },
    },
  ].map((f) => ({ type: 'Feature', ...f }));
  const r = importGeoJson(
    [{ fileName: 's.geojson', text: JSON.stringify({ type: 'FeatureCollection', features: feats }) }],
    {
      name: 'sample',
      importedAt: '2026-01-01T00:00:00Z',
      origin: lonLat(121.5, 31.2),
      title: { zh: '样例', en: 'Sample' },
    },
  );
  if (!r.ok) throw new Error('sample import failed');
  return r.model;
}

const toAB = (u: Uint8Array): ArrayBuffer => u.slice().buffer;

describe('scene package', () => {
  it('round-trips a model exactly, with views into the bin', () => {
    const m = sample();
    const { json, bin } = encodeScene(m);
    expect(bin.byteLength % 8).toBe(0);
    const ab = toAB(bin);
    const d = decodeScene(JSON.parse(json), ab);
    expect(d).toEqual(m);
    expect(d.buildings.xy.buffer).toBe(ab); // zero-copy
    expect(d.buildings.names.get(0)).toEqual({ name: '楼', en: 'Tower' });
    expect(d.terrain?.heightM.length).toBe((m.terrain?.nx ?? 0) * (m.terrain?.ny ?? 0));
    const doc = JSON.parse(json) as { version: number; bin: { arrays: { byteOffset: number }[] } };
    expect(doc.version).toBe(SCENE_FORMAT_VERSION);
    for (const a of doc.bin.arrays) expect(a.byteOffset % 8).toBe(0);
  });
  it('rejects corrupted packages with an error naming the field', () => {
    const { json, bin } = encodeScene(sample());
    const doc = (): Record<string, unknown> & {
      bin: { byteLength: number; arrays: { name: string; length: number; byteOffset: number }[] };
    } => JSON.parse(json);
    expect(() => decodeScene({ ...doc(), version: 99 }, toAB(bin))).toThrow(
      'scene package: version: expected 1, got 99',
    );
    expect(() => decodeScene(doc(), toAB(bin.subarray(0, bin.length - 8)))).toThrow(
      `scene package: bin.byteLength: scene.json says ${bin.length}, scene.bin has ${bin.length - 8}`,
    );
    const d1 = doc();
    const link = d1.bin.arrays.find((a) => a.name === 'roads.linkFrom');
    if (link) link.length += 1;
    expect(() => decodeScene(d1, toAB(bin))).toThrow(
      'scene package: bin.arrays "roads.linkFrom": expected 2 elements, got 3',
    );
    const d2 = doc();
    const xy = d2.bin.arrays.find((a) => a.name === 'buildings.xy');
    if (xy) xy.byteOffset = d2.bin.byteLength;
    expect(() => decodeScene(d2, toAB(bin))).toThrow(
      /^scene package: bin.arrays "buildings.xy": bytes \d+\.\.\d+ exceed scene.bin/,
    );
    // An out-of-range node index in the bin itself.
    const d3 = doc();
    const from = d3.bin.arrays.find((a) => a.name === 'roads.linkFrom');
    const bad = toAB(bin);
    new Uint32Array(bad, from?.byteOffset ?? 0, 1)[0] = 77;
    expect(() => decodeScene(d3, bad)).toThrow(
      'scene package: roads.linkFrom: index 77 at 0 out of range (count 2)',
    );
    expect(() =>
      decodeScene({ ...doc(), meta: { ...(doc().meta as object), title: { zh: 1 } } }, toAB(bin)),
    ).toThrow('scene package: meta.title.zh: expected a string, got 1');
    expect(() => decodeScene('nope', toAB(bin))).toThrow('scene package: scene.json: expected an object');
  });
});
