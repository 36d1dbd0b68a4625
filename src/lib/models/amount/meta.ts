// Purchase amount model (Conv1D -> LSTM -> Dense over the last order_count - 1 purchases): id,
// options and their defaults.
import type { TrainingOptions } from '../training';

export const AMOUNT_MODEL_ID = 'amount-conv1d-lstm';
export const AMOUNT_SCHEMA_VERSION = 1;

export interface AmountOptions extends TrainingOptions {
  filters: number;
  kernelSize: number;
  units: number;
}

export const AMOUNT_DEFAULTS: AmountOptions = {
  filters: 16,
  kernelSize: 2,
  units: 16,
  // The amount loss flattens within a few epochs; longer runs cost minutes on large data.
  epochs: 30,
  batchSize: 512,
  learningRate: 0.01,
  patience: 4,
  seed: 11,
};
