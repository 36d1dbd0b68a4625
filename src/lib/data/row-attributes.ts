// Customer attributes and e-mail addresses from columns of the transactions file (UCI Online Retail's
// Country, a Stripe export's Customer Email): read in a second pass over the rows, keeping for every
// customer of the dataset each column's value on their latest dated row (the later row on the same
// day); a blank cell is no value. Counts the customers whose value changed from row to row, and those
// with none, for the report.
import { attributeColumn, type CustomerAttributes } from './attributes';
import { parseDate, type DateFormatId } from './dates';

/** Where a file's row holds what is read: positions in its records. */
export interface RowPositions {
  customer: number;
  date: number;
  /** The columns read, in the order of the names given to LatestValues. */
  columns: number[];
}

export class LatestValues {
  /** [column][customer]: the latest value, its day, whether it ever changed. */
  private readonly values: string[][];
  private readonly days: Float64Array[];
  private readonly changed: Uint8Array[];

  constructor(
    private readonly index: Map<string, number>,
    private readonly names: string[],
    private readonly dateFormat: DateFormatId,
  ) {
    const n = index.size;
    this.values = names.map(() => new Array<string>(n).fill(''));
    this.days = names.map(() => new Float64Array(n).fill(-Infinity));
    this.changed = names.map(() => new Uint8Array(n));
  }

  /** Takes one record; rows of ids that are not customers of the dataset, or with no date, are passed over. */
  read(record: string[], at: RowPositions): void {
    const c = this.index.get(record[at.customer]?.trim() ?? '');
    if (c === undefined) return;
    const day = parseDate(record[at.date] ?? '', this.dateFormat);
    if (Number.isNaN(day)) return;
    for (let k = 0; k < at.columns.length; k++) {
      const value = record[at.columns[k]]?.trim() ?? '';
      if (value === '' || day < this.days[k][c]) continue;
      const before = this.values[k][c];
      if (before !== '' && before !== value) this.changed[k][c] = 1;
      this.values[k][c] = value;
      this.days[k][c] = day;
    }
  }

  /** The first `attributes` names as attributes; a further column, when `withEmail`, as e-mail addresses. */
  finish(attributes: number, withEmail: boolean): { attributes?: CustomerAttributes; emails?: string[] } {
    const count = (a: Uint8Array) => a.reduce((s, x) => s + x, 0);
    const own = this.names.slice(0, attributes);
    return {
      ...(own.length
        ? {
            attributes: {
              columns: own.map((name, k) => ({ ...attributeColumn(name, this.values[k]), from: 'transactions' as const })),
              rows: { missing: own.map((_, k) => this.values[k].filter((v) => v === '').length), changed: own.map((_, k) => count(this.changed[k])) },
            },
          }
        : {}),
      ...(withEmail ? { emails: this.values[attributes] } : {}),
    };
  }
}
