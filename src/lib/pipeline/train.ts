// Trains the models of a run on purchases up to the cut-off: next purchase, amount (when the data has
// amounts), newcomer arrivals and the first-purchase amount estimate.
import type { Dataset } from '../data/dataset';
import { attributeInputs, fitAttributeSchema, rowsOf, type AttributeInputs } from '../features/attribute-inputs';
import { firstPurchaseAmounts } from '../features/arrivals';
import { historiesUpTo, type Histories } from '../features/histories';
import { describeSeason } from '../features/season';
import { AMOUNT_MODEL_ID } from '../models/amount/meta';
import { estimateFirstAmount, type FirstAmount } from '../models/newcomers/first-amount';
import { NEWCOMERS_MODEL_ID } from '../models/newcomers/meta';
import { NEXT_PURCHASE_MODEL_ID } from '../models/next-purchase/meta';
import { disposeNetwork, trainNextPurchaseWithSelection, type NextPurchaseModel } from '../models/next-purchase/train';
import type { EpochReport } from '../models/training';
import { autoOrderCount } from './order-count';
import { validationDaysFor, type PipelineOptions } from './options';
import type { TrainingReport } from './result';
import { MIN_TRAINING_CUSTOMERS } from './fallback';
import { fitClassicModels, fitStacking, lstmWindowScore, type ClassicFits, type Stacking, type WindowScore } from './stacking';
import type { AmountChoice } from './amount-choice';
import type { AmountModel } from '../models/amount/model';
import type { ArrivalsModel } from '../models/newcomers/arrivals';
import { disposeSideModels, trainSideModels, type SideJob, type SideModels, type SideStage, type SideTrainer } from './side-models';
import { chooseAttributes, type AttributeChoice } from './attribute-choice';

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
  /** Whether the networks take the customer attributes, and why (null or absent: the data has none). */
  attributes?: AttributeChoice | null;
  training: TrainingReport[];
  /** Why a model was left out, if one was. */
  notes: string[];
}

export type Stage = 'features' | 'next-purchase' | 'classic' | 'amount' | 'arrivals' | 'predict';

export interface PipelineCallbacks {
  signal?: AbortSignal;
  /** `alongside`: the report comes from the models training in another worker (sideTrainer). */
  onProgress?: (stage: Stage, epoch?: EpochReport, alongside?: boolean) => void;
  /** Trains the amount and arrivals models elsewhere while the next-purchase network trains here. */
  sideTrainer?: SideTrainer | null;
}

/** The next-purchase network (with or without the attributes) and its blend, fitted on the validation window. */
interface DeepVariant {
  nextPurchase: NextPurchaseModel;
  stacking: Stacking | null;
  /** Its forecast of the validation window (null when not asked for, or when it could not be scored). */
  score: WindowScore | null;
  /** The histories up to the validation window, which the selection network was fitted on. */
  inner: Histories;
}

/** `classic(inner)`: the blend's classic models for the histories the selection network was fitted on. */
async function trainDeep(h: Histories, validationDays: number, o: PipelineOptions, { signal, onProgress }: PipelineCallbacks, attributes: AttributeInputs | null, scored: boolean, classic: (inner: Histories) => () => ClassicFits): Promise<DeepVariant> {
  onProgress?.('next-purchase');
  const trained = await trainNextPurchaseWithSelection(h, validationDays, o.nextPurchase, { signal, onEpoch: (e) => onProgress?.('next-purchase', e) }, attributes);
  try {
    onProgress?.('classic');
    const statics = attributes?.of(trained.selectionHistories.ids) ?? null;
    const stacking = fitStacking(trained.selection, trained.selectionHistories, h, statics, classic(trained.selectionHistories));
    const score = scored ? (stacking?.validation ?? lstmWindowScore(trained.selection, trained.selectionHistories, h, statics)) : null;
    return { nextPurchase: trained.model, stacking, score, inner: trained.selectionHistories };
  } catch (e) {
    disposeNetwork(trained.model.network);
    throw e;
  } finally {
    disposeNetwork(trained.selection.network);
  }
}

/** Side models' progress, as this worker's own (`alongside` false) or the second worker's. */
const sideCallbacks = ({ signal, onProgress }: PipelineCallbacks, alongside: () => boolean, seen?: (stage: SideStage) => void) => ({
  signal,
  onProgress: (stage: SideStage, e?: EpochReport) => {
    seen?.(stage);
    onProgress?.(stage, e, alongside());
  },
});

/**
 * The side models training in another worker, started now; null without a side trainer. `join()`
 * says this worker has done its part and now waits on them: their progress is then reported as its
 * own. The promise resolves to the reason where that worker failed (it did not start, it crashed):
 * they train here then.
 */
function startSide(job: SideJob, callbacks: PipelineCallbacks): { models: Promise<SideModels | string>; join: () => void } | null {
  const trainer = callbacks.sideTrainer;
  if (!trainer) return null;
  let [joined, stage, done] = [false, 'amount' as SideStage, false];
  const models = trainer(job, sideCallbacks(callbacks, () => !joined, (s) => (stage = s))).then(
    (m) => ((done = true), m),
    (e: Error) => {
      done = true;
      if (e.name === 'AbortError') throw e;
      return e.message;
    },
  );
  // Awaited after the next-purchase network: a cancel that reaches it first is not an unhandled rejection.
  models.catch(() => {});
  return { models, join: () => ((joined = true), done || callbacks.onProgress?.(stage)) };
}

