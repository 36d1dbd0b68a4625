// Splits streamed text into records (arrays of fields) for a dialect: PapaParse for delimited text
// with quotes, a line splitter for whitespace-separated files such as CDNOW's and for text that holds
// no quote character (most exports: twice PapaParse's speed). Line endings are normalised first.
import Papa from 'papaparse';
import { ImportError } from './errors';

export type Delimiter = ',' | ';' | '\t' | '|' | 'whitespace';
export type QuoteChar = '"' | "'" | 'none';

/** A record longer than this (an unterminated quote, usually) stops the import instead of stalling it. */
export const MAX_RECORD_CHARS = 8 * 1024 * 1024;

/** What a chunk completes: records, or (`lines`) quote-free lines as one string, each ending with a newline. */
export type Split = { records: string[][] } | { lines: string };

export class RecordSplitter {
  private carry = '';
  private pendingCR = false;
  private emitted = 0;
  /** The byte range pushAsciiLines() handed out last, its lines not yet in `emitted`. */
  private uncounted: LineBytes | null = null;
  private readonly parser: Papa.Parser | null;
  private readonly quoteChar: string | null;

  constructor(
    private readonly delimiter: Delimiter,
    quote: QuoteChar,
  ) {
    this.quoteChar = quote === 'none' ? null : quote;
    this.parser =
      delimiter === 'whitespace'
        ? null
        : new Papa.Parser({ delimiter, newline: '\n', quoteChar: quote === 'none' ? '"' : quote, fastMode: quote === 'none' ? true : undefined });
  }

  /** Records completed by this chunk of text. */
  push(text: string): string[][] {
    this.countBytes();
    return this.split(this.normalise(text), false);
  }

  /** The last records, once the text has ended. */
  end(): string[][] {
    this.countBytes();
    return this.split(this.tail(), true);
  }

  /** As push, but quote-free delimited text comes back as its complete lines, for plain-rows.ts. */
  pushLines(text: string): Split {
    this.countBytes();
    return this.splitToLines(this.normalise(text), false);
  }

  /**
   * pushLines() of a chunk given as bytes, where the chunk allows it: plain ASCII with no carriage
   * return or quote character, after a chunk that ended cleanly (no carriage return pending), in
   * delimited text. Then the lines come back as the first line (with the text carried over from the
   * chunk before) and the others as a range of the bytes (`bytes`, for plain-rows.ts), each with its
   * newline; else null, and the chunk is to be decoded and pushed as text.
   */
  pushAsciiLines(bytes: Uint8Array): { lines: string; bytes: LineBytes | null } | null {
    this.countBytes();
    if (this.delimiter === 'whitespace' || this.pendingCR) return null;
    const quote = this.quoteChar === null ? -1 : this.quoteChar.charCodeAt(0);
    if (quote >= 0 && this.carry.includes(this.quoteChar!)) return null;
    if (!plainAscii(bytes, quote)) return null;
    const first = bytes.indexOf(10);
    if (first < 0) {
      this.carry += bytesText(bytes, 0, bytes.length);
      this.checkCarry();
      return { lines: '', bytes: null };
    }
    const last = bytes.lastIndexOf(10);
    const lines = this.carry + bytesText(bytes, 0, first + 1);
    this.carry = bytesText(bytes, last + 1, bytes.length);
    this.checkCarry();
    this.emitted++;
    if (last === first) return { lines, bytes: null };
    const range: LineBytes = { data: bytes, start: first + 1, end: last + 1, lines: null };
    this.uncounted = range;
    return { lines, bytes: range };
  }

  /** Counts the lines of the last byte range handed out, unless its reader did (LineBytes.lines): before its bytes are freed. */
  countBytes(): void {
    const range = this.uncounted;
    if (range === null) return;
    this.uncounted = null;
    let lines = range.lines;
    if (lines === null) {
      lines = 0;
      for (let i = range.data.indexOf(10, range.start); i >= 0 && i < range.end; i = range.data.indexOf(10, i + 1)) lines++;
    }
    this.emitted += lines;
  }

  endLines(): Split {
    this.countBytes();
    return this.splitToLines(this.tail(), true);
  }

  private tail(): string {
    const tail = this.pendingCR ? '\n' : '';
    this.pendingCR = false;
    return tail;
  }

  private splitToLines(text: string, final: boolean): Split {
    const input = this.carry + text;
    if (this.delimiter === 'whitespace' || (this.quoteChar !== null && input.includes(this.quoteChar))) {
      this.carry = '';
      return { records: this.split(input, final) };
    }
    const cut = final ? input.length : input.lastIndexOf('\n') + 1;
    this.carry = input.slice(cut);
    this.checkCarry();
    const lines = input.slice(0, cut);
    for (let i = lines.indexOf('\n'); i >= 0; i = lines.indexOf('\n', i + 1)) this.emitted++;
    return { lines: final && lines !== '' && !lines.endsWith('\n') ? (this.emitted++, lines + '\n') : lines };
  }

