/**
 * The 3D view's camera as a TwinCamera (src/views/cameraBridge.ts): orbit target/position ⇄ TwinCamera. Three.js
 * axes here: x = scene east, y = up, z = −(scene north). With heading h (clockwise from north) and pitch p (0 =
 * straight down) the camera looks along f = (sin p·sin h, sin p·cos h, −cos p) in (east, north, up), so it sits at
 * target − distance·f. An ease interpolates the TwinCamera itself (heading the short way round) with a smoothstep,
 * so a fly-to keeps looking at the path it follows; per frame it writes the scratch vectors (no allocation).
 */
import { useEffect, useRef } from 'react';
import { useFrame, useThree } from '@react-three/fiber';
import { Vector3 } from 'three';
import type { CityModel } from '../../core/scene/types.ts';
import type { TwinCamera } from '../../core/wall/types.ts';
import { registerCameraBridge, reportCameraMove, type CameraBridge } from '../cameraBridge.ts';

const DEG = Math.PI / 180;

/** The orbit controls as far as the bridge uses them (drei's OrbitControls with makeDefault). */
interface OrbitLike {
  target: Vector3;
  update(): void;
  addEventListener(type: 'change', l: () => void): void;
  removeEventListener(type: 'change', l: () => void): void;
}

/** Camera position and target (three.js coordinates) of a TwinCamera, written into `pos` and `target`. */
export function twinToOrbit(c: TwinCamera, pos: Vector3, target: Vector3): void {
  const h = c.headingDeg * DEG;
  const p = c.pitchDeg * DEG;
  const sp = Math.sin(p);
  target.set(c.x, 0, -c.y);
  // target − d·f, f in (east, north, up) → three (east, up, −north).
  pos.set(
    c.x - c.distanceM * sp * Math.sin(h),
    c.distanceM * Math.cos(p),
    -(c.y - c.distanceM * sp * Math.cos(h)),
  );
}

/** The TwinCamera of a camera at `pos` looking at `target` (three.js coordinates). */
export function orbitToTwin(pos: Vector3, target: Vector3): TwinCamera {
  const east = pos.x - target.x;
  const up = pos.y - target.y;
  const north = -(pos.z - target.z);
  const d = Math.max(1e-6, Math.hypot(east, up, north));
  let heading = Math.atan2(-east, -north) / DEG;
  if (heading < 0) heading += 360;
  return {
    x: target.x,
    y: -target.z,
    distanceM: d,
    headingDeg: heading,
    pitchDeg: Math.acos(Math.max(-1, Math.min(1, up / d))) / DEG,
  };
}

/** Heading of `a` → `b` the short way round, at fraction t. */
function lerpHeading(a: number, b: number, t: number): number {
  const d = ((((b - a) % 360) + 540) % 360) - 180;
  const h = a + d * t;
  return h < 0 ? h + 360 : h % 360;
}

/** Registers the 3D camera bridge while mounted (inside the R3F Canvas). */
export function CameraBridge3D(_props: { model: CityModel }) {
  const camera = useThree((s) => s.camera);
  const controls = useThree((s) => s.controls) as unknown as OrbitLike | null;
  const invalidate = useThree((s) => s.invalidate);
  const anim = useRef<{ from: TwinCamera; to: TwinCamera; startMs: number; durationMs: number } | null>(null);
  const applying = useRef(false);
  const scratch = useRef({
    pos: new Vector3(),
    target: new Vector3(),
    cam: { x: 0, y: 0, distanceM: 1, headingDeg: 0, pitchDeg: 0 } satisfies TwinCamera,
  });

  useEffect(() => {
    const s = scratch.current;
    const write = (c: TwinCamera): void => {
      twinToOrbit(c, s.pos, s.target);
      applying.current = true;
      camera.position.copy(s.pos);
      if (controls) {
        controls.target.copy(s.target);
        controls.update();
      } else camera.lookAt(s.target);
      applying.current = false;
      invalidate();
    };
    const get = (): TwinCamera => {
      if (controls) return orbitToTwin(camera.position, controls.target);
      // No controls: the point straight ahead on the ground plane is the target.
      camera.getWorldDirection(s.target);
      const t = s.target.y < -1e-6 ? -camera.position.y / s.target.y : 1000;
      s.pos.copy(camera.position).addScaledVector(s.target, t);
      return orbitToTwin(camera.position, s.pos);
    };
    const bridge: CameraBridge & { write: (c: TwinCamera) => void } = {
      get,
      write,
      set(c, durationMs) {
        if (durationMs <= 0) {
          anim.current = null;
          write(c);
          return;
        }
        anim.current = { from: get(), to: c, startMs: performance.now(), durationMs };
        invalidate();
      },
    };
    registerCameraBridge('three', bridge);
    const onChange = (): void => {
      if (applying.current) return;
      // A pointer or key moved the camera: a running fly-to gives way to the user.
      anim.current = null;
      reportCameraMove('three', get(), true);
    };
    controls?.addEventListener('change', onChange);
    return () => {
      controls?.removeEventListener('change', onChange);
      registerCameraBridge('three', null);
    };
  }, [camera, controls, invalidate]);

  useFrame(() => {
    const a = anim.current;
    if (a === null) return;
    const t = Math.min(1, (performance.now() - a.startMs) / a.durationMs);
    const k = t * t * (3 - 2 * t);
    const { from, to } = a;
    const s = scratch.current;
    const c = s.cam;
    c.x = from.x + (to.x - from.x) * k;
    c.y = from.y + (to.y - from.y) * k;
    // Distance eases in log space: a fly from 10 km to 1 km does not rush the last kilometre.
    c.distanceM = from.distanceM * (to.distanceM / from.distanceM) ** k;
    c.headingDeg = lerpHeading(from.headingDeg, to.headingDeg, k);
    c.pitchDeg = from.pitchDeg + (to.pitchDeg - from.pitchDeg) * k;
    if (t >= 1) anim.current = null;
    twinToOrbit(t >= 1 ? to : c, s.pos, s.target);
    applying.current = true;
    camera.position.copy(s.pos);
    if (controls) {
      controls.target.copy(s.target);
      controls.update();
    } else camera.lookAt(s.target);
    applying.current = false;
    invalidate();
  });
  return null;
}
