// Newcomers over time: first purchases per bucket (and their value) in the data, and the predicted
// arrivals of the horizon; with the purchases of returning customers, for the newcomer rate.
import { bucketOf, type Buckets } from './buckets';
import type { Joined } from './customers';

export interface NewcomerSeries {
  newcomers: Float64Array;
  newcomerValue: Float64Array;
  returning: Float64Array;
  /** Whether each bucket's figures are predicted (after the cut-off) rather than actual. */
  predicted: boolean[];
}

export function newcomerSeries(j: Joined, b: Buckets): NewcomerSeries {
  const { dataset: d, prediction: p } = j;
  const n = b.start.length;
  const out: NewcomerSeries = { newcomers: new Float64Array(n), newcomerValue: new Float64Array(n), returning: new Float64Array(n), predicted: Array.from(b.start, (s) => s > p.cutoffDay) };
  for (let c = 0; c < d.customerIds.length; c++) {
    for (let i = d.customerStart[c]; i < d.customerStart[c + 1]; i++) {
      const day = d.purchaseDay[i];
      const k = bucketOf(b, day);
      if (k < 0 || day > p.cutoffDay) continue;
      if (i === d.customerStart[c]) {
        out.newcomers[k]++;
        out.newcomerValue[k] += d.hasAmount ? d.purchaseAmount[i] : 0;
      } else out.returning[k]++;
    }
  }
  for (let t = 0; t < p.horizonDays; t++) {
    const k = bucketOf(b, p.daily.day[t]);
    if (k < 0) continue;
    out.newcomers[k] += p.daily.newcomerArrivals[t];
    out.newcomerValue[k] += p.hasAmount ? p.daily.newcomerRevenue[t] : 0;
    out.returning[k] += p.daily.engagedPurchases[t];
  }
  return out;
}
