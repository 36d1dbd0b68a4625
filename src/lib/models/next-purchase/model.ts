// The next-purchase network: Masking -> LSTM -> Dense -> 3 hazard parameters per event. One layers
// model for training over whole sequences, and two views sharing its layers for prediction: the
// encoder (sequence -> parameters at every step plus the final LSTM state) and the one-step model
// (one new event and a state -> parameters and the next state) used to chain predicted purchases.
import * as tf from '@tensorflow/tfjs';
import { EVENT_FEATURES } from '../../features/events';
import { HAZARD_PARAMS, hazardLoss } from './hazard';
import type { Training } from '../training';
import type { NextPurchaseOptions } from './meta';

export interface NextPurchaseNetwork {
  train: tf.LayersModel;
  encoder: tf.LayersModel;
  step: tf.LayersModel;
}

const NAMES = { lstm: 'np_lstm', hidden: 'np_hidden', head: 'np_head' };

export function buildNextPurchaseNetwork(options: NextPurchaseOptions): NextPurchaseNetwork {
  const seed = options.seed;
  const input = tf.input({ shape: [null, EVENT_FEATURES] });
  const masked = tf.layers.masking({ maskValue: 0 }).apply(input) as tf.SymbolicTensor;
  const lstm = tf.layers.lstm({
    name: NAMES.lstm,
    units: options.units,
    returnSequences: true,
    returnState: true,
    kernelInitializer: tf.initializers.glorotUniform({ seed }),
    recurrentInitializer: tf.initializers.orthogonal({ seed: seed + 1 }),
  });
  const hidden = tf.layers.dense({ name: NAMES.hidden, units: 16, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }) });
  const head = tf.layers.dense({ name: NAMES.head, units: HAZARD_PARAMS, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 3 }) });
  const [sequence] = lstm.apply(masked) as tf.SymbolicTensor[];
  const params = head.apply(hidden.apply(sequence)) as tf.SymbolicTensor;
  const train = tf.model({ inputs: input, outputs: params, name: 'next_purchase' });
  return { train, ...views(train, options.units) };
}

/** Encoder and one-step views over a trained (or loaded) training model's layers. */
export function views(train: tf.LayersModel, units: number): Omit<NextPurchaseNetwork, 'train'> {
  const lstm = train.getLayer(NAMES.lstm);
  const hidden = train.getLayer(NAMES.hidden);
  const head = train.getLayer(NAMES.head);
  const input = tf.input({ shape: [null, EVENT_FEATURES] });
  const masked = tf.layers.masking({ maskValue: 0 }).apply(input) as tf.SymbolicTensor;
  const [sequence, h, c] = lstm.apply(masked) as tf.SymbolicTensor[];
  const encoder = tf.model({ inputs: input, outputs: [head.apply(hidden.apply(sequence)) as tf.SymbolicTensor, h, c] });
  const stepInput = tf.input({ shape: [1, EVENT_FEATURES] });
  const hIn = tf.input({ shape: [units] });
  const cIn = tf.input({ shape: [units] });
  const [stepSequence, h1, c1] = lstm.apply(stepInput, { initialState: [hIn, cIn] }) as tf.SymbolicTensor[];
  const step = tf.model({ inputs: [stepInput, hIn, cIn], outputs: [head.apply(hidden.apply(stepSequence)) as tf.SymbolicTensor, h1, c1] });
  return { encoder, step };
}

export function nextPurchaseTraining(options: NextPurchaseOptions, logScaleOffset: number): Training {
  return { optimizer: tf.train.adam(options.learningRate), loss: (yTrue, yPred) => hazardLoss(yTrue, yPred, logScaleOffset) };
}
