// The LSTM of tf.layers (gates i, f, c, o; hard sigmoid clip(0.2 z + 0.5, 0, 1) on i, f, o; tanh on
// the candidate and the state) as one op with its own backpropagation through time. tf.layers' loop
// slices every step out of the whole padded input, splits the gates with more slices, handles the
// mask with bool ops, and the tape then differentiates each of those ops: the next-purchase model
// trained at 0.39 GFLOP/s on WASM, and on WebGPU the bool transpose of the mask computed zeros.
// Here the input's product with the kernel is one matMul for all steps, a step is one matMul over
// h for all four gates and a few element-wise ops on the rows still running, and the backward pass
// is written out, float ops only, with the weight gradients as three matMuls over all steps.
//
// Sequences are packed time-major: sorted longest first, step t holds the first steps[t] sequences,
// so padding costs nothing and no mask is needed. Row r of x (and of the output) belongs to step t
// for offsets[t] <= r < offsets[t + 1], and to the (r - offsets[t])-th sequence.
import * as tf from '@tensorflow/tfjs';
import { H_AT, LSTM_STEP, LSTM_STEP_BACK } from './lstm-kernels';

/** Rows per step of packed sequences (non-increasing) and where each step starts. */
export interface PackedSteps {
  rows: Int32Array;
  offsets: Int32Array;
}

export function packedSteps(rows: ArrayLike<number>): PackedSteps {
  const offsets = new Int32Array(rows.length + 1);
  for (let t = 0; t < rows.length; t++) {
    if (t > 0 && rows[t] > rows[t - 1]) throw new RangeError(`Packed steps must not grow: step ${t} has ${rows[t]} rows after ${rows[t - 1]}.`);
    offsets[t + 1] = offsets[t] + rows[t];
  }
  return { rows: Int32Array.from(rows), offsets };
}

/** Rows [from, from + n) of a packed tensor. */
const rowsOf = (x: tf.Tensor2D, from: number, n: number): tf.Tensor2D => tf.slice(x, [from, 0], [n, -1]);
/** The first n rows of a [m, k] tensor (itself when m = n). */
const head = (x: tf.Tensor2D, n: number): tf.Tensor2D => (x.shape[0] === n ? x : rowsOf(x, 0, n));
/** A [n, k] tensor padded with zero rows to [m, k]. */
const padRows = (x: tf.Tensor2D, m: number): tf.Tensor2D => (x.shape[0] === m ? x : tf.concat([x, tf.zeros([m - x.shape[0], x.shape[1]])], 0));

/**
 * Per-column factors that fold the gates' activations into the weights: z' = z * scale + shift makes
 * i, f and o a plain clip(z', 0, 1) and the candidate tanh(z) = 2 sigmoid(z') - 1 (the WASM tanh is
 * scalar code, six times slower than its sigmoid).
 */
function gateFolds(units: number): { scale: tf.Tensor1D; shift: tf.Tensor1D } {
  const scale = new Float32Array(4 * units).fill(0.2);
  const shift = new Float32Array(4 * units).fill(0.5);
  for (let u = 2 * units; u < 3 * units; u++) [scale[u], shift[u]] = [2, 0];
  return { scale: tf.tensor1d(scale), shift: tf.tensor1d(shift) };
}

/** d clip(z', 0, 1) / dz' from its output: 1 strictly inside (0, 1), 0 where clipped (as tf's clip). */
const inside = (gate: tf.Tensor) => tf.ceil(tf.sub(gate, tf.square(gate)));
/**
 * h at every step of packed sequences: x [E, F] -> [E, units], with tf.layers' LSTM weights kernel
 * [F, 4 units], recurrent kernel [units, 4 units], bias [4 units] (zero initial state).
 *
 * Only the recurrence runs step by step. Everything else is one op over all steps: the input's
 * product with the kernel before the loop; after it, the factors the backward pass multiplies by
 * (so a backward step is dz = [dc, dc, dc, dh] * factors, dh' = dz R^T and dc' = dc f), and the three
 * weight gradients over all steps at once.
 */
