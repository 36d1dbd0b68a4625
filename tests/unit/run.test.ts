// A run as the worker executes it, in Node on the WASM backend with fake-indexeddb: train, predict,
// backtest and save; predict again with the saved model; cancel; a full disk at the end.
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fingerprint } from '../../src/lib/data/fingerprint';
import { importSources } from '../../src/lib/data/importer';
import { inspectSource } from '../../src/lib/data/inspect';
import { executeRun, type RunProgress } from '../../src/lib/pipeline/run';
import { openClvDb, type ClvDb } from '../../src/lib/storage/db';
import { runStore } from '../../src/lib/storage/run-store';
import { getModel, getResult, listRuns } from '../../src/lib/storage/runs';
import type { RunOptions, StoredDataset } from '../../src/lib/pipeline/records';
import { syntheticCsvLines } from '../../src/lib/synthetic/transactions';
import { fileSource, fixture, textSource } from './helpers';
import { backendReady } from './tf-setup';

let stored: StoredDataset;
let db: ClvDb;
let options: RunOptions;

beforeAll(async () => {
  await backendReady;
  const source = textSource([...syntheticCsvLines({ rows: 4000, seed: 3 })].join('\n'), 'shop.csv');
  const { options: importOptions } = await inspectSource(source);
  const { dataset, report } = await importSources([source], importOptions);
  stored = { id: 'd1', name: 'shop.csv', createdAt: Date.now(), fingerprint: fingerprint(dataset), report, dataset };
  db = await openClvDb(undefined, 'run-test');
  options = { cutoffDay: dataset.summary.lastDay, horizonDays: 90, orderCount: null, effort: 'quick', backtest: true };
});

