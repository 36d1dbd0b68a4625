// The TensorFlow.js backends the worker can use and how it reports its choice (types for the page too).
export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
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
