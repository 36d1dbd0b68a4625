// Next-purchase model (LSTM over each customer's purchase events -> next-gap distribution): id,
// options and their defaults.
import type { TrainingOptions } from '../training';

export const NEXT_PURCHASE_MODEL_ID = 'next-purchase-lstm';
/** Bump when the event features change: a saved model with another version is refused. */
export const EVENT_SCHEMA_VERSION = 4;

export interface NextPurchaseOptions extends TrainingOptions {
  /** LSTM units. */
  units: number;
  /** Monte Carlo paths per customer when predicting. */
  paths: number;
}

export const NEXT_PURCHASE_DEFAULTS: NextPurchaseOptions = {
  units: 32,
  epochs: 60,
  batchSize: 512,
  learningRate: 0.005,
  patience: 6,
  seed: 1,
  paths: 200,
};
