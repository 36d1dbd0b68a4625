// The pipeline's RunStore kept in IndexedDB: what a run saves as it starts, finishes or fails. A run's
// lock (locks.ts) is taken before its first record says "running" and let go once a record says how it
// ended, so other tabs never take a run still in progress for an interrupted one.
import type { RunStore } from '../pipeline/run';
import { saveDataset } from './datasets';
import type { ClvDb } from './db';
import { holdLock, runLockName } from './locks';
import { getModel, putRun, saveFinishedRun } from './runs';

export interface LockingRunStore extends RunStore {
  /** Lets go of the locks of runs still held (a run that ended without writing its last record). */
  release(): void;
}

export function runStore(db: ClvDb): LockingRunStore {
  const held = new Map<string, () => void>();
  const release = (id: string) => {
    held.get(id)?.();
    held.delete(id);
  };
  return {
    saveDataset: (dataset) => saveDataset(db, dataset),
    async putRun(run) {
      if (run.status === 'running' && !held.has(run.id)) held.set(run.id, await holdLock(runLockName(run.id)));
      try {
        await putRun(db, run);
      } finally {
        if (run.status !== 'running') release(run.id);
      }
    },
    async saveFinishedRun(run, result, model) {
      // On failure the lock stays held: the run then writes a record saying it failed.
      await saveFinishedRun(db, run, result, model);
      release(run.id);
    },
    getModel: (id) => getModel(db, id),
    release: () => [...held.keys()].forEach(release),
  };
}
