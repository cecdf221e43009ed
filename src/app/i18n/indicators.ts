/** UI text: indicators (issue 7; merged into src/app/i18n.ts; a key missing in either language is a type error). */
import type { DictOf, Entry } from './entry.ts';

export const zh = {} as const satisfies Record<string, Entry>;

export const en: DictOf<typeof zh> = {};
