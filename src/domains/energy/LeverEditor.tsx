/** The planner's lever editor for the energy domain (issue 7). */
import type { LeverEditorProps } from '../types.ts';

/** Edits the energy levers of a scenario. */
export function EnergyLeverEditor(_props: LeverEditorProps) {
  return null;
}
