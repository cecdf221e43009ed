/**
 * How hard the views may push the GPU. A control room with a real GPU gets full quality: multisampling, live values
 * redrawn as they arrive, smooth animation. A machine whose WebGL is a software rasteriser (SwiftShader, llvmpipe —
 * GPU-less VMs, headless test runners, remote desktops) pays hundreds of milliseconds of CPU for every full redraw of
 * a city, so there the views drop multisampling and pace their redraws: live colours at most once a second and pulse
 * animations at 2 frames/s. Without this the redraws queue up faster than they finish and the views stop responding.
 * `?quality=high` or `?quality=low` in the URL overrides the detection.
 */

/** Redraw budget for the views. */
export interface RenderProfile {
  /** The WebGL renderer string (unmasked when the browser allows). */
  readonly renderer: string;
  /** True when WebGL runs on a software rasteriser. */
  readonly software: boolean;
  /** Multisample anti-aliasing on the WebGL canvases. */
  readonly antialias: boolean;
  /** Minimum interval between redraws caused by live values, ms (0 = every change). */
  readonly liveRedrawMs: number;
  /** Minimum interval between frames of decorative animation (pulses), ms. */
  readonly animationFrameMs: number;
}

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render driver|mesa offscreen/i;

let cached: RenderProfile | null = null;

/** Reads the WebGL renderer string from a throw-away context (released at once). */
function probeRenderer(): string {
  try {
    const canvas = document.createElement('canvas');
    const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
    if (!gl) return 'no WebGL';
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return name;
  } catch {
    return 'unknown';
  }
}

/** Builds a profile for a renderer string and an optional override ('high' | 'low'). */
export function profileFor(renderer: string, override: string | null): RenderProfile {
  const software = SOFTWARE_RENDERER.test(renderer);
  const low = override === 'low' || (override !== 'high' && software);
  return low
    ? { renderer, software, antialias: false, liveRedrawMs: 1000, animationFrameMs: 500 }
    : { renderer, software, antialias: true, liveRedrawMs: 0, animationFrameMs: 33 };
}

/** The page's render profile (probed once). */
export function renderProfile(): RenderProfile {
  if (!cached) {
    const override = new URLSearchParams(window.location.search).get('quality');
    // index.html probes early (see there); probe here when it could not.
    const early = (window as unknown as { __citybrainRenderer?: unknown }).__citybrainRenderer;
    cached = profileFor(typeof early === 'string' ? early : probeRenderer(), override);
  }
  return cached;
}
