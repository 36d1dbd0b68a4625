// The records a run produces and storage keeps: the imported dataset, the trained models, the run and
// its result. Defined here, with the pipeline that makes them; storage only stores them.
import type { Dataset } from '../data/dataset';
import type { ImportReport } from '../data/report';
import type { BacktestResult, ModelScore } from './backtest';
import type { ClassicPrediction } from './classic';
import type { Effort } from './effort';
import type { Headline } from './headline';
import type { ClvPrediction } from './result';
import type { SavedModels } from './saved';
import type { RunSettings } from './settings';
import type { Stage } from './train';

/** Wall-clock ms of each epoch, per model, in order. */
export type EpochTimes = Partial<Record<Stage, number[]>>;

/** An imported dataset, kept so that a run can be re-opened, or predicted again, without the file. */
export interface StoredDataset {
  id: string;
  name: string;
  createdAt: number;
  fingerprint: string;
  report: ImportReport;
  dataset: Dataset;
}

/** Trained models with what they need to predict again: scalers, schema versions, training window. */
export interface StoredModel {
  id: string;
  datasetId: string;
  createdAt: number;
  /** Fingerprint of the data the models were trained on. */
  fingerprint: string;
  trainingWindow: { firstDay: number; cutoffDay: number };
  saved: SavedModels;
  /** The deep model's backtest scores, when the run that trained it backtested. */
  metrics?: ModelScore | null;
}

export type RunStatus = 'running' | 'done' | 'cancelled' | 'failed' | 'interrupted';
export type RunKind = 'train' | 'predict';

export interface RunOptions extends RunSettings {
  effort: Effort;
  /** Also score the models on the last horizon before the cut-off (trains them a second time). */
  backtest: boolean;
}

/** What the runs list shows; the heavy prediction is in `results`, under the same id. */
export interface RunRecord {
  id: string;
  name: string;
  kind: RunKind;
  createdAt: number;
  finishedAt: number | null;
  status: RunStatus;
  datasetId: string;
  datasetName: string;
  modelId: string | null;
  options: RunOptions;
  backend: string | null;
  headline: Headline | null;
  /** Why a run failed or stopped, or what to know about it. */
  message: string | null;
}

export interface RunResult {
  runId: string;
  prediction: ClvPrediction;
  backtest: BacktestResult | null;
  /** Ms per epoch of each model trained by the run (absent in runs saved before it was recorded). */
  epochMs?: EpochTimes;
  /** BG/NBD and Gamma-Gamma per customer; null when they could not be fitted. */
  classic?: ClassicPrediction | null;
}
