import { describe, expect, it } from 'vitest';
import { hash32 } from '../rng.ts';
import { GIS_LAYERS, cityGeoJsonTexts, generateCity, type GisLayer } from './generateCity.ts';
import { checkOuterRing, ringsOverlap, segmentsIntersect, type Position } from './polygonCheck.ts';

interface Feature {
  properties: Record<string, string>;
  geometry: { type: string; coordinates: unknown };
}
type Ring = Position[];

const city2k = generateCity({ seed: 1, buildings: 2000 });
const texts2k = cityGeoJsonTexts(city2k);
const parsed = Object.fromEntries(
  GIS_LAYERS.map((l) => [l, (JSON.parse(texts2k[l]) as { features: Feature[] }).features]),
) as Record<GisLayer, Feature[]>;
const outer = (f: Feature): Ring => (f.geometry.coordinates as Ring[])[0] as Ring;
const hashAll = (t: Record<GisLayer, string>): number => hash32(GIS_LAYERS.map((l) => t[l]).join('\u0000'));

/** Bounding box of a ring. */
function bbox(r: Ring): [number, number, number, number] {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const p of r) {
    x0 = Math.min(x0, p[0] as number);
    y0 = Math.min(y0, p[1] as number);
    x1 = Math.max(x1, p[0] as number);
    y1 = Math.max(y1, p[1] as number);
  }
  return [x0, y0, x1, y1];
}

/** Spatial hash over bounding boxes: calls `visit(i)` for every indexed item whose cells the box touches. */
function createHash(cellDeg: number): {
  add(i: number, b: readonly number[]): void;
  query(b: readonly number[], visit: (i: number) => void): void;
} {
  const cells = new Map<string, number[]>();
  const each = (b: readonly number[], fn: (k: string) => void): void => {
    for (let x = Math.floor((b[0] as number) / cellDeg); x <= Math.floor((b[2] as number) / cellDeg); x++) {
      for (let y = Math.floor((b[1] as number) / cellDeg); y <= Math.floor((b[3] as number) / cellDeg); y++)
        fn(`${x},${y}`);
    }
  };
  return {
    add: (i, b) =>
      each(b, (k) => {
        const l = cells.get(k);
        if (l) l.push(i);
        else cells.set(k, [i]);
      }),
    query: (b, visit) => {
      const seen = new Set<number>();
      each(b, (k) => {
        for (const i of cells.get(k) ?? []) {
          if (!seen.has(i)) {
            seen.add(i);
            visit(i);
          }
        }
      });
    },
  };
}

describe('generateCity determinism', () => {
  it('gives byte-identical GeoJSON for the same seed and count, different output for another seed', () => {
    const again = cityGeoJsonTexts(generateCity({ seed: 1, buildings: 2000 }));
    for (const l of GIS_LAYERS) expect(again[l]).toBe(texts2k[l]);
    const other = cityGeoJsonTexts(generateCity({ seed: 2, buildings: 2000 }));
    expect(hashAll(other)).not.toBe(hashAll(texts2k));
    expect(other.buildings).not.toBe(texts2k.buildings);
  });

  it('rejects bad options with a message naming the option', () => {
    expect(() => generateCity({ seed: 1, buildings: 10 })).toThrow(
      /buildings must be an integer in \[500, 1000000\], got 10/,
    );
    expect(() => generateCity({ seed: -1, buildings: 2000 })).toThrow(/seed must be an integer/);
    expect(() => generateCity({ seed: 1, buildings: 2000.5 })).toThrow(/buildings must be an integer/);
  });
});

