// The op cases of the kernel conformance check (conformance.ts): every op the models train and
// predict with, forward and backward, on small fixed inputs, with the int32 and bool inputs that
// tf.layers' masking and recurrent loop make. To add one, append `forward(name, () => tensors)` or
// `backward(name, f, inputs)`; a case that needs variables or a model writes its own `run`. A tfjs bug
// that the models do not meet is marked with knownOn(backend: why): reported, not failed on.
import * as tf from '@tensorflow/tfjs';
import { AMOUNT_FEATURES } from '../features/amount-windows';
import { EVENT_FEATURES } from '../features/events';
import { buildAmountNetwork } from './amount/model';
import { AMOUNT_DEFAULTS } from './amount/meta';
import { hazardLoss } from './next-purchase/hazard';
import { NEXT_PURCHASE_DEFAULTS } from './next-purchase/meta';
import { buildNextPurchaseNetwork } from './next-purchase/model';
import { trainingForward } from './recurrent/forward';
import { lstmSequence, packedSteps, type PackedSteps } from './recurrent/lstm';
import type { OpCase, Tolerance } from './conformance';
import { seededRandom } from '../util/random';

/** Deterministic values in [lo, hi): the project's seeded generator, the same on every backend and machine. */
function seeded(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * random());
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
const floats = (shape: number[], seed: number, lo = -1, hi = 1) => tf.tensor(seeded(size(shape), seed, lo, hi), shape);
/** Whole numbers in [lo, hi), as int32. */
const ints = (shape: number[], seed: number, lo = -3, hi = 4) => tf.tensor(Int32Array.from(seeded(size(shape), seed, lo, hi), Math.floor), shape, 'int32');
/** About a third false. */
const bools = (shape: number[], seed: number) => tf.tensor(Array.from(seeded(size(shape), seed), (v) => v > -0.33), shape, 'bool');
/** Whole numbers as float32, so that comparisons meet ties. */
const steps = (shape: number[], seed: number) => tf.tensor(Float32Array.from(seeded(size(shape), seed, -3, 4), Math.floor), shape);

/** Runs `build` in a tidy and reads its outputs, flattened. */
async function read(build: () => tf.Tensor | tf.Tensor[]): Promise<number[]> {
  const out = tf.tidy(build);
  const list = Array.isArray(out) ? out : [out];
  try {
    const data = await Promise.all(list.map((t) => t.data()));
    return data.flatMap((d) => Array.from(d as ArrayLike<number>, Number));
  } finally {
    tf.dispose(list);
  }
}

const forward = (name: string, build: () => tf.Tensor | tf.Tensor[], tolerance?: Partial<Tolerance>): OpCase => ({ name, run: () => read(build), tolerance });

/** The case, known to differ on some backends, for the reasons given. */
const knownOn = (known: Record<string, string>, c: OpCase): OpCase => ({ ...c, known });

const WASM_CAST_TO_BOOL = 'tfjs-backend-wasm 4.22 casts by copying into a Uint8Array: 2 -> 2, -3 -> 253, 0.5 -> 0 (not 1, 1, 1); the models cast only bool masks, to bool and float32';

/** The output of f and its gradients with respect to every input, for a seeded upstream gradient. */
function backward(name: string, f: (...xs: tf.Tensor[]) => tf.Tensor, inputs: () => tf.Tensor[], tolerance?: Partial<Tolerance>): OpCase {
  return forward(name, () => {
    const xs = inputs();
    const y = f(...xs);
    return [y, ...tf.grads(f)(xs, floats(y.shape, 99))];
  }, tolerance);
}

const A = () => floats([5, 7], 1);
const B = () => floats([5, 7], 2);
/** Sizes that are multiples of 4 take the vectorised programs on WebGPU. */
const A4 = () => floats([4, 8], 3);
const positive = () => floats([5, 7], 4, 0.05, 3);

