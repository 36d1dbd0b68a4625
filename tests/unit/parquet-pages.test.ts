// The own decoder of flat Parquet columns (parquet-pages.ts) against hyparquet on files DuckDB writes:
// every codec, PLAIN and dictionary pages, DATA_PAGE_V2, nulls, several row groups and pages, a
// dictionary chunk that falls back to plain pages; and the chunks it leaves to hyparquet.
import { readFileSync } from 'node:fs';
import { parquetMetadata, parquetReadObjects, parquetSchema, type ColumnMetaData, type SchemaElement } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { compressors } from 'hyparquet-compressors';
import { describe, expect, it } from 'vitest';
import { decodeChunk, type CellKind } from '../../src/lib/data/parquet-pages';
import { duckdb, tempDir } from '../../src/cli/duckdb';

const DAY_MS = 86_400_000;

/** A table DuckDB makes: ids (some null, some not ASCII), dates and timestamps, amounts of several types, with nulls. */
const TABLE = `SELECT
  CASE WHEN i % 97 = 0 THEN NULL WHEN i % 31 = 0 THEN 'Zoë' || (i % 7) ELSE 'c' || (i % 400) END AS customer_id,
  CASE WHEN i % 89 = 0 THEN NULL ELSE DATE '2020-01-01' + (i % 700)::INT END AS date,
  TIMESTAMP '1969-12-31 23:00:00' + INTERVAL (i * 7) MINUTE + INTERVAL (i % 13) MICROSECOND AS ts,
  CAST(TIMESTAMP '2020-01-01 10:00:00' + INTERVAL (i) MINUTE AS TIMESTAMP_MS) AS ts_ms,
  CAST(TIMESTAMP '2020-01-01 10:00:00' + INTERVAL (i) MINUTE AS TIMESTAMP_NS) AS ts_ns,
  CASE WHEN i % 83 = 0 THEN NULL ELSE round((i % 1000) / 7.0, 2) END AS amount,
  CAST((i % 1000) / 7.0 AS FLOAT) AS float_amount,
  CAST((i % 1000) / 7.0 AS DECIMAL(9, 2)) AS decimal9,
  CAST((i % 1000) / 7.0 AS DECIMAL(18, 3)) AS decimal18,
  (i % 1000)::INTEGER AS int_amount,
  (i % 1000)::SMALLINT AS small_amount,
  (i % 1000)::BIGINT AS big_amount,
  (i % 1000)::UINTEGER AS unsigned_amount
FROM range(ROWS) t(i)`;

async function parquetFile(options: string, rows = 30_000, table = TABLE): Promise<ArrayBuffer> {
  const out = `${tempDir()}/t.parquet`;
  await (await duckdb()).run(`COPY (${table.replace('ROWS', String(rows))}) TO '${out}' (FORMAT parquet, ${options})`);
  const bytes = readFileSync(out);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
}

/** Ids as the tests intern them: an index a distinct text. */
function interner() {
  const ids = new Map<string, number>();
  const utf8 = new TextDecoder();
  const index = (text: string) => ids.get(text) ?? ids.set(text, ids.size).get(text)!;
  return { index, intern: (bytes: Uint8Array, start: number, end: number) => index(utf8.decode(bytes.subarray(start, end))) };
}

interface Chunk {
  bytes: Uint8Array;
  element: SchemaElement;
  meta: ColumnMetaData;
  rows: number;
  rowStart: number;
}

function chunks(file: ArrayBuffer, column: string): Chunk[] {
  const metadata = parquetMetadata(file);
  const element = parquetSchema(metadata).children.find((c) => c.element.name === column)!.element;
  let rowStart = 0;
  return metadata.row_groups.map((group) => {
    const meta = group.columns.find((c) => c.meta_data!.path_in_schema[0] === column)!.meta_data!;
    const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
    const chunk = { bytes: new Uint8Array(file, start, Number(meta.total_compressed_size)), element, meta, rows: Number(group.num_rows), rowStart };
    rowStart += chunk.rows;
    return chunk;
  });
}

/** The page types and encodings of a chunk, e.g. ['DICTIONARY_PAGE', 'DATA_PAGE RLE_DICTIONARY', ...]. */
function pages({ bytes }: Chunk): string[] {
  const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
  const found: string[] = [];
  while (reader.offset < bytes.length) {
    const h = parquetHeader(reader);
    found.push([h.type, h.data_page_header?.encoding ?? h.data_page_header_v2?.encoding].filter(Boolean).join(' '));
    reader.offset += h.compressed_page_size;
  }
  return found;
}

/** hyparquet's cells of a column as the decoder gives them: an id's index (-1: null), a Date's UTC day, a number (NaN: null). */
async function expected(file: ArrayBuffer, column: string, kind: CellKind, index: (text: string) => number): Promise<number[]> {
  const rows = await parquetReadObjects({ file, columns: [column], compressors });
  return rows.map((r) => {
    const cell = r[column] as unknown;
    if (cell === null || cell === undefined) return kind === 'id' ? -1 : NaN;
    if (kind === 'id') return index(cell as string);
    return kind === 'day' ? Math.floor((cell as Date).getTime() / DAY_MS) : (cell as number);
  });
}

