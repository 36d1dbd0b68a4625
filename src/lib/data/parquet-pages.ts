// A flat column chunk of a Parquet row group decoded straight into a typed array, for the typed reader
// (plain-rows.ts createTypedReader): text ids interned from their bytes, a DATE or TIMESTAMP as its UTC
// day, a number as a double. hyparquet's own pieces parse the page headers, decompress the pages and
// read the fixed-width PLAIN values; what it does a cell beyond that (a view and a string a text cell,
// a Date a date, arrays of levels and values, assembleLists, bit-unpacking a byte at a time through a
// DataView) is what this skips. The cells are what hyparquet's convert() would make of them (same ids, days, numbers).
// Anything else (a nested or INT96 column, DATA_PAGE_V2, DELTA_* or BYTE_STREAM_SPLIT pages, ...) is left to
// hyparquet: decodeChunk() returns null, and the caller reads the row group with hyparquet.
import type { ColumnMetaData, Compressors, DataReader, SchemaElement } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { decompressPage } from 'hyparquet/src/datapage.js';
import { readPlain } from 'hyparquet/src/plain.js';

/** What a column's cells become: an id's index (-1 where there is none), or a day or a number (NaN where there is none). */
export type CellKind = 'id' | 'day' | 'number';

/** The interner of text ids (plain-rows.ts typedIdInterner): a number is an id's index. */
export type Interner = (bytes: Uint8Array, start: number, end: number) => unknown;

const DAY_MS = 86_400_000;

/** A value of the column's physical type (number or bigint) as the cell hyparquet gives, as a number. */
type Convert = (v: number | bigint) => number;

/**
 * How the cells of a column become `kind`, as hyparquet's convert() (the same branches, in its order)
 * then the typed reader read them; null where this decoder leaves the column to hyparquet.
 */
export function conversion(element: SchemaElement, kind: CellKind): Convert | 'id' | null {
  const { type, converted_type: ctype, logical_type: ltype } = element;
  if (kind === 'id') return type === 'BYTE_ARRAY' && (ctype === undefined || ctype === 'UTF8') && (ltype === undefined || ltype.type === 'STRING') ? 'id' : null;
  if (kind === 'day') {
    // new Date(days * 86400000), new Date(Number(millis)), new Date(Number(micros / 1000n)): their UTC day.
    if (ctype === 'DATE' && type === 'INT32') return (v) => v as number;
    const unit = ctype === 'TIMESTAMP_MILLIS' ? 'MILLIS' : ctype === 'TIMESTAMP_MICROS' ? 'MICROS' : ctype === undefined && ltype?.type === 'TIMESTAMP' ? ltype.unit : null;
    if (type !== 'INT64' || unit === null) return null;
    if (unit === 'MILLIS') return (v) => Math.floor(Number(v) / DAY_MS);
    const per = unit === 'MICROS' ? 1000n : 1_000_000n;
    return (v) => Math.floor(Number((v as bigint) / per) / DAY_MS);
  }
  if (ctype === 'DECIMAL' && (type === 'INT32' || type === 'INT64')) {
    const factor = 10 ** (element.scale || 0);
    return (v) => Number(v) / factor;
  }
  const plainInt = type === 'INT32' && (ctype === undefined || ctype === 'INT_8' || ctype === 'INT_16' || ctype === 'INT_32') && (ltype === undefined || (ltype.type === 'INTEGER' && ltype.isSigned));
  const plainFloat = (type === 'DOUBLE' || type === 'FLOAT') && ctype === undefined && ltype === undefined;
  return plainInt || plainFloat ? (v) => v as number : null;
}

/**
 * The RLE/bit-packed hybrid runs of bytes[pos, end) (values of `width` bits, at most 24) into all of
 * `out`: definition levels and dictionary indices. Throws where the runs end first.
 */
export function readHybrid(bytes: Uint8Array, pos: number, end: number, width: number, out: Int32Array): void {
  if (width > 24) throw new Error(`parquet bit width ${width}`);
  const mask = (1 << width) - 1;
  const count = out.length;
  let seen = 0;
  while (seen < count) {
    if (pos >= end) throw new Error('parquet runs cut short');
    let header = 0;
    for (let shift = 0, b = 128; b & 128; shift += 7) header |= ((b = bytes[pos++]) & 127) << shift;
    if (header & 1) {
      // Groups of 8 values, `width` bytes a group, least significant bits first: each value from the
      // 4 bytes from its first (width + 7 bits at most, in 32).
      const runEnd = pos + (header >>> 1) * width;
      const stop = Math.min(count, seen + (header >>> 1) * 8);
      for (let bit = pos * 8; seen < stop; seen++, bit += width) {
        const p = bit >>> 3;
        out[seen] = ((bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16) | (bytes[p + 3] << 24)) >>> (bit & 7)) & mask;
      }
      pos = runEnd;
    } else {
      let value = 0;
      for (let k = 0; k < width; k += 8) value |= bytes[pos++] << k;
      const stop = Math.min(count, seen + (header >>> 1));
      out.fill(value, seen, stop);
      seen = stop;
    }
  }
}

const reader = (bytes: Uint8Array, offset = 0): DataReader => ({ view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset });
const bytesOf = (r: DataReader) => new Uint8Array(r.view.buffer, r.view.byteOffset, r.view.byteLength);

/** Whether bytes[a, a + length) and bytes[b, b + length) are the same. */
function sameBytes(bytes: Uint8Array, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (bytes[a + i] !== bytes[b + i]) return false;
  return true;
}

