// Lists a shop can act on, each a CSV for an e-mail or ads tool: customers worth winning back (ranked
// by value at stake), the best customers (by predicted value), those most likely to buy in the next
// week, and newcomers whose first purchases predict a high value. Each list says its rule in words.
import { formatDay } from '../data/calendar';
import { looksLikeEmail } from '../data/columns';
import { csvLine } from '../pipeline/export';
import type { ClvPrediction } from '../pipeline/result';
import { kthSmallest } from '../util/select';
import { valueOf, type Joined } from './customers';

export type ListKind = 'winBack' | 'best' | 'nextWeek' | 'newcomers';
export const LIST_KINDS: ListKind[] = ['winBack', 'best', 'nextWeek', 'newcomers'];

export interface ListSettings {
  /** Customers per list at most. */
  size: number;
  /** Win back: P(alive) below this. */
  aliveBelow: number;
}

export const DEFAULT_LIST_SETTINGS: ListSettings = { size: 100, aliveBelow: 0.5 };

export interface ActionList {
  kind: ListKind;
  title: string;
  /** Who is on the list and in which order, in words. */
  rule: string;
  /** Customers (indices into the prediction) in list order, at most `size`. */
  customers: Int32Array;
  /** Customers who meet the rule, before the list is cut to its size. */
  qualifying: number;
  /** The figure the list ranks by: its name, and its total over the customers on the list. */
  measure: string;
  total: number;
  /** Whether that figure is money (else a count). */
  inMoney: boolean;
  /** The CSV's columns after customer_id (and email), and each customer's cells. */
  columns: string[];
  cells: (c: number) => (string | number)[];
  /** Why the list cannot be made for this run, else null. */
  unavailable: string | null;
}

/** Share of ids that must look like e-mail addresses for the CSV to get an `email` column. */
const EMAIL_SHARE = 0.9;

/** Whether the customer ids are e-mail addresses (as in a Shopify export keyed by Email). */
export function idsAreEmails(ids: string[]): boolean {
  if (ids.length === 0) return false;
  let n = 0;
  for (const id of ids) if (looksLikeEmail(id)) n++;
  return n >= EMAIL_SHARE * ids.length;
}

/** The day so many days before the cut-off. */
const before = (p: ClvPrediction, days: number) => formatDay(Math.round(p.cutoffDay - days));
const lastPurchase = (p: ClvPrediction, c: number) => before(p, p.customers.TDays[c] - p.customers.recencyDays[c]);
const firstPurchase = (p: ClvPrediction, c: number) => before(p, p.customers.TDays[c]);
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * The first `size` of the customers kept, highest `key` first (ties by id), and how many were kept.
 * Only those at or above the size-th highest key (found in linear time) are sorted, and the loops
 * are plain (typed arrays' `from` with a function is slow): 100,000 customers take a few milliseconds.
 */
function ranked(p: ClvPrediction, key: Float64Array, keep: (c: number) => boolean, size: number): { customers: Int32Array; qualifying: number } {
  const ids = p.customers.id;
  const picked = new Int32Array(ids.length);
  const keys = new Float64Array(ids.length);
  let n = 0;
  for (let c = 0; c < ids.length; c++) {
    if (!keep(c)) continue;
    picked[n] = c;
    keys[n++] = key[c];
  }
  const threshold = n > size ? kthSmallest(keys.subarray(0, n), n - size) : -Infinity;
  let m = 0;
  for (let i = 0; i < n; i++) if (key[picked[i]] >= threshold) picked[m++] = picked[i];
  const order = picked.subarray(0, m).sort((a, b) => key[b] - key[a] || (ids[a] < ids[b] ? -1 : 1));
  return { customers: order.slice(0, size), qualifying: n };
}

function median(values: ArrayLike<number>): number {
  const copy = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) copy[i] = values[i];
  return copy.length ? kthSmallest(copy, (copy.length - 1) >> 1) : NaN;
}

export interface AtStake {
  /** Historical value: what each customer spent, or how often they bought when the data has no amounts. */
  worth: Float64Array;
  /** worth x (1 - P(alive)). */
  stake: Float64Array;
  median: number;
}

const stakes = new WeakMap<ClvPrediction, AtStake>();

/** The win-back list's figures of a prediction, which do not depend on its settings: worked out once
 * (the dashboard does it in a task before the lists, which then only rank). */
export function atStake(p: ClvPrediction): AtStake | null {
  const spent = p.customers.spent;
  // Runs saved before `spent` existed.
  if (!spent) return null;
  let known = stakes.get(p);
  if (!known) {
    const worth = p.hasAmount ? spent : Float64Array.from(p.customers.purchases);
    const [alive, stake] = [p.customers.pAlive, new Float64Array(worth.length)];
    for (let i = 0; i < worth.length; i++) stake[i] = worth[i] * (1 - alive[i]);
    stakes.set(p, (known = { worth, stake, median: median(worth) }));
  }
  return known;
}

const sum = (key: ArrayLike<number>, customers: Int32Array) => customers.reduce((s, c) => s + key[c], 0);

