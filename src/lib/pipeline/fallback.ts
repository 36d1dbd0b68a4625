// When the data cannot train the deep models (too few customers, no repeat purchases), a run falls
// back to what can be computed: BG/NBD with Gamma-Gamma when they fit, else each customer's own
// purchase rate, and says why. Same result shape as the deep pipeline's, without predicted dates.
import { formatDay } from '../data/calendar';
import type { Dataset } from '../data/dataset';
import { meanAmount, spentByEach, type Histories } from '../features/histories';
import { WEEK_DAYS } from '../models/next-purchase/hazard';
import { ownRateForecast, rfmSummary } from '../features/rfm';
import { classicPrediction, type ClassicPrediction } from './classic';
import { autoOrderCount } from './order-count';
import type { PipelineOptions } from './options';
import { segmentOf, type ClvPrediction } from './result';

/** The fewest customers the deep models train on. */
export const MIN_TRAINING_CUSTOMERS = 10;

/** Why these histories cannot train the deep models, or null when they can. */
export function trainingProblem(h: Histories): string | null {
  const n = h.ids.length;
  if (n < MIN_TRAINING_CUSTOMERS) return `only ${n} customer${n === 1 ? '' : 's'} bought on or before the cut-off, and the deep models need at least ${MIN_TRAINING_CUSTOMERS}`;
  let repeaters = 0;
  const days = new Set<number>();
  for (let c = 0; c < n; c++) if (h.start[c + 1] - h.start[c] > 1) repeaters++;
  for (const d of h.day) days.add(d);
  if (days.size < 3) return `all purchases fall on ${days.size === 1 ? `one day (${formatDay(h.day[0])})` : 'two days'}, so there is no time between purchases to learn from`;
  if (repeaters < 2) return `${repeaters === 0 ? 'no customer has' : 'only one customer has'} bought twice, so there is no time between purchases to learn from`;
  return null;
}

/** Poisson quantile: the smallest k with P(X <= k) >= q. */
function poissonQuantile(mean: number, q: number): number {
  let [k, p] = [0, Math.exp(-mean)];
  let cumulative = p;
  while (cumulative < q && k < 1000) {
    k++;
    p *= mean / k;
    cumulative += p;
  }
  return k;
}

/** `h`: the dataset's histories up to the cut-off. */
export function fallbackPrediction(dataset: Dataset, h: Histories, o: PipelineOptions, problem: string): { prediction: ClvPrediction; classic: ClassicPrediction | null; note: string } {
  if (h.ids.length === 0) throw new RangeError(`No customer bought on or before the cut-off ${formatDay(o.cutoffDay)}: there is nothing to predict from.`);
  const rfm = rfmSummary(h);
  const classic = classicPrediction(h, o.horizonDays);
  const n = h.ids.length;
  const H = o.horizonDays;
  const expected = classic?.expectedPurchases ?? ownRateForecast(rfm, H);
  const spendPer = Float64Array.from(h.ids, (_, c) => (dataset.hasAmount ? meanAmount(h, c) : NaN));
  const clv = classic?.clv ?? expected.map((e, c) => e * spendPer[c]);
  const low = expected.map((e) => poissonQuantile(e, 0.1));
  const high = expected.map((e) => poissonQuantile(e, 0.9));
  const orderCount = o.orderCount ?? autoOrderCount(h);
  const pAlive = classic?.pAlive ?? new Float64Array(n).fill(NaN);
  const method = classic ? 'BG/NBD with Gamma-Gamma' : "each customer's own purchase rate";
  const note = `The deep models were not trained: ${problem}. These figures come from ${method} instead; there are no predicted dates.`;
  const nan = () => new Float64Array(n).fill(NaN);
  const totalPurchases = expected.reduce((s, v) => s + v, 0);
  const totalValue = dataset.hasAmount ? clv.reduce((s, v) => s + v, 0) : NaN;
  const prediction: ClvPrediction = {
    cutoffDay: o.cutoffDay,
    horizonDays: H,
    orderCount,
    hasAmount: dataset.hasAmount,
    customers: {
      id: h.ids,
      segment: Array.from(h.ids, (_, c) => segmentOf(h.start[c + 1] - h.start[c], orderCount, pAlive[c])),
      purchases: Int32Array.from(h.ids, (_, c) => h.start[c + 1] - h.start[c]),
      frequency: rfm.frequency, recencyDays: rfm.recencyDays, TDays: rfm.TDays, monetaryValue: rfm.monetaryValue,
      // Without BG/NBD, purchases as a Poisson count with the expected mean: P(at least one) = 1 - exp(-mean).
      pActive: classic?.pActive ?? expected.map((e) => 1 - Math.exp(-e)),
      pAlive,
      // Without BG/NBD, a week's share of the expected purchases, as a Poisson count.
      pWeek: classic?.pWeek ?? expected.map((e) => 1 - Math.exp(-(e * WEEK_DAYS) / H)),
      spent: spentByEach(h),
      expectedPurchases: expected, purchasesLow: low, purchasesHigh: high,
      clv: dataset.hasAmount ? clv : nan(),
      clvLow: dataset.hasAmount ? low.map((k, c) => k * spendPer[c]) : nan(),
      clvHigh: dataset.hasAmount ? high.map((k, c) => k * spendPer[c]) : nan(),
      dates: h.ids.map(() => []),
      amounts: h.ids.map(() => []),
      reason: h.ids.map(() => `no dates without the deep models (${method} used)`),
    },
    daily: {
      day: Int32Array.from({ length: H }, (_, i) => o.cutoffDay + 1 + i),
      engagedPurchases: new Float64Array(H).fill(totalPurchases / H),
      engagedRevenue: new Float64Array(H).fill(totalValue / H),
      newcomerArrivals: new Float64Array(H),
      newcomerRevenue: new Float64Array(H),
    },
    newcomers: { expectedArrivals: 0, expectedRevenue: 0, firstAmount: null },
    training: [],
  };
  return { prediction, classic, note };
}
