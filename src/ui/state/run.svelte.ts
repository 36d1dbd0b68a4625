// The run in progress (or just finished) on the page: progress with loss curves as they come, cancel,
// and the result. Training happens in the worker; this only follows it.
import type { EpochReport } from '../../lib/models/training';
import type { RunProgress } from '../../lib/pipeline/run';
import type { Stage } from '../../lib/pipeline/train';
import type { RunOptions, RunRecord, RunResult } from '../../lib/storage/schema';
import type { BackendChoice, BackendPreference } from '../../worker/backend-choice';
import { workerClient } from './worker';

export type Curves = Partial<Record<Stage, EpochReport[]>>;

const CURVE_REDRAW_MS = 1000;

export interface OpenRun {
  run: RunRecord;
  result: RunResult;
}

export class RunState {
  running = $state(false);
  progress = $state.raw<RunProgress | null>(null);
  curves = $state.raw<Curves>({});
  backend = $state.raw<BackendChoice | null>(null);
  error = $state<string | null>(null);
  /** Whether the worker died during the run (it has been restarted, without the data it held). */
  crashed = $state(false);
  /** Why the finished run could not be kept, if it could not. */
  saveError = $state<string | null>(null);
  startedAt = $state(0);
  private controller: AbortController | null = null;
  /** Epoch reports not drawn yet: the loss charts redraw at most every CURVE_REDRAW_MS. */
  private pendingEpochs: [Stage, EpochReport][] = [];
  private redraw: ReturnType<typeof setTimeout> | null = null;

  /** Trains on (or predicts with `modelId`) the dataset held in the worker; resolves with the finished run, or null. */
  async start(datasetId: string, name: string, options: RunOptions, preference: BackendPreference, modelId: string | null = null): Promise<OpenRun | null> {
    this.controller?.abort();
    const controller = (this.controller = new AbortController());
    this.pendingEpochs = [];
    [this.running, this.error, this.crashed, this.saveError, this.progress, this.curves, this.startedAt] = [true, null, false, null, null, {}, Date.now()];
    try {
      const out = await workerClient.run('run', { datasetId, name, options, modelId, preference }, { signal: controller.signal, onProgress: (p) => this.onProgress(p) });
      this.backend = out.backend;
      this.saveError = out.saveError;
      return { run: out.run, result: out.result };
    } catch (e) {
      this.crashed = (e as Error).name === 'WorkerCrash';
      if (this.crashed) this.error = `${(e as Error).message} The data it held is gone: import the file again, or open a saved run.`;
      else if ((e as Error).name !== 'AbortError') this.error = (e as Error).message;
      return null;
    } finally {
      this.drawCurves();
      if (this.controller === controller) [this.running, this.controller, this.progress] = [false, null, null];
    }
  }

  cancel(): void {
    this.controller?.abort();
  }

  private onProgress(p: RunProgress): void {
    this.progress = p;
    if (p.epoch?.phase === 'run') {
      const { model, phase: _phase, ...report } = p.epoch;
      this.pendingEpochs.push([model, report]);
      // Epochs come every few tens of ms on small data, and a loss chart's redraw took 35-80 ms here:
      // one per epoch kept the page busy.
      this.redraw ??= setTimeout(() => this.drawCurves(), CURVE_REDRAW_MS);
    }
  }

  private drawCurves(): void {
    if (this.redraw) clearTimeout(this.redraw);
    this.redraw = null;
    if (!this.pendingEpochs.length) return;
    const curves = { ...this.curves };
    for (const [model, report] of this.pendingEpochs) curves[model] = [...(curves[model] ?? []), report];
    this.pendingEpochs = [];
    this.curves = curves;
  }
}
