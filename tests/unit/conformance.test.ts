// Kernel conformance in Node: every op case gives the same numbers on WASM (the backend the CLI and
// the tests use) as on the CPU backend, and frees its tensors.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareResults, differingOps, runCase, runCases, type CaseResults } from '../../src/lib/models/conformance';
import { CONFORMANCE_CASES } from '../../src/lib/models/conformance-cases';
import { backendReady } from './tf-setup';

let cpu: CaseResults;

beforeAll(async () => {
  await backendReady;
  await tf.setBackend('cpu');
  cpu = await runCases();
  await tf.setBackend('wasm');
}, 120_000);

describe('kernel conformance', () => {
  it('has uniquely named cases, each of which runs on the CPU backend', () => {
    expect(new Set(CONFORMANCE_CASES.map((c) => c.name)).size).toBe(CONFORMANCE_CASES.length);
    const failed = Object.entries(cpu).filter(([, r]) => !Array.isArray(r) || r.length === 0 || r.some((v) => !Number.isFinite(v)));
    expect(failed).toEqual([]);
  });

  it('WASM computes what the CPU backend computes, for every op case', async () => {
    expect(tf.getBackend()).toBe('wasm');
    const wasm: CaseResults = {};
    const leaks: Record<string, number> = {};
    for (const c of CONFORMANCE_CASES) {
      const before = tf.memory().numTensors;
      wasm[c.name] = await runCase(c);
      const leaked = tf.memory().numTensors - before;
      if (leaked) leaks[c.name] = leaked;
    }
    const differences = compareResults(cpu, wasm, { backend: 'wasm' });
    expect(differences.filter((d) => !d.known)).toEqual([]);
    // The known WASM bugs still differ (when one stops, its note in conformance-cases.ts can go).
    expect(differences.map((d) => d.name)).toEqual(CONFORMANCE_CASES.filter((c) => c.known?.wasm).map((c) => c.name));
    // tfjs-core 4.22's Adam keeps one tensor per variable after dispose(); the cases have two variables.
    expect(leaks).toEqual({ 'adam steps': 2, 'adam steps epsilon 1e-7': 2 });
  });

  it('names an op whose numbers differ, and one that failed to run, but not a known difference', () => {
    const [first, second] = CONFORMANCE_CASES.map((c) => c.name);
    const knownOnWasm = CONFORMANCE_CASES.find((c) => c.known?.wasm)!.name;
    const wrong = { ...cpu, [first]: (cpu[first] as number[]).map((v) => v + 1e-3), [second]: { error: 'no kernel' }, [knownOnWasm]: { error: 'wrong' } };
    expect(differingOps(cpu, wrong, { backend: 'wasm' })).toEqual([first, second]);
    expect(differingOps(cpu, wrong)).toEqual([first, second, knownOnWasm]);
    const withinTolerance = { ...cpu, [first]: (cpu[first] as number[]).map((v, i) => (i === 0 ? v * (1 + 5e-5) : v)) };
    expect(compareResults(cpu, withinTolerance)).toEqual([]);
  });
});
