// Shared training loop for the layers models: seeded batches, validation loss after every epoch,
// early stopping with the best weights restored, progress, and cancel at the next batch.
import * as tf from '@tensorflow/tfjs';
import { AbortedError } from '../data/errors';
import { permutation, subsample } from '../util/random';
import { trainingForward, type Forward } from './recurrent/forward';
import type { PackedSteps } from './recurrent/lstm';
import { nextTask } from '../util/next-task';
import { onTrainingBackend } from './training-backend';

export interface EpochReport {
  epoch: number;
  loss: number;
  /** NaN when an epoch ran without validation (a refit on all data). */
  valLoss: number;
}

/** The training options every model has. */
export interface TrainingOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Epochs without validation improvement before stopping. */
  patience: number;
  seed: number;
  /** Samples per epoch, at most (MAX_SAMPLES_PER_EPOCH when absent). */
  samplesPerEpoch?: number;
}

export interface FitOptions {
  epochs: number;
  patience: number;
  seed: number;
  signal?: AbortSignal;
  onEpoch?: (report: EpochReport) => void;
}

export interface FitResult {
  history: EpochReport[];
  bestEpoch: number;
  bestValLoss: number;
}

/** A batch: inputs, targets, its weight in the epoch's loss; `steps` when the inputs are packed sequences. */
export interface Batch {
  x: tf.Tensor;
  y: tf.Tensor;
  weight: number;
  steps?: PackedSteps;
}

/** Batches to train on (a new seeded order every epoch) and batches to validate on. */
export interface TrainingData {
  batches(epoch: number): Iterable<Batch>;
  validation(): Iterable<Batch>;
  dispose(): void;
}

/**
 * Samples an epoch trains on, at most: larger data sets train each epoch on a fresh seeded draw of this
 * many, and validate on a fixed draw of as many. A network of a few thousand weights learns little more
 * from more customers than this, so training time stays flat as data grows, and only features and
 * prediction grow with it (linearly). CDNOW_master's 23,570 customers are below it.
 */
export const MAX_SAMPLES_PER_EPOCH = 32_768;

/** Fixed-shape tensors as training data; takes ownership of the tensors. */
export function tensorData(x: tf.Tensor, y: tf.Tensor, xVal: tf.Tensor, yVal: tf.Tensor, batchSize: number, seed: number, maxPerEpoch = MAX_SAMPLES_PER_EPOCH): TrainingData {
  const n = x.shape[0];
  if (xVal.shape[0] > maxPerEpoch) {
    const idx = tf.tensor1d(subsample(xVal.shape[0], maxPerEpoch, seed), 'int32');
    const [xs, ys] = [tf.gather(xVal, idx), tf.gather(yVal, idx)];
    tf.dispose([idx, xVal, yVal]);
    [xVal, yVal] = [xs, ys];
  }
  return {
    *batches(epoch) {
      const order = permutation(n, seed + epoch);
      const end = Math.min(n, maxPerEpoch);
      for (let s = 0; s < end; s += batchSize) {
        const idx = tf.tensor1d(order.subarray(s, Math.min(s + batchSize, end)), 'int32');
        const batch: Batch = { x: tf.gather(x, idx), y: tf.gather(y, idx), weight: idx.shape[0] };
        idx.dispose();
        yield batch;
      }
    },
    *validation() {
      if (xVal.shape[0] > 0) yield { x: xVal.clone(), y: yVal.clone(), weight: xVal.shape[0] };
    },
    dispose: () => tf.dispose([x, y, xVal, yVal]),
  };
}

/** One optimiser step on the batch; returns the batch's loss (freed by meanLoss's tidy). */
function trainStep(training: Training, forward: Forward, variables: tf.Variable[], batch: Batch): tf.Scalar {
  return training.optimizer.minimize(() => training.loss(batch.y, forward(batch.x, batch.steps)) as tf.Scalar, true, variables)!;
}

/** sum + weight * loss(), as a new scalar on the backend; frees the old sum. */
function addWeighted(sum: tf.Scalar, loss: () => tf.Tensor, weight: number): tf.Scalar {
  const next = tf.tidy(() => tf.add(sum, tf.mul(loss(), weight)) as tf.Scalar);
  sum.dispose();
  return next;
}

/**
 * A weighted mean kept on the backend and read once, asynchronously: a read per batch stalls a GPU's
 * queue, and WebGPU's synchronous read goes through a canvas that some drivers leave blank.
 */
async function readMean(sum: tf.Scalar, weight: number): Promise<number> {
  try {
    return weight ? (await sum.data())[0] / weight : NaN;
  } finally {
    sum.dispose();
  }
}

export type LossFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

/**
 * The weighted mean of `lossOf(batch)` over the batches, kept on the backend and read once; each batch is
 * freed after use, and `between` runs after each (it may throw to stop).
 */
