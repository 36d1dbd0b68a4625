// WebGPU in Node, for the GPU benchmark on a machine with a GPU and no browser: Dawn's Node binding
// (the `webgpu` package) provides navigator.gpu, then tfjs-backend-webgpu registers itself on import.
import * as tf from '@tensorflow/tfjs';
import { registerWebGpuKernels } from '../lib/models/webgpu-kernels';

/** Activates tfjs's WebGPU backend in Node; null when it runs, else why not. */
export async function useNodeWebGpu(): Promise<string | null> {
  let dawn: typeof import('webgpu');
  try {
    dawn = await import('webgpu');
  } catch (e) {
    return `the webgpu package does not load here (${(e as Error).message.split('\n')[0]})`;
  }
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return 'Dawn found no GPU adapter (no Vulkan, Metal or D3D12 device)';
  Object.defineProperty(globalThis, 'navigator', { value: { ...(globalThis.navigator ?? {}), gpu }, configurable: true });
  await import('@tensorflow/tfjs-backend-webgpu');
  registerWebGpuKernels();
  if (!(await tf.setBackend('webgpu'))) return 'the tfjs WebGPU backend did not start';
  await tf.ready();
  const info = (adapter as unknown as { info?: { vendor?: string; architecture?: string; description?: string } }).info;
  process.stderr.write(`  WebGPU adapter: ${[info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'unnamed'}\n`);
  return null;
}