type Cells = Int32Array | Float64Array;

/** The page's PLAIN values into all of `cells`: ids interned, other values converted. */
function plainCells(r: DataReader, element: SchemaElement, convert: Convert | 'id', intern: Interner, cells: Cells): void {
  const count = cells.length;
  if (convert === 'id') {
    const bytes = bytesOf(r);
    let pos = r.offset;
    // The id before (files sorted by customer repeat it): the same bytes, the same cell, no lookup.
    let before = 0;
    let beforeLength = -1;
    for (let k = 0; k < count; k++) {
      const length = bytes[pos] | (bytes[pos + 1] << 8) | (bytes[pos + 2] << 16) | (bytes[pos + 3] << 24);
      const start = pos + 4;
      pos = start + length;
      if (length < 0 || pos > bytes.length) throw new Error('parquet page cut short');
      if (length === beforeLength && sameBytes(bytes, before, start, length)) cells[k] = cells[k - 1];
      else {
        const id = intern(bytes, start, pos);
        cells[k] = typeof id === 'number' ? id : -1;
      }
      before = start;
      beforeLength = length;
    }
    r.offset = pos;
    return;
  }
  const values = readPlain(r, element.type!, count, element.type_length) as ArrayLike<number | bigint>;
  for (let k = 0; k < count; k++) cells[k] = convert(values[k]);
}

/** Scratch arrays of at least n elements, kept from page to page (a page's levels and indices; Int32Arrays both, so that readHybrid() sees one kind). */
let levelScratch = new Int32Array(0);
let indexScratch = new Int32Array(0);
const levelsOf = (n: number) => (levelScratch.length >= n ? levelScratch : (levelScratch = new Int32Array(n))).subarray(0, n);
const indicesOf = (n: number) => (indexScratch.length >= n ? indexScratch : (indexScratch = new Int32Array(n))).subarray(0, n);

/** The page's dictionary indices (after their bit width) as the dictionary's cells, into all of `cells`. */
function dictionaryCells(r: DataReader, dictionary: Cells, cells: Cells): void {
  const bytes = bytesOf(r);
  const width = bytes[r.offset];
  const indices = indicesOf(cells.length);
  if (width > 0) readHybrid(bytes, r.offset + 1, bytes.length, width, indices);
  else indices.fill(0);
  const size = dictionary.length;
  for (let k = 0; k < indices.length; k++) {
    const index = indices[k];
    if (index >= size) throw new Error('parquet dictionary index out of range');
    cells[k] = dictionary[index];
  }
}

/**
 * The cells of the column chunk `bytes` (its pages, from the dictionary page if any) into `out` (ids
 * into an Int32Array, else a Float64Array, one cell a row of the group), a null cell as -1 (ids) or
 * NaN; false where the chunk needs hyparquet (see above). A broken page throws: hyparquet then reads
 * the group, and says what is wrong.
 */
export function decodeChunk(bytes: Uint8Array, element: SchemaElement, meta: ColumnMetaData, out: Int32Array | Float64Array, kind: CellKind, intern: Interner, compressors: Compressors): boolean {
  const convert = conversion(element, kind);
  if (convert === null || meta.type !== element.type) return false;
  const optional = element.repetition_type !== 'REQUIRED';
  const rows = out.length;
  const r = reader(bytes);
  let dictionary: Cells | null = null;
  let row = 0;
  while (row < rows) {
    const header = parquetHeader(r);
    const start = r.offset;
    r.offset += header.compressed_page_size;
    const raw = bytes.subarray(start, r.offset);
    const size = header.uncompressed_page_size;
    if (header.type === 'DICTIONARY_PAGE') {
      const page = decompressPage(raw, size, meta.codec, compressors);
      dictionary = kind === 'id' ? new Int32Array(header.dictionary_page_header!.num_values) : new Float64Array(header.dictionary_page_header!.num_values);
      plainCells(reader(page), element, convert, intern, dictionary);
      continue;
    }
    // Definition levels (1: a value, 0: null; null when every one is 1), then the values of the page.
    if (header.type !== 'DATA_PAGE') return false;
    const { num_values: count, encoding, definition_level_encoding: levelEncoding } = header.data_page_header!;
    const values = reader(decompressPage(raw, size, meta.codec, compressors));
    let levels: Int32Array | null = null;
    if (optional) {
      if (levelEncoding !== 'RLE') return false;
      const length = values.view.getUint32(0, true);
      levels = levelsOf(count);
      readHybrid(bytesOf(values), 4, 4 + length, 1, levels);
      values.offset = 4 + length;
    }
    if (row + count > rows) return false;
    let present = count;
    if (levels !== null) {
      present = 0;
      for (let i = 0; i < count; i++) present += levels[i];
      if (present === count) levels = null;
    }
    // Straight into the output, or (with nulls) into cells of their own, then spread.
    const cells = levels === null ? out.subarray(row, row + count) : kind === 'id' ? new Int32Array(present) : new Float64Array(present);
    if (encoding === 'PLAIN') plainCells(values, element, convert, intern, cells);
    else if ((encoding === 'RLE_DICTIONARY' || encoding === 'PLAIN_DICTIONARY') && dictionary !== null) dictionaryCells(values, dictionary, cells);
    else return false;
    if (levels !== null) {
      const none = kind === 'id' ? -1 : NaN;
      for (let i = 0, k = 0; i < count; i++) out[row + i] = levels[i] === 1 ? cells[k++] : none;
    }
    row += count;
  }
  return true;
}
