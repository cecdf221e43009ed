/**
 * Shared pieces of the planner's lever editors (src/domains/<d>/LeverEditor.tsx): the editor's frame (form, Add
 * button, form error, lever list with remove buttons and the core validator's reason beside each), the kind select,
 * the number field, and a hook that validates a lever with the domain's scenario runner before it joins the list —
 * the same check the worker applies, so what the form accepts is what the run accepts.
 */
import { useMemo, useState, type ReactNode } from 'react';
import type { DomainId } from '../core/scenario/types.ts';
import type { LeverEditorProps } from '../domains/types.ts';
import { RUNNERS } from '../core/scenario/runners/index.ts';
import type { CityModel } from '../core/scene/types.ts';
import { dict, type Dict } from '../app/i18n.ts';
import { getModel } from '../app/sceneHolder.ts';
import { useAppStore } from '../state/store.ts';
import type { Lang } from '../state/uiSlice.ts';

/** The runner's reason a lever is invalid, or null (a validator that throws is reported, never rethrown). */
export function validateLeverOf(domain: DomainId, city: CityModel | null, lever: unknown): string | null {
  if (!city) return null;
  try {
    return RUNNERS[domain].validateLever(city, lever);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** Reasons per lever (null when valid), recomputed only when the list changes. */
export function useLeverErrors(
  domain: DomainId,
  city: CityModel | null,
  levers: readonly unknown[],
): (string | null)[] {
  return useMemo(() => levers.map((l) => validateLeverOf(domain, city, l)), [domain, city, levers]);
}

/** The list of a domain's levers, each with its text, its validator reason and a remove button. */
export function LeverList({
  domain,
  levers,
  describe,
  errors,
  disabled,
  onChange,
}: {
  domain: DomainId;
  levers: readonly unknown[];
  describe(lever: unknown): string;
  errors: readonly (string | null)[];
  disabled: boolean;
  onChange(levers: readonly unknown[]): void;
}) {
  const t = dict(useAppStore((s) => s.lang));
  if (levers.length === 0)
    return (
      <p className="muted pl-none" data-testid={`pl-levers-${domain}-none`}>
        {t.plNoLevers}
      </p>
    );
  return (
    <ul className="pl-levers" data-testid={`pl-levers-${domain}`}>
      {levers.map((l, i) => {
        const err = errors[i] ?? null;
        return (
          <li key={i} className={err ? 'pl-lever bad' : 'pl-lever'} data-testid={`pl-lever-${domain}`}>
            <span className="pl-lever-text">{describeSafely(describe, l)}</span>
            <button
              type="button"
              className="btn pl-remove"
              title={t.plRemoveLever}
              aria-label={t.plRemoveLever}
              disabled={disabled}
              data-testid={`pl-remove-${domain}`}
              onClick={() => onChange(levers.filter((_, j) => j !== i))}
            >
              ×
            </button>
            {err && (
              <span className="pl-err" data-testid={`pl-lever-error-${domain}`}>
                {err}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** A lever's text, or its JSON when the describer cannot read it (a lever from an older saved scenario). */
function describeSafely(describe: (lever: unknown) => string, lever: unknown): string {
  try {
    return describe(lever);
  } catch {
    return JSON.stringify(lever);
  }
}

/** A validator or form message beside the field that caused it. */
export function FieldError({ text, testId }: { text: string | null; testId: string }) {
  return text ? (
    <div className="pl-err" role="alert" data-testid={testId}>
      {text}
    </div>
  ) : null;
}

/** `levers` with `lever` appended, or with the lever of the same key replaced (one lever per target). */
export function upsertLever<L>(
  levers: readonly unknown[],
  lever: L,
  key: (l: L) => string | null,
): unknown[] {
  const k = key(lever);
  const i = k === null ? -1 : levers.findIndex((l) => safeKey(key, l as L) === k);
  if (i < 0) return [...levers, lever];
  const out = levers.slice();
  out[i] = lever;
  return out;
}

function safeKey<L>(key: (l: L) => string | null, l: L): string | null {
  try {
    return key(l);
  } catch {
    return null;
  }
}

/** The language, its texts and the live scene's city (re-read when the scene loads) of a lever editor. */
export function useLeverScene(): { lang: Lang; t: Dict; city: CityModel | null } {
  const lang = useAppStore((s) => s.lang);
  useAppStore((s) => s.sceneLoad);
  return { lang, t: dict(lang), city: getModel() };
}

/** A lever editor's state: the reasons per listed lever, the form error, and `commit` to add a built lever. */
export interface LeverForm {
  readonly errors: (string | null)[];
  readonly error: string | null;
  setError(text: string | null): void;
  /**
   * Adds `lever` when the domain's runner accepts it (replacing the lever of the same `key`, when given), else shows
   * `invalidText(reason)`.
   */
  commit<L>(lever: L, invalidText: (why: string) => string, key?: (l: L) => string | null): void;
}

/** The state of a lever editor of `domain` over `levers` (call before any early return: it holds hooks). */
export function useLeverForm(
  domain: DomainId,
  city: CityModel | null,
  levers: readonly unknown[],
  onChange: (levers: readonly unknown[]) => void,
): LeverForm {
  const [error, setError] = useState<string | null>(null);
  const errors = useLeverErrors(domain, city, levers);
  return {
    errors,
    error,
    setError,
    commit(lever, invalidText, key) {
      const why = validateLeverOf(domain, city, lever);
      if (why) return setError(invalidText(why));
      setError(null);
      onChange(key ? upsertLever(levers, lever, key) : [...levers, lever]);
    },
  };
}

/** A lever editor's frame: the kind select, the kind's form fields, the Add button, the form error, the lever list. */
export function LeverEditorFrame<K extends string>({
  domain,
  editor,
  form,
  describe,
  onAdd,
  kindTitle,
  kind,
  kinds,
  labelOf,
  onKind,
  children,
}: {
  domain: DomainId;
  /** The editor's own props: the levers, their setter, disabled while a run is going. */
  editor: LeverEditorProps;
  form: LeverForm;
  describe(lever: unknown): string;
  onAdd(): void;
  /** The kind select's label (default: the planner's "lever"). */
  kindTitle?: string;
  kind: K;
  kinds: readonly K[];
  labelOf(k: NoInfer<K>): string;
  /** A new kind was picked (the form error is cleared after it). */
  onKind(k: NoInfer<K>): void;
  children: ReactNode;
}) {
  const t = dict(useAppStore((s) => s.lang));
  const { levers, onChange, disabled } = editor;
  return (
    <div className="pl-editor" data-testid={`pl-editor-${domain}`}>
      <div className="pl-form">
        <SelectField
          label={kindTitle ?? t.plLeverKind}
          value={kind}
          options={kinds}
          labelOf={labelOf}
          disabled={disabled}
          testId={`pl-${domain}-kind`}
          onChange={(k) => {
            onKind(k);
            form.setError(null);
          }}
        />
        {children}
        <button
          type="button"
          className="btn"
          disabled={disabled}
          data-testid={`pl-${domain}-add`}
          onClick={onAdd}
        >
          {t.plAddLever}
        </button>
        <FieldError text={form.error} testId={`pl-${domain}-error`} />
      </div>
      <LeverList
        domain={domain}
        levers={levers}
        describe={describe}
        errors={form.errors}
        disabled={disabled}
        onChange={onChange}
      />
    </div>
  );
}

/**
 * A select with its label over `options` (strings or numbers); `onChange` gets the option itself, so a number select
 * yields numbers.
 */
export function SelectField<V extends string | number>({
  label,
  value,
  options,
  labelOf,
  titleOf,
  disabled,
  testId,
  onChange,
}: {
  label: string;
  /** null shows the first option without picking it. */
  value: V | null;
  options: readonly NoInfer<V>[];
  labelOf(v: NoInfer<V>): string;
  /** A tooltip per option (e.g. its source). */
  titleOf?: (v: NoInfer<V>) => string;
  disabled: boolean;
  testId?: string;
  onChange(v: NoInfer<V>): void;
}) {
  return (
    <label>
      <span>{label}</span>
      <select
        value={value ?? ''}
        disabled={disabled}
        data-testid={testId}
        onChange={(e) => {
          const v = options.find((o) => String(o) === e.target.value);
          if (v !== undefined) onChange(v);
        }}
      >
        {options.map((o) => (
          <option key={o} value={o} {...(titleOf ? { title: titleOf(o) } : {})}>
            {labelOf(o)}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * A number input with its label (and unit). A cleared field is NaN (the form reports a bad number), or 0 where
 * `blankIsZero` (the traffic lane and green-ratio fields, whose validator then names the range).
 */
export function NumberField({
  label,
  unit,
  value,
  min,
  max,
  step,
  disabled,
  testId,
  blankIsZero = false,
  onChange,
}: {
  label: string;
  unit?: string;
  value: number;
  min: number;
  max: number;
  step: number;
  disabled: boolean;
  testId?: string;
  blankIsZero?: boolean;
  onChange(v: number): void;
}) {
  return (
    <label>
      <span>
        {label}
        {unit ? ` (${unit})` : ''}
      </span>
      <input
        type="number"
        min={min}
        max={max}
        step={step}
        value={Number.isFinite(value) ? value : ''}
        disabled={disabled}
        data-testid={testId}
        onChange={(e) =>
          onChange(e.target.value === '' && !blankIsZero ? Number.NaN : Number(e.target.value))
        }
      />
    </label>
  );
}

/** A range of a number field: min, max, step. */
export type FieldRange = readonly [min: number, max: number, step: number];

/**
 * A maker of a form's NumberFields, one call a field: `num(label, value, set, [min, max, step], testId?, unit?)`
 * (a cleared field is NaN).
 */
export function numberFields(disabled: boolean) {
  return (
    label: string,
    value: number,
    set: (v: number) => void,
    [min, max, step]: FieldRange,
    testId?: string,
    unit?: string,
  ) => (
    <NumberField
      label={label}
      {...(unit !== undefined ? { unit } : {})}
      value={value}
      min={min}
      max={max}
      step={step}
      disabled={disabled}
      {...(testId !== undefined ? { testId } : {})}
      onChange={set}
    />
  );
}
