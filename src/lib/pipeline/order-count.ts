// order_count: the amount model's window is order_count - 1 purchases, and customers with fewer than
// order_count purchases are newcomers. Automatic rule, as the original: the largest count that at
// least 75% of customers reach, and at least 5.
import type { Histories } from '../features/histories';

export const ORDER_COUNT_MIN = 5;
export const ORDER_COUNT_SHARE = 0.75;

export function autoOrderCount(h: Histories): number {
  const counts = Array.from({ length: h.ids.length }, (_, c) => h.start[c + 1] - h.start[c]).sort((a, b) => b - a);
  if (!counts.length) return ORDER_COUNT_MIN;
  // The count reached by the customer at the 75% position, when sorted from most to fewest purchases.
  const reached = counts[Math.min(counts.length - 1, Math.ceil(counts.length * ORDER_COUNT_SHARE) - 1)];
  return Math.max(ORDER_COUNT_MIN, reached);
}
