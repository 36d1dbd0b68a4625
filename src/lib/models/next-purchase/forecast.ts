// Forecasts each customer's purchases in the horizon from the latest history: the encoder gives the
// next-gap distribution after the last purchase; each predicted purchase is fed back through the
// one-step model, which changes the distribution of the gap after it.
// - A representative chain of conditional median gaps gives the predicted dates.
// - Monte Carlo paths, conditioned on a first purchase inside the horizon and weighted by its exact
//   probability, give expected purchases, intervals and the expected value of given amounts.
import * as tf from '@tensorflow/tfjs';
import { tidyValue } from '../tidy';
import { EVENT_FEATURES, buildEventSequences, nextEvent, writeEventFeatures, type EventState } from '../../features/events';
import type { Histories } from '../../features/histories';
import { seededRandom } from '../../util/random';
import { HAZARD_PARAMS, aliveProbability, medianGapAfter, purchaseWithin, sampleGapAfter, toDistribution, type GapDistribution } from './hazard';
import { batchInputs, lengthBuckets } from './sequence-batches';
import type { NextPurchaseModel } from './train';

/** Distribution and LSTM state after each customer's last event. */
export interface StartState {
  distribution: GapDistribution[];
  last: EventState[];
  h: Float32Array;
  c: Float32Array;
}

export function encode(model: NextPurchaseModel, h: Histories): StartState {
  const s = buildEventSequences(h, model.gapScaler);
  const units = model.options.units;
  const distribution = new Array<GapDistribution>(s.count);
  const hOut = new Float32Array(s.count * units);
  const cOut = new Float32Array(s.count * units);
  for (const idx of lengthBuckets(s.lengths, 4096)) {
    const { x, length } = batchInputs(s, idx);
    tidyValue(() => {
      const [params, hT, cT] = model.network.encoder.predict(tf.tensor3d(x, [idx.length, length, EVENT_FEATURES])) as tf.Tensor[];
      const [p, hv, cv] = [params.dataSync(), hT.dataSync(), cT.dataSync()];
      idx.forEach((i, b) => {
        const o = (b * length + s.lengths[i] - 1) * HAZARD_PARAMS;
        distribution[i] = toDistribution(p[o], p[o + 1], model.logScaleOffset);
        hOut.set(hv.subarray(b * units, (b + 1) * units), i * units);
        cOut.set(cv.subarray(b * units, (b + 1) * units), i * units);
      });
    });
  }
  return { distribution, last: s.last, h: hOut, c: cOut };
}

/**
 * Rows per batch of a step. Large: the WASM backend copies a whole input out of its heap for every
 * batch it slices, so 4,096-row batches over 500k paths spent most of the forecast copying.
 */
const STEP_BATCH = 32_768;

/**
 * One step for many rows: feed each row's new event, get its next distribution and state. The LSTM
 * state stays a tensor on the backend between steps (only the two distribution parameters per row
 * are read back): copying every path's state out and in again each step cost most of the forecast.
 */
function step(model: NextPurchaseModel, events: EventState[], h: tf.Tensor2D, c: tf.Tensor2D): { distribution: GapDistribution[]; h: tf.Tensor2D; c: tf.Tensor2D } {
  const n = events.length;
  const x = new Float32Array(n * EVENT_FEATURES);
  events.forEach((e, i) => writeEventFeatures(x, i * EVENT_FEATURES, e, model.gapScaler));
  const [params, h1, c1] = tf.tidy(() => model.network.step.predict([tf.tensor3d(x, [n, 1, EVENT_FEATURES]), h, c], { batchSize: STEP_BATCH }) as tf.Tensor[]);
  try {
    const p = params.dataSync();
    const distribution = events.map((_, i) => toDistribution(p[i * HAZARD_PARAMS], p[i * HAZARD_PARAMS + 1], model.logScaleOffset));
    return { distribution, h: h1 as tf.Tensor2D, c: c1 as tf.Tensor2D };
  } finally {
    params.dispose();
  }
}

/** Rows `idx` of a state tensor, as a new tensor. */
const gatherRows = (t: tf.Tensor2D, idx: number[]) => tf.tidy(() => tf.gather(t, tf.tensor1d(idx, 'int32'))) as tf.Tensor2D;

const rows = (a: Float32Array, units: number, idx: number[]) => {
  const out = new Float32Array(idx.length * units);
  idx.forEach((r, i) => out.set(a.subarray(r * units, (r + 1) * units), i * units));
  return out;
};

/** Dates of the median chain inside (cutoff, cutoff + horizon], at most `maxSteps` per customer. */
export function medianChain(model: NextPurchaseModel, start: StartState, cutoffDay: number, horizonDays: number, maxSteps = 60): number[][] {
  const units = model.options.units;
  const endDay = cutoffDay + horizonDays;
  const dates: number[][] = start.last.map(() => []);
  let active = start.last.map((_, i) => i);
  let events = start.last;
  let dist = start.distribution;
  let h = tf.tensor2d(start.h, [start.last.length, units]);
  let c = tf.tensor2d(start.c, [start.last.length, units]);
  try {
    for (let k = 0; k < maxSteps && active.length; k++) {
      const keep: number[] = [];
      const next: EventState[] = [];
      active.forEach((customer, i) => {
        const elapsed = k === 0 ? cutoffDay - events[i].day : 0;
        const day = events[i].day + medianGapAfter(dist[i], elapsed);
        if (day > endDay) return;
        dates[customer].push(day);
        keep.push(i);
        next.push(nextEvent(events[i], day));
      });
      if (!keep.length) break;
      const [hk, ck] = [gatherRows(h, keep), gatherRows(c, keep)];
      tf.dispose([h, c]);
      const stepped = step(model, next, hk, ck);
      tf.dispose([hk, ck]);
      [active, events, dist, h, c] = [keep.map((i) => active[i]), next, stepped.distribution, stepped.h, stepped.c];
    }
    return dates;
  } finally {
    tf.dispose([h, c]);
  }
}

