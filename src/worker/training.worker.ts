// Worker entry: runs import (and later training) jobs off the main thread. Replies are throttled
// progress, a result with typed arrays transferred, `cancelled`, or a serialised error.
/// <reference lib="webworker" />
import { downloadEndpoint } from '../lib/data/http';
import { importSources } from '../lib/data/importer';
import { inspectSource } from '../lib/data/inspect';
import { PROTOCOL_VERSION, type JobRequest, type WorkerReply, type WorkerRequest } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const PROGRESS_INTERVAL_MS = 100;
const running = new Map<number, AbortController>();

const post = (reply: WorkerReply, transfer: Transferable[] = []) => self.postMessage(reply, transfer);

function throttled(id: number) {
  let last = 0;
  return (progress: unknown) => {
    const now = performance.now();
    if (now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    post({ type: 'progress', id, progress } as WorkerReply);
  };
}

async function execute(request: JobRequest, signal: AbortSignal): Promise<{ result: unknown; transfer: Transferable[] }> {
  const onProgress = throttled(request.id);
  switch (request.type) {
    case 'inspect':
      return { result: await inspectSource(request.source, request.overrides), transfer: [] };
    case 'download':
      return { result: await downloadEndpoint(request.endpoint, { signal, onProgress }), transfer: [] };
    case 'import': {
      const result = await importSources(request.sources, request.options, { signal, onProgress });
      const d = result.dataset;
      return { result, transfer: [d.customerStart.buffer, d.purchaseCustomer.buffer, d.purchaseDay.buffer, d.purchaseAmount.buffer] };
    }
  }
}

self.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  if (request.type === 'cancel') {
    running.get(request.id)?.abort();
    return;
  }
  const controller = new AbortController();
  running.set(request.id, controller);
  try {
    const { result, transfer } = await execute(request, controller.signal);
    post({ type: 'result', id: request.id, result } as WorkerReply, transfer);
  } catch (e) {
    const error = e as Error & { code?: string };
    if (error.name === 'AbortError') post({ type: 'cancelled', id: request.id });
    else post({ type: 'error', id: request.id, error: { name: error.name, message: error.message, stack: error.stack, code: error.code } });
  } finally {
    running.delete(request.id);
  }
};

post({ type: 'ready', protocol: PROTOCOL_VERSION });
