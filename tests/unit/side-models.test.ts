// The amount and arrivals models trained beside the next-purchase network (pipeline/side-models.ts):
// a run whose side trainer hands them over as plain data, the way the browser's second worker does,
// predicts exactly what a run that trains them itself predicts; the progress says where they train;
// a side trainer that fails leaves them to this one, with the reason; a cancel stops both.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/lib/data/fingerprint';
import { importSources } from '../../src/lib/data/importer';
import { inspectSource } from '../../src/lib/data/inspect';
import type { RunOptions, StoredDataset } from '../../src/lib/pipeline/records';
import { executeRun, type RunOutput, type RunProgress } from '../../src/lib/pipeline/run';
import { historiesUpTo } from '../../src/lib/features/histories';
import { pipelineOptions } from '../../src/lib/pipeline/options';
import { disposeSideModels, sideModelsFromData, sideModelsToData, trainSideModels, type SideJob, type SideTrainer } from '../../src/lib/pipeline/side-models';
import { syntheticCsvLines } from '../../src/lib/synthetic/transactions';
import { textSource } from './helpers';
import { backendReady } from './tf-setup';

let stored: StoredDataset;
let options: RunOptions;
let alone: RunOutput;

/** Trains the side models here, then passes them on as structured-cloned data (what postMessage does). */
const cloning: SideTrainer = async (job, callbacks) => {
  const models = await trainSideModels(structuredClone(job), callbacks);
  try {
    return await sideModelsFromData(structuredClone(await sideModelsToData(models)));
  } finally {
    disposeSideModels(models);
  }
};

const run = (sideTrainer: SideTrainer | null, onProgress?: (p: RunProgress) => void, signal?: AbortSignal) =>
  executeRun({ name: 'Side', options, modelId: null }, { store: null, dataset: stored, datasetStored: false, backend: 'wasm', sideTrainer, onProgress, signal });

beforeAll(async () => {
  await backendReady;
  const source = textSource([...syntheticCsvLines({ rows: 4000, seed: 3 })].join('\n'), 'shop.csv');
  const { dataset, report } = await importSources([source], (await inspectSource(source)).options);
  stored = { id: 'd1', name: 'shop.csv', createdAt: Date.now(), fingerprint: fingerprint(dataset), report, dataset };
  options = { cutoffDay: dataset.summary.lastDay, horizonDays: 90, orderCount: null, effort: 'quick', backtest: false };
  alone = await run(null);
}, 300_000);

const sameAnswer = (a: RunOutput, b: RunOutput) => {
  const [p, q] = [a.result.prediction, b.result.prediction];
  expect(p.customers.expectedPurchases).toEqual(q.customers.expectedPurchases);
  expect(p.customers.clv).toEqual(q.customers.clv);
  expect(p.newcomers).toEqual(q.newcomers);
  expect(a.run.headline).toEqual(b.run.headline);
};

describe('side models', () => {
  it('cross as data with every weight and setting', async () => {
    const o = pipelineOptions(options.cutoffDay, 90, { amount: { epochs: 2 }, newcomers: { epochs: 2 } });
    const job: SideJob = { histories: historiesUpTo(stored.dataset, options.cutoffDay), window: 4, validationDays: 60, amount: o.amount, newcomers: o.newcomers };
    const here = await trainSideModels(job);
    const there = await sideModelsFromData(structuredClone(await sideModelsToData(here)));
    try {
      for (const key of ['amount', 'arrivals'] as const) {
        const [a, b] = [here[key]!, there[key]!];
        const { network: na, ...ra } = a;
        const { network: nb, ...rb } = b;
        expect(rb).toEqual(ra);
        expect(nb.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(na.getWeights().map((w) => Array.from(w.dataSync())));
      }
      expect(here.amount!.smearing).toBeGreaterThan(0);
      expect([there.amountChoice, there.notes]).toEqual([here.amountChoice, here.notes]);
    } finally {
      [here, there].forEach(disposeSideModels);
    }
  }, 300_000);

  it('trained beside and handed over as data, they predict what trained here predicts', async () => {
    const tensors = tf.memory().numTensors;
    const progress: RunProgress[] = [];
    const beside = await run(cloning, (p) => progress.push(p));
    sameAnswer(beside, alone);
    expect(beside.run.message).toBe(alone.run.message);
    expect(tf.memory().numTensors).toBe(tensors);
    // Every report carries both workers' last epochs. The amount network's come as the second worker's,
    // beside this one's stage, until this one waits on them; each epoch once, in one or the other.
    const epochsOf = (list: (RunProgress['epoch'] | undefined)[]) => new Set(list.filter((e) => e?.model === 'amount').map((e) => e!.epoch));
    const [besideEpochs, ownEpochs] = [epochsOf(progress.map((p) => p.alongside?.epoch)), epochsOf(progress.map((p) => p.epoch))];
    expect(besideEpochs.size).toBeGreaterThan(0);
    expect([...besideEpochs].filter((e) => ownEpochs.has(e))).toEqual([]);
    expect(besideEpochs.size + ownEpochs.size).toBe(beside.result.epochMs!.amount!.length);
    const besideReports = progress.filter((p) => p.alongside?.epoch?.model === 'amount');
    expect(besideReports.every((p) => ['next-purchase', 'classic'].includes(p.stage) && p.alongside!.epoch!.phase === 'run')).toBe(true);
    // The second worker's reports keep this worker's last epoch (the status line shows both).
    const firstOwn = progress.findIndex((p) => p.epoch?.model === 'next-purchase');
    expect(progress.slice(firstOwn).filter((p) => p.stage === 'next-purchase').every((p) => p.epoch?.model === 'next-purchase')).toBe(true);
    expect(beside.result.epochMs!.amount!.every((ms) => ms > 0)).toBe(true);
    expect(beside.result.epochMs!['next-purchase']).toHaveLength(alone.result.epochMs!['next-purchase']!.length);
  }, 300_000);

  it('a side trainer that fails leaves them to this worker, and the run says why', async () => {
    const failing: SideTrainer = async () => {
      throw new Error('it did not start');
    };
    const out = await run(failing);
    sameAnswer(out, alone);
    expect(out.run.message).toContain('The second worker failed (it did not start): the amount and arrivals models trained after the next-purchase model instead.');
  }, 300_000);

  it('a cancel stops the side models too, and leaves no tensor behind', async () => {
    const tensors = tf.memory().numTensors;
    const controller = new AbortController();
    let sideSignal: AbortSignal | undefined;
    const watched: SideTrainer = (job, callbacks) => ((sideSignal = callbacks.signal), cloning(job, callbacks));
    const cancelled = run(watched, (p) => p.epoch?.model === 'next-purchase' && controller.abort(), controller.signal);
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
    expect(sideSignal?.aborted).toBe(true);
    // The side models finish their current epoch, see the cancel and free what they hold.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(tf.memory().numTensors).toBe(tensors);
  }, 300_000);
});
