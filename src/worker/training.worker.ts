// Worker entry: import, training, prediction and backtest jobs off the main thread. Replies are
// throttled progress (epochs and stage changes always get through), a result with its typed arrays
// transferred, `cancelled`, or a serialised error. Imported datasets stay here for the models.
/// <reference lib="webworker" />
import { describeAttributes, readAttributes, withFile } from '../lib/data/attributes';
import { fingerprint } from '../lib/data/fingerprint';
import { downloadEndpoint } from '../lib/data/http';
import { importSources } from '../lib/data/importer';
import { inspectSource } from '../lib/data/inspect';
import { memoryBudgetBytes } from '../lib/data/memory';
import { executeRun, type RunProgress } from '../lib/pipeline/run';
import { openClvDb, type ClvDb } from '../lib/storage/db';
import { getDataset } from '../lib/storage/datasets';
import { runStore } from '../lib/storage/run-store';
import { getModel } from '../lib/storage/runs';
import type { StoredDataset } from '../lib/pipeline/records';
import { chooseBackend } from './backend';
import { modelRefusal } from './model-check';
import { sideTrainer } from './side-trainer';
import { PROTOCOL_VERSION, type ImportedDataset, type JobRequest, type WorkerReply, type WorkerRequest } from './protocol';
import { transferables } from './transfer';

declare const self: DedicatedWorkerGlobalScope;

const PROGRESS_INTERVAL_MS = 100;
const running = new Map<number, AbortController>();
/** Datasets in memory by id, with whether they are saved; one at a time, so a new one frees the last. */
const datasets = new Map<string, { stored: StoredDataset; saved: boolean }>();
let database: Promise<ClvDb | null> | null = null;

const post = (reply: WorkerReply, transfer: Transferable[] = []) => self.postMessage(reply, transfer);
const db = () => (database ??= openClvDb().catch(() => null));

function throttled(id: number) {
  let last = 0;
  let lastStage: unknown;
  return (progress: unknown) => {
    const now = performance.now();
    const { epoch, stage, alongside } = progress as Partial<RunProgress>;
    // Epochs (this worker's and the second one's) and stage changes always get through: a dropped
    // stage change left the page showing the last model's epochs while the next stage ran.
    if (!epoch && !alongside?.epoch && stage === lastStage && now - last < PROGRESS_INTERVAL_MS) return;
    [last, lastStage] = [now, stage];
    post({ type: 'progress', id, progress } as WorkerReply);
  };
}

const describe = ({ stored }: { stored: StoredDataset }): ImportedDataset => ({
  datasetId: stored.id, name: stored.name, hasAmount: stored.dataset.hasAmount, summary: stored.dataset.summary, report: stored.report,
  attributes: stored.dataset.attributes ? describeAttributes(stored.dataset.attributes) : null,
  attributesFile: stored.dataset.attributes?.fileName ?? null,
});

function held(datasetId: string) {
  const entry = datasets.get(datasetId);
  if (!entry) throw new Error('The dataset is no longer loaded in the background worker (it was restarted). Import the file again, or open a saved run.');
  return entry;
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
      const deviceMemory = (navigator as WorkerNavigator & { deviceMemory?: number }).deviceMemory;
      const { dataset, report } = await importSources(request.sources, request.options, { signal, onProgress, memoryBudgetBytes: memoryBudgetBytes(deviceMemory) });
      const stored: StoredDataset = {
        id: `dataset-${Date.now().toString(36)}-${request.id}-${Math.random().toString(36).slice(2, 8)}`, name: request.sources.map((s) => s.name).join(', '),
        createdAt: Date.now(), fingerprint: fingerprint(dataset), report, dataset,
      };
      datasets.set(stored.id, { stored, saved: false });
      return describe(datasets.get(stored.id)!);
    }
    case 'open-dataset': {
      const database = await db();
      const stored = database && (await getDataset(database, request.datasetId));
      if (!stored) throw new Error('This run’s dataset is no longer in the browser’s storage.');
      datasets.clear();
      datasets.set(stored.id, { stored, saved: true });
      return describe(datasets.get(stored.id)!);
    }
    case 'attributes': {
      const entry = held(request.datasetId);
      const dataset = entry.stored.dataset;
      const joined = request.source && readAttributes(await request.source.blob.text(), request.source.name, dataset.customerIds);
      dataset.attributes = withFile(dataset.attributes, joined);
      if (!dataset.attributes) delete dataset.attributes;
      // Saved again with the next run.
      entry.saved = false;
      return describe(entry);
    }
    case 'check-models': {
      const database = await db();
      const models = await Promise.all(request.modelIds.map((id) => (database ? getModel(database, id) : undefined)));
      return Object.fromEntries(request.modelIds.map((id, i) => [id, modelRefusal(models[i])]));
    }
    case 'backend':
      return chooseBackend(request.preference);
    case 'run': {
      const entry = held(request.datasetId);
      const backend = await chooseBackend(request.preference);
      const database = await db();
      const store = database && runStore(database);
      try {
        const output = await executeRun(request, { store, dataset: entry.stored, datasetStored: entry.saved, backend: backend.backend, sideTrainer: sideTrainer(backend.backend), signal, onProgress });
        entry.saved = !output.saveError;
        return { ...output, backend };
      } finally {
        store?.release();
      }
    }
  }
}

/** Buffers the worker keeps: never transferred. */
const keptBuffers = () => new Set([...datasets.values()].flatMap(({ stored: { dataset: d } }) => [d.customerStart.buffer, d.purchaseDay.buffer, d.purchaseAmount.buffer]));

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
    post({ type: 'result', id: request.id, result } as WorkerReply, transferables(result, keptBuffers()));
  } catch (e) {
    const error = e as Error & { code?: string };
    if (error.name === 'AbortError') post({ type: 'cancelled', id: request.id });
    else post({ type: 'error', id: request.id, error: { name: error.name, message: error.message, stack: error.stack, code: error.code } });
  } finally {
    running.delete(request.id);
  }
};

post({ type: 'ready', protocol: PROTOCOL_VERSION });