  private normalise(text: string): string {
    let t = this.pendingCR ? '\r' + text : text;
    this.pendingCR = t.endsWith('\r');
    if (this.pendingCR) t = t.slice(0, -1);
    return t.includes('\r') ? t.replace(/\r\n?/g, '\n') : t;
  }

  private split(text: string, final: boolean): string[][] {
    const input = this.carry + text;
    if (this.delimiter === 'whitespace') {
      return this.splitLines(input, final, (line) => {
        const trimmed = line.trim();
        return trimmed === '' ? [''] : trimmed.split(/\s+/);
      });
    }
    const delimiter = this.delimiter;
    if (this.quoteChar === null || !input.includes(this.quoteChar)) return this.splitLines(input, final, (line) => line.split(delimiter));
    const result = this.parser!.parse(input, 0, !final) as { data: string[][]; errors: { code: string; row: number }[]; meta: { cursor: number } };
    this.carry = final ? '' : input.slice(result.meta.cursor);
    this.checkCarry();
    const unclosed = result.errors.find((e) => e.code === 'MissingQuotes');
    if (unclosed) {
      throw new ImportError(
        'unterminated-quote',
        `Record ${this.emitted + unclosed.row + 1} opens a quote (") that is never closed, so the rest of the file would be one field. Fix the file, or set "Quote" to none.`,
      );
    }
    const records = result.data;
    if (final && records.length > 0 && isBlank(records[records.length - 1]) && input.endsWith('\n')) records.pop();
    this.emitted += records.length;
    return records;
  }

  private splitLines(input: string, final: boolean, fields: (line: string) => string[]): string[][] {
    const lines = input.split('\n');
    this.carry = final ? '' : lines.pop()!;
    if (final && lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    this.checkCarry();
    this.emitted += lines.length;
    const records = new Array<string[]>(lines.length);
    for (let i = 0; i < lines.length; i++) records[i] = fields(lines[i]);
    return records;
  }

  private checkCarry(): void {
    if (this.carry.length > MAX_RECORD_CHARS) {
      throw new ImportError(
        'record-too-long',
        `A single record is longer than ${MAX_RECORD_CHARS / 1024 / 1024} MB; the file probably has an unterminated quote. Set "Quote" to none, or fix the file.`,
      );
    }
  }
}

/** Lines of bytes[start, end): each ends with a newline. */
export interface LineBytes {
  data: Uint8Array;
  start: number;
  end: number;
  /** Set by whoever reads the lines to how many there are, so that the splitter need not count them. */
  lines: number | null;
}

const asciiDecoder = new TextDecoder('utf-8');

/** The text of ASCII bytes[start, end). */
export const bytesText = (bytes: Uint8Array, start: number, end: number) => (start === end ? '' : asciiDecoder.decode(bytes.subarray(start, end)));

/**
 * Whether bytes are all ASCII with no carriage return and no `quote` (a code, or -1): four bytes at a
 * time, a high bit OR-ed and the two found by the zero-byte test on the word XOR-ed with each
 * ((v - 0x01010101) & ~v has a high bit set where v has a zero byte, and only then). Native indexOf()
 * for the two cost four times this pass in Chromium.
 */
function plainAscii(bytes: Uint8Array, quote: number): boolean {
  const aligned = (4 - (bytes.byteOffset & 3)) & 3;
  const head = Math.min(aligned, bytes.length);
  const words = head === aligned ? new Int32Array(bytes.buffer, bytes.byteOffset + head, (bytes.length - head) >> 2) : new Int32Array(0);
  const tail = head + words.length * 4;
  let high = 0;
  // The bytes before and after the aligned words, one at a time.
  for (const [from, to] of [[0, head], [tail, bytes.length]]) {
    for (let i = from; i < to; i++) {
      const code = bytes[i];
      if (code === 13 || code === quote) return false;
      high |= code;
    }
  }
  const cr = 0x0d0d0d0d;
  // A quote of -1: a byte of 0xff, which the high bit refuses anyway.
  const q = Math.imul(quote & 0xff, 0x01010101);
  for (let i = 0; i < words.length; i++) {
    const v = words[i];
    const a = v ^ cr;
    const b = v ^ q;
    high |= v | ((a - 0x01010101) & ~a) | ((b - 0x01010101) & ~b);
  }
  return (high & 0x80808080) === 0;
}

export function isBlank(record: string[]): boolean {
  for (const field of record) if (field.trim() !== '') return false;
  return true;
}
