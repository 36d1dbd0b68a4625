// The fused LSTM with its own backpropagation against tf.layers' LSTM on the same weights: outputs,
// loss and every gradient, for packed sequences of several lengths and for equal-length batches.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { lstmLast, lstmSequence, packedSteps } from '../../src/lib/models/recurrent/lstm';
import { seededRandom } from '../../src/lib/util/random';
import { backendReady } from './tf-setup';

beforeAll(() => backendReady);

const FEATURES = 5;
const UNITS = 6;

function randomTensor(shape: number[], seed: number, scale = 1): tf.Tensor {
  const rand = seededRandom(seed);
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (rand() * 2 - 1) * scale), shape);
}

/** A tf.layers LSTM with set weights; large weights so that the hard sigmoid saturates in places. */
function layersLstm(returnSequences: boolean, time: number) {
  const layer = tf.layers.lstm({ units: UNITS, returnSequences });
  const model = tf.sequential({ layers: [tf.layers.masking({ maskValue: 0, inputShape: [time, FEATURES] }), layer] });
  layer.setWeights([randomTensor([FEATURES, 4 * UNITS], 1, 1.5), randomTensor([UNITS, 4 * UNITS], 2, 1.5), randomTensor([4 * UNITS], 3, 1)]);
  return { model, weights: layer.getWeights() as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D] };
}

const maxRelativeError = (a: tf.Tensor, b: tf.Tensor) => {
  const [x, y] = [a.dataSync(), b.dataSync()];
  const scale = Math.max(...Array.from(y, Math.abs), 1e-6);
  return Math.max(...Array.from(x, (v, i) => Math.abs(v - y[i]) / scale));
};

describe('fused LSTM', () => {
  it('matches tf.layers on packed sequences of different lengths: h at every step and all gradients', () => {
    const lengths = [7, 5, 5, 3, 1, 1];
    const time = 7;
    const { model, weights } = layersLstm(true, time);
    // Padded [B, T, F] input for tf.layers, no feature zero inside a sequence; packed rows for ours.
    const rand = seededRandom(9);
    const padded = new Float32Array(lengths.length * time * FEATURES);
    lengths.forEach((len, b) => {
      for (let t = 0; t < len; t++) for (let k = 0; k < FEATURES; k++) padded[(b * time + t) * FEATURES + k] = rand() * 4 - 2 || 0.1;
    });
    const steps = packedSteps(Array.from({ length: time }, (_, t) => lengths.filter((l) => l > t).length));
    const packed = new Float32Array(steps.offsets[time] * FEATURES);
    for (let t = 0; t < time; t++) for (let j = 0; j < steps.rows[t]; j++) packed.set(padded.subarray((j * time + t) * FEATURES, (j * time + t + 1) * FEATURES), (steps.offsets[t] + j) * FEATURES);
    const target = randomTensor([steps.offsets[time], UNITS], 4);
    // The same loss on both: squared error over the real steps only.
    const gather = (h3: tf.Tensor) => tf.concat(Array.from({ length: time }, (_, t) => tf.slice(h3, [0, t, 0], [steps.rows[t], 1, UNITS]).reshape([steps.rows[t], UNITS])), 0);
    const layersLoss = (x: tf.Tensor, ...w: tf.Tensor[]) => {
      const lstm = model.layers[1];
      lstm.setWeights(w);
      return tf.sum(tf.square(tf.sub(gather(model.apply(x) as tf.Tensor), target))) as tf.Scalar;
    };
    const x3 = tf.tensor3d(padded, [lengths.length, time, FEATURES]);
    const x2 = tf.tensor2d(packed, [steps.offsets[time], FEATURES]);
    const ours = tf.valueAndGrads((k: tf.Tensor, r: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.sub(lstmSequence(x2, k as tf.Tensor2D, r as tf.Tensor2D, b as tf.Tensor1D, steps), target))) as tf.Scalar)(weights);
    // tf.layers reads its weights from variables: differentiate through the variables.
    const vars = (model.layers[1].trainableWeights.map((w) => w.read()) as tf.Variable[]);
    const theirs = tf.variableGrads(() => layersLoss(x3, ...weights), vars);
    expect(Math.abs(ours.value.dataSync()[0] - theirs.value.dataSync()[0]) / theirs.value.dataSync()[0]).toBeLessThan(1e-5);
    vars.forEach((v, i) => expect(maxRelativeError(ours.grads[i], theirs.grads[v.name])).toBeLessThan(1e-4));
    expect(maxRelativeError(lstmSequence(x2, ...weights, steps), gather(model.predict(x3) as tf.Tensor))).toBeLessThan(1e-5);
  });

  it('gives the last h of equal-length batches, with the gradient of its input, as tf.layers', () => {
    const time = 4;
    const { model, weights } = layersLstm(false, time);
    const x = randomTensor([3, time, FEATURES], 7, 2);
    const target = randomTensor([3, UNITS], 8);
    const lossOf = (h: tf.Tensor) => tf.sum(tf.square(tf.sub(h, target))) as tf.Scalar;
    const ours = tf.valueAndGrads((xi: tf.Tensor) => lossOf(lstmLast(xi as tf.Tensor3D, ...weights)))([x]);
    const theirs = tf.valueAndGrads((xi: tf.Tensor) => lossOf(model.layers[1].apply(xi) as tf.Tensor))([x]);
    expect(Math.abs(ours.value.dataSync()[0] - theirs.value.dataSync()[0]) / theirs.value.dataSync()[0]).toBeLessThan(1e-5);
    expect(maxRelativeError(ours.grads[0], theirs.grads[0])).toBeLessThan(1e-4);
  });

  it('refuses steps that grow or do not cover the input', () => {
    expect(() => packedSteps([2, 3])).toThrow(/step 1 has 3 rows after 2/);
    const [k, r, b] = [tf.zeros([FEATURES, 4 * UNITS]), tf.zeros([UNITS, 4 * UNITS]), tf.zeros([4 * UNITS])] as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
    expect(() => lstmSequence(tf.zeros([4, FEATURES]), k, r, b, packedSteps([2, 1]))).toThrow(/cover 3 rows, the input has 4/);
  });
});
