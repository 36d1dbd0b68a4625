// Validates one record against the column mapping: accepted rows go to the dataset builder,
// rejected ones to the report with the reason, the column and the value. This is the hot loop.
import type { ColumnMapping } from './columns';
import type { DatasetBuilder, ReturnsPolicy } from './dataset';
import { MAX_DAY, MIN_DAY, parseDate, type DateFormatId } from './dates';
import { parseAmount, type DecimalSeparator } from './numbers';
import { isBlank } from './records';
import type { RejectReason, ReportBuilder } from './report';

export interface RowRules {
  mapping: ColumnMapping;
  dateFormat: DateFormatId;
  decimal: DecimalSeparator;
  returns: ReturnsPolicy;
}

export interface RowCounters {
  accepted: number;
  returns: number;
}

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
  const needed = Math.max(mapping.customer, mapping.date, mapping.orderId ?? -1, ...amountColumns) + 1;
  const headerKey = header?.join('\u0001');

  return (record, file, row) => {
    const reject = (reason: RejectReason, column: number, value: string) => report.reject(reason, file, row, labels[column] ?? `Column ${column + 1}`, value);
    if (record.length < needed) {
      if (isBlank(record)) return reject('blank-row', 0, '');
      return reject('missing-column', record.length, record.join(' ').slice(0, 80));
    }
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
      if (!Number.isFinite(amount) || Math.abs(amount) > 1e15) return reject('non-finite-amount', amountColumns[amountColumns.length - 1], String(amount));
      const cancelled = mapping.orderId !== null && /^\s*c/i.test(record[mapping.orderId]);
      if (cancelled && amount > 0) amount = -amount;
      if (amount < 0) {
        counters.returns++;
        if (returns === 'exclude') return reject('return-excluded', cancelled ? mapping.orderId! : amountColumns[0], cancelled ? record[mapping.orderId!] : String(amount));
      }
    }
    counters.accepted++;
    builder.add(id, day, amount);
  };
}
