// Churned customers over time: a customer has churned on a day when they bought before but not in
// the `windowDays` before it (a year by default, the P(alive) horizon). Up to the cut-off this uses
// the purchases in the data; after it, each customer's most likely predicted purchases.
import { bucketLastDay, type Buckets } from './buckets';
import type { Joined } from './customers';

export interface ChurnSeries {
  /** At the last day of each bucket: customers with a purchase so far, active, churned. */
  acquired: Float64Array;
  active: Float64Array;
  churned: Float64Array;
}

export function churnSeries(j: Joined, b: Buckets, windowDays = 365): ChurnSeries {
  const { dataset: d, prediction: p } = j;
  const first = b.start[0];
  const span = b.end - first + 1;
  const activeDiff = new Int32Array(span + 1);
  const acquiredDiff = new Int32Array(span + 1);
  const at = (day: number) => Math.min(Math.max(day - first, 0), span);
  for (let c = 0; c < p.customers.id.length; c++) {
    const dc = j.datasetIndex[c];
    const days: number[] = [];
    for (let i = d.customerStart[dc]; i < d.customerStart[dc + 1] && d.purchaseDay[i] <= p.cutoffDay; i++) days.push(d.purchaseDay[i]);
    days.push(...p.customers.dates[c]);
    if (!days.length) continue;
    acquiredDiff[at(days[0])]++;
    // Active from each purchase for windowDays; overlapping windows merge into one interval.
    let [start, stop] = [days[0], days[0] + windowDays];
    for (let k = 1; k <= days.length; k++) {
      if (k < days.length && days[k] <= stop) {
        stop = days[k] + windowDays;
        continue;
      }
      activeDiff[at(start)]++;
      activeDiff[at(stop)]--;
      if (k < days.length) [start, stop] = [days[k], days[k] + windowDays];
    }
  }
  const n = b.start.length;
  const out: ChurnSeries = { acquired: new Float64Array(n), active: new Float64Array(n), churned: new Float64Array(n) };
  let [active, acquired, pos] = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const last = at(bucketLastDay(b, i));
    for (; pos <= last; pos++) [active, acquired] = [active + activeDiff[pos], acquired + acquiredDiff[pos]];
    [out.acquired[i], out.active[i], out.churned[i]] = [acquired, active, acquired - active];
  }
  return out;
}
