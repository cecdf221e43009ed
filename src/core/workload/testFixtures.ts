/** Shared fixtures of the workload unit tests (not used by production code). */
import type { Report } from './types.ts';

/** 2026-01-01T02:00Z, 10:00 in Shanghai (the default UTC+8): a day-shift time. */
export const T0 = 1_767_232_800_000;

/** A garbage report (P3) at (100, 200) in grid cell 4 at T0, overridable. */
export function report(id: string, over: Partial<Report> = {}): Report {
  return {
    id,
    source: 'app',
    category: 'garbage',
    priority: 3,
    x: 100,
    y: 200,
    gridCell: 4,
    simTimeMs: T0,
    description: { zh: '垃圾', en: 'garbage' },
    reporter: `citizen:${id}`,
    attachments: [],
    ...over,
  };
}
