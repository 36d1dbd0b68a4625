// Imported datasets in IndexedDB: the columnar data and its import report.
import type { ClvDb } from './db';
import { storageError } from './db';
import type { StoredDataset } from './schema';

export async function saveDataset(db: ClvDb, record: StoredDataset): Promise<void> {
  try {
    await db.put('datasets', record);
  } catch (e) {
    throw storageError(`the dataset "${record.name}"`, e);
  }
}

export const getDataset = (db: ClvDb, id: string) => db.get('datasets', id);

/** Datasets without metadata heavy enough to matter: for pickers. */
export async function listDatasets(db: ClvDb): Promise<Omit<StoredDataset, 'dataset' | 'report'>[]> {
  const all = await db.getAll('datasets');
  return all.map(({ id, name, createdAt, fingerprint }) => ({ id, name, createdAt, fingerprint }));
}
