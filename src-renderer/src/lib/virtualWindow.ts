// Which rows of a long list of fixed-height rows a virtual list renders, and where to scroll so a
// row is in view: the arithmetic of components/common/VirtualList.vue, apart so it can be tested.

/** The rows to render: `start` (inclusive) to `end` (exclusive). */
export interface VirtualWindow {
  start: number
  end: number
}

/**
 * The rows that intersect the viewport, plus `overscan` rows on each side (so a keyboard step or a
 * short scroll never shows a blank row before the next render).
 */
export function virtualWindow(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  count: number,
  overscan: number,
): VirtualWindow {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 }
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight)
  const last = Math.ceil((Math.max(0, scrollTop) + Math.max(0, viewportHeight)) / rowHeight)
  const start = Math.max(0, Math.min(count, first) - overscan)
  const end = Math.min(count, last + overscan)
  return { start, end: Math.max(start, end) }
}

/**
 * The scroll position that brings row `index` fully into view with the least movement (none when
 * it is already visible).
 */
export function scrollToReveal(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  index: number,
): number {
  const top = index * rowHeight
  const bottom = top + rowHeight
  if (top < scrollTop) return top
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight)
  return scrollTop
}