/** The data's attributes as the networks' static inputs, scaled on the customers of `h`; null without attributes. */
function attributesOf(dataset: Dataset, h: Histories): AttributeInputs | null {
  const columns = dataset.attributes?.columns;
  if (!columns?.length) return null;
  return attributeInputs(fitAttributeSchema(columns, rowsOf(dataset.customerIds, h.ids)), dataset.customerIds, columns);
}

/**
 * The models, and where the data has attributes, the variant not chosen (`other`: the next-purchase
 * network and blend of the other choice, sharing the rest; the backtest scores both). The caller
 * disposes both (disposeOther for `other`).
 */
export async function trainModelVariants(dataset: Dataset, o: PipelineOptions, callbacks: PipelineCallbacks = {}): Promise<{ models: TrainedModels; other: TrainedModels | null }> {
  callbacks.onProgress?.('features');
  const h: Histories = historiesUpTo(dataset, o.cutoffDay);
  if (h.ids.length < MIN_TRAINING_CUSTOMERS) throw new RangeError(`Only ${h.ids.length} customers have purchases on or before the cut-off: too few to train.`);
  const orderCount = o.orderCount ?? autoOrderCount(h);
  const validationDays = validationDaysFor(o, o.cutoffDay - h.firstDay);
  const training: TrainingReport[] = [];
  const notes: string[] = [];
  const report = (model: string, fit: { history: EpochReport[]; bestEpoch: number } | null) => fit && training.push({ model, epochs: fit.history, bestEpoch: fit.bestEpoch });

  const job: SideJob = { histories: h, window: orderCount - 1, validationDays, amount: o.amount, newcomers: o.newcomers };
  const side = startSide(job, callbacks);
  let plain: DeepVariant;
  const attributes = attributesOf(dataset, h);
  let withAttributes: DeepVariant | null = null;
  let choice: AttributeChoice | null = null;
  // Fitted once for both variants: their selection networks train on the same histories (the calibration data cut validationDays before the cut-off).
  let classicFits: ClassicFits | undefined;
  const classic = (inner: Histories) => () => (classicFits ??= fitClassicModels(inner, h));
  try {
    plain = await trainDeep(h, validationDays, o, callbacks, null, attributes !== null, classic);
    if (attributes) {
      try {
        withAttributes = await trainDeep(h, validationDays, o, callbacks, attributes, true, classic);
      } catch (e) {
        // Too little data for the variant with attributes is a verdict on it, not on the run.
        if (!(e instanceof RangeError)) {
          disposeNetwork(plain.nextPurchase.network);
          throw e;
        }
      }
      choice = chooseAttributes(attributes.schema.columns.map((c) => c.name), validationDays, plain.score, withAttributes?.score ?? null);
      notes.push(choice.reason);
    }
  } catch (e) {
    side?.models.then((m) => typeof m !== 'string' && disposeSideModels(m), () => {});
    throw e;
  }
  const [chosen, unused] = choice?.used && withAttributes ? [withAttributes, plain] : [plain, withAttributes];
  const { nextPurchase, stacking } = chosen;
  const disposeDeep = () => [chosen, unused].forEach((v) => v && disposeNetwork(v.nextPurchase.network));
  if (stacking?.season) notes.push(describeSeason(stacking.season, o.cutoffDay));
  if (!stacking) notes.push('The classic models could not be fitted on the validation window: expected purchases come from the LSTM alone.');
  report(NEXT_PURCHASE_MODEL_ID, nextPurchase.fit);
  let sideModels: SideModels;
  try {
    side?.join();
    const alongside = side && (await side.models);
    if (typeof alongside === 'string') notes.push(`The second worker failed (${alongside}): the amount and arrivals models trained after the next-purchase model instead.`);
    sideModels = alongside && typeof alongside !== 'string' ? alongside : await trainSideModels(job, sideCallbacks(callbacks, () => false));
  } catch (e) {
    disposeDeep();
    throw e;
  }
  const { amount, amountChoice, arrivals } = sideModels;
  report(AMOUNT_MODEL_ID, amount?.fit ?? null);
  notes.push(...sideModels.notes);
  report(NEWCOMERS_MODEL_ID, arrivals?.fit ?? null);
  const firstAmount = dataset.hasAmount ? estimateFirstAmount(firstPurchaseAmounts(h), o.newcomers.alpha) : null;
  const models: TrainedModels = { cutoffDay: o.cutoffDay, orderCount, hasAmount: dataset.hasAmount, nextPurchase, amount, amountChoice, arrivals, firstAmount, stacking, attributes: choice, training, notes };
  return { models, other: unused && { ...models, nextPurchase: unused.nextPurchase, stacking: unused.stacking } };
}

export async function trainModels(dataset: Dataset, o: PipelineOptions, callbacks: PipelineCallbacks = {}): Promise<TrainedModels> {
  const { models, other } = await trainModelVariants(dataset, o, callbacks);
  if (other) disposeOther(other);
  return models;
}

/** Frees what a variant from trainModelVariants holds of its own (the rest is the models'). */
export function disposeOther(other: TrainedModels): void {
  disposeNetwork(other.nextPurchase.network);
}

export function disposeModels(m: TrainedModels): void {
  disposeNetwork(m.nextPurchase.network);
  m.amount?.network.dispose();
  m.arrivals?.network.dispose();
}
