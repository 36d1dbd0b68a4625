// The import options a user sees and may override; produced by inspection, consumed by the importer.
import { customerColumns, type ColumnMapping } from './columns';
import type { ReturnsPolicy } from './dataset';
import type { DateFormatId } from './dates';
import type { TextEncodingId } from './encoding';
import { ImportError } from './errors';
import type { DecimalSeparator } from './numbers';
import type { RowFilter } from './platforms';
import type { Delimiter, QuoteChar } from './records';

export interface ImportOptions {
  encoding: TextEncodingId | 'auto';
  delimiter: Delimiter;
  quote: QuoteChar;
  hasHeader: boolean;
  /** Positions in the first file; later files with a header are matched by column name. -1 = not chosen. */
  mapping: ColumnMapping;
  dateFormat: DateFormatId;
  decimal: DecimalSeparator;
  returns: ReturnsPolicy;
  /** Rows that are not purchases (a status such as failed or voided): left out, and counted. */
  exclude?: RowFilter[];
  /** The sheet of an Excel workbook to read; the first when left out. */
  sheet?: string;
}

export const UNSET = -1;

/** Options are complete enough to import; throws a message that says what to choose. */
export function checkOptions(options: ImportOptions): void {
  const { mapping } = options;
  const hint = 'If the file shows a single column, check the delimiter; if a title line comes before the header, remove it.';
  if (mapping.customer === UNSET) throw new ImportError('bad-option', `Choose the column that holds the customer id: no column was recognised as one. ${hint}`);
  if (mapping.date === UNSET) throw new ImportError('bad-option', `Choose the column that holds the purchase date: no column was recognised as dates. ${hint}`);
  const used = [mapping.customer, mapping.date];
  if (mapping.amount.kind === 'column') used.push(mapping.amount.column);
  if (mapping.amount.kind === 'product') used.push(...mapping.amount.columns);
  if (mapping.refund != null) used.push(mapping.refund);
  if (new Set(used).size !== used.length) throw new ImportError('bad-option', 'The customer id, date, amount and refund must be different columns.');
  const extra = customerColumns(mapping);
  if (extra.some((c) => used.includes(c)) || new Set(extra).size !== extra.length) throw new ImportError('bad-option', 'An attribute or the e-mail column must be a column of its own: not the customer id, date, amount or refund, and each chosen once.');
}
