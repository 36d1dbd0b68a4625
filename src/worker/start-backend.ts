// Starting a tfjs backend: WASM (single- or multi-threaded, with our kernels), CPU, or a GPU whose own
// setup backend.ts has done. The backend chooser uses it for every candidate; the second worker
// (side.worker.ts), which runs on WASM or the CPU only, needs nothing else (no GPU backend in its bundle).
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { registerWasmKernels } from '../lib/models/wasm-kernels';
import type { BackendName } from './backend-choice';
import { prepareWasm, wasmThreads } from './wasm-threads';

setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded });

/** The tfjs backend behind a candidate: both WASM candidates are tfjs's 'wasm', threaded or not. */
const tfBackend = (name: BackendName) => (name === 'wasm-threads' ? 'wasm' : name);

/**
 * Starts the backend of `name` (a GPU's own setup done first, backend.ts); null when it runs, else why
 * not. WASM gets its module (threaded or not) and our kernels before it starts.
 */
export async function startBackend(name: BackendName): Promise<string | null> {
  if (tfBackend(name) === 'wasm') {
    const unavailable = await prepareWasm(name === 'wasm-threads');
    if (unavailable) return unavailable;
    registerWasmKernels();
  }
  const ok = await tf.setBackend(tfBackend(name));
  if (!ok) return 'did not start';
  await tf.ready();
  if (tf.getBackend() !== tfBackend(name)) return `tfjs fell back to ${tf.getBackend()}`;
  if (name === 'wasm-threads' && wasmThreads() < 2) return `started with ${wasmThreads()} thread`;
  return null;
}
