// The backend trial: one real training step of the next-purchase and amount networks (the fused
// LSTM, its backpropagation, Conv1D, Adam), on fixed generated histories with fixed weights. The
// chooser times it on each backend and compares its loss with the CPU's: a backend that runs but
// computes other numbers (WebGPU's int32/bool Transpose in tfjs 4.22 did) is never trained on.
import * as tf from '@tensorflow/tfjs';
import { buildAmountWindows, AMOUNT_FEATURES } from '../features/amount-windows';
import { buildEventSequences, completedGaps } from '../features/events';
import type { Histories } from '../features/histories';
import { fitLogScaler } from '../features/scaler';
import { buildAmountNetwork } from './amount/model';
import { AMOUNT_DEFAULTS } from './amount/meta';
import { NEXT_PURCHASE_DEFAULTS } from './next-purchase/meta';
import { hazardLoss } from './next-purchase/hazard';
import { buildNextPurchaseNetwork } from './next-purchase/model';
import { packedBatch } from './next-purchase/sequence-batches';
import { trainingForward } from './recurrent/forward';
import { adam } from './training';

const AMOUNT_WINDOW = 4;

/**
 * Customers with 1 to maxPurchases purchases, gaps and amounts from a fixed formula. Small by
 * default: software WebGPU and WebGL dispatch every op of every step, and the user waits for it.
 */
function trialHistories(customers: number, maxPurchases: number): Histories {
  const [start, day, amount] = [[0], [] as number[], [] as number[]];
  for (let c = 0; c < customers; c++) {
    const purchases = 1 + ((c * 7) % maxPurchases);
    for (let k = 0, d = c % 30; k < purchases; k++, d += 3 + ((c + 5 * k) % 40)) {
      day.push(d);
      amount.push(10 + ((c * 13 + k * 7) % 90));
    }
    start.push(day.length);
  }
  const cutoffDay = Math.max(...day) + 1;
  return { ids: Array.from({ length: customers }, (_, c) => `c${c}`), start: Int32Array.from(start), day: Int32Array.from(day), amount: Float64Array.from(amount), hasAmount: true, cutoffDay, firstDay: 0 };
}

export interface TrialStep {
  /** One training step of both networks; the sum of their losses before the step. */
  run(): Promise<number>;
  dispose(): void;
}

export function trialStep(customers = 64, maxPurchases = 12): TrialStep {
  const h = trialHistories(customers, maxPurchases);
  const gaps = fitLogScaler(completedGaps(h));
  const sequences = buildEventSequences(h, gaps);
  const events = packedBatch(sequences, Int32Array.from(sequences.lengths.keys()));
  const windows = buildAmountWindows(h, AMOUNT_WINDOW, { amount: fitLogScaler(h.amount), gap: gaps });
  const [windowX, windowY] = [tf.tensor3d(windows.x, [windows.count, AMOUNT_WINDOW, AMOUNT_FEATURES]), tf.tensor2d(windows.y, [windows.count, 1])];
  const nextPurchase = buildNextPurchaseNetwork(NEXT_PURCHASE_DEFAULTS).train;
  const amount = buildAmountNetwork(AMOUNT_WINDOW, AMOUNT_DEFAULTS);
  const optimizer = adam(0.01);
  const variables = [...nextPurchase.trainableWeights, ...amount.trainableWeights].map((w) => w.read() as tf.Variable);
  const [forwardEvents, forwardAmount] = [trainingForward(nextPurchase), trainingForward(amount)];
  return {
    async run() {
      const cost = optimizer.minimize(() => tf.add(hazardLoss(events.y, forwardEvents(events.x, events.steps), gaps.mean), tf.losses.meanSquaredError(windowY, forwardAmount(windowX))) as tf.Scalar, true, variables)!;
      try {
        return (await cost.data())[0];
      } finally {
        cost.dispose();
      }
    },
    dispose() {
      tf.dispose([events.x, events.y, windowX, windowY]);
      nextPurchase.dispose();
      amount.dispose();
      optimizer.dispose();
    },
  };
}
