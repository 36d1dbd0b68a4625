// Worker entry: runs import (and later training) jobs off the main thread. Replies are throttled
// progress, a result, `cancelled`, or a serialised error. Imported datasets stay here for training.
/// <reference lib="webworker" />
import { downloadEndpoint } from '../lib/data/http';
import type { Dataset } from '../lib/data/dataset';
import { importSources } from '../lib/data/importer';
import { inspectSource } from '../lib/data/inspect';
import { PROTOCOL_VERSION, type JobRequest, type WorkerReply, type WorkerRequest } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const PROGRESS_INTERVAL_MS = 100;
const running = new Map<number, AbortController>();
/** Imported datasets by id; one at a time for now, so an import frees the previous one first. */
const datasets = new Map<string, Dataset>();

const post = (reply: WorkerReply) => self.postMessage(reply);

function throttled(id: number) {
  let last = 0;
  return (progress: unknown) => {
    const now = performance.now();
    if (now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    post({ type: 'progress', id, progress } as WorkerReply);
  };
}

async function execute(request: JobRequest, signal: AbortSignal): Promise<unknown> {
  const onProgress = throttled(request.id);
  switch (request.type) {
    case 'inspect':
      return inspectSource(request.source, request.overrides);
    case 'download':
      return downloadEndpoint(request.endpoint, { signal, onProgress });
    case 'import': {
      datasets.clear();
      const { dataset, report } = await importSources(request.sources, request.options, { signal, onProgress });
      const datasetId = `dataset-${request.id}`;
      datasets.set(datasetId, dataset);
      return { datasetId, hasAmount: dataset.hasAmount, summary: dataset.summary, report };
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
    const result = await execute(request, controller.signal);
    post({ type: 'result', id: request.id, result } as WorkerReply);
  } catch (e) {
    const error = e as Error & { code?: string };
    if (error.name === 'AbortError') post({ type: 'cancelled', id: request.id });
    else post({ type: 'error', id: request.id, error: { name: error.name, message: error.message, stack: error.stack, code: error.code } });
  } finally {
    running.delete(request.id);
  }
};

post({ type: 'ready', protocol: PROTOCOL_VERSION });
