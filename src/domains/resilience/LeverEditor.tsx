/** The planner's lever editor for the resilience domain (issue 7). */
import type { LeverEditorProps } from '../types.ts';

/** Edits the resilience levers of a scenario. */
export function ResilienceLeverEditor(_props: LeverEditorProps) {
  return null;
}
