// The training forward pass of our layers models, with the fused LSTM (lstm.ts) in place of tf.layers'
// recurrent loop. It reads the layers' own variables, so gradients reach them and the layers model
// stays what is saved, loaded and stepped for prediction. Only the layer kinds and settings our
// models use are accepted: anything else would silently compute another function.
import * as tf from '@tensorflow/tfjs';
import { lstmLast, lstmSequence, type PackedSteps } from './lstm';

export type Forward = (x: tf.Tensor, steps?: PackedSteps) => tf.Tensor;

type Config = Record<string, unknown>;

function variables(layer: tf.layers.Layer): tf.Tensor[] {
  return layer.weights.map((w) => w.read());
}

function activate(x: tf.Tensor, activation: unknown, layer: string): tf.Tensor {
  switch (activation) {
    case 'linear':
      return x;
    case 'relu':
      return tf.relu(x);
    case 'softplus':
      return tf.softplus(x);
    default:
      throw new Error(`Layer ${layer}: activation ${String(activation)} is not supported by the training forward pass.`);
  }
}

function lstmStep(layer: tf.layers.Layer, c: Config, x: tf.Tensor, steps?: PackedSteps): tf.Tensor {
  const expected = { activation: 'tanh', recurrentActivation: 'hardSigmoid', useBias: true, dropout: 0, recurrentDropout: 0, goBackwards: false, stateful: false };
  for (const [key, value] of Object.entries(expected)) {
    if (c[key] !== value) throw new Error(`Layer ${layer.name}: ${key} = ${String(c[key])}, the fused LSTM implements ${String(value)}.`);
  }
  const [kernel, recurrent, bias] = variables(layer) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
  if (c.returnSequences) {
    if (!steps) throw new Error(`Layer ${layer.name} returns sequences: it trains on packed sequences.`);
    return lstmSequence(x as tf.Tensor2D, kernel, recurrent, bias, steps);
  }
  return lstmLast(x as tf.Tensor3D, kernel, recurrent, bias);
}

/**
 * Conv1D as one matMul over the shifted copies of the input (im2col). Its backward pass is then a
 * matMul too: the WASM backend has no Conv2DBackpropFilter, and the CPU kernel registered for it
 * took three quarters of the amount network's epoch.
 */
function conv1d(layer: tf.layers.Layer, c: Config, x: tf.Tensor3D): tf.Tensor {
  const [kernel, bias] = variables(layer) as [tf.Tensor3D, tf.Tensor1D];
  const [size, channels, filters] = kernel.shape;
  if ((c.strides as number[])[0] !== 1 || (c.dilationRate as number[])[0] !== 1 || !['same', 'valid'].includes(c.padding as string)) {
    throw new Error(`Layer ${layer.name}: only stride 1, dilation 1 and 'same' or 'valid' padding.`);
  }
  const batch = x.shape[0];
  // 'same' pads as TensorFlow does: the extra zero, for an even kernel, goes after the sequence.
  const before = c.padding === 'same' ? Math.floor((size - 1) / 2) : 0;
  const padded = c.padding === 'same' ? tf.pad(x, [[0, 0], [before, size - 1 - before], [0, 0]]) : x;
  const steps = padded.shape[1] - size + 1;
  const columns = tf.concat(Array.from({ length: size }, (_, j) => tf.slice(padded, [0, j, 0], [batch, steps, channels])), 2);
  const out = tf.fused.matMul({ a: tf.reshape(columns, [batch * steps, size * channels]) as tf.Tensor2D, b: tf.reshape(kernel, [size * channels, filters]) as tf.Tensor2D, bias, activation: c.activation === 'relu' ? 'relu' : 'linear' });
  const activated = c.activation === 'relu' ? out : activate(out, c.activation, layer.name);
  return tf.reshape(activated, [batch, steps, filters]);
}

function layerStep(layer: tf.layers.Layer, x: tf.Tensor, steps?: PackedSteps): tf.Tensor {
  const c = layer.getConfig() as Config;
  switch (layer.getClassName()) {
    case 'InputLayer':
      return x;
    case 'Masking':
      // Packed sequences hold no padding: nothing to mask.
      if (!steps) throw new Error(`Layer ${layer.name}: masking needs packed sequences.`);
      return x;
    case 'LSTM':
      return lstmStep(layer, c, x, steps);
    case 'Dense': {
      const [kernel, bias] = variables(layer) as [tf.Tensor2D, tf.Tensor1D];
      if (x.rank !== 2) throw new Error(`Layer ${layer.name}: dense on rank ${x.rank} input.`);
      // One op for product, bias and activation where tfjs can differentiate the fused form.
      const fused = c.activation === 'relu' || c.activation === 'linear';
      const z = tf.fused.matMul({ a: x as tf.Tensor2D, b: kernel, bias, activation: fused ? (c.activation as 'relu' | 'linear') : 'linear' });
      return fused ? z : activate(z, c.activation, layer.name);
    }
    case 'Conv1D':
      return conv1d(layer, c, x as tf.Tensor3D);
    default:
      throw new Error(`Layer ${layer.name} (${layer.getClassName()}) is not supported by the training forward pass.`);
  }
}

/** The model's forward pass for training; `steps` when its input is packed sequences. */
export function trainingForward(model: tf.LayersModel): Forward {
  const layers = model.layers;
  layers.forEach((layer, k) => {
    const inbound = layer.inboundNodes[0]?.inboundLayers ?? [];
    if (k > 0 && (inbound.length !== 1 || inbound[0] !== layers[k - 1])) throw new Error(`Model ${model.name} is not a chain of layers at ${layer.name}.`);
  });
  return (x, steps) => layers.reduce((h, layer) => layerStep(layer, h, steps), x);
}
