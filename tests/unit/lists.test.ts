// Lists to act on: a hand-made run checked by hand, and the rules checked on every customer of a
// CDNOW_sample prediction.
import { beforeAll, describe, expect, it } from 'vitest';
import { formatDay, parseIsoDay } from '../../src/lib/data/calendar';
import type { Dataset } from '../../src/lib/data/dataset';
import { importSources } from '../../src/lib/data/importer';
import { inspectSource } from '../../src/lib/data/inspect';
import { historiesUpTo } from '../../src/lib/features/histories';
import { join, valueOf, type Joined } from '../../src/lib/insights/customers';
import { DEFAULT_LIST_SETTINGS, LIST_KINDS, actionList, idsAreEmails, listCsvLines } from '../../src/lib/insights/lists';
import { fallbackPrediction } from '../../src/lib/pipeline/fallback';
import { headline } from '../../src/lib/pipeline/headline';
import { pipelineOptions } from '../../src/lib/pipeline/options';
import { segmentOf, type ClvPrediction } from '../../src/lib/pipeline/result';
import { kthSmallest } from '../../src/lib/util/select';
import { fileSource, fixture } from './helpers';

const CUTOFF = parseIsoDay('2024-03-31')!;
const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
const purchases = [5, 1, 3, 1, 4, 2];
const spent = [500, 20, 300, 80, 50, 200];
const pAlive = Float64Array.of(0.3, 0.2, 0.4, 0.9, 0.1, 0.8);
const clv = Float64Array.of(10, 30, 5, 60, 1, 20);
const pWeek = Float64Array.of(0.05, 0.3, 0.02, 0.6, 0, 0.1);

/** Customer k's purchases: every 10 days from 100 days before the cut-off, equal amounts. */
function handMade(customerIds: string[]): Joined {
  const days: number[] = [];
  const amounts: number[] = [];
  const start = [0];
  purchases.forEach((n, k) => {
    for (let i = 0; i < n; i++) [days[days.length], amounts[amounts.length]] = [CUTOFF - 100 + 10 * i, spent[k] / n];
    start.push(days.length);
  });
  const dataset = { customerIds, customerStart: Int32Array.from(start), purchaseDay: Int32Array.from(days), purchaseAmount: Float64Array.from(amounts), hasAmount: true } as Dataset;
  const n = customerIds.length;
  const prediction = {
    cutoffDay: CUTOFF, horizonDays: 30, orderCount: 2, hasAmount: true,
    customers: {
      id: customerIds,
      segment: purchases.map((k, c) => segmentOf(k, 2, pAlive[c])),
      purchases: Int32Array.from(purchases),
      recencyDays: Float64Array.from(purchases, (k) => 10 * (k - 1)),
      TDays: new Float64Array(n).fill(100),
      pAlive, pWeek, clv,
      spent: Float64Array.from(spent),
      clvLow: clv.map((v) => v / 2), clvHigh: clv.map((v) => v * 2),
      expectedPurchases: clv.map((v) => v / 10), purchasesLow: new Float64Array(n), purchasesHigh: new Float64Array(n).fill(3),
      pActive: new Float64Array(n).fill(0.5),
      dates: customerIds.map((_, c) => (c === 3 ? [CUTOFF + 4] : [])),
    },
    newcomers: { expectedArrivals: 0, expectedRevenue: 0, firstAmount: null },
  } as unknown as ClvPrediction;
  return join(dataset, prediction);
}

const order = (j: Joined, kind: (typeof LIST_KINDS)[number], size = 3) => Array.from(actionList(kind, j, { ...DEFAULT_LIST_SETTINGS, size }).customers, (c) => j.prediction.customers.id[c]);

