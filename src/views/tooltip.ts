/**
 * The hover tooltip both views use: one absolutely positioned DOM element per view, written directly (no React
 * render per pointer move). Text comes from selectionAnchor.ts tooltipText (name/id + main value with unit).
 */

/** A tooltip element inside `container` (which must be positioned). */
export interface Tooltip {
  /** Shows `text` with its top-left corner near (x, y), container pixels. */
  show(text: string, x: number, y: number): void;
  hide(): void;
  /** Removes the element. */
  remove(): void;
}

/** Creates a hidden tooltip in `container`, tagged with data-testid `testId`. */
export function createTooltip(container: HTMLElement, testId: string): Tooltip {
  const tip = document.createElement('div');
  tip.className = 'view-tooltip';
  tip.setAttribute('data-testid', testId);
  // Inline style: the tooltip is one element owned here; the app stylesheet need not know about it.
  Object.assign(tip.style, {
    position: 'absolute',
    pointerEvents: 'none',
    zIndex: '5',
    display: 'none',
    padding: '3px 7px',
    borderRadius: '3px',
    font: '12px/1.35 system-ui, sans-serif',
    color: '#e6f0ff',
    background: 'rgba(7,13,24,0.92)',
    border: '1px solid rgba(0,200,220,0.45)',
    whiteSpace: 'nowrap',
  });
  container.appendChild(tip);
  return {
    show(text, x, y) {
      tip.textContent = text;
      tip.style.display = 'block';
      tip.style.left = `${x + 14}px`;
      tip.style.top = `${y + 14}px`;
    },
    hide() {
      tip.style.display = 'none';
    },
    remove() {
      tip.remove();
    },
  };
}
