// Trained models as plain data (tfjs artifacts, see models/artifacts.ts, plus scalers,
// feature-schema versions, the training window and notes), and back. A saved model that does not fit
// the data it is asked to predict is refused with a message that says why.
import { formatDay } from '../data/calendar';
import type { Dataset } from '../data/dataset';
import type { AmountScalers } from '../features/amount-windows';
import { attributeProblem, type AttributeSchema } from '../features/attribute-inputs';
import type { EventScaler } from '../features/events';
import type { Season } from '../features/season';
import { fromArtifacts as load, toArtifacts as artifactsOf, type ModelArtifacts } from '../models/artifacts';
import { AMOUNT_SCHEMA_VERSION, type AmountOptions } from '../models/amount/meta';
import type { FirstAmount } from '../models/newcomers/first-amount';
import type { NewcomerOptions } from '../models/newcomers/meta';
import { EVENT_SCHEMA_VERSION, type NextPurchaseOptions } from '../models/next-purchase/meta';
import type { AmountChoice } from './amount-choice';
import type { AttributeChoice } from './attribute-choice';
import type { TrainingReport } from './result';
import type { Stacking } from './stacking';
import type { TrainedModels } from './train';

export const SAVED_FORMAT_VERSION = 1;

export interface SavedModels {
  format: number;
  featureSchema: { events: number; amount: number };
  trainedCutoffDay: number;
  orderCount: number;
  hasAmount: boolean;
  training: TrainingReport[];
  notes: string[];
  firstAmount: FirstAmount | null;
  /** `attributes`: the schema of the customer attributes it takes; absent or null: none. */
  nextPurchase: { artifacts: ModelArtifacts; options: NextPurchaseOptions; gapScaler: EventScaler; logScaleOffset: number; attributes?: AttributeSchema | null };
  amount: { artifacts: ModelArtifacts; options: AmountOptions; window: number; scalers: AmountScalers; smearing: number } | null;
  arrivals: { artifacts: ModelArtifacts; options: NewcomerOptions; scale: number; season?: Season | null } | null;
  /** Absent in models saved before the choice existed: the amount network then. */
  amountChoice?: AmountChoice | null;
  /** Absent in models saved before stacking existed (their event schema is refused anyway). */
  stacking?: Stacking | null;
  /** Whether validation kept the attributes, and why; absent in models saved before it, or of data without attributes. */
  attributeChoice?: AttributeChoice | null;
}

export class ModelMismatchError extends Error {
  override name = 'ModelMismatchError';
}

export async function saveModels(m: TrainedModels): Promise<SavedModels> {
  const np = m.nextPurchase;
  return {
    format: SAVED_FORMAT_VERSION,
    featureSchema: { events: EVENT_SCHEMA_VERSION, amount: AMOUNT_SCHEMA_VERSION },
    trainedCutoffDay: m.cutoffDay,
    orderCount: m.orderCount,
    hasAmount: m.hasAmount,
    training: m.training,
    notes: m.notes,
    firstAmount: m.firstAmount,
    nextPurchase: { artifacts: await artifactsOf(np.network.train), options: np.options, gapScaler: np.gapScaler, logScaleOffset: np.logScaleOffset, attributes: np.attributes ?? null },
    amount: m.amount && { artifacts: await artifactsOf(m.amount.network), options: m.amount.options, window: m.amount.window, scalers: m.amount.scalers, smearing: m.amount.smearing },
    arrivals: m.arrivals && { artifacts: await artifactsOf(m.arrivals.network), options: m.arrivals.options, scale: m.arrivals.scale, season: m.arrivals.season ?? null },
    amountChoice: m.amountChoice,
    stacking: m.stacking,
    attributeChoice: m.attributes ?? null,
  };
}

/** Throws a ModelMismatchError naming what does not fit. */
export function checkFits(saved: SavedModels, dataset: Dataset, cutoffDay: number): void {
  const problems: string[] = [];
  if (saved.format !== SAVED_FORMAT_VERSION) problems.push(`it was saved in format ${saved.format}, this version reads format ${SAVED_FORMAT_VERSION}`);
  if (saved.featureSchema.events !== EVENT_SCHEMA_VERSION || saved.featureSchema.amount !== AMOUNT_SCHEMA_VERSION) {
    problems.push(`its features (schema ${saved.featureSchema.events}.${saved.featureSchema.amount}) differ from this version's (${EVENT_SCHEMA_VERSION}.${AMOUNT_SCHEMA_VERSION})`);
  }
  if (saved.hasAmount !== dataset.hasAmount) problems.push(saved.hasAmount ? 'it was trained with amounts and this data has none' : 'it was trained without amounts and this data has them');
  const schema = saved.nextPurchase.attributes;
  const attributes = schema && attributeProblem(schema, dataset.attributes?.columns);
  if (attributes) problems.push(attributes);
  if (cutoffDay < saved.trainedCutoffDay) problems.push(`it was trained on data up to ${formatDay(saved.trainedCutoffDay)}, after this prediction's cut-off ${formatDay(cutoffDay)}`);
  if (problems.length) throw new ModelMismatchError(`The saved model cannot predict this data: ${problems.join('; ')}. Train a new model instead.`);
}

export async function loadModels(saved: SavedModels): Promise<TrainedModels> {
  const np = saved.nextPurchase;
  const train = await load(np.artifacts);
  const amountNetwork = saved.amount ? await load(saved.amount.artifacts) : null;
  const arrivalsNetwork = saved.arrivals ? await load(saved.arrivals.artifacts) : null;
  return {
    cutoffDay: saved.trainedCutoffDay,
    orderCount: saved.orderCount,
    hasAmount: saved.hasAmount,
    nextPurchase: { network: { train }, options: np.options, gapScaler: np.gapScaler, logScaleOffset: np.logScaleOffset, fit: null, attributes: np.attributes ?? null },
    amount: saved.amount && amountNetwork && { network: amountNetwork, options: saved.amount.options, window: saved.amount.window, scalers: saved.amount.scalers, smearing: saved.amount.smearing, fit: null },
    arrivals: saved.arrivals && arrivalsNetwork && { network: arrivalsNetwork, options: saved.arrivals.options, scale: saved.arrivals.scale, season: saved.arrivals.season ?? null, fit: null },
    amountChoice: saved.amountChoice ?? null,
    firstAmount: saved.firstAmount,
    stacking: saved.stacking ?? null,
    attributes: saved.attributeChoice ?? null,
    training: saved.training,
    notes: saved.notes,
  };
}
