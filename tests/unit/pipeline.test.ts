// The deep pipeline end to end on CDNOW_sample in Node (WASM backend), trained briefly.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseIsoDay } from '../../src/lib/data/calendar';
import type { Dataset } from '../../src/lib/data/dataset';
import { importSources } from '../../src/lib/data/importer';
import { inspectSource } from '../../src/lib/data/inspect';
import { historiesUpTo } from '../../src/lib/features/histories';
import { EVENT_FEATURES, buildEventSequences, type EventSequences } from '../../src/lib/features/events';
import { encode } from '../../src/lib/models/next-purchase/forecast';
import { HAZARD_PARAMS, toDistribution } from '../../src/lib/models/next-purchase/hazard';
import { pipelineOptions, type PipelineOverrides } from '../../src/lib/pipeline/options';
import { gammaGammaSpend } from '../../src/lib/pipeline/amount-choice';
import { predictClv } from '../../src/lib/pipeline/predict';
import type { ClvPrediction } from '../../src/lib/pipeline/result';
import { checkFits, loadModels, saveModels } from '../../src/lib/pipeline/saved';
import { convexLeastSquares } from '../../src/lib/pipeline/stacking';
import { disposeModels, trainModels, type TrainedModels } from '../../src/lib/pipeline/train';
import { fileSource, fixture } from './helpers';
import { backendReady } from './tf-setup';
import { tinyDataset } from './features.test';

const CUTOFF = parseIsoDay('1997-09-30')!;
const HORIZON = 273;
const quick = (o: PipelineOverrides = {}) =>
  pipelineOptions(CUTOFF, HORIZON, { nextPurchase: { epochs: 10, patience: 3 }, amount: { epochs: 4, patience: 2 }, newcomers: { epochs: 3, patience: 2 }, ...o });

let dataset: Dataset;
let models: TrainedModels;
let prediction: ClvPrediction;
let tensorsAtStart = 0;

beforeAll(async () => {
  await backendReady;
  const source = fileSource(fixture('CDNOW_sample.txt'));
  ({ dataset } = await importSources([source], (await inspectSource(source)).options));
  tensorsAtStart = tf.memory().numTensors;
  models = await trainModels(dataset, quick());
  prediction = predictClv(models, dataset, quick());
}, 300_000);

/** The same data with customers in another order (their purchases unchanged). */
function reversed(d: Dataset): Dataset {
  const rows: [string, number, number][] = [];
  for (let c = d.customerIds.length - 1; c >= 0; c--) for (let i = d.customerStart[c]; i < d.customerStart[c + 1]; i++) rows.push([d.customerIds[c], d.purchaseDay[i], d.purchaseAmount[i]]);
  return tinyDataset(rows);
}

