/**
 * Loads scenes/indicators/index.json and the chosen configuration over HTTP, parsed at the edge
 * (src/core/indicators/parse.ts): loading → ready | error (a bad file shows its parse errors, never crashes).
 */
import { useEffect, useState } from 'react';
import {
  formatParseErrors,
  parseIndicatorConfigText,
  parseIndicatorIndex,
} from '../../core/indicators/parse.ts';
import type { IndicatorConfig, IndicatorIndexEntry } from '../../core/indicators/types.ts';

/** Where the configurations are served (mock-server serves scenes/ under /scenes/). */
export const INDICATOR_BASE_URL = '/scenes/indicators';

/** A load state: loading, loaded, or failed with a file and lines of reasons. */
export type Load<T> =
  | { readonly phase: 'loading' }
  | { readonly phase: 'ready'; readonly value: T }
  | {
      readonly phase: 'error';
      readonly file: string;
      readonly lines: readonly string[];
      readonly parse: boolean;
    };

async function fetchText(url: string): Promise<string> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.text();
}

/** The index of configurations. */
export function useIndicatorIndex(): Load<readonly IndicatorIndexEntry[]> {
  const [state, setState] = useState<Load<readonly IndicatorIndexEntry[]>>({ phase: 'loading' });
  useEffect(() => {
    let live = true;
    const file = 'scenes/indicators/index.json';
    fetchText(`${INDICATOR_BASE_URL}/index.json`)
      .then((text) => {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch (e) {
          if (live)
            setState({ phase: 'error', file, lines: [`$: not JSON: ${(e as Error).message}`], parse: true });
          return;
        }
        const r = parseIndicatorIndex(json, file);
        if (!live) return;
        setState(
          r.ok
            ? { phase: 'ready', value: r.value }
            : { phase: 'error', file, lines: formatParseErrors(r.errors), parse: true },
        );
      })
      .catch((e: unknown) => {
        if (live) setState({ phase: 'error', file, lines: [(e as Error).message], parse: false });
      });
    return () => {
      live = false;
    };
  }, []);
  return state;
}

/** One configuration file (null entry → stays loading). */
export function useIndicatorConfig(entry: IndicatorIndexEntry | null): Load<IndicatorConfig> {
  const [state, setState] = useState<{ key: string; load: Load<IndicatorConfig> }>({
    key: '',
    load: { phase: 'loading' },
  });
  const key = entry?.file ?? '';
  useEffect(() => {
    if (!entry) return;
    let live = true;
    const file = `scenes/indicators/${entry.file}`;
    fetchText(`${INDICATOR_BASE_URL}/${entry.file}`)
      .then((text) => {
        const r = parseIndicatorConfigText(text, file);
        if (!live) return;
        setState({
          key: entry.file,
          load: r.ok
            ? { phase: 'ready', value: r.value }
            : { phase: 'error', file, lines: formatParseErrors(r.errors), parse: true },
        });
      })
      .catch((e: unknown) => {
        if (live)
          setState({
            key: entry.file,
            load: { phase: 'error', file, lines: [(e as Error).message], parse: false },
          });
      });
    return () => {
      live = false;
    };
  }, [entry]);
  return state.key === key ? state.load : { phase: 'loading' };
}
