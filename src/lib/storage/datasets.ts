// Imported datasets in IndexedDB: the columnar data and its import report.
import { storageError, type ClvDb } from './db';
import type { StoredDataset } from '../pipeline/records';

export async function saveDataset(db: ClvDb, record: StoredDataset): Promise<void> {
  try {
    await db.put('datasets', record);
  } catch (e) {
    throw storageError(`the dataset "${record.name}"`, e);
  }
}

export const getDataset = (db: ClvDb, id: string) => db.get('datasets', id);
