// A database of the app as a JSON file (tests/fixtures/*-db.json), and back into a page's IndexedDB.
// Typed arrays and ArrayBuffers (datasets, predictions, model weights) are written as base64 with their
// type, as { "$bytes": "Float64Array", "base64": "…" }.
import type { Page } from 'playwright-core';

export interface DbExport {
  database: string;
  /** The IndexedDB version (storage/schema.ts) the records were written at. */
  version: number;
  /** How the export was made. */
  note: string;
  stores: Record<string, unknown[]>;
}

export function encodeExport(data: DbExport): string {
  return JSON.stringify(data, (_key, value) => {
    if (value instanceof ArrayBuffer) return { $bytes: 'ArrayBuffer', base64: Buffer.from(value).toString('base64') };
    if (ArrayBuffer.isView(value)) return { $bytes: value.constructor.name, base64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
    return value;
  });
}

/** Writes every record of the export into the page's database, which the app has already opened (and so created). */
export function loadExport(page: Page, json: string): Promise<void> {
  return page.evaluate(async (text) => {
    const data = JSON.parse(text, (_key, value) => {
      if (!value || typeof value.$bytes !== 'string') return value;
      const bytes = Uint8Array.from(atob(value.base64), (c) => c.charCodeAt(0));
      if (value.$bytes === 'ArrayBuffer') return bytes.buffer;
      const View = (globalThis as unknown as Record<string, new (b: ArrayBuffer) => unknown>)[value.$bytes];
      return new View(bytes.buffer);
    }) as { database: string; version: number; stores: Record<string, unknown[]> };
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(data.database);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    if (db.version < data.version) throw new Error(`The page's database is at version ${db.version}, the export at ${data.version}.`);
    const names = Object.keys(data.stores);
    const tx = db.transaction(names, 'readwrite');
    for (const name of names) for (const record of data.stores[name]) tx.objectStore(name).put(record);
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, json);
}
