// Types of the diagnostics worker's one request and reply (conformance.worker.ts); types only.
import type { CaseResults } from '../lib/models/conformance';

export interface ConformanceRequest {
  backend: string;
  /** Our WebGPU kernel fixes (default true); false shows what the package's own kernels compute. */
  fixes?: boolean;
  /** Case names to run (default all). */
  only?: string[];
}

export interface ConformanceReply {
  backend: string;
  /** Why the backend did not start; the results are then empty. */
  error?: string;
  results: CaseResults;
  /** WebGPU validation errors (invalid shaders, whose dispatches are dropped) by the case that met them first. */
  gpuErrors: Record<string, string>;
  /** The adapter, where the backend tells. */
  adapter?: string;
  ms: number;
}
