// The columnar dataset: accepted rows collected into typed arrays, then merged into purchases
// (distinct customer-days, amounts added up, returns netted) sorted by customer and day.
import type { CustomerAttributes } from './attributes';
import { equalsBytes, equalsRange, IdTable } from './id-table';
import { releaseBuffer } from './release';

export type ReturnsPolicy = 'net' | 'exclude';

export const RETURNS_POLICIES: Record<ReturnsPolicy, string> = {
  net: 'net against the same customer and day',
  exclude: 'leave out return rows',
};

export interface DatasetSummary {
  rows: number;
  customers: number;
  purchases: number;
  firstDay: number;
  lastDay: number;
  /** Sum of purchase amounts; null without an amount column. */
  revenue: number | null;
  /** Entry k counts customers with k + 1 purchases; the last entry counts that many or more. */
  purchasesPerCustomer: number[];
}

export interface Dataset {
  /** Customer index -> id, in order of first appearance. Only customers with at least one purchase. */
  customerIds: string[];
  /** Purchases of customer c are the range [customerStart[c], customerStart[c + 1]). */
  customerStart: Int32Array;
  /** Days since 1970-01-01. */
  purchaseDay: Int32Array;
  /** NaN when the data has no amount. */
  purchaseAmount: Float64Array;
  hasAmount: boolean;
  summary: DatasetSummary;
  /** Customer attributes (columns of the transactions, a file of one row per customer), aligned to customerIds; absent without. */
  attributes?: CustomerAttributes;
  /** Each customer's e-mail address ('' where none), from the mapping's e-mail column; absent without one. */
  emails?: string[];
}

const HISTOGRAM_BUCKETS = 20;

/** Each customer id's index in the dataset. */
export const customerIndex = (d: Dataset): Map<string, number> => new Map(d.customerIds.map((id, i) => [id, i]));

/** Growable typed-array columns for accepted rows. */
export class DatasetBuilder {
  private ids = new IdTable();
  /** The previous row's customer: files sorted by customer (customer-day files) skip the lookup. */
  private lastIndex = -1;
  private customer: Int32Array;
  private day: Int32Array;
  private amount: Float64Array;
  /** Whether ids were interned before their rows (intern()): the customers' order is then made in finish(). */
  private internedAhead = false;
  rows = 0;

  constructor(readonly hasAmount: boolean) {
    this.customer = new Int32Array(1 << 16);
    this.day = new Int32Array(1 << 16);
    this.amount = new Float64Array(1 << 16);
  }

  /** Size the columns for the rows expected, so that a big import does not copy them while growing. */
  reserve(expectedRows: number): void {
    if (expectedRows > this.customer.length) this.resize(Math.ceil(expectedRows * 1.05));
  }

  add(customerId: string, dayNumber: number, amount: number): void {
    this.addFrom(customerId, 0, customerId.length, dayNumber, amount);
  }

  /** add() for the customer id text[start, end), which becomes a string only when it is new. */
  addFrom(text: string, start: number, end: number, dayNumber: number, amount: number): void {
    this.append(this.lastIndex >= 0 && equalsRange(this.ids.ids[this.lastIndex], text, start, end) ? this.lastIndex : this.ids.indexOf(text, start, end), dayNumber, amount);
  }

  /** add() for the customer id whose character codes are bytes[start, end) (ASCII; plain-rows.ts). */
  addBytes(bytes: Uint8Array, start: number, end: number, dayNumber: number, amount: number): void {
    this.append(this.lastIndex >= 0 && equalsBytes(this.ids.ids[this.lastIndex], bytes, start, end) ? this.lastIndex : this.ids.indexOfBytes(bytes, start, end), dayNumber, amount);
  }

  /**
   * The index of a customer id met before its row is read (a Parquet column interned as it is decoded,
   * plain-rows.ts), for addIndex(). finish() then orders the customers by their first row, as add()
   * would have: an id whose rows are all rejected is in the table but in no purchase.
   */
  intern(id: string): number {
    this.internedAhead = true;
    return this.ids.indexOf(id);
  }

  /** intern() of the id whose character codes are bytes[start, end) (ASCII). */
  internBytes(bytes: Uint8Array, start: number, end: number): number {
    this.internedAhead = true;
    return this.ids.indexOfBytes(bytes, start, end);
  }

