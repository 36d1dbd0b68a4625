// The import report: every row read is accepted or rejected with a reason; counts per reason and the
// first examples (file, row, column, value) so a user can find and fix them.

export type RejectReason =
  | 'blank-row'
  | 'repeated-header'
  | 'missing-column'
  | 'missing-id'
  | 'missing-date'
  | 'unparseable-date'
  | 'date-out-of-range'
  | 'missing-amount'
  | 'non-numeric-amount'
  | 'non-finite-amount'
  | 'return-excluded';

export const REASON_LABELS: Record<RejectReason, string> = {
  'blank-row': 'blank row',
  'repeated-header': 'header line repeated inside the data',
  'missing-column': 'row has too few columns',
  'missing-id': 'missing customer id',
  'missing-date': 'missing date',
  'unparseable-date': 'unparseable date',
  'date-out-of-range': 'date outside 1950-01-01 … 2099-12-31',
  'missing-amount': 'missing amount',
  'non-numeric-amount': 'non-numeric amount',
  'non-finite-amount': 'amount is infinite or too large',
  'return-excluded': 'return or cancellation excluded by the returns policy',
};

export interface RejectExample {
  file: string;
  /** 1-based record number in the file, the header line included (what a spreadsheet shows). */
  row: number;
  column: string;
  value: string;
}

export interface ReasonCount {
  reason: RejectReason;
  label: string;
  count: number;
  examples: RejectExample[];
}

export interface FileReport {
  name: string;
  bytes: number;
  rowsRead: number;
  rowsAccepted: number;
  encoding: string;
  /** Set when invalid UTF-8 was met after the start and the rest was read as Latin-1. */
  latin1FallbackAtByte: number | null;
}

export interface ImportReport {
  files: FileReport[];
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  rejected: ReasonCount[];
  returns: { policy: string; rows: number; daysDropped: number };
  /** Rows that are not purchases by a rule of the import (a status, an order's line items), with how many; absent in reports saved before. */
  leftOut?: { rule: string; rows: number }[];
  warnings: string[];
}

const MAX_EXAMPLES = 5;
const MAX_VALUE_CHARS = 80;

export class ReportBuilder {
  private readonly counts = new Map<RejectReason, ReasonCount>();
  rejectedTotal = 0;

  reject(reason: RejectReason, file: string, row: number, column: string, value: string): void {
    this.rejectedTotal++;
    let entry = this.counts.get(reason);
    if (!entry) {
      entry = { reason, label: REASON_LABELS[reason], count: 0, examples: [] };
      this.counts.set(reason, entry);
    }
    entry.count++;
    if (entry.examples.length < MAX_EXAMPLES) {
      const shown = value.length > MAX_VALUE_CHARS ? value.slice(0, MAX_VALUE_CHARS) + '…' : value;
      entry.examples.push({ file, row, column, value: shown });
    }
  }

  reasons(): ReasonCount[] {
    return [...this.counts.values()].sort((a, b) => b.count - a.count);
  }
}

/** One line per reason, e.g. `unparseable date: 3 (first: sales.csv row 7, column "Date", value "31/02/2020")`. */
export function describeReason(r: ReasonCount): string {
  const e = r.examples[0];
  const first = e ? ` (first: ${e.file} row ${e.row}, column "${e.column}", value "${e.value}")` : '';
  return `${r.label}: ${r.count}${first}`;
}
