/**
 * Screen-space label declutter: greedy placement in priority order, as map label engines do for point labels
 * (Christensen, Marks & Shieber 1995, "An empirical study of algorithms for point-feature label placement", ACM TOG
 * 14(3): the greedy method keeps each label, most important first, whose box overlaps no label already kept).
 * Used by the map's shelter labels ("occupants/capacity"), which pile up over the city when zoomed out. Pure.
 */

/**
 * Marks in `keep` (1 = shown) the labels to draw: label i is the box centred at (cxPx[i], cyPx[i]) with half sizes
 * (halfWPx[i], halfHPx[i]) in screen pixels; `order` lists label indices most important first; boxes closer than
 * `gapPx` count as overlapping. A label with a non-finite centre (behind the camera) is never kept. The first
 * `fixedCount` entries of `order` are kept whatever they overlap (obstacles: the symbols the labels belong to), and two
 * boxes of the same `group` (a symbol and its own label) never collide. Returns how many were kept. O(n·k) for n
 * labels and k kept — meant for tens to a few hundred labels, not thousands.
 */
export function declutterLabels(
  cxPx: ArrayLike<number>,
  cyPx: ArrayLike<number>,
  halfWPx: ArrayLike<number>,
  halfHPx: ArrayLike<number>,
  order: ArrayLike<number>,
  gapPx: number,
  keep: Uint8Array,
  fixedCount = 0,
  group?: ArrayLike<number>,
): number {
  keep.fill(0);
  const kept: number[] = [];
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    const x = cxPx[i] as number;
    const y = cyPx[i] as number;
    if (!(Number.isFinite(x) && Number.isFinite(y))) continue;
    const w = (halfWPx[i] as number) + gapPx / 2;
    const h = (halfHPx[i] as number) + gapPx / 2;
    let free = true;
    for (const j of k < fixedCount ? [] : kept) {
      if (group !== undefined && group[i] === group[j]) continue;
      if (
        Math.abs(x - (cxPx[j] as number)) < w + (halfWPx[j] as number) + gapPx / 2 &&
        Math.abs(y - (cyPx[j] as number)) < h + (halfHPx[j] as number) + gapPx / 2
      ) {
        free = false;
        break;
      }
    }
    if (free) {
      kept.push(i);
      keep[i] = 1;
    }
  }
  return kept.length;
}
