// The element-wise part of a fused LSTM step (lstm.ts) as one kernel each way, for the WASM backend:
// loops over views of its heap. There, each tf op costs 5-20 us of call overhead whatever its size, and
// a step was about 20 ops forward and 15 backward around its one matMul; now it is the matMul, this
// kernel and one slice forward, the kernel and the matMul backward. Other backends keep the tf ops
// (a GPU would run these loops nowhere).
//
// A forward step writes one row per sequence of [i, f, g, o, c, tanh(c), h] (7 x units): the gates
// after their activations (the pre-activations are folded as in lstm.ts: i, f, o = clip(z, 0, 1),
// g = 2 sigmoid(z) - 1), the cell state, its tanh and the output. The backward step reads those rows
// back, with the previous step's c, for dz (the gates' pre-activation gradients) and dc.
import * as tf from '@tensorflow/tfjs';
import { fastExp } from '../../util/fast-exp';

export const LSTM_STEP = 'ClvLstmStep';
export const LSTM_STEP_BACK = 'ClvLstmStepBack';
const STEP_WIDTH = 7;
/** Where h starts in a step's row, in units. */
export const H_AT = 6;

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
}

const sigmoid = (z: number) => 1 / (1 + fastExp(-z));
const clip = (z: number) => (z < 0 ? 0 : z > 1 ? 1 : z);
/** d clip(z, 0, 1) / dz from its output: 1 strictly inside (0, 1), 0 where clipped. */
const inside = (gate: number) => (gate > 0 && gate < 1 ? 1 : 0);

/**
 * Inputs zx [E, 4u] (every step's input product), hr [n, 4u] (h_prev R, absent at step 0), prev
 * [m, 7u] (the previous step's rows, absent at step 0); attrs from (zx's first row of this step), n,
 * units. Output [n, 7u].
 */
function step({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: WasmBackendLike; attrs: Record<string, number> }): tf.TensorInfo {
  const { from, n, units: u } = attrs;
  const w = STEP_WIDTH * u;
  const out = backend.makeOutput([n, w], 'float32');
  const os = backend.typedArrayFromHeap(out);
  const zx = backend.typedArrayFromHeap(inputs.zx as tf.TensorInfo);
  const hr = inputs.hr ? backend.typedArrayFromHeap(inputs.hr as tf.TensorInfo) : null;
  const prev = inputs.prev ? backend.typedArrayFromHeap(inputs.prev as tf.TensorInfo) : null;
  // Two passes per row: the gates and the cell state, then tanh(c) and h. In one pass the second
  // exp of an element waited on the first, and the step ran at 42 ns an element; now 16. The
  // scratch rows keep c and o in double precision, as one pass had them.
  const [cs, gateO] = [new Float64Array(u), new Float64Array(u)];
  for (let r = 0; r < n; r++) {
    const [z0, h0, o0] = [(from + r) * 4 * u, r * 4 * u, r * w];
    for (let j = 0; j < u; j++) {
      const [a, b] = [z0 + j, h0 + j];
      const i = clip(zx[a] + (hr ? hr[b] : 0));
      const f = clip(zx[a + u] + (hr ? hr[b + u] : 0));
      const g = 2 * sigmoid(zx[a + 2 * u] + (hr ? hr[b + 2 * u] : 0)) - 1;
      const o = clip(zx[a + 3 * u] + (hr ? hr[b + 3 * u] : 0));
      const c = f * (prev ? prev[o0 + 4 * u + j] : 0) + i * g;
      os[o0 + j] = i;
      os[o0 + u + j] = f;
      os[o0 + 2 * u + j] = g;
      os[o0 + 3 * u + j] = o;
      os[o0 + 4 * u + j] = c;
      cs[j] = c;
      gateO[j] = o;
    }
    for (let j = 0; j < u; j++) {
      const tc = 2 * sigmoid(2 * cs[j]) - 1;
      os[o0 + 5 * u + j] = tc;
      os[o0 + H_AT * u + j] = gateO[j] * tc;
    }
  }
  return out;
}

/**
 * Inputs dH [E, u] (the loss's gradient for every h), steps [E, 7u] (every step's rows), dhr
 * [m, u] (dz of the next step times R^T, absent at the last step) and dcNext [m, u] (the next
 * step's dc, absent there too); attrs from, n (this step's rows), prevFrom (the previous step's
 * first row, -1 at step 0), nextFrom (the next step's first row), units. Outputs dz [n, 4u], dc [n, u].
 */
function stepBack({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: WasmBackendLike; attrs: Record<string, number> }): tf.TensorInfo[] {
  const { from, n, prevFrom, nextFrom, units: u } = attrs;
  const w = STEP_WIDTH * u;
  const dzOut = backend.makeOutput([n, 4 * u], 'float32');
  const dcOut = backend.makeOutput([n, u], 'float32');
  const [dzs, dcs] = [backend.typedArrayFromHeap(dzOut), backend.typedArrayFromHeap(dcOut)];
  const dH = backend.typedArrayFromHeap(inputs.dH as tf.TensorInfo);
  const s = backend.typedArrayFromHeap(inputs.steps as tf.TensorInfo);
  const dhr = inputs.dhr ? backend.typedArrayFromHeap(inputs.dhr as tf.TensorInfo) : null;
  const dcNext = inputs.dcNext ? backend.typedArrayFromHeap(inputs.dcNext as tf.TensorInfo) : null;
  const next = dcNext ? (inputs.dcNext as tf.TensorInfo).shape[0] : 0;
  for (let r = 0; r < n; r++) {
    const row = (from + r) * w;
    for (let j = 0; j < u; j++) {
      const i = s[row + j];
      const f = s[row + u + j];
      const g = s[row + 2 * u + j];
      const o = s[row + 3 * u + j];
      const tc = s[row + 5 * u + j];
      const dh = dH[(from + r) * u + j] + (r < next ? dhr![r * u + j] : 0);
      // The next step's dc flows back through its forget gate.
      const dc = dh * o * (1 - tc * tc) + (r < next ? dcNext![r * u + j] * s[(nextFrom + r) * w + u + j] : 0);
      const cPrev = prevFrom < 0 ? 0 : s[(prevFrom + r) * w + 4 * u + j];
      const z0 = r * 4 * u;
      dzs[z0 + j] = dc * g * inside(i);
      dzs[z0 + u + j] = dc * cPrev * inside(f);
      // d(2 sigmoid - 1)/dz is (1 - g^2) / 2.
      dzs[z0 + 2 * u + j] = dc * i * (1 - g * g) * 0.5;
      dzs[z0 + 3 * u + j] = dh * tc * inside(o);
      dcs[r * u + j] = dc;
    }
  }
  return [dzOut, dcOut];
}

/** Registers both kernels on the WASM backend (lstm.ts uses them where they are registered). */
export function registerLstmKernels(): void {
  for (const [kernelName, kernelFunc] of [[LSTM_STEP, step], [LSTM_STEP_BACK, stepBack]] as const) {
    if (!tf.getKernel(kernelName, 'wasm')) tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: kernelFunc as unknown as tf.KernelFunc });
  }
}
