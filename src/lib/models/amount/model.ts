// The amount network and its training: Conv1D over the window of past purchases (amount and gap),
// an LSTM, dense layers, and a softplus output in log1p(amount) units, so amounts are never negative.
// Trained on every window of every customer, validated on the purchases after the split day, with
// Duan's smearing factor from the validation residuals to turn log-scale predictions into means.
import * as tf from '@tensorflow/tfjs';
import { tidyValue } from '../tidy';
import { AMOUNT_FEATURES, buildAmountWindows, type AmountScalers } from '../../features/amount-windows';
import { truncateHistories, type Histories } from '../../features/histories';
import { fitLogScaler } from '../../features/scaler';
import { completedGaps } from '../../features/events';
import { fitMeanSquaredError, tensorData, type FitResult } from '../training';
import type { TrainCallbacks } from '../next-purchase/train';
import type { AmountOptions } from './meta';

export interface AmountModel {
  network: tf.LayersModel;
  options: AmountOptions;
  window: number;
  scalers: AmountScalers;
  /** E[exp(residual)] on validation: mean amount = exp(prediction) * smearing - 1. */
  smearing: number;
  fit: FitResult | null;
}

export function buildAmountNetwork(window: number, o: AmountOptions): tf.LayersModel {
  const model = tf.sequential({ name: 'amount' });
  model.add(tf.layers.conv1d({ inputShape: [window, AMOUNT_FEATURES], filters: o.filters, kernelSize: Math.min(o.kernelSize, window), padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: o.seed }) }));
  model.add(tf.layers.lstm({ units: o.units, kernelInitializer: tf.initializers.glorotUniform({ seed: o.seed + 1 }), recurrentInitializer: tf.initializers.orthogonal({ seed: o.seed + 2 }) }));
  model.add(tf.layers.dense({ units: 16, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: o.seed + 3 }) }));
  model.add(tf.layers.dense({ units: 1, activation: 'softplus', kernelInitializer: tf.initializers.glorotUniform({ seed: o.seed + 4 }) }));
  return model;
}

function tensors(h: Histories, window: number, scalers: AmountScalers, from?: number, to?: number) {
  const w = buildAmountWindows(h, window, scalers, from, to);
  const make = () => ({ x: tf.tensor3d(w.x, [w.count, window, AMOUNT_FEATURES]), y: tf.tensor2d(w.y, [w.count, 1]) });
  return { count: w.count, make, ...make() };
}

export async function trainAmount(h: Histories, window: number, validationDays: number, options: AmountOptions, callbacks: TrainCallbacks = {}): Promise<AmountModel> {
  const splitDay = h.cutoffDay - validationDays;
  const before = truncateHistories(h, splitDay);
  const scalers: AmountScalers = { amount: fitLogScaler(before.amount), gap: fitLogScaler(completedGaps(before)) };
  const train = tensors(before, window, scalers);
  const val = tensors(h, window, scalers, splitDay);
  if (train.count < 10 || val.count < 1) {
    tf.dispose([train.x, train.y, val.x, val.y]);
    throw new RangeError(`Too few repeat purchases to train the amount model (${train.count} for training, ${val.count} for validation).`);
  }
  const data = tensorData(train.x, train.y, val.x, val.y, options.batchSize, options.seed, options.samplesPerEpoch);
  const network = buildAmountNetwork(window, options);
  const fit = await fitMeanSquaredError(network, data, { ...options, ...callbacks });
  // The smearing factor needs all the validation windows, whose tensors the training data took over
  // (and may have moved to the training backend): made again.
  const smearing = tidyValue(() => {
    const { x, y } = val.make();
    return tf.mean(tf.exp(tf.sub(y, network.predict(x, { batchSize: 4096 }) as tf.Tensor))).dataSync()[0];
  });
  return { network, options, window, scalers, smearing, fit };
}

/** Mean amounts for a batch of windows [n, window, AMOUNT_FEATURES]. */
export function predictAmounts(model: AmountModel, x: Float32Array, n: number): Float64Array {
  return tidyValue(() => {
    const pred = (model.network.predict(tf.tensor3d(x, [n, model.window, AMOUNT_FEATURES]), { batchSize: 4096 }) as tf.Tensor).dataSync();
    return Float64Array.from(pred, (z) => Math.max(Math.exp(z) * model.smearing - 1, 0));
  });
}