const castCases: OpCase[] = [
  forward('cast bool->float32 (mul)', () => tf.mul(tf.cast(bools([5, 7], 10), 'float32'), A())),
  forward('cast bool->float32 (sub)', () => tf.sub(1, tf.cast(bools([4, 8], 11), 'float32'))),
  forward('cast int32->float32 (mul)', () => tf.mul(tf.cast(ints([5, 7], 12), 'float32'), A())),
  forward('cast float32->int32', () => tf.cast(tf.mul(A(), 3), 'int32')),
  knownOn({ wasm: WASM_CAST_TO_BOOL }, forward('cast float32->bool', () => tf.cast(steps([5, 7], 13), 'bool'))),
  knownOn({ wasm: WASM_CAST_TO_BOOL }, forward('cast int32->bool', () => tf.cast(ints([5, 7], 14), 'bool'))),
  forward('cast bool->float32->bool', () => tf.cast(tf.cast(tf.cast(bools([5, 7], 15), 'float32'), 'bool'), 'float32')),
  forward('reshape int32 (add)', () => tf.add(tf.reshape(ints([5, 7], 16), [7, 5]), ints([7, 5], 17))),
  forward('reshape bool->float32', () => tf.mul(tf.reshape(tf.cast(bools([5, 7], 18), 'float32'), [35]), tf.reshape(A(), [35]))),
  // On WebGPU these casts only relabel the buffer: every op after them reads i32 data as float32.
  ...(['bool', 'int32'] as const).map((dtype, k) => forward(`${dtype}->float32 into other ops`, () => {
    const x = tf.cast(dtype === 'bool' ? bools([5, 7], 19 + k) : ints([5, 7], 19 + k), 'float32');
    return [tf.matMul(x, floats([7, 3], 21)), tf.matMul(floats([3, 5], 22), x), tf.sum(x, 1), tf.mean(x), tf.exp(x), tf.sigmoid(x), tf.concat([x, A()], 1), tf.reverse(x, 1),
      tf.where(bools([5, 7], 23), x, A()), tf.clipByValue(x, 0, 0.5), tf.maximum(x, A()), tf.fused.matMul({ a: x, b: floats([7, 3], 24), bias: floats([3], 25), activation: 'relu' })];
  })),
];

// tf.layers' rnn() casts the mask bool -> float32 (a relabel on WebGPU) and transposes it [1, 0, 2].
const transposeCases: OpCase[] = [
  forward('transpose float32 2D', () => tf.transpose(floats([20, 18], 20))),
  forward('transpose float32 3D', () => tf.transpose(floats([3, 4, 5], 21), [1, 0, 2])),
  forward('transpose float32 4D', () => tf.transpose(floats([2, 3, 4, 5], 22), [3, 1, 0, 2])),
  forward('transpose int32 2D', () => tf.transpose(ints([20, 18], 23, -1e6, 1e6))),
  forward('transpose int32 3D', () => tf.transpose(ints([3, 4, 5], 24, -1e6, 1e6), [1, 0, 2])),
  forward('transpose bool 2D', () => tf.transpose(bools([20, 18], 25))),
  forward('transpose bool 3D', () => tf.transpose(bools([3, 4, 5], 26), [2, 0, 1])),
  forward('transpose bool->float32 2D', () => tf.add(tf.transpose(tf.cast(bools([20, 18], 27), 'float32')), 0.5)),
  forward('transpose bool->float32 3D (the rnn mask)', () => tf.add(tf.transpose(tf.cast(bools([3, 6, 1], 28), 'float32'), [1, 0, 2]), 0.5)),
  forward('transpose int32->float32 3D', () => tf.mul(tf.transpose(tf.cast(ints([3, 4, 5], 29), 'float32'), [1, 0, 2]), 0.5)),
];

