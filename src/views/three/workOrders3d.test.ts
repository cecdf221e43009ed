import { describe, expect, it } from 'vitest';
import * as THREE from 'three';
import { emptyZones } from '../../core/scene/empty.ts';
import { triangulateFootprints } from './footprints.ts';
import { HEAT_BANDS } from '../map/workloadStyle.ts';
import { buildHeatMesh, paintHeat, unitYaw, writeInstance } from './workOrders3d.ts';

describe('writeInstance', () => {
  it('matches three.js compose(position, quaternion about +y, uniform scale)', () => {
    const out = new Float32Array(32);
    writeInstance(out, 1, 10, 2, -30, 3, 0.7);
    const m = new THREE.Matrix4().compose(
      new THREE.Vector3(10, 2, -30),
      new THREE.Quaternion().setFromAxisAngle(new THREE.Vector3(0, 1, 0), 0.7),
      new THREE.Vector3(3, 3, 3),
    );
    for (let k = 0; k < 16; k++) expect(out[16 + k]).toBeCloseTo(m.elements[k] as number, 5);
  });
  it('turns a vehicle (local +x) toward its target', () => {
    // From (0,0) to (0,100) local: due north → θ = π/2; in three, north is −z.
    const yaw = unitYaw(0, 0, 0, 100);
    expect(yaw).toBeCloseTo(Math.PI / 2, 12);
    const out = new Float32Array(16);
    writeInstance(out, 0, 0, 0, 0, 1, yaw);
    const v = new THREE.Vector3(1, 0, 0).applyMatrix4(new THREE.Matrix4().fromArray(out));
    expect(v.x).toBeCloseTo(0, 6);
    expect(v.z).toBeCloseTo(-1, 6);
  });
});

describe('heat mesh', () => {
  // Zone 0: a district (not drawn); zone 1: a grid cell, the square (0,0)–(100,100).
  const zones = {
    ...emptyZones(),
    count: 2,
    polyStart: Uint32Array.from([0, 1, 2]),
    ringStart: Uint32Array.from([0, 4, 8]),
    xy: Float32Array.from([0, 0, 200, 0, 200, 200, 0, 200, 0, 0, 100, 0, 100, 100, 0, 100]),
    level: Uint8Array.from([0, 1]),
    parent: Uint32Array.from([0xffffffff, 0]),
    sourceId: ['d', 'c'],
  };
  it('emits only the grid cell triangles, lifted over the ground, north to −z', () => {
    const h = buildHeatMesh(zones, triangulateFootprints(zones), () => 5, 0.5);
    // A quad = 2 triangles.
    expect(h.index.length).toBe(6);
    for (const v of h.index) expect(v).toBeGreaterThanOrEqual(4);
    expect(Array.from(h.vertexZone)).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect(Array.from(h.positions.subarray(6 * 3, 6 * 3 + 3))).toEqual([100, 5.5, -100]);
  });
  it('paints cells by heat band and leaves empty cells transparent', () => {
    const h = buildHeatMesh(zones, triangulateFootprints(zones), () => 0, 0.5);
    const rgba = new Uint8Array(8 * 4).fill(9);
    paintHeat(h.vertexZone, Uint32Array.from([0, 5]), 120, rgba);
    expect(rgba[3]).toBe(0);
    // 5 open orders → band 2 (4–7).
    expect(Array.from(rgba.subarray(16, 20))).toEqual([...HEAT_BANDS[2]!.color, 120]);
  });
});
