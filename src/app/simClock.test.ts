import { describe, expect, it } from 'vitest';
import { formatSimClock } from './Header.tsx';

describe('formatSimClock', () => {
  // 2026-03-02T06:30:00+08:00 = 2026-03-01T22:30:00Z.
  const t = Date.UTC(2026, 2, 1, 22, 30, 0);
  it('shows China Standard Time with its offset', () => {
    expect(formatSimClock(t, 480)).toBe('2026-03-02 06:30:00 +08');
  });
  it('shows Pacific Standard Time (METR-LA) with a negative offset', () => {
    expect(formatSimClock(t, -480)).toBe('2026-03-01 14:30:00 -08');
  });
  it('shows half-hour offsets with minutes', () => {
    expect(formatSimClock(t, 330)).toBe('2026-03-02 04:00:00 +05:30');
  });
});
