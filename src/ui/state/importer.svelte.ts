// Import state for the page: the chosen sources, the inspection of the first, the user's overrides,
// progress and the resulting dataset. All work runs in the worker; the latest inspection wins.
import type { EndpointRequest } from '../../lib/data/http';
import type { Inspection } from '../../lib/data/inspect';
import type { ImportOptions } from '../../lib/data/options';
import { formatFromName, type ImportSource } from '../../lib/data/sources';
import type { ImportedDataset } from '../../worker/protocol';
import { workerClient } from './worker';

export type ImportPhase = 'empty' | 'loading' | 'review' | 'importing' | 'done';

export interface ProgressView {
  label: string;
  fraction: number | null;
  rows: number | null;
  bytesDone: number;
  bytesTotal: number | null;
}

const DIALECT_KEYS = ['encoding', 'delimiter', 'quote', 'hasHeader', 'sheet'] as const;

const isAbort = (e: unknown) => (e as Error)?.name === 'AbortError';

export class ImportState {
  phase = $state<ImportPhase>('empty');
  sources = $state.raw<ImportSource[]>([]);
  inspection = $state.raw<Inspection | null>(null);
  progress = $state.raw<ProgressView | null>(null);
  result = $state.raw<ImportedDataset | null>(null);
  error = $state<string | null>(null);
  /** Why the last file of customer attributes could not be joined. */
  attributesError = $state<string | null>(null);
  private overrides: Partial<ImportOptions> = {};
  private controller: AbortController | null = null;
  private inspectSeq = 0;

  /** Files dropped or picked; they append to the sources already chosen. */
  async addFiles(files: File[]): Promise<void> {
    if (files.length === 0) return;
    const added = files.map((f) => ({ name: f.name, blob: f as Blob, format: formatFromName(f.name) }));
    await this.setSources([...(this.phase === 'review' ? this.sources : []), ...added]);
  }

  async loadSample(fileName: string): Promise<void> {
    await this.guard('Loading the sample…', async () => {
      const response = await fetch(`./samples/${fileName}`);
      if (!response.ok) throw new Error(`The sample ${fileName} could not be loaded (${response.status}).`);
      return [{ name: fileName, blob: await response.blob(), format: 'csv' as const }];
    });
  }

  async loadEndpoint(endpoint: EndpointRequest): Promise<void> {
    await this.guard('Downloading…', async (signal) => {
      const source = await workerClient.run('download', { endpoint }, {
        signal,
        onProgress: (p) => (this.progress = { label: 'Downloading…', fraction: p.bytesTotal ? p.bytesDone / p.bytesTotal : null, rows: null, bytesDone: p.bytesDone, bytesTotal: p.bytesTotal }),
      });
      return [source];
    });
  }

  removeSource(index: number): void {
    const rest = this.sources.filter((_, i) => i !== index);
    if (rest.length === 0) this.reset();
    else void this.setSources(rest, false);
  }

  /** A user's choice; choices that change the columns drop the column and format choices made on top of them. */
  async change(patch: Partial<ImportOptions>): Promise<void> {
    let next = { ...this.overrides, ...patch };
    if (DIALECT_KEYS.some((k) => k in patch)) {
      const { mapping: _m, dateFormat: _d, decimal: _x, exclude: _e, ...rest } = next;
      next = rest;
    } else if ('mapping' in patch) {
      const { dateFormat: _d, decimal: _x, ...rest } = next;
      next = rest;
    }
    this.overrides = next;
    await this.inspect();
  }

  async start(): Promise<void> {
    const options = this.inspection?.options;
    if (!options) return;
    this.controller = new AbortController();
    this.phase = 'importing';
    this.error = null;
    this.progress = { label: 'Reading rows…', fraction: 0, rows: 0, bytesDone: 0, bytesTotal: this.totalBytes };
    try {
      this.result = await workerClient.run('import', { sources: this.sources, options }, {
        signal: this.controller.signal,
        onProgress: (p) => (this.progress = { label: `Reading ${p.file}…`, fraction: p.bytesTotal ? p.bytesDone / p.bytesTotal : null, rows: p.rows, bytesDone: p.bytesDone, bytesTotal: p.bytesTotal }),
      });
      this.phase = 'done';
    } catch (e) {
      this.phase = 'review';
      this.error = isAbort(e) ? 'Import cancelled. Nothing was changed.' : (e as Error).message;
    } finally {
      this.progress = null;
      this.controller = null;
    }
  }

  /** Joins a file of one row per customer to the imported dataset (null removes the file's attributes). */
  async setAttributes(file: File | null): Promise<void> {
    const result = this.result;
    if (!result) return;
    this.attributesError = null;
    try {
      const source = file && { name: file.name, blob: file as Blob, format: 'csv' as const };
      const joined = await workerClient.run('attributes', { datasetId: result.datasetId, source });
      if (this.result === result) this.result = joined;
    } catch (e) {
      this.attributesError = (e as Error).message;
    }
  }

  cancel(): void {
    this.controller?.abort();
  }

  /** Loads a saved run's dataset into the worker, as if it had just been imported. */
  async reopen(datasetId: string): Promise<void> {
    this.reset();
    try {
      this.result = await workerClient.run('open-dataset', { datasetId });
      this.phase = 'done';
    } catch (e) {
      this.error = (e as Error).message;
    }
  }

  reset(): void {
    this.cancel();
    this.phase = 'empty';
    this.sources = [];
    this.inspection = null;
    this.result = null;
    this.error = null;
    this.attributesError = null;
    this.overrides = {};
  }

  get totalBytes(): number {
    return this.sources.reduce((s, x) => s + x.blob.size, 0);
  }

  private async guard(label: string, load: (signal: AbortSignal) => Promise<ImportSource[]>): Promise<void> {
    this.controller = new AbortController();
    this.phase = 'loading';
    this.error = null;
    this.progress = { label, fraction: null, rows: null, bytesDone: 0, bytesTotal: null };
    try {
      const sources = await load(this.controller.signal);
      this.progress = null;
      await this.setSources(sources);
    } catch (e) {
      this.phase = this.sources.length ? 'review' : 'empty';
      this.error = isAbort(e) ? 'Cancelled.' : (e as Error).message;
    } finally {
      this.progress = null;
      this.controller = null;
    }
  }

  private async setSources(sources: ImportSource[], fresh = true): Promise<void> {
    this.sources = sources;
    this.result = null;
    if (fresh) this.overrides = {};
    await this.inspect();
  }

  private async inspect(): Promise<void> {
    const seq = ++this.inspectSeq;
    this.error = null;
    try {
      const inspection = await workerClient.run('inspect', { source: this.sources[0], overrides: this.overrides });
      if (seq !== this.inspectSeq) return;
      this.inspection = inspection;
      this.phase = 'review';
    } catch (e) {
      if (seq !== this.inspectSeq) return;
      this.inspection = null;
      this.phase = this.sources.length ? 'review' : 'empty';
      this.error = (e as Error).message;
    }
  }
}
