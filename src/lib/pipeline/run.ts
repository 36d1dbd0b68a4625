// One run, start to finish: record it as running, train (or load a saved model), predict, backtest on
// the last horizon before the cut-off, and save model, result and run in one transaction. Storage is
// given (RunStore; storage/run-store.ts keeps it in IndexedDB) and optional: without it (or when it
// fails) the run still returns its result, with the reason.
import { formatDay } from '../data/calendar';
import type { Dataset } from '../data/dataset';
import type { EpochTimes, RunKind, RunOptions, RunRecord, RunResult, StoredDataset, StoredModel } from './records';
import { historiesUpTo } from '../features/histories';
import { runBacktest, type BacktestResult } from './backtest';
import { classicPrediction, type ClassicPrediction } from './classic';
import { fallbackPrediction, trainingProblem } from './fallback';
import type { ClvPrediction } from './result';
import { effortOverrides } from './effort';
import { headline } from './headline';
import { pipelineOptions, type PipelineOptions } from './options';
import { predictClv } from './predict';
import { checkFits, loadModels, saveModels } from './saved';
import { disposeModels, trainModels, type Stage, type TrainedModels } from './train';
import type { EpochReport } from '../models/training';
import type { SideTrainer } from './side-models';

export type RunStage = Stage | 'load-model' | 'backtest' | 'save';

export interface RunProgress {
  stage: RunStage;
  /** Set while a model trains: its last epoch, and whether it is the run's training or the backtest's. */
  epoch: (EpochReport & { model: Stage; phase: 'run' | 'backtest' }) | null;
  /** Upper bound on the time left in the current model's training (early stopping may end it sooner). */
  etaMs: number | null;
  /** The model training meanwhile in a second worker, and its last epoch. */
  alongside?: { model: Stage; epoch: RunProgress['epoch'] } | null;
}

export interface RunInput {
  name: string;
  options: RunOptions;
  /** Predict with this saved model instead of training. */
  modelId: string | null;
}

/** Where a run keeps its records. */
export interface RunStore {
  saveDataset(dataset: StoredDataset): Promise<void>;
  putRun(run: RunRecord): Promise<void>;
  /** The run, its result and its model, all or none. */
  saveFinishedRun(run: RunRecord, result: RunResult, model: StoredModel | null): Promise<void>;
  getModel(id: string): Promise<StoredModel | undefined>;
}

export interface RunContext {
  store: RunStore | null;
  dataset: StoredDataset;
  /** Whether the dataset is already in the database. */
  datasetStored: boolean;
  backend: string;
  signal?: AbortSignal;
  onProgress?: (p: RunProgress) => void;
  /** Trains the amount and arrivals models in a second worker (train.ts); absent: here, one after the other. */
  sideTrainer?: SideTrainer | null;
}

export interface RunOutput {
  run: RunRecord;
  result: RunResult;
  /** Why the run could not be saved, if it could not. */
  saveError: string | null;
}

const isAbort = (e: unknown) => (e as Error)?.name === 'AbortError';
const newId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

function optionsFor(o: RunOptions, cutoffDay = o.cutoffDay): PipelineOptions {
  return pipelineOptions(cutoffDay, o.horizonDays, { ...effortOverrides(o.effort), orderCount: o.orderCount });
}

/** Tracks epoch times per model: for the ETA, and kept with the result (ms per epoch, benchmarks). */
function progressReporter(onProgress: RunContext['onProgress'], o: PipelineOptions, phase: 'run' | 'backtest', data: Dataset, epochMs: EpochTimes = {}) {
  // Upper bounds: early stopping ends sooner; the next-purchase model may refit for as many again,
  // and with customer attributes it trains twice (with and without them, train.ts).
  const variants = data.attributes?.columns.length ? 2 : 1;
  const maxEpochs: Partial<Record<Stage, number>> = { 'next-purchase': o.nextPurchase.epochs * 2 * variants, amount: o.amount.epochs, arrivals: o.newcomers.epochs };
  // Per model, since two train at once when a second worker takes the amount and arrivals models.
  const [started, last]: Partial<Record<Stage, number>>[] = [{}, {}];
  let current: Stage | null = null;
  let eta: number | null = null;
  /** This worker's last epoch (of its current stage), and what the second worker trains, with its last epoch. */
  let own: RunProgress['epoch'] = null;
  let alongside: RunProgress['alongside'] = null;
  const report = (stage: Stage, epoch?: EpochReport, side = false) => {
    const now = performance.now();
    // This worker takes over the model the second one is training (it waits on it now): same timing.
    const takeover = !side && alongside?.model === stage;
    if (takeover) alongside = null;
    else if (!epoch || started[stage] === undefined) [started[stage], last[stage]] = [now, now];
    if (!side && stage !== current) [current, eta, own] = [stage, null, null];
    let at: RunProgress['epoch'] = null;
    if (epoch) {
      (epochMs[stage] ??= []).push(now - last[stage]!);
      last[stage] = now;
      const left = Math.max(0, (maxEpochs[stage] ?? epoch.epoch) - epoch.epoch);
      at = { ...epoch, model: stage, phase };
      if (!side) [own, eta] = [at, (left * (now - started[stage]!)) / epoch.epoch];
    }
    if (side) alongside = { model: stage, epoch: at ?? (alongside?.model === stage ? alongside.epoch : null) };
    onProgress?.({ stage: phase === 'backtest' ? 'backtest' : (current ?? stage), epoch: own, etaMs: eta, alongside });
  };
  return report;
}