/** The decoder's cells of the whole column, or null where it leaves a chunk to hyparquet. */
function decoded(file: ArrayBuffer, column: string, kind: CellKind, intern: (b: Uint8Array, s: number, e: number) => unknown): number[] | null {
  const cells: number[] = [];
  for (const c of chunks(file, column)) {
    const data = decodeChunk(c.bytes, c.element, c.meta, c.rows, kind, intern, compressors);
    if (data === null) return null;
    cells.push(...data);
  }
  return cells;
}

const COLUMNS: [string, CellKind][] = [
  ['customer_id', 'id'],
  ['date', 'day'],
  ['ts', 'day'],
  ['ts_ms', 'day'],
  ['ts_ns', 'day'],
  ['amount', 'number'],
  ['float_amount', 'number'],
  ['decimal9', 'number'],
  ['decimal18', 'number'],
  ['int_amount', 'number'],
  ['small_amount', 'number'],
];

describe('Parquet pages decoded into typed arrays', () => {
  it.each(['snappy', 'zstd', 'gzip', 'brotli', 'lz4', 'uncompressed'])('%s, row groups of 10,240: every column the cells hyparquet gives', async (codec) => {
    const file = await parquetFile(`COMPRESSION ${codec}, ROW_GROUP_SIZE 10240`);
    expect(parquetMetadata(file).row_groups.length).toBe(3);
    for (const [column, kind] of COLUMNS) {
      const { index, intern } = interner();
      const want = await expected(file, column, kind, index);
      expect(decoded(file, column, kind, intern), column).toEqual(want);
    }
  });

  it('plain and dictionary chunks, several pages of a chunk, DATA_PAGE_V2', async () => {
    // Ids: 400 distinct ones in a row group (a dictionary); unique ones (plain); V2 pages.
    const unique = TABLE.replace("'c' || (i % 400)", "'c' || i");
    for (const [file, want] of [
      [await parquetFile('ROW_GROUP_SIZE 200000', 200_000), 'DATA_PAGE RLE_DICTIONARY'],
      [await parquetFile('ROW_GROUP_SIZE 200000', 200_000, unique), 'DATA_PAGE PLAIN'],
      [await parquetFile('ROW_GROUP_SIZE 200000, PARQUET_VERSION V2', 200_000), 'DATA_PAGE_V2 RLE_DICTIONARY'],
    ] as const) {
      const ids = pages(chunks(file, 'customer_id')[0]);
      expect(ids.filter((p) => p === want).length).toBeGreaterThan(1);
      for (const [column, kind] of [COLUMNS[0], COLUMNS[1], COLUMNS[5]]) {
        const { index, intern } = interner();
        const cells = decoded(file, column, kind, intern);
        if (pages(chunks(file, column)[0]).some((p) => p.includes('DELTA') || p.includes('BYTE_STREAM_SPLIT'))) expect(cells).toBeNull();
        else expect(cells, column).toEqual(await expected(file, column, kind, index));
      }
    }
  });

  it('a dictionary chunk whose later pages are plain (a dictionary grown too big)', async () => {
    // DuckDB decides per chunk: the pages of a dictionary chunk, then those of a plain one, make the chunk other writers write.
    const files = [await parquetFile('ROW_GROUP_SIZE 20000', 20_000), await parquetFile('ROW_GROUP_SIZE 20000', 20_000, TABLE.replace("'c' || (i % 400)", "'c' || (i + 1000000)"))];
    const [dictionary, plain] = files.map((f) => chunks(f, 'customer_id')[0]);
    expect([pages(dictionary)[0], pages(plain)[0]]).toEqual(['DICTIONARY_PAGE', 'DATA_PAGE PLAIN']);
    const bytes = new Uint8Array(dictionary.bytes.length + plain.bytes.length);
    bytes.set(dictionary.bytes);
    bytes.set(plain.bytes, dictionary.bytes.length);
    const { index, intern } = interner();
    const cells = decodeChunk(bytes, dictionary.element, dictionary.meta, 40_000, 'id', intern, compressors);
    const want = [...(await expected(files[0], 'customer_id', 'id', index)), ...(await expected(files[1], 'customer_id', 'id', index))];
    expect(Array.from(cells!)).toEqual(want);
  });

  it('leaves to hyparquet what it does not read: BIGINT and unsigned amounts, integer dates, DELTA and BYTE_STREAM_SPLIT pages, a page cut short', async () => {
    const file = await parquetFile('ROW_GROUP_SIZE 10240');
    const { intern } = interner();
    expect(decoded(file, 'big_amount', 'number', intern)).toBeNull();
    expect(decoded(file, 'unsigned_amount', 'number', intern)).toBeNull();
    expect(decoded(file, 'int_amount', 'day', intern)).toBeNull();
    expect(decoded(file, 'customer_id', 'number', intern)).toBeNull();
    const v2 = await parquetFile('ROW_GROUP_SIZE 10240, PARQUET_VERSION V2');
    expect(pages(chunks(v2, 'ts')[0])).toContain('DATA_PAGE_V2 DELTA_BINARY_PACKED');
    expect(decoded(v2, 'ts', 'day', intern)).toBeNull();
    expect(pages(chunks(v2, 'float_amount')[0])).toContain('DATA_PAGE_V2 BYTE_STREAM_SPLIT');
    expect(decoded(v2, 'float_amount', 'number', intern)).toBeNull();
    const c = chunks(file, 'customer_id')[0];
    expect(() => decodeChunk(c.bytes.subarray(0, c.bytes.length >> 1), c.element, c.meta, c.rows, 'id', intern, compressors)).toThrow();
  });
});