const indexCases: OpCase[] = [
  forward('gather float32 axis 0 (int32 indices)', () => tf.gather(floats([6, 3, 4], 30), tf.tensor1d([5, 0, 2, 2, 1], 'int32'))),
  forward('gather float32 axis 1', () => tf.gather(A(), tf.tensor1d([6, 0, 3], 'int32'), 1)),
  forward('gather int32', () => tf.gather(ints([6, 4], 31, -1e6, 1e6), tf.tensor1d([3, 1, 5], 'int32'))),
  forward('gather bool->float32', () => tf.add(tf.gather(tf.cast(bools([6, 4], 32), 'float32'), tf.tensor1d([4, 0, 0, 2], 'int32')), 0.25)),
  forward('slice float32 2D', () => tf.slice(A(), [1, 2], [3, 4])),
  forward('slice float32 3D', () => tf.slice(floats([3, 4, 5], 33), [1, 0, 2], [2, -1, 2])),
  forward('slice int32', () => tf.slice(ints([5, 7], 34, -1e6, 1e6), [2, 1], [2, 5])),
  forward('slice bool->float32', () => tf.add(tf.slice(tf.cast(bools([5, 7], 35), 'float32'), [1, 1], [3, 3]), 0.5)),
  forward('concat float32 axis 0', () => tf.concat([A(), floats([2, 7], 36)], 0)),
  forward('concat float32 axis 1', () => tf.concat([A(), floats([5, 2], 37), floats([5, 3], 38)], 1)),
  forward('concat int32', () => tf.concat([ints([3, 4], 39, -1e6, 1e6), ints([3, 2], 40, -1e6, 1e6)], 1)),
  forward('concat bool', () => tf.concat([bools([3, 4], 41), bools([2, 4], 42)], 0)),
  forward('split float32', () => tf.split(floats([4, 3, 6], 43), 3, -1)),
  forward('split int32', () => tf.split(ints([4, 6], 44), [2, 4], 1)),
  forward('stack', () => tf.stack([A(), B()], 1)),
  forward('unstack', () => tf.unstack(floats([3, 4, 2], 45))),
  forward('tile float32', () => tf.tile(floats([2, 3], 46), [2, 3])),
  forward('tile int32', () => tf.tile(ints([2, 3], 47), [3, 1])),
  forward('tile bool->float32', () => tf.add(tf.tile(tf.cast(bools([3, 1], 48), 'float32'), [1, 4]), 0.5)),
  forward('reverse', () => tf.reverse(floats([3, 4, 2], 49), 0)),
  forward('expandDims, onesLike, zerosLike', () => [tf.expandDims(A(), -1), tf.onesLike(A()), tf.zerosLike(ints([3, 3], 50))]),
];

const logicCases: OpCase[] = [
  forward('greaterEqual', () => tf.greaterEqual(steps([5, 7], 60), steps([5, 7], 61))),
  forward('greaterEqual int32', () => tf.greaterEqual(ints([5, 7], 62), ints([5, 7], 63))),
  forward('greater, less, lessEqual', () => [tf.greater(steps([5, 7], 64), 0), tf.less(steps([5, 7], 65), steps([5, 7], 66)), tf.lessEqual(steps([4, 8], 67), 1)]),
  forward('equal, notEqual', () => [tf.equal(steps([5, 7], 68), steps([5, 7], 69)), tf.notEqual(steps([5, 7], 70), 0), tf.notEqual(ints([5, 7], 71), 1)]),
  forward('logicalAnd, logicalOr, logicalNot', () => [tf.logicalAnd(bools([5, 7], 72), bools([5, 7], 73)), tf.logicalOr(bools([5, 7], 74), bools([5, 7], 75)), tf.logicalNot(bools([5, 7], 76))]),
  forward('logicalAnd of comparisons', () => tf.logicalAnd(tf.greaterEqual(A(), -0.5), tf.less(A(), 0.5))),
  forward('any, all (the Masking layer)', () => [tf.any(tf.notEqual(steps([3, 4, 5], 77), 0), -1), tf.all(bools([3, 4], 78), 1)]),
  forward('where', () => tf.where(tf.greater(A(), 0), A(), B())),
  forward('where (broadcast condition)', () => tf.where(bools([5, 1], 79), A(), tf.zerosLike(A()))),
];

