// DuckDB (dev dependency) for tests that need files real tools write: Parquet versions of the CDNOW
// sample, and the customer-day SQL of docs/customer-days.sql run on a fixture.
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function duckdb() {
  const instance = await DuckDBInstance.create(':memory:');
  return instance.connect();
}

export const tempDir = () => mkdtempSync(join(tmpdir(), 'clv-duckdb-'));

/** CDNOW_sample.txt (whitespace-separated, no header) as a typed Parquet file: VARCHAR ids, DATE days. */
export async function cdnowParquet(sampleTxt: string, compression = 'snappy', rowGroupSize = 2000): Promise<string> {
  const dir = tempDir();
  const csv = join(dir, 'cdnow.csv');
  const lines = readFileSync(sampleTxt, 'utf8').trim().split(/\r?\n/).map((l) => l.trim().split(/\s+/));
  writeFileSync(csv, ['customer_id,date,number_of_cds,dollar_value', ...lines.map(([id, , day, cds, value]) => `${id},${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)},${cds},${value}`)].join('\n'));
  const out = join(dir, `cdnow-${compression}.parquet`);
  const c = await duckdb();
  await c.run(`COPY (SELECT * FROM read_csv('${csv}', header = true, columns = {'customer_id': 'VARCHAR', 'date': 'DATE', 'number_of_cds': 'INTEGER', 'dollar_value': 'DOUBLE'})) TO '${out}' (FORMAT parquet, COMPRESSION ${compression}, ROW_GROUP_SIZE ${rowGroupSize})`);
  return out;
}
