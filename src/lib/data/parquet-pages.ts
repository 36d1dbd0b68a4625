// A flat column chunk of a Parquet row group decoded straight into a typed array, for the typed reader
// (plain-rows.ts createTypedReader): text ids interned from their bytes, a DATE or TIMESTAMP as its UTC
// day, a number as a double. hyparquet's own pieces parse the page headers, decompress the pages, and
// read the RLE/bit-packed runs and the fixed-width PLAIN values; what it does a cell beyond that (a
// view and a string a text cell, a Date a date, arrays of levels and values, assembleLists) is what
// this skips. The cells are what hyparquet's convert() would make of them (same ids, days, numbers).
// Anything else (a nested or INT96 column, DELTA_* or BYTE_STREAM_SPLIT pages, ...) is left to
// hyparquet: decodeChunk() returns null, and the caller reads the row group with hyparquet.
import type { ColumnMetaData, Compressors, DataReader, SchemaElement } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { decompressPage } from 'hyparquet/src/datapage.js';
import { readRleBitPackedHybrid } from 'hyparquet/src/encoding.js';
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

const reader = (bytes: Uint8Array, offset = 0): DataReader => ({ view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset });

/** The page's non-null values as cells: ids interned, other values converted. */
function plainCells(r: DataReader, element: SchemaElement, count: number, convert: Convert | 'id', intern: Interner): Int32Array | Float64Array {
  if (convert === 'id') {
    const bytes = new Uint8Array(r.view.buffer, r.view.byteOffset, r.view.byteLength);
    const cells = new Int32Array(count);
    let pos = r.offset;
    for (let k = 0; k < count; k++) {
      const length = r.view.getUint32(pos, true);
      const start = pos + 4;
      pos = start + length;
      if (pos > bytes.length) throw new Error('parquet page cut short');
      const id = intern(bytes, start, pos);
      cells[k] = typeof id === 'number' ? id : -1;
    }
    r.offset = pos;
    return cells;
  }
  const values = readPlain(r, element.type!, count, element.type_length) as ArrayLike<number | bigint>;
  const cells = new Float64Array(count);
  for (let k = 0; k < count; k++) cells[k] = convert(values[k]);
  return cells;
}

/** The page's `count` dictionary indices (after their bit width) as the dictionary's cells. */
function dictionaryCells(r: DataReader, count: number, dictionary: Int32Array | Float64Array): Int32Array | Float64Array {
  const width = r.view.getUint8(r.offset++);
  const indices = new Int32Array(count);
  if (width > 0) readRleBitPackedHybrid(r, width, indices, r.view.byteLength - r.offset);
  const cells = dictionary instanceof Int32Array ? new Int32Array(count) : new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const index = indices[k];
    if (index >= dictionary.length) throw new Error('parquet dictionary index out of range');
    cells[k] = dictionary[index];
  }
  return cells;
}

/**
 * The cells of the column chunk `bytes` (its pages, from the dictionary page if any): `rows` cells, a
 * null cell as -1 (ids) or NaN; null where the chunk needs hyparquet (see above). A broken page throws:
 * hyparquet then reads the group, and says what is wrong.
 */
export function decodeChunk(bytes: Uint8Array, element: SchemaElement, meta: ColumnMetaData, rows: number, kind: CellKind, intern: Interner, compressors: Compressors): Int32Array | Float64Array | null {
  const convert = conversion(element, kind);
  if (convert === null || meta.type !== element.type) return null;
  const optional = element.repetition_type !== 'REQUIRED';
  const out = kind === 'id' ? new Int32Array(rows).fill(-1) : new Float64Array(rows).fill(NaN);
  const r = reader(bytes);
  let dictionary: Int32Array | Float64Array | null = null;
  let row = 0;
  while (row < rows) {
    const header = parquetHeader(r);
    const start = r.offset;
    r.offset += header.compressed_page_size;
    const raw = bytes.subarray(start, r.offset);
    const size = header.uncompressed_page_size;
    if (header.type === 'DICTIONARY_PAGE') {
      const page = decompressPage(raw, size, meta.codec, compressors);
      dictionary = plainCells(reader(page), element, header.dictionary_page_header!.num_values, convert, intern);
      continue;
    }
    // Definition levels (1: a value, 0: null), then the values of the page.
    let levels: Uint8Array | null = null;
    let values: DataReader;
    let count: number;
    let encoding: string;
    if (header.type === 'DATA_PAGE') {
      const h = header.data_page_header!;
      [count, encoding] = [h.num_values, h.encoding];
      values = reader(decompressPage(raw, size, meta.codec, compressors));
      if (optional) {
        if (h.definition_level_encoding !== 'RLE') return null;
        levels = new Uint8Array(count);
        readRleBitPackedHybrid(values, 1, levels);
      }
    } else if (header.type === 'DATA_PAGE_V2') {
      const h = header.data_page_header_v2!;
      [count, encoding] = [h.num_values, h.encoding];
      const levelBytes = h.repetition_levels_byte_length + h.definition_levels_byte_length;
      if (h.repetition_levels_byte_length !== 0 || h.num_rows !== count) return null;
      if (optional) {
        levels = new Uint8Array(count);
        readRleBitPackedHybrid(reader(raw), 1, levels, h.definition_levels_byte_length);
      }
      const data = raw.subarray(levelBytes);
      values = reader(h.is_compressed === false ? data : decompressPage(data, size - levelBytes, meta.codec, compressors));
    } else return null;
    if (row + count > rows) return null;
    let present = count;
    if (levels !== null) for (let i = 0; i < count; i++) present -= levels[i] === 1 ? 0 : 1;
    let cells: Int32Array | Float64Array;
    if (encoding === 'PLAIN') cells = plainCells(values, element, present, convert, intern);
    else if ((encoding === 'RLE_DICTIONARY' || encoding === 'PLAIN_DICTIONARY') && dictionary !== null) cells = dictionaryCells(values, present, dictionary);
    else return null;
    if (levels === null || present === count) out.set(cells, row);
    else for (let i = 0, k = 0; i < count; i++) if (levels[i] === 1) out[row + i] = cells[k++];
    row += count;
  }
  return out;
}