describe('a run', () => {
  it('trains, predicts, backtests and saves; the saved model predicts the same again', async () => {
    const tensors = tf.memory().numTensors;
    const progress: RunProgress[] = [];
    const out = await executeRun({ name: 'First', options, modelId: null }, { store: runStore(db), dataset: stored, datasetStored: false, backend: 'wasm', onProgress: (p) => progress.push(p) });
    expect(out.saveError).toBeNull();
    expect(out.run.status).toBe('done');
    expect(new Set(progress.map((p) => p.stage))).toEqual(new Set(['features', 'next-purchase', 'classic', 'amount', 'arrivals', 'predict', 'backtest', 'save']));
    const epochs = progress.filter((p) => p.epoch?.phase === 'run' && p.epoch.model === 'next-purchase');
    expect(epochs.length).toBeGreaterThanOrEqual(2);
    expect(epochs.every((p) => Number.isFinite(p.epoch!.loss) && p.etaMs! >= 0)).toBe(true);

    const h = out.run.headline!;
    const p = out.result.prediction;
    expect(h.customers).toBe(stored.dataset.summary.customers);
    expect(h.expectedPurchases).toBeCloseTo(p.customers.expectedPurchases.reduce((s, v) => s + v, 0), 6);
    expect(h.revenue).toBeCloseTo(h.engagedRevenue! + h.newcomerRevenue!, 6);
    expect(h.revenueLow!).toBeLessThan(h.revenue!);
    expect(h.revenueHigh!).toBeGreaterThan(h.revenue!);
    expect(out.result.backtest!.models.clv!.purchases.rmse).toBeGreaterThan(0);
    expect(out.result.backtest!.models.bgnbd).toBeDefined();
    expect(tf.memory().numTensors).toBe(tensors);

    const saved = await listRuns(db);
    expect(saved.map((r) => [r.name, r.status])).toEqual([['First', 'done']]);
    expect((await getResult(db, out.run.id))!.prediction.customers.clv).toEqual(p.customers.clv);
    const model = (await getModel(db, out.run.modelId!))!;
    expect(model.fingerprint).toBe(stored.fingerprint);
    expect(model.trainingWindow.cutoffDay).toBe(options.cutoffDay);
    expect(model.metrics!.purchases.rmse).toBe(out.result.backtest!.models.clv!.purchases.rmse);

    const again = await executeRun({ name: 'Again', options, modelId: out.run.modelId }, { store: runStore(db), dataset: stored, datasetStored: true, backend: 'wasm' });
    expect(again.run.kind).toBe('predict');
    expect(Array.from(again.result.prediction.customers.expectedPurchases)).toEqual(Array.from(p.customers.expectedPurchases));
    expect(again.result.backtest).toBeNull();
    expect(tf.memory().numTensors).toBe(tensors);
  }, 240_000);

  it('refuses a saved model for a cut-off before its training window', async () => {
    const [first] = (await listRuns(db)).filter((r) => r.kind === 'train');
    const early = { ...options, cutoffDay: options.cutoffDay - 30 };
    await expect(executeRun({ name: 'Early', options: early, modelId: first.modelId }, { store: runStore(db), dataset: stored, datasetStored: true, backend: 'wasm' })).rejects.toThrow(/trained on data up to .* after this prediction's cut-off/);
    expect((await listRuns(db)).find((r) => r.name === 'Early')!.status).toBe('failed');
  });

  it('stops at the next batch when cancelled, marks the run cancelled and leaks no tensor', async () => {
    const tensors = tf.memory().numTensors;
    const controller = new AbortController();
    const run = executeRun({ name: 'Cancelled', options: { ...options, backtest: false }, modelId: null }, {
      store: runStore(db), dataset: stored, datasetStored: true, backend: 'wasm', signal: controller.signal,
      onProgress: (p) => p.epoch && controller.abort(),
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect((await listRuns(db)).find((r) => r.name === 'Cancelled')!.status).toBe('cancelled');
    expect(tf.memory().numTensors).toBe(tensors);
  }, 120_000);

  it('returns its result and says why when the disk is full at the end; earlier runs are intact', async () => {
    const before = await listRuns(db);
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      if (this.name === 'results') throw new DOMException('Quota exceeded', 'QuotaExceededError');
      return put.apply(this, args as Parameters<typeof put>);
    });
    try {
      const out = await executeRun({ name: 'Full', options: { ...options, backtest: false }, modelId: null }, { store: runStore(db), dataset: stored, datasetStored: true, backend: 'wasm' });
      expect(out.result.prediction.customers.id).toHaveLength(stored.dataset.summary.customers);
      expect(out.saveError).toMatch(/storage for this site is full/);
    } finally {
      vi.restoreAllMocks();
    }
    const after = await listRuns(db);
    expect(after.filter((r) => r.name !== 'Full')).toEqual(before);
    expect(after.find((r) => r.name === 'Full')).toMatchObject({ status: 'failed', message: expect.stringMatching(/storage for this site is full/) });
  }, 120_000);

  it.each([
    ['single-customer.csv', /only 1 customer bought on or before the cut-off/],
    ['one-day.csv', /all purchases fall on one day \(2021-05-04\)/],
  ])('%s: explains why the deep models cannot train and falls back to what can be computed', async (name, why) => {
    const source = fileSource(fixture(`bad/${name}`));
    const { options: importOptions } = await inspectSource(source);
    const { dataset, report } = await importSources([source], importOptions);
    const data: StoredDataset = { id: name, name, createdAt: 0, fingerprint: fingerprint(dataset), report, dataset };
    const out = await executeRun({ name, options: { ...options, cutoffDay: dataset.summary.lastDay, backtest: true }, modelId: null }, { store: runStore(db), dataset: data, datasetStored: false, backend: 'wasm' });
    expect(out.run.status).toBe('done');
    expect(out.run.message).toMatch(why);
    expect(out.run.message).toMatch(/These figures come from (BG\/NBD with Gamma-Gamma|each customer's own purchase rate) instead/);
    expect(out.run.modelId).toBeNull();
    expect(out.result.backtest).toBeNull();
    const c = out.result.prediction.customers;
    expect(c.id).toHaveLength(dataset.summary.customers);
    expect(c.expectedPurchases.every(Number.isFinite)).toBe(true);
    expect(c.clv.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
    expect(out.run.headline!.revenue).toBeCloseTo(c.clv.reduce((s, v) => s + v, 0), 6);
  });
});
