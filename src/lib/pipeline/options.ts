// Options of a pipeline run, with documented defaults.
import { AMOUNT_DEFAULTS, type AmountOptions } from '../models/amount/meta';
import { NEXT_PURCHASE_DEFAULTS, type NextPurchaseOptions } from '../models/next-purchase/meta';
import { NEWCOMER_DEFAULTS, type NewcomerOptions } from '../models/newcomers/meta';

export interface PipelineOptions {
  /** Inclusive cut-off day: purchases after it are not used. */
  cutoffDay: number;
  horizonDays: number;
  /** null: automatic (see order-count.ts). */
  orderCount: number | null;
  /** Annual discount rate for CLV, e.g. 0.1; default 0. */
  discountRate: number;
  /** Days before the cut-off held out for early stopping; null: min(horizon, 30% of the history), at least 7. */
  validationDays: number | null;
  nextPurchase: NextPurchaseOptions;
  amount: AmountOptions;
  newcomers: NewcomerOptions;
}

export type PipelineOverrides = Partial<Omit<PipelineOptions, 'nextPurchase' | 'amount' | 'newcomers'>> & {
  nextPurchase?: Partial<NextPurchaseOptions>;
  amount?: Partial<AmountOptions>;
  newcomers?: Partial<NewcomerOptions>;
};

export function pipelineOptions(cutoffDay: number, horizonDays: number, o: PipelineOverrides = {}): PipelineOptions {
  return {
    orderCount: null,
    discountRate: 0,
    validationDays: null,
    ...o,
    cutoffDay: o.cutoffDay ?? cutoffDay,
    horizonDays: o.horizonDays ?? horizonDays,
    nextPurchase: { ...NEXT_PURCHASE_DEFAULTS, ...o.nextPurchase },
    amount: { ...AMOUNT_DEFAULTS, ...o.amount },
    newcomers: { ...NEWCOMER_DEFAULTS, ...o.newcomers },
  };
}

export function validationDaysFor(o: PipelineOptions, historyDays: number): number {
  return o.validationDays ?? Math.max(7, Math.min(o.horizonDays, Math.floor(historyDays * 0.3)));
}