/** One list of a run; `j` joins the prediction to its dataset (for first amounts). */
export function actionList(kind: ListKind, j: Joined, s: ListSettings): ActionList {
  const p = j.prediction;
  const c = p.customers;
  const money = p.hasAmount;
  const value = valueOf(p);
  const valueName = money ? 'predicted CLV' : 'expected purchases';
  const none = (title: string, reason: string): ActionList => ({ kind, title, rule: '', customers: new Int32Array(0), qualifying: 0, measure: '', total: 0, inMoney: false, columns: [], cells: () => [], unavailable: reason });
  const old = 'This run was saved before lists existed: train again to make it.';
  switch (kind) {
    case 'winBack': {
      const title = 'Win back';
      const stakes = atStake(p);
      if (!stakes) return none(title, old);
      const { worth, stake, median: bar } = stakes;
      const list = ranked(p, stake, (i) => c.pAlive[i] < s.aliveBelow && worth[i] > bar, s.size);
      const above = money ? `spent more than the median customer (${round(bar, 2)})` : `bought more often than the median customer (${bar} purchases)`;
      return {
        kind, title, ...list,
        rule: `Customers who ${above} and whose P(alive) is below ${Math.round(s.aliveBelow * 100)}%, highest value at stake first: ${money ? 'what they spent' : 'their purchases'} × (1 − P(alive)).`,
        measure: 'value at stake', total: sum(stake, list.customers), inMoney: money,
        // Without amounts, what they are worth is their purchases so far: one column says it.
        columns: [...(money ? ['spent'] : []), 'p_alive', 'value_at_stake', 'last_purchase', 'purchases_so_far'],
        cells: (i) => [...(money ? [round(worth[i], 2)] : []), round(c.pAlive[i], 4), round(stake[i], 2), lastPurchase(p, i), c.purchases[i]],
        unavailable: null,
      };
    }
    case 'best': {
      const list = ranked(p, value, (i) => value[i] > 0, s.size);
      return {
        kind, title: 'Best customers', ...list,
        rule: `Customers with the highest ${valueName} in the next ${p.horizonDays} days.`,
        measure: valueName, total: sum(value, list.customers), inMoney: money,
        columns: [...(money ? ['clv', 'clv_low', 'clv_high'] : []), 'expected_purchases', 'purchases_low', 'purchases_high', 'p_alive'],
        cells: (i) => [...(money ? [round(c.clv[i], 2), round(c.clvLow[i], 2), round(c.clvHigh[i], 2)] : []), round(c.expectedPurchases[i], 3), round(c.purchasesLow[i], 2), round(c.purchasesHigh[i], 2), round(c.pAlive[i], 4)],
        unavailable: null,
      };
    }
    case 'nextWeek': {
      const title = 'Likely to buy in the next 7 days';
      const week = c.pWeek;
      if (!week) return none(title, old);
      const list = ranked(p, week, (i) => week[i] > 0, s.size);
      return {
        kind, title, ...list,
        rule: `Customers with the highest chance of a purchase in the 7 days after ${formatDay(p.cutoffDay)}; the total is how many of them are expected to buy.`,
        measure: 'expected buyers', total: sum(week, list.customers), inMoney: false,
        columns: ['p_buy_7_days', 'next_predicted_purchase', 'last_purchase', 'expected_purchases'],
        cells: (i) => [round(week[i], 4), c.dates[i].length ? formatDay(c.dates[i][0]) : '', lastPurchase(p, i), round(c.expectedPurchases[i], 3)],
        unavailable: null,
      };
    }
    case 'newcomers': {
      const list = ranked(p, value, (i) => c.purchases[i] < p.orderCount && value[i] > 0, s.size);
      const first = (i: number) => j.dataset.purchaseAmount[j.dataset.customerStart[j.datasetIndex[i]]];
      return {
        kind, title: 'New customers worth a second look', ...list,
        rule: `Customers with fewer than ${p.orderCount} purchases so far, highest ${valueName} first.`,
        measure: valueName, total: sum(value, list.customers), inMoney: money,
        columns: ['first_purchase', ...(money ? ['first_amount', 'clv'] : ['expected_purchases']), 'purchases_so_far', 'p_alive'],
        cells: (i) => [firstPurchase(p, i), ...(money ? [round(first(i), 2), round(c.clv[i], 2)] : [round(c.expectedPurchases[i], 3)]), c.purchases[i], round(c.pAlive[i], 4)],
        unavailable: null,
      };
    }
  }
}

/**
 * The list as CSV lines: customer_id, email (from the mapping's e-mail column, or the id where the ids
 * are e-mail addresses), then its figures.
 */
export function* listCsvLines(list: ActionList, j: Joined): Generator<string> {
  const { prediction: p, dataset: { emails }, datasetIndex } = j;
  const email = emails ? (c: number) => emails[datasetIndex[c]] : idsAreEmails(p.customers.id) ? (c: number) => p.customers.id[c] : null;
  yield ['customer_id', ...(email ? ['email'] : []), ...list.columns].join(',');
  for (const c of list.customers) yield csvLine([p.customers.id[c], ...(email ? [email(c)] : []), ...list.cells(c)]);
}
