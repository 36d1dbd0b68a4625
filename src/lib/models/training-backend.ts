// Where the training loops run, when that is not the backend everything else runs on. The forecasts,
// scores and predictions read every step back synchronously, which WebGPU does slowly through a canvas
// (blank on some drivers; headless software WebGPU's GPU process crashed on it). WebGPU still trains:
// each training loop switches to it, and when the loop is done the model's weights are read back
// asynchronously and written to the home backend (WASM or the CPU). The loop's own tensors (its
// batches, the optimiser's state, the best weights) stay on the GPU and are freed there.
import * as tf from '@tensorflow/tfjs';

let trainingBackend: string | null = null;

/** Training loops run on `name` from now on (null: on the active backend, as everything else). */
export function setTrainingBackend(name: string | null): void {
  trainingBackend = name;
}

/** Gives each of the model's weights new data, `values`, on the active backend. */
function write(model: tf.LayersModel, values: tf.backend_util.BackendValues[]): void {
  model.weights.forEach((w, i) => {
    const copy = tf.tensor(values[i], w.read().shape, w.dtype);
    w.write(copy);
    copy.dispose();
  });
}

/**
 * Runs `train` (a training loop of `model`) on the training backend, then puts the model's weights
 * back on the active backend. The weights go over as copies: a weight may share its data with
 * another model's (setWeights shares it), which must stay where it is. A tensor the loop is given
 * (the training data) is moved with it, though: the caller must not use it afterwards, only free it.
 */
export async function onTrainingBackend<T>(model: tf.LayersModel, train: () => Promise<T>): Promise<T> {
  const home = tf.getBackend();
  if (trainingBackend === null || trainingBackend === home) return train();
  const initial = model.weights.map((w) => w.read().dataSync());
  if (!(await tf.setBackend(trainingBackend))) throw new Error(`The training backend ${trainingBackend} did not start.`);
  let result: T;
  let trained: tf.backend_util.BackendValues[];
  try {
    write(model, initial);
    result = await train();
    trained = await Promise.all(model.weights.map((w) => w.read().data()));
  } finally {
    await tf.setBackend(home);
  }
  write(model, trained);
  return result;
}
