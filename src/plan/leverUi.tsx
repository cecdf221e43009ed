/**
 * Shared pieces of the planner's lever editors (src/domains/<d>/LeverEditor.tsx): the list of a domain's levers with
 * remove buttons and the core validator's reason beside each, and a hook that validates a lever with the domain's
 * scenario runner — the same check the worker applies, so what the form accepts is what the run accepts.
 */
import { useMemo } from 'react';
import type { DomainId } from '../core/scenario/types.ts';
import { RUNNERS } from '../core/scenario/runners/index.ts';
import type { CityModel } from '../core/scene/types.ts';
import { dict } from '../app/i18n.ts';
import { useAppStore } from '../state/store.ts';

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
            <span className="pl-lever-text">{describe(l)}</span>
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