const matMulCases: OpCase[] = [
  forward('matMul', () => tf.matMul(floats([5, 6], 80), floats([6, 7], 81))),
  forward('matMul transposeA', () => tf.matMul(floats([6, 5], 82), floats([6, 7], 83), true, false)),
  forward('matMul transposeB', () => tf.matMul(floats([5, 6], 84), floats([7, 6], 85), false, true)),
  forward('matMul transposeA transposeB', () => tf.matMul(floats([6, 5], 86), floats([7, 6], 87), true, true)),
  forward('matMul 16x32x20', () => tf.matMul(floats([16, 32], 88), floats([32, 20], 89))),
  forward('matMul batched 3D', () => tf.matMul(floats([2, 3, 4], 90), floats([2, 4, 5], 91))),
  forward('fused matMul bias', () => tf.fused.matMul({ a: floats([5, 6], 92), b: floats([6, 7], 93), bias: floats([7], 94) })),
  forward('fused matMul bias relu', () => tf.fused.matMul({ a: floats([5, 6], 95), b: floats([6, 7], 96), bias: floats([7], 97), activation: 'relu' })),
  forward('fused matMul bias sigmoid', () => tf.fused.matMul({ a: floats([5, 6], 98), b: floats([6, 7], 99), bias: floats([7], 100), activation: 'sigmoid' })),
  knownOn(
    { wasm: 'tfjs-backend-wasm 4.22 adds the wrong bias elements from the second row on when transposeB is set; the models never fuse a bias with transposeB' },
    forward('fused matMul transposeB bias relu', () => tf.fused.matMul({ a: floats([5, 6], 101), b: floats([7, 6], 102), transposeB: true, bias: floats([7], 103), activation: 'relu' })),
  ),
  backward('matMul grad', (a, b) => tf.matMul(a, b), () => [floats([5, 6], 104), floats([6, 7], 105)]),
  backward('matMul transposeA grad', (a, b) => tf.matMul(a, b, true, false), () => [floats([6, 5], 106), floats([6, 7], 107)]),
  backward('matMul transposeB grad', (a, b) => tf.matMul(a, b, false, true), () => [floats([5, 6], 108), floats([7, 6], 109)]),
  backward('matMul transposeA transposeB grad', (a, b) => tf.matMul(a, b, true, true), () => [floats([6, 5], 110), floats([7, 6], 111)]),
  backward('fused matMul bias relu grad', (a, b, c) => tf.fused.matMul({ a, b, bias: c, activation: 'relu' }), () => [floats([5, 6], 112), floats([6, 7], 113), floats([7], 114)]),
  backward('fused matMul bias sigmoid grad', (a, b, c) => tf.fused.matMul({ a, b, bias: c, activation: 'sigmoid' }), () => [floats([5, 6], 115), floats([6, 7], 116), floats([7], 117)]),
];

const reduceCases: OpCase[] = [
  forward('sum', () => [tf.sum(A()), tf.sum(A(), 0), tf.sum(A(), 1), tf.sum(floats([3, 4, 5], 120), -1, true)]),
  forward('sum int32', () => tf.sum(ints([5, 7], 121), 1)),
  forward('sum 4096', () => tf.sum(floats([64, 64], 122), 0)),
  forward('mean', () => [tf.mean(A()), tf.mean(A(), 0), tf.mean(A(), 1)]),
  backward('sum grad', (x) => tf.sum(x, 1), () => [A()]),
  backward('mean grad', (x) => tf.mean(x, 0), () => [A()]),
];

