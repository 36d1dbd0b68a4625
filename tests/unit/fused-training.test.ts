// Training through the fused LSTM follows the same curve as training the tf.layers model itself: the
// next-purchase network on CDNOW_sample, same initial weights, same batches (padded and masked for
// tf.layers, packed for ours), Adam steps on the hazard loss, losses compared step by step.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { importSources } from '../../src/lib/data/importer';
import { inspectSource } from '../../src/lib/data/inspect';
import { buildEventSequences, completedGaps, EVENT_FEATURES, EVENT_TARGETS, type EventSequences } from '../../src/lib/features/events';
import { historiesUpTo } from '../../src/lib/features/histories';
import { fitLogScaler } from '../../src/lib/features/scaler';
import { NEXT_PURCHASE_DEFAULTS } from '../../src/lib/models/next-purchase/meta';
import { buildNextPurchaseNetwork, nextPurchaseTraining } from '../../src/lib/models/next-purchase/model';
import { packedBatch } from '../../src/lib/models/next-purchase/sequence-batches';
import { trainingForward } from '../../src/lib/models/recurrent/forward';
import { permutation } from '../../src/lib/util/random';
import { fileSource, fixture } from './helpers';
import { backendReady } from './tf-setup';

beforeAll(() => backendReady);

/** x [n, L, F] and y [n, L, 3] zero-padded after each sequence's last event (mask 0 there). */
function paddedBatch(s: EventSequences, idx: Int32Array): { x: tf.Tensor3D; y: tf.Tensor3D } {
  const length = idx.reduce((m, i) => Math.max(m, s.lengths[i]), 1);
  const x = new Float32Array(idx.length * length * EVENT_FEATURES);
  const y = new Float32Array(idx.length * length * EVENT_TARGETS);
  idx.forEach((i, b) => {
    x.set(s.x.subarray(s.offsets[i] * EVENT_FEATURES, s.offsets[i + 1] * EVENT_FEATURES), b * length * EVENT_FEATURES);
    y.set(s.y.subarray(s.offsets[i] * EVENT_TARGETS, s.offsets[i + 1] * EVENT_TARGETS), b * length * EVENT_TARGETS);
  });
  return { x: tf.tensor3d(x, [idx.length, length, EVENT_FEATURES]), y: tf.tensor3d(y, [idx.length, length, EVENT_TARGETS]) };
}

describe('training through the fused LSTM', () => {
  it('gives the loss curve of tf.layers on CDNOW_sample (12 Adam steps, 512 customers each)', async () => {
    const source = fileSource(fixture('CDNOW_sample.txt'));
    const { dataset } = await importSources([source], (await inspectSource(source)).options);
    const h = historiesUpTo(dataset, dataset.summary.lastDay);
    const scaler = fitLogScaler(completedGaps(h));
    const s = buildEventSequences(h, scaler);
    const options = { ...NEXT_PURCHASE_DEFAULTS, learningRate: 0.01 };
    const order = permutation(s.count, 3);
    const batches = Array.from({ length: 12 }, (_, k) => order.subarray((k % 4) * 512, (k % 4) * 512 + 512));
    const tensors = tf.memory().numTensors;
    const curve = (fused: boolean) => {
      const network = buildNextPurchaseNetwork(options);
      const training = nextPurchaseTraining(options, scaler.mean);
      const variables = network.train.trainableWeights.map((w) => w.read() as tf.Variable);
      const forward = trainingForward(network.train);
      const losses = batches.map((idx) => {
        const batch = fused ? packedBatch(s, idx) : { ...paddedBatch(s, idx), steps: undefined };
        const step = () => training.loss(batch.y, fused ? forward(batch.x, batch.steps) : (network.train.apply(batch.x) as tf.Tensor)) as tf.Scalar;
        const cost = training.optimizer.minimize(step, true, variables)!;
        const value = cost.dataSync()[0];
        tf.dispose([cost, batch.x, batch.y]);
        return value;
      });
      network.train.dispose();
      training.optimizer.dispose();
      return losses;
    };
    const [ours, theirs] = [curve(true), curve(false)];
    expect(theirs[11]).toBeLessThan(theirs[0] - 0.05);
    ours.forEach((loss, k) => expect(Math.abs(loss - theirs[k]) / Math.abs(theirs[k])).toBeLessThan(1e-4));
    expect(tf.memory().numTensors).toBe(tensors);
  });
});
