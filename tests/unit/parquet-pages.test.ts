// The own decoder of flat Parquet columns (parquet-pages.ts) against hyparquet on files DuckDB writes:
// every codec, PLAIN and dictionary pages (DuckDB's V1 and V2 encodings), nulls, several row groups, a
// dictionary chunk whose later pages are plain; and the chunks it leaves to hyparquet.
import { readFileSync } from 'node:fs';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { describe, expect, it } from 'vitest';
import { decodeChunk, type CellKind } from '../../src/lib/data/parquet-pages';
import { duckdb, tempDir } from '../../src/cli/duckdb';
import { cellsOf, chunks, pages } from './parquet-chunks';

const DAY_MS = 86_400_000;

/** A table DuckDB makes: ids (some null, some not ASCII), dates and timestamps, amounts of several types, with nulls. */
const TABLE = `SELECT
  CASE WHEN i % 97 = 0 THEN NULL WHEN i % 31 = 0 THEN 'Zoë' || (i % 7) ELSE 'c' || (i % 400) END AS customer_id,
  CASE WHEN i % 89 = 0 THEN NULL ELSE DATE '2020-01-01' + (i % 700)::INT END AS date,
  TIMESTAMP '1969-12-31 23:00:00' + INTERVAL (i * 7) MINUTE + INTERVAL (i % 13) MICROSECOND AS ts,
  CAST(TIMESTAMP '2020-01-01 10:00:00' + INTERVAL (i) MINUTE AS TIMESTAMP_MS) AS ts_ms,
  CAST(TIMESTAMP '2020-01-01 10:00:00' + INTERVAL (i) MINUTE AS TIMESTAMP_NS) AS ts_ns,
  CASE WHEN i % 83 = 0 THEN NULL ELSE round((i % 1000) / 7.0, 2) END AS amount,
  CAST(i / 7.0 AS FLOAT) AS float_amount,
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
    const data = cellsOf(kind, c.rows);
    if (!decodeChunk(c.bytes, c.element, c.meta, data, kind, intern, compressors)) return null;
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
  it.each(['snappy', 'zstd', 'gzip', 'brotli', 'lz4', 'uncompressed'])('%s, row groups of 4,096: every column the cells hyparquet gives', async (codec) => {
    const file = await parquetFile(`COMPRESSION ${codec}, ROW_GROUP_SIZE 4096`, 12_000);
    expect(parquetMetadata(file).row_groups.length).toBe(3);
    for (const [column, kind] of COLUMNS) {
      const { index, intern } = interner();
      const want = await expected(file, column, kind, index);
      expect(decoded(file, column, kind, intern), column).toEqual(want);
    }
  });

  it('dictionary and plain chunks, and the encodings of DuckDB Parquet V2 (RLE_DICTIONARY read, DELTA_* left to hyparquet)', async () => {
    // Ids: 400 distinct ones in a row group (a dictionary), or every one new (plain; DELTA_LENGTH_BYTE_ARRAY in V2).
    const unique = TABLE.replace("'c' || (i % 400)", "'c' || i");
    for (const [options, table, idPages] of [
      ['ROW_GROUP_SIZE 10240', TABLE, ['DICTIONARY_PAGE', 'DATA_PAGE PLAIN_DICTIONARY']],
      ['ROW_GROUP_SIZE 10240', unique, ['DATA_PAGE PLAIN']],
      ['ROW_GROUP_SIZE 10240, PARQUET_VERSION V2', TABLE, ['DICTIONARY_PAGE', 'DATA_PAGE RLE_DICTIONARY']],
      ['ROW_GROUP_SIZE 10240, PARQUET_VERSION V2', unique, ['DATA_PAGE DELTA_LENGTH_BYTE_ARRAY']],
    ] as const) {
      const file = await parquetFile(options, 30_000, table);
      expect(pages(chunks(file, 'customer_id')[0])).toEqual(idPages);
      for (const [column, kind] of COLUMNS) {
        const { index, intern } = interner();
        const cells = decoded(file, column, kind, intern);
        if (pages(chunks(file, column)[0]).some((p) => p.includes('DELTA') || p.includes('BYTE_STREAM_SPLIT'))) expect(cells, column).toBeNull();
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
    const cells = cellsOf('id', 40_000);
    expect(decodeChunk(bytes, dictionary.element, dictionary.meta, cells, 'id', intern, compressors)).toBe(true);
    const want = [...(await expected(files[0], 'customer_id', 'id', index)), ...(await expected(files[1], 'customer_id', 'id', index))];
    expect(Array.from(cells)).toEqual(want);
  });

  it('leaves to hyparquet what it does not read: BIGINT and unsigned amounts, integer dates, DELTA and BYTE_STREAM_SPLIT pages, a page cut short', async () => {
    const file = await parquetFile('ROW_GROUP_SIZE 10240');
    const { intern } = interner();
    expect(decoded(file, 'big_amount', 'number', intern)).toBeNull();
    expect(decoded(file, 'unsigned_amount', 'number', intern)).toBeNull();
    expect(decoded(file, 'int_amount', 'day', intern)).toBeNull();
    expect(decoded(file, 'customer_id', 'number', intern)).toBeNull();
    const v2 = await parquetFile('ROW_GROUP_SIZE 10240, PARQUET_VERSION V2');
    expect(pages(chunks(v2, 'ts')[0])).toEqual(['DATA_PAGE DELTA_BINARY_PACKED']);
    expect(decoded(v2, 'ts', 'day', intern)).toBeNull();
    expect(pages(chunks(v2, 'float_amount')[0])).toEqual(['DATA_PAGE BYTE_STREAM_SPLIT']);
    expect(decoded(v2, 'float_amount', 'number', intern)).toBeNull();
    const c = chunks(file, 'customer_id')[0];
    expect(() => decodeChunk(c.bytes.subarray(0, c.bytes.length >> 1), c.element, c.meta, cellsOf('id', c.rows), 'id', intern, compressors)).toThrow();
  });
});
