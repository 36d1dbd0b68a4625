// The TensorFlow.js backends the worker can use and how it reports its choice (types for the page too).
// `wasm-threads` is tfjs's WASM backend with one thread per core (needs a cross-origin isolated page);
// `wasm` is the same backend single-threaded.
export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'wasm-threads', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
export type BackendPreference = BackendName | 'auto';

export interface BackendTrial {
  backend: BackendName;
  /** Median ms of a small LSTM training step; null when the backend did not start or was too slow to time. */
  msPerStep: number | null;
  note: string;
}

export interface BackendChoice {
  backend: BackendName;
  reason: string;
  trials: BackendTrial[];
}