const binaryCases: OpCase[] = [
  forward('add, sub, mul, div', () => [tf.add(A(), B()), tf.sub(A(), B()), tf.mul(A(), B()), tf.div(A(), positive())]),
  forward('add, sub, mul, div (vec4)', () => [tf.add(A4(), floats([4, 8], 130)), tf.sub(A4(), 0.5), tf.mul(A4(), floats([8], 131)), tf.div(A4(), floats([4, 8], 132, 0.5, 2))]),
  forward('add, sub, mul, div broadcast row', () => [tf.add(A(), floats([7], 133)), tf.sub(A(), floats([7], 134)), tf.mul(A(), floats([7], 135)), tf.div(A(), floats([7], 136, 0.5, 2))]),
  forward('add, sub, mul, div broadcast column', () => [tf.add(A(), floats([5, 1], 137)), tf.sub(floats([5, 1], 138), A()), tf.mul(floats([5, 1], 139), A()), tf.div(floats([5, 1], 140), positive())]),
  forward('add, sub, mul, div scalar', () => [tf.add(A(), 2), tf.sub(1, A()), tf.mul(A(), 0.2), tf.div(A(), 3), tf.div(2, positive())]),
  forward('add, mul int32', () => [tf.add(ints([5, 7], 141), ints([5, 7], 142)), tf.mul(ints([5, 7], 143), 3)]),
  backward('add grad (broadcast)', (a, b) => tf.add(a, b), () => [A(), floats([7], 144)]),
  backward('sub grad (broadcast)', (a, b) => tf.sub(a, b), () => [floats([5, 1], 145), A()]),
  backward('mul grad (broadcast)', (a, b) => tf.mul(a, b), () => [A(), floats([5, 1], 146)]),
  backward('div grad (broadcast)', (a, b) => tf.div(a, b), () => [A(), floats([7], 147, 0.5, 2)]),
  forward('maximum, minimum', () => [tf.maximum(A(), B()), tf.minimum(A(), B()), tf.maximum(A(), 0), tf.minimum(A(), 0.3)]),
  backward('maximum grad', (a, b) => tf.maximum(a, b), () => [A(), B()]),
  backward('minimum grad', (a, b) => tf.minimum(a, b), () => [A(), B()]),
];

const unary: [string, (x: tf.Tensor) => tf.Tensor, () => tf.Tensor][] = [
  ['exp', tf.exp, () => floats([5, 7], 150, -3, 3)],
  ['log', tf.log, positive],
  ['log1p', tf.log1p, () => floats([5, 7], 151, -0.9, 3)],
  ['expm1', tf.expm1, () => floats([5, 7], 152, -3, 3)],
  ['sigmoid', tf.sigmoid, () => floats([5, 7], 153, -6, 6)],
  ['tanh', tf.tanh, () => floats([5, 7], 154, -3, 3)],
  ['relu', tf.relu, A],
  ['softplus', tf.softplus, () => floats([5, 7], 155, -6, 6)],
  ['clipByValue', (x) => tf.clipByValue(x, -0.5, 0.5), A],
  ['neg', tf.neg, A],
  ['square', tf.square, A],
  ['sqrt', tf.sqrt, positive],
  ['abs', tf.abs, A],
];

const unaryCases: OpCase[] = [
  ...unary.map(([name, f, x]) => forward(name, () => [f(x()), f(tf.reshape(x(), [35]).slice(0, 32))])),
  ...unary.map(([name, f, x]) => backward(`${name} grad`, f, () => [x()])),
  forward('ceil', () => tf.ceil(floats([5, 7], 156, -3, 3))),
  forward('clipByValue (vec4)', () => tf.clipByValue(A4(), 0, 0.5)),
];

