// Whether a GPU backend would run on a software renderer (SwiftShader, llvmpipe, Microsoft's Basic
// Render Driver: a GPU emulated on the CPU, as in headless or GPU-blocklisted browsers). On those,
// WebGL's first training step compiles its shaders for tens of seconds and every step is slower than
// WASM's, so the automatic choice does not try them; a backend chosen in the settings still runs.
import type { BackendName } from './backend-choice';

const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|basic render/i;

interface AdapterInfo {
  vendor?: string;
  architecture?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
type GpuAdapter = { info?: AdapterInfo; isFallbackAdapter?: boolean };

function webglRenderer(): string | null {
  if (typeof OffscreenCanvas === 'undefined') return null;
  const gl = (new OffscreenCanvas(1, 1).getContext('webgl2') ?? new OffscreenCanvas(1, 1).getContext('webgl')) as WebGLRenderingContext | null;
  if (!gl) return null;
  try {
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  } finally {
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  }
}

async function webgpuAdapter(): Promise<string | null> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<GpuAdapter | null> } }).gpu;
  const adapter = await gpu?.requestAdapter().catch(() => null);
  if (!adapter) return null;
  const info = adapter.info ?? {};
  const name = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ');
  if (info.isFallbackAdapter || adapter.isFallbackAdapter) return `${name || 'a'} fallback adapter`;
  return name;
}

/** The software renderer `name` would run on, in words; null for a real GPU or one that cannot tell. */
export async function softwareGpu(name: BackendName): Promise<string | null> {
  try {
    const renderer = name === 'webgl' ? webglRenderer() : name === 'webgpu' ? await webgpuAdapter() : null;
    return renderer && (SOFTWARE.test(renderer) || renderer.endsWith('fallback adapter')) ? renderer : null;
  } catch {
    return null;
  }
}