export async function executeRun(input: RunInput, ctx: RunContext): Promise<RunOutput> {
  const { store, dataset: stored, signal, onProgress } = ctx;
  const data = stored.dataset;
  const kind: RunKind = input.modelId ? 'predict' : 'train';
  let run: RunRecord = {
    id: newId('run'), name: input.name, kind, createdAt: Date.now(), finishedAt: null, status: 'running',
    datasetId: stored.id, datasetName: stored.name, modelId: input.modelId, options: input.options,
    backend: ctx.backend, headline: null, message: null,
  };
  let saveError: string | null = store ? null : 'This browser offers no storage (IndexedDB) here: the run is not kept.';
  const save = async (write: () => Promise<void>) => {
    if (!store || saveError) return;
    try {
      await write();
    } catch (e) {
      saveError = (e as Error).message;
    }
  };
  await save(async () => {
    if (!ctx.datasetStored) await store!.saveDataset(stored);
    await store!.putRun(run);
  });
  const o = optionsFor(input.options);
  let models: TrainedModels | null = null;
  const epochMs: EpochTimes = {};
  try {
    const h = historiesUpTo(data, o.cutoffDay);
    const problem = input.modelId ? null : trainingProblem(h);
    let prediction: ClvPrediction;
    let classic: ClassicPrediction | null;
    const notes: string[] = [];
    if (problem) {
      onProgress?.({ stage: 'predict', epoch: null, etaMs: null });
      const fallback = fallbackPrediction(data, h, o, problem);
      [prediction, classic] = [fallback.prediction, fallback.classic];
      notes.push(fallback.note);
    } else {
      if (input.modelId) {
        onProgress?.({ stage: 'load-model', epoch: null, etaMs: null });
        const model = store && (await store.getModel(input.modelId));
        if (!model) throw new Error('The saved model of this run is no longer in this browser’s storage.');
        checkFits(model.saved, data, o.cutoffDay);
        models = await loadModels(model.saved);
      } else {
        models = await trainModels(data, o, { signal, sideTrainer: ctx.sideTrainer, onProgress: progressReporter(onProgress, o, 'run', data, epochMs) });
      }
      onProgress?.({ stage: 'predict', epoch: null, etaMs: null });
      prediction = predictClv(models, data, o);
      // A model trained here fitted BG/NBD on these very histories; a saved one, on older data.
      classic = classicPrediction(h, o.horizonDays, input.modelId ? undefined : models.stacking?.classic.bgnbd);
      notes.push(...models.notes, ...(classic?.notes ?? []));
    }
    let backtest: BacktestResult | null = null;
    if (input.options.backtest && kind === 'train' && !problem) {
      const calibrationEnd = o.cutoffDay - o.horizonDays;
      if (calibrationEnd - data.summary.firstDay < o.horizonDays) {
        notes.push(`No backtest: it needs at least two horizons of history before the cut-off (the data starts ${formatDay(data.summary.firstDay)}).`);
      } else {
        try {
          const bo = optionsFor(input.options, calibrationEnd);
          backtest = await runBacktest(data, bo, ctx.backend, { signal, sideTrainer: ctx.sideTrainer, onProgress: progressReporter(onProgress, bo, 'backtest', data) });
        } catch (e) {
          // A cancelled or failed backtest still leaves a usable prediction.
          if (!isAbort(e) && !(e instanceof RangeError)) throw e;
          notes.push(isAbort(e) ? 'Backtest cancelled: the prediction is kept without it.' : `No backtest: ${(e as Error).message}`);
        }
      }
    }
    onProgress?.({ stage: 'save', epoch: null, etaMs: null });
    const modelRecord: StoredModel | null = models && kind === 'train'
      ? { id: newId('model'), datasetId: stored.id, createdAt: Date.now(), fingerprint: stored.fingerprint, trainingWindow: { firstDay: data.summary.firstDay, cutoffDay: o.cutoffDay }, saved: await saveModels(models), metrics: backtest?.models.clv ?? null }
      : null;
    run = { ...run, status: 'done', finishedAt: Date.now(), modelId: modelRecord?.id ?? input.modelId, headline: headline(prediction), message: notes.length ? notes.join(' ') : null };
    const result: RunResult = { runId: run.id, prediction, backtest, epochMs, classic };
    await save(() => store!.saveFinishedRun(run, result, modelRecord));
    if (saveError && store) {
      // Keep at least the record of the run, so that it does not later look interrupted.
      await store.putRun({ ...run, status: 'failed', message: saveError }).catch(() => {});
    }
    return { run, result, saveError };
  } catch (e) {
    const status = isAbort(e) ? 'cancelled' : 'failed';
    await save(() => store!.putRun({ ...run, status, finishedAt: Date.now(), message: status === 'cancelled' ? 'Cancelled by the user.' : (e as Error).message }));
    throw e;
  } finally {
    if (models) disposeModels(models);
  }
}
