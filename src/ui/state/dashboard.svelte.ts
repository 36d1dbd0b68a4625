// What the dashboard shows of an opened run: the view, period, group and sum/mean of the timeline,
// the selected bucket, the customer table's sort and search, the customer opened. The figures are
// derived from the run and its dataset by the pure functions of lib/insights.
import type { Dataset } from '../../lib/data/dataset';
import type { Period } from '../../lib/insights/buckets';
import { churnSeries } from '../../lib/insights/churn';
import { group, join, valueOf, type Joined } from '../../lib/insights/customers';
import { DEFAULT_LIST_SETTINGS, LIST_KINDS, actionList, atStake, type ActionList, type ListSettings } from '../../lib/insights/lists';
import { groupsOf, valueByAttribute } from '../../lib/insights/by-attribute';
import { newcomerSeries } from '../../lib/insights/newcomers';
import { histogram, valueSegments } from '../../lib/insights/segments';
import { timeline, timelineBuckets } from '../../lib/insights/timeline';
import type { OpenRun } from './run.svelte';

export type View = 'overview' | 'value' | 'customers' | 'lists' | 'trust' | 'training';
export type Group = 'all' | 'top' | 'bottom';
export type SortKey = 'id' | 'segment' | 'purchases' | 'recencyDays' | 'pActive' | 'pAlive' | 'expectedPurchases' | 'clv' | 'bgnbdPurchases' | 'bgnbdClv';

export class DashboardState {
  readonly open: OpenRun;
  readonly dataset: Dataset;
  view = $state<View>('overview');
  period = $state<Period>('month');
  group = $state<Group>('all');
  mean = $state(false);
  /** Bucket index the churn and newcomer pies show; null: the first bucket after the cut-off. */
  selected = $state<number | null>(null);
  logScale = $state(true);
  sortKey = $state<SortKey>('clv');
  sortDescending = $state(true);
  search = $state('');
  customer = $state<number | null>(null);
  listSettings = $state<ListSettings>({ ...DEFAULT_LIST_SETTINGS });
  /** The customer attribute the Value view breaks down by (index into the dataset's attributes). */
  attribute = $state(0);
  /** The customer table shows only this group of that attribute; null: all. */
  attributeGroup = $state<number | null>(null);

  constructor(open: OpenRun, dataset: Dataset) {
    [this.open, this.dataset] = [open, dataset];
    this.sortKey = this.valueKey;
  }

  /** The column of each customer's value (valueOf): CLV, or expected purchases without amounts. */
  get valueKey(): SortKey {
    return this.open.result.prediction.hasAmount ? 'clv' : 'expectedPurchases';
  }

  readonly joined: Joined = $derived.by(() => join(this.dataset, this.open.result.prediction));
  readonly timeline = $derived(timeline(this.joined, this.period, group(this.joined, this.group), this.mean));
  /** Apart from the timeline, so that a change of group or sum/mean does not recompute these two passes over every purchase. */
  readonly buckets = $derived(timelineBuckets(this.joined, this.period));
  readonly churn = $derived(churnSeries(this.joined, this.buckets));
  readonly newcomers = $derived(newcomerSeries(this.joined, this.buckets));
  readonly bucket = $derived(this.selected !== null && this.selected < this.timeline.buckets.start.length ? this.selected : Math.min(this.timeline.cutoffBucket + 1, this.timeline.buckets.start.length - 1));
  readonly segments = $derived.by(() => valueSegments(this.open.result.prediction, this.joined.byValue));
  readonly attributeGroups = $derived.by(() => {
    const column = this.dataset.attributes?.columns[this.attribute];
    return column ? groupsOf(column) : null;
  });
  readonly byAttribute = $derived.by(() => {
    const column = this.dataset.attributes?.columns[this.attribute];
    return column ? valueByAttribute(this.joined, column) : null;
  });
  readonly histogram = $derived.by(() => histogram(valueOf(this.open.result.prediction), 30, this.logScale));
  /** What the lists share, worked out once for the run. */
  prepareLists(): void {
    atStake(this.open.result.prediction);
  }

  /** One derived per list, each read in a task of its own: a new win-back threshold recomputes that
   * list only (the settings are a deep state, read field by field). */
  readonly lists: (() => ActionList)[] = LIST_KINDS.map((kind) => {
    const list = $derived(actionList(kind, this.joined, this.listSettings));
    return () => list;
  });

  /** What a view shows, one figure per step: the dashboard computes them a task apart before it draws
   * the view, so that no task blocks the page for long (together they took 50 ms on the sample). */
  steps(view: View): (() => unknown)[] {
    switch (view) {
      case 'overview': return [() => this.joined, () => this.buckets, () => this.timeline, () => this.churn, () => this.newcomers];
      case 'value': return [() => this.joined, () => this.segments, () => this.histogram, () => this.byAttribute];
      case 'customers': return [() => this.joined, () => this.rows];
      case 'lists': return [() => this.joined, () => this.prepareLists(), ...this.lists];
      default: return [];
    }
  }

  /** Customer indices in table order: searched, then sorted. */
  readonly rows: Int32Array = $derived.by(() => {
    const p = this.open.result.prediction.customers;
    const needle = this.search.trim().toLowerCase();
    const [groups, only] = [this.attributeGroups, this.attributeGroup];
    const inGroup = groups && only !== null ? (c: number) => groups.group[this.joined.datasetIndex[c]] === only : null;
    // The default order (value, highest first) was computed when the run opened: no sort needed.
    if (!needle && this.sortKey === this.valueKey && this.sortDescending) return inGroup ? this.joined.byValue.filter(inGroup) : this.joined.byValue;
    const picked = Int32Array.from(p.id.keys()).filter((c) => (!needle || p.id[c].toLowerCase().includes(needle)) && (!inGroup || inGroup(c)));
    return sortRows(picked, this.key(this.sortKey), this.sortDescending);
  });

  sortBy(key: SortKey): void {
    if (this.sortKey === key) this.sortDescending = !this.sortDescending;
    else [this.sortKey, this.sortDescending] = [key, key !== 'id' && key !== 'segment'];
  }

  /** The values a column sorts by: numbers, or text for ids and segments. */
  key(k: SortKey): ArrayLike<number> | string[] {
    const p = this.open.result.prediction.customers;
    const classic = this.open.result.classic;
    const nan = () => new Float64Array(p.id.length).fill(NaN);
    switch (k) {
      case 'id': return p.id;
      case 'segment': return p.segment;
      case 'purchases': return p.purchases;
      case 'recencyDays': return Float64Array.from(p.TDays, (T, c) => T - p.recencyDays[c]);
      case 'pActive': return p.pActive;
      case 'pAlive': return p.pAlive;
      case 'expectedPurchases': return p.expectedPurchases;
      case 'clv': return p.clv;
      case 'bgnbdPurchases': return classic?.expectedPurchases ?? nan();
      case 'bgnbdClv': return classic?.clv ?? nan();
    }
  }
}

/** Sorts row indices by a column; missing numbers (NaN) go last either way. */
export function sortRows(rows: Int32Array, key: ArrayLike<number> | string[], descending: boolean): Int32Array {
  const sign = descending ? -1 : 1;
  if (Array.isArray(key)) return rows.sort((a, b) => sign * (key[a] < key[b] ? -1 : key[a] > key[b] ? 1 : 0) || a - b);
  const k = key as ArrayLike<number>;
  return rows.sort((a, b) => {
    const [x, y] = [k[a], k[b]];
    if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? a - b : 1) : -1;
    return sign * (x - y) || a - b;
  });
}