export function lstmSequence(x: tf.Tensor2D, kernel: tf.Tensor2D, recurrent: tf.Tensor2D, bias: tf.Tensor1D, steps: PackedSteps): tf.Tensor2D {
  const units = recurrent.shape[0];
  const { rows, offsets } = steps;
  const last = rows.length - 1;
  if (offsets[rows.length] !== x.shape[0]) throw new RangeError(`Packed steps cover ${offsets[rows.length]} rows, the input has ${x.shape[0]}.`);
  const fused = tf.getKernel(LSTM_STEP, tf.getBackend()) !== undefined;
  const run = tf.customGrad((...args: unknown[]) => {
    const [xs, k, r, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    const folds = gateFolds(units);
    const kf = tf.mul(k, folds.scale) as tf.Tensor2D;
    const rf = tf.mul(r, folds.scale) as tf.Tensor2D;
    const zx = tf.fused.matMul({ a: xs, b: kf, bias: tf.add(tf.mul(b, folds.scale), folds.shift) }) as tf.Tensor2D;
    if (fused) return stepKernels(xs, kf, rf, zx, folds.scale, steps, save);
    const per: Record<'i' | 'f' | 'g' | 'o' | 'cPrev' | 'tc' | 'h' | 'hPrev', tf.Tensor[]> = { i: [], f: [], g: [], o: [], cPrev: [], tc: [], h: [], hPrev: [] };
    let h: tf.Tensor2D | null = null;
    let c: tf.Tensor2D | null = null;
    for (let t = 0; t <= last; t++) {
      const n = rows[t];
      const zt = rowsOf(zx, offsets[t], n);
      const hPrev = h ? head(h, n) : (tf.zeros([n, units]) as tf.Tensor2D);
      const z = h ? tf.add(zt, tf.matMul(hPrev, rf)) : zt;
      const clipped = tf.clipByValue(z, 0, 1);
      const gate = (from: tf.Tensor, g: number) => tf.slice(from, [0, g * units], [n, units]);
      const [i, f, o] = [gate(clipped, 0), gate(clipped, 1), gate(clipped, 3)];
      const g = tf.sub(tf.mul(tf.sigmoid(gate(z, 2)), 2), 1);
      const cPrev = c ? head(c, n) : (tf.zeros([n, units]) as tf.Tensor2D);
      c = tf.add(tf.mul(f, cPrev), tf.mul(i, g)) as tf.Tensor2D;
      const tc = tf.sub(tf.mul(tf.sigmoid(tf.mul(c, 2)), 2), 1);
      h = tf.mul(o, tc) as tf.Tensor2D;
      const values = { i, f, g, o, cPrev, tc, h, hPrev };
      for (const key of Object.keys(per) as (keyof typeof per)[]) per[key].push(values[key]);
    }
    const [I, F, G, O, C, TC, H, HP] = [per.i, per.f, per.g, per.o, per.cPrev, per.tc, per.h, per.hPrev].map((list) => tf.concat(list, 0) as tf.Tensor2D);
    // dz = [dc g, dc c_prev, dc i, dh tanh(c)] times each gate's slope in z'; the candidate's slope
    // d(2 sigmoid - 1)/dz' is (1 - g^2) / 2.
    const factors = tf.concat([tf.mul(G, inside(I)), tf.mul(C, inside(F)), tf.mul(I, tf.mul(tf.sub(1, tf.square(G)), 0.5)), tf.mul(TC, inside(O))], 1) as tf.Tensor2D;
    // dc from dh: o (1 - tanh(c)^2).
    const dcOfDh = tf.mul(O, tf.sub(1, tf.square(TC))) as tf.Tensor2D;
    // The forward pass runs in a tidy: what the backward pass needs is saved (kept) explicitly. The
    // transposed copies are made once: R^T serves every backward step, and XNNPACK packs it once
    // (a transposed operand would be copied again on every step).
    save([tf.transpose(xs), tf.transpose(kf), tf.transpose(rf), tf.transpose(HP), folds.scale, F, factors, dcOfDh]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const dH = dy as tf.Tensor2D;
      const [xT, kfT, rfT, hPrevT, scale, F, factors, dcOfDh] = saved as tf.Tensor2D[];
      const dz: tf.Tensor2D[] = new Array(rows.length);
      let dhNext: tf.Tensor2D | null = null;
      let dcNext: tf.Tensor2D | null = null;
      for (let t = last; t >= 0; t--) {
        const [n, from] = [rows[t], offsets[t]];
        const dhOut = rowsOf(dH, from, n);
        const dh = dhNext ? tf.add(dhOut, padRows(dhNext, n)) : dhOut;
        const dcFromH = tf.mul(dh, rowsOf(dcOfDh, from, n));
        const dc = dcNext ? tf.add(dcFromH, padRows(dcNext, n)) : dcFromH;
        dz[t] = tf.mul(tf.concat([dc, dc, dc, dh], 1), rowsOf(factors, from, n)) as tf.Tensor2D;
        if (t > 0) {
          dhNext = tf.matMul(dz[t], rfT);
          dcNext = tf.mul(dc, rowsOf(F, from, n)) as tf.Tensor2D;
        }
      }
      return weightGradients(tf.concat(dz, 0) as tf.Tensor2D, xT, kfT, hPrevT, scale);
    };
    return { value: H, gradFunc };
  });
  return run(x, kernel, recurrent, bias) as tf.Tensor2D;
}

/** The weight gradients of lstmSequence from dz at every step, with the tensors both paths save. */
function weightGradients(dzAll: tf.Tensor2D, xT: tf.Tensor2D, kfT: tf.Tensor2D, hPrevT: tf.Tensor2D, scale: tf.Tensor): tf.Tensor[] {
  const dx = tf.matMul(dzAll, kfT);
  const dk = tf.mul(tf.matMul(xT, dzAll), scale);
  const dr = tf.mul(tf.matMul(hPrevT, dzAll), scale);
  const db = tf.mul(tf.sum(dzAll, 0), scale);
  return [dx, dk, dr, db];
}

/**
 * lstmSequence's steps with the element-wise work of each in one kernel (lstm-kernels.ts, WASM):
 * forward, a step is a slice of the previous h, its matMul with R and the kernel; backward, the
 * kernel and dz's matMul with R^T.
 */
function stepKernels(xs: tf.Tensor2D, kf: tf.Tensor2D, rf: tf.Tensor2D, zx: tf.Tensor2D, scale: tf.Tensor1D, { rows, offsets }: PackedSteps, save: tf.GradSaveFunc) {
  const units = rf.shape[0];
  const last = rows.length - 1;
  const run = (name: string, inputs: Record<string, tf.Tensor | null>, attrs: Record<string, number>) =>
    tf.engine().runKernel(name, Object.fromEntries(Object.entries(inputs).filter(([, v]) => v !== null)) as tf.NamedTensorMap, { ...attrs, units });
  const outs: tf.Tensor2D[] = [];
  // h_prev of every row: zeros at step 0, then the previous step's h for the rows still running.
  const hPrev: tf.Tensor2D[] = [tf.zeros([rows[0], units])];
  let prev: tf.Tensor2D | null = null;
  for (let t = 0; t <= last; t++) {
    const n = rows[t];
    let hr: tf.Tensor2D | null = null;
    if (prev) {
      const h = tf.slice(prev, [0, H_AT * units], [n, units]);
      hPrev.push(h);
      hr = tf.matMul(h, rf);
    }
    prev = run(LSTM_STEP, { zx, hr, prev }, { from: offsets[t], n }) as tf.Tensor2D;
    outs.push(prev);
  }
  const all = tf.concat(outs, 0) as tf.Tensor2D;
  const H = tf.slice(all, [0, H_AT * units], [all.shape[0], units]);
  save([tf.transpose(xs), tf.transpose(tf.concat(hPrev, 0)), tf.transpose(rf), tf.transpose(kf), scale, all]);
  const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
    const [xT, hPrevT, rfT, kfT, scaleSaved, allSaved] = saved as tf.Tensor2D[];
    const dz: tf.Tensor2D[] = new Array(rows.length);
    let dhr: tf.Tensor2D | null = null;
    let dcNext: tf.Tensor2D | null = null;
    for (let t = last; t >= 0; t--) {
      const attrs = { from: offsets[t], n: rows[t], prevFrom: t > 0 ? offsets[t - 1] : -1, nextFrom: t < last ? offsets[t + 1] : 0 };
      const [d, dc] = run(LSTM_STEP_BACK, { dH: dy, steps: allSaved, dhr, dcNext }, attrs) as tf.Tensor2D[];
      dz[t] = d;
      if (t > 0) [dhr, dcNext] = [tf.matMul(d, rfT), dc];
    }
    return weightGradients(tf.concat(dz, 0) as tf.Tensor2D, xT, kfT, hPrevT, scaleSaved);
  };
  return { value: H, gradFunc };
}

/**
 * The last h of equal-length sequences [B, T, F] (tf.layers' LSTM without returnSequences): the
 * batch goes time-major, every step holding all B rows.
 */
export function lstmLast(x: tf.Tensor3D, kernel: tf.Tensor2D, recurrent: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor2D {
  const [batch, time, features] = x.shape;
  const packed = tf.reshape(tf.transpose(x, [1, 0, 2]), [time * batch, features]) as tf.Tensor2D;
  const all = lstmSequence(packed, kernel, recurrent, bias, packedSteps(new Array(time).fill(batch)));
  return tf.slice(all, [(time - 1) * batch, 0], [batch, -1]);
}
