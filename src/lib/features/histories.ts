// Customer purchase histories up to a cut-off day: the dataset's purchases (distinct customer-days)
// restricted to day <= cutoff, in the same CSR layout. Pure arithmetic on typed arrays.
import type { Dataset } from '../data/dataset';

export interface Histories {
  /** Customer ids with at least one purchase on or before the cut-off, in dataset order. */
  ids: string[];
  /** Purchases of customer c are [start[c], start[c + 1]). */
  start: Int32Array;
  day: Int32Array;
  /** NaN when the data has no amount. */
  amount: Float64Array;
  hasAmount: boolean;
  cutoffDay: number;
  firstDay: number;
}

/** The purchase columns of a dataset, or of histories restated in the same terms. */
type Purchases = Pick<Dataset, 'customerIds' | 'customerStart' | 'purchaseDay' | 'purchaseAmount' | 'hasAmount'>;

export function historiesUpTo(dataset: Purchases, cutoffDay: number): Histories {
  const { customerStart, purchaseDay, purchaseAmount } = dataset;
  const customers = dataset.customerIds.length;
  const ids: string[] = [];
  const starts: number[] = [0];
  let firstDay = cutoffDay;
  const days: number[] = [];
  const amounts: number[] = [];
  for (let c = 0; c < customers; c++) {
    let kept = 0;
    for (let i = customerStart[c]; i < customerStart[c + 1] && purchaseDay[i] <= cutoffDay; i++) {
      days.push(purchaseDay[i]);
      amounts.push(purchaseAmount[i]);
      kept++;
    }
    if (kept > 0) {
      firstDay = Math.min(firstDay, purchaseDay[customerStart[c]]);
      ids.push(dataset.customerIds[c]);
      starts.push(days.length);
    }
  }
  return {
    ids,
    start: Int32Array.from(starts),
    day: Int32Array.from(days),
    amount: Float64Array.from(amounts),
    hasAmount: dataset.hasAmount,
    cutoffDay,
    firstDay,
  };
}


/** The same histories with purchases after `cutoffDay` removed (customers left with none drop out). */
export function truncateHistories(h: Histories, cutoffDay: number): Histories {
  return historiesUpTo({ customerIds: h.ids, customerStart: h.start, purchaseDay: h.day, purchaseAmount: h.amount, hasAmount: h.hasAmount }, cutoffDay);
}

/** What a customer spent in the histories (NaN without amounts). */
export function spentBy(h: Histories, c: number): number {
  let sum = 0;
  for (let i = h.start[c]; i < h.start[c + 1]; i++) sum += h.amount[i];
  return sum;
}

/** Mean amount of a customer's purchases in the histories. */
export const meanAmount = (h: Histories, c: number) => spentBy(h, c) / (h.start[c + 1] - h.start[c]);

/** What each customer spent up to the cut-off: their historical value. */
export const spentByEach = (h: Histories) => Float64Array.from(h.ids, (_, c) => spentBy(h, c));