// The amount model: Conv1D ('same', relu) over [batch, window, features].
const convCases: OpCase[] = [
  forward('conv1d same', () => tf.conv1d(floats([2, 6, 3], 160) as tf.Tensor3D, floats([3, 3, 4], 161) as tf.Tensor3D, 1, 'same')),
  forward('conv1d valid stride 2', () => tf.conv1d(floats([2, 7, 3], 162) as tf.Tensor3D, floats([3, 3, 4], 163) as tf.Tensor3D, 2, 'valid')),
  backward('conv1d same bias relu grad', (x, w, b) => tf.relu(tf.add(tf.conv1d(x as tf.Tensor3D, w as tf.Tensor3D, 1, 'same'), b)), () => [floats([2, 6, 3], 164), floats([3, 3, 4], 165), floats([4], 166)]),
];

/** Weights set from seeded values, so that no initializer (and no backend's QR) is in the way. */
function setSeededWeights(model: tf.LayersModel, seed: number): void {
  const values = model.getWeights().map((w, i) => tf.tidy(() => tf.mul(floats(w.shape, seed + i), 0.6)));
  model.setWeights(values);
  tf.dispose(values);
}

/** A layers model's output, and the gradients of a seeded weighted sum of it with respect to its weights. */
function layersCase(name: string, build: () => tf.LayersModel, input: () => tf.Tensor, tolerance?: Partial<Tolerance>): OpCase {
  return {
    name,
    tolerance,
    run: async () => {
      const model = build();
      try {
        setSeededWeights(model, 170);
        return await read(() => {
          const x = input();
          const predicted = model.predict(x) as tf.Tensor;
          const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
          const weighted = () => tf.sum(tf.mul(model.apply(x, { training: true }) as tf.Tensor, floats(predicted.shape, 171))) as tf.Scalar;
          const { value, grads } = tf.variableGrads(weighted, vars);
          return [predicted, value, ...vars.map((v) => grads[v.name])];
        });
      } finally {
        model.dispose();
      }
    },
  };
}

/** A model's training forward pass (recurrent/forward.ts) and its weight gradients. */
function trainingForwardCase(name: string, build: () => tf.LayersModel, input: () => tf.Tensor, steps?: PackedSteps): OpCase {
  return {
    name,
    tolerance: LSTM_TOLERANCE,
    run: async () => {
      const model = build();
      try {
        return await read(() => {
          const x = input();
          const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
          const forwardPass = trainingForward(model);
          const out = forwardPass(x, steps);
          const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(forwardPass(x, steps), floats(out.shape, 172))) as tf.Scalar, vars);
          return [out, value, ...vars.map((v) => grads[v.name])];
        });
      } finally {
        model.dispose();
      }
    },
  };
}

/**
 * [3, 3, 2] sequences with masked (all-zero) steps: one full, one padded at the end, one at the start.
 * Short: WebGL compiles programs for every step (a slice's offset is part of its shader).
 */
function maskedSequences(): tf.Tensor {
  const keep = [[1, 1, 1], [1, 1, 0], [0, 1, 1]];
  return tf.mul(floats([3, 3, 2], 180, 0.1, 1), tf.tensor(keep.flat(), [3, 3, 1]));
}

const LSTM_TOLERANCE: Partial<Tolerance> = { relative: 1e-3, absolute: 1e-4 };