describe('buildings', () => {
  const buildings = parsed.buildings;

  it('has exactly the requested count (2000, and an odd 2345)', () => {
    expect(buildings.length).toBe(2000);
    expect(city2k.layers.buildings.length).toBe(2000);
    expect(generateCity({ seed: 7, buildings: 2345 }).layers.buildings.length).toBe(2345);
  });

  it('every footprint is a closed, counter-clockwise, simple polygon of ≥ 4 positions', () => {
    const bad: string[] = [];
    for (const f of buildings) {
      expect(f.geometry.type).toBe('Polygon');
      const why = checkOuterRing(outer(f));
      if (why) bad.push(`${f.properties['id']}: ${why}`);
    }
    expect(bad).toEqual([]);
  });

  it('no footprint touches the river or another footprint, and no road centre line crosses one', () => {
    const river = outer(parsed.water.find((f) => f.properties['water'] === 'river') as Feature);
    const rb = bbox(river);
    const hash = createHash(0.001); // ≈ 100 m cells
    const rings = buildings.map(outer);
    rings.forEach((r, i) => hash.add(i, bbox(r)));
    let pairs = 0;
    const overlaps: string[] = [];
    rings.forEach((r, i) => {
      const b = bbox(r);
      if (b[0] <= rb[2] && b[2] >= rb[0] && b[1] <= rb[3] && b[3] >= rb[1] && ringsOverlap(r, river)) {
        overlaps.push(`${i} × river`);
      }
      // Neighbours within ~5 m (5e-5°) of each other's boxes are tested exactly.
      const e = 5e-5;
      hash.query([b[0] - e, b[1] - e, b[2] + e, b[3] + e], (j) => {
        if (j <= i) return;
        const bj = bbox(rings[j] as Ring);
        if (bj[0] > b[2] + e || bj[2] < b[0] - e || bj[1] > b[3] + e || bj[3] < b[1] - e) return;
        pairs++;
        if (ringsOverlap(r, rings[j] as Ring)) overlaps.push(`${i} × ${j}`);
      });
    });
    for (const road of parsed.roads) {
      const pts = road.geometry.coordinates as Position[];
      for (let k = 0; k + 1 < pts.length; k++) {
        const a = pts[k] as Position;
        const c = pts[k + 1] as Position;
        const sb = [
          Math.min(+a[0]!, +c[0]!),
          Math.min(+a[1]!, +c[1]!),
          Math.max(+a[0]!, +c[0]!),
          Math.max(+a[1]!, +c[1]!),
        ];
        hash.query(sb, (j) => {
          const r = rings[j] as Ring;
          for (let e = 0; e + 1 < r.length; e++) {
            if (segmentsIntersect(a, c, r[e] as Position, r[e + 1] as Position)) {
              overlaps.push(`${road.properties['id']} × ${j}`);
              return;
            }
          }
        });
      }
    }
    expect(overlaps).toEqual([]);
    expect(pairs).toBeGreaterThan(0); // the hash did find neighbouring candidates to test
  });

  it('uses every building class and all three height styles (height, levels, neither)', () => {
    const values = new Set(buildings.map((f) => f.properties['building']));
    for (const v of [
      'apartments',
      'office',
      'industrial',
      'warehouse',
      'house',
      'school',
      'hospital',
      'fire_station',
      'public',
    ]) {
      expect(values, v).toContain(v);
    }
    const withHeight = buildings.filter((f) => f.properties['height'] !== undefined).length;
    const levelsOnly = buildings.filter(
      (f) => f.properties['height'] === undefined && f.properties['building:levels'] !== undefined,
    ).length;
    const neither = buildings.filter(
      (f) => f.properties['height'] === undefined && f.properties['building:levels'] === undefined,
    ).length;
    expect(withHeight).toBeGreaterThan(10);
    expect(levelsOnly).toBeGreaterThan(200);
    expect(neither).toBeGreaterThan(100);
    expect(withHeight + levelsOnly + neither).toBe(2000);
    const levels = buildings
      .filter((f) => f.properties['building'] === 'apartments' && f.properties['building:levels'])
      .map((f) => Number(f.properties['building:levels']));
    expect(Math.min(...levels)).toBeGreaterThanOrEqual(6);
    expect(Math.max(...levels)).toBeLessThanOrEqual(33);
    const offices = buildings.filter((f) => f.properties['building'] === 'office' && f.properties['height']);
    const hs = offices.map((f) => Number(f.properties['height']));
    expect(Math.min(...hs)).toBeGreaterThanOrEqual(80);
    expect(Math.max(...hs)).toBeGreaterThanOrEqual(330); // the landmark supertall
    expect(Math.max(...hs)).toBeLessThanOrEqual(450);
  });

  it('scales: a 20 000-building city is ~3× wider than a 2 000-building one (area ∝ count)', () => {
    const big = generateCity({ seed: 1, buildings: 20000 });
    expect(big.layers.buildings.length).toBe(20000);
    const ratio = big.summary.sideM / city2k.summary.sideM;
    expect(ratio).toBeGreaterThan(2.5);
    expect(ratio).toBeLessThan(4);
  });
});

