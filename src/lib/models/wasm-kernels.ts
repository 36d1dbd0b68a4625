// Kernels for the WASM backend. It has no Conv2DBackpropFilter, which training a Conv1D needs: the CPU
// backend's kernel is registered for it, reading the inputs out of the WASM heap and writing the
// result back. And its Slice and Concat are JavaScript that copy the whole input out of the heap
// (Slice: 2.3 ms to take 16 rows of a [6653, 128] tensor) or make a subarray per row; the fused LSTM
// slices every step out of its inputs, so these are replaced by loops over views of the heap (and
// its SplitV, which calls that Slice directly: the loss splits its targets every batch).
// Its Sum over leading axes transposes them to the end first, and its Transpose takes 11 ns an
// element on power-of-two shapes: 1.6 ms to sum [2048, 64] over its rows, the bias gradient of
// the amount network's LSTM in every batch. Ours is a matMul by a row of ones (80 us). And its
// matMul with a transposed operand skips XNNPACK for a naive loop, six times slower: tfjs's
// gradients of every dense layer take that path, so the operand is transposed first.
import * as tf from '@tensorflow/tfjs';
import { registerLstmKernels } from './recurrent/lstm-kernels';

interface WasmBackendLike {
  disposeData(dataId: object): void;
  readSync(dataId: object): tf.backend_util.BackendValues;
  makeOutput(shape: number[], dtype: tf.DataType, memoryOffset?: number, values?: tf.backend_util.BackendValues): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** Every kernel this module adds or replaces on the WASM backend. */
export function registerWasmKernels(): void {
  registerWasmConvBackpropFilter();
  replaceKernel('Slice', slice);
  replaceKernel('Concat', concat);
  replaceKernel('SplitV', splitV);
  replaceKernel('Sum', sum);
  replaceKernel('BatchMatMul', batchMatMul);
  registerLstmKernels();
}

function registerWasmConvBackpropFilter(): void {
  const name = 'Conv2DBackpropFilter';
  if (tf.getKernel(name, 'wasm')) return;
  const cpu = tf.getKernel(name, 'cpu');
  if (!cpu) throw new Error('The CPU backend must be loaded to train Conv1D on WASM.');
  tf.registerKernel({
    kernelName: name,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const wasm = backend as unknown as WasmBackendLike;
      const cpuLike = {
        data: { get: (dataId: object) => ({ values: wasm.readSync(dataId) }) },
        makeTensorInfo: (shape: number[], dtype: tf.DataType, values: tf.backend_util.BackendValues) => wasm.makeOutput(shape, dtype, undefined, values),
      };
      return cpu.kernelFunc({ inputs, attrs, backend: cpuLike as unknown as tf.KernelBackend });
    },
  });
}

type KernelFunc = (args: { inputs: tf.NamedTensorInfoMap; backend: WasmBackendLike; attrs: Record<string, unknown> }) => tf.TensorInfo | tf.TensorInfo[] | null;

/** Wraps the registered kernel: ours handles numeric tensors, the original anything else (strings). */
function replaceKernel(name: string, ours: KernelFunc): void {
  const original = tf.getKernel(name, 'wasm');
  if (!original || (original as { ours?: boolean }).ours) return;
  tf.unregisterKernel(name, 'wasm');
  const config = {
    kernelName: name,
    backendName: 'wasm',
    ours: true,
    // The original's setup (its handle on the WASM function) still runs, for the cases it keeps.
    setupFunc: original.setupFunc,
    kernelFunc: (args: Parameters<tf.KernelFunc>[0]) => ours(args as unknown as Parameters<KernelFunc>[0]) ?? original.kernelFunc(args),
  };
  tf.registerKernel(config as tf.KernelConfig);
}

/** Copies n values; a loop beats subarray + set for the short runs of a row. */
function copy(from: ArrayLike<number>, fromOffset: number, to: Float32Array | Int32Array | Uint8Array, toOffset: number, n: number): void {
  if (n > 64) to.set((from as Float32Array).subarray(fromOffset, fromOffset + n), toOffset);
  else for (let k = 0; k < n; k++) to[toOffset + k] = from[fromOffset + k];
}

const slice: KernelFunc = ({ inputs, backend, attrs }) => {
  const x = inputs.x as tf.TensorInfo;
  if (x.dtype === 'string') return null;
  const [begin, size] = tf.slice_util.parseSliceParams(x as tf.Tensor, attrs.begin as number[], attrs.size as number[]);
  // Allocate first: a growing heap detaches the views taken before.
  const out = backend.makeOutput(size, x.dtype);
  const [xs, os] = [backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(out)];
  const strides = tf.util.computeStrides(x.shape);
  // The trailing axes taken whole, with the one before them, form one contiguous run per index of
  // the axes before: rows of a matrix are a single copy.
  let axis = x.shape.length - 1;
  while (axis > 0 && size[axis] === x.shape[axis]) axis--;
  const run = axis < 0 ? 1 : tf.util.sizeFromShape(size.slice(axis));
  const runs = tf.util.sizeFromShape(size) / Math.max(run, 1);
  const index = new Array(Math.max(axis, 0)).fill(0);
  for (let r = 0; r < runs && run > 0; r++) {
    let offset = axis < 0 ? 0 : begin[axis] * (strides[axis] ?? 1);
    for (let d = 0; d < axis; d++) offset += (begin[d] + index[d]) * strides[d];
    copy(xs, offset, os, r * run, run);
    for (let d = axis - 1; d >= 0 && ++index[d] === size[d]; d--) index[d] = 0;
  }
  return out;
};

