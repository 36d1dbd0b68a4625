// Forecasts each customer's purchases in the horizon from the latest history: the encoder gives the
// next-gap distribution after the last purchase; each predicted purchase is fed back through the
// one-step model, which changes the distribution of the gap after it.
// - A representative chain of conditional median gaps gives the predicted dates.
// - Monte Carlo paths, conditioned on a first purchase inside the horizon and weighted by its exact
//   probability, give expected purchases, intervals and the expected value of given amounts.
import type { StaticInputs } from '../../features/attribute-inputs';
import { buildEventSequences, eventWidth, nextEvent, writeEventFeatures, writeStatics, type EventState } from '../../features/events';
import type { Histories } from '../../features/histories';
import { seededRandom } from '../../util/random';
import { cellOf, cellStep, disposeCell, type Cell } from './cell';
import { HAZARD_PARAMS, WEEK_DAYS, aliveProbability, medianGapAfter, purchaseWithin, sampleGapAfter, toDistribution, type GapDistribution } from './hazard';
import type { NextPurchaseModel } from './train';

/** Distribution and LSTM state after each customer's last event. */
export interface StartState {
  distribution: GapDistribution[];
  last: EventState[];
  h: Float32Array;
  c: Float32Array;
  /** Each customer's static inputs (null: the model takes none), fed again at every forecast step. */
  statics: StaticInputs | null;
}

function withCell<T>(model: NextPurchaseModel, run: (cell: Cell) => T): T {
  const cell = cellOf(model.network.train);
  try {
    return run(cell);
  } finally {
    disposeCell(cell);
  }
}

/** Copies `width` floats of row `from` of `src` to `dst` at `offset` (a loop: no view object per row). */
function copyRow(src: Float32Array, from: number, dst: Float32Array, offset: number, width: number): void {
  for (let j = 0, s = from * width; j < width; j++) dst[offset + j] = src[s + j];
}

/**
 * Runs each customer's event sequence through the network. Customers are ordered longest first, so at
 * step t the customers with more than t events are a prefix of that order and only they are computed.
 * `statics`: the customers' static inputs, which a model trained with attributes needs.
 */
export function encode(model: NextPurchaseModel, h: Histories, statics: StaticInputs | null = null): StartState {
  const expected = model.attributes?.width ?? 0;
  if ((statics?.width ?? 0) !== expected) throw new RangeError(`The next-purchase model takes ${expected} static inputs per customer, given ${statics?.width ?? 0}.`);
  const s = buildEventSequences(h, model.gapScaler, -Infinity, statics);
  const units = model.options.units;
  const inputs = s.width;
  const width = inputs + units;
  const order = Array.from(s.lengths, (_, i) => i).sort((a, b) => s.lengths[b] - s.lengths[a]);
  const hOut = new Float32Array(s.count * units);
  const cOut = new Float32Array(s.count * units);
  const distribution = new Array<GapDistribution>(s.count);
  withCell(model, (cell) => {
    let active = s.count;
    for (let t = 0; active > 0; t++) {
      while (active > 0 && s.lengths[order[active - 1]] <= t) active--;
      if (!active) break;
      const xh = new Float32Array(active * width);
      const c = new Float32Array(active * units);
      for (let r = 0; r < active; r++) {
        const i = order[r];
        copyRow(s.x, s.offsets[i] + t, xh, r * width, inputs);
        copyRow(hOut, i, xh, r * width + inputs, units);
        copyRow(cOut, i, c, r * units, units);
      }
      const out = cellStep(cell, xh, c, active);
      for (let r = 0; r < active; r++) {
        const i = order[r];
        copyRow(out.h, r, hOut, i * units, units);
        copyRow(out.c, r, cOut, i * units, units);
        if (s.lengths[i] === t + 1) distribution[i] = toDistribution(out.params[r * HAZARD_PARAMS], out.params[r * HAZARD_PARAMS + 1], model.logScaleOffset);
      }
    }
  });
  return { distribution, last: s.last, h: hOut, c: cOut, statics };
}

interface Stepped {
  /** Raw outputs per row (HAZARD_PARAMS each): the distribution of the gap after the row's event. */
  params: Float32Array;
  /** State after each row's event, row-compact. */
  h: Float32Array;
  c: Float32Array;
}

const distributionAt = (model: NextPurchaseModel, params: Float32Array, r: number) => toDistribution(params[r * HAZARD_PARAMS], params[r * HAZARD_PARAMS + 1], model.logScaleOffset);

/**
 * One step for n rows: row r's new event `eventOf(r)` by customer `customerOf(r)` (for its static
 * inputs), continuing from state row `from[r]` of (h, c).
 */
function step(model: NextPurchaseModel, cell: Cell, n: number, eventOf: (r: number) => EventState, customerOf: (r: number) => number, start: StartState, h: Float32Array, c: Float32Array, from: ArrayLike<number>): Stepped {
  const { units } = cell;
  const inputs = eventWidth(start.statics);
  const width = inputs + units;
  const xh = new Float32Array(n * width);
  const cIn = new Float32Array(n * units);
  for (let r = 0; r < n; r++) {
    writeEventFeatures(xh, r * width, eventOf(r), model.gapScaler);
    writeStatics(xh, r * width, start.statics, customerOf(r));
    copyRow(h, from[r], xh, r * width + inputs, units);
    copyRow(c, from[r], cIn, r * units, units);
  }
  return cellStep(cell, xh, cIn, n);
}

