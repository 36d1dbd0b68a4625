// Threaded or single-threaded WASM. tfjs has one 'wasm' backend and picks its module when it starts:
// threaded SIMD where WebAssembly threads work (a cross-origin isolated page, which the app's service
// worker makes it), else SIMD. To time both as separate candidates, the backend is re-registered
// before it starts again in the other mode. Worker-only; imports TensorFlow.js and nothing else.
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';

const THREADS_FLAG = 'WASM_HAS_MULTITHREAD_SUPPORT';
/** tfjs-backend-wasm's own priority (base.ts): kept when the backend is registered again. */
const WASM_PRIORITY = 2;

let factory: ReturnType<typeof tf.findBackendFactory> | null = null;
/** The mode the registered 'wasm' backend starts in; null until set here. */
let threadedMode: boolean | null = null;
/** Whether this browser could run threaded WASM, read before the flag is overridden. */
let support: Promise<string | null> | null = null;

/** The device's cores: one thread each (the calling thread is one of them). */
export const wasmThreadsWanted = () => Math.max(1, navigator.hardwareConcurrency || 1);

function readSupport(): Promise<string | null> {
  return (support ??= (async () => {
    if (!self.crossOriginIsolated) {
      return 'needs a cross-origin isolated page, which the app’s service worker makes it from the next load on (not on a first visit, nor where service workers are off)';
    }
    const [simd, threads] = await Promise.all([tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'), tf.env().getAsync(THREADS_FLAG)]);
    if (!simd) return 'needs WebAssembly SIMD, which this browser lacks';
    if (!threads) return 'needs WebAssembly threads, which this browser lacks';
    if (wasmThreadsWanted() < 2) return 'has nothing to gain: this device reports one core';
    return null;
  })());
}

/**
 * Makes the 'wasm' backend start threaded (one thread per core) or single-threaded. Returns why
 * threaded WASM cannot run here, or null. Call before `tf.setBackend('wasm')`; tensors on the old
 * WASM backend are gone after a switch (the trials dispose theirs).
 */
export async function prepareWasm(threaded: boolean): Promise<string | null> {
  const unavailable = await readSupport();
  if (threaded && unavailable) return unavailable;
  if (threadedMode === threaded) return null;
  factory ??= tf.findBackendFactory('wasm');
  if (!factory) return 'is not registered';
  // Drops the started backend (its module and pthread workers) so the next start loads the other module.
  tf.removeBackend('wasm');
  tf.registerBackend('wasm', factory, WASM_PRIORITY);
  tf.env().set(THREADS_FLAG, threaded);
  setThreadsCount(threaded ? wasmThreadsWanted() : 1);
  threadedMode = threaded;
  return null;
}

/** Threads of the started WASM backend (XNNPACK's pool, the calling thread included). */
export function wasmThreads(): number {
  try {
    return getThreadsCount();
  } catch {
    return 0;
  }
}
