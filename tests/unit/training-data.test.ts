// Training data on large sets: an epoch trains on a fresh draw of at most maxPerEpoch samples, and
// validation on one fixed draw, so training costs stay flat as data grows.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEventSequences } from '../../src/lib/features/events';
import { historiesUpTo } from '../../src/lib/features/histories';
import { sequenceData } from '../../src/lib/models/next-purchase/sequence-batches';
import { fitMeanSquaredError, tensorData, type Batch } from '../../src/lib/models/training';
import { trainAmount } from '../../src/lib/models/amount/model';
import { AMOUNT_DEFAULTS } from '../../src/lib/models/amount/meta';
import { importSources } from '../../src/lib/data/importer';
import { inspectSource } from '../../src/lib/data/inspect';
import { fileSource, fixture } from './helpers';
import { tinyDataset } from './features.test';
import { backendReady } from './tf-setup';

beforeAll(() => backendReady);

/** The first feature of every sample's first event: a sample's identity in these data sets. */
const firstFeatures = (batches: Batch[]) => batches.flatMap(({ x }) => Array.from((x.slice([0, 0, 0], [-1, 1, 1]) as tf.Tensor).dataSync()));
/** Sequences in a packed batch: the rows of its first step. */
const sequencesIn = (b: Batch) => b.steps!.rows[0];
const disposeAll = (batches: Batch[]) => tf.dispose(batches.flatMap(({ x, y }) => [x, y]));

describe('samples per epoch on large data', () => {
  // 300 customers, customer i with 1 + i % 5 purchases: sequences of several lengths.
  const rows: [string, number, number][] = [];
  for (let i = 0; i < 300; i++) for (let k = 0; k <= i % 5; k++) rows.push([`c${i}`, 1000 + i + 30 * k, 10]);
  const sequences = buildEventSequences(historiesUpTo(tinyDataset(rows), 2000), { mean: 3, std: 1 });

  it('trains each epoch on a fresh draw of at most maxPerEpoch sequences, and validates on one fixed draw', () => {
    const data = sequenceData(sequences, sequences, 32, 1, 100);
    const epochs = [1, 2].map((e) => [...data.batches(e)]);
    expect(epochs.map((batches) => batches.reduce((s, b) => s + sequencesIn(b), 0))).toEqual([100, 100]);
    expect(epochs[0].length).toBe(4);
    // Another draw in the next epoch: the first events (step 0 of each batch) differ.
    const firstEvents = epochs.map((batches) => new Set(batches.flatMap((b) => Array.from({ length: sequencesIn(b) }, (_, j) => Array.from(b.x.dataSync().slice(j * 9, (j + 1) * 9)).join()))));
    expect([...firstEvents[0]].filter((id) => !firstEvents[1].has(id)).length).toBeGreaterThan(0);
    const validation = [[...data.validation()], [...data.validation()]];
    expect(validation.map((v) => v.reduce((s, b) => s + sequencesIn(b), 0))).toEqual([100, 100]);
    expect(validation[1].map(({ x }) => Array.from(x.dataSync()))).toEqual(validation[0].map(({ x }) => Array.from(x.dataSync())));
    epochs.forEach(disposeAll);
    validation.forEach(disposeAll);
  });

  it('uses every sequence each epoch below the cap, packed: every event once, no padding', () => {
    const data = sequenceData(sequences, null, 64, 1);
    const batches = [...data.batches(1)];
    expect(batches.reduce((s, b) => s + sequencesIn(b), 0)).toBe(300);
    // 300 customers with 1 + i % 5 purchases: 900 events, each a row, each scored.
    expect(batches.reduce((s, b) => s + b.x.shape[0], 0)).toBe(900);
    expect(batches.reduce((s, b) => s + b.weight, 0)).toBe(900);
    for (const b of batches) expect(Array.from(b.steps!.rows)).toEqual([...b.steps!.rows].sort((p, q) => q - p));
    disposeAll(batches);
  });

  it('caps tensor data the same way, and keeps a fixed validation draw', () => {
    const n = 1000;
    const x = tf.tensor3d(Float32Array.from({ length: n }, (_, i) => i), [n, 1, 1]);
    const data = tensorData(x, tf.zeros([n, 1]), tf.tensor3d(Float32Array.from({ length: n }, (_, i) => i), [n, 1, 1]), tf.zeros([n, 1]), 50, 1, 200);
    const epochs = [1, 2].map((e) => [...data.batches(e)]);
    const seen = epochs.map((parts) => firstFeatures(parts));
    expect(seen.map((s) => s.length)).toEqual([200, 200]);
    expect(new Set(seen[0]).size).toBe(200);
    expect(seen[1]).not.toEqual(seen[0]);
    const validation = [[...data.validation()], [...data.validation()]].map((parts) => firstFeatures(parts));
    expect(validation[0]).toHaveLength(200);
    expect(validation[1]).toEqual(validation[0]);
    epochs.forEach(disposeAll);
    data.dispose();
  });

  it('trains the amount model on a draw per epoch when its data exceed the cap (CDNOW_sample, 100 per epoch)', async () => {
    const source = fileSource(fixture('CDNOW_sample.txt'));
    const { dataset } = await importSources([source], (await inspectSource(source)).options);
    const h = historiesUpTo(dataset, dataset.summary.lastDay);
    const tensors = tf.memory().numTensors;
    const model = await trainAmount(h, 3, 90, { ...AMOUNT_DEFAULTS, epochs: 2, samplesPerEpoch: 100 });
    expect(model.fit!.history).toHaveLength(2);
    // Two epochs of 100 windows leave it far from trained: the smearing factor is only finite here.
    expect(model.smearing).toBeGreaterThan(0);
    expect(Number.isFinite(model.smearing)).toBe(true);
    model.network.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
  });
});

describe('the event loop while training', () => {
  it('runs at least every 50 ms of training, however short the epochs', async () => {
    // 1000 epochs of one small batch each: every epoch far below 50 ms, the whole fit most of a second.
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
    const x = tf.randomUniform([32, 2], 0, 1, 'float32', 1);
    const y = tf.sum(x, 1, true);
    const data = tensorData(x, y, x.clone(), y.clone(), 32, 1);
    const ticks: number[] = [];
    const timer = setInterval(() => ticks.push(performance.now()), 0);
    const start = performance.now();
    try {
      await fitMeanSquaredError(model, data, { ...AMOUNT_DEFAULTS, epochs: 1000, patience: 1000 });
    } finally {
      clearInterval(timer);
    }
    const end = performance.now();
    const during = [start, ...ticks.filter((t) => t < end), end];
    expect(end - start).toBeGreaterThan(150);
    expect(Math.max(...during.slice(1).map((t, k) => t - during[k]))).toBeLessThan(150);
    model.dispose();
  });
});
