// Runs, their results and their trained models in IndexedDB. A finished run is written in one
// transaction (model, result, run record), so a full disk or a reload while saving leaves the earlier
// runs as they were; a run still marked running whose owner is gone was interrupted (see interrupted.ts).
import { storageError, type ClvDb } from './db';
import type { RunRecord, RunResult, StoredModel } from '../pipeline/records';

/** Newest first. */
export async function listRuns(db: ClvDb): Promise<RunRecord[]> {
  return (await db.getAllFromIndex('runs', 'byCreated')).reverse();
}

export const getResult = (db: ClvDb, runId: string) => db.get('results', runId);
export const getModel = (db: ClvDb, id: string) => db.get('models', id);

export async function putRun(db: ClvDb, run: RunRecord): Promise<void> {
  try {
    await db.put('runs', run);
  } catch (e) {
    throw storageError(`the run "${run.name}"`, e);
  }
}

/** The model (if new), the result and the finished run record, all or nothing. */
export async function saveFinishedRun(db: ClvDb, run: RunRecord, result: RunResult, model: StoredModel | null): Promise<void> {
  const tx = db.transaction(['runs', 'results', 'models'], 'readwrite');
  const settled: Promise<unknown>[] = [tx.done];
  try {
    if (model) settled.push(tx.objectStore('models').put(model));
    settled.push(tx.objectStore('results').put(result), tx.objectStore('runs').put(run));
    await Promise.all(settled);
  } catch (e) {
    // The first failure decides; the others (and the aborted transaction) are expected to fail too.
    settled.forEach((p) => p.catch(() => {}));
    try {
      tx.abort();
    } catch {
      // Already aborted by the failure itself.
    }
    throw storageError(`the results of "${run.name}"`, e);
  }
}

export async function renameRun(db: ClvDb, id: string, name: string): Promise<void> {
  const tx = db.transaction('runs', 'readwrite');
  const run = await tx.store.get(id);
  if (!run) throw new Error(`There is no run ${id}.`);
  await Promise.all([tx.store.put({ ...run, name }), tx.done]);
}

/** Deletes a run and its result; its model and dataset too when no other run uses them. */
export async function deleteRun(db: ClvDb, id: string): Promise<void> {
  const tx = db.transaction(['runs', 'results', 'models', 'datasets'], 'readwrite');
  const runs = tx.objectStore('runs');
  const run = await runs.get(id);
  if (!run) return tx.done;
  await runs.delete(id);
  await tx.objectStore('results').delete(id);
  const others = await runs.index('byDataset').getAll(run.datasetId);
  if (run.modelId && !others.some((r) => r.modelId === run.modelId)) await tx.objectStore('models').delete(run.modelId);
  if (others.length === 0) await tx.objectStore('datasets').delete(run.datasetId);
  await tx.done;
}

export const CUT_SHORT = 'The page was closed or reloaded while this run was in progress; nothing of it was saved.';

/** The reason a run was cut short, or how to tell it from the run. */
export type CutShortMessage = string | ((run: RunRecord) => string);

/** Marks runs left running by a page that was closed or reloaded (or a worker that died); returns how many. */
export async function markInterrupted(db: ClvDb, startedBefore: number, message: CutShortMessage = CUT_SHORT): Promise<number> {
  let count = 0;
  for (const run of await db.getAll('runs')) {
    if (run.status === 'running' && run.createdAt < startedBefore && (await markRunInterrupted(db, run.id, message))) count++;
  }
  return count;
}

/** Marks one run interrupted if it is still marked running, read and written in one transaction; returns whether it was. */
export async function markRunInterrupted(db: ClvDb, id: string, message: CutShortMessage = CUT_SHORT): Promise<boolean> {
  const tx = db.transaction('runs', 'readwrite');
  const run = await tx.store.get(id);
  const cut = run?.status === 'running';
  if (cut) await tx.store.put({ ...run, status: 'interrupted', message: typeof message === 'string' ? message : message(run) });
  await tx.done;
  return cut;
}
