// The kernels wasm-kernels.ts puts on the WASM backend, against what tfjs's own kernels compute.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/lib/util/random';
import { backendReady } from './tf-setup';

beforeAll(async () => {
  await backendReady;
  expect(tf.getBackend()).toBe('wasm');
});

function randomTensor(shape: number[], seed: number): tf.Tensor {
  const random = seededRandom(seed);
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (random() - 0.5) * 10 ** Math.floor(random() * 6 - 3)), shape);
}

/** tfjs's WASM Sum (Sum.cc): each output adds its inputs in row-major order, in float32. */
function float32Sum(x: Float32Array, shape: number[], axes: number[]): Float32Array {
  const kept = shape.map((_, d) => d).filter((d) => !axes.includes(d));
  const outSize = kept.reduce((s, d) => s * shape[d], 1);
  const out = new Float32Array(outSize);
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  for (let q = 0; q < x.length; q++) {
    let o = 0;
    for (const d of kept) o = o * shape[d] + (Math.floor(q / strides[d]) % shape[d]);
    out[o] = Math.fround(out[o] + x[q]);
  }
  return out;
}

describe('WASM Sum', () => {
  const cases: [number[], number[]][] = [[[2048, 64], [0]], [[1448, 128], [0]], [[17, 3], [0]], [[100_000, 2], [0]], [[513, 1], [0]], [[3, 300], [0]], [[6, 5, 4], [0, 1]], [[6, 5, 4], [0]], [[6, 5, 4], [1]], [[6, 5, 4], [2]], [[6, 5, 4], [0, 2]], [[40, 7], [1]], [[40, 7], [0, 1]]];
  it.each(cases)('sums %j over %j to the bit as tfjs does', (shape, axes) => {
    const x = randomTensor(shape, shape.length * 31 + axes.length);
    const want = float32Sum(x.dataSync() as Float32Array, shape, axes);
    for (const keepDims of [false, true]) {
      const got = tf.sum(x, axes, keepDims);
      expect(got.shape).toEqual(keepDims ? shape.map((s, d) => (axes.includes(d) ? 1 : s)) : shape.filter((_, d) => !axes.includes(d)));
      expect(Array.from(got.dataSync())).toEqual(Array.from(want));
      got.dispose();
    }
    x.dispose();
  });

  it('sums int32 over leading axes with tfjs kernel, and leaves no data behind', () => {
    const before = tf.engine().backend.numDataIds();
    const x = tf.tensor2d([[1, 2], [3, 4], [5, -6]], [3, 2], 'int32');
    const s = tf.sum(x, 0);
    expect(s.dtype).toBe('int32');
    expect(Array.from(s.dataSync())).toEqual([9, 0]);
    const f = randomTensor([300, 9], 4);
    tf.dispose([x, s, tf.sum(f, 0), f]);
    expect(tf.engine().backend.numDataIds()).toBe(before);
  });

  it('gives the gradient of a sum over leading axes', () => {
    const x = randomTensor([4, 3], 8);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.sum(t, 0), tf.tensor1d([1, 2, 3]))))(x);
    expect(Array.from(g.dataSync())).toEqual([1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3]);
  });
});

describe('WASM matMul with a transposed operand', () => {
  const cases: [string, number[], number[], boolean, boolean][] = [
    ['a^T b, a long shared dimension (a dense kernel gradient)', [1448, 32], [1448, 16], true, false],
    ['a b^T (a dense input gradient)', [1448, 16], [32, 16], false, true],
    ['a^T b^T', [50, 7], [9, 50], true, true],
    ['power-of-two shapes', [512, 16], [512, 64], true, false],
  ];
  it.each(cases)('%s gives the CPU backend numbers', async (_, aShape, bShape, transposeA, transposeB) => {
    const [a, b] = [randomTensor(aShape, 11), randomTensor(bShape, 12)];
    const before = tf.engine().backend.numDataIds();
    const got = tf.matMul(a, b, transposeA, transposeB);
    expect(tf.engine().backend.numDataIds()).toBe(before + 1);
    const values = got.dataSync();
    const [av, bv] = [a.dataSync(), b.dataSync()];
    await tf.setBackend('cpu');
    const want = tf.tidy(() => tf.matMul(tf.tensor(av, aShape), tf.tensor(bv, bShape), transposeA, transposeB).dataSync());
    await tf.setBackend('wasm');
    expect(got.shape).toEqual([transposeA ? aShape[1] : aShape[0], transposeB ? bShape[0] : bShape[1]]);
    const scale = Math.max(...Array.from(want, Math.abs));
    expect(Math.max(...Array.from(values, (v, i) => Math.abs(v - want[i]))) / scale).toBeLessThan(1e-5);
    tf.dispose([a, b, got]);
  });
});

describe('WASM split', () => {
  it('splits along any axis, evenly or by sizes, into copies of the parts', () => {
    const x = tf.tensor2d([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]]);
    expect(tf.split(x, 3, 1).map((t) => t.arraySync())).toEqual([[[1], [4], [7], [10]], [[2], [5], [8], [11]], [[3], [6], [9], [12]]]);
    expect(tf.split(x, [2, 1], -1).map((t) => t.arraySync())).toEqual([[[1, 2], [4, 5], [7, 8], [10, 11]], [[3], [6], [9], [12]]]);
    expect(tf.split(x, [1, 3], 0).map((t) => t.arraySync())).toEqual([[[1, 2, 3]], [[4, 5, 6], [7, 8, 9], [10, 11, 12]]]);
    expect(tf.split(tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2], 'int32'), 2, 1).map((t) => [t.dtype, t.arraySync()])).toEqual([['int32', [[[1, 2]], [[5, 6]]]], ['int32', [[[3, 4]], [[7, 8]]]]]);
  });
});
