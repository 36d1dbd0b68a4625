// Errors that end an import as a whole (as opposed to rejected rows, which go into the report).

export type ImportErrorCode =
  | 'empty'
  | 'binary'
  | 'bad-gzip'
  | 'bad-parquet'
  | 'bad-xlsx'
  | 'not-tabular'
  | 'no-columns'
  | 'record-too-long'
  | 'unterminated-quote'
  | 'missing-column'
  | 'no-valid-rows'
  | 'too-large'
  | 'http-status'
  | 'http-cors'
  | 'http-network'
  | 'http-content-type'
  | 'json-shape'
  | 'bad-option';

/** An import that cannot go on; `message` is written for the user and names the file, row, column or value. */
export class ImportError extends Error {
  override name = 'ImportError';
  constructor(
    readonly code: ImportErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Thrown when the caller's AbortSignal fires; carries the DOM name so callers can tell it from failures. */
export class AbortedError extends Error {
  override name = 'AbortError';
  constructor() {
    super('The import was cancelled.');
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortedError();
}
