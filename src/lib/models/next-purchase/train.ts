// Trains the next-purchase network. Model selection by time inside the training data: fit on
// purchases up to (cutoff - validationDays), score the gaps that end after that day, stop early.
// Then the selected network goes on training on all purchases up to the cut-off, so it also learns
// from the latest purchases and from the silences that run up to the cut-off.
import type { AttributeInputs, AttributeSchema } from '../../features/attribute-inputs';
import { buildEventSequences, fitEventScaler, type EventScaler } from '../../features/events';
import { truncateHistories, type Histories } from '../../features/histories';
import { fitEpochs, fitWithEarlyStopping, type EpochReport, type FitResult, type Training } from '../training';
import type { NextPurchaseOptions } from './meta';
import { buildNextPurchaseNetwork, nextPurchaseTraining, type NextPurchaseNetwork } from './model';
import { sequenceData } from './sequence-batches';

export interface NextPurchaseModel {
  network: NextPurchaseNetwork;
  options: NextPurchaseOptions;
  gapScaler: EventScaler;
  /** log of the typical gap: the centre of the scale parameter. */
  logScaleOffset: number;
  fit: FitResult | null;
  /** The customer attributes it takes as static inputs; null or absent: none. */
  attributes?: AttributeSchema | null;
}

export interface TrainCallbacks {
  signal?: AbortSignal;
  onEpoch?: (report: EpochReport) => void;
}

async function trainNetwork<T>(options: NextPurchaseOptions, logScaleOffset: number, staticWidth: number, run: (network: NextPurchaseNetwork, training: Training) => Promise<T>): Promise<{ network: NextPurchaseNetwork; result: T }> {
  const network = buildNextPurchaseNetwork(options, staticWidth);
  const training = nextPurchaseTraining(options, logScaleOffset);
  try {
    return { network, result: await run(network, training) };
  } catch (e) {
    disposeNetwork(network);
    throw e;
  } finally {
    training.optimizer.dispose();
  }
}

/**
 * The final model (the selection network trained on all purchases up to the cut-off) and the selection model (fitted on
 * purchases up to cut-off - validationDays, best epoch restored), whose forecast of the validation
 * window lets the pipeline calibrate the final one without touching anything after the cut-off.
 * The caller disposes both networks. `attributes`: the customers' attributes as static inputs; null: none.
 */
export async function trainNextPurchaseWithSelection(h: Histories, validationDays: number, options: NextPurchaseOptions, callbacks: TrainCallbacks = {}, attributes: AttributeInputs | null = null): Promise<{ model: NextPurchaseModel; selection: NextPurchaseModel; selectionHistories: Histories }> {
  const splitDay = h.cutoffDay - validationDays;
  const training = truncateHistories(h, splitDay);
  if (training.ids.length < 2) throw new RangeError(`Too little history before ${validationDays} days ahead of the cut-off to train the next-purchase model.`);
  const gapScaler = fitEventScaler(training, h);
  const logScaleOffset = gapScaler.mean;
  const staticsOf = (ids: string[]) => attributes?.of(ids) ?? null;
  const allStatics = staticsOf(h.ids);
  const selectionData = sequenceData(buildEventSequences(training, gapScaler, -Infinity, staticsOf(training.ids)), buildEventSequences(h, gapScaler, splitDay, allStatics), options.batchSize, options.seed, options.samplesPerEpoch);
  const staticWidth = attributes?.schema.width ?? 0;
  const selectionRun = await trainNetwork(options, logScaleOffset, staticWidth, (n, t) => fitWithEarlyStopping(n.train, t, selectionData, { ...options, ...callbacks }));
  const fit = selectionRun.result;
  const schema = attributes?.schema ?? null;
  const selection: NextPurchaseModel = { network: selectionRun.network, options, gapScaler, logScaleOffset, fit, attributes: schema };
  try {
    const allData = sequenceData(buildEventSequences(h, gapScaler, -Infinity, allStatics), null, options.batchSize, options.seed, options.samplesPerEpoch);
    // A warm start, not a refit from scratch: a fresh network is another random draw whose overall
    // purchase rate differed by up to a third between seeds, so the stacking weights fitted to the
    // selection network did not carry over to it. The epochs are the selected ones in proportion to
    // the share of the history that is new to the network.
    const epochs = Math.max(1, Math.round((fit.bestEpoch * validationDays) / Math.max(h.cutoffDay - h.firstDay, validationDays)));
    const final = await trainNetwork(options, logScaleOffset, staticWidth, (n, t) => {
      n.train.setWeights(selection.network.train.getWeights());
      return fitEpochs(n.train, t, allData, epochs, { ...options, ...callbacks, onEpoch: (r) => callbacks.onEpoch?.({ ...r, epoch: fit.history.length + r.epoch }) });
    });
    const model = { network: final.network, options, gapScaler, logScaleOffset, fit: { ...fit, history: [...fit.history, ...final.result] }, attributes: schema };
    return { model, selection, selectionHistories: training };
  } catch (e) {
    disposeNetwork(selection.network);
    throw e;
  }
}

export async function trainNextPurchase(h: Histories, validationDays: number, options: NextPurchaseOptions, callbacks: TrainCallbacks = {}, attributes: AttributeInputs | null = null): Promise<NextPurchaseModel> {
  const { model, selection } = await trainNextPurchaseWithSelection(h, validationDays, options, callbacks, attributes);
  disposeNetwork(selection.network);
  return model;
}

export function disposeNetwork(n: NextPurchaseNetwork): void {
  n.train.dispose();
}
