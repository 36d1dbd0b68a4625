// Kernel conformance in Chromium: the op cases of lib/models/conformance-cases.ts run in a worker on
// every backend that starts (WebGPU, WebGL, WASM) and must give the CPU backend's numbers. Software
// WebGPU compiles shaders with the WGSL compiler real GPUs get, so a difference here is a real bug.
// The page is built here, from tests/e2e/conformance-page/, with the app's CSP.
import type { Browser, Page } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../src/cli/chromium';
import { serveStatic, SUB_PATH, type Running } from '../../src/cli/static-server';
import { compareResults, type Difference } from '../../src/lib/models/conformance';
import { CONFORMANCE_CASES } from '../../src/lib/models/conformance-cases';
import type { ConformanceReply, ConformanceRequest } from '../../src/worker/conformance-protocol';
import { ARTIFACTS } from './browser';

const ROOT = fileURLToPath(new URL('./conformance-page', import.meta.url));
const OUT = `${ARTIFACTS}/conformance-page`;
const BACKENDS = ['webgpu', 'webgl', 'wasm'];
/** The cases that tfjs-backend-webgpu 4.22.0's own Transpose gets wrong (int32 and bool buffers). */
const TRANSPOSE_INT_CASES = ['transpose int32 3D', 'transpose bool 3D', 'transpose bool->float32 3D (the rnn mask)', 'transpose int32->float32 3D'];

let app: Running;
let browser: Browser;
let page: Page;
let cpu: ConformanceReply;
const started = new Map<string, boolean>();

const conformance = (request: ConformanceRequest) => page.evaluate((r) => window.conformance(r), request);
const describeDifferences = (differences: Difference[]) => differences.map((d) => `${d.name}: ${d.detail}`);

beforeAll(async () => {
  await build({ root: ROOT, base: './', configFile: false, logLevel: 'warn', worker: { format: 'es' }, build: { outDir: OUT, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 10_000 } });
  app = await serveStatic(OUT);
  browser = await launchChromium(['--enable-unsafe-webgpu']);
  page = await browser.newPage();
  await page.goto(app.url + SUB_PATH);
  await page.waitForFunction(() => typeof window.conformance === 'function');
  cpu = await conformance({ backend: 'cpu' });
  expect(cpu.error).toBeUndefined();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('kernel conformance in Chromium', () => {
  it.each(BACKENDS)('%s computes what the CPU backend computes, or does not start', async (backend) => {
    const reply = await conformance({ backend });
    started.set(backend, !reply.error);
    if (reply.error) {
      console.info(`${backend}: ${reply.error}; not checked`);
      return;
    }
    const differences = compareResults(cpu.results, reply.results, { backend });
    const known = differences.filter((d) => d.known);
    console.info(`${backend}${reply.adapter ? ` (${reply.adapter})` : ''}: ${Object.keys(reply.results).length} cases in ${reply.ms} ms, ${known.length} known differences${known.map((d) => `\n  ${d.name}: ${d.detail} (${d.known})`).join('')}`);
    expect(describeDifferences(differences.filter((d) => !d.known))).toEqual([]);
    expect(reply.gpuErrors).toEqual({});
  });

  it('without our kernels, WebGPU names the Transpose cases of int32 and bool buffers', async (context) => {
    if (!started.get('webgpu')) return context.skip();
    const only = CONFORMANCE_CASES.filter((c) => c.name.startsWith('transpose '));
    const reply = await conformance({ backend: 'webgpu', fixes: false, only: only.map((c) => c.name) });
    const differing = compareResults(cpu.results, reply.results, { backend: 'webgpu', cases: only }).map((d) => d.name);
    // When this fails, tfjs-backend-webgpu has fixed its Transpose: webgpu-kernels.ts can go.
    expect(differing).toEqual(TRANSPOSE_INT_CASES);
    expect(Object.values(reply.gpuErrors).join('\n')).toMatch(/type mismatch .*setOutputAtIndex/);
  });
});
