// The prediction a run produces: one row per customer (columnar, joined by id), the daily forecast
// of the horizon, the newcomers' part, and how training went.
import type { AttributeChoice } from './attribute-choice';
import type { EpochReport } from '../models/training';
import type { FirstAmount } from '../models/newcomers/first-amount';

export type Segment = 'engaged' | 'newcomer' | 'at risk';

/**
 * Who is gone, one definition everywhere (headline, segments, table, churn): P(alive) is the chance of
 * at least one purchase within ALIVE_WINDOW_DAYS (a year) after the cut-off, from the model that
 * predicts (the blend of the deep model with BG/NBD and Pareto/NBD), and a customer is at risk below
 * one half. The page says it in these words.
 */
export const ALIVE_DEFINITION = 'P(alive) is the chance of at least one purchase in the 365 days after the cut-off; a customer is at risk when it is below 50%.';

/** At risk when P(alive) is under one half, whatever the history; otherwise newcomer below order_count purchases. */
export const segmentOf = (purchases: number, orderCount: number, pAlive: number): Segment => (pAlive < 0.5 ? 'at risk' : purchases < orderCount ? 'newcomer' : 'engaged');

export interface CustomerPredictions {
  id: string[];
  segment: Segment[];
  purchases: Int32Array;
  frequency: Int32Array;
  recencyDays: Float64Array;
  TDays: Float64Array;
  monetaryValue: Float64Array;
  /** P(at least one purchase in the horizon). */
  pActive: Float64Array;
  /** P(alive): probability of a purchase within a year after the cut-off (ALIVE_DEFINITION). */
  pAlive: Float64Array;
  /** P(a purchase in the 7 days after the cut-off). Absent in runs saved before it. */
  pWeek?: Float64Array;
  /** What the customer spent up to the cut-off (NaN without amounts). Absent in runs saved before it. */
  spent?: Float64Array;
  expectedPurchases: Float64Array;
  purchasesLow: Float64Array;
  purchasesHigh: Float64Array;
  /** Expected value of the purchases in the horizon; NaN without amounts. */
  clv: Float64Array;
  clvLow: Float64Array;
  clvHigh: Float64Array;
  /** Predicted dates (day numbers) and their amounts, as many as the expected purchases round to. */
  dates: number[][];
  amounts: number[][];
  /** Why a customer is predicted to buy nothing, else null. */
  reason: (string | null)[];
}

export interface DailyForecast {
  /** Day numbers cutoff + 1 ... cutoff + horizon. */
  day: Int32Array;
  engagedPurchases: Float64Array;
  engagedRevenue: Float64Array;
  newcomerArrivals: Float64Array;
  newcomerRevenue: Float64Array;
}

export interface TrainingReport {
  /** The model's id (its meta.ts). */
  model: string;
  epochs: EpochReport[];
  bestEpoch: number;
}

export interface ClvPrediction {
  cutoffDay: number;
  horizonDays: number;
  orderCount: number;
  hasAmount: boolean;
  customers: CustomerPredictions;
  daily: DailyForecast;
  newcomers: { expectedArrivals: number; expectedRevenue: number; firstAmount: FirstAmount | null };
  training: TrainingReport[];
  /** Whether the deep networks took the customer attributes, and why; absent: the data had none (or the run predates the choice). */
  attributes?: AttributeChoice | null;
}
