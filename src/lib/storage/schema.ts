// The records kept in IndexedDB and the versioned schema that holds them. Each migration upgrades the
// database from one version to the next; a database written by any older version opens in this one.
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { Dataset } from '../data/dataset';
import type { ImportReport } from '../data/report';
import type { Effort } from '../pipeline/effort';
import type { BacktestResult, ModelScore } from '../pipeline/backtest';
import type { ClassicPrediction } from '../pipeline/classic';
import type { Headline } from '../pipeline/headline';
import type { EpochTimes } from '../pipeline/run';
import type { ClvPrediction } from '../pipeline/result';
import type { SavedModels } from '../pipeline/saved';
import type { RunSettings } from '../pipeline/settings';

export const DB_NAME = 'clv-prediction';

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

export interface ClvSchema extends DBSchema {
  datasets: { key: string; value: StoredDataset };
  models: { key: string; value: StoredModel; indexes: { byDataset: string } };
  runs: { key: string; value: RunRecord; indexes: { byDataset: string; byCreated: number } };
  results: { key: string; value: RunResult };
}

type UpgradeTx = IDBPTransaction<ClvSchema, StoreNames<ClvSchema>[], 'versionchange'>;
type Migration = (db: IDBPDatabase<ClvSchema>, tx: UpgradeTx) => void;

/** MIGRATIONS[v] upgrades version v to v + 1. Never edit a shipped migration: add one. */
export const MIGRATIONS: Migration[] = [
  // 0 -> 1: the four stores.
  (db) => {
    db.createObjectStore('datasets', { keyPath: 'id' });
    db.createObjectStore('models', { keyPath: 'id' });
    db.createObjectStore('runs', { keyPath: 'id' });
    db.createObjectStore('results', { keyPath: 'runId' });
  },
  // 1 -> 2: indexes to list runs by date and to find what refers to a dataset before deleting it.
  (_db, tx) => {
    tx.objectStore('runs').createIndex('byDataset', 'datasetId');
    tx.objectStore('runs').createIndex('byCreated', 'createdAt');
    tx.objectStore('models').createIndex('byDataset', 'datasetId');
  },
];

export const DB_VERSION = MIGRATIONS.length;
