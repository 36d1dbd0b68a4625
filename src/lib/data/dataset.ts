// The columnar dataset: accepted rows collected into typed arrays, then merged into purchases
// (distinct customer-days, amounts added up, returns netted) sorted by customer and day.
import { formatDay } from './calendar';

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
  purchaseCustomer: Int32Array;
  /** Days since 1970-01-01. */
  purchaseDay: Int32Array;
  /** NaN when the data has no amount. */
  purchaseAmount: Float64Array;
  hasAmount: boolean;
  summary: DatasetSummary;
}

const HISTOGRAM_BUCKETS = 20;

/** Growable typed-array columns for accepted rows. */
export class DatasetBuilder {
  private ids = new Map<string, number>();
  private idList: string[] = [];
  private customer = new Int32Array(1 << 16);
  private day = new Int32Array(1 << 16);
  private amount = new Float64Array(1 << 16);
  rows = 0;

  constructor(readonly hasAmount: boolean) {}

  add(customerId: string, dayNumber: number, amount: number): void {
    let c = this.ids.get(customerId);
    if (c === undefined) {
      c = this.idList.length;
      this.ids.set(customerId, c);
      this.idList.push(customerId);
    }
    if (this.rows === this.customer.length) this.grow();
    this.customer[this.rows] = c;
    this.day[this.rows] = dayNumber;
    this.amount[this.rows] = amount;
    this.rows++;
  }

  private grow(): void {
    const size = this.customer.length * 2;
    const c = new Int32Array(size);
    c.set(this.customer);
    const d = new Int32Array(size);
    d.set(this.day);
    const a = new Float64Array(size);
    a.set(this.amount);
    [this.customer, this.day, this.amount] = [c, d, a];
  }

  /** Merge rows into purchases; returns the dataset and how many days the returns policy dropped. */
  finish(): { dataset: Dataset; daysDropped: number } {
    const n = this.rows;
    const order = sortByCustomerThenDay(this.customer.subarray(0, n), this.day.subarray(0, n), this.idList.length);
    const pc = new Int32Array(n);
    const pd = new Int32Array(n);
    const pa = new Float64Array(n);
    let p = 0;
    let daysDropped = 0;
    for (let i = 0; i < n; ) {
      const r = order[i];
      const c = this.customer[r];
      const d = this.day[r];
      let sum = 0;
      let hadReturn = false;
      for (; i < n && this.customer[order[i]] === c && this.day[order[i]] === d; i++) {
        const a = this.amount[order[i]];
        sum += a;
        if (a < 0) hadReturn = true;
      }
      if (this.hasAmount && hadReturn && sum <= 0) {
        daysDropped++;
        continue;
      }
      pc[p] = c;
      pd[p] = d;
      pa[p++] = this.hasAmount ? sum : NaN;
    }
    return { dataset: this.compact(pc.subarray(0, p), pd.slice(0, p), pa.slice(0, p)), daysDropped };
  }

  /** Re-index customers so that only those with purchases remain, keeping first-appearance order. */
  private compact(pc: Int32Array, purchaseDay: Int32Array, purchaseAmount: Float64Array): Dataset {
    const oldCount = this.idList.length;
    const purchasesOf = new Int32Array(oldCount);
    for (const c of pc) purchasesOf[c]++;
    const newIndex = new Int32Array(oldCount).fill(-1);
    const customerIds: string[] = [];
    for (let c = 0; c < oldCount; c++) {
      if (purchasesOf[c] > 0) {
        newIndex[c] = customerIds.length;
        customerIds.push(this.idList[c]);
      }
    }
    // Purchases are sorted by old index; first-appearance order is preserved by the monotone re-indexing.
    const purchaseCustomer = pc.map((c) => newIndex[c]);
    const customerStart = new Int32Array(customerIds.length + 1);
    for (const c of purchaseCustomer) customerStart[c + 1]++;
    for (let c = 0; c < customerIds.length; c++) customerStart[c + 1] += customerStart[c];
    return {
      customerIds,
      customerStart,
      purchaseCustomer,
      purchaseDay,
      purchaseAmount,
      hasAmount: this.hasAmount,
      summary: summarise(this.rows, customerStart, purchaseDay, purchaseAmount, this.hasAmount),
    };
  }
}

/** Two stable counting sorts (day, then customer): linear in rows, no comparisons. */
function sortByCustomerThenDay(customer: Int32Array, day: Int32Array, customers: number): Int32Array {
  const n = customer.length;
  let minDay = Infinity;
  let maxDay = -Infinity;
  for (let i = 0; i < n; i++) {
    if (day[i] < minDay) minDay = day[i];
    if (day[i] > maxDay) maxDay = day[i];
  }
  const byDay = countingSort(Int32Array.from({ length: n }, (_, i) => i), (i) => day[i] - minDay, n ? maxDay - minDay + 1 : 0);
  return countingSort(byDay, (i) => customer[i], customers);
}

function countingSort(items: Int32Array, key: (item: number) => number, range: number): Int32Array {
  const counts = new Int32Array(range + 1);
  for (let i = 0; i < items.length; i++) counts[key(items[i]) + 1]++;
  for (let k = 0; k < range; k++) counts[k + 1] += counts[k];
  const out = new Int32Array(items.length);
  for (let i = 0; i < items.length; i++) out[counts[key(items[i])]++] = items[i];
  return out;
}

function summarise(rows: number, customerStart: Int32Array, day: Int32Array, amount: Float64Array, hasAmount: boolean): DatasetSummary {
  let firstDay = Infinity;
  let lastDay = -Infinity;
  let revenue = 0;
  for (let i = 0; i < day.length; i++) {
    if (day[i] < firstDay) firstDay = day[i];
    if (day[i] > lastDay) lastDay = day[i];
    revenue += amount[i];
  }
  const histogram = new Array<number>(HISTOGRAM_BUCKETS).fill(0);
  for (let c = 0; c + 1 < customerStart.length; c++) {
    histogram[Math.min(customerStart[c + 1] - customerStart[c], HISTOGRAM_BUCKETS) - 1]++;
  }
  return {
    rows,
    customers: customerStart.length - 1,
    purchases: day.length,
    firstDay,
    lastDay,
    revenue: hasAmount ? revenue : null,
    purchasesPerCustomer: histogram,
  };
}

/** "2,357 customers, 6,696 purchases from 6,919 rows, 1997-01-01 … 1998-06-30". */
export function describeSummary(s: DatasetSummary): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const range = s.purchases ? `, ${formatDay(s.firstDay)} … ${formatDay(s.lastDay)}` : '';
  return `${n(s.customers)} customers, ${n(s.purchases)} purchases from ${n(s.rows)} rows${range}`;
}
