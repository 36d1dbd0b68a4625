// Will an import fit in the memory a browser tab can use? Estimated from the files' size (the import
// peaks at about 4x the file in JavaScript memory, benchmarked; training needs a little more), so a
// file too large is stopped with a message before the tab runs out of memory and dies.
import { ImportError } from './errors';

/** Peak memory of an import and the run after it, per byte of file. */
export const MEMORY_PER_FILE_BYTE = 5;
/** What a tab can use at most (Chromium's 64-bit heap limit is about 4 GB). */
const TAB_LIMIT_BYTES = 4 * 1024 ** 3;

/** The memory this tab can safely use: half the device's memory when the browser says it, at most 4 GB. */
export function memoryBudgetBytes(deviceMemoryGb: number | undefined): number {
  return deviceMemoryGb ? Math.min(TAB_LIMIT_BYTES, (deviceMemoryGb * 1024 ** 3) / 2) : TAB_LIMIT_BYTES;
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 ** 2).toLocaleString('en-US')} MB`;

export function checkFitsInMemory(totalBytes: number, budgetBytes: number): void {
  const needed = totalBytes * MEMORY_PER_FILE_BYTE;
  if (needed <= budgetBytes) return;
  throw new ImportError(
    'too-large',
    `These files (${mb(totalBytes)}) would need about ${mb(needed)} of memory, more than this tab can safely use (about ${mb(budgetBytes)}). ` +
      'Import a customer-day file instead: one row per customer and day, with its amount (the README\'s "Customer-day files" gives the SQL that makes one from raw orders, in DuckDB or any SQL database); or split the data (by year, say), or use a computer with more memory.',
  );
}
