/** UI text of the energy Plan views (merged into src/app/i18n.ts; a key missing in either language is a type error). */
import type { DictOf, Entry } from './entry.ts';

export const zh = {} satisfies Record<string, Entry>;

export const en: DictOf<typeof zh> = {};
