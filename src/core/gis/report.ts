/**
 * Import messages with aggregation: a 200k-feature file with one systematic defect must not print 200k lines, so
 * each reason code keeps its first {@link MAX_PER_CODE} messages and only counts the rest.
 */

/** Severity: fatal stops the import (nothing is written); error skips a feature; warning/info inform. */
export type MessageLevel = 'fatal' | 'error' | 'warning' | 'info';

/** One import message. `feature` is the 0-based index of the feature in its file. */
export interface ImportMessage {
  readonly level: MessageLevel;
  /** Stable machine-readable reason code, e.g. "self-intersection" (docs/gis-tags.md lists them). */
  readonly code: string;
  readonly file: string;
  readonly feature?: number;
  readonly featureId?: string;
  readonly reason: string;
}

/** Messages shown per reason code before the rest are only counted. */
export const MAX_PER_CODE = 20;

/** Collects messages, keeping the first MAX_PER_CODE of each code. */
export class MessageLog {
  readonly messages: ImportMessage[] = [];
  /** Messages counted but not kept, all codes together. */
  suppressed = 0;
  /** Count of every message per code (kept + suppressed). */
  readonly byCode = new Map<string, { level: MessageLevel; count: number }>();
  readonly byLevel: Record<MessageLevel, number> = { fatal: 0, error: 0, warning: 0, info: 0 };

  /** Records a message about a whole file or one feature of it. */
  add(
    level: MessageLevel,
    code: string,
    file: string,
    reason: string,
    feature?: { readonly index: number; readonly id: string },
  ): void {
    this.byLevel[level]++;
    const c = this.byCode.get(code);
    const n = c ? ++c.count : 1;
    if (!c) this.byCode.set(code, { level, count: 1 });
    if (n > MAX_PER_CODE && level !== 'fatal') {
      this.suppressed++;
      return;
    }
    this.messages.push(
      feature
        ? { level, code, file, feature: feature.index, featureId: feature.id, reason }
        : { level, code, file, reason },
    );
  }

  /** True when any fatal message was recorded. */
  get hasFatal(): boolean {
    return this.byLevel.fatal > 0;
  }
}
