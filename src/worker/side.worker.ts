// The second worker: trains a run's amount and arrivals models (pipeline/side-models.ts) on the
// backend the first worker chose, while that one trains the next-purchase network. Replies are each
// epoch and stage, then the models as plain data, or the error.
/// <reference lib="webworker" />
import { disposeSideModels, sideModelsToData, trainSideModels } from '../lib/pipeline/side-models';
import { startBackend } from './start-backend';
import type { SideReply, SideRequest } from './side-protocol';

declare const self: DedicatedWorkerGlobalScope;

const post = (reply: SideReply) => self.postMessage(reply);

self.onmessage = async ({ data: { job, backend } }: MessageEvent<SideRequest>) => {
  try {
    const failure = await startBackend(backend);
    if (failure) throw new Error(`${backend} ${failure}`);
    const models = await trainSideModels(job, { onProgress: (stage, epoch) => post({ type: 'progress', stage, epoch }) });
    try {
      post({ type: 'result', models: await sideModelsToData(models) });
    } finally {
      disposeSideModels(models);
    }
  } catch (e) {
    post({ type: 'error', message: (e as Error).message });
  }
};