async function meanLoss(batches: Iterable<Batch>, lossOf: (batch: Batch) => tf.Tensor, between?: () => Promise<void>): Promise<number> {
  let sum = tf.scalar(0);
  let weight = 0;
  try {
    for (const batch of batches) {
      try {
        sum = addWeighted(sum, () => lossOf(batch), batch.weight);
        weight += batch.weight;
      } finally {
        tf.dispose([batch.x, batch.y]);
      }
      await between?.();
    }
  } catch (e) {
    sum.dispose();
    throw e;
  }
  return readMean(sum, weight);
}

/**
 * When training in this thread last let the event loop run (a worker's cancel message, the models
 * training beside it): at most every 50 ms of training, counted across epochs and models. Counted
 * from each epoch's start, an epoch shorter than that never yielded, and a whole network could train
 * without a cancel getting through.
 */
let lastYield = 0;

function trainEpoch(model: tf.LayersModel, training: Training, data: TrainingData, epoch: number, signal?: AbortSignal): Promise<number> {
  const forward = trainingForward(model);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  if (signal?.aborted) return Promise.reject(new AbortedError());
  return meanLoss(data.batches(epoch), (batch) => trainStep(training, forward, variables, batch), async () => {
    if (signal?.aborted) throw new AbortedError();
    if (performance.now() - lastYield > 50) {
      await nextTask();
      lastYield = performance.now();
    }
  });
}

/**
 * Adam with its epsilon given: tfjs's default is the backend's, and WebGL's says 1e-4 where the others
 * say 1e-7 (its floatPrecision() answers 16 with float32 textures on, tensorflow/tfjs#6980), so WebGL
 * trained other numbers.
 */
export const adam = (learningRate: number): tf.Optimizer => tf.train.adam(learningRate, 0.9, 0.999, 1e-7);

/** The optimiser and loss a model trains with. */
export interface Training {
  optimizer: tf.Optimizer;
  loss: LossFn;
}

function validationLoss(model: tf.LayersModel, loss: LossFn, data: TrainingData): Promise<number> {
  const forward = trainingForward(model);
  return meanLoss(data.validation(), (batch) => loss(batch.y, forward(batch.x, batch.steps)));
}

/**
 * Trains until the validation loss has not improved for `patience` epochs; restores the best weights.
 * Runs on the training backend (training-backend.ts): `data`'s tensors may be moved there.
 */
export function fitWithEarlyStopping(model: tf.LayersModel, training: Training, data: TrainingData, options: FitOptions): Promise<FitResult> {
  return onTrainingBackend(model, () => earlyStopping(model, training, data, options));
}

async function earlyStopping(model: tf.LayersModel, training: Training, data: TrainingData, options: FitOptions): Promise<FitResult> {
  const history: EpochReport[] = [];
  let best: tf.Tensor[] | null = null;
  let bestValLoss = Infinity;
  let bestEpoch = 0;
  try {
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      const loss = await trainEpoch(model, training, data, epoch, options.signal);
      const report = { epoch, loss, valLoss: await validationLoss(model, training.loss, data) };
      history.push(report);
      options.onEpoch?.(report);
      // Without validation data every epoch counts as the best so far: training runs to the end.
      if (Number.isNaN(report.valLoss) || report.valLoss < bestValLoss - 1e-6) {
        bestValLoss = report.valLoss;
        bestEpoch = epoch;
        best?.forEach((t) => t.dispose());
        best = model.getWeights().map((w) => w.clone());
      } else if (epoch - bestEpoch >= options.patience) break;
    }
    if (best) model.setWeights(best);
    return { history, bestEpoch, bestValLoss };
  } finally {
    best?.forEach((t) => t.dispose());
  }
}

/** Trains for a fixed number of epochs without validation (a refit on all data), on the training backend. */
export function fitEpochs(model: tf.LayersModel, training: Training, data: TrainingData, epochs: number, options: Omit<FitOptions, 'epochs' | 'patience'>): Promise<EpochReport[]> {
  return onTrainingBackend(model, async () => {
    const history: EpochReport[] = [];
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const report = { epoch, loss: await trainEpoch(model, training, data, epoch, options.signal), valLoss: NaN };
      history.push(report);
      options.onEpoch?.(report);
    }
    return history;
  });
}

/**
 * Adam on mean squared error with early stopping; owns `data` and frees it, and frees the network
 * too if training fails.
 */
export async function fitMeanSquaredError(network: tf.LayersModel, data: TrainingData, options: TrainingOptions & Omit<FitOptions, keyof TrainingOptions>): Promise<FitResult> {
  const training: Training = { optimizer: adam(options.learningRate), loss: (y, p) => tf.losses.meanSquaredError(y, p) };
  try {
    return await fitWithEarlyStopping(network, training, data, options);
  } catch (e) {
    network.dispose();
    throw e;
  } finally {
    data.dispose();
    training.optimizer.dispose();
  }
}
