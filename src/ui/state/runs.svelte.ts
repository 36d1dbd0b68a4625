// The runs kept in this browser: list, open, rename, delete, compare two; storage used and available,
// and a request for persistent storage. Reads IndexedDB directly; the worker writes it. Other tabs are
// told when this one changes the runs, and their news reloads the list here (runs-channel.ts).
import { openClvDb, type ClvDb } from '../../lib/storage/db';
import { getDataset } from '../../lib/storage/datasets';
import { InterruptedRuns } from '../../lib/storage/interrupted';
import { CUT_SHORT, deleteRun, getResult, listRuns, renameRun } from '../../lib/storage/runs';
import { openRunsChannel } from '../../lib/storage/runs-channel';
import type { RunRecord } from '../../lib/pipeline/records';
import type { OpenRun } from './run.svelte';
import { ModelChecks } from './model-checks';

export interface StorageInfo {
  usedBytes: number | null;
  availableBytes: number | null;
  persisted: boolean;
}

/** Without Web Locks: runs started before this page loaded and still marked running were cut off by a reload or a close. */
const PAGE_LOADED = Date.now();
const CRASHED = 'The background worker stopped (a crash, or the tab ran out of memory) during this run; nothing of it was saved.';

export class RunsState {
  runs = $state.raw<RunRecord[]>([]);
  storage = $state.raw<StorageInfo>({ usedBytes: null, availableBytes: null, persisted: false });
  error = $state<string | null>(null);
  compare = $state.raw<string[]>([]);
  /** Saved models this version cannot use (written by an older one), by model id, with the reason. */
  refusedModels = $state.raw<Record<string, string>>({});
  private readonly modelChecks = new ModelChecks();
  private db: Promise<ClvDb> | null = null;
  /** From the start of a run of this page's worker to the worker's crash: runs created then were its own. */
  private readonly crashes: [number, number][] = [];
  private readonly interrupted = new InterruptedRuns(
    (run) => (this.crashes.some(([from, to]) => run.createdAt >= from && run.createdAt <= to) ? CRASHED : CUT_SHORT),
    () => void this.changed(),
  );
  private readonly channel = openRunsChannel(() => void this.refresh());

  private database(): Promise<ClvDb> {
    return (this.db ??= openClvDb());
  }

  /** `crashedRunStart`: this page's worker died during the run it started then, so that run has stopped. */
  async refresh(crashedRunStart: number | null = null): Promise<void> {
    // Before any await: the dead worker's lock may be let go any moment, and its run then gets the crash's message.
    if (crashedRunStart !== null) this.crashes.push([crashedRunStart, Date.now()]);
    try {
      const db = await this.database();
      await this.interrupted.sweep(db, crashedRunStart !== null ? Date.now() + 1 : PAGE_LOADED);
      this.runs = await listRuns(db);
      this.error = null;
      void this.checkModels();
    } catch (e) {
      this.error = `Saved runs cannot be read: ${(e as Error).message}`;
    }
    await this.estimate();
  }

  private async checkModels(): Promise<void> {
    const refused = await this.modelChecks.refused(this.runs);
    if (Object.keys(refused).length) this.refusedModels = { ...this.refusedModels, ...refused };
  }

  /** Tells the other tabs that this one changed the saved runs (a run started or ended here). */
  announce(): void {
    this.channel.announce();
  }

  /** After this page changed the saved runs: tells the other tabs and reloads the list. */
  async changed(crashedRunStart: number | null = null): Promise<void> {
    this.announce();
    await this.refresh(crashedRunStart);
  }

  async estimate(): Promise<void> {
    const s = navigator.storage;
    if (!s?.estimate) return;
    const [estimate, persisted] = await Promise.all([s.estimate(), s.persisted?.() ?? false]);
    this.storage = { usedBytes: estimate.usage ?? null, availableBytes: estimate.quota != null ? estimate.quota - (estimate.usage ?? 0) : null, persisted };
  }

  async persist(): Promise<void> {
    const granted = (await navigator.storage?.persist?.()) ?? false;
    this.storage = { ...this.storage, persisted: granted };
    if (!granted) this.error = 'The browser did not grant persistent storage; runs may be cleared if the disk runs low.';
  }

  async open(id: string): Promise<OpenRun | null> {
    const db = await this.database();
    const [run, result] = [this.runs.find((r) => r.id === id), await getResult(db, id)];
    if (!run || !result) {
      this.error = 'This run has no saved results.';
      return null;
    }
    return { run, result };
  }

  /** A run's dataset, for the dashboard's history views; null if it is no longer stored. */
  async dataset(id: string) {
    try {
      return (await getDataset(await this.database(), id))?.dataset ?? null;
    } catch {
      return null;
    }
  }

  async rename(id: string, name: string): Promise<void> {
    const trimmed = name.trim();
    if (!trimmed) return;
    await renameRun(await this.database(), id, trimmed);
    await this.changed();
  }

  async remove(id: string): Promise<void> {
    await deleteRun(await this.database(), id);
    this.compare = this.compare.filter((c) => c !== id);
    await this.changed();
  }

  /** Up to two runs side by side; a third replaces the oldest choice. */
  toggleCompare(id: string): void {
    this.compare = this.compare.includes(id) ? this.compare.filter((c) => c !== id) : [...this.compare, id].slice(-2);
  }
}
