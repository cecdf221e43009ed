import { describe, expect, it } from 'vitest';
import { profileFor } from './renderProfile.ts';

describe('profileFor', () => {
  it('keeps full quality on a hardware GPU', () => {
    const p = profileFor('ANGLE (NVIDIA, NVIDIA GeForce RTX 4090 Direct3D11 vs_5_0 ps_5_0)', null);
    expect(p).toMatchObject({ software: false, antialias: true, liveRedrawMs: 0 });
  });
  it('paces redraws on software rasterisers', () => {
    for (const r of [
      'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
      'llvmpipe (LLVM 15.0.6, 256 bits)',
    ]) {
      expect(profileFor(r, null)).toMatchObject({ software: true, antialias: false, liveRedrawMs: 1000 });
    }
  });
  it('obeys the ?quality override either way', () => {
    expect(profileFor('SwiftShader', 'high').antialias).toBe(true);
    expect(profileFor('NVIDIA', 'low').liveRedrawMs).toBe(1000);
  });
});
