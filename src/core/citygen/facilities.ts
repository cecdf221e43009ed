/**
 * Everything besides roads and building footprints: land use, water, districts and grid cells, public facilities
 * (schools, hospitals, fire stations, police, shelters, pumping stations, signals, underpasses), the energy system
 * (220 kV import, 110 kV substations and cables, 10 kV feeders, PV, wind, gas, storage, EV charging) and sensors.
 */
import type { Rng } from '../rng.ts';
import type { BuildingCandidate } from './buildings.ts';
import { bearingDeg, type GenFeature, type OutputTransform } from './geojson.ts';
import { DISTRICT_NAMES, RIVER_NAME, createStemPool, nameTags, withSuffix, type Name2 } from './names.ts';
import { RIVER_GREEN_M, type Block, type CityPlan, type Rect } from './plan.ts';
import type { RoadsResult } from './roads.ts';

/** Feature lists per output layer (other than buildings and roads). */
export interface FacilityLayers {
  readonly water: GenFeature[];
  readonly landuse: GenFeature[];
  readonly power: GenFeature[];
  readonly sensors: GenFeature[];
  readonly pois: GenFeature[];
  readonly zones: GenFeature[];
}

/** Demand figures the energy system is sized from. */
export interface CityDemand {
  /** Residents from residential floor area at 40 m² per person (China's urban per-capita housing area). */
  readonly residents: number;
  /** City peak load at 1.5 kW per resident (all sectors), MW. */
  readonly peakMW: number;
}

const rectRing = (r: Rect): number[] => [r.x0, r.y0, r.x1, r.y0, r.x1, r.y1, r.x0, r.y1];
const poly = (ring: number[], tags: Record<string, string>): GenFeature => ({
  geometry: { type: 'Polygon', rings: [ring] },
  tags,
});
const point = (x: number, y: number, tags: Record<string, string>): GenFeature => ({
  geometry: { type: 'Point', x, y },
  tags,
});
const pad = (k: number, w: number): string => String(k).padStart(w, '0');
const mw = (v: number): string => `${Number(v.toFixed(2))} MW`;

/** Estimates residents and peak load from the kept buildings. */
export function estimateDemand(buildings: readonly BuildingCandidate[]): CityDemand {
  let floorM2 = 0;
  for (const b of buildings) if (b.kind === 'residential') floorM2 += b.areaM2 * b.floors;
  const residents = Math.round(floorM2 / 40);
  return { residents, peakMW: (residents * 1.5) / 1000 };
}

/**
 * Builds the facility layers and re-tags a few kept buildings as fire stations and police stations (so their POIs
 * stand in real buildings). Mutates the tags of those buildings only.
 */
