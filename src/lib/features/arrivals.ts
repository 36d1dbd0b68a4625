// Newcomer arrivals: the daily count of first purchases from the first day of the data to the
// cut-off, with days without arrivals as zeros (the original left them out).
import type { Histories } from './histories';

export interface DailyArrivals {
  firstDay: number;
  /** counts[i] = customers whose first purchase is on firstDay + i. */
  counts: Float64Array;
}

export function dailyArrivals(h: Histories): DailyArrivals {
  const counts = new Float64Array(Math.max(h.cutoffDay - h.firstDay + 1, 0));
  for (let c = 0; c + 1 < h.start.length; c++) counts[h.day[h.start[c]] - h.firstDay]++;
  return { firstDay: h.firstDay, counts };
}

/** Amounts of each customer's first purchase (the newcomers' amounts when they arrived). */
export function firstPurchaseAmounts(h: Histories): Float64Array {
  const out = new Float64Array(h.ids.length);
  for (let c = 0; c < h.ids.length; c++) out[c] = h.amount[h.start[c]];
  return out;
}
