// DuckDB (a dev dependency) where tests and benchmarks need files a real tool writes: Parquet versions of
// the CDNOW files and of generated data; and to run docs/customer-days.sql.
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function duckdb() {
  const instance = await DuckDBInstance.create(':memory:');
  return instance.connect();
}

export const tempDir = () => mkdtempSync(join(tmpdir(), 'clv-duckdb-'));

/** A comma CSV with a header as a typed Parquet file (`columns`: name -> DuckDB type). */
export async function toParquet(csv: string, out: string, columns: Record<string, string>, compression = 'snappy', rowGroupSize = 122_880): Promise<string> {
  const types = Object.entries(columns).map(([name, type]) => `'${name}': '${type}'`).join(', ');
  const c = await duckdb();
  await c.run(`COPY (SELECT * FROM read_csv('${csv}', header = true, columns = {${types}})) TO '${out}' (FORMAT parquet, COMPRESSION ${compression}, ROW_GROUP_SIZE ${rowGroupSize})`);
  return out;
}

/** A CDNOW file's lines (whitespace-separated, YYYYMMDD; the sample has a second id before the date) as [id, ISO day, cds, value]. */
export function cdnowRows(txt: string): [string, string, string, string][] {
  return readFileSync(txt, 'utf8').trim().split(/\r?\n/).map((l) => l.trim().split(/\s+/)).filter((f) => /^\d{8}$/.test(f.at(-3)!)).map((f) => {
    const [day, cds, value] = f.slice(-3);
    return [f[0], `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}`, cds, value];
  });
}

/** A CDNOW file as Parquet: VARCHAR ids, DATE days. */
export async function cdnowParquet(txt: string, compression = 'snappy', rowGroupSize = 2000, dir = tempDir()): Promise<string> {
  const csv = join(dir, 'cdnow.csv');
  writeFileSync(csv, ['customer_id,date,number_of_cds,dollar_value', ...cdnowRows(txt).map((r) => r.join(','))].join('\n'));
  const name = txt.split('/').pop()!.replace(/\.txt$/, '');
  return toParquet(csv, join(dir, `${name}-${compression}.parquet`), { customer_id: 'VARCHAR', date: 'DATE', number_of_cds: 'INTEGER', dollar_value: 'DOUBLE' }, compression, rowGroupSize);
}

/** A generated transactions CSV (customer_id, date, amount) as the customer-day file of README's big-data path, sorted by customer and day. */
export async function toCustomerDays(csv: string, out: string): Promise<string> {
  const c = await duckdb();
  await c.run(
    `COPY (SELECT customer_id, date AS day, sum(amount) AS amount, count(*) AS orders FROM read_csv('${csv}', header = true, columns = {'customer_id': 'VARCHAR', 'date': 'VARCHAR', 'amount': 'DOUBLE'}) ` +
      `GROUP BY customer_id, date HAVING sum(amount) > 0 ORDER BY customer_id, day) TO '${out}' (HEADER)`,
  );
  return out;
}
