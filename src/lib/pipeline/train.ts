// Trains the models of a run on purchases up to the cut-off: next purchase, amount (when the data has
// amounts), newcomer arrivals and the first-purchase amount estimate.
import type { Dataset } from '../data/dataset';
import { dailyArrivals, firstPurchaseAmounts } from '../features/arrivals';
import { historiesUpTo, type Histories } from '../features/histories';
import { describeSeason } from '../features/season';
import { AMOUNT_MODEL_ID } from '../models/amount/meta';
import { trainAmount, type AmountModel } from '../models/amount/model';
import { estimateFirstAmount, type FirstAmount } from '../models/newcomers/first-amount';
import { trainArrivals, type ArrivalsModel } from '../models/newcomers/arrivals';
import { NEWCOMERS_MODEL_ID } from '../models/newcomers/meta';
import { NEXT_PURCHASE_MODEL_ID } from '../models/next-purchase/meta';
import { disposeNetwork, trainNextPurchaseWithSelection, type NextPurchaseModel } from '../models/next-purchase/train';
import type { EpochReport } from '../models/training';
import { autoOrderCount } from './order-count';
import { validationDaysFor, type PipelineOptions } from './options';
import type { TrainingReport } from './result';
import { MIN_TRAINING_CUSTOMERS } from './fallback';
import { fitStacking, type Stacking } from './stacking';
import { chooseAmountModel, type AmountChoice } from './amount-choice';

export interface TrainedModels {
  cutoffDay: number;
  orderCount: number;
  hasAmount: boolean;
  nextPurchase: NextPurchaseModel;
  amount: AmountModel | null;
  arrivals: ArrivalsModel | null;
  firstAmount: FirstAmount | null;
  /** Which model gives each purchase its amount, chosen on validation (null without amounts, or where neither could be scored). */
  amountChoice: AmountChoice | null;
  /** Blend of the LSTM with the classic models (stacking.ts); null: the LSTM alone. */
  stacking: Stacking | null;
  training: TrainingReport[];
  /** Why a model was left out, if one was. */
  notes: string[];
}

export type Stage = 'features' | 'next-purchase' | 'classic' | 'amount' | 'arrivals' | 'predict';

export interface PipelineCallbacks {
  signal?: AbortSignal;
  onProgress?: (stage: Stage, epoch?: EpochReport) => void;
}

export async function trainModels(dataset: Dataset, o: PipelineOptions, { signal, onProgress }: PipelineCallbacks = {}): Promise<TrainedModels> {
  onProgress?.('features');
  const h: Histories = historiesUpTo(dataset, o.cutoffDay);
  if (h.ids.length < MIN_TRAINING_CUSTOMERS) throw new RangeError(`Only ${h.ids.length} customers have purchases on or before the cut-off: too few to train.`);
  const orderCount = o.orderCount ?? autoOrderCount(h);
  const validationDays = validationDaysFor(o, o.cutoffDay - h.firstDay);
  const training: TrainingReport[] = [];
  const notes: string[] = [];
  const report = (model: string, fit: { history: EpochReport[]; bestEpoch: number } | null) => fit && training.push({ model, epochs: fit.history, bestEpoch: fit.bestEpoch });

  const trained = await trainNextPurchaseWithSelection(h, validationDays, o.nextPurchase, { signal, onEpoch: (e) => onProgress?.('next-purchase', e) });
  const nextPurchase = trained.model;
  let stacking: Stacking | null;
  try {
    onProgress?.('classic');
    stacking = fitStacking(trained.selection, trained.selectionHistories, h);
  } catch (e) {
    disposeNetwork(nextPurchase.network);
    throw e;
  } finally {
    disposeNetwork(trained.selection.network);
  }
  if (stacking?.season) notes.push(describeSeason(stacking.season, o.cutoffDay));
  if (!stacking) notes.push('The classic models could not be fitted on the validation window: expected purchases come from the LSTM alone.');
  report(NEXT_PURCHASE_MODEL_ID, nextPurchase.fit);
  let amount: AmountModel | null = null;
  let arrivals: ArrivalsModel | null;
  let amountChoice: AmountChoice | null = null;
  try {
    if (dataset.hasAmount) {
      try {
        amount = await trainAmount(h, orderCount - 1, validationDays, o.amount, { signal, onEpoch: (e) => onProgress?.('amount', e) });
        report(AMOUNT_MODEL_ID, amount.fit);
      } catch (e) {
        if (!(e instanceof RangeError)) throw e;
        notes.push(`${e.message} Gamma-Gamma's amount per purchase is used instead, or each customer's mean amount where Gamma-Gamma cannot be scored.`);
      }
      amountChoice = chooseAmountModel(amount, trained.selectionHistories, h);
    }
    arrivals = await trainArrivals(dailyArrivals(h), o.newcomers, { signal, onEpoch: (e) => onProgress?.('arrivals', e) });
    report(NEWCOMERS_MODEL_ID, arrivals?.fit ?? null);
  } catch (e) {
    disposeNetwork(nextPurchase.network);
    amount?.network.dispose();
    throw e;
  }
  const firstAmount = dataset.hasAmount ? estimateFirstAmount(firstPurchaseAmounts(h), o.newcomers.alpha) : null;
  return { cutoffDay: o.cutoffDay, orderCount, hasAmount: dataset.hasAmount, nextPurchase, amount, amountChoice, arrivals, firstAmount, stacking, training, notes };
}

export function disposeModels(m: TrainedModels): void {
  disposeNetwork(m.nextPurchase.network);
  m.amount?.network.dispose();
  m.arrivals?.network.dispose();
}