  /** add() for customer index c, from intern(). */
  addIndex(c: number, dayNumber: number, amount: number): void {
    this.append(c, dayNumber, amount);
  }

  /** A row of customer index c; rows of the same customer in a row skip the id lookup. */
  private append(c: number, dayNumber: number, amount: number): void {
    this.lastIndex = c;
    if (this.rows === this.customer.length) this.grow();
    this.customer[this.rows] = c;
    this.day[this.rows] = dayNumber;
    this.amount[this.rows] = amount;
    this.rows++;
  }

  private grow(): void {
    this.resize(Math.ceil(this.customer.length * 1.5));
  }

  private resize(size: number): void {
    const c = new Int32Array(size);
    c.set(this.customer);
    const d = new Int32Array(size);
    d.set(this.day);
    const a = new Float64Array(size);
    a.set(this.amount);
    [this.customer, this.day, this.amount].forEach(releaseBuffer);
    [this.customer, this.day, this.amount] = [c, d, a];
  }

  /**
   * Merge rows into purchases; returns the dataset and how many days the returns policy dropped.
   * In place: the columns are put in customer-then-day order where they are, merged to their front,
   * and only the purchases are copied out, at their exact size: no second set of columns (16 bytes a
   * purchase) and no flag per row. Each buffer that is done with is freed at once (release.ts).
   */
  finish(): { dataset: Dataset; daysDropped: number } {
    const n = this.rows;
    // No more rows come: the id lookup can go before the arrays below.
    this.ids.release();
    const [customer, day, amount] = [this.customer.subarray(0, n), this.day.subarray(0, n), this.amount.subarray(0, n)];
    const ids = this.internedAhead ? byFirstRow(customer, this.ids.ids) : this.ids.ids;
    // null: the rows are in order already.
    const order = sortByCustomerThenDay(customer, day, ids.length);
    if (order) {
      permute(order, customer, day, amount);
      releaseBuffer(order);
    }
    // Each customer-day's rows added up in row order, written over the front of the columns (the
    // write position never passes the read position); the purchases counted by customer and their
    // days and amounts summed up on the way, with no pass of their own.
    const counts = new Int32Array(ids.length);
    let [firstDay, lastDay, revenue] = [Infinity, -Infinity, 0];
    let purchases = 0;
    let daysDropped = 0;
    for (let i = 0; i < n; ) {
      const c = customer[i];
      const d = day[i];
      let sum = amount[i];
      let hadReturn = amount[i] < 0;
      for (i++; i < n && customer[i] === c && day[i] === d; i++) {
        sum += amount[i];
        if (amount[i] < 0) hadReturn = true;
      }
      if (this.hasAmount && hadReturn && sum <= 0) daysDropped++;
      else {
        customer[purchases] = c;
        day[purchases] = d;
        amount[purchases] = this.hasAmount ? sum : NaN;
        purchases++;
        counts[c]++;
        if (d < firstDay) firstDay = d;
        if (d > lastDay) lastDay = d;
        revenue += sum;
      }
    }
    const { customerStart, customerIds } = customersWithPurchases(counts, ids);
    releaseBuffer(counts);
    releaseBuffer(customer);
    const purchaseDay = day.slice(0, purchases);
    releaseBuffer(day);
    const purchaseAmount = amount.slice(0, purchases);
    releaseBuffer(amount);
    this.customer = new Int32Array(0);
    this.day = new Int32Array(0);
    this.amount = new Float64Array(0);
    return {
      dataset: {
        customerIds,
        customerStart,
        purchaseDay,
        purchaseAmount,
        hasAmount: this.hasAmount,
        summary: summarise(this.rows, customerStart, purchases, { firstDay, lastDay, revenue }, this.hasAmount),
      },
      daysDropped,
    };
  }
}

/**
 * The ids of the customers with a row, in order of their first row, the rows' customer indices made
 * theirs in place: the order add() gives them, for ids interned ahead of their rows.
 */
function byFirstRow(customer: Int32Array, ids: string[]): string[] {
  const rank = new Int32Array(ids.length).fill(-1);
  const ordered: string[] = [];
  for (let i = 0; i < customer.length; i++) {
    let r = rank[customer[i]];
    if (r < 0) {
      r = rank[customer[i]] = ordered.length;
      ordered.push(ids[customer[i]]);
    }
    customer[i] = r;
  }
  releaseBuffer(rank);
  return ordered;
}