describe('deep CLV pipeline on CDNOW_sample', () => {
  it('answers for every customer: probabilities, expected purchases, CLV, and a reason when none', () => {
    const c = prediction.customers;
    expect(c.id).toHaveLength(2357);
    expect(prediction.orderCount).toBe(5);
    for (let i = 0; i < c.id.length; i++) {
      expect(c.pActive[i]).toBeGreaterThanOrEqual(0);
      expect(c.pActive[i]).toBeLessThanOrEqual(c.pAlive[i] + 1e-12);
      // A week is inside the horizon: buying in it is no likelier than buying in the horizon.
      expect(c.pWeek![i]).toBeGreaterThanOrEqual(0);
      expect(c.pWeek![i]).toBeLessThanOrEqual(c.pActive[i] + 1e-12);
      expect(Number.isFinite(c.expectedPurchases[i]) && Number.isFinite(c.clv[i])).toBe(true);
      expect(c.purchasesLow[i]).toBeLessThanOrEqual(c.purchasesHigh[i]);
      expect(c.dates[i]).toHaveLength(c.amounts[i].length);
      if (c.dates[i].length === 0) expect(c.reason[i]).toMatch(/\w/);
      else expect(c.reason[i]).toBeNull();
    }
    for (let i = 0; i < c.id.length; i++) {
      // One definition of at risk (P(alive) under one half), before the newcomer label.
      const expected = c.pAlive[i] < 0.5 ? 'at risk' : c.purchases[i] < prediction.orderCount ? 'newcomer' : 'engaged';
      expect(c.segment[i]).toBe(expected);
    }
    // What each spent up to the cut-off, from the dataset itself.
    const index = new Map(dataset.customerIds.map((id, k) => [id, k]));
    for (const i of [0, 1, 500, 2356]) {
      const k = index.get(c.id[i])!;
      let spent = 0;
      for (let r = dataset.customerStart[k]; r < dataset.customerStart[k + 1] && dataset.purchaseDay[r] <= CUTOFF; r++) spent += dataset.purchaseAmount[r];
      expect(c.spent![i]).toBeCloseTo(spent, 9);
    }
    expect(c.pWeek!.reduce((s, x) => s + x, 0)).toBeGreaterThan(10);
    const total = c.expectedPurchases.reduce((s, x) => s + x, 0);
    expect(total).toBeGreaterThan(300);
    expect(total).toBeLessThan(3000);
  });

  it('blends the LSTM with the classic models, weights fitted inside the calibration period', () => {
    const s = models.stacking!;
    expect(s.windowDays).toBeGreaterThan(0);
    expect(s.windowDays).toBeLessThanOrEqual(HORIZON);
    const w = [s.weights.lstm, s.weights.bgnbd, s.weights.paretoNbd];
    expect(w.every((v) => v >= 0)).toBe(true);
    expect(w.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('keeps predicted dates inside (cut-off, cut-off + horizon]', () => {
    const all = prediction.customers.dates.flat();
    expect(all.length).toBeGreaterThan(0);
    for (const d of all) {
      expect(d).toBeGreaterThan(CUTOFF);
      expect(d).toBeLessThanOrEqual(CUTOFF + HORIZON);
    }
    expect(prediction.daily.day[0]).toBe(CUTOFF + 1);
    expect(prediction.daily.day.at(-1)).toBe(CUTOFF + HORIZON);
    const daily = prediction.daily.engagedPurchases.reduce((s, x) => s + x, 0);
    expect(daily).toBeCloseTo(prediction.customers.expectedPurchases.reduce((s, x) => s + x, 0), 6);
  });

  it('joins results by id: another customer order gives the same answer per customer', () => {
    const other = predictClv(models, reversed(dataset), quick());
    const byId = new Map(other.customers.id.map((id, i) => [id, i]));
    for (const i of [0, 1, 17, 400, 2356]) {
      const j = byId.get(prediction.customers.id[i])!;
      expect(j).toBe(2356 - i);
      expect(other.customers.expectedPurchases[j]).toBe(prediction.customers.expectedPurchases[i]);
      expect(other.customers.clv[j]).toBe(prediction.customers.clv[i]);
      expect(other.customers.dates[j]).toEqual(prediction.customers.dates[i]);
    }
  });

  it('predicts from the latest history: moving the last purchase changes the next-gap distribution', () => {
    const base = tinyDataset([['x', CUTOFF - 100, 10], ['x', CUTOFF - 60, 10], ['x', CUTOFF - 20, 10]]);
    const moved = tinyDataset([['x', CUTOFF - 100, 10], ['x', CUTOFF - 60, 10], ['x', CUTOFF - 50, 10]]);
    const a = encode(models.nextPurchase, historiesUpTo(base, CUTOFF)).distribution[0];
    const b = encode(models.nextPurchase, historiesUpTo(moved, CUTOFF)).distribution[0];
    expect(a).not.toEqual(b);
  });

  /** x [n, L, EVENT_FEATURES] for the given sequences, L = their longest length, zero-padded after each one's last event. */
  function batchInputs(s: EventSequences, idx: Int32Array): { x: Float32Array; length: number } {
    const length = idx.reduce((m, i) => Math.max(m, s.lengths[i]), 1);
    const x = new Float32Array(idx.length * length * EVENT_FEATURES);
    idx.forEach((i, b) => x.set(s.x.subarray(s.offsets[i] * EVENT_FEATURES, s.offsets[i + 1] * EVENT_FEATURES), b * length * EVENT_FEATURES));
    return { x, length };
  }

  it('steps the trained LSTM itself exactly as the tf.layers model computes it', () => {
    const h = historiesUpTo(dataset, CUTOFF);
    const np = models.nextPurchase;
    const s = buildEventSequences(h, np.gapScaler);
    const start = encode(np, h);
    const { x, length } = batchInputs(s, Int32Array.from(s.lengths.keys()));
    const params = tf.tidy(() => (np.network.train.predict(tf.tensor3d(x, [s.count, length, EVENT_FEATURES])) as tf.Tensor).dataSync());
    let worst = 0;
    for (let i = 0; i < s.count; i++) {
      const o = (i * length + s.lengths[i] - 1) * HAZARD_PARAMS;
      const reference = toDistribution(params[o], params[o + 1], np.logScaleOffset);
      worst = Math.max(worst, Math.abs(start.distribution[i].shape / reference.shape - 1), Math.abs(start.distribution[i].scale / reference.scale - 1));
    }
    expect(s.count).toBe(2357);
    expect(length).toBeGreaterThan(20);
    expect(worst).toBeLessThan(1e-4);
  });

  it('chooses the amount model on the validation window: the one with the lower RMSE there', () => {
    const choice = models.amountChoice!;
    expect(choice.windowDays).toBe(models.stacking!.windowDays);
    expect(choice.buyers).toBeGreaterThan(100);
    const { conv1dLstm, gammaGamma } = choice.rmse;
    expect(conv1dLstm).toBeGreaterThan(0);
    expect(gammaGamma).toBeGreaterThan(0);
    expect(choice.chosen).toBe(conv1dLstm! <= gammaGamma! ? 'conv1dLstm' : 'gammaGamma');
  });

  it('values every predicted purchase at the Gamma-Gamma amount per purchase where validation chose it', () => {
    const chosen = { ...models, amountChoice: { ...models.amountChoice!, chosen: 'gammaGamma' as const } };
    const h = historiesUpTo(dataset, CUTOFF);
    const spend = gammaGammaSpend(models.amountChoice!.gammaGamma!, h);
    const p = predictClv(chosen, dataset, quick());
    let compared = 0;
    p.customers.amounts.forEach((amounts, c) => amounts.forEach((a) => (expect(a).toBeCloseTo(spend[c], 9), compared++)));
    expect(compared).toBeGreaterThan(100);
    // The expected purchases do not depend on the amounts; the CLV does.
    expect(Array.from(p.customers.expectedPurchases)).toEqual(Array.from(prediction.customers.expectedPurchases));
    expect(Array.from(p.customers.clv)).not.toEqual(Array.from(prediction.customers.clv));
  });

  it('forecasts about zero newcomers for a closed cohort, and tests the first-purchase amounts', () => {
    expect(prediction.newcomers.expectedArrivals).toBeLessThan(1);
    const first = prediction.newcomers.firstAmount!;
    expect(first.raw!.pValue).toBeLessThan(0.05);
    expect(first.estimate).toMatch(/mean/);
    expect(first.value).toBeGreaterThan(10);
    expect(first.value).toBeLessThan(60);
  });

  it('saves and loads the models: same prediction; refuses data that does not fit', async () => {
    const saved = await saveModels(models);
    const loaded = await loadModels(saved);
    try {
      const again = predictClv(loaded, dataset, quick());
      expect(Array.from(again.customers.expectedPurchases)).toEqual(Array.from(prediction.customers.expectedPurchases));
      expect(Array.from(again.customers.clv)).toEqual(Array.from(prediction.customers.clv));
      expect(loaded.amountChoice).toEqual(models.amountChoice);
    } finally {
      disposeModels(loaded);
    }
    const noAmount = { ...dataset, hasAmount: false };
    expect(() => checkFits(saved, noAmount, CUTOFF)).toThrow('The saved model cannot predict this data: it was trained with amounts and this data has none');
    expect(() => checkFits(saved, dataset, CUTOFF - 1)).toThrow(/trained on data up to 1997-09-30, after this prediction's cut-off 1997-09-29/);
  });

  it('frees every tensor after a run, and after a cancelled one', async () => {
    disposeModels(models);
    expect(tf.memory().numTensors).toBe(tensorsAtStart);
    const controller = new AbortController();
    const failed = trainModels(dataset, quick(), { signal: controller.signal, onProgress: (stage, e) => stage === 'next-purchase' && e?.epoch === 1 && controller.abort() });
    await expect(failed).rejects.toMatchObject({ name: 'AbortError' });
    expect(tf.memory().numTensors).toBe(tensorsAtStart);
  });
});

describe('convex least squares for the stacking weights', () => {
  const a = [1, 2, 3, 4, 5, 0, 1];
  const b = [0, 1, 0, 2, 1, 3, 1];
  const c = [1, 1, 1, 1, 1, 1, 1];
  const sse = (y: number[], w: number[]) => y.reduce((s, v, i) => s + (w[0] * a[i] + w[1] * b[i] + w[2] * c[i] - v) ** 2, 0);
  it('recovers an exact blend', () => {
    const y = a.map((v, i) => 0.7 * v + 0.3 * b[i]);
    [0.7, 0.3, 0].forEach((v, i) => expect(convexLeastSquares([a, b, c], y)[i]).toBeCloseTo(v, 9));
  });
  it('never returns a negative weight, and keeps the best blend', () => {
    // No blend gives a - b: the unconstrained fit has b's weight negative.
    const y = a.map((v, i) => v - b[i]);
    const w = convexLeastSquares([a, b, c], y);
    expect(w.every((v) => v >= 0)).toBe(true);
    expect(w[1]).toBe(0);
    expect(w.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 9);
    for (const other of [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0.5, 0, 0.5], [0.8, 0, 0.2], [0.6, 0.1, 0.3]]) expect(sse(y, w)).toBeLessThanOrEqual(sse(y, other) + 1e-12);
  });
  it('cannot move the level: twice an exact blend still gets weights summing to 1', () => {
    const twice = a.map((v, i) => 2 * (0.7 * v + 0.3 * b[i]));
    const w = convexLeastSquares([a, b, c], twice);
    expect(w.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 9);
    expect(w.every((v) => v >= 0)).toBe(true);
  });
});

describe('seeded', () => {
  it('gives the same prediction for the same input and options', async () => {
    await backendReady;
    const small = tinyDataset(
      Array.from({ length: 60 }, (_, c) => Array.from({ length: 1 + (c % 5) }, (_, k) => [`c${c}`, CUTOFF - 200 + c + k * (9 + (c % 7)), 5 + (c % 11)] as [string, number, number])).flat(),
    );
    const o = pipelineOptions(CUTOFF, 60, { nextPurchase: { epochs: 2 }, amount: { epochs: 2 }, newcomers: { epochs: 2 } });
    const run = async () => {
      const m = await trainModels(small, o);
      try {
        return predictClv(m, small, o);
      } finally {
        disposeModels(m);
      }
    };
    const [a, b] = [await run(), await run()];
    expect(Array.from(b.customers.clv)).toEqual(Array.from(a.customers.clv));
    expect(b.customers.dates).toEqual(a.customers.dates);
  }, 120_000);
});