const layersCases: OpCase[] = [
  // The next-purchase network: Masking -> LSTM (every step) -> Dense relu -> Dense.
  layersCase('lstm layers masked, returnSequences', () => tf.sequential({
    layers: [tf.layers.masking({ maskValue: 0, inputShape: [3, 2] }), tf.layers.lstm({ units: 4, returnSequences: true }), tf.layers.dense({ units: 3, activation: 'relu' }), tf.layers.dense({ units: 2 })],
  }), maskedSequences, LSTM_TOLERANCE),
  // The amount network: Conv1D relu -> LSTM (last step) -> Dense relu -> Dense softplus.
  layersCase('conv1d lstm layers, last step', () => tf.sequential({
    layers: [tf.layers.conv1d({ inputShape: [4, 2], filters: 3, kernelSize: 3, padding: 'same', activation: 'relu' }), tf.layers.lstm({ units: 4 }), tf.layers.dense({ units: 3, activation: 'relu' }), tf.layers.dense({ units: 1, activation: 'softplus' })],
  }), () => floats([3, 4, 2], 181), LSTM_TOLERANCE),
  // Our own training path: the fused LSTM on packed steps (rows 3, 2, 2, 1) and the layers models
  // through trainingForward, weight gradients included.
  backward('fused lstm, packed steps', (x, k, r, b) => lstmSequence(x as tf.Tensor2D, k as tf.Tensor2D, r as tf.Tensor2D, b as tf.Tensor1D, packedSteps([3, 2, 2, 1])), () => [floats([8, 2], 182, -2, 2), floats([2, 16], 183, -1.5, 1.5), floats([4, 16], 184, -1.5, 1.5), floats([16], 185)], LSTM_TOLERANCE),
  trainingForwardCase('next-purchase network, training forward', () => buildNextPurchaseNetwork({ ...NEXT_PURCHASE_DEFAULTS, units: 4 }).train, () => floats([8, EVENT_FEATURES], 186), packedSteps([3, 2, 2, 1])),
  trainingForwardCase('amount network, training forward', () => buildAmountNetwork(4, { ...AMOUNT_DEFAULTS, filters: 3, units: 4 }), () => floats([3, 4, AMOUNT_FEATURES], 187)),
  forward('initializers glorotUniform, orthogonal', () => [tf.initializers.glorotUniform({ seed: 7 }).apply([4, 6]), tf.initializers.orthogonal({ seed: 8 }).apply([2, 2])], LSTM_TOLERANCE),
];

/** [2, 5, 3] targets (gap days, ended in a purchase, mask), as the next-purchase model's loss reads them. */
function hazardTargets(): tf.Tensor {
  const gap = tf.ceil(floats([2, 5, 1], 190, 0.5, 60));
  return tf.concat([gap, tf.cast(bools([2, 5, 1], 191), 'float32'), tf.cast(bools([2, 5, 1], 192), 'float32')], -1);
}

/** Three Adam steps on a dense sigmoid layer's mean squared error, as the models train (default epsilon: the backend's). */
function adamCase(name: string, epsilon?: number): OpCase {
  return {
    name,
    run: async () => {
      const w = tf.variable(floats([6, 3], 195));
      const b = tf.variable(floats([3], 196));
      const optimizer = tf.train.adam(0.01, undefined, undefined, epsilon);
      const [x, y] = [floats([8, 6], 197), floats([8, 3], 198)];
      try {
        for (let i = 0; i < 3; i++) {
          optimizer.minimize(() => tf.losses.meanSquaredError(y, tf.fused.matMul({ a: x, b: w, bias: b, activation: 'sigmoid' })) as tf.Scalar, false, [w, b]);
        }
        return await read(() => [w.clone(), b.clone()]);
      } finally {
        tf.dispose([w, b, x, y]);
        optimizer.dispose();
      }
    },
  };
}

const lossCases: OpCase[] = [
  backward('hazard loss grad', (yPred) => hazardLoss(hazardTargets(), yPred, 2.5), () => [floats([2, 5, 2], 193, -2, 2)], LSTM_TOLERANCE),
  backward('meanSquaredError grad', (p) => tf.losses.meanSquaredError(floats([5, 7], 194), p), () => [A()]),
  knownOn(
    { webgl: "tfjs-backend-webgl's floatPrecision() says 16 when float32 textures are on (tensorflow/tfjs#6980), so Adam's default epsilon is 1e-4 there, not 1e-7" },
    adamCase('adam steps'),
  ),
  adamCase('adam steps epsilon 1e-7', 1e-7),
];

export const CONFORMANCE_CASES: OpCase[] = [
  ...castCases, ...transposeCases, ...indexCases, ...logicCases, ...matMulCases, ...reduceCases,
  ...binaryCases, ...unaryCases, ...convCases, ...layersCases, ...lossCases,
];