describe('roads', () => {
  const roads = parsed.roads;

  it('share vertices at crossings: one component holds > 95 % of road vertices', () => {
    const id = new Map<string, number>();
    const parent: number[] = [];
    const find = (i: number): number => {
      while (parent[i] !== i) {
        parent[i] = parent[parent[i] as number] as number;
        i = parent[i] as number;
      }
      return i;
    };
    const key = (p: Position): number => {
      const k = `${p[0]},${p[1]}`;
      let v = id.get(k);
      if (v === undefined) {
        v = parent.length;
        parent.push(v);
        id.set(k, v);
      }
      return v;
    };
    for (const f of roads) {
      const pts = f.geometry.coordinates as Position[];
      for (let k = 0; k + 1 < pts.length; k++)
        parent[find(key(pts[k] as Position))] = find(key(pts[k + 1] as Position));
    }
    const sizes = new Map<number, number>();
    for (let i = 0; i < parent.length; i++) sizes.set(find(i), (sizes.get(find(i)) ?? 0) + 1);
    const largest = Math.max(...sizes.values());
    expect(largest / parent.length).toBeGreaterThan(0.95);
  });

  it('has the full hierarchy, bridges, one-way streets, ramps and streets without lanes/maxspeed', () => {
    const classes = new Set(roads.map((f) => f.properties['highway']));
    for (const c of ['trunk', 'trunk_link', 'primary', 'secondary', 'tertiary', 'residential'])
      expect(classes, c).toContain(c);
    const trunk = roads.find((f) => f.properties['highway'] === 'trunk') as Feature;
    expect(trunk.properties).toMatchObject({
      lanes: '6',
      'lanes:forward': '3',
      'lanes:backward': '3',
      maxspeed: '80',
    });
    expect(roads.filter((f) => f.properties['bridge'] === 'yes').length).toBeGreaterThanOrEqual(4);
    expect(roads.some((f) => f.properties['oneway'] === 'yes')).toBe(true);
    expect(roads.some((f) => f.properties['lanes'] === undefined)).toBe(true);
    expect(
      roads
        .filter((f) => f.properties['highway'] === 'trunk_link')
        .every((f) => f.properties['oneway'] === 'yes'),
    ).toBe(true);
  });
});