const splitV: KernelFunc = ({ inputs, backend, attrs }) => {
  const x = inputs.x as tf.TensorInfo;
  const axis = tf.util.parseAxisParam(attrs.axis as number, x.shape)[0];
  const begin = new Array<number>(x.shape.length).fill(0);
  return tf.backend_util.prepareSplitSize(x as tf.Tensor, attrs.numOrSizeSplits as number[], axis).map((n) => {
    const size = x.shape.map((s, d) => (d === axis ? n : s));
    const part = slice({ inputs: { x }, backend, attrs: { begin: [...begin], size } }) as tf.TensorInfo;
    begin[axis] += n;
    return part;
  });
};

const concat: KernelFunc = ({ inputs, backend, attrs }) => {
  const tensors = Object.values(inputs) as tf.TensorInfo[];
  if (tensors[0].dtype === 'string') return null;
  const axis = tf.util.parseAxisParam(attrs.axis as number, tensors[0].shape)[0];
  const outShape = tf.backend_util.computeOutShape(tensors.map((t) => t.shape), axis);
  const out = backend.makeOutput(outShape, tensors[0].dtype);
  const os = backend.typedArrayFromHeap(out);
  const parts = tensors.filter((t) => tf.util.sizeFromShape(t.shape) > 0).map((t) => ({ values: backend.typedArrayFromHeap(t), inner: tf.util.sizeFromShape(t.shape.slice(axis)) }));
  const outer = tf.util.sizeFromShape(outShape.slice(0, axis));
  const width = parts.reduce((s, p) => s + p.inner, 0);
  for (let b = 0; b < outer; b++) {
    let offset = b * width;
    for (const p of parts) {
      copy(p.values, b * p.inner, os, offset, p.inner);
      offset += p.inner;
    }
  }
  return out;
};

/**
 * Sum of float32 x over its leading axes as ones [1, R] x [R, C] on the backend's matMul. XNNPACK adds
 * each column's R products in order, in float32, as tfjs's Sum does on its transposed copy: the
 * same numbers to the bit (tests/unit/wasm-kernels.test.ts). Other sums keep tfjs's kernel.
 */
const sum: KernelFunc = ({ inputs, backend, attrs }) => {
  const x = inputs.x as tf.TensorInfo;
  const axes = tf.util.parseAxisParam(attrs.axis as number | number[], x.shape).sort((a, b) => a - b);
  const leading = axes.length < x.shape.length && axes.every((a, k) => a === k);
  if (x.dtype !== 'float32' || !leading) return null;
  const rows = tf.util.sizeFromShape(x.shape.slice(0, axes.length));
  const kept = x.shape.slice(axes.length);
  const ones = backend.makeOutput([1, rows], 'float32');
  backend.typedArrayFromHeap(ones).fill(1);
  try {
    const product = tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc({
      inputs: { a: ones, b: { dataId: x.dataId, shape: [rows, tf.util.sizeFromShape(kept)], dtype: x.dtype } },
      attrs: { transposeA: false, transposeB: false },
      backend: backend as unknown as tf.KernelBackend,
    }) as tf.TensorInfo;
    return { ...product, shape: attrs.keepDims ? [...axes.map(() => 1), ...kept] : kept };
  } finally {
    backend.disposeData(ones.dataId);
  }
};

/**
 * A 2-D matMul with transposeA or transposeB as a transpose of that operand and XNNPACK's matMul.
 * XNNPACK adds the products in order where the naive loop added blocks of 48: float32 results can
 * differ in the last bits when the shared dimension is longer than that.
 */
const batchMatMul: KernelFunc = ({ inputs, backend, attrs }) => {
  const [a, b] = [inputs.a, inputs.b] as tf.TensorInfo[];
  if ((!attrs.transposeA && !attrs.transposeB) || a.shape.length !== 2 || b.shape.length !== 2 || a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  const flip = (x: tf.TensorInfo, transposed: unknown) => (transposed ? transpose({ inputs: { x }, backend, attrs: { perm: [1, 0] } }) : x);
  const [at, bt] = [flip(a, attrs.transposeA), flip(b, attrs.transposeB)];
  try {
    return tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc({ inputs: { a: at, b: bt }, attrs: { transposeA: false, transposeB: false }, backend: backend as unknown as tf.KernelBackend }) as tf.TensorInfo;
  } finally {
    for (const [t, x] of [[at, a], [bt, b]]) if (t !== x) backend.disposeData(t.dataId);
  }
};

const transpose = (args: Parameters<KernelFunc>[0]) => tf.getKernel('Transpose', 'wasm')!.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
