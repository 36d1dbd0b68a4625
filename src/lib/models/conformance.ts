// Kernel conformance: runs small op cases (the ops our models train and predict with, forward and
// backward, int32 and bool inputs included) on the current backend, and compares a backend's numbers
// with the CPU backend's. A backend can run and still compute wrong numbers (tensorflow/tfjs#8638):
// this names the ops that do. Plain TypeScript and tfjs, no DOM; the cases are in conformance-cases.ts.
import * as tf from '@tensorflow/tfjs';
import { CONFORMANCE_CASES } from './conformance-cases';

export interface Tolerance {
  relative: number;
  absolute: number;
}

/** An element passes when |value - reference| <= absolute + relative * |reference|. */
export const DEFAULT_TOLERANCE: Tolerance = { relative: 1e-4, absolute: 1e-5 };

export interface OpCase {
  /** Unique, names the op and the variant ("transpose bool->float32 3D"). */
  name: string;
  /** The outputs, flattened, from fixed seeded inputs; frees every tensor it makes. */
  run: () => Promise<number[]>;
  tolerance?: Partial<Tolerance>;
  /**
   * Backends on which this case is known to differ, each with why (a tfjs bug the models do not
   * meet, named upstream): reported, but not among differingOps.
   */
  known?: Record<string, string>;
}

/** A case's numbers, or why it failed to run. */
export type CaseResult = number[] | { error: string };
export type CaseResults = Record<string, CaseResult>;

export interface Difference {
  name: string;
  /** What differs, in words: the worst element, its value and the reference's, or the error. */
  detail: string;
  /** Why, when the case is known to differ on the backend compared. */
  known?: string;
}

export interface CompareOptions {
  /** The backend that computed the results, for the cases' known differences. */
  backend?: string;
  cases?: OpCase[];
}

/**
 * Small tensors skip the GPU programs (WebGPU and WebGL hand tensors of under 1,000 or 128 elements
 * still on the CPU to the CPU kernels), which would leave the programs these cases are for untested.
 */
const CPU_FORWARD_FLAGS = ['WEBGPU_CPU_FORWARD', 'WEBGL_CPU_FORWARD'];

function withoutCpuForwarding<T>(fn: () => Promise<T>): Promise<T> {
  const restore: [string, boolean][] = [];
  for (const flag of CPU_FORWARD_FLAGS) {
    try {
      restore.push([flag, tf.env().getBool(flag)]);
      tf.env().set(flag, false);
    } catch {
      // The flag's backend is not loaded.
    }
  }
  return fn().finally(() => restore.forEach(([flag, value]) => tf.env().set(flag, value)));
}

export async function runCase(c: OpCase): Promise<CaseResult> {
  try {
    return await withoutCpuForwarding(c.run);
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** Every case (or those named) on the current backend. */
export async function runCases(cases: OpCase[] = CONFORMANCE_CASES): Promise<CaseResults> {
  const results: CaseResults = {};
  for (const c of cases) results[c.name] = await runCase(c);
  return results;
}

const isError = (r: CaseResult | undefined): r is { error: string } => !!r && !Array.isArray(r);
/** NaN arrives as null through JSON. */
const num = (v: number | null) => (v === null ? NaN : v);

function compareOne(c: OpCase, reference: CaseResult | undefined, result: CaseResult | undefined): string | null {
  if (!reference) return 'no reference result';
  if (isError(reference)) return `fails on the reference backend: ${reference.error}`;
  if (!result) return 'did not run';
  if (isError(result)) return `failed: ${result.error}`;
  if (result.length !== reference.length) return `${result.length} values, the reference has ${reference.length}`;
  const { relative, absolute } = { ...DEFAULT_TOLERANCE, ...c.tolerance };
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < reference.length; i++) {
    const [r, v] = [num(reference[i]), num(result[i])];
    if (Number.isNaN(r) && Number.isNaN(v)) continue;
    if (r === v) continue;
    const allowed = absolute + relative * Math.abs(r);
    const excess = Number.isNaN(r) || Number.isNaN(v) || !Number.isFinite(r - v) ? Infinity : Math.abs(r - v) / allowed;
    if (excess > 1 && excess > worstExcess) [worst, worstExcess] = [i, excess];
  }
  if (worst < 0) return null;
  const bad = reference.filter((r, i) => !(Math.abs(num(r) - num(result[i])) <= absolute + relative * Math.abs(num(r)))).length;
  const [r, v] = [num(reference[worst]), num(result[worst])];
  return `${bad} of ${reference.length} values differ; worst at ${worst}: ${v} vs ${r} (difference ${Math.abs(v - r).toPrecision(3)})`;
}

/** The cases whose results differ from the reference's beyond their tolerance, with what differs. */
export function compareResults(reference: CaseResults, results: CaseResults, { backend, cases = CONFORMANCE_CASES }: CompareOptions = {}): Difference[] {
  return cases.flatMap((c) => {
    const detail = compareOne(c, reference[c.name], results[c.name]);
    if (detail === null) return [];
    const known = backend === undefined ? undefined : c.known?.[backend];
    return [known ? { name: c.name, detail, known } : { name: c.name, detail }];
  });
}

/** The names of the ops that differ from the reference, but for the backend's known differences. */
export const differingOps = (reference: CaseResults, results: CaseResults, options?: CompareOptions): string[] =>
  compareResults(reference, results, options).filter((d) => !d.known).map((d) => d.name);
