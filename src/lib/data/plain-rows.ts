// The import's fast paths, for the commonest files, mapped plainly (customer, an ISO day, one amount
// column or none; no order id, refund or row filter; '.' decimals). Delimited text without quotes:
// each line is read in place, from its character codes, and only the customer id becomes a string.
// Parquet: typed cells (a string or integer id, a date, a non-negative number) go straight in. A row
// it cannot read plainly (spaces around a field, a time of day, a negative, signed or long amount,
// too few fields, a blank line) is left to the row reader (rows.ts), so that what is accepted,
// rejected and reported stays exactly the same.
import type { DatasetBuilder } from './dataset';
import { civilFromDay, dayFromCivil, daysInMonth } from './calendar';
import { isoDayAt, MAX_DAY, MIN_DAY } from './dates';
import type { ImportOptions } from './options';
import type { RowCounters } from './rows';

/** Reads text[start, end) (one line) into the builder; false when the line needs the row reader. */
export type PlainLineReader = (text: string, start: number, end: number) => boolean;

/** Powers of ten that are exact doubles: digits / 10^k is then correctly rounded, as Number() is. */
const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);
const MAX_DIGITS = 15;

/** Printable ASCII other than space: a field that starts and ends with one is unchanged by trim(). */
const solid = (code: number) => code > 32 && code < 127;

/** YYYY-MM-DD exactly, in the range the row reader accepts; NaN otherwise. */
function isoDay(text: string, start: number, end: number): number {
  const day = isoDayAt(text, start, end);
  return day >= MIN_DAY && day <= MAX_DAY ? day : NaN;
}

/** Digits, optionally a point and digits, at most 15 digits in all; NaN otherwise. */
function plainAmount(text: string, start: number, end: number): number {
  let mantissa = 0;
  let count = 0;
  let scale = 0;
  let point = -1;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 46 && point < 0 && i > start && i < end - 1) {
      point = i;
      continue;
    }
    const d = code - 48;
    if (d < 0 || d > 9 || ++count > MAX_DIGITS) return NaN;
    mantissa = mantissa * 10 + d;
    if (point >= 0) scale++;
  }
  return count === 0 ? NaN : mantissa / POW10[scale];
}

/** Options plain enough for the fast paths: the amount column (-1 for none), or null. */
function plainAmountColumn(o: ImportOptions): number | null {
  const { mapping } = o;
  const plain = o.dateFormat === 'ymd' && o.decimal === '.' && mapping.orderId === null && mapping.refund == null && !o.exclude?.length && mapping.amount.kind !== 'product';
  return !plain ? null : mapping.amount.kind === 'column' ? mapping.amount.column : -1;
}

/** The fast reader of text lines for these options, or null when they are not plain enough for it. */
export function createPlainReader(o: ImportOptions, builder: DatasetBuilder, counters: RowCounters): PlainLineReader | null {
  const amountColumn = plainAmountColumn(o);
  if (amountColumn === null || o.delimiter === 'whitespace') return null;
  const delimiter = o.delimiter;
  const { customer, date } = o.mapping;
  const last = Math.max(customer, date, amountColumn);
  const from = new Int32Array(last + 1);
  const to = new Int32Array(last + 1);
  return (text, start, end) => {
    let pos = start;
    for (let k = 0; k <= last; k++) {
      let e = text.indexOf(delimiter, pos);
      if (e < 0 || e > end) e = end;
      if (e === end && k < last) return false;
      from[k] = pos;
      to[k] = e;
      pos = e + 1;
    }
    const s = from[customer];
    const e = to[customer];
    if (e === s || !solid(text.charCodeAt(s)) || !solid(text.charCodeAt(e - 1))) return false;
    const day = isoDay(text, from[date], to[date]);
    if (Number.isNaN(day)) return false;
    const amount = amountColumn < 0 ? NaN : plainAmount(text, from[amountColumn], to[amountColumn]);
    if (amountColumn >= 0 && Number.isNaN(amount)) return false;
    counters.accepted++;
    builder.addFrom(text, s, e, day, amount);
    return true;
  };
}

/**
 * Reads the lines of bytes[start, end) (plain ASCII, each ending with a newline, no carriage return)
 * into the builder; hands each line it cannot read plainly, as [lineStart, lineEnd) and its index
 * among these lines, to `slow`. Returns the number of lines.
 */
export type PlainBytesReader = (bytes: Uint8Array, start: number, end: number, slow: (lineStart: number, lineEnd: number, line: number) => void) => number;

const [FIRST_YEAR, LAST_YEAR] = [civilFromDay(MIN_DAY).year, civilFromDay(MAX_DAY).year];
/** dayTable() where a year-month-day is no date (or out of range). */
const NO_DAY = -(2 ** 31);
let days: Int32Array | null = null;

