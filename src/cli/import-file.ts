// Imports a file for the command line, with the same detection as the app and optional column choices:
// header names, or 1-based positions with --no-header; the amount may be "Quantity*Price"; columns read
// as customer attributes (each customer's latest value).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { AmountSpec, ColumnMapping } from '../lib/data/columns';
import { ImportError } from '../lib/data/errors';
import { importSources, type ImportResult } from '../lib/data/importer';
import { formatFromName } from '../lib/data/sources';
import { inspectSource } from '../lib/data/inspect';

export interface ColumnChoices {
  customer?: string;
  date?: string;
  amount?: string;
  /** Columns read as customer attributes. */
  attributes?: string[];
  noHeader?: boolean;
}

function resolver(labels: string[], byPosition: boolean) {
  return (option: string, value: string): number => {
    if (byPosition) {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > labels.length) throw new ImportError('bad-option', `--${option} ${value}: with --no-header give a column number from 1 to ${labels.length}.`);
      return n - 1;
    }
    const i = labels.findIndex((l) => l === value.trim());
    if (i < 0) throw new ImportError('bad-option', `--${option} "${value}": no such column; the columns are ${labels.map((l) => `"${l}"`).join(', ')}.`);
    return i;
  };
}

export async function importFile(path: string, choices: ColumnChoices, onProgress?: (fraction: number) => void): Promise<ImportResult> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new ImportError('bad-option', `Cannot read --input ${path}.`);
  }
  const source = { name: basename(path), blob: new Blob([bytes as Uint8Array<ArrayBuffer>]), format: formatFromName(path) };
  const inspection = await inspectSource(source, choices.noHeader ? { hasHeader: false } : {});
  const find = resolver(inspection.labels, Boolean(choices.noHeader));
  const mapping: ColumnMapping = { ...inspection.options.mapping };
  if (choices.customer) mapping.customer = find('customer', choices.customer);
  if (choices.date) mapping.date = find('date', choices.date);
  if (choices.amount) {
    const parts = choices.amount.split('*');
    const amount: AmountSpec = parts.length === 2 ? { kind: 'product', columns: [find('amount', parts[0]), find('amount', parts[1])] } : { kind: 'column', column: find('amount', choices.amount) };
    mapping.amount = amount;
  }
  if (choices.attributes?.length) mapping.attributes = choices.attributes.map((name) => find('attribute', name));
  const changed = choices.customer || choices.date || choices.amount || choices.attributes?.length;
  const options = changed ? (await inspectSource(source, { ...(choices.noHeader ? { hasHeader: false } : {}), mapping })).options : inspection.options;
  return importSources([source], options, { onProgress: (p) => onProgress?.(p.bytesDone / p.bytesTotal) });
}
