// A run's customers joined to the dataset by id, with their purchase history and predicted purchases,
// and the orders the dashboard filters and sorts by.
import { customerIndex, type Dataset } from '../data/dataset';
import type { ClvPrediction } from '../pipeline/result';

export interface Joined {
  dataset: Dataset;
  prediction: ClvPrediction;
  /** Dataset index of each predicted customer. */
  datasetIndex: Int32Array;
  /** Customers by value (CLV, or expected purchases without amounts), highest first. */
  byValue: Int32Array;
}

/** The value the dashboard ranks customers by: CLV, or expected purchases when there are no amounts. */
export const valueOf = (p: ClvPrediction) => (p.hasAmount ? p.customers.clv : p.customers.expectedPurchases);

/**
 * On the page when a run opens: with 100,000 customers a map of the ids and a sort with a comparator
 * took 280-1,750 ms of one task (Node, loaded machine); a walk and typed-array sorts take a fraction.
 */
export function join(dataset: Dataset, prediction: ClvPrediction): Joined {
  const ids = prediction.customers.id;
  return { dataset, prediction, datasetIndex: datasetIndexOf(dataset, ids), byValue: byValueOf(valueOf(prediction), ids) };
}

/** A walk when the prediction keeps the dataset's order of customers (a run's always does), else a map. */
function datasetIndexOf(dataset: Dataset, ids: string[]): Int32Array {
  const all = dataset.customerIds;
  const out = new Int32Array(ids.length);
  for (let k = 0, i = 0; k < ids.length; k++, i++) {
    while (i < all.length && all[i] !== ids[k]) i++;
    if (i === all.length) {
      const index = customerIndex(dataset);
      return Int32Array.from(ids, (id) => {
        const c = index.get(id);
        if (c === undefined) throw new Error(`Customer "${id}" of the prediction is not in its dataset.`);
        return c;
      });
    }
    out[k] = i;
  }
  return out;
}

/** Customers by value, highest first, equal values by id: each placed by binary search in the sorted values. */
function byValueOf(value: ArrayLike<number>, ids: string[]): Int32Array {
  const n = value.length;
  const byId = (a: number, b: number) => (ids[a] < ids[b] ? -1 : 1);
  const sorted = Float64Array.from(value).sort();
  if (n > 0 && Number.isNaN(sorted[n - 1])) return Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => value[b] - value[a] || byId(a, b));
  /** Index of the first sorted value above v. */
  const above = (v: number) => {
    let [lo, hi] = [0, n];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  // Equal values share the places from n - above(v) on, in the order of their indices for now.
  const out = new Int32Array(n);
  const taken = new Int32Array(n);
  const tied: number[] = [];
  for (let i = 0; i < n; i++) {
    const first = n - above(value[i]);
    if (taken[first] === 1) tied.push(first);
    out[first + taken[first]++] = i;
  }
  for (const first of tied) out.subarray(first, first + taken[first]).sort(byId);
  return out;
}

/** Top or bottom `n` customers by value (indices into the prediction), or null for all. */
export function group(j: Joined, which: 'all' | 'top' | 'bottom', n = 100): Int32Array | null {
  if (which === 'all') return null;
  return which === 'top' ? j.byValue.slice(0, n) : j.byValue.slice(Math.max(0, j.byValue.length - n)).reverse();
}

/** A customer's purchases: actual ones (all the data has, also after the cut-off) and predicted ones. */
export function purchasesOf(j: Joined, c: number): { actualDays: Int32Array; actualAmounts: Float64Array; predictedDays: number[]; predictedAmounts: number[] } {
  const d = j.datasetIndex[c];
  const [s, e] = [j.dataset.customerStart[d], j.dataset.customerStart[d + 1]];
  return {
    actualDays: j.dataset.purchaseDay.subarray(s, e),
    actualAmounts: j.dataset.purchaseAmount.subarray(s, e),
    predictedDays: j.prediction.customers.dates[c],
    predictedAmounts: j.prediction.customers.amounts[c],
  };
}
