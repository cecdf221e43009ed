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
import { dict, type Dict } from '../../app/i18n.ts';
import { getModel } from '../../app/sceneHolder.ts';
import { useAppStore } from '../../state/store.ts';
import { FieldError, LeverList, upsertLever, useLeverErrors, validateLeverOf } from '../../plan/leverUi.tsx';

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
export function WorkloadLeverEditor({ levers, onChange, disabled }: LeverEditorProps) {
  const t = dict(useAppStore((s) => s.lang));
  useAppStore((s) => s.sceneLoad);
  const city = getModel();
  const [kind, setKind] = useState<Kind>('surgePct');
  const [category, setCategory] = useState('*');
  const [dept, setDept] = useState(DEPARTMENTS[0]?.id ?? 'cg');
  const [value, setValue] = useState(30);
  const [error, setError] = useState<string | null>(null);
  const errors = useLeverErrors('workload', city, levers);
  if (!city) return null;
  const add = () => {
    if (!Number.isFinite(value)) return setError(t.wiBadNumber);
    const lever: WorkloadLever =
      kind === 'staffDelta' ? { staffDelta: { [dept]: value } } : { [kind]: { [category]: value } };
    const why = validateLeverOf('workload', city, lever);
    if (why) return setError(t.plInvalid(why));
    setError(null);
    onChange(upsertLever<WorkloadLever>(levers, lever, workloadKey));
  };
  const [min, max, step, unit] =
    kind === 'staffDelta'
      ? [-50, 50, 1, t.plCrewsPerShift]
      : kind === 'surgePct'
        ? [-100, 1000, 10, '%']
        : [-90, 200, 5, '%'];
  return (
    <div className="pl-editor" data-testid="pl-editor-workload">
      <div className="pl-form">
        <label>
          <span>{t.plLeverKind}</span>
          <select
            value={kind}
            disabled={disabled}
            data-testid="pl-workload-kind"
            onChange={(e) => {
              const k = e.target.value as Kind;
              setKind(k);
              setValue(k === 'staffDelta' ? 5 : k === 'surgePct' ? 30 : -20);
              setError(null);
            }}
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {kindLabel(t, k)}
              </option>
            ))}
          </select>
        </label>
        {kind === 'staffDelta' ? (
          <label>
            <span>{t.wwStaffDept}</span>
            <select
              value={dept}
              disabled={disabled}
              data-testid="pl-workload-dept"
              onChange={(e) => setDept(e.target.value)}
            >
              {DEPARTMENTS.map((d) => (
                <option key={d.id} value={d.id}>
                  {t.woDepartment(d.id)}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <label>
            <span>{t.wwSurgeCategory}</span>
            <select
              value={category}
              disabled={disabled}
              data-testid="pl-workload-category"
              onChange={(e) => setCategory(e.target.value)}
            >
              <option value="*">{t.wwAllCategories}</option>
              {TAXONOMY.map((c) => (
                <option key={c.id} value={c.id}>
                  {t.woCategory(c.id)}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          <span>{`${kindLabel(t, kind)} (${unit})`}</span>
          <input
            type="number"
            min={min}
            max={max}
            step={step}
            value={Number.isFinite(value) ? value : ''}
            disabled={disabled}
            data-testid="pl-workload-value"
            onChange={(e) => setValue(e.target.value === '' ? Number.NaN : Number(e.target.value))}
          />
        </label>
        <button type="button" className="btn" disabled={disabled} data-testid="pl-workload-add" onClick={add}>
          {t.plAddLever}
        </button>
        <FieldError text={error} testId="pl-workload-error" />
      </div>
      <LeverList
        domain="workload"
        levers={levers}
        describe={(l) => describeWorkload(t, l)}
        errors={errors}
        disabled={disabled}
        onChange={onChange}
      />
    </div>
  );
}
