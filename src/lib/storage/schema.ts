// The versioned IndexedDB schema that holds the pipeline's records (pipeline/records.ts). Each migration
// upgrades the database from one version to the next; a database written by any older version opens in this one.
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { RunRecord, RunResult, StoredDataset, StoredModel } from '../pipeline/records';

export const DB_NAME = 'clv-prediction';

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
