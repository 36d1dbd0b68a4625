// The WebGPU Transpose fix, without a GPU: the kernel it registers hands float32 buffers to the
// package's kernel and writes the WGSL for int32 and bool buffers with typed stores. The browser test
// (tests/e2e/conformance.test.ts) runs the shaders.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { describe, expect, it } from 'vitest';
import { registerWebGpuKernels } from '../../src/lib/models/webgpu-kernels';

interface CapturedProgram {
  shaderKey: string;
  outputShape: number[];
  getUserCode: () => string;
}

/** Runs the registered Transpose on a fake backend whose buffer holds `bufferDtype`; returns the program it ran. */
function transposeOn(bufferDtype: tf.DataType, x: tf.TensorInfo, perm: number[]): CapturedProgram {
  let program: CapturedProgram | null = null;
  const backend = {
    tensorMap: { get: () => ({ dtype: bufferDtype }) },
    shouldExecuteOnCPU: () => false,
    runWebGPUProgram: (p: CapturedProgram) => ((program = p), x),
  };
  tf.getKernel('Transpose', 'webgpu')!.kernelFunc({ inputs: { x }, attrs: { perm }, backend: backend as unknown as tf.KernelBackend });
  return program!;
}

describe('registerWebGpuKernels', () => {
  it('replaces the WebGPU Transpose once', () => {
    const before = tf.getKernel('Transpose', 'webgpu')!.kernelFunc;
    registerWebGpuKernels();
    const ours = tf.getKernel('Transpose', 'webgpu')!.kernelFunc;
    expect(ours).not.toBe(before);
    registerWebGpuKernels();
    expect(tf.getKernel('Transpose', 'webgpu')!.kernelFunc).toBe(ours);
  });

  it('keeps the package kernel for float32 buffers, and stores int32 and bool buffers typed', () => {
    registerWebGpuKernels();
    const x = (dtype: tf.DataType, shape: number[]): tf.TensorInfo => ({ dataId: {}, shape, dtype });
    expect(transposeOn('float32', x('float32', [3, 4, 5]), [1, 0, 2]).shaderKey).toBe('transpose_1,0,2');
    expect(transposeOn('float32', x('float32', [20, 18]), [1, 0]).shaderKey).toBe('transposeShared');
    // A bool cast to float32 (the rnn mask): i32 values converted to f32.
    const mask = transposeOn('bool', x('float32', [3, 4, 1]), [1, 0, 2]);
    expect(mask.outputShape).toEqual([4, 3, 1]);
    expect(mask.getUserCode()).toContain('setOutputAtIndex(index, f32(A[getIndexFromCoords3D(vec3<i32>(coords.y, coords.x, coords.z), uniforms.aShape)]));');
    // int32 stays exact (no round trip through f32).
    expect(transposeOn('int32', x('int32', [3, 4, 5]), [2, 0, 1]).getUserCode()).toContain('setOutputAtIndexI32(index, A[getIndexFromCoords3D(vec3<i32>(coords.y, coords.z, coords.x), uniforms.aShape)]);');
    // 2D [1, 0]: the tiled program, with an i32 tile.
    const shared = transposeOn('bool', x('bool', [20, 18]), [1, 0]);
    expect(shared.outputShape).toEqual([18, 20]);
    expect(shared.getUserCode()).toContain('var<workgroup> tile : array<array<i32, 17>, 16>;');
    expect(shared.getUserCode()).toContain('setOutputAtIndexI32(y * height + x, tile[localId.x][localId.y]);');
  });
});
