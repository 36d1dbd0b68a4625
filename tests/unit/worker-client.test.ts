// The page-side worker client against a scripted fake worker: replies, progress, soft and hard
// cancel, and restart after a crash.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CANCEL_GRACE_MS, WorkerClient } from '../../src/worker/client';
import type { WorkerReply, WorkerRequest } from '../../src/worker/protocol';

class FakeWorker {
  static created: FakeWorker[] = [];
  onmessage: ((e: { data: WorkerReply }) => void) | null = null;
  onerror: ((e: { message: string; preventDefault: () => void }) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  received: WorkerRequest[] = [];
  terminated = false;
  constructor(readonly script: (req: WorkerRequest, w: FakeWorker) => void) {
    FakeWorker.created.push(this);
  }
  postMessage(req: WorkerRequest) {
    this.received.push(req);
    queueMicrotask(() => this.script(req, this));
  }
  reply(r: WorkerReply) {
    this.onmessage?.({ data: r });
  }
  terminate() {
    this.terminated = true;
  }
}

const client = (script: (req: WorkerRequest, w: FakeWorker) => void, onCrash: (message: string) => void = () => {}) =>
  new WorkerClient(() => new FakeWorker(script) as unknown as Worker, onCrash);

afterEach(() => {
  FakeWorker.created = [];
  vi.useRealTimers();
});

describe('WorkerClient', () => {
  it('starts the worker lazily, forwards progress and resolves with the result', async () => {
    const c = client((req, w) => {
      if (req.type === 'download') {
        w.reply({ type: 'progress', id: req.id, progress: { bytesDone: 5, bytesTotal: 10 } });
        w.reply({ type: 'result', id: req.id, result: { name: 'x', blob: new Blob(['a']), format: 'csv' } });
      }
    });
    expect(FakeWorker.created).toHaveLength(0);
    const progress: unknown[] = [];
    const result = await c.run('download', { endpoint: { url: 'http://x', headers: {}, format: 'auto', jsonPath: '', maxBytes: 1 } }, { onProgress: (p) => progress.push(p) });
    expect(result.name).toBe('x');
    expect(progress).toEqual([{ bytesDone: 5, bytesTotal: 10 }]);
    expect(FakeWorker.created).toHaveLength(1);
  });

  it('rebuilds errors with their name and code', async () => {
    const c = client((req, w) => w.reply({ type: 'error', id: req.id, error: { name: 'ImportError', message: 'bad row', code: 'no-valid-rows' } }));
    await expect(c.run('inspect', { source: { name: 'a', blob: new Blob([]), format: 'csv' }, overrides: {} })).rejects.toMatchObject({ name: 'ImportError', message: 'bad row', code: 'no-valid-rows' });
  });

  it('cancels softly when the worker answers "cancelled"', async () => {
    const c = client((req, w) => {
      if (req.type === 'cancel') w.reply({ type: 'cancelled', id: req.id });
    });
    const controller = new AbortController();
    const run = c.run('inspect', { source: { name: 'a', blob: new Blob([]), format: 'csv' }, overrides: {} }, { signal: controller.signal });
    controller.abort();
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(FakeWorker.created[0].terminated).toBe(false);
  });

  it('terminates and restarts a worker that ignores the cancel', async () => {
    vi.useFakeTimers();
    const c = client(() => {});
    const controller = new AbortController();
    const run = c.run('inspect', { source: { name: 'a', blob: new Blob([]), format: 'csv' }, overrides: {} }, { signal: controller.signal });
    controller.abort();
    const settled = expect(run).rejects.toMatchObject({ name: 'AbortError' });
    await vi.advanceTimersByTimeAsync(CANCEL_GRACE_MS + 1);
    await settled;
    expect(FakeWorker.created[0].terminated).toBe(true);
    void c.run('inspect', { source: { name: 'a', blob: new Blob([]), format: 'csv' }, overrides: {} });
    expect(FakeWorker.created).toHaveLength(2);
  });

  it('rejects pending calls with a clear message when the worker crashes, then works again', async () => {
    const crashes: string[] = [];
    let crash = true;
    const c = client((req, w) => {
      if (crash) w.onerror?.({ message: 'Out of memory', preventDefault: () => {} });
      else w.reply({ type: 'result', id: req.id, result: { name: 'ok', blob: new Blob([]), format: 'csv' } });
    }, (m) => crashes.push(m));
    const endpoint = { url: 'http://x', headers: {}, format: 'auto' as const, jsonPath: '', maxBytes: 1 };
    await expect(c.run('download', { endpoint })).rejects.toThrow('The background worker crashed: Out of memory. It has been restarted');
    expect(crashes).toHaveLength(1);
    crash = false;
    expect((await c.run('download', { endpoint })).name).toBe('ok');
    expect(FakeWorker.created).toHaveLength(2);
  });
});
