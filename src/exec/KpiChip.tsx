/**
 * A KPI value shown as words through its plugin's `format` (src/domains/types.ts LiveKpiDef.format), e.g. an alert
 * level as "红色 Ⅰ级" on the warning colour: a chip when the display has a colour, plain text otherwise.
 */
import type { KpiDisplay } from '../domains/types.ts';
import type { Lang } from '../state/uiSlice.ts';

/** The chip (or plain words). `className` adds to `ex-chip`. */
export function KpiChip({ d, lang, className }: { d: KpiDisplay; lang: Lang; className?: string }) {
  const cls = `ex-chip${d.color === undefined ? ' plain' : ''}${className ? ` ${className}` : ''}`;
  return (
    <span
      className={cls}
      data-testid="ex-chip"
      // Inline (not only exec.css): the wall shows the same chip.
      style={
        d.color === undefined
          ? undefined
          : { background: d.color, color: d.ink ?? '#ffffff', padding: '0 0.35em', borderRadius: '0.25em' }
      }
    >
      {d.text[lang]}
    </span>
  );
}
