// The pipeline's RunStore kept in IndexedDB: what a run saves as it starts, finishes or fails.
import type { RunStore } from '../pipeline/run';
import { saveDataset } from './datasets';
import type { ClvDb } from './db';
import { getModel, putRun, saveFinishedRun } from './runs';

export const runStore = (db: ClvDb): RunStore => ({
  saveDataset: (dataset) => saveDataset(db, dataset),
  putRun: (run) => putRun(db, run),
  saveFinishedRun: (run, result, model) => saveFinishedRun(db, run, result, model),
  getModel: (id) => getModel(db, id),
});
