// A Parquet file imports into the dataset and the report of the CSV of its cells (cells.ts: the text
// the row reader sees), whether its columns go through the own decoder (parquet-pages.ts) or, where it
// leaves them, through hyparquet.
import { writeFileSync } from 'node:fs';
import { parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { describe, expect, it } from 'vitest';
import { cellText } from '../../src/lib/data/cells';
import { fingerprint } from '../../src/lib/data/fingerprint';
import { importSources } from '../../src/lib/data/importer';
import { inspectSource } from '../../src/lib/data/inspect';
import { duckdb, tempDir } from '../../src/cli/duckdb';
import { decodeChunk, type CellKind } from '../../src/lib/data/parquet-pages';
import { fileSource } from './helpers';
import { cellsOf, chunks } from './parquet-chunks';

/** Ids (some null, blank, with spaces or not ASCII), days and amounts (some null, negative or tiny), sorted by customer in part. */
const ID = `CASE WHEN i % 97 = 0 THEN NULL WHEN i % 101 = 0 THEN ' c1' WHEN i % 103 = 0 THEN '' WHEN i % 31 = 0 THEN 'Zoë' || (i % 7) ELSE 'c' || (i // 3 % 3000) END`;
const DAY = `CASE WHEN i % 89 = 0 THEN NULL ELSE DATE '2020-01-01' + (i % 700)::INT END`;
const AMOUNT = `CASE WHEN i % 83 = 0 THEN NULL WHEN i % 79 = 0 THEN -4 WHEN i % 73 = 0 THEN 1e-7 ELSE round((i % 1000) / 7.0, 2) END`;

/** Whether the own decoder reads every chunk of the three columns. */
function decodes(file: ArrayBuffer): boolean {
  const columns: [string, CellKind][] = [['customer_id', 'id'], ['date', 'day'], ['amount', 'number']];
  return columns.every(([column, kind]) => chunks(file, column).every((c) => decodeChunk(c.bytes, c.element, c.meta, cellsOf(kind, c.rows), kind, () => 0, compressors)));
}

async function imported(date: string, amount: string, options: string, decoded: boolean): Promise<unknown[]> {
  const dir = tempDir();
  const path = `${dir}/t.parquet`;
  await (await duckdb()).run(`COPY (SELECT ${ID} AS customer_id, ${date} AS date, ${amount} AS amount FROM range(9000) t(i)) TO '${path}' (FORMAT parquet, ${options})`);
  const bytes = new Uint8Array(await fileSource(path, 'parquet').blob.arrayBuffer());
  expect(decodes(bytes.buffer)).toBe(decoded);
  const rows = await parquetReadObjects({ file: bytes.buffer, compressors });
  writeFileSync(`${dir}/t.csv`, ['customer_id,date,amount', ...rows.map((r) => [r.customer_id, r.date, r.amount].map(cellText).join(','))].join('\n') + '\n');
  const results = [];
  for (const source of [fileSource(`${dir}/t.csv`), fileSource(path, 'parquet')]) {
    const { options: o } = await inspectSource(source);
    const { dataset, report } = await importSources([source], o);
    results.push({ mapping: o.mapping, fingerprint: fingerprint(dataset), dataset, report: { ...report, files: report.files.map((f) => ({ ...f, name: '', bytes: 0 })), rejected: report.rejected.map((r) => ({ ...r, examples: r.examples.map((e) => ({ ...e, file: '' })) })) } });
  }
  expect(results[0].report.rowsRejected).toBeGreaterThan(200);
  return results;
}

describe('Parquet import through the own decoder or hyparquet', () => {
  it.each([
    ['DATE, DOUBLE, dictionary ids (decoded)', DAY, AMOUNT, 'ROW_GROUP_SIZE 2048', true],
    ['TIMESTAMP with times of day, DECIMAL(9,2) (decoded)', `CASE WHEN i % 89 = 0 THEN NULL ELSE TIMESTAMP '2020-01-01 23:59:59' + INTERVAL (i % 700) DAY END`, `CAST(${AMOUNT} AS DECIMAL(9, 2))`, 'ROW_GROUP_SIZE 2048, COMPRESSION zstd', true],
    ['TIMESTAMP_MS, FLOAT (decoded)', `CAST(TIMESTAMP '2020-01-01 10:00:00' + INTERVAL (i) HOUR AS TIMESTAMP_MS)`, `CAST(${AMOUNT} AS FLOAT)`, 'ROW_GROUP_SIZE 2048', true],
    ['BIGINT amounts (left to hyparquet)', DAY, `CAST(${AMOUNT} AS BIGINT)`, 'ROW_GROUP_SIZE 2048', false],
    ['Parquet V2: DELTA dates (left to hyparquet)', DAY, AMOUNT, 'ROW_GROUP_SIZE 2048, PARQUET_VERSION V2', false],
  ])('%s: the dataset and report of the CSV of its cells', async (_, date, amount, options, decoded) => {
    const [csv, parquet] = await imported(date, amount, options, decoded);
    expect(parquet).toEqual(csv);
  });
});
