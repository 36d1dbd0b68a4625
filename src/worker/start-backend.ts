// Starting tfjs's processor backends: WASM (single- or multi-threaded, with our kernels) and CPU. The
// backend chooser (backend.ts) uses it for those candidates, and the second worker (side.worker.ts),
// which runs on one of them only, needs nothing else (no GPU backend in its bundle).
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
export const tfBackend = (name: BackendName) => (name === 'wasm-threads' ? 'wasm' : name);

/** Sets the tfjs backend of `name` up to start (WASM's module and kernels); why it cannot, or null. */
export async function prepareProcessor(name: BackendName): Promise<string | null> {
  if (tfBackend(name) !== 'wasm') return null;
  const unavailable = await prepareWasm(name === 'wasm-threads');
  if (unavailable) return unavailable;
  registerWasmKernels();
  return null;
}

/** Starts the backend of `name` (set up first: prepareProcessor, or a GPU's own setup); null when it runs, else why not. */
export async function start(name: BackendName): Promise<string | null> {
  const ok = await tf.setBackend(tfBackend(name));
  if (!ok) return 'did not start';
  await tf.ready();
  if (tf.getBackend() !== tfBackend(name)) return `tfjs fell back to ${tf.getBackend()}`;
  if (name === 'wasm-threads' && wasmThreads() < 2) return `started with ${wasmThreads()} thread`;
  return null;
}