export interface PathForecast {
  /** P(at least one purchase in the horizon). */
  pActive: Float64Array;
  /** P(a purchase within a year) at the cut-off. */
  pAlive: Float64Array;
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

export function simulatePaths(model: NextPurchaseModel, start: StartState, o: PathOptions): PathForecast {
  const units = model.options.units;
  const customers = start.last.length;
  const endDay = o.cutoffDay + o.horizonDays;
  const maxPurchases = o.maxPurchases ?? 366;
  const streams = o.ids.map((id) => seededRandom(hashString(id) ^ o.seed));
  const f: PathForecast = {
    pActive: new Float64Array(customers), pAlive: new Float64Array(customers), expected: new Float64Array(customers),
    low: new Float64Array(customers), high: new Float64Array(customers), value: new Float64Array(customers),
    valueLow: new Float64Array(customers), valueHigh: new Float64Array(customers),
    dailyPurchases: new Float64Array(o.horizonDays), dailyValue: new Float64Array(o.horizonDays),
  };
  // Paths: customer, purchases so far, value so far, current event, distribution and state rows.
  const pathCustomer: number[] = [];
  const pathEvents: EventState[] = [];
  const pathCount = new Int32Array(customers * o.paths);
  const pathValue = new Float64Array(customers * o.paths);
  const record = (path: number, customer: number, day: number) => {
    const k = pathCount[path]++;
    const amount = o.amountOf(customer, k);
    const weight = f.pActive[customer] / o.paths;
    const discounted = (Number.isNaN(amount) ? 0 : amount) * Math.pow(o.dailyDiscount, day - o.cutoffDay);
    pathValue[path] += discounted;
    f.dailyPurchases[day - o.cutoffDay - 1] += weight;
    f.dailyValue[day - o.cutoffDay - 1] += weight * discounted;
  };
  // First purchase: drawn inside the horizon, conditional on there being one.
  let pathIds: number[] = [];
  for (let cu = 0; cu < customers; cu++) {
    const d = start.distribution[cu];
    const elapsed = o.cutoffDay - start.last[cu].day;
    f.pAlive[cu] = aliveProbability(d, elapsed);
    const inHorizon = purchaseWithin(d, elapsed, o.horizonDays);
    f.pActive[cu] = inHorizon;
    if (f.pActive[cu] < 1e-9) continue;
    const random = streams[cu];
    for (let p = 0; p < o.paths; p++) {
      const path = cu * o.paths + p;
      // u uniform on the survival fractions that land inside the horizon.
      const u = 1 - random() * inHorizon;
      const day = Math.min(start.last[cu].day + sampleGapAfter(d, elapsed, u), endDay);
      record(path, cu, day);
      pathIds.push(path);
      pathCustomer.push(cu);
      pathEvents.push(nextEvent(start.last[cu], day));
    }
  }
  let h = tf.tensor2d(rows(start.h, units, pathCustomer), [pathCustomer.length, units]);
  let c = tf.tensor2d(rows(start.c, units, pathCustomer), [pathCustomer.length, units]);
  let events = pathEvents;
  try {
    for (let k = 1; k < maxPurchases && pathIds.length; k++) {
      const stepped = step(model, events, h, c);
      tf.dispose([h, c]);
      const keep: number[] = [];
      const next: EventState[] = [];
      pathIds.forEach((path, i) => {
        const random = streams[Math.floor(path / o.paths)];
        const day = events[i].day + sampleGapAfter(stepped.distribution[i], 0, 1 - random());
        if (day > endDay) return;
        record(path, Math.floor(path / o.paths), day);
        keep.push(i);
        next.push(nextEvent(events[i], day));
      });
      [pathIds, events, h, c] = [keep.map((i) => pathIds[i]), next, gatherRows(stepped.h, keep), gatherRows(stepped.c, keep)];
      tf.dispose([stepped.h, stepped.c]);
    }
  } finally {
    tf.dispose([h, c]);
  }
  for (let cu = 0; cu < customers; cu++) {
    const p1 = f.pActive[cu];
    if (p1 < 1e-9) continue;
    const counts: number[] = [];
    const values: number[] = [];
    for (let p = 0; p < o.paths; p++) {
      counts.push(pathCount[cu * o.paths + p]);
      values.push(pathValue[cu * o.paths + p]);
    }
    f.expected[cu] = (p1 * counts.reduce((s, x) => s + x, 0)) / o.paths;
    f.value[cu] = (p1 * values.reduce((s, x) => s + x, 0)) / o.paths;
    counts.sort((a, b) => a - b);
    values.sort((a, b) => a - b);
    [f.low[cu], f.high[cu]] = [mixtureQuantile(counts, p1, 0.1), mixtureQuantile(counts, p1, 0.9)];
    [f.valueLow[cu], f.valueHigh[cu]] = [mixtureQuantile(values, p1, 0.1), mixtureQuantile(values, p1, 0.9)];
  }
  return f;
}