/**
 * The customers that kept a purchase (counts: purchases by customer index), re-indexed in
 * first-appearance order (a monotone re-indexing, so the purchases stay sorted), and their purchase
 * offsets.
 */
function customersWithPurchases(counts: Int32Array, ids: string[]): { customerStart: Int32Array; customerIds: string[] } {
  let kept = 0;
  for (let c = 0; c < counts.length; c++) if (counts[c] > 0) kept++;
  const customerStart = new Int32Array(kept + 1);
  // Every customer kept: the ids are the dataset's as they are.
  const customerIds = kept === ids.length ? ids : new Array<string>(kept);
  for (let c = 0, k = 0; c < counts.length; c++) {
    if (counts[c] === 0) continue;
    customerIds[k] = ids[c];
    customerStart[k + 1] = customerStart[k] + counts[c];
    k++;
  }
  return { customerStart, customerIds };
}

/**
 * The columns reordered in place so that row i becomes the row order[i] was: each cycle of the
 * permutation followed once, its visited entries marked by flipping them (~k). No second set of
 * columns: that was 16 bytes a row at the import's peak.
 */
function permute(order: Int32Array, customer: Int32Array, day: Int32Array, amount: Float64Array): void {
  for (let i = 0; i < order.length; i++) {
    if (order[i] < 0) continue;
    const c = customer[i];
    const d = day[i];
    const a = amount[i];
    for (let j = i; ; ) {
      const k = order[j];
      order[j] = ~k;
      if (k === i) {
        customer[j] = c;
        day[j] = d;
        amount[j] = a;
        break;
      }
      customer[j] = customer[k];
      day[j] = day[k];
      amount[j] = amount[k];
      j = k;
    }
  }
}

/**
 * Rows by customer, then day: a stable counting sort by customer (linear, no comparisons), then each
 * customer's rows by day, which files mostly hold in order already (an insertion sort; a long run out
 * of order is sorted by comparison). Rows already in that order (customer-day files) are left as they
 * are: null. One index array in all: a second, by day, was 4 MB more at the import's peak for 1M rows.
 */
function sortByCustomerThenDay(customer: Int32Array, day: Int32Array, customers: number): Int32Array | null {
  const n = customer.length;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) sorted = customer[i] > customer[i - 1] || (customer[i] === customer[i - 1] && day[i] >= day[i - 1]);
  if (sorted) return null;
  const start = new Int32Array(customers + 1);
  for (let i = 0; i < n; i++) start[customer[i] + 1]++;
  for (let k = 1; k <= customers; k++) start[k] += start[k - 1];
  const order = new Int32Array(n);
  const next = start.slice(0, customers);
  for (let i = 0; i < n; i++) order[next[customer[i]]++] = i;
  releaseBuffer(next);
  for (let c = 0; c < customers; c++) sortByDay(order, start[c], start[c + 1], day);
  releaseBuffer(start);
  return order;
}

/** Rows order[from .. to) by day, ties in row order. */
function sortByDay(order: Int32Array, from: number, to: number, day: Int32Array): void {
  if (to - from > 64) {
    order.subarray(from, to).sort((a, b) => day[a] - day[b] || a - b);
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const r = order[i];
    let j = i - 1;
    for (; j >= from && (day[order[j]] > day[r] || (day[order[j]] === day[r] && order[j] > r)); j--) order[j + 1] = order[j];
    order[j + 1] = r;
  }
}

function summarise(rows: number, customerStart: Int32Array, purchases: number, totals: { firstDay: number; lastDay: number; revenue: number }, hasAmount: boolean): DatasetSummary {
  const histogram = new Array<number>(HISTOGRAM_BUCKETS).fill(0);
  for (let c = 0; c + 1 < customerStart.length; c++) {
    histogram[Math.min(customerStart[c + 1] - customerStart[c], HISTOGRAM_BUCKETS) - 1]++;
  }
  return {
    rows,
    customers: customerStart.length - 1,
    purchases,
    firstDay: totals.firstDay,
    lastDay: totals.lastDay,
    revenue: hasAmount ? totals.revenue : null,
    purchasesPerCustomer: histogram,
  };
}
