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
