/**
 * The one interface through which a domain (traffic, energy, resilience, 一网统管) plugs into all three modes
 * (issue 7): its live headline KPIs (executive overview tiles, wall KPI panels, indicator system inputs), its map
 * layers (wall playlist scenes, layer panel), its alarms (wall takeover, the executive's top alerts), its per-zone
 * breakdown (drill-down city → district → grid cell) and its planner lever editor. The scenario runner, the pure part
 * of the what-if, is in src/core/scenario/runners. A domain that lands later adds one plugin to src/domains/registry.ts
 * and appears in every mode with no mode-specific code.
 */
import type { ComponentType } from 'react';
import type { AppState } from '../state/store.ts';
import type { LayerId } from '../state/uiSlice.ts';
import type { Text2 } from '../core/hazards/types.ts';
import type { Better, DomainId } from '../core/scenario/types.ts';

/** A live KPI of a domain. */
export interface LiveKpiDef {
  /** Stable id within the domain (the KPI history and the indicator system refer to `<domain>.<id>`). */
  readonly id: string;
  readonly label: Text2;
  /** Unit as displayed, '' for an index or a count. */
  readonly unit: string;
  readonly better: Better;
  /** Decimals when displayed. */
  readonly digits: number;
  /** True for the one or two KPIs a domain leads with (the executive tile, the wall's KPI strip). */
  readonly headline: boolean;
  /** How it is computed, both languages (tooltips and docs). */
  readonly formula: Text2;
  /** The live value from the store, or null when not known yet (a "waiting" state, never a made-up number). */
  read(s: AppState): number | null;
  /**
   * Optional display of a value as words (and a colour chip) instead of the bare number, for a KPI whose number is a
   * code — e.g. an alert level 0–4 shown as "红色 Ⅰ级 / Red (I)". Modes that show the value use it when present;
   * trends, sparklines and the indicator scores keep the number.
   */
  format?(v: number): KpiDisplay;
}

/** A KPI value as displayed: its text in both languages, with an optional chip colour (CSS) and text colour on it. */
export interface KpiDisplay {
  readonly text: Text2;
  /** Chip background, CSS colour; absent = plain text. */
  readonly color?: string;
  /** Text colour readable on `color`. */
  readonly ink?: string;
}

/** An alarm of a domain, live. */
export interface DomainAlarm {
  readonly id: string;
  readonly domain: DomainId;
  /** critical alarms take over the wall; the others are listed. */
  readonly severity: 'critical' | 'major' | 'minor';
  readonly title: Text2;
  readonly detail: Text2;
  /** Where it is, scene local metres (null when it has no place, e.g. a city-wide balance). */
  readonly x: number | null;
  readonly y: number | null;
  /** Sim time it was raised. */
  readonly simMs: number;
}

/** A KPI broken down by zone (level 0 districts, level 1 grid cells), in the scene's zone order. */
export interface ZoneKpi {
  readonly id: string;
  readonly label: Text2;
  readonly unit: string;
  readonly better: Better;
  readonly digits: number;
  /** Value per zone index of `CityModel.zones` (NaN where the domain has no value for that zone). */
  readonly values: Float64Array;
}

/** The props of a planner lever editor: the domain's levers in a scenario, edited in place. */
export interface LeverEditorProps {
  readonly levers: readonly unknown[];
  onChange(levers: readonly unknown[]): void;
  /** Disabled while a run is going. */
  readonly disabled: boolean;
}

/** A domain as the modes see it. */
export interface DomainPlugin {
  readonly id: DomainId;
  readonly name: Text2;
  /** Live KPIs; at least one has `headline: true`. */
  readonly kpis: readonly LiveKpiDef[];
  /** The map/3D layers the domain owns (in LayerPanel order). */
  readonly layers: readonly LayerId[];
  /** Live alarms, most severe first. */
  alarms(s: AppState): readonly DomainAlarm[];
  /** KPIs per zone of a level (empty when the domain has no breakdown at that level). */
  zoneKpis(s: AppState, level: 0 | 1): readonly ZoneKpi[];
  /** The planner's lever editor for this domain. */
  readonly LeverEditor: ComponentType<LeverEditorProps>;
}
