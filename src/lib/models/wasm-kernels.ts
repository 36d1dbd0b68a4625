// The WASM backend has no Conv2DBackpropFilter kernel, which training a Conv1D needs. This registers
// the CPU backend's kernel for it, reading the inputs out of the WASM heap and writing the result back.
import * as tf from '@tensorflow/tfjs';

interface WasmBackendLike {
  readSync(dataId: object): tf.backend_util.BackendValues;
  makeOutput(shape: number[], dtype: tf.DataType, memoryOffset?: number, values?: tf.backend_util.BackendValues): tf.TensorInfo;
}

export function registerWasmConvBackpropFilter(): void {
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
