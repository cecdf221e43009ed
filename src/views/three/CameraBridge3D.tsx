/** The 3D view's camera as a TwinCamera (src/views/cameraBridge.ts): orbit target/position ⇄ TwinCamera. */
import type { CityModel } from '../../core/scene/types.ts';

/** Registers the 3D camera bridge while mounted (inside the R3F Canvas). */
export function CameraBridge3D(_props: { model: CityModel }) {
  return null;
}
