// The kernel conformance page of the browser tests: `conformance(request)` runs the op cases in a
// fresh diagnostics worker (src/worker/conformance.worker.ts) and resolves with its reply.
import type { ConformanceReply, ConformanceRequest } from '../../../src/worker/conformance-protocol';

declare global {
  interface Window {
    conformance: (request: ConformanceRequest) => Promise<ConformanceReply>;
  }
}

window.conformance = (request) =>
  new Promise((resolve) => {
    const worker = new Worker(new URL('../../../src/worker/conformance.worker.ts', import.meta.url), { type: 'module', name: `conformance-${request.backend}` });
    const done = (reply: ConformanceReply) => {
      worker.terminate();
      resolve(reply);
    };
    worker.onmessage = (event: MessageEvent<ConformanceReply>) => done(event.data);
    worker.onerror = (event) => done({ backend: request.backend, error: `worker failed: ${event.message}`, results: {}, gpuErrors: {}, ms: 0 });
    worker.postMessage(request);
  });
