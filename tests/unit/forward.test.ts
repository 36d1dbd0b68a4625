// The training forward pass of whole networks against tf.layers on the same weights: the amount
// network (Conv1D, LSTM, dense, softplus) with kernels of both parities, output and every gradient.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AMOUNT_FEATURES } from '../../src/lib/features/amount-windows';
import { buildAmountNetwork } from '../../src/lib/models/amount/model';
import { AMOUNT_DEFAULTS } from '../../src/lib/models/amount/meta';
import { trainingForward } from '../../src/lib/models/recurrent/forward';
import { seededRandom } from '../../src/lib/util/random';
import { backendReady } from './tf-setup';

beforeAll(() => backendReady);

function randomTensor(shape: number[], seed: number): tf.Tensor {
  const rand = seededRandom(seed);
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rand() * 4 - 2), shape);
}

const relativeError = (a: tf.Tensor, b: tf.Tensor) => {
  const [x, y] = [a.dataSync(), b.dataSync()];
  const scale = Math.max(...Array.from(y, Math.abs), 1e-6);
  return Math.max(...Array.from(x, (v, i) => Math.abs(v - y[i]) / scale));
};

describe('training forward pass', () => {
  for (const kernelSize of [2, 3]) {
    it(`computes the amount network as tf.layers does, with its gradients (kernel ${kernelSize})`, () => {
      const window = 5;
      const network = buildAmountNetwork(window, { ...AMOUNT_DEFAULTS, kernelSize });
      const x = randomTensor([7, window, AMOUNT_FEATURES], kernelSize);
      const target = randomTensor([7, 1], 10 + kernelSize);
      const variables = network.trainableWeights.map((w) => w.read() as tf.Variable);
      const forward = trainingForward(network);
      const loss = (f: () => tf.Tensor) => () => tf.sum(tf.square(tf.sub(f(), target))) as tf.Scalar;
      const ours = tf.variableGrads(loss(() => forward(x)), variables);
      const theirs = tf.variableGrads(loss(() => network.apply(x) as tf.Tensor), variables);
      expect(relativeError(ours.value, theirs.value)).toBeLessThan(1e-5);
      for (const v of variables) expect(relativeError(ours.grads[v.name], theirs.grads[v.name])).toBeLessThan(1e-4);
      expect(relativeError(forward(x), network.predict(x) as tf.Tensor)).toBeLessThan(1e-5);
      network.dispose();
    });
  }

  it('refuses a layer it does not implement, naming it', () => {
    const model = tf.sequential({ layers: [tf.layers.gru({ units: 2, inputShape: [3, 2], name: 'my_gru' })] });
    expect(() => trainingForward(model)(tf.zeros([1, 3, 2]))).toThrow(/my_gru \(GRU\)/);
    model.dispose();
  });
});