/**
 * The day number of each valid date from MIN_DAY to MAX_DAY at ((year - FIRST_YEAR) * 12 + month - 1) * 31
 * + day - 1, NO_DAY elsewhere: a lookup in place of the calendar arithmetic and checks a row (223 KB, made
 * on first use).
 */
function dayTable(): Int32Array {
  if (days) return days;
  days = new Int32Array((LAST_YEAR - FIRST_YEAR + 1) * 12 * 31).fill(NO_DAY);
  let n = dayFromCivil(FIRST_YEAR, 1, 1);
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) {
    for (let m = 1; m <= 12; m++) {
      for (let d = 1; d <= daysInMonth(y, m); d++, n++) if (n >= MIN_DAY && n <= MAX_DAY) days[((y - FIRST_YEAR) * 12 + m - 1) * 31 + d - 1] = n;
    }
  }
  return days;
}

/** isoDay() of the characters whose codes are bytes[start, end). */
function isoDayOfBytes(b: Uint8Array, start: number, end: number): number {
  if (end - start !== 10 || b[start + 4] !== 45 || b[start + 7] !== 45) return NaN;
  const y0 = b[start] - 48, y1 = b[start + 1] - 48, y2 = b[start + 2] - 48, y3 = b[start + 3] - 48;
  const m0 = b[start + 5] - 48, m1 = b[start + 6] - 48, d0 = b[start + 8] - 48, d1 = b[start + 9] - 48;
  // (x >>> 0) > 9: not a digit, below '0' as well as above '9'.
  if ((y0 >>> 0) > 9 || (y1 >>> 0) > 9 || (y2 >>> 0) > 9 || (y3 >>> 0) > 9 || (m0 >>> 0) > 9 || (m1 >>> 0) > 9 || (d0 >>> 0) > 9 || (d1 >>> 0) > 9) return NaN;
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = m0 * 10 + m1;
  const day = d0 * 10 + d1;
  if (year < FIRST_YEAR || year > LAST_YEAR || month < 1 || month > 12 || day < 1 || day > 31) return NaN;
  const n = dayTable()[((year - FIRST_YEAR) * 12 + month - 1) * 31 + day - 1];
  return n === NO_DAY ? NaN : n;
}

/** plainAmount() of the characters whose codes are bytes[start, end). */
function plainAmountOfBytes(b: Uint8Array, start: number, end: number): number {
  let mantissa = 0;
  let count = 0;
  let scale = 0;
  let point = -1;
  for (let i = start; i < end; i++) {
    const code = b[i];
    if (code === 46 && point < 0 && i > start && i < end - 1) {
      point = i;
      continue;
    }
    const d = code - 48;
    if (d < 0 || d > 9 || ++count > MAX_DIGITS) return NaN;
    mantissa = mantissa * 10 + d;
    if (point >= 0) scale++;
  }
  return count === 0 ? NaN : mantissa / POW10[scale];
}

/** Whether createPlainBytesReader() reads files with these options (a file's columns aside). */
export const readsPlainBytes = (o: ImportOptions): boolean => plainAmountColumn(o) !== null && o.delimiter !== 'whitespace';

/**
 * The fast reader of plain ASCII lines from their bytes (sources.ts hands it the chunks that are
 * plain ASCII): what createPlainReader() does on the decoded text, with no string made for a chunk,
 * a line or a known customer id. Null when the options are not plain enough.
 */
export function createPlainBytesReader(o: ImportOptions, builder: DatasetBuilder, counters: RowCounters): PlainBytesReader | null {
  const amountColumn = plainAmountColumn(o);
  if (amountColumn === null || !readsPlainBytes(o)) return null;
  const delimiter = o.delimiter.charCodeAt(0);
  const { customer, date } = o.mapping;
  const last = Math.max(customer, date, amountColumn);
  const from = new Int32Array(last + 1);
  const to = new Int32Array(last + 1);
  return (b, start, end, slow) => {
    let line = 0;
    let accepted = 0;
    for (let lineStart = start; lineStart < end; line++) {
      // The fields up to the last one needed, then the end of the line.
      let pos = lineStart;
      let k = 0;
      let code: number;
      for (;;) {
        let e = pos;
        while ((code = b[e]) !== delimiter && code !== 10) e++;
        from[k] = pos;
        to[k] = e;
        if (k === last || code === 10) {
          pos = e;
          break;
        }
        k++;
        pos = e + 1;
      }
      // The rest of the line: a few bytes, mostly (a native indexOf() a line cost more).
      let lineEnd = pos;
      while (b[lineEnd] !== 10) lineEnd++;
      const next = lineEnd + 1;
      if (k < last) {
        slow(lineStart, lineEnd, line);
        lineStart = next;
        continue;
      }
      const s = from[customer];
      const e = to[customer];
      const day = isoDayOfBytes(b, from[date], to[date]);
      const amount = amountColumn < 0 ? NaN : plainAmountOfBytes(b, from[amountColumn], to[amountColumn]);
      if (e === s || !solid(b[s]) || !solid(b[e - 1]) || Number.isNaN(day) || (amountColumn >= 0 && Number.isNaN(amount))) {
        slow(lineStart, lineEnd, line);
      } else {
        accepted++;
        builder.addBytes(b, s, e, day, amount);
      }
      lineStart = next;
    }
    counters.accepted += accepted;
    return line;
  };
}

