// The next-purchase network's forward pass for prediction, without tf.layers' recurrent loop. That loop
// slices every time step out of the whole padded input and splits the gates with more slices, and the
// WASM slice kernel copies its whole input each time: encoding CDNOW_master's 23,570 customers took
// 3.8 s. Here the trained weights are read once, a step computes only the rows given to it (so padding
// costs nothing), as one fused product per gate over [event features, h] and a few element-wise ops,
// and the state lives in plain arrays between steps, where dropping or copying rows is cheap.
import * as tf from '@tensorflow/tfjs';
import { HAZARD_PARAMS } from './hazard';
import { LAYER_NAMES } from './model';

interface Affine {
  kernel: tf.Tensor2D;
  bias: tf.Tensor1D;
}

export interface Cell {
  units: number;
  /** Inputs per step: the event's features and static inputs. */
  inputs: number;
  /** Input gate, forget gate, candidate (times 2), output gate: kernels [inputs + units, units]. */
  gates: Affine[];
  hidden: Affine;
  head: Affine;
}

/** Rows per tensor op: bounds the backend's memory (4,096 to 65,536 rows ran at the same speed). */
const CHUNK_ROWS = 16_384;

/**
 * The cell's weights, split per gate. tf.layers' LSTM keeps the gates side by side in its kernel
 * (i, f, c, o) and applies the hard sigmoid clip(0.2 z + 0.5, 0, 1) to i, f and o: the 0.2 and 0.5 are
 * folded into those gates' weights here, leaving a clip. The candidate's tanh(z) is computed as
 * 2 sigmoid(2 z) - 1, with the 2 folded into its weights: the WASM backend's tanh is scalar code, six
 * times slower than its sigmoid, and was half of the cost of a step.
 */
export function cellOf(train: tf.LayersModel): Cell {
  const [kernel, recurrent, bias] = train.getLayer(LAYER_NAMES.lstm).getWeights() as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
  const units = recurrent.shape[0];
  const tensors = tf.tidy(() => {
    const stacked = tf.concat([kernel, recurrent], 0);
    const gates = [0, 1, 2, 3].flatMap((g) => {
      const [k, b] = [tf.slice(stacked, [0, g * units], [-1, units]), tf.slice(bias, [g * units], [units])];
      return g === 2 ? [tf.mul(k, 2), tf.mul(b, 2)] : [tf.mul(k, 0.2), tf.add(tf.mul(b, 0.2), 0.5)];
    });
    return [...gates, ...[LAYER_NAMES.hidden, LAYER_NAMES.head].flatMap((name) => train.getLayer(name).getWeights().map((w) => tf.clone(w)))];
  }) as tf.Tensor[];
  const affine = (at: number): Affine => ({ kernel: tensors[at] as tf.Tensor2D, bias: tensors[at + 1] as tf.Tensor1D });
  return { units, inputs: kernel.shape[0], gates: [0, 2, 4, 6].map(affine), hidden: affine(8), head: affine(10) };
}

export function disposeCell(cell: Cell): void {
  tf.dispose([...cell.gates, cell.hidden, cell.head].flatMap((a) => [a.kernel, a.bias]));
}

export interface StepOutput {
  /** [n, HAZARD_PARAMS] raw outputs: the distribution of the gap after this step's event. */
  params: Float32Array;
  h: Float32Array;
  c: Float32Array;
}

/** One LSTM step for n rows: `xh` [n, inputs + units] holds each row's inputs then its h; `c` [n, units]. */
export function cellStep(cell: Cell, xh: Float32Array, c: Float32Array, n: number): StepOutput {
  const { units } = cell;
  const width = cell.inputs + units;
  const out: StepOutput = { params: new Float32Array(n * HAZARD_PARAMS), h: new Float32Array(n * units), c: new Float32Array(n * units) };
  for (let s = 0; s < n; s += CHUNK_ROWS) {
    const m = Math.min(CHUNK_ROWS, n - s);
    tf.tidy(() => {
      const input = tf.tensor2d(xh.subarray(s * width, (s + m) * width), [m, width]);
      const cPrev = tf.tensor2d(c.subarray(s * units, (s + m) * units), [m, units]);
      const [i, f, s2, o] = cell.gates.map((g, k) => tf.fused.matMul({ a: input, b: g.kernel, bias: g.bias, activation: k === 2 ? 'sigmoid' : 'linear' }));
      const tanh = (sigmoidOfTwice: tf.Tensor) => tf.sub(tf.mul(sigmoidOfTwice, 2), 1);
      const cNext = tf.add(tf.mul(tf.clipByValue(f, 0, 1), cPrev), tf.mul(tf.clipByValue(i, 0, 1), tanh(s2)));
      const hNext = tf.mul(tf.clipByValue(o, 0, 1), tanh(tf.sigmoid(tf.mul(cNext, 2))));
      const hidden = tf.fused.matMul({ a: hNext, b: cell.hidden.kernel, bias: cell.hidden.bias, activation: 'relu' });
      const params = tf.fused.matMul({ a: hidden, b: cell.head.kernel, bias: cell.head.bias });
      out.params.set(params.dataSync(), s * HAZARD_PARAMS);
      out.h.set(hNext.dataSync(), s * units);
      out.c.set(cNext.dataSync(), s * units);
    });
  }
  return out;
}