/** Event states of many rows as columns: no object per row for the garbage collector to trace. */
class EventColumns {
  readonly day: Float64Array;
  readonly gapDays: Float64Array;
  readonly index: Float64Array;
  readonly meanGapDays: Float64Array;
  constructor(n: number) {
    [this.day, this.gapDays, this.index, this.meanGapDays] = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  }
  at(r: number): EventState {
    return { day: this.day[r], gapDays: this.gapDays[r], index: this.index[r], meanGapDays: this.meanGapDays[r] };
  }
  set(r: number, e: EventState): void {
    this.day[r] = e.day;
    this.gapDays[r] = e.gapDays;
    this.index[r] = e.index;
    this.meanGapDays[r] = e.meanGapDays;
  }
}

/** Dates of the median chain inside (cutoff, cutoff + horizon], at most `maxSteps` per customer. */
export function medianChain(model: NextPurchaseModel, start: StartState, cutoffDay: number, horizonDays: number, maxSteps = 60): number[][] {
  const endDay = cutoffDay + horizonDays;
  const dates: number[][] = start.last.map(() => []);
  let active = start.last.map((_, i) => i);
  let events = start.last;
  let distribution = (i: number) => start.distribution[i];
  let state = { h: start.h, c: start.c };
  return withCell(model, (cell) => {
    for (let k = 0; k < maxSteps && active.length; k++) {
      const keep: number[] = [];
      const next: EventState[] = [];
      active.forEach((customer, i) => {
        const elapsed = k === 0 ? cutoffDay - events[i].day : 0;
        const day = events[i].day + medianGapAfter(distribution(i), elapsed);
        if (day > endDay) return;
        dates[customer].push(day);
        keep.push(i);
        next.push(nextEvent(events[i], day));
      });
      if (!keep.length) break;
      const customers = keep.map((i) => active[i]);
      const stepped = step(model, cell, next.length, (r) => next[r], (r) => customers[r], start, state.h, state.c, keep);
      [active, events, state] = [customers, next, stepped];
      distribution = (i) => distributionAt(model, stepped.params, i);
    }
    return dates;
  });
}

export interface PathForecast {
  /** P(at least one purchase in the horizon). */
  pActive: Float64Array;
  /** P(a purchase within a year) at the cut-off. */
  pAlive: Float64Array;
  /** P(a purchase in the WEEK_DAYS days after the cut-off). */
  pWeek: Float64Array;
  expected: Float64Array;
  /** 10% and 90% quantiles of the purchase count. */
  low: Float64Array;
  high: Float64Array;
  /** Expected (discounted) value of the purchases, given the amount of each customer's k-th purchase. */
  value: Float64Array;
  valueLow: Float64Array;
  valueHigh: Float64Array;
  /** Expected purchases and value per horizon day (index 0 = cutoff + 1), all customers together. */
  dailyPurchases: Float64Array;
  dailyValue: Float64Array;
}

export interface PathOptions {
  paths: number;
  seed: number;
  /** Customer ids: each customer's random stream is seeded by its id, so results do not depend on order. */
  ids: string[];
  horizonDays: number;
  cutoffDay: number;
  /** amountOf(customer, k): amount of the k-th (0-based) future purchase; NaN without amounts. */
  amountOf: (customer: number, k: number) => number;
  /** Daily discount factor, 1 for none. */
  dailyDiscount: number;
  maxPurchases?: number;
}

/** FNV-1a hash of a string, for per-customer seeds. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** The q-quantile of a mixture: 0 with probability 1 - p1, otherwise the sorted path values. */
const mixtureQuantile = (sorted: number[], p1: number, q: number) => (q <= 1 - p1 ? 0 : quantile(sorted, (q - (1 - p1)) / p1));

/**
 * Customers simulated together. Their paths' states live in plain arrays (each path 2 x units floats,
 * several copies per step): 305,602 customers at 8 paths each needed over 2 GB at once.
 */
const CUSTOMERS_PER_CHUNK = 32_768;

export function simulatePaths(model: NextPurchaseModel, start: StartState, o: PathOptions): PathForecast {
  const customers = start.last.length;
  const f: PathForecast = {
    pActive: new Float64Array(customers), pAlive: new Float64Array(customers), pWeek: new Float64Array(customers), expected: new Float64Array(customers),
    low: new Float64Array(customers), high: new Float64Array(customers), value: new Float64Array(customers),
    valueLow: new Float64Array(customers), valueHigh: new Float64Array(customers),
    dailyPurchases: new Float64Array(o.horizonDays), dailyValue: new Float64Array(o.horizonDays),
  };
  for (let cu = 0; cu < customers; cu++) {
    const elapsed = o.cutoffDay - start.last[cu].day;
    f.pAlive[cu] = aliveProbability(start.distribution[cu], elapsed);
    f.pActive[cu] = purchaseWithin(start.distribution[cu], elapsed, o.horizonDays);
    f.pWeek[cu] = purchaseWithin(start.distribution[cu], elapsed, WEEK_DAYS);
  }
  withCell(model, (cell) => {
    for (let first = 0; first < customers; first += CUSTOMERS_PER_CHUNK) simulateCustomers(model, cell, start, o, f, first, Math.min(customers, first + CUSTOMERS_PER_CHUNK));
  });
  return f;
}

