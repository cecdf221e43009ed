/**
 * The 3D twin: @react-three/fiber canvas with the merged building mesh, road ribbons, land use/water, terrain,
 * lights that read on a dark theme, an orbit camera with keyboard support, and picking that selects in the store.
 * Render on demand (frameloop="demand"): the canvas redraws only when the camera or the content changes.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Canvas } from '@react-three/fiber';
import { renderProfile } from '../renderProfile.ts';
import { OrbitControls } from '@react-three/drei';
import type { CityModel } from '../../core/scene/types.ts';
import { BACKGROUND, css } from '../../app/palette.ts';
import { isTestMode } from '../../app/testHooks.ts';
import { useAppStore } from '../../state/store.ts';
import { dict } from '../../app/i18n.ts';
import { CityContent } from './CityContent.tsx';
import { CameraBridge3D } from './CameraBridge3D.tsx';
import { ViewOffset, type ViewOffsetRect } from './ViewOffset.tsx';
import { installRecoveryTestApi, registerGlCanvas, watchContextLoss } from '../contextLoss.ts';
import { ContextLossBanner } from '../contextLossBanner.tsx';
import { GlRecovery3D, type SavedCamera3D } from '../contextLoss3D.tsx';

/** Initial camera: looking at the extent centre from the south-south-east, 45° down, whole city in view. */
function initialCamera(model: CityModel) {
  const e = model.meta.extentM;
  const cx = (e.minX + e.maxX) / 2;
  const cy = (e.minY + e.maxY) / 2;
  const size = Math.max(200, e.maxX - e.minX, e.maxY - e.minY);
  const dist = size * 1.15;
  // About 34° above the horizon from the south-south-east: low enough that towers read as towers, high enough to
  // see every district.
  return {
    target: [cx, 0, -cy] as [number, number, number],
    position: [cx + dist * 0.25, dist * 0.56, -cy + dist * 0.79] as [number, number, number],
    size,
  };
}

/**
 * The 3D view of `model`. `viewOffset`: this canvas shows one rectangle of a larger virtual canvas (a screen of a
 * video wall), so the screens of one wall together draw one continuous picture.
 */
export function ThreeView({
  model,
  viewOffset,
}: {
  model: CityModel;
  viewOffset?: ViewOffsetRect | undefined;
}) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const [keyTarget, setKeyTarget] = useState<HTMLElement | null>(null);
  const lang = useAppStore((s) => s.lang);
  // Memoised: a re-render (language switch) must not hand OrbitControls a new target array and reset the camera.
  const cam = useMemo(() => initialCamera(model), [model]);
  const bg = css(BACKGROUND);
  useEffect(() => setKeyTarget(wrapRef.current), []);
  // WebGL context loss (contextLoss.ts): a new Canvas key remounts the canvas with a fresh context; every geometry,
  // texture and program is uploaded again. The camera pose is carried over the remount.
  const [glGeneration, setGlGeneration] = useState(0);
  const savedCamera = useRef<SavedCamera3D | null>(null);
  const stopWatching = useRef<(() => void) | null>(null);
  const remount = useCallback(() => setGlGeneration((g) => g + 1), []);
  useEffect(() => {
    installRecoveryTestApi();
    return () => {
      stopWatching.current?.();
      stopWatching.current = null;
      registerGlCanvas('three', null);
    };
  }, []);
  return (
    <div
      ref={wrapRef}
      className="view three-view"
      data-testid="three-canvas"
      tabIndex={0}
      aria-label={dict(lang).threeView}
    >
      <Canvas
        key={glGeneration}
        frameloop="demand"
        // Colours pass through unconverted and untone-mapped, so the 3D view shows the palette as the map does.
        linear
        flat
        dpr={[1, 2]}
        gl={{ antialias: renderProfile().antialias, preserveDrawingBuffer: isTestMode() }}
        camera={{ fov: 40, near: cam.size / 500, far: cam.size * 12, position: cam.position }}
        onCreated={({ gl }) => {
          performance.mark('cb:three:created');
          gl.setClearColor(bg);
          stopWatching.current?.();
          stopWatching.current = watchContextLoss('three', gl.domElement, remount);
          registerGlCanvas('three', gl.domElement);
        }}
      >
        <color attach="background" args={[bg]} />
        <fog attach="fog" args={[bg, cam.size * 1.2, cam.size * 4.5]} />
        <hemisphereLight args={['#d6efff', '#41577a', 1.35]} />
        <directionalLight
          position={[cam.size * 0.6, cam.size, cam.size * 0.4]}
          intensity={0.9}
          color="#fff4e0"
        />
        <directionalLight
          position={[-cam.size * 0.5, cam.size * 0.4, -cam.size * 0.6]}
          intensity={0.3}
          color="#7fdcff"
        />
        <CityContent model={model} />
        <CameraBridge3D model={model} />
        <GlRecovery3D saved={savedCamera} />
        {viewOffset ? <ViewOffset rect={viewOffset} /> : null}
        <OrbitControls
          makeDefault
          target={cam.target}
          enableDamping={false}
          maxPolarAngle={Math.PI * 0.47}
          minDistance={cam.size / 100}
          maxDistance={cam.size * 4}
          {...(keyTarget ? { keyEvents: keyTarget } : {})}
        />
      </Canvas>
      <div className="view-label">{dict(lang).threeView}</div>
      <div className="view-hint">{dict(lang).keyboardHint}</div>
      <ContextLossBanner view="three" showFeed />
    </div>
  );
}
