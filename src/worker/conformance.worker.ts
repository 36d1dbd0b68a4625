// Diagnostics worker: runs the kernel conformance cases (lib/models/conformance.ts) on one backend,
// set up as the training worker sets it up, and replies with their numbers. On WebGPU it also
// collects the validation errors (invalid shaders, whose dispatches the GPU drops) per case. One
// request per worker: a fresh worker per backend keeps one backend's kernels out of another's run.
/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { runCase } from '../lib/models/conformance';
import { CONFORMANCE_CASES } from '../lib/models/conformance-cases';
import { registerWasmKernels } from '../lib/models/wasm-kernels';
import { registerWebGpuKernels } from '../lib/models/webgpu-kernels';
import { configureWebGl } from '../lib/models/webgl-settings';
import type { ConformanceReply, ConformanceRequest } from './conformance-protocol';

declare const self: DedicatedWorkerGlobalScope;

setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded });

interface WebGpuBackendLike {
  device?: GPUDevice;
  adapterInfo?: { vendor?: string; architecture?: string; description?: string };
}

async function run({ backend, fixes = true, only }: ConformanceRequest): Promise<ConformanceReply> {
  const reply: ConformanceReply = { backend, results: {}, gpuErrors: {}, ms: 0 };
  registerWasmKernels();
  if (fixes) registerWebGpuKernels();
  configureWebGl();
  try {
    if (!(await tf.setBackend(backend))) return { ...reply, error: 'did not start' };
    await tf.ready();
  } catch (e) {
    return { ...reply, error: `did not start: ${(e as Error).message}` };
  }
  if (tf.getBackend() !== backend) return { ...reply, error: `tfjs fell back to ${tf.getBackend()}` };
  const { device, adapterInfo } = tf.backend() as unknown as WebGpuBackendLike;
  if (adapterInfo) reply.adapter = [adapterInfo.vendor, adapterInfo.architecture, adapterInfo.description].filter(Boolean).join(' ');
  const t0 = performance.now();
  for (const c of CONFORMANCE_CASES.filter((c) => !only || only.includes(c.name))) {
    device?.pushErrorScope('validation');
    reply.results[c.name] = await runCase(c);
    const error = await device?.popErrorScope();
    if (error) reply.gpuErrors[c.name] = error.message;
  }
  reply.ms = Math.round(performance.now() - t0);
  return reply;
}

self.onmessage = async (event: MessageEvent<ConformanceRequest>) => {
  self.postMessage(await run(event.data));
};
