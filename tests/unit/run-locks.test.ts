// Two tabs on one database, with an in-memory Web Locks manager standing in for the browser's: a run
// in progress in one tab is never marked interrupted by the other, its save and the other tab's check
// never overlap, and a run whose owner is gone is marked once its lock is free. Without Web Locks, the
// old rule (started before this page loaded) applies.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openClvDb, type ClvDb } from '../../src/lib/storage/db';
import { InterruptedRuns } from '../../src/lib/storage/interrupted';
import { runLockName } from '../../src/lib/storage/locks';
import { runStore } from '../../src/lib/storage/run-store';
import { CUT_SHORT, listRuns } from '../../src/lib/storage/runs';
import type { RunRecord, RunResult } from '../../src/lib/pipeline/records';
import type { ClvPrediction } from '../../src/lib/pipeline/result';

/** Exclusive locks granted in request order, as navigator.locks does within one origin. */
class FakeLocks {
  readonly held = new Set<string>();
  private readonly waiting = new Map<string, (() => void)[]>();

  request(name: string, a: unknown, b?: unknown): Promise<unknown> {
    const callback = (b ?? a) as (lock: unknown) => unknown;
    const options = (b ? a : {}) as { ifAvailable?: boolean };
    return new Promise((resolve, reject) => {
      const grant = () => {
        this.held.add(name);
        Promise.resolve()
          .then(() => callback({ name, mode: 'exclusive' }))
          .then(resolve, reject)
          .finally(() => {
            this.held.delete(name);
            this.waiting.get(name)?.shift()?.();
          });
      };
      if (!this.held.has(name)) grant();
      else if (options.ifAvailable) Promise.resolve(callback(null)).then(resolve, reject);
      else this.waiting.set(name, [...(this.waiting.get(name) ?? []), grant]);
    });
  }
}

let counter = 0;
const dbs: ClvDb[] = [];
async function twoTabs() {
  const name = `locks-test-${++counter}`;
  const [a, b] = [await openClvDb(undefined, name), await openClvDb(undefined, name)];
  dbs.push(a, b);
  return [a, b];
}
afterEach(() => {
  dbs.splice(0).forEach((db) => db.close());
  vi.unstubAllGlobals();
});

const run = (id: string, o: Partial<RunRecord> = {}): RunRecord => ({
  id, name: `Run ${id}`, kind: 'train', createdAt: 1, finishedAt: null, status: 'running', datasetId: 'd1', datasetName: 'shop.csv',
  modelId: null, options: { cutoffDay: 100, horizonDays: 90, orderCount: null, effort: 'quick', backtest: false }, backend: 'cpu', headline: null, message: null, ...o,
});
const result = (runId: string): RunResult => ({ runId, prediction: { cutoffDay: 100 } as unknown as ClvPrediction, backtest: null });
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
const statuses = async (db: ClvDb) => Object.fromEntries((await listRuns(db)).map((r) => [r.id, r.status]));

describe('runs across tabs', () => {
  it('leaves a run another tab is training alone, waits for its save, and marks a run whose owner is gone', async () => {
    const locks = new FakeLocks();
    vi.stubGlobal('navigator', { locks });
    const [tabA, tabB] = await twoTabs();
    const storeA = runStore(tabA);
    await storeA.putRun(run('r1'));
    await storeA.putRun(run('r2'));
    expect(locks.held).toEqual(new Set([runLockName('r1'), runLockName('r2')]));

    const onMarked = vi.fn();
    const sweep = new InterruptedRuns(CUT_SHORT, onMarked);
    await sweep.sweep(tabB, Date.now() + 1);
    await settle();
    expect(await statuses(tabB)).toEqual({ r1: 'running', r2: 'running' });

    // r1 finishes in tab A: tab B's check waited for the lock, then found the run done.
    await storeA.saveFinishedRun(run('r1', { status: 'done', finishedAt: 2 }), result('r1'), null);
    await settle();
    expect(await statuses(tabB)).toEqual({ r1: 'done', r2: 'running' });
    expect(onMarked).not.toHaveBeenCalled();

    // Tab A goes away with r2 unfinished: its lock is let go and tab B marks it.
    storeA.release();
    await settle();
    expect(await statuses(tabB)).toEqual({ r1: 'done', r2: 'interrupted' });
    expect((await listRuns(tabB)).find((r) => r.id === 'r2')!.message).toBe(CUT_SHORT);
    expect(onMarked).toHaveBeenCalledTimes(1);
    expect(locks.held.size).toBe(0);
  });

  it('keeps the lock of a run whose final save failed until it has written that it failed', async () => {
    const locks = new FakeLocks();
    vi.stubGlobal('navigator', { locks });
    const [tabA, tabB] = await twoTabs();
    const storeA = runStore(tabA);
    await storeA.putRun(run('r1'));
    tabA.close();
    await expect(storeA.saveFinishedRun(run('r1', { status: 'done' }), result('r1'), null)).rejects.toThrow();
    expect(locks.held.has(runLockName('r1'))).toBe(true);
    await new InterruptedRuns(CUT_SHORT, () => {}).sweep(tabB, Date.now() + 1);
    await settle();
    expect(await statuses(tabB)).toEqual({ r1: 'running' });
    await runStore(tabB).putRun(run('r1', { status: 'failed', message: 'disk full' }));
    storeA.release();
    await settle();
    expect(await statuses(tabB)).toEqual({ r1: 'failed' });
  });

  it('without Web Locks, marks the runs started before this page loaded, with the message for each', async () => {
    const [db] = await twoTabs();
    const store = runStore(db);
    await store.putRun(run('old', { createdAt: 10 }));
    await store.putRun(run('new', { createdAt: 30 }));
    const onMarked = vi.fn();
    await new InterruptedRuns((r) => `cut short (${r.id})`, onMarked).sweep(db, 20);
    expect(await statuses(db)).toEqual({ old: 'interrupted', new: 'running' });
    expect((await listRuns(db)).find((r) => r.id === 'old')!.message).toBe('cut short (old)');
    expect(onMarked).toHaveBeenCalledTimes(1);
  });
});
