// Fixes the WebGPU backend's Transpose (tfjs-backend-webgpu 4.22.0) for int32 and bool buffers. Its
// shader hands `A[i]` (i32 for those buffers) to setOutputAtIndex, which takes an f32: WGSL has no
// implicit conversion, the pipeline is invalid (tensorflow/tfjs#8638, fix proposed in #8616), its
// dispatch is dropped and the output stays zero. Cast bool -> float32 only relabels the buffer, so
// every float op after such a cast reads an i32 buffer: tf.layers' rnn() transposes the Masking
// layer's cast mask, the mask read as zeros, and a masked LSTM predicted exactly 0. Float buffers
// keep the package's kernel; int32 and bool ones get the programs below. Imports only tfjs.
import * as tf from '@tensorflow/tfjs';

/** The part of tfjs-backend-webgpu's WebGPUProgram these programs fill in. */
interface Program {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[]; y?: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  size?: boolean;
  getUserCode: () => string;
}

/** The part of the WebGPU backend the kernel uses. */
interface WebGpuBackendLike {
  tensorMap: { get(dataId: object): { dtype: tf.DataType } };
  shouldExecuteOnCPU(inputs: tf.TensorInfo[]): boolean;
  runWebGPUProgram(program: Program, inputs: tf.TensorInfo[], outputDtype: tf.DataType): tf.TensorInfo;
}

const COMPONENTS = ['x', 'y', 'z', 'w', 'u', 'v'];
const coordsType = (rank: number) => (rank <= 1 ? 'i32' : rank <= 4 ? `vec${rank}<i32>` : `vec${rank}`);

/**
 * The WGSL that stores `value` (read from an i32 buffer) into the output: int32 and bool outputs
 * keep the exact integer, float32 ones (a relabelled bool or int32) get it converted.
 */
const store = (index: string, value: string, outputDtype: tf.DataType) =>
  outputDtype === 'float32' ? `setOutputAtIndex(${index}, f32(${value}));` : `setOutputAtIndexI32(${index}, ${value});`;

function outputShapeOf(shape: number[], perm: number[]): number[] {
  return perm.map((p) => shape[p]);
}

/** Any permutation, one output element per invocation (the package's TransposeProgram, typed). */
function transposeProgram(shape: number[], perm: number[], outputDtype: tf.DataType): Program {
  const outputShape = outputShapeOf(shape, perm);
  const rank = shape.length;
  const size = outputShape.reduce((a, b) => a * b, 1);
  const workgroupSize: [number, number, number] = [64, 1, 1];
  // Input coordinate d is the output coordinate that perm sends it to.
  const source = new Array<string>(rank);
  perm.forEach((p, i) => (source[p] = `coords.${COMPONENTS[i]}`));
  return {
    variableNames: ['A'],
    outputShape,
    shaderKey: `clvTransposeInt_${perm.join(',')}`,
    dispatchLayout: { x: outputShape.map((_, i) => i) },
    dispatch: [Math.ceil(size / workgroupSize[0]), 1, 1],
    workgroupSize,
    size: true,
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let coords = getCoordsFromIndex(index);
          ${store('index', `A[getIndexFromCoords${rank}D(${coordsType(rank)}(${source.join(', ')}), uniforms.aShape)]`, outputDtype)}
        }
      }
    `,
  };
}

/** A 2D transpose through a workgroup tile (the package's TransposeSharedProgram, with an i32 tile). */
function transposeSharedProgram(shape: number[], outputDtype: tf.DataType): Program {
  const tile = 16;
  const outputShape = outputShapeOf(shape, [1, 0]);
  return {
    variableNames: ['A'],
    outputShape,
    shaderKey: 'clvTransposeSharedInt',
    dispatchLayout: { x: [0], y: [1] },
    dispatch: [Math.ceil(outputShape[0] / tile), Math.ceil(outputShape[1] / tile), 1],
    workgroupSize: [tile, tile, 1],
    getUserCode: () => `
      var<workgroup> tile : array<array<i32, ${tile + 1}>, ${tile}>;
      fn main() {
        var x = i32(workgroupId.x) * ${tile} + i32(localId.x);
        var y = i32(workgroupId.y) * ${tile} + i32(localId.y);
        let width = uniforms.outShape[0];
        let height = uniforms.outShape[1];
        if (x < width && y < height) {
          tile[localId.y][localId.x] = A[y * width + x];
        }
        workgroupBarrier();
        x = i32(workgroupId.y) * ${tile} + i32(localId.x);
        y = i32(workgroupId.x) * ${tile} + i32(localId.y);
        if (x < height && y < width) {
          ${store('y * height + x', 'tile[localId.x][localId.y]', outputDtype)}
        }
      }
    `,
  };
}

/** Marks our kernel, so a second call (every backend switch activates again) changes nothing. */
const OURS = Symbol('clv webgpu transpose');

function registerTranspose(): void {
  const original = tf.getKernel('Transpose', 'webgpu');
  if (!original || (original.kernelFunc as { [OURS]?: true })[OURS]) return;
  const kernelFunc: tf.KernelFunc = (args) => {
    const backend = args.backend as unknown as WebGpuBackendLike;
    const x = args.inputs.x as tf.TensorInfo;
    const perm = (args.attrs as unknown as tf.TransposeAttrs).perm;
    // The buffer's dtype, not the tensor's: a bool cast to float32 still holds i32 values.
    const bufferDtype = backend.tensorMap.get(x.dataId).dtype;
    if (bufferDtype === 'float32' || backend.shouldExecuteOnCPU([x])) return original.kernelFunc(args);
    const shared = x.shape.length === 2 && perm[0] === 1 && perm[1] === 0;
    const program = shared ? transposeSharedProgram(x.shape, x.dtype) : transposeProgram(x.shape, perm, x.dtype);
    return backend.runWebGPUProgram(program, [x], x.dtype);
  };
  (kernelFunc as { [OURS]?: true })[OURS] = true;
  tf.unregisterKernel('Transpose', 'webgpu');
  tf.registerKernel({ ...original, kernelFunc });
}

/**
 * Replaces the WebGPU kernels that compute wrong results with fixed ones; call before using the
 * backend (a no-op when tfjs-backend-webgpu is not loaded, and when called again).
 */
export function registerWebGpuKernels(): void {
  registerTranspose();
}
