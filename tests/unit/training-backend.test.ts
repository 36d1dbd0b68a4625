// Training on a backend apart from the one everything else runs on (models/training-backend.ts), as
// the worker does with WebGPU. Here the training backend is the CPU backend's kernels under another
// name, whose synchronous reads fail whenever it is not the active backend: a tensor left on it and
// used after training (a synchronous read, or tfjs moving it to the home backend, which reads
// synchronously) fails the test, as it reads zeros or crashes on such a GPU.
import * as tf from '@tensorflow/tfjs';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/lib/data/fingerprint';
import { importSources } from '../../src/lib/data/importer';
import { inspectSource } from '../../src/lib/data/inspect';
import { historiesUpTo, type Histories } from '../../src/lib/features/histories';
import { AMOUNT_DEFAULTS } from '../../src/lib/models/amount/meta';
import { trainAmount, type AmountModel } from '../../src/lib/models/amount/model';
import { NEXT_PURCHASE_DEFAULTS } from '../../src/lib/models/next-purchase/meta';
import { disposeNetwork, trainNextPurchase, type NextPurchaseModel } from '../../src/lib/models/next-purchase/train';
import { setTrainingBackend } from '../../src/lib/models/training-backend';
import type { StoredDataset } from '../../src/lib/pipeline/records';
import { executeRun } from '../../src/lib/pipeline/run';
import { syntheticCsvLines } from '../../src/lib/synthetic/transactions';
import { textSource } from './helpers';
import { backendReady } from './tf-setup';

const TRAINS_ONLY = 'trains-only';

class TrainsOnly extends MathBackendCPU {
  override readSync(dataId: object): tf.backend_util.BackendValues {
    if (tf.getBackend() !== TRAINS_ONLY) throw new Error('a tensor of the training backend was read synchronously outside a training loop');
    return super.readSync(dataId);
  }

  override async read(dataId: object): Promise<tf.backend_util.BackendValues> {
    return super.readSync(dataId);
  }
}

let h: Histories;
let stored: StoredDataset;

async function storedDataset(): Promise<StoredDataset> {
  const source = textSource([...syntheticCsvLines({ rows: 3000, seed: 5 })].join('\n'), 'shop.csv');
  const { dataset, report } = await importSources([source], (await inspectSource(source)).options);
  return { id: 'd1', name: 'shop.csv', createdAt: Date.now(), fingerprint: fingerprint(dataset), report, dataset };
}

beforeAll(async () => {
  await backendReady;
  tf.registerBackend(TRAINS_ONLY, () => new TrainsOnly(), -1);
  for (const kernel of tf.getKernelsForBackend('cpu')) tf.registerKernel({ ...kernel, backendName: TRAINS_ONLY });
  stored = await storedDataset();
  h = historiesUpTo(stored.dataset, stored.dataset.summary.lastDay);
}, 120_000);

afterEach(async () => {
  setTrainingBackend(null);
  await tf.setBackend('wasm');
});

const weightsOf = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));
const backendOf = (t: tf.Tensor) => (tf.engine().state as unknown as { tensorInfo: WeakMap<object, { backend: tf.KernelBackend }> }).tensorInfo.get(t.dataId)!.backend;
const trainingIds = () => tf.findBackend(TRAINS_ONLY)!.numDataIds();

async function trainBoth(home: string, training: string | null): Promise<{ nextPurchase: NextPurchaseModel; amount: AmountModel }> {
  await tf.setBackend(home);
  setTrainingBackend(training);
  const nextPurchase = await trainNextPurchase(h, 60, { ...NEXT_PURCHASE_DEFAULTS, epochs: 3, patience: 3 });
  const amount = await trainAmount(h, 4, 60, { ...AMOUNT_DEFAULTS, epochs: 2 });
  return { nextPurchase, amount };
}

function dispose({ nextPurchase, amount }: { nextPurchase: NextPurchaseModel; amount: AmountModel }) {
  disposeNetwork(nextPurchase.network);
  amount.network.dispose();
}

describe('training on a backend of its own', () => {
  it('gives the weights, losses and smearing of training on the home backend, with every weight back home and nothing left behind', async () => {
    const here = await trainBoth('cpu', null);
    const before = trainingIds();
    const apart = await trainBoth('cpu', TRAINS_ONLY);
    try {
      expect(trainingIds()).toBe(before);
      expect(apart.nextPurchase.fit!.history).toEqual(here.nextPurchase.fit!.history);
      expect(apart.nextPurchase.fit!.bestEpoch).toBe(here.nextPurchase.fit!.bestEpoch);
      expect(apart.amount.fit).toEqual(here.amount.fit);
      expect(apart.amount.smearing).toBe(here.amount.smearing);
      for (const [a, b] of [[apart.nextPurchase.network.train, here.nextPurchase.network.train], [apart.amount.network, here.amount.network]]) {
        expect(weightsOf(a)).toEqual(weightsOf(b));
        for (const w of a.getWeights()) expect(backendOf(w)).toBe(tf.findBackend('cpu'));
      }
    } finally {
      [here, apart].forEach(dispose);
    }
  }, 300_000);

  it('runs a whole run, backtest included, with the rest on WASM: no tensor of the training backend read synchronously or left there', async () => {
    setTrainingBackend(TRAINS_ONLY);
    const [before, tensors] = [trainingIds(), tf.memory().numTensors];
    const output = await executeRun(
      { name: 'Apart', options: { cutoffDay: stored.dataset.summary.lastDay - 90, horizonDays: 90, orderCount: null, effort: 'quick', backtest: true }, modelId: null },
      { store: null, dataset: stored, datasetStored: false, backend: 'wasm', sideTrainer: null },
    );
    expect(tf.getBackend()).toBe('wasm');
    expect(trainingIds()).toBe(before);
    expect(tf.memory().numTensors).toBe(tensors);
    const clv = output.result.prediction.customers.clv;
    expect(clv.length).toBeGreaterThan(100);
    expect(Array.from(clv).every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
    expect(Array.from(clv).some((v) => v > 0)).toBe(true);
    expect(output.result.backtest).toBeTruthy();
  }, 300_000);
});
