// The next-purchase network: Masking -> LSTM -> Dense -> the hazard parameters per event. A layers
// model for training over whole sequences; prediction steps the same weights itself (cell.ts).
import * as tf from '@tensorflow/tfjs';
import { EVENT_FEATURES } from '../../features/events';
import { HAZARD_PARAMS, hazardLoss } from './hazard';
import { adam, type Training } from '../training';
import type { NextPurchaseOptions } from './meta';

export interface NextPurchaseNetwork {
  train: tf.LayersModel;
}

export const LAYER_NAMES = { lstm: 'np_lstm', hidden: 'np_hidden', head: 'np_head' };

/** `staticWidth`: static inputs (customer attributes) after each event's EVENT_FEATURES. */
export function buildNextPurchaseNetwork(options: NextPurchaseOptions, staticWidth = 0): NextPurchaseNetwork {
  const seed = options.seed;
  const input = tf.input({ shape: [null, EVENT_FEATURES + staticWidth] });
  const masked = tf.layers.masking({ maskValue: 0 }).apply(input) as tf.SymbolicTensor;
  const lstm = tf.layers.lstm({
    name: LAYER_NAMES.lstm,
    units: options.units,
    returnSequences: true,
    kernelInitializer: tf.initializers.glorotUniform({ seed }),
    recurrentInitializer: tf.initializers.orthogonal({ seed: seed + 1 }),
  });
  const hidden = tf.layers.dense({ name: LAYER_NAMES.hidden, units: 16, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }) });
  const head = tf.layers.dense({ name: LAYER_NAMES.head, units: HAZARD_PARAMS, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 3 }) });
  const sequence = lstm.apply(masked) as tf.SymbolicTensor;
  const params = head.apply(hidden.apply(sequence)) as tf.SymbolicTensor;
  const train = tf.model({ inputs: input, outputs: params, name: 'next_purchase' });
  return { train };
}

export function nextPurchaseTraining(options: NextPurchaseOptions, logScaleOffset: number): Training {
  return { optimizer: adam(options.learningRate), loss: (yTrue, yPred) => hazardLoss(yTrue, yPred, logScaleOffset) };
}
