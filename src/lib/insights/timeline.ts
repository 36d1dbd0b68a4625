// Revenue (or purchases, without amounts) per period bucket: actual from the data, predicted for the
// horizon (engaged customers' expected values, newcomers apart). For a group of customers the
// prediction is their most likely purchase dates and amounts; `mean` divides by the group's size.
import { bucketOf, buckets, type Buckets, type Period } from './buckets';
import type { Joined } from './customers';

export interface Timeline {
  buckets: Buckets;
  unit: 'revenue' | 'purchases';
  /** Bucket holding the cut-off. */
  cutoffBucket: number;
  actual: Float64Array;
  predicted: Float64Array;
  newcomers: Float64Array;
}

/** The buckets of the dashboard's series: from the first purchase to the end of the horizon. */
export const timelineBuckets = ({ dataset: d, prediction: p }: Joined, period: Period): Buckets => buckets(period, d.summary.firstDay, Math.max(p.cutoffDay + p.horizonDays, d.summary.lastDay));

export function timeline(j: Joined, period: Period, customers: Int32Array | null, mean: boolean): Timeline {
  const { dataset: d, prediction: p } = j;
  const b = timelineBuckets(j, period);
  const n = b.start.length;
  const unit = p.hasAmount ? 'revenue' : 'purchases';
  const [actual, predicted, newcomers] = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  const add = (series: Float64Array, day: number, value: number) => {
    const i = bucketOf(b, day);
    if (i >= 0) series[i] += value;
  };
  const amount = (v: number) => (unit === 'revenue' ? v : 1);
  if (customers === null) {
    for (let i = 0; i < d.purchaseDay.length; i++) add(actual, d.purchaseDay[i], amount(d.purchaseAmount[i]));
    for (let k = 0; k < p.horizonDays; k++) {
      add(predicted, p.daily.day[k], unit === 'revenue' ? p.daily.engagedRevenue[k] : p.daily.engagedPurchases[k]);
      add(newcomers, p.daily.day[k], unit === 'revenue' ? p.daily.newcomerRevenue[k] : p.daily.newcomerArrivals[k]);
    }
  } else {
    for (const c of customers) {
      const dc = j.datasetIndex[c];
      for (let i = d.customerStart[dc]; i < d.customerStart[dc + 1]; i++) add(actual, d.purchaseDay[i], amount(d.purchaseAmount[i]));
      p.customers.dates[c].forEach((day, k) => add(predicted, day, amount(p.customers.amounts[c][k])));
    }
  }
  if (mean) {
    const size = customers?.length ?? p.customers.id.length;
    for (const s of [actual, predicted, newcomers]) for (let i = 0; i < n; i++) s[i] /= Math.max(size, 1);
  }
  return { buckets: b, unit, cutoffBucket: bucketOf(b, p.cutoffDay), actual, predicted, newcomers };
}