describe('other layers', () => {
  it('has every energy asset kind', () => {
    const p = parsed.power.map((f) => f.properties);
    expect(p.filter((t) => t['power'] === 'substation' && t['citybrain:import'] === 'yes').length).toBe(1);
    const subs110 = p.filter((t) => t['power'] === 'substation' && t['voltage'] === '110000;10000').length;
    expect(subs110).toBeGreaterThanOrEqual(3); // ≥ one per district
    expect(
      p.filter((t) => t['power'] === 'minor_line' && t['voltage'] === '10000').length,
    ).toBeGreaterThanOrEqual(subs110 * 3);
    expect(p.some((t) => t['generator:source'] === 'solar' && t['location'] === 'roof')).toBe(true);
    expect(p.some((t) => t['power'] === 'plant' && t['generator:source'] === 'solar')).toBe(true);
    expect(p.some((t) => t['power'] === 'plant' && t['generator:source'] === 'gas')).toBe(true);
    expect(p.some((t) => t['generator:source'] === 'wind')).toBe(true);
    const battery = p.find((t) => t['generator:source'] === 'battery') as Record<string, string>;
    expect(battery['generator:output:electricity']).toMatch(/^\d+ MW$/);
    expect(Number(battery['citybrain:energy_mwh'])).toBeGreaterThan(0);
    expect(p.some((t) => t['amenity'] === 'charging_station' && Number(t['citybrain:power_mw']) > 0)).toBe(
      true,
    );
  });

  it('has every sensor kind, one meter per substation, and loop bearings in [0, 360)', () => {
    const s = parsed.sensors.map((f) => f.properties);
    for (const k of ['road_loop', 'weather', 'substation_meter', 'air_quality', 'water_level']) {
      expect(
        s.some((t) => t['citybrain:sensor'] === k),
        k,
      ).toBe(true);
    }
    const substations = parsed.power.filter((f) => f.properties['power'] === 'substation').length;
    expect(s.filter((t) => t['citybrain:sensor'] === 'substation_meter').length).toBe(substations);
    const loops = s.filter((t) => t['citybrain:sensor'] === 'road_loop');
    expect(loops.every((t) => Number(t['direction']) >= 0 && Number(t['direction']) < 360)).toBe(true);
    expect(new Set(s.map((t) => t['ref'])).size).toBe(s.length); // refs are unique
  });

  it('has named hospitals, schools, fire stations, police and shelters', () => {
    const p = parsed.pois.map((f) => f.properties);
    for (const a of ['hospital', 'school', 'fire_station', 'police']) {
      const found = p.filter((t) => t['amenity'] === a);
      expect(found.length, a).toBeGreaterThanOrEqual(1);
      expect(found.every((t) => t['name:zh'] && t['name:en'])).toBe(true);
    }
    expect(p.filter((t) => t['amenity'] === 'school').length).toBeGreaterThanOrEqual(2);
    expect(p.filter((t) => t['emergency'] === 'assembly_point').length).toBeGreaterThanOrEqual(2);
    expect(p.some((t) => t['highway'] === 'traffic_signals')).toBe(true);
  });

  it('has 3 districts for 2 000 buildings and grid cells of 300–600 m pointing at them', () => {
    const z = parsed.zones.map((f) => f.properties);
    const districts = z.filter((t) => t['citybrain:zone'] === 'district');
    expect(districts.length).toBe(3);
    const refs = new Set(districts.map((t) => t['ref']));
    const cells = parsed.zones.filter((f) => f.properties['citybrain:zone'] === 'grid_cell');
    expect(cells.length).toBeGreaterThanOrEqual(6);
    for (const c of cells) {
      expect(refs.has(c.properties['citybrain:parent'])).toBe(true);
      expect(checkOuterRing(outer(c))).toBeNull();
    }
    // Cell sides in metres from the plan (before rotation): 300–600 m except where a district is narrower.
    const side = city2k.summary.sideM;
    expect(side).toBeGreaterThan(1500);
  });

  it('has a 150–300 m wide river, contours every 5 m, and valid land-use polygons', () => {
    const { river } = city2k.plan;
    for (let i = 0; i < river.xs.length; i++) {
      const w = (river.north[i] as number) - (river.south[i] as number);
      expect(w).toBeGreaterThanOrEqual(150 - 1e-9);
      expect(w).toBeLessThanOrEqual(300 + 1e-9);
    }
    expect(parsed.contours.length).toBeGreaterThan(0);
    expect(parsed.contours.every((f) => Number(f.properties['ele']) % 5 === 0)).toBe(true);
    for (const f of [...parsed.landuse, ...parsed.water])
      expect(checkOuterRing(outer(f)), f.properties['id']).toBeNull();
  });
});