describe('lists to act on, by hand', () => {
  const j = handMade(ids);
  const day = (before: number) => formatDay(CUTOFF - before);

  it('wins back the customers who spent more than the median and are likely gone, by value at stake', () => {
    // Median spend 80: a, c and f spent more; f is likely alive (0.8). Stakes: a 500 x 0.7, c 300 x 0.6.
    const list = actionList('winBack', j, DEFAULT_LIST_SETTINGS);
    expect(list.qualifying).toBe(2);
    expect(list.total).toBeCloseTo(530, 9);
    expect(list.rule).toBe('Customers who spent more than the median customer (80) and whose P(alive) is below 50%, highest value at stake first: what they spent × (1 − P(alive)).');
    expect(Array.from(listCsvLines(list, j))).toEqual([
      'customer_id,spent,p_alive,value_at_stake,last_purchase,purchases_so_far',
      `a,500,0.3,350,${day(60)},5`,
      `c,300,0.4,180,${day(80)},3`,
    ]);
    // A higher threshold takes in f: 200 x 0.2 = 40 at stake.
    expect(Array.from(actionList('winBack', j, { size: 10, aliveBelow: 0.85 }).customers, (c) => ids[c])).toEqual(['a', 'c', 'f']);
  });

  it('ranks the best customers by CLV, the next week by its chance, newcomers by CLV, each cut to its size', () => {
    expect(order(j, 'best')).toEqual(['d', 'b', 'f']);
    expect(actionList('best', j, { ...DEFAULT_LIST_SETTINGS, size: 3 }).total).toBe(110);
    expect(actionList('best', j, DEFAULT_LIST_SETTINGS).qualifying).toBe(6);
    // e has no chance of buying this week: it is not on the list.
    expect(order(j, 'nextWeek', 10)).toEqual(['d', 'b', 'f', 'a', 'c']);
    expect(actionList('nextWeek', j, DEFAULT_LIST_SETTINGS).total).toBeCloseTo(1.07, 12);
    expect(Array.from(listCsvLines(actionList('nextWeek', j, { ...DEFAULT_LIST_SETTINGS, size: 1 }), j))[1]).toBe(`d,0.6,${formatDay(CUTOFF + 4)},${day(100)},6`);
    // Fewer than order_count (2) purchases: b and d; the CSV has the first purchase and its amount.
    expect(order(j, 'newcomers', 10)).toEqual(['d', 'b']);
    expect(Array.from(listCsvLines(actionList('newcomers', j, DEFAULT_LIST_SETTINGS), j))).toEqual([
      'customer_id,first_purchase,first_amount,clv,purchases_so_far,p_alive',
      `d,${day(100)},80,60,1,0.9`,
      `b,${day(100)},20,30,1,0.2`,
    ]);
  });

  it('adds an email column when the customer ids are e-mail addresses', () => {
    const emails = ids.map((id) => `${id}.buyer@example.com`);
    expect(idsAreEmails(emails)).toBe(true);
    expect(idsAreEmails(ids)).toBe(false);
    const lines = Array.from(listCsvLines(actionList('best', handMade(emails), { ...DEFAULT_LIST_SETTINGS, size: 1 }), handMade(emails)));
    expect(lines[0]).toBe('customer_id,email,clv,clv_low,clv_high,expected_purchases,purchases_low,purchases_high,p_alive');
    expect(lines[1]).toBe('d.buyer@example.com,d.buyer@example.com,60,30,120,6,0,3,0.9');
  });

  it('says so when a run was saved before the lists existed', () => {
    const old = { ...j, prediction: { ...j.prediction, customers: { ...j.prediction.customers, pWeek: undefined, spent: undefined } } } as Joined;
    expect(actionList('winBack', old, DEFAULT_LIST_SETTINGS).unavailable).toMatch(/saved before lists existed/);
    expect(actionList('nextWeek', old, DEFAULT_LIST_SETTINGS).unavailable).toMatch(/train again/);
    expect(actionList('best', old, DEFAULT_LIST_SETTINGS).unavailable).toBeNull();
  });
});

describe('lists on a CDNOW_sample prediction', () => {
  let j: Joined;
  beforeAll(async () => {
    const source = fileSource(fixture('CDNOW_sample.txt'));
    const { dataset } = await importSources([source], (await inspectSource(source)).options);
    const o = pipelineOptions(parseIsoDay('1997-09-30')!, 273);
    j = join(dataset, fallbackPrediction(dataset, historiesUpTo(dataset, o.cutoffDay), o, 'a test').prediction);
  });

  it('keeps every rule on every customer, in order, and the headline values what is at stake among those at risk', () => {
    const c = j.prediction.customers;
    const all = { size: Infinity, aliveBelow: 0.5 };
    const spentSorted = Float64Array.from(c.spent!).sort();
    const median = spentSorted[(spentSorted.length - 1) >> 1];
    const win = actionList('winBack', j, all);
    const stake = (i: number) => c.spent![i] * (1 - c.pAlive[i]);
    const expected = c.id.map((_, i) => i).filter((i) => c.pAlive[i] < 0.5 && c.spent![i] > median);
    expect(win.customers.length).toBe(expected.length);
    expect(win.customers.length).toBeGreaterThan(100);
    for (let k = 1; k < win.customers.length; k++) expect(stake(win.customers[k - 1])).toBeGreaterThanOrEqual(stake(win.customers[k]));
    // The headline's value at stake: every customer at risk, whatever they spent.
    const atRisk = c.id.map((_, i) => i).filter((i) => c.segment[i] === 'at risk');
    expect(headline(j.prediction).valueAtStake).toBeCloseTo(atRisk.reduce((s, i) => s + stake(i), 0), 6);
    expect(headline(j.prediction).valueAtStake).toBeGreaterThan(win.total);
    // Best customers are the dashboard's value order.
    expect(Array.from(actionList('best', j, DEFAULT_LIST_SETTINGS).customers)).toEqual(Array.from(j.byValue.slice(0, 100)));
    const week = actionList('nextWeek', j, DEFAULT_LIST_SETTINGS);
    for (let k = 1; k < week.customers.length; k++) expect(c.pWeek![week.customers[k - 1]]).toBeGreaterThanOrEqual(c.pWeek![week.customers[k]]);
    // BG/NBD: buying within a week is at most as likely as within the 273-day horizon.
    for (let i = 0; i < c.id.length; i++) expect(c.pWeek![i]).toBeLessThanOrEqual(c.pActive[i] + 1e-12);
    const fresh = actionList('newcomers', j, all);
    expect(Array.from(fresh.customers).every((i) => c.purchases[i] < j.prediction.orderCount)).toBe(true);
    expect(fresh.customers.length).toBe(c.id.filter((_, i) => c.purchases[i] < j.prediction.orderCount && valueOf(j.prediction)[i] > 0).length);
  });
});

describe('the k-th smallest value', () => {
  it('is the sorted array at k, with duplicates and at both ends', () => {
    let seed = 3;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (const n of [1, 2, 3, 10, 101, 5000]) {
      const values = Float64Array.from({ length: n }, () => Math.floor(random() * (n / 3 + 1)));
      const sorted = Float64Array.from(values).sort();
      for (const k of [0, n >> 1, n - 1, Math.floor(random() * n)]) expect(kthSmallest(Float64Array.from(values), k)).toBe(sorted[k]);
    }
  });
});
