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

export function join(dataset: Dataset, prediction: ClvPrediction): Joined {
  const index = customerIndex(dataset);
  const datasetIndex = Int32Array.from(prediction.customers.id, (id) => {
    const i = index.get(id);
    if (i === undefined) throw new Error(`Customer "${id}" of the prediction is not in its dataset.`);
    return i;
  });
  const value = valueOf(prediction);
  const byValue = Int32Array.from(value.keys()).sort((a, b) => value[b] - value[a] || (prediction.customers.id[a] < prediction.customers.id[b] ? -1 : 1));
  return { dataset, prediction, datasetIndex, byValue };
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
