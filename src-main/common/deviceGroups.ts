/**
 * Device order (DESIGN.md §4): devices of equal `order` form a concurrent group (redundant power
 * supplies), groups are tried in ascending order, and within a group the document order is kept.
 * The one rule the planner, the orchestrator, power judgements and every view group devices by.
 */

/** Anything that carries a device's `order`: a device, a device plan, a device's power. */
export interface Ordered {
  order: number
}

/** One group of equal order. */
export interface OrderGroup<T extends Ordered> {
  order: number
  /** In document order. */
  members: T[]
}

/** The items sorted by order, equal orders keeping the order given (a copy). */
export function inOrder<T extends Ordered>(items: readonly T[]): T[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => a.item.order - b.item.order || a.index - b.index)
    .map(({ item }) => item)
}

/** The items grouped by equal order, groups ascending, members in the order given. */
export function groupByOrder<T extends Ordered>(items: readonly T[]): OrderGroup<T>[] {
  const groups: OrderGroup<T>[] = []
  for (const item of inOrder(items)) {
    const last = groups[groups.length - 1]
    if (last && last.order === item.order) last.members.push(item)
    else groups.push({ order: item.order, members: [item] })
  }
  return groups
}
