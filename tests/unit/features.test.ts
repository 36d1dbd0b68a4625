// Features: windows end strictly before their targets; censored gaps; arrivals with zeros.
import { describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../src/lib/data/calendar';
import type { Dataset } from '../../src/lib/data/dataset';
import { buildAmountWindows, AMOUNT_FEATURES } from '../../src/lib/features/amount-windows';
import { dailyArrivals } from '../../src/lib/features/arrivals';
import { buildEventSequences, EVENT_FEATURES, EVENT_TARGETS } from '../../src/lib/features/events';
import { historiesUpTo } from '../../src/lib/features/histories';
import { rfmSummary } from '../../src/lib/features/rfm';
import { autoOrderCount } from '../../src/lib/pipeline/order-count';

const D = (m: number, d: number) => dayFromCivil(2021, m, d);

/** A dataset from [id, day, amount] purchases (already distinct customer-days). */
export function tinyDataset(rows: [string, number, number][]): Dataset {
  const ids = [...new Set(rows.map((r) => r[0]))];
  const sorted = [...rows].sort((a, b) => ids.indexOf(a[0]) - ids.indexOf(b[0]) || a[1] - b[1]);
  const start = new Int32Array(ids.length + 1);
  sorted.forEach((r) => start[ids.indexOf(r[0]) + 1]++);
  for (let c = 0; c < ids.length; c++) start[c + 1] += start[c];
  return {
    customerIds: ids,
    customerStart: start,
    purchaseDay: Int32Array.from(sorted, (r) => r[1]),
    purchaseAmount: Float64Array.from(sorted, (r) => r[2]),
    hasAmount: true,
    summary: { rows: rows.length, customers: ids.length, purchases: rows.length, firstDay: 0, lastDay: 0, revenue: 0, purchasesPerCustomer: [] },
  };
}

const scaler = { mean: 2, std: 1 };

describe('event sequences for the next-purchase model', () => {
  const data = tinyDataset([['a', D(1, 1), 10], ['a', D(1, 11), 20], ['a', D(2, 1), 30], ['b', D(1, 5), 7]]);
  const h = historiesUpTo(data, D(3, 1));
  const s = buildEventSequences(h, scaler);
  const target = (c: number, k: number) => Array.from(s.y.subarray((s.offsets[c] + k) * EVENT_TARGETS, (s.offsets[c] + k + 1) * EVENT_TARGETS));
  const features = (c: number, k: number) => Array.from(s.x.subarray((s.offsets[c] + k) * EVENT_FEATURES, (s.offsets[c] + k + 1) * EVENT_FEATURES));

  it('targets the gap to the next purchase, and the censored time since the last one', () => {
    expect(target(0, 0)).toEqual([10, 1, 1]);
    expect(target(0, 1)).toEqual([21, 1, 1]);
    expect(target(0, 2)).toEqual([D(3, 1) - D(2, 1), 0, 1]);
    expect(target(1, 0)).toEqual([D(3, 1) - D(1, 5), 0, 1]);
    expect(Array.from(s.lengths)).toEqual([3, 1]);
    expect(features(1, 1).every((v) => v === 0)).toBe(true);
  });

  it('never puts a target inside its own window: moving a later purchase leaves earlier steps unchanged', () => {
    const moved = buildEventSequences(historiesUpTo(tinyDataset([['a', D(1, 1), 10], ['a', D(1, 11), 20], ['a', D(2, 20), 30], ['b', D(1, 5), 7]]), D(3, 1)), scaler);
    const f = (x: Float32Array, k: number) => Array.from(x.subarray(k * EVENT_FEATURES, (k + 1) * EVENT_FEATURES));
    expect(f(moved.x, 0)).toEqual(f(s.x, 0));
    expect(f(moved.x, 1)).toEqual(f(s.x, 1));
    expect(f(moved.x, 2)).not.toEqual(f(s.x, 2));
    expect(moved.y[1 * EVENT_TARGETS]).not.toBe(s.y[1 * EVENT_TARGETS]);
  });

  it('scores only targets that end after the validation split', () => {
    const v = buildEventSequences(h, scaler, D(1, 20));
    expect([v.y[2], v.y[5], v.y[8], v.y[v.offsets[1] * EVENT_TARGETS + 2]]).toEqual([0, 1, 1, 1]);
  });
});

describe('amount windows', () => {
  it('hold only purchases before the target, left-padded', () => {
    const h = historiesUpTo(tinyDataset([['a', D(1, 1), 10], ['a', D(1, 11), 20], ['a', D(2, 1), 30]]), D(3, 1));
    const scalers = { amount: { mean: 0, std: 1 }, gap: { mean: 0, std: 1 } };
    const w = buildAmountWindows(h, 3, scalers);
    expect(w.count).toBe(2);
    expect(Array.from(w.y)).toEqual([Math.log1p(20), Math.log1p(30)].map(Math.fround));
    const window = (i: number) => Array.from(w.x.subarray(i * 3 * AMOUNT_FEATURES, (i + 1) * 3 * AMOUNT_FEATURES));
    // First target (20): two padding steps, then the purchase of 10.
    expect(window(0).slice(0, 6)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(window(0).slice(6)).toEqual([1, Math.fround(Math.log1p(10)), 0]);
    // Second target (30): 10 and 20 with the 10-day gap; never 30 itself.
    expect(window(1).filter((_, i) => i % 3 === 1)).toEqual([0, Math.fround(Math.log1p(10)), Math.fround(Math.log1p(20))]);
  });
});

describe('summaries', () => {
  it('RFM in lifetimes terms and the order_count rule', () => {
    const h = historiesUpTo(tinyDataset([['a', D(1, 1), 10], ['a', D(1, 11), 20], ['a', D(2, 1), 30], ['b', D(1, 5), 7]]), D(3, 1));
    const r = rfmSummary(h);
    expect(Array.from(r.frequency)).toEqual([2, 0]);
    expect(Array.from(r.recencyDays)).toEqual([31, 0]);
    expect(Array.from(r.TDays)).toEqual([D(3, 1) - D(1, 1), D(3, 1) - D(1, 5)]);
    expect(Array.from(r.monetaryValue)).toEqual([25, 0]);
    expect(autoOrderCount(h)).toBe(5);
    const many = tinyDataset(['a', 'b', 'c', 'd'].flatMap((id, i) => Array.from({ length: 8 + i }, (_, k) => [id, D(1, 1) + k * 3, 1] as [string, number, number])));
    expect(autoOrderCount(historiesUpTo(many, D(12, 1)))).toBe(9);
  });

  it('daily arrivals count first purchases, with empty days as zeros', () => {
    const h = historiesUpTo(tinyDataset([['a', D(1, 1), 1], ['b', D(1, 1), 1], ['a', D(1, 2), 1], ['c', D(1, 4), 1]]), D(1, 6));
    const a = dailyArrivals(h);
    expect(a.firstDay).toBe(D(1, 1));
    expect(Array.from(a.counts)).toEqual([2, 0, 0, 1, 0, 0]);
  });
});
