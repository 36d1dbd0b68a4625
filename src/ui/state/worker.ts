// The one worker client of the page.
import { WorkerClient } from '../../worker/client';

export const workerClient = new WorkerClient(
  () => new Worker(new URL('../../worker/training.worker.ts', import.meta.url), { type: 'module', name: 'clv-training' }),
  (message) => console.error(message),
);
