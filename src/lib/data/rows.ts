// Validates one record against the column mapping: accepted rows go to the dataset builder,
// rejected ones to the report with the reason, the column and the value; rows that are not purchases
// (a status the options exclude, the further line items of an order) are left out and counted.
// This is the hot loop.
import type { ColumnMapping } from './columns';
import type { DatasetBuilder, ReturnsPolicy } from './dataset';
import { MAX_DAY, MIN_DAY, parseDate, type DateFormatId } from './dates';
import { parseAmount, type DecimalSeparator } from './numbers';
import type { RowFilter } from './platforms';
import { isBlank } from './records';
import type { RejectReason, ReportBuilder } from './report';

export interface RowRules {
  mapping: ColumnMapping;
  dateFormat: DateFormatId;
  decimal: DecimalSeparator;
  returns: ReturnsPolicy;
  exclude?: RowFilter[];
}

export interface RowCounters {
  accepted: number;
  returns: number;
  /** Rows left out by each of the rules' filters, in order. */
  excluded: number[];
  /** Rows after an order's first with the same order id and no amount: line items of that order. */
  lineItems: number;
}

/** Invoice numbers of cancellations in the UCI Online Retail layout: C and digits. */
const CANCELLATION = /^\s*C\d+\s*$/i;

/** Returns a function that files one record, numbered `row` in `file`, as accepted or rejected. */
export function createRowReader(
  rules: RowRules,
  labels: string[],
  header: string[] | null,
  builder: DatasetBuilder,
  report: ReportBuilder,
  counters: RowCounters,
): (record: string[], file: string, row: number) => void {
  const { mapping, dateFormat, decimal, returns } = rules;
  const amountColumns = mapping.amount.kind === 'column' ? [mapping.amount.column] : mapping.amount.kind === 'product' ? mapping.amount.columns : [];
  const refund = mapping.refund ?? null;
  const order = mapping.orderId;
  const needed = Math.max(mapping.customer, mapping.date, order ?? -1, refund ?? -1, ...amountColumns) + 1;
  const headerKey = header?.join('\u0001');
  const filters = (rules.exclude ?? []).map((f) => ({ column: f.column, values: new Set(f.values.map((v) => v.trim().toLowerCase())) }));
  counters.excluded = filters.map((_, i) => counters.excluded[i] ?? 0);
  let lastOrder: string | null = null;
  // The row being read, for reject(): a closure made per row cost a tenth of the import.
  let [file, row] = ['', 0];
  const reject = (reason: RejectReason, column: number, value: string) => report.reject(reason, file, row, labels[column] ?? `Column ${column + 1}`, value);

  return (record, fileName, rowNumber) => {
    file = fileName;
    row = rowNumber;
    if (record.length < needed) {
      if (isBlank(record)) return reject('blank-row', 0, '');
      return reject('missing-column', record.length, record.join(' ').slice(0, 80));
    }
    for (let f = 0; f < filters.length; f++) {
      const value = record[filters[f].column];
      if (value !== undefined && filters[f].values.has(value.trim().toLowerCase())) return void counters.excluded[f]++;
    }
    // Exports that spread an order over rows give its amount (and often its date) on the first only.
    if (order !== null && lastOrder !== null && amountColumns.length > 0 && record[amountColumns[0]].trim() === '' && record[order].trim() === lastOrder) return void counters.lineItems++;
    const id = record[mapping.customer].trim();
    if (id === '') return reject('missing-id', mapping.customer, '');
    const dateText = record[mapping.date];
    const day = parseDate(dateText, dateFormat);
    if (Number.isNaN(day)) {
      if (headerKey !== undefined && record.join('\u0001') === headerKey) return reject('repeated-header', mapping.customer, id);
      return reject(dateText.trim() === '' ? 'missing-date' : 'unparseable-date', mapping.date, dateText);
    }
    if (day < MIN_DAY || day > MAX_DAY) return reject('date-out-of-range', mapping.date, dateText);
    let amount = NaN;
    if (amountColumns.length > 0) {
      amount = 1;
      for (const c of amountColumns) {
        const text = record[c];
        const value = parseAmount(text, decimal);
        if (Number.isNaN(value)) return reject(text.trim() === '' ? 'missing-amount' : 'non-numeric-amount', c, text);
        amount *= value;
      }
      if (refund !== null && record[refund].trim() !== '') {
        const refunded = parseAmount(record[refund], decimal);
        if (Number.isNaN(refunded)) return reject('non-numeric-amount', refund, record[refund]);
        amount -= Math.abs(refunded);
      }
      if (!Number.isFinite(amount) || Math.abs(amount) > 1e15) return reject('non-finite-amount', amountColumns[amountColumns.length - 1], String(amount));
      const cancelled = order !== null && CANCELLATION.test(record[order]);
      if (cancelled && amount > 0) amount = -amount;
      if (amount < 0) {
        counters.returns++;
        if (returns === 'exclude') return reject('return-excluded', cancelled ? order! : amountColumns[0], cancelled ? record[order!] : String(amount));
      }
    }
    if (order !== null) lastOrder = record[order].trim();
    counters.accepted++;
    builder.add(id, day, amount);
  };
}
