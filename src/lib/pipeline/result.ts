// The prediction a run produces: one row per customer (columnar, joined by id), the daily forecast
// of the horizon, the newcomers' part, and how training went.
import type { EpochReport } from '../models/training';
import type { FirstAmount } from '../models/newcomers/first-amount';

export type Segment = 'engaged' | 'newcomer' | 'at risk';

/** Newcomer below order_count purchases; otherwise at risk when P(alive) is under one half. */
export const segmentOf = (purchases: number, orderCount: number, pAlive: number): Segment => (purchases < orderCount ? 'newcomer' : pAlive < 0.5 ? 'at risk' : 'engaged');

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
  /** P(alive): probability of a purchase within a year after the cut-off (the churn measure). */
  pAlive: Float64Array;
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
}
