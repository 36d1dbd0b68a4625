// Starts a second worker for a run's amount and arrivals models, so that they train on another core
// while this worker trains the next-purchase network (pipeline/train.ts). Only on the CPU backends
// without threads: a GPU is one device, and threaded WASM already takes the cores. Cancelling
// terminates it.
import { sideModelsFromData, type SideTrainer } from '../lib/pipeline/side-models';
import type { BackendName } from './backend-choice';
import type { SideReply, SideRequest } from './side-protocol';

const abortError = () => Object.assign(new Error('Cancelled.'), { name: 'AbortError' });

/** The side trainer for runs on `backend`, or null where a second worker would not help. */
export function sideTrainer(backend: BackendName, cores = navigator.hardwareConcurrency ?? 1): SideTrainer | null {
  if ((backend !== 'wasm' && backend !== 'cpu') || cores < 2 || typeof Worker === 'undefined') return null;
  return (job, { signal, onProgress }) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortError());
      const worker = new Worker(new URL('./side.worker.ts', import.meta.url), { type: 'module', name: 'side models' });
      const onAbort = () => finish(() => reject(abortError()));
      const finish = (settle: () => void) => {
        worker.terminate();
        signal?.removeEventListener('abort', onAbort);
        settle();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.onmessage = ({ data }: MessageEvent<SideReply>) => {
        if (data.type === 'progress') onProgress?.(data.stage, data.epoch);
        else if (data.type === 'error') finish(() => reject(new Error(data.message)));
        else finish(() => resolve(sideModelsFromData(data.models)));
      };
      worker.onerror = (e) => finish(() => reject(new Error(e.message || 'it did not start')));
      worker.onmessageerror = () => finish(() => reject(new Error('its reply could not be read')));
      worker.postMessage({ job, backend } satisfies SideRequest);
    });
}
