// Newcomers model: future arrivals (daily first purchases, forecast by a small LSTM with weekly
// seasonality) and the value of a newcomer's first purchase (chosen by a normality test).
import type { TrainingOptions } from '../training';

export const NEWCOMERS_MODEL_ID = 'newcomers-arrivals-lstm';

export interface NewcomerOptions extends TrainingOptions {
  /** Days of history the arrivals LSTM looks at. */
  lookbackDays: number;
  units: number;
  /** Significance level of the normality tests. */
  alpha: number;
}

export const NEWCOMER_DEFAULTS: NewcomerOptions = {
  lookbackDays: 28,
  units: 8,
  epochs: 40,
  batchSize: 64,
  learningRate: 0.01,
  patience: 5,
  seed: 21,
  alpha: 0.05,
};
