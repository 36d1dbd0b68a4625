// TensorFlow.js in Node: the WASM backend (with the Conv2DBackpropFilter kernel it lacks), falling
// back to the CPU backend. There is no GPU backend in Node here.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { registerWasmKernels } from '../lib/models/wasm-kernels';

export async function useNodeBackend(preferred: 'wasm' | 'cpu' = 'wasm'): Promise<string> {
  if (preferred === 'wasm') {
    const require = createRequire(import.meta.url);
    setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/');
    registerWasmKernels();
    if (await tf.setBackend('wasm').catch(() => false)) return tf.getBackend();
  }
  await tf.setBackend('cpu');
  return tf.getBackend();
}
