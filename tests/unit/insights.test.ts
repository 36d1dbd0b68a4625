// The dashboard's figures from a small hand-made dataset and prediction, checked by hand.
import { describe, expect, it } from 'vitest';
import { dayFromCivil, formatDay } from '../../src/lib/data/calendar';
import type { Dataset } from '../../src/lib/data/dataset';
import { bucketOf, buckets } from '../../src/lib/insights/buckets';
import { churnSeries } from '../../src/lib/insights/churn';
import { group, join } from '../../src/lib/insights/customers';
import { newcomerSeries } from '../../src/lib/insights/newcomers';
import { histogram, valueSegments } from '../../src/lib/insights/segments';
import { timeline } from '../../src/lib/insights/timeline';
import { verdict } from '../../src/lib/insights/verdict';
import type { BacktestResult } from '../../src/lib/pipeline/backtest';
import { headline } from '../../src/lib/pipeline/headline';
import { segmentOf, type ClvPrediction } from '../../src/lib/pipeline/result';
import { seededRandom } from '../../src/lib/util/random';

const D = (iso: string) => dayFromCivil(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
const CUTOFF = D('2024-03-31');

// A: 3 purchases in Jan-Mar; B: one in January; C: first purchase after the cut-off (a newcomer in the data).
const dataset: Dataset = {
  customerIds: ['A', 'B', 'C'],
  customerStart: Int32Array.of(0, 3, 4, 5),
  purchaseDay: Int32Array.of(D('2024-01-05'), D('2024-02-10'), D('2024-03-20'), D('2024-01-15'), D('2024-04-10')),
  purchaseAmount: Float64Array.of(10, 20, 30, 5, 7),
  hasAmount: true,
  summary: { rows: 5, customers: 3, purchases: 5, firstDay: D('2024-01-05'), lastDay: D('2024-04-10'), revenue: 72, purchasesPerCustomer: [2, 0, 1] },
};

const H = 30;
const prediction = {
  cutoffDay: CUTOFF,
  horizonDays: H,
  orderCount: 2,
  hasAmount: true,
  customers: {
    id: ['B', 'A'],
    segment: ['at risk', 'engaged'],
    pActive: Float64Array.of(0.2, 0.9),
    // B: unlikely to buy in the 30-day horizon, likely to within a year.
    pAlive: Float64Array.of(0.6, 0.95),
    clv: Float64Array.of(3, 40),
    expectedPurchases: Float64Array.of(0.2, 1.6),
    dates: [[], [D('2024-04-15'), D('2024-04-25')]],
    amounts: [[], [25, 15]],
  },
  daily: {
    day: Int32Array.from({ length: H }, (_, i) => CUTOFF + 1 + i),
    engagedPurchases: new Float64Array(H).fill(1.8 / H),
    engagedRevenue: new Float64Array(H).fill(43 / H),
    newcomerArrivals: new Float64Array(H).fill(0.1),
    newcomerRevenue: new Float64Array(H).fill(0.5),
  },
} as unknown as ClvPrediction;

const j = join(dataset, prediction);

describe('dashboard figures', () => {
  it('buckets by month and by weeks that start on Monday', () => {
    const m = buckets('month', D('2024-01-05'), D('2024-04-30'));
    expect(m.label).toEqual(['2024-01', '2024-02', '2024-03', '2024-04']);
    expect(bucketOf(m, D('2024-02-29'))).toBe(1);
    expect(bucketOf(m, D('2024-05-01'))).toBe(-1);
    const w = buckets('week', D('2024-01-05'), D('2024-01-20'));
    expect(w.label).toEqual(['2024-01-01', '2024-01-08', '2024-01-15']);
  });

  it('joins customers by id and ranks them by value', () => {
    expect(Array.from(j.datasetIndex)).toEqual([1, 0]);
    expect(Array.from(j.byValue)).toEqual([1, 0]);
    expect(Array.from(group(j, 'top', 1)!)).toEqual([1]);
    expect(Array.from(group(j, 'bottom', 1)!)).toEqual([0]);
    expect(group(j, 'all')).toBeNull();
  });

  it('joins 20,000 customers as a map and a comparator sort would: ties by id, -0 and 0 equal, any order of ids', () => {
    const random = seededRandom(3);
    const n = 20_000;
    const ids = Array.from({ length: n }, (_, c) => `c${Math.floor(random() * 1e9).toString(36)}-${c}`);
    // Many ties: a third worth 0 (some -0), the rest on a coarse grid.
    const clv = Float64Array.from({ length: n }, () => (random() < 0.33 ? (random() < 0.5 ? -0 : 0) : Math.round(random() * 50) / 2));
    const many: Dataset = { ...dataset, customerIds: ids };
    const reference = (order: string[], value: Float64Array) => {
      const index = new Map(ids.map((id, i) => [id, i]));
      const byValue = Array.from(value.keys()).sort((a, b) => value[b] - value[a] || (order[a] < order[b] ? -1 : 1));
      return { datasetIndex: order.map((id) => index.get(id)), byValue };
    };
    // A run's prediction keeps the dataset's order, here every other customer; then a shuffled one.
    const kept = ids.filter((_, i) => i % 2 === 0);
    const shuffled = [...kept].sort(() => random() - 0.5);
    for (const order of [kept, shuffled]) {
      const value = clv.subarray(0, order.length);
      const joined = join(many, { ...prediction, customers: { ...prediction.customers, id: order, clv: value } });
      const want = reference(order, value);
      expect(Array.from(joined.datasetIndex)).toEqual(want.datasetIndex);
      expect(Array.from(joined.byValue)).toEqual(want.byValue);
    }
    expect(() => join(many, { ...prediction, customers: { ...prediction.customers, id: ['nobody'], clv: Float64Array.of(1) } })).toThrow('Customer "nobody" of the prediction is not in its dataset.');
  });

  it('adds up actual and predicted revenue per month, for everyone and for a group', () => {
    const all = timeline(j, 'month', null, false);
    expect(all.buckets.label).toEqual(['2024-01', '2024-02', '2024-03', '2024-04']);
    expect(Array.from(all.actual)).toEqual([15, 20, 30, 7]);
    expect(all.cutoffBucket).toBe(2);
    expect(all.predicted[3]).toBeCloseTo(43, 9);
    expect(all.newcomers[3]).toBeCloseTo(15, 9);
    const top = timeline(j, 'month', group(j, 'top', 1), false);
    expect(Array.from(top.actual)).toEqual([10, 20, 30, 0]);
    expect(Array.from(top.predicted)).toEqual([0, 0, 0, 40]);
    const mean = timeline(j, 'month', null, true);
    expect(mean.actual[0]).toBe(7.5);
  });

  it('counts churned customers: no purchase in the window before the day; after the cut-off, expected from P(buys in the horizon)', () => {
    const b = buckets('month', D('2024-01-05'), D('2024-04-30'));
    const c = churnSeries(j, b, 30);
    // End of Jan: A (Jan 5 + 30 = Feb 4) and B (Jan 15 -> Feb 14) both active. End of Feb: A active
    // (Feb 10), B churned. End of Mar: A active (Mar 20). End of Apr (the horizon's end, 30 days after
    // the cut-off): A's window ran out on Apr 19, so both are active only if they buy in the horizon:
    // 0.9 + 0.2 expected. C's first purchase is after the cut-off: not in the prediction.
    expect(Array.from(c.acquired)).toEqual([2, 2, 2, 2]);
    expect(Array.from(c.active.slice(0, 3))).toEqual([2, 1, 1]);
    expect(c.active[3]).toBeCloseTo(1.1, 12);
    expect(c.churned[3]).toBeCloseTo(0.9, 12);
    // Mid-April by weeks: the week of Apr 8-14 ends 14 days into the horizon; A is still active from
    // Mar 20, B (silent since Jan 15) buys by then with 0.2 x 14 / 30.
    const w = buckets('week', D('2024-04-08'), D('2024-04-14'));
    const mid = churnSeries(j, w, 30);
    expect(mid.active[0]).toBeCloseTo(1 + (0.2 * 14) / 30, 12);
  });

  it('counts newcomers in the data up to the cut-off and predicted arrivals after it', () => {
    const b = buckets('month', D('2024-01-05'), D('2024-04-30'));
    const n = newcomerSeries(j, b);
    expect(Array.from(n.newcomers.slice(0, 3))).toEqual([2, 0, 0]);
    expect(n.newcomers[3]).toBeCloseTo(3, 9);
    expect(Array.from(n.newcomerValue.slice(0, 3))).toEqual([15, 0, 0]);
    expect(Array.from(n.returning.slice(0, 3))).toEqual([0, 1, 1]);
    expect(n.returning[3]).toBeCloseTo(1.8, 9);
    expect(n.predicted).toEqual([false, false, false, true]);
    expect(formatDay(b.start[3])).toBe('2024-04-01');
  });

  it('splits customers into segments by P(alive) and value, and bins values', () => {
    const rows = valueSegments(prediction);
    expect(rows.map((r) => [r.customers, r.value])).toEqual([[1, 40], [0, 0], [1, 3], [0, 0]]);
    expect(valueSegments(prediction, j.byValue)).toEqual(rows);
    const h = histogram([0, 1, 10, 100, 1000], 3, true);
    expect(h.zeros).toBe(1);
    expect(h.counts).toEqual([1, 1, 2]);
    expect(h.edges[0]).toBeCloseTo(1, 9);
    expect(h.edges[3]).toBeCloseTo(1000, 6);
    const linear = histogram([0, 1, 2, 3], 3, false);
    // Bins [0, 1), [1, 2), [2, 3]: the 0 in the first, the maximum in the last.
    expect(linear.counts).toEqual([1, 1, 2]);
  });

  it('calls at risk whoever has P(alive) under one half: the headline, the segments and the table agree', () => {
    expect(segmentOf(1, 2, 0.3)).toBe('at risk');
    expect(segmentOf(1, 2, 0.7)).toBe('newcomer');
    expect(segmentOf(5, 2, 0.7)).toBe('engaged');
    expect(segmentOf(5, 2, 0.49)).toBe('at risk');
    const pAlive = Float64Array.of(0.2, 0.7, 0.4, 0.9, 0.1);
    const purchases = Int32Array.of(1, 1, 5, 5, 3);
    const customers = {
      ...prediction.customers,
      id: ['a', 'b', 'c', 'd', 'e'],
      pAlive,
      purchases,
      segment: Array.from(pAlive, (p, c) => segmentOf(purchases[c], 2, p)),
      pActive: new Float64Array(5).fill(0.5),
      expectedPurchases: new Float64Array(5).fill(1),
      clv: Float64Array.of(5, 4, 3, 2, 1),
      clvLow: new Float64Array(5),
      clvHigh: new Float64Array(5),
    };
    const p = { ...prediction, customers, newcomers: { expectedArrivals: 0, expectedRevenue: 0, firstAmount: null } } as ClvPrediction;
    const rows = valueSegments(p);
    expect(headline(p).atRisk).toBe(3);
    expect(rows[1].customers + rows[3].customers).toBe(3);
    expect(customers.segment.filter((s) => s === 'at risk')).toHaveLength(3);
  });

  it('says in a sentence how the deep model did against BG/NBD where it is the only classic model scored', () => {
    const score = (rmse: number, spearman: number, totalErrorPct: number) => ({ purchases: { mae: 0, rmse, spearman, predicted: 0, actual: 0, totalErrorPct } });
    const b = { models: { clv: score(1.5, 0.5, -9.2), bgnbd: score(1.6, 0.45, -12) } } as unknown as BacktestResult;
    expect(verdict(b)).toBe('On your data, the deep model ranks customers better than BG/NBD, with a smaller error per customer, and under-predicts the total number of purchases by 9%.');
    const worse = { models: { clv: score(1.7, 0.44, 1), bgnbd: score(1.6, 0.45, -12) } } as unknown as BacktestResult;
    expect(verdict(worse)).toBe('On your data, the deep model ranks customers less well than BG/NBD, with a larger error per customer, and gets the total number of purchases about right.');
  });

  it('holds the deep model against the better classic model: the one with the smaller error per customer', () => {
    const score = (rmse: number, spearman: number, totalErrorPct: number) => ({ purchases: { mae: 0, rmse, spearman, predicted: 0, actual: 0, totalErrorPct } });
    // As on example_transactions.csv: 1% better than BG/NBD, but Pareto/NBD is better still.
    const b = { models: { clv: score(0.855, 0.344, 3), bgnbd: score(0.879, 0.341, 5.6), paretoNbd: score(0.852, 0.341, -0.7) } } as unknown as BacktestResult;
    expect(verdict(b)).toBe('On your data, the deep model ranks customers about as well as Pareto/NBD (the better classic model here), with a similar error per customer, and over-predicts the total number of purchases by 3%.');
    const bgBetter = { models: { ...b.models, paretoNbd: score(0.9, 0.35, 1) } } as unknown as BacktestResult;
    expect(verdict(bgBetter)).toBe('On your data, the deep model ranks customers about as well as BG/NBD (the better classic model here), with a smaller error per customer, and over-predicts the total number of purchases by 3%.');
    const failed = { models: { ...b.models, paretoNbd: { ...score(0.1, 0.9, 0), error: 'did not converge' } } } as unknown as BacktestResult;
    expect(verdict(failed)).toBe('On your data, the deep model ranks customers about as well as BG/NBD, with a smaller error per customer, and over-predicts the total number of purchases by 3%.');
  });
});
