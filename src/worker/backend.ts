// Chooses the TensorFlow.js backend: initialises WebGPU, WebGL, WASM and CPU, times a small training
// step on each that starts, keeps the fastest, and reports the backend actually active (tfjs can fall
// back silently). The user can force one; a forced backend that fails falls back with the reason.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { registerWasmConvBackpropFilter } from '../lib/models/wasm-kernels';
import { BACKENDS, type BackendChoice, type BackendName, type BackendPreference, type BackendTrial } from './backend-choice';

/** A first step slower than this is not timed further: software WebGPU can take minutes. */
const WARMUP_LIMIT_MS = 4000;

setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded });

async function activate(name: BackendName): Promise<string | null> {
  try {
    if (name === 'wasm') registerWasmConvBackpropFilter();
    const ok = await tf.setBackend(name);
    if (!ok) return 'did not start';
    await tf.ready();
    return tf.getBackend() === name ? null : `tfjs fell back to ${tf.getBackend()}`;
  } catch (e) {
    return `did not start: ${(e as Error).message}`;
  }
}

/** A small masked-LSTM training step, the kind of work the models do; inputs and weights are fixed. */
function trialModel() {
  const init = { kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }), recurrentInitializer: tf.initializers.glorotUniform({ seed: 2 }) };
  const model = tf.sequential({
    layers: [tf.layers.masking({ maskValue: 0, inputShape: [12, 10] }), tf.layers.lstm({ units: 16, ...init }), tf.layers.dense({ units: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) })],
  });
  const optimizer = tf.train.adam(0.01);
  model.compile({ optimizer, loss: 'meanSquaredError' });
  const values = (n: number, k: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * k) * ((i % 12) < 3 && k < 1 ? 0 : 1));
  const [x, y] = [tf.tensor3d(values(256 * 12 * 10, 0.37), [256, 12, 10]), tf.tensor2d(values(256 * 2, 1.3), [256, 2])];
  return { model, optimizer, x, y };
}

interface StepTiming {
  ms: number | null;
  /** Loss of the first step, at the initial weights: compared across backends to catch wrong results. */
  loss: number;
  note: string;
}

async function timeStep(): Promise<StepTiming> {
  const { model, optimizer, x, y } = trialModel();
  try {
    const t0 = performance.now();
    const loss = Number(await model.trainOnBatch(x, y));
    const warmup = performance.now() - t0;
    if (warmup > WARMUP_LIMIT_MS) return { ms: null, loss, note: `first step took ${(warmup / 1000).toFixed(1)} s: too slow` };
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await model.trainOnBatch(x, y);
      times.push(performance.now() - t);
    }
    const ms = times.sort((a, b) => a - b)[1];
    return { ms, loss, note: `${ms.toFixed(1)} ms per step` };
  } finally {
    tf.dispose([x, y]);
    model.dispose();
    optimizer.dispose();
  }
}

/** The CPU backend's loss for the trial step: the reference other backends must match. */
let reference: number | null = null;
async function referenceLoss(): Promise<number> {
  if (reference === null) {
    await activate('cpu');
    reference = (await timeStep()).loss;
  }
  return reference;
}

async function trial(name: BackendName): Promise<BackendTrial> {
  const expected = await referenceLoss();
  const failure = await activate(name);
  if (failure) return { backend: name, msPerStep: null, note: failure };
  try {
    const { ms, loss, note } = await timeStep();
    // Some drivers (software WebGPU among them) run but compute wrong numbers: never train on those.
    if (!(Math.abs(loss - expected) <= 1e-3 * Math.max(1, Math.abs(expected)))) {
      return { backend: name, msPerStep: null, note: `computes wrong results here (loss ${loss.toPrecision(5)}, the CPU's ${expected.toPrecision(5)})` };
    }
    return { backend: name, msPerStep: ms, note };
  } catch (e) {
    return { backend: name, msPerStep: null, note: `failed a training step: ${(e as Error).message}` };
  }
}

let chosen: Promise<BackendChoice> | null = null;
let chosenFor: BackendPreference | null = null;

export function chooseBackend(preference: BackendPreference = 'auto'): Promise<BackendChoice> {
  if (!chosen || chosenFor !== preference) {
    chosenFor = preference;
    chosen = select(preference);
  }
  return chosen;
}

async function select(preference: BackendPreference, tried: BackendTrial[] = []): Promise<BackendChoice> {
  if (preference !== 'auto') {
    const forced = await trial(preference);
    if (forced.msPerStep !== null || forced.note.endsWith('too slow')) {
      const ok = (await activate(preference)) === null;
      if (ok) return { backend: preference, reason: `${preference} chosen in the settings (${forced.note})`, trials: [forced] };
    }
    const fallback = await select('auto', [forced]);
    return { ...fallback, reason: `${preference} (chosen in the settings) ${forced.note}; ${fallback.reason}` };
  }
  const trials: BackendTrial[] = [];
  for (const name of BACKENDS) trials.push(tried.find((t) => t.backend === name) ?? (await trial(name)));
  const timed = trials.filter((t) => t.msPerStep !== null).sort((a, b) => a.msPerStep! - b.msPerStep!);
  if (timed.length === 0) throw new Error(`No TensorFlow.js backend works in this browser: ${trials.map((t) => `${t.backend} ${t.note}`).join('; ')}.`);
  const best = timed[0];
  const failure = await activate(best.backend);
  if (failure) throw new Error(`The fastest backend, ${best.backend}, ${failure}.`);
  const others = timed.slice(1).map((t) => `${t.backend} ${(t.msPerStep! / best.msPerStep!).toFixed(1)}x slower`);
  const skipped = trials.filter((t) => t.msPerStep === null && !tried.includes(t)).map((t) => `${t.backend} ${t.note}`);
  const reason = [`${best.backend} was fastest (${best.note})`, ...others, ...skipped].join('; ');
  return { backend: best.backend, reason, trials };
}
