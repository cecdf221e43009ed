/** The planner's lever editor for the workload domain (issue 7). */
import type { LeverEditorProps } from '../types.ts';

/** Edits the workload levers of a scenario. */
export function WorkloadLeverEditor(_props: LeverEditorProps) {
  return null;
}
