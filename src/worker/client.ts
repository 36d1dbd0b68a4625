// Main-thread side of the training worker: lazy start, a pending-request map, an AbortSignal on every
// call (soft cancel, then terminate and restart after a grace period), restart after a crash.
import type { JobType, Jobs, SerializedError, WorkerReply, WorkerRequest } from './protocol';

export interface RunOptions<K extends JobType> {
  signal?: AbortSignal;
  onProgress?: (progress: Jobs[K]['progress']) => void;
}

interface Pending {
  resolve: (value: never) => void;
  reject: (error: Error) => void;
  onProgress?: (progress: never) => void;
}

/** An error raised in the worker, rebuilt on this side with its name and code. */
export class WorkerError extends Error {
  constructor(
    readonly error: SerializedError,
  ) {
    super(error.message);
    this.name = error.name;
  }
  get code(): string | undefined {
    return this.error.code;
  }
}

export const CANCEL_GRACE_MS = 2000;

const abortError = () => Object.assign(new Error('Cancelled.'), { name: 'AbortError' });

export class WorkerClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly create: () => Worker,
    private readonly onCrash: (message: string) => void = () => {},
  ) {}

  run<K extends JobType>(type: K, input: Jobs[K]['input'], { signal, onProgress }: RunOptions<K> = {}): Promise<Jobs[K]['result']> {
    if (signal?.aborted) return Promise.reject(abortError());
    const id = this.nextId++;
    const worker = this.ensureWorker();
    return new Promise<Jobs[K]['result']>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = () => {
        worker.postMessage({ type: 'cancel', id } satisfies WorkerRequest);
        timer = setTimeout(() => {
          // The worker did not stop in time: it is busy in a long step, so restart it.
          this.restart(`request ${id} did not stop within ${CANCEL_GRACE_MS} ms`);
        }, CANCEL_GRACE_MS);
      };
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.pending.delete(id);
      };
      this.pending.set(id, {
        resolve: (value) => (done(), resolve(value)),
        reject: (error) => (done(), reject(error)),
        onProgress: onProgress as Pending['onProgress'],
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.postMessage({ type, id, ...input } as WorkerRequest);
    });
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    for (const p of this.pending.values()) p.reject(abortError());
    this.pending.clear();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = this.create();
    worker.onmessage = (event: MessageEvent<WorkerReply>) => this.handle(event.data);
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      this.crash(event.message || 'the worker stopped unexpectedly (out of memory?)');
    };
    worker.onmessageerror = () => this.crash('a message from the worker could not be read');
    this.worker = worker;
    return worker;
  }

  private handle(reply: WorkerReply): void {
    if (reply.type === 'ready') return;
    const p = this.pending.get(reply.id);
    if (!p) return;
    if (reply.type === 'progress') p.onProgress?.(reply.progress as never);
    else if (reply.type === 'result') p.resolve(reply.result as never);
    else if (reply.type === 'cancelled') p.reject(abortError());
    else p.reject(new WorkerError(reply.error));
  }

  private restart(reason: string): void {
    this.worker?.terminate();
    this.worker = null;
    for (const p of this.pending.values()) p.reject(abortError());
    this.pending.clear();
    console.warn(`Worker restarted: ${reason}`);
  }

  private crash(message: string): void {
    this.worker?.terminate();
    this.worker = null;
    const error = new WorkerError({ name: 'WorkerCrash', message: `The background worker crashed: ${message}. It has been restarted; your saved work is intact.` });
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
    this.onCrash(error.message);
  }
}
