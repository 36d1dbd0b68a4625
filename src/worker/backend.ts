// Chooses the TensorFlow.js backend: initialises WebGPU, WebGL, WASM and CPU, times the models' own
// training step on small fixed data on each that starts, keeps the fastest, and reports the backend
// actually active (tfjs can fall back silently). GPUs that are emulated on the CPU are not tried
// (software-gpu.ts). The user can force one; a forced backend that fails falls back with the reason.
import '@tensorflow/tfjs-backend-webgpu';
import { setTrainingBackend } from '../lib/models/training-backend';
import { trialStep } from '../lib/models/trial-step';
import { configureWebGl } from '../lib/models/webgl-settings';
import { registerWebGpuKernels } from '../lib/models/webgpu-kernels';
import { BACKENDS, type BackendChoice, type BackendName, type BackendPreference, type BackendTrial } from './backend-choice';
import { startBackend } from './start-backend';
import { softwareGpu } from './software-gpu';
import { wasmThreads } from './wasm-threads';

/** A first step slower than this is not timed further: software WebGPU can take minutes. */
const WARMUP_LIMIT_MS = 4000;

async function activate(name: BackendName): Promise<string | null> {
  try {
    if (name === 'webgpu') registerWebGpuKernels();
    if (name === 'webgl') configureWebGl();
    return await startBackend(name);
  } catch (e) {
    return `did not start: ${(e as Error).message}`;
  }
}

interface StepTiming {
  ms: number | null;
  /** Loss of the first step, at the initial weights: compared across backends to catch wrong results. */
  loss: number;
  note: string;
}

/** Times the models' own training step (trial-step.ts): the work they will do, on this backend. */
async function timeStep(): Promise<StepTiming> {
  const step = trialStep();
  try {
    const t0 = performance.now();
    const loss = await step.run();
    const warmup = performance.now() - t0;
    if (warmup > WARMUP_LIMIT_MS) return { ms: null, loss, note: `first step took ${(warmup / 1000).toFixed(1)} s: too slow` };
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await step.run();
      times.push(performance.now() - t);
    }
    const ms = times.sort((a, b) => a - b)[1];
    return { ms, loss, note: `${ms.toFixed(1)} ms per step` };
  } finally {
    step.dispose();
  }
}

/**
 * WebGPU only trains (training-backend.ts): the forecasts, scores and predictions read every step
 * synchronously, and WebGPU does that through a canvas, slowly, which some drivers leave blank (and
 * whose copy crashed the GPU process of headless software WebGPU). They run on WASM (or the CPU).
 */
const TRAINS_ONLY: Partial<Record<BackendName, string>> = { webgpu: 'it trains, and the rest runs on wasm (or the cpu): WebGPU reads results back synchronously through a canvas, slowly, and blank on some drivers' };

/** The trial step on the CPU backend, timed once: its loss is the reference other backends must match. */
let cpuStep: Promise<StepTiming> | null = null;
const onCpu = () => (cpuStep ??= activate('cpu').then(() => timeStep()));

/** Times `name`; in the automatic choice (`auto`), a software-emulated GPU is not tried. */
async function trial(name: BackendName, auto = false): Promise<BackendTrial> {
  const cpu = await onCpu();
  if (name === 'cpu') return { backend: name, msPerStep: cpu.ms, note: cpu.note };
  const expected = cpu.loss;
  const software = auto ? await softwareGpu(name) : null;
  if (software) return { backend: name, msPerStep: null, note: `not tried: its GPU is emulated on the CPU here (${software}), slower than wasm` };
  const failure = await activate(name);
  if (failure) return { backend: name, msPerStep: null, note: failure };
  try {
    const { ms, loss, note: timing } = await timeStep();
    const note = [TRAINS_ONLY[name], name === 'wasm-threads' ? `${wasmThreads()} threads, ${timing}` : timing].filter(Boolean).join('; ');
    // Some drivers run but compute wrong numbers: never train on those.
    if (!(Math.abs(loss - expected) <= 1e-3 * Math.max(1, Math.abs(expected)))) {
      return { backend: name, msPerStep: null, note: `computes wrong results here (loss ${loss.toPrecision(5)}, the CPU's ${expected.toPrecision(5)})` };
    }
    return { backend: name, msPerStep: ms, note };
  } catch (e) {
    return { backend: name, msPerStep: null, note: `failed a training step: ${(e as Error).message}` };
  }
}

/** Makes the trial's backend the one the models train on; null when it runs, else why not. */
async function use(trial: BackendTrial): Promise<string | null> {
  setTrainingBackend(null);
  const failure = await activate(trial.backend);
  if (failure || !TRAINS_ONLY[trial.backend]) return failure;
  if ((await activate('wasm')) !== null) {
    const cpu = await activate('cpu');
    if (cpu) return `has no backend to run the rest on (the cpu ${cpu})`;
  }
  setTrainingBackend(trial.backend);
  return null;
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
      const ok = (await use(forced)) === null;
      if (ok) return { backend: preference, reason: `${preference} chosen in the settings (${forced.note})`, trials: [forced] };
    }
    if (preference === 'wasm-threads') {
      const single = await select('wasm');
      const instead = single.backend === 'wasm' ? `fell back to single-threaded wasm (${single.trials[0].note})` : single.reason;
      return { ...single, reason: `wasm-threads (chosen in the settings) ${forced.note}; ${instead}`, trials: [forced, ...single.trials] };
    }
    const fallback = await select('auto', [forced]);
    return { ...fallback, reason: `${preference} (chosen in the settings) ${forced.note}; ${fallback.reason}` };
  }
  const trials: BackendTrial[] = [];
  for (const name of BACKENDS) trials.push(tried.find((t) => t.backend === name) ?? (await trial(name, true)));
  const timed = trials.filter((t) => t.msPerStep !== null).sort((a, b) => a.msPerStep! - b.msPerStep!);
  if (timed.length === 0) throw new Error(`No TensorFlow.js backend works in this browser: ${trials.map((t) => `${t.backend} ${t.note}`).join('; ')}.`);
  const best = timed[0];
  const failure = await use(best);
  if (failure) throw new Error(`The fastest backend, ${best.backend}, ${failure}.`);
  const others = timed.slice(1).map((t) => `${t.backend} ${(t.msPerStep! / best.msPerStep!).toFixed(1)}x slower`);
  const skipped = trials.filter((t) => t.msPerStep === null && !tried.includes(t)).map((t) => `${t.backend} ${t.note}`);
  const reason = [`${best.backend} was fastest (${best.note})`, ...others, ...skipped].join('; ');
  return { backend: best.backend, reason, trials };
}
