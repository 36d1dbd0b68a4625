// The message protocol between the page and the training worker: types only, no code.
// Requests and replies are unions tagged by `type`; every request has an `id` that its replies echo.
import type { DownloadProgress, EndpointRequest } from '../lib/data/http';
import type { DatasetSummary } from '../lib/data/dataset';
import type { ImportProgress } from '../lib/data/importer';
import type { ImportReport } from '../lib/data/report';
import type { Inspection } from '../lib/data/inspect';
import type { ImportOptions } from '../lib/data/options';
import type { ImportSource } from '../lib/data/sources';
import type { RunInput, RunOutput, RunProgress } from '../lib/pipeline/run';
import type { BackendChoice, BackendPreference } from './backend-choice';

export const PROTOCOL_VERSION = 4;

/** Each job: what it takes, what it reports while running, what it returns. */
export interface Jobs {
  inspect: { input: { source: ImportSource; overrides: Partial<ImportOptions> }; progress: never; result: Inspection };
  import: { input: { sources: ImportSource[]; options: ImportOptions }; progress: ImportProgress; result: ImportedDataset };
  download: { input: { endpoint: EndpointRequest }; progress: DownloadProgress; result: ImportSource };
  /** Chooses (or forces) the TensorFlow.js backend. */
  backend: { input: { preference: BackendPreference }; progress: never; result: BackendChoice };
  /** Trains and predicts (or predicts with a saved model) on a dataset held in the worker. */
  run: { input: RunInput & { datasetId: string; preference: BackendPreference }; progress: RunProgress; result: RunOutput & { backend: BackendChoice } };
  /** Loads a saved dataset into the worker, to predict on it again. */
  'open-dataset': { input: { datasetId: string }; progress: never; result: ImportedDataset };
  /** Joins a file of customer attributes to the dataset held here (null removes the file's); the dataset as it is then. */
  attributes: { input: { datasetId: string; source: ImportSource | null }; progress: never; result: ImportedDataset };
  /** Whether this version can use each saved model: by model id, null, or why it cannot. */
  'check-models': { input: { modelIds: string[] }; progress: never; result: Record<string, string | null> };
}
export type JobType = keyof Jobs;

/** The dataset itself stays in the worker, where the models train on it; the page gets what it shows. */
export interface ImportedDataset {
  datasetId: string;
  /** The file names, or the endpoint, it came from. */
  name: string;
  hasAmount: boolean;
  summary: DatasetSummary;
  report: ImportReport;
  /** What its customer attributes are and where they came from, in a sentence or two; null without. */
  attributes: string | null;
  /** The file of customer attributes joined to it, if one was. */
  attributesFile: string | null;
}

export type JobRequest = { [K in JobType]: { type: K; id: number } & Jobs[K]['input'] }[JobType];
export type CancelRequest = { type: 'cancel'; id: number };
export type WorkerRequest = JobRequest | CancelRequest;

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  code?: string;
}

export type WorkerReply =
  | { type: 'ready'; protocol: number }
  | { type: 'progress'; id: number; progress: Jobs[JobType]['progress'] }
  | { type: 'result'; id: number; result: Jobs[JobType]['result'] }
  | { type: 'cancelled'; id: number }
  | { type: 'error'; id: number; error: SerializedError };
