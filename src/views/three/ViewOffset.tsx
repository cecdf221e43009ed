/**
 * One screen of a video wall draws one rectangle of a larger virtual canvas: three's `setViewOffset` gives the
 * camera the sub-frustum of that rectangle, so several browsers with the same camera draw one continuous picture
 * (the bezels' hidden pixels included, so lines stay straight across screens).
 */
import { useEffect } from 'react';
import { useThree } from '@react-three/fiber';
import type { PerspectiveCamera } from 'three';

/** The rectangle of the virtual canvas this canvas shows, in virtual pixels. */
export interface ViewOffsetRect {
  readonly fullWidth: number;
  readonly fullHeight: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Applies `rect` to the default camera while mounted. */
export function ViewOffset({ rect }: { rect: ViewOffsetRect }) {
  const camera = useThree((s) => s.camera) as PerspectiveCamera;
  const size = useThree((s) => s.size);
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => {
    // The virtual canvas's aspect decides the frustum; the canvas's own aspect must match the rectangle's.
    camera.aspect = rect.fullWidth / rect.fullHeight;
    camera.setViewOffset(rect.fullWidth, rect.fullHeight, rect.x, rect.y, rect.width, rect.height);
    camera.updateProjectionMatrix();
    invalidate();
    return () => {
      camera.clearViewOffset();
      camera.aspect = size.width / Math.max(1, size.height);
      camera.updateProjectionMatrix();
      invalidate();
    };
  }, [camera, rect, size, invalidate]);
  return null;
}
