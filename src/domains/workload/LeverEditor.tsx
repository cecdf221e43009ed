/**
 * The planner's lever editor for 一网统管 (issue 7): an incident surge by category, crews added or removed per
 * department and shift, and SLA (handle allowance) changes by category. Each list entry is one WorkloadLever
 * (src/core/workload/whatIf.ts) with a single key, so the list reads lever by lever; the scenario runner validates
 * each with validateWorkloadLever.
 */
import { useState } from 'react';
import type { LeverEditorProps } from '../types.ts';
import type { WorkloadLever } from '../../core/workload/whatIf.ts';
import { DEPARTMENTS, TAXONOMY } from '../../core/workload/taxonomy.ts';
import type { Dict } from '../../app/i18n.ts';
import {
  LeverEditorFrame,
  NumberField,
  SelectField,
  useLeverForm,
  useLeverScene,
} from '../../plan/leverUi.tsx';

const KINDS = ['surgePct', 'staffDelta', 'slaPct'] as const;
type Kind = (typeof KINDS)[number];

function kindLabel(t: Dict, k: Kind): string {
  switch (k) {
    case 'surgePct':
      return t.wwSurge;
    case 'staffDelta':
      return t.wwStaff;
    case 'slaPct':
      return t.wwSla;
    default: {
      const never: never = k;
      return String(never);
    }
  }
}

const signed = (v: number): string => (v > 0 ? `+${v}` : String(v));

/** One line describing a workload lever. */
function describeWorkload(t: Dict, l: unknown): string {
  const w = l as WorkloadLever;
  const parts: string[] = [];
  const cat = (id: string) => (id === '*' ? t.wwAllCategories : t.woCategory(id));
  for (const [k, v] of Object.entries(w?.surgePct ?? {})) parts.push(t.plWoSurge(cat(k), signed(v)));
  for (const [k, v] of Object.entries(w?.staffDelta ?? {}))
    parts.push(t.plWoStaff(t.woDepartment(k), signed(v)));
  for (const [k, v] of Object.entries(w?.slaPct ?? {})) parts.push(t.plWoSla(cat(k), signed(v)));
  return parts.length > 0 ? parts.join('; ') : JSON.stringify(l);
}

/** The key a one-entry lever acts on (a newer lever on the same key replaces the older one). */
function workloadKey(l: WorkloadLever): string | null {
  for (const k of KINDS) {
    const rec = l[k];
    if (rec) {
      const ids = Object.keys(rec);
      if (ids.length === 1) return `${k}:${ids[0]}`;
    }
  }
  return null;
}

/** Edits the 一网统管 levers of a scenario. */
export function WorkloadLeverEditor(props: LeverEditorProps) {
  const { levers, onChange, disabled } = props;
  const { t, city } = useLeverScene();
  const [kind, setKind] = useState<Kind>('surgePct');
  const [category, setCategory] = useState('*');
  const [dept, setDept] = useState(DEPARTMENTS[0]?.id ?? 'cg');
  const [value, setValue] = useState(30);
  const form = useLeverForm('workload', city, levers, onChange);
  if (!city) return null;
  const add = () => {
    if (!Number.isFinite(value)) return form.setError(t.wiBadNumber);
    const lever: WorkloadLever =
      kind === 'staffDelta' ? { staffDelta: { [dept]: value } } : { [kind]: { [category]: value } };
    form.commit<WorkloadLever>(lever, t.plInvalid, workloadKey);
  };
  const [min, max, step, unit] =
    kind === 'staffDelta'
      ? [-50, 50, 1, t.plCrewsPerShift]
      : kind === 'surgePct'
        ? [-100, 1000, 10, '%']
        : [-90, 200, 5, '%'];
  return (
    <LeverEditorFrame
      domain="workload"
      editor={props}
      form={form}
      describe={(l) => describeWorkload(t, l)}
      onAdd={add}
      kind={kind}
      kinds={KINDS}
      labelOf={(k) => kindLabel(t, k)}
      onKind={(k) => {
        setKind(k);
        setValue(k === 'staffDelta' ? 5 : k === 'surgePct' ? 30 : -20);
      }}
    >
      {kind === 'staffDelta' ? (
        <SelectField
          label={t.wwStaffDept}
          value={dept}
          options={DEPARTMENTS.map((d) => d.id)}
          labelOf={(id) => t.woDepartment(id)}
          disabled={disabled}
          testId="pl-workload-dept"
          onChange={setDept}
        />
      ) : (
        <SelectField
          label={t.wwSurgeCategory}
          value={category}
          options={['*', ...TAXONOMY.map((c) => c.id)]}
          labelOf={(id) => (id === '*' ? t.wwAllCategories : t.woCategory(id))}
          disabled={disabled}
          testId="pl-workload-category"
          onChange={setCategory}
        />
      )}
      <NumberField
        label={kindLabel(t, kind)}
        unit={unit}
        value={value}
        min={min}
        max={max}
        step={step}
        disabled={disabled}
        testId="pl-workload-value"
        onChange={setValue}
      />
    </LeverEditorFrame>
  );
}
