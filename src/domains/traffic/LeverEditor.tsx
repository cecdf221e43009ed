/** The planner's lever editor for the traffic domain (issue 7). */
import type { LeverEditorProps } from '../types.ts';

/** Edits the traffic levers of a scenario. */
export function TrafficLeverEditor(_props: LeverEditorProps) {
  return null;
}