/** Simulates the paths of customers first .. end - 1 and fills their part of `f` (and its daily curves). */
function simulateCustomers(model: NextPurchaseModel, cell: Cell, start: StartState, o: PathOptions, f: PathForecast, first: number, end: number): void {
  const endDay = o.cutoffDay + o.horizonDays;
  const maxPurchases = o.maxPurchases ?? 366;
  // Paths of customer cu (those likely enough to buy at all) are firstPath[cu - first] .. firstPath[cu - first + 1] - 1.
  const firstPath = new Int32Array(end - first + 1);
  for (let cu = first; cu < end; cu++) {
    firstPath[cu - first + 1] = firstPath[cu - first] + (f.pActive[cu] < 1e-9 ? 0 : o.paths);
  }
  const streams = Array.from({ length: end - first }, (_, i) => seededRandom(hashString(o.ids[first + i]) ^ o.seed));
  const paths = firstPath[end - first];
  const pathCustomer = new Int32Array(paths);
  const pathCount = new Int32Array(paths);
  const pathValue = new Float64Array(paths);
  const record = (path: number, day: number) => {
    const customer = pathCustomer[path];
    const k = pathCount[path]++;
    const amount = o.amountOf(customer, k);
    const weight = f.pActive[customer] / o.paths;
    const discounted = (Number.isNaN(amount) ? 0 : amount) * Math.pow(o.dailyDiscount, day - o.cutoffDay);
    pathValue[path] += discounted;
    f.dailyPurchases[day - o.cutoffDay - 1] += weight;
    f.dailyValue[day - o.cutoffDay - 1] += weight * discounted;
  };
  // First purchase: drawn inside the horizon, conditional on there being one.
  let pathIds = new Int32Array(paths);
  let events = new EventColumns(paths);
  for (let cu = first; cu < end; cu++) {
    const d = start.distribution[cu];
    const elapsed = o.cutoffDay - start.last[cu].day;
    for (let path = firstPath[cu - first]; path < firstPath[cu - first + 1]; path++) {
      // u uniform on the survival fractions that land inside the horizon.
      const u = 1 - streams[cu - first]() * f.pActive[cu];
      const day = Math.min(start.last[cu].day + sampleGapAfter(d, elapsed, u), endDay);
      pathCustomer[path] = cu;
      record(path, day);
      pathIds[path] = path;
      events.set(path, nextEvent(start.last[cu], day));
    }
  }
  // State rows: at first each path continues from its customer's state, then from its own.
  let state = { h: start.h, c: start.c };
  let from: ArrayLike<number> = pathCustomer;
  for (let k = 1; k < maxPurchases && pathIds.length; k++) {
    const n = pathIds.length;
    const current = events;
    const rowPaths = pathIds;
    const stepped = step(model, cell, n, (r) => current.at(r), (r) => pathCustomer[rowPaths[r]], start, state.h, state.c, from);
    const keep = new Int32Array(n);
    const kept = new Int32Array(n);
    const next = new EventColumns(n);
    let m = 0;
    for (let i = 0; i < n; i++) {
      const path = pathIds[i];
      const day = current.day[i] + sampleGapAfter(distributionAt(model, stepped.params, i), 0, 1 - streams[pathCustomer[path] - first]());
      if (day > endDay) continue;
      record(path, day);
      keep[m] = i;
      kept[m] = path;
      next.set(m++, nextEvent(current.at(i), day));
    }
    [pathIds, events, state, from] = [kept.subarray(0, m), next, stepped, keep.subarray(0, m)];
  }
  for (let cu = first; cu < end; cu++) {
    const p1 = f.pActive[cu];
    if (p1 < 1e-9) continue;
    const counts = Array.from(pathCount.subarray(firstPath[cu - first], firstPath[cu - first + 1]));
    const values = Array.from(pathValue.subarray(firstPath[cu - first], firstPath[cu - first + 1]));
    f.expected[cu] = (p1 * counts.reduce((s, x) => s + x, 0)) / o.paths;
    f.value[cu] = (p1 * values.reduce((s, x) => s + x, 0)) / o.paths;
    counts.sort((a, b) => a - b);
    values.sort((a, b) => a - b);
    [f.low[cu], f.high[cu]] = [mixtureQuantile(counts, p1, 0.1), mixtureQuantile(counts, p1, 0.9)];
    [f.valueLow[cu], f.valueHigh[cu]] = [mixtureQuantile(values, p1, 0.1), mixtureQuantile(values, p1, 0.9)];
  }
}