/**
 * Reads rows from..to-1 of typed columns (Parquet) into the builder, up to the first row that needs
 * the row reader; returns that row (`to` when it took them all). A date column with `days` holds each
 * cell's UTC day (parquet.ts).
 */
export type TypedRowReader = (columns: ({ data: ArrayLike<unknown>; offset: number; days?: boolean } | undefined)[], from: number, to: number) => number;

const DAY_MS = 86_400_000;

/** The columns createTypedReader() reads (customer, date, and the amount if any), or null when the options are not plain enough for it. */
export function typedColumns(o: ImportOptions): number[] | null {
  const amountColumn = plainAmountColumn(o);
  if (amountColumn === null) return null;
  const { customer, date } = o.mapping;
  return amountColumn < 0 ? [customer, date] : [customer, date, amountColumn];
}

const utf8 = new TextDecoder();

/**
 * A Parquet string cell's bytes (UTF-8) as the customer column's cell for createTypedReader(..., true):
 * the id's index in the builder where the reader takes its text as an id (no string a cell: only a new
 * id becomes one), else the text itself, as hyparquet decodes it.
 */
export function typedIdInterner(builder: DatasetBuilder): (bytes: Uint8Array, start?: number, end?: number) => number | string {
  return (bytes, start = 0, end = bytes.length) => {
    let high = 0;
    for (let i = start; i < end; i++) high |= bytes[i];
    if (end > start && high < 128 && solid(bytes[start]) && solid(bytes[end - 1])) return builder.internBytes(bytes, start, end);
    const text = utf8.decode(bytes.subarray(start, end));
    return text.length > 0 && solid(text.charCodeAt(0)) && solid(text.charCodeAt(text.length - 1)) ? builder.intern(text) : text;
  };
}

/**
 * The fast reader of typed cells for these options, or null. It takes what cellText() would turn into
 * text the row reader accepts unchanged: an id without spaces at its ends or a safe integer, a valid
 * date in range (its UTC day; a time of day is dropped there too), and an amount of 0 or from 1e-6 to
 * 1e15 (String() writes those without an exponent, and they parse back to the same number). With
 * `interned`, the customer cells are what typedIdInterner() made of them: an index is an id it took.
 */
export function createTypedReader(o: ImportOptions, builder: DatasetBuilder, counters: RowCounters, interned = false): TypedRowReader | null {
  const amountColumn = plainAmountColumn(o);
  if (amountColumn === null) return null;
  const { customer, date } = o.mapping;
  return (columns, from, to) => {
    // The columns looked up once a run, not once a row.
    const [ids, idAt] = [columns[customer]!.data, columns[customer]!.offset];
    const [dates, dateAt, days] = [columns[date]!.data, columns[date]!.offset, columns[date]!.days === true];
    const [amounts, amountAt] = amountColumn >= 0 ? [columns[amountColumn]!.data, columns[amountColumn]!.offset] : [null, 0];
    for (let i = from; i < to; i++) {
      const idCell = ids[idAt + i];
      let id = '';
      if (interned) {
        if (typeof idCell !== 'number' || idCell < 0) return i;
      } else if (typeof idCell === 'string' && idCell.length > 0 && solid(idCell.charCodeAt(0)) && solid(idCell.charCodeAt(idCell.length - 1))) id = idCell;
      else if (Number.isSafeInteger(idCell)) id = String(idCell);
      else return i;
      const dateCell = dates[dateAt + i];
      let day: number;
      if (days) day = dateCell as number;
      else if (dateCell instanceof Date) day = Math.floor(dateCell.getTime() / DAY_MS);
      else return i;
      if (!(day >= MIN_DAY && day <= MAX_DAY)) return i;
      let amount = NaN;
      if (amounts !== null) {
        const cell = amounts[amountAt + i];
        if (typeof cell !== 'number' || !(cell === 0 || (cell >= 1e-6 && cell < 1e15))) return i;
        // -0 is written "0".
        amount = cell + 0;
      }
      counters.accepted++;
      if (interned) builder.addIndex(idCell as number, day, amount);
      else builder.add(id, day, amount);
    }
    return to;
  };
}
