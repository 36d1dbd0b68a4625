// Opens our IndexedDB database (running the migrations it needs) and turns storage failures into
// errors that tell the user what happened and that nothing saved before was lost.
import { openDB, type IDBPDatabase } from 'idb';
import { DB_NAME, DB_VERSION, MIGRATIONS, type ClvSchema } from './schema';

export type ClvDb = IDBPDatabase<ClvSchema>;

export class StorageError extends Error {
  override name = 'StorageError';
  constructor(
    message: string,
    readonly quota: boolean,
  ) {
    super(message);
  }
}

/** `version` is for tests that write a database as an older version of the app did. */
export function openClvDb(version = DB_VERSION, name = DB_NAME): Promise<ClvDb> {
  return openDB<ClvSchema>(name, version, {
    upgrade(db, oldVersion, newVersion, tx) {
      for (let v = oldVersion; v < (newVersion ?? version); v++) MIGRATIONS[v](db, tx);
    },
    blocking(_current, _next, event) {
      // Another tab opened a newer version: let it upgrade rather than block it.
      (event.target as IDBDatabase).close();
    },
  });
}

const isQuota = (e: unknown) => (e as Error)?.name === 'QuotaExceededError' || /quota/i.test((e as Error)?.message ?? '');

/** Wraps a failed write: a quota error gets its own message; both say earlier data is intact. */
export function storageError(what: string, e: unknown): StorageError {
  if (isQuota(e)) {
    return new StorageError(`The browser's storage for this site is full, so ${what} could not be saved. Runs saved before are intact; delete old runs to make room.`, true);
  }
  return new StorageError(`${what[0].toUpperCase()}${what.slice(1)} could not be saved (${(e as Error)?.message ?? e}). Runs saved before are intact.`, false);
}
