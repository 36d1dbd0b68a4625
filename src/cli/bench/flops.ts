// Training FLOPs per epoch, counted from the architecture and the data: the useful work (no padding),
// forward pass x 3 for forward + backward, on the share of the samples an epoch draws. Divided by the measured ms per epoch it gives the achieved
// GFLOP/s, to compare with what the hardware can do.
import type { Dataset } from '../../lib/data/dataset';
import { EVENT_FEATURES, MAX_EVENTS } from '../../lib/features/events';
import { AMOUNT_FEATURES } from '../../lib/features/amount-windows';
import { HAZARD_PARAMS } from '../../lib/models/next-purchase/hazard';
import { MAX_SAMPLES_PER_EPOCH } from '../../lib/models/training';
import { historiesUpTo } from '../../lib/features/histories';
import type { PipelineOptions } from '../../lib/pipeline/options';

/** Multiply-adds of one LSTM step as FLOPs: four gates over input and state, plus the element-wise work. */
const lstmStep = (input: number, units: number) => 2 * 4 * units * (input + units) + 10 * units;
const dense = (input: number, output: number) => 2 * input * output;
const BACKWARD = 3;

export function trainingFlopsPerEpoch(dataset: Dataset, o: PipelineOptions, window: number): Record<'next-purchase' | 'amount', number> {
  const h = historiesUpTo(dataset, o.cutoffDay);
  let [events, windows] = [0, 0];
  for (let c = 0; c < h.ids.length; c++) {
    const n = h.start[c + 1] - h.start[c];
    events += Math.min(n, MAX_EVENTS);
    windows += Math.max(0, n - 1);
  }
  const U = o.nextPurchase.units;
  const perEvent = lstmStep(EVENT_FEATURES, U) + dense(U, 16) + dense(16, HAZARD_PARAMS);
  const a = o.amount;
  const perWindow = window * (2 * a.kernelSize * AMOUNT_FEATURES * a.filters + lstmStep(a.filters, a.units)) + dense(a.units, 16) + dense(16, 1);
  const drawn = (n: number) => Math.min(1, MAX_SAMPLES_PER_EPOCH / Math.max(n, 1));
  return { 'next-purchase': BACKWARD * events * drawn(h.ids.length) * perEvent, amount: dataset.hasAmount ? BACKWARD * windows * drawn(windows) * perWindow : 0 };
}

export const gflopsPerSecond = (flops: number, ms: number) => (ms > 0 ? flops / (ms / 1000) / 1e9 : 0);
