// The run in progress (or just finished) on the page: progress with loss curves as they come, cancel,
// and the result. Training happens in the worker; this only follows it.
import type { EpochReport } from '../../lib/models/training';
import type { RunProgress } from '../../lib/pipeline/run';
import type { Stage } from '../../lib/pipeline/train';
import type { RunOptions, RunRecord, RunResult } from '../../lib/pipeline/records';
import type { BackendChoice, BackendPreference } from '../../worker/backend-choice';
import { workerClient } from './worker';

export type Curves = Partial<Record<Stage, EpochReport[]>>;

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

  /** `onStarted`: the worker has written the new run's record (its first progress comes after). */
  constructor(private readonly onStarted: () => void = () => {}) {}

  /** Trains on (or predicts with `modelId`) the dataset held in the worker; resolves with the finished run, or null. */
  async start(datasetId: string, name: string, options: RunOptions, preference: BackendPreference, modelId: string | null = null): Promise<OpenRun | null> {
    this.controller?.abort();
    const controller = (this.controller = new AbortController());
    let started = false;
    [this.running, this.error, this.crashed, this.saveError, this.progress, this.curves, this.startedAt] = [true, null, false, null, null, {}, Date.now()];
    try {
      const out = await workerClient.run('run', { datasetId, name, options, modelId, preference }, {
        signal: controller.signal,
        onProgress: (p) => {
          if (!started) {
            started = true;
            this.onStarted();
          }
          this.onProgress(p);
        },
      });
      this.backend = out.backend;
      this.saveError = out.saveError;
      return { run: out.run, result: out.result };
    } catch (e) {
      this.crashed = (e as Error).name === 'WorkerCrash';
      if (this.crashed) this.error = `${(e as Error).message} The data it held is gone: import the file again, or open a saved run.`;
      else if ((e as Error).name !== 'AbortError') this.error = (e as Error).message;
      return null;
    } finally {
      if (this.controller === controller) [this.running, this.controller, this.progress] = [false, null, null];
    }
  }

  cancel(): void {
    this.controller?.abort();
  }

  private onProgress(p: RunProgress): void {
    this.progress = p;
    // Each report carries both workers' last epochs: a curve grows by the ones it does not end with yet.
    for (const epoch of [p.epoch, p.alongside?.epoch]) {
      if (epoch?.phase !== 'run') continue;
      const { model, phase: _phase, ...report } = epoch;
      const curve = this.curves[model] ?? [];
      const end = curve.at(-1);
      if (end && end.epoch === report.epoch && end.loss === report.loss) continue;
      this.curves = { ...this.curves, [model]: [...curve, report] };
    }
  }
}
