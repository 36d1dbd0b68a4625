// IndexedDB storage on fake-indexeddb: migration from an older version, atomic saves under a quota
// error and an interrupted save, interrupted runs, rename and delete.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { importSources } from '../../src/lib/data/importer';
import { inspectSource } from '../../src/lib/data/inspect';
import { fingerprint } from '../../src/lib/data/fingerprint';
import { openClvDb, StorageError, type ClvDb } from '../../src/lib/storage/db';
import { getDataset, saveDataset } from '../../src/lib/storage/datasets';
import { deleteRun, getModel, getResult, listRuns, markInterrupted, putRun, renameRun, saveFinishedRun } from '../../src/lib/storage/runs';
import type { RunRecord, RunResult, StoredDataset, StoredModel } from '../../src/lib/pipeline/records';
import { DB_VERSION } from '../../src/lib/storage/schema';
import type { ClvPrediction } from '../../src/lib/pipeline/result';
import { fileSource, fixture } from './helpers';

let dbName = '';
let counter = 0;
const open: ClvDb[] = [];
const openDb = async (version?: number) => {
  const db = await openClvDb(version, dbName);
  open.push(db);
  return db;
};

async function apparelDataset(id: string): Promise<StoredDataset> {
  const source = fileSource(fixture('apparelTrans.csv'));
  const { options } = await inspectSource(source);
  const { dataset, report } = await importSources([source], options);
  return { id, name: 'apparelTrans.csv', createdAt: 1, fingerprint: fingerprint(dataset), report, dataset };
}

const run = (id: string, o: Partial<RunRecord> = {}): RunRecord => ({
  id, name: `Run ${id}`, kind: 'train', createdAt: Number(id.replace(/\D/g, '')) || 1, finishedAt: null, status: 'running', datasetId: 'd1', datasetName: 'apparelTrans.csv',
  modelId: null, options: { cutoffDay: 100, horizonDays: 90, orderCount: null, effort: 'quick', backtest: false }, backend: 'cpu', headline: null, message: null, ...o,
});
const result = (runId: string): RunResult => ({ runId, prediction: { cutoffDay: 100, customers: { clv: new Float64Array([1, 2, 3]) } } as unknown as ClvPrediction, backtest: null });
const model = (id: string): StoredModel => ({ id, datasetId: 'd1', createdAt: 1, fingerprint: 'f', trainingWindow: { firstDay: 0, cutoffDay: 100 }, saved: { format: 1 } as StoredModel['saved'] });

beforeEach(() => {
  dbName = `clv-test-${++counter}`;
});
afterEach(() => {
  open.splice(0).forEach((db) => db.close());
  vi.restoreAllMocks();
});

describe('storage', () => {
  it('opens a database written by version 1 of the schema and keeps its runs, datasets and results', async () => {
    const old = await openDb(1);
    expect(old.version).toBe(1);
    expect([...old.objectStoreNames].sort()).toEqual(['datasets', 'models', 'results', 'runs']);
    const dataset = await apparelDataset('d1');
    await old.put('datasets', dataset);
    await old.put('runs', run('r1', { status: 'done' }));
    await old.put('runs', run('r2', { status: 'done' }));
    await old.put('results', result('r1'));
    old.close();

    const db = await openDb();
    expect(db.version).toBe(DB_VERSION);
    expect(DB_VERSION).toBeGreaterThan(1);
    expect((await listRuns(db)).map((r) => r.id)).toEqual(['r2', 'r1']);
    expect(await db.getAllKeysFromIndex('runs', 'byDataset', 'd1')).toEqual(['r1', 'r2']);
    const back = await getDataset(db, 'd1');
    expect(back!.dataset.purchaseDay).toEqual(dataset.dataset.purchaseDay);
    expect(back!.dataset.customerIds).toHaveLength(600);
    expect(fingerprint(back!.dataset)).toBe(dataset.fingerprint);
    expect((await getResult(db, 'r1'))!.prediction.customers.clv).toEqual(new Float64Array([1, 2, 3]));
  });

  it('saves model, result and run together, or none of them when the disk is full', async () => {
    const db = await openDb();
    await saveFinishedRun(db, run('r1', { status: 'done', modelId: 'm1' }), result('r1'), model('m1'));
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      if (this.name === 'results') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args as Parameters<typeof put>);
    });
    const failure = await saveFinishedRun(db, run('r2', { status: 'done', modelId: 'm2' }), result('r2'), model('m2')).catch((e) => e);
    expect(failure).toBeInstanceOf(StorageError);
    expect(failure.quota).toBe(true);
    expect(failure.message).toMatch(/storage for this site is full.*Runs saved before are intact/);
    vi.restoreAllMocks();
    expect((await listRuns(db)).map((r) => [r.id, r.status])).toEqual([['r1', 'done']]);
    expect(await getModel(db, 'm2')).toBeUndefined();
    expect(await getModel(db, 'm1')).toBeDefined();
    expect(await getResult(db, 'r1')).toBeDefined();
  });

  it('a save cut short (the page reloads before the transaction commits) writes nothing, and the run shows as interrupted', async () => {
    const db = await openDb();
    await saveFinishedRun(db, run('r1', { status: 'done' }), result('r1'), null);
    await putRun(db, run('r2'));
    const tx = db.transaction(['runs', 'results'], 'readwrite');
    void tx.objectStore('results').put(result('r2')).catch(() => {});
    void tx.objectStore('runs').put(run('r2', { status: 'done' })).catch(() => {});
    tx.abort();
    await tx.done.catch(() => {});
    db.close();

    const reopened = await openDb();
    expect(await getResult(reopened, 'r2')).toBeUndefined();
    expect(await markInterrupted(reopened, Date.now())).toBe(1);
    const runs = await listRuns(reopened);
    expect(runs.map((r) => [r.id, r.status])).toEqual([['r2', 'interrupted'], ['r1', 'done']]);
    expect(runs[0].message).toMatch(/closed or reloaded/);
    expect(await getResult(reopened, 'r1')).toBeDefined();
  });

  it('renames, and deletes a run with the model and dataset nothing else uses', async () => {
    const db = await openDb();
    await saveDataset(db, await apparelDataset('d1'));
    await saveFinishedRun(db, run('r1', { status: 'done', modelId: 'm1' }), result('r1'), model('m1'));
    await saveFinishedRun(db, run('r2', { status: 'done', modelId: 'm2' }), result('r2'), model('m2'));
    await renameRun(db, 'r1', 'Before the sale');
    expect((await listRuns(db)).find((r) => r.id === 'r1')!.name).toBe('Before the sale');
    await expect(renameRun(db, 'nope', 'x')).rejects.toThrow('There is no run nope.');

    await deleteRun(db, 'r1');
    expect(await getModel(db, 'm1')).toBeUndefined();
    expect(await getResult(db, 'r1')).toBeUndefined();
    expect(await getDataset(db, 'd1')).toBeDefined();
    await deleteRun(db, 'r2');
    expect(await getDataset(db, 'd1')).toBeUndefined();
    expect(await listRuns(db)).toEqual([]);
  });
});