export function generateFacilities(
  plan: CityPlan,
  buildings: readonly BuildingCandidate[],
  roads: RoadsResult,
  rng: Rng,
  transform: OutputTransform,
): FacilityLayers {
  const { half, river } = plan;
  const stems = createStemPool(rng.fork('names'));
  const r = rng.fork('facilities');
  const water: GenFeature[] = [];
  const landuse: GenFeature[] = [];
  const power: GenFeature[] = [];
  const sensors: GenFeature[] = [];
  const pois: GenFeature[] = [];
  const zones: GenFeature[] = [];
  const demand = estimateDemand(buildings);
  const centre = (b: Block): [number, number] => [
    (b.inner.x0 + b.inner.x1) / 2,
    (b.inner.y0 + b.inner.y1) / 2,
  ];
  const areaOf = (b: Block): number => (b.inner.x1 - b.inner.x0) * (b.inner.y1 - b.inner.y0);

  // ---- water -------------------------------------------------------------------------------------------------
  water.push(
    poly(river.polygon(), { id: 'gen:w0001', natural: 'water', water: 'river', ...nameTags(RIVER_NAME) }),
  );

  // ---- land use, parks, campuses, shelters -----------------------------------------------------------------
  let luId = 1;
  const luTags = (t: Record<string, string>): Record<string, string> => ({
    id: `gen:l${pad(luId++, 5)}`,
    ...t,
  });
  let schoolK = 0;
  let hospitalK = 0;
  let shelterK = 0;
  let pondK = 0;
  const shelter = (x: number, y: number, n: Name2, areaM2: number): void => {
    shelterK++;
    // About 2 m² of open ground per sheltered person (the order of the per-capita areas in GB 51143-2015).
    pois.push(
      point(x, y, {
        id: `gen:p-sh${pad(shelterK, 3)}`,
        emergency: 'assembly_point',
        'citybrain:shelter': 'yes',
        capacity: String(Math.floor(areaM2 / 2)),
        ...nameTags(withSuffix(n, '应急避难场所', 'Emergency Shelter')),
      }),
    );
  };
  const ponds: GenFeature[] = [];
  for (const b of plan.blocks) {
    const ring = rectRing({ x0: b.inner.x0 - 4, y0: b.inner.y0 - 4, x1: b.inner.x1 + 4, y1: b.inner.y1 + 4 });
    const [cx, cy] = centre(b);
    switch (b.zone) {
      case 'riverside':
        break;
      case 'residential':
        landuse.push(poly(ring, luTags({ landuse: 'residential' })));
        break;
      case 'village':
        landuse.push(poly(ring, luTags({ landuse: 'residential', residential: 'rural' })));
        break;
      case 'commercial':
      case 'cbd':
        landuse.push(poly(ring, luTags({ landuse: 'commercial' })));
        break;
      case 'industrial':
        landuse.push(poly(ring, luTags({ landuse: 'industrial' })));
        break;
      case 'forest':
        landuse.push(poly(ring, luTags({ natural: 'wood' })));
        break;
      case 'park': {
        const n = withSuffix(stems(), '公园', 'Park');
        landuse.push(poly(ring, luTags({ leisure: 'park', ...nameTags(n) })));
        shelter(cx, cy, n, areaOf(b));
        const rad = 0.22 * Math.min(b.inner.x1 - b.inner.x0, b.inner.y1 - b.inner.y0);
        if (rad > 15) {
          const oct: number[] = [];
          for (let k = 0; k < 8; k++)
            oct.push(cx + rad * Math.cos((k * Math.PI) / 4), cy + rad * Math.sin((k * Math.PI) / 4));
          ponds.push(poly(oct, { id: `gen:w${pad(2 + pondK++, 4)}`, natural: 'water', water: 'pond' }));
        }
        break;
      }
      case 'plaza': {
        const n = { zh: '镜海中央广场', en: 'Jinghai Central Plaza' };
        landuse.push(poly(ring, luTags({ leisure: 'park', place: 'square', ...nameTags(n) })));
        shelter(cx, cy, n, areaOf(b));
        break;
      }
      case 'school': {
        schoolK++;
        const primary = schoolK % 2 === 1;
        const n = withSuffix(
          stems(),
          primary ? '小学' : '中学',
          primary ? 'Primary School' : 'Middle School',
        );
        landuse.push(poly(ring, luTags({ amenity: 'school', ...nameTags(n) })));
        // Sports field in the south of the campus: the shelter ground.
        const fx1 = Math.min(b.inner.x1, b.inner.x0 + 200);
        const fy1 = Math.min(b.inner.y1 - 64, b.inner.y0 + 110);
        if (fy1 - b.inner.y0 > 30) {
          const field = { x0: b.inner.x0 + 5, y0: b.inner.y0 + 5, x1: fx1 - 5, y1: fy1 };
          landuse.push(poly(rectRing(field), luTags({ leisure: 'pitch', sport: 'athletics' })));
          shelter(
            (field.x0 + field.x1) / 2,
            (field.y0 + field.y1) / 2,
            n,
            (field.x1 - field.x0) * (field.y1 - field.y0),
          );
        }
        pois.push(
          point(cx, cy, {
            id: `gen:p-sc${pad(schoolK, 3)}`,
            amenity: 'school',
            capacity: String(600 + 300 * r.int(7)),
            ...nameTags(n),
          }),
        );
        break;
      }
      case 'hospital': {
        hospitalK++;
        const n = { zh: `镜海市第${hospitalK}人民医院`, en: `Jinghai No. ${hospitalK} People's Hospital` };
        landuse.push(poly(ring, luTags({ amenity: 'hospital', ...nameTags(n) })));
        pois.push(
          point(cx, cy, {
            id: `gen:p-ho${pad(hospitalK, 3)}`,
            amenity: 'hospital',
            beds: String(400 + 100 * r.int(9)),
            ...nameTags(n),
          }),
        );
        break;
      }
      default: {
        const never: never = b.zone;
        throw new Error(`unknown zone ${String(never)}`);
      }
    }
  }
  water.push(...ponds);
  // Riverside green belts, one piece per superblock column on each bank.
  for (let k = 0; k < plan.n; k++) {
    const xa = plan.ax[k] as number;
    const xb = plan.ax[k + 1] as number;
    const xsIn: number[] = [xa];
    for (const x of river.xs) if (x > xa + 1 && x < xb - 1) xsIn.push(x);
    xsIn.push(xb);
    const north: number[] = [];
    for (const x of xsIn) north.push(x, river.northAt(x));
    for (let i = xsIn.length - 1; i >= 0; i--)
      north.push(xsIn[i] as number, river.northAt(xsIn[i] as number) + RIVER_GREEN_M);
    const south: number[] = [];
    for (const x of xsIn) south.push(x, river.southAt(x) - RIVER_GREEN_M);
    for (let i = xsIn.length - 1; i >= 0; i--)
      south.push(xsIn[i] as number, river.southAt(xsIn[i] as number));
    const n = withSuffix(stems(), '滨江绿带', 'Riverside Green');
    landuse.push(poly(north, luTags({ leisure: 'park', ...nameTags(n) })));
    landuse.push(poly(south, luTags({ leisure: 'park', ...nameTags(n) })));
  }

  // ---- districts and grid cells (网格) ------------------------------------------------------------------------
  const xs = [-half, ...plan.districts.xCuts, half];
  const ys = [-half, ...plan.districts.yCuts, half];
  const cols = xs.length - 1;
  const districtRects: Rect[] = [];
  for (let rw = 0; rw + 1 < ys.length; rw++) {
    for (let c = 0; c < cols; c++) {
      const d = rw * cols + c;
      const rect = {
        x0: xs[c] as number,
        y0: ys[rw] as number,
        x1: xs[c + 1] as number,
        y1: ys[rw + 1] as number,
      };
      districtRects.push(rect);
      const dn = DISTRICT_NAMES[d % DISTRICT_NAMES.length] as Name2;
      const dref = `D${d + 1}`;
      zones.push(
        poly(rectRing(rect), {
          id: `gen:z-${dref}`,
          'citybrain:zone': 'district',
          ref: dref,
          ...nameTags(dn),
        }),
      );
      const nx = Math.max(1, Math.round((rect.x1 - rect.x0) / 450));
      const ny = Math.max(1, Math.round((rect.y1 - rect.y0) / 450));
      let g = 0;
      for (let j = 0; j < ny; j++) {
        for (let i = 0; i < nx; i++) {
          g++;
          const cell = {
            x0: rect.x0 + ((rect.x1 - rect.x0) * i) / nx,
            y0: rect.y0 + ((rect.y1 - rect.y0) * j) / ny,
            x1: rect.x0 + ((rect.x1 - rect.x0) * (i + 1)) / nx,
            y1: rect.y0 + ((rect.y1 - rect.y0) * (j + 1)) / ny,
          };
          const ref = `${dref}-G${pad(g, 3)}`;
          zones.push(
            poly(rectRing(cell), {
              id: `gen:z-${ref}`,
              'citybrain:zone': 'grid_cell',
              ref,
              'citybrain:parent': dref,
              ...nameTags({ zh: `${dn.zh}第${g}网格`, en: `${dn.en} Grid ${g}` }),
            }),
          );
        }
      }
    }
  }

  // ---- fire stations and police: re-tag existing low/mid buildings near target points ---------------------------
  const takeBuilding = (
    tx: number,
    ty: number,
    used: Set<BuildingCandidate>,
  ): BuildingCandidate | undefined => {
    let best: BuildingCandidate | undefined;
    let bestD = Infinity;
    for (const b of buildings) {
      if (
        b.essential ||
        used.has(b) ||
        b.kind === 'industrial' ||
        b.areaM2 < 150 ||
        b.areaM2 > 3000 ||
        b.heightM > 60
      )
        continue;
      const d = (b.cx - tx) ** 2 + (b.cy - ty) ** 2;
      if (d < bestD) {
        bestD = d;
        best = b;
      }
    }
    if (best) used.add(best);
    return best;
  };
  const used = new Set<BuildingCandidate>();
  // One standard fire station per ≤ 7 km² (the service-area cap of China's urban fire-station standard, 建标 152),
  // and at least one per district.
  const fireCount = Math.max(districtRects.length, Math.ceil((4 * half * half) / 7e6));
  const per = Math.ceil(Math.sqrt(fireCount));
  const rowsF = Math.ceil(fireCount / per);
  for (let k = 0; k < fireCount; k++) {
    const tx = -half + ((k % per) + 0.5) * ((2 * half) / per);
    const ty = -half + (Math.floor(k / per) + 0.5) * ((2 * half) / rowsF);
    const b = takeBuilding(tx, ty, used);
    if (!b) continue;
    const n = withSuffix(stems(), '消防救援站', 'Fire Station');
    b.tags = { building: 'fire_station', 'building:levels': '3', ...nameTags(n) };
    pois.push(point(b.cx, b.cy, { id: `gen:p-fs${pad(k + 1, 3)}`, amenity: 'fire_station', ...nameTags(n) }));
  }
  districtRects.forEach((rect, d) => {
    const dn = DISTRICT_NAMES[d % DISTRICT_NAMES.length] as Name2;
    const b = takeBuilding((rect.x0 + rect.x1) / 2 + 120, (rect.y0 + rect.y1) / 2 - 80, used);
    if (!b) return;
    const n = { zh: `镜海市公安局${dn.zh}分局`, en: `${dn.en} Public Security Sub-bureau` };
    b.tags = { building: 'public', 'building:levels': '6', ...nameTags(n) };
    pois.push(point(b.cx, b.cy, { id: `gen:p-po${pad(d + 1, 3)}`, amenity: 'police', ...nameTags(n) }));
  });

  // ---- drainage pumping stations on the banks, signals, underpasses -----------------------------------------
  const gauges = Math.max(3, Math.round((2 * half) / 2500));
  for (let k = 0; k < gauges; k++) {
    const x = -half + ((k + 0.5) * 2 * half) / gauges;
    const onNorth = k % 2 === 0;
    const y = onNorth ? river.northAt(x) + 20 : river.southAt(x) - 20;
    pois.push(
      point(x, y, {
        id: `gen:p-pu${pad(k + 1, 3)}`,
        man_made: 'pumping_station',
        ...nameTags({ zh: `${k + 1}号排涝泵站`, en: `Drainage Pumping Station ${k + 1}` }),
      }),
    );
  }
  roads.signals.forEach((s, k) =>
    pois.push(point(s.x, s.y, { id: `gen:p-ts${pad(k + 1, 4)}`, highway: 'traffic_signals' })),
  );
  plan.interchanges.forEach((ic, k) =>
    pois.push(
      point(ic.x, ic.y, {
        id: `gen:p-up${pad(k + 1, 3)}`,
        'citybrain:underpass': 'yes',
        ...nameTags({ zh: `环路${k + 1}号下穿通道`, en: `Ring Underpass ${k + 1}` }),
      }),
    ),
  );

  // ---- energy ------------------------------------------------------------------------------------------------
  const importCount = plan.buildingsTarget >= 60000 ? 2 : 1;
  const imports: { x: number; y: number; ref: string }[] = [];
  const importSites = [
    [-half - 300, -0.55 * half],
    [half + 300, 0.55 * half],
  ] as const;
  for (let k = 0; k < importCount; k++) {
    const site = importSites[k] as readonly [number, number];
    let y = site[1];
    while (river.overlapsBox(site[0] - 60, y - 60, site[0] + 60, y + 60, 20)) y -= 200;
    const ref = `T${k + 1}`;
    // Transformer capacity ≈ 1.3 × the share of peak, in 60 MVA steps (N-1 margin on two transformers).
    const mva = Math.max(120, Math.ceil(((demand.peakMW / importCount) * 1.3) / 60) * 60);
    imports.push({ x: site[0], y, ref });
    power.push(
      point(site[0], y, {
        id: `gen:e-${ref}`,
        power: 'substation',
        substation: 'transmission',
        voltage: '220000;110000',
        rating: `${mva} MVA`,
        'citybrain:import': 'yes',
        ref,
        ...nameTags(withSuffix(stems(), '220kV变电站', '220 kV Substation')),
      }),
    );
  }
  const subs = plan.substations.map((s, k) => ({
    ...s,
    ref: `S${pad(k + 1, 2)}`,
    name: withSuffix(stems(), '110kV变电站', '110 kV Substation'),
  }));
  let storageK = 0;
  for (const s of subs) {
    power.push(
      point(s.x, s.y, {
        id: `gen:e-${s.ref}`,
        power: 'substation',
        substation: 'distribution',
        voltage: '110000;10000',
        rating: '100 MVA',
        ref: s.ref,
        ...nameTags(s.name),
      }),
    );
    if (s.hasStorage) {
      storageK++;
      const outMW = 10 * (1 + r.int(4));
      power.push(
        point(s.storageX, s.storageY, {
          id: `gen:e-B${pad(storageK, 2)}`,
          power: 'generator',
          'generator:source': 'battery',
          'generator:method': 'electrochemical',
          'generator:output:electricity': mw(outMW),
          'citybrain:energy_mwh': String(outMW * 2),
          ref: `B${pad(storageK, 2)}`,
          ...nameTags(withSuffix(s.name, '储能站', 'Battery Storage')),
        }),
      );
    }
  }
  // 110 kV network: a shortest-connection tree (Prim) from the import substations over all 110 kV substations,
  // drawn as L-shaped routes; overhead lines leave the import substations, cables run inside the city.
  const nodes = [
    ...imports.map((p) => ({ x: p.x, y: p.y, ref: p.ref })),
    ...subs.map((s) => ({ x: s.x, y: s.y, ref: s.ref })),
  ];
  const inTree = nodes.map((_, i) => i < imports.length);
  let lineK = 0;
  for (let added = imports.length; added < nodes.length; added++) {
    let bi = -1;
    let bj = -1;
    let bd = Infinity;
    for (let i = 0; i < nodes.length; i++) {
      if (!inTree[i]) continue;
      const a = nodes[i] as { x: number; y: number };
      for (let j = 0; j < nodes.length; j++) {
        if (inTree[j]) continue;
        const b = nodes[j] as { x: number; y: number };
        const d = Math.abs(a.x - b.x) + Math.abs(a.y - b.y);
        if (d < bd) {
          bd = d;
          bi = i;
          bj = j;
        }
      }
    }
    if (bj < 0) break;
    inTree[bj] = true;
    const a = nodes[bi] as { x: number; y: number; ref: string };
    const b = nodes[bj] as { x: number; y: number; ref: string };
    lineK++;
    const overhead = bi < imports.length;
    power.push({
      geometry: { type: 'LineString', xy: [a.x, a.y, a.x + 8, a.y, a.x + 8, b.y, b.x, b.y] },
      tags: {
        id: `gen:e-H${pad(lineK, 3)}`,
        power: overhead ? 'line' : 'cable',
        ...(overhead ? {} : { location: 'underground' }),
        voltage: '110000',
        ref: `${a.ref}-${b.ref}`,
      },
    });
  }
  // 10 kV feeders: walks along the street lattice (6 m off the centre line), radiating from each substation.
  const vx = plan.vLines.map((l) => l.pos);
  const hy = plan.hLines.map((l) => l.pos);
  const nearest = (arr: readonly number[], v: number): number => {
    let bi = 0;
    for (let i = 1; i < arr.length; i++)
      if (Math.abs((arr[i] as number) - v) < Math.abs((arr[bi] as number) - v)) bi = i;
    return bi;
  };
  const DIRS = [
    [1, 0],
    [0, 1],
    [-1, 0],
    [0, -1],
  ] as const;
  for (const s of subs) {
    const feeders = 4 + r.int(5);
    for (let f = 0; f < feeders; f++) {
      let i = nearest(vx, s.x);
      let j = nearest(hy, s.y);
      const xy = [s.x, s.y, (vx[i] as number) + 6, (hy[j] as number) + 6];
      const seen = new Set<number>([i * 10007 + j]);
      let dir = f % 4;
      const steps = 5 + r.int(8);
      for (let k = 0; k < steps; k++) {
        if (k > 0 && r.next() > 0.7) dir = (dir + (r.next() < 0.5 ? 1 : 3)) % 4;
        const d = DIRS[dir] as readonly [number, number];
        const ni = i + d[0];
        const nj = j + d[1];
        if (ni < 0 || nj < 0 || ni >= vx.length || nj >= hy.length || seen.has(ni * 10007 + nj)) break;
        const x0 = Math.min(vx[i] as number, vx[ni] as number) + 6;
        const x1 = Math.max(vx[i] as number, vx[ni] as number) + 6;
        const y0 = Math.min(hy[j] as number, hy[nj] as number) + 6;
        const y1 = Math.max(hy[j] as number, hy[nj] as number) + 6;
        if (river.overlapsBox(x0, y0, x1, y1, 10)) break;
        i = ni;
        j = nj;
        seen.add(i * 10007 + j);
        const px = (vx[i] as number) + 6;
        const py = (hy[j] as number) + 6;
        const n = xy.length;
        // Drop the middle of three collinear points.
        if (n >= 4 && ((xy[n - 2] === px && xy[n - 4] === px) || (xy[n - 1] === py && xy[n - 3] === py)))
          xy.splice(n - 2, 2);
        xy.push(px, py);
      }
      if (xy.length >= 6) {
        power.push({
          geometry: { type: 'LineString', xy },
          tags: {
            id: `gen:e-${s.ref}-F${f + 1}`,
            power: 'minor_line',
            voltage: '10000',
            ref: `${s.ref}-F${f + 1}`,
          },
        });
      }
    }
  }
  // Rooftop PV: ~150 W/m² of module on ~60 % of the roof (typical crystalline-silicon density and roof use).
  let pvK = 0;
  for (const b of buildings) {
    const isCandidate =
      b.kind === 'industrial' ? r.next() < 0.35 : b.kind === 'commercial' && b.heightM < 60 && r.next() < 0.1;
    if (!isCandidate || b.areaM2 < 300) continue;
    pvK++;
    power.push(
      point(b.cx, b.cy, {
        id: `gen:e-PV${pad(pvK, 5)}`,
        power: 'generator',
        'generator:source': 'solar',
        'generator:method': 'photovoltaic',
        'generator:output:electricity': mw((b.areaM2 * 0.6 * 0.15) / 1000),
        location: 'roof',
      }),
    );
  }
  // Utility PV plant (~50 MW per km², i.e. ~2 ha per MW) and the gas plant, east of the city.
  const pvW = Math.max(300, 0.24 * half);
  const pvH = Math.max(200, 0.16 * half);
  let pvY0 = -half;
  while (river.overlapsBox(half + 500, pvY0, half + 500 + pvW, pvY0 + pvH, 50)) pvY0 -= 200;
  const pvRect = { x0: half + 500, y0: pvY0, x1: half + 500 + pvW, y1: pvY0 + pvH };
  power.push(
    poly(rectRing(pvRect), {
      id: 'gen:e-P1',
      power: 'plant',
      'generator:source': 'solar',
      'plant:output:electricity': mw(Math.round(((pvW * pvH) / 1e6) * 50)),
      ...nameTags({ zh: '镜海东郊光伏电站', en: 'Jinghai East Solar Farm' }),
    }),
  );
  const gasX0 = half + 150;
  const gasX1 = half + 400;
  let gasY1 = Math.min(river.southAt(gasX0), river.southAt(gasX1)) - 150;
  while (river.overlapsBox(gasX0, gasY1 - 180, gasX1, gasY1, 100)) gasY1 -= 100;
  power.push(
    poly(rectRing({ x0: gasX0, y0: gasY1 - 180, x1: gasX1, y1: gasY1 }), {
      id: 'gen:e-P2',
      power: 'plant',
      'generator:source': 'gas',
      'plant:output:electricity': mw(Math.max(100, Math.round((demand.peakMW * 0.3) / 10) * 10)),
      ...nameTags({ zh: '镜海燃气电厂', en: 'Jinghai Gas Power Plant' }),
    }),
  );
  let windK = 0;
  for (const h of plan.hills) {
    for (let k = 0; k < 3; k++) {
      windK++;
      const a = (k * 2 * Math.PI) / 3 + 0.5;
      power.push(
        point(h.x + 0.3 * h.sigmaM * Math.cos(a), h.y + 0.3 * h.sigmaM * Math.sin(a), {
          id: `gen:e-W${pad(windK, 2)}`,
          power: 'generator',
          'generator:source': 'wind',
          'generator:method': 'wind_turbine',
          'generator:output:electricity': '2.5 MW',
        }),
      );
    }
  }
  // EV charging: one station per ~400 buildings, at block corners beside the street (in the setback).
  const evBlocks = plan.blocks.filter(
    (b) => b.zone === 'cbd' || b.zone === 'commercial' || b.zone === 'residential',
  );
  const evCount = Math.max(4, Math.round(buildings.length / 400));
  for (let k = 0; k < evCount && evBlocks.length > 0; k++) {
    const b = evBlocks[(k * 7919) % evBlocks.length] as Block;
    const corner = Math.floor((k * 7919) / evBlocks.length) % 4;
    const x = corner === 0 || corner === 3 ? b.inner.x0 - 3 : b.inner.x1 + 3;
    const y = corner < 2 ? b.inner.y0 - 3 : b.inner.y1 + 3;
    const sockets = 4 + r.int(17);
    power.push(
      point(x, y, {
        id: `gen:e-EV${pad(k + 1, 4)}`,
        amenity: 'charging_station',
        capacity: String(sockets),
        'citybrain:power_mw': (sockets * 0.12).toFixed(2),
        ...nameTags(withSuffix(stems(), '充电站', 'Charging Station')),
      }),
    );
  }

  // ---- sensors -----------------------------------------------------------------------------------------------
  roads.loops.forEach((l, k) =>
    sensors.push(
      point(l.x, l.y, {
        id: `gen:s-L${pad(k + 1, 4)}`,
        man_made: 'monitoring_station',
        'citybrain:sensor': 'road_loop',
        ref: `L${pad(k + 1, 4)}`,
        direction: String(Math.round(bearingDeg(transform, l.dx, l.dy)) % 360),
      }),
    ),
  );
  const sensor = (
    x: number,
    y: number,
    kind: string,
    ref: string,
    extra: Record<string, string> = {},
  ): void => {
    sensors.push(
      point(x, y, {
        id: `gen:s-${ref}`,
        man_made: 'monitoring_station',
        'citybrain:sensor': kind,
        ref,
        ...extra,
      }),
    );
  };
  districtRects.forEach((rect, d) => {
    const cx = (rect.x0 + rect.x1) / 2;
    const cy = (rect.y0 + rect.y1) / 2;
    sensor(cx, cy, 'weather', `W${pad(d + 1, 2)}`);
    sensor(cx + 60, cy + 60, 'air_quality', `AQ${pad(d + 1, 2)}`);
  });
  sensor(plan.cbd.x, plan.cbd.y, 'weather', `W${pad(districtRects.length + 1, 2)}`);
  const ind = plan.blocks.filter((b) => b.zone === 'industrial');
  if (ind.length > 0) {
    const b = ind[Math.floor(ind.length / 2)] as Block;
    sensor(b.inner.x0 - 3, b.inner.y0 - 3, 'air_quality', `AQ${pad(districtRects.length + 1, 2)}`);
  }
  [...imports, ...subs].forEach((s, k) =>
    sensor(s.x + 5, s.y + 5, 'substation_meter', `M${pad(k + 1, 2)}`, { 'citybrain:asset': s.ref }),
  );
  for (let k = 0; k < gauges; k++) {
    const x = -half + ((k + 0.5) * 2 * half) / gauges + 150;
    sensor(x, river.northAt(x) - 3, 'water_level', `WL${pad(k + 1, 2)}`, {
      ...nameTags({ zh: `${RIVER_NAME.zh}${k + 1}号水位站`, en: `${RIVER_NAME.en} Gauge ${k + 1}` }),
    });
  }
  return { water, landuse, power, sensors, pois, zones };
}
