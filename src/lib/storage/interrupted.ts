// Which runs still marked running were cut short. With Web Locks, each one is waited for: the worker
// that trains a run, in whatever tab, holds the run's lock until it has written the run's last record
// (locks.ts, run-store.ts), so once the lock is free a record still marked running means its owner is
// gone (the tab was closed or reloaded, or its worker crashed), while a run another tab is still
// training is left alone. Reading and marking happen holding the lock, so they never overlap the
// owner's save. Without Web Locks, a run started before this page loaded is taken for cut short.
import type { RunRecord } from '../pipeline/records';
import type { ClvDb } from './db';
import { hasLocks, runLockName, whenFree } from './locks';
import { markInterrupted, markRunInterrupted, type CutShortMessage } from './runs';

export class InterruptedRuns {
  private readonly watching = new Set<string>();

  constructor(
    private readonly message: CutShortMessage,
    /** Called after a run has been marked. */
    private readonly onMarked: () => void,
  ) {}

  /** Marks, or starts waiting on, every run still marked running; `startedBefore` is the rule without Web Locks. */
  async sweep(db: ClvDb, startedBefore: number): Promise<void> {
    if (!hasLocks()) {
      if ((await markInterrupted(db, startedBefore, this.message)) > 0) this.onMarked();
      return;
    }
    for (const run of await db.getAll('runs')) if (run.status === 'running') this.watch(db, run);
  }

  private watch(db: ClvDb, run: RunRecord): void {
    if (this.watching.has(run.id)) return;
    this.watching.add(run.id);
    whenFree(runLockName(run.id), () => markRunInterrupted(db, run.id, this.message))
      .then((marked) => marked && this.onMarked())
      .catch((e) => console.warn(`Run ${run.id} could not be checked: ${(e as Error).message}`))
      .finally(() => this.watching.delete(run.id));
  }
}
