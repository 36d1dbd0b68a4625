// docs/customer-days.sql on real DuckDB over a raw retail export (line items, cancellations, rows
// without a customer): the app's import of its output is the dataset of the raw file.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/lib/data/dataset';
import { importSources } from '../../src/lib/data/importer';
import { inspectSource } from '../../src/lib/data/inspect';
import { retailCsvLines } from '../../src/lib/synthetic/transactions';
import { duckdb, tempDir } from '../../src/cli/duckdb';
import { fileSource } from './helpers';

const SQL = readFileSync(fileURLToPath(new URL('../../docs/customer-days.sql', import.meta.url)), 'utf8');

async function importFile(path: string) {
  const source = fileSource(path);
  const inspection = await inspectSource(source);
  return { inspection, ...(await importSources([source], inspection.options)) };
}

/** Each customer's purchase days and amounts, by id: the dataset whatever order the file listed customers in. */
function byCustomer(d: Dataset): Map<string, [number, number][]> {
  return new Map(d.customerIds.map((id, c) => [id, Array.from({ length: d.customerStart[c + 1] - d.customerStart[c] }, (_, k): [number, number] => [d.purchaseDay[d.customerStart[c] + k], d.purchaseAmount[d.customerStart[c] + k]])]));
}

describe('customer-days.sql', () => {
  it('turns raw orders into customer-days that import as the same dataset', async () => {
    const dir = tempDir();
    const raw = join(dir, 'orders.csv');
    const lines = [...retailCsvLines({ rows: 20_000, seed: 11 })];
    // A few line items without a customer, as real exports have.
    for (let i = 50; i < lines.length; i += 997) lines[i] = lines[i].replace(/,(\d+),([A-Za-z ]+)$/, ',,$2');
    writeFileSync(raw, lines.join('\n'));
    const out = join(dir, 'customer-days.csv');
    const c = await duckdb();
    await c.run(`COPY (${SQL.replaceAll("'orders.csv'", `'${raw}'`)}) TO '${out}' (HEADER)`);

    const fromRaw = await importFile(raw);
    const fromDays = await importFile(out);
    expect(fromRaw.report.rowsRejected).toBe(21);
    expect(fromRaw.report.returns.rows).toBeGreaterThan(100);
    expect(fromDays.inspection.platform?.name).toBe('Customer-day file');
    expect(fromDays.report).toMatchObject({ rowsRejected: 0, rowsAccepted: fromRaw.dataset.summary.purchases });
    expect(fromDays.dataset.summary).toMatchObject({ customers: fromRaw.dataset.summary.customers, purchases: fromRaw.dataset.summary.purchases, firstDay: fromRaw.dataset.summary.firstDay, lastDay: fromRaw.dataset.summary.lastDay });
    const [a, b] = [byCustomer(fromRaw.dataset), byCustomer(fromDays.dataset)];
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [id, purchases] of a) {
      const other = b.get(id)!;
      expect(other.map((p) => p[0]), id).toEqual(purchases.map((p) => p[0]));
      other.forEach(([, amount], k) => expect(amount, id).toBeCloseTo(purchases[k][1], 9));
    }
    expect(fromDays.dataset.summary.revenue).toBeCloseTo(fromRaw.dataset.summary.revenue!, 6);
  }, 60_000);
});
