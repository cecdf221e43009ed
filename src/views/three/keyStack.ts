/**
 * One column of small keys in the 3D view's top-left corner (under the view label): the overlays that explain what
 * only the 3D view encodes (energy objects, work-order symbols) stack here instead of overlapping each other.
 */

/** The stack inside `container` (created on first use). Keys append themselves and remove themselves on unmount. */
export function keyStack(container: HTMLElement): HTMLElement {
  const found = container.querySelector<HTMLElement>(':scope > [data-testid="three-keys"]');
  if (found) return found;
  const el = document.createElement('div');
  el.setAttribute('data-testid', 'three-keys');
  Object.assign(el.style, {
    position: 'absolute',
    left: '10px',
    top: '36px',
    zIndex: '3',
    pointerEvents: 'none',
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: '4px',
    maxWidth: 'calc(100% - 20px)',
  });
  container.appendChild(el);
  return el;
}

/** A new key box (the shared look: small text on a dark translucent panel) appended to the stack of `container`. */
export function appendKey(container: HTMLElement, testId: string): HTMLElement {
  const el = document.createElement('div');
  el.setAttribute('data-testid', testId);
  Object.assign(el.style, {
    padding: '4px 8px',
    borderRadius: '4px',
    font: '11px/1.45 system-ui, sans-serif',
    color: '#a9bdd9',
    background: 'rgba(7,13,24,0.78)',
    border: '1px solid rgba(31,53,83,0.9)',
    maxWidth: '100%',
    whiteSpace: 'normal',
  });
  keyStack(container).appendChild(el);
  return el;
}
