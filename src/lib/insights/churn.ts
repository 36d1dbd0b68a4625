// Churned customers over time: a customer has churned on a day when they bought before but not in
// the `windowDays` before it (a year by default: the window of P(alive), so a customer at risk is one
// more likely than not to count as churned a year after the cut-off). Up to the cut-off this counts
// the purchases in the data. After it, the figures are expected values: each customer's probability
// of buying in the horizon (the prediction's, the same that decides who is at risk) spread evenly
// over the horizon's days.
import { ALIVE_WINDOW_DAYS } from '../models/next-purchase/hazard';
import { bucketLastDay, type Buckets } from './buckets';
import type { Joined } from './customers';

export interface ChurnSeries {
  /** At the last day of each bucket: customers with a purchase so far, active, churned. */
  acquired: Float64Array;
  active: Float64Array;
  churned: Float64Array;
}

export function churnSeries(j: Joined, b: Buckets, windowDays = ALIVE_WINDOW_DAYS): ChurnSeries {
  const { dataset: d, prediction: p } = j;
  const { cutoffDay, horizonDays } = p;
  const first = b.start[0];
  const span = b.end - first + 1;
  const activeDiff = new Int32Array(span + 1);
  const acquiredDiff = new Int32Array(span + 1);
  const at = (day: number) => Math.min(Math.max(day - first, 0), span);
  const n = p.customers.id.length;
  /** Last purchase up to the cut-off; NONE for a customer without one (not acquired yet). */
  const NONE = 2 ** 31 - 1;
  const lastDay = new Int32Array(n).fill(NONE);
  for (let c = 0; c < n; c++) {
    const dc = j.datasetIndex[c];
    const [s, e] = [d.customerStart[dc], d.customerStart[dc + 1]];
    if (s === e || d.purchaseDay[s] > cutoffDay) continue;
    acquiredDiff[at(d.purchaseDay[s])]++;
    // Active from each purchase for windowDays; overlapping windows merge into one interval.
    let [start, stop] = [d.purchaseDay[s], d.purchaseDay[s] + windowDays];
    let i = s + 1;
    for (; i < e && d.purchaseDay[i] <= cutoffDay; i++) {
      if (d.purchaseDay[i] <= stop) stop = d.purchaseDay[i] + windowDays;
      else {
        activeDiff[at(start)]++;
        activeDiff[at(stop)]--;
        [start, stop] = [d.purchaseDay[i], d.purchaseDay[i] + windowDays];
      }
    }
    activeDiff[at(start)]++;
    activeDiff[at(stop)]--;
    lastDay[c] = d.purchaseDay[i - 1];
  }
  // After the cut-off: those whose last purchase left them active count as such; the others buy in
  // (max(cut-off, t - window), t] with their horizon probability times that stretch's share of it.
  // Summed by last day (no sort: 100,000 customers must stay well within a frame): silentBefore[k]
  // is the sum over customers whose last purchase is before day minLast + k.
  const minLast = lastDay.reduce((m, v) => Math.min(m, v), cutoffDay);
  const silentBefore = new Float64Array(cutoffDay - minLast + 2);
  for (let c = 0; c < n; c++) if (lastDay[c] !== NONE) silentBefore[lastDay[c] - minLast + 1] += p.customers.pActive[c];
  for (let k = 1; k < silentBefore.length; k++) silentBefore[k] += silentBefore[k - 1];
  const expectedReturns = (t: number) => {
    const share = Math.max(0, Math.min(t, cutoffDay + horizonDays) - Math.max(cutoffDay, t - windowDays)) / horizonDays;
    return silentBefore[Math.min(Math.max(t - windowDays - minLast, 0), silentBefore.length - 1)] * share;
  };
  const buckets = b.start.length;
  const out: ChurnSeries = { acquired: new Float64Array(buckets), active: new Float64Array(buckets), churned: new Float64Array(buckets) };
  let [active, acquired, pos] = [0, 0, 0];
  for (let i = 0; i < buckets; i++) {
    const day = bucketLastDay(b, i);
    for (; pos <= at(day); pos++) [active, acquired] = [active + activeDiff[pos], acquired + acquiredDiff[pos]];
    const expected = day > cutoffDay ? active + expectedReturns(day) : active;
    [out.acquired[i], out.active[i], out.churned[i]] = [acquired, expected, acquired - expected];
  }
  return out;
}
