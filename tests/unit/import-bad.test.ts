import { describe, expect, it } from 'vitest';
import { importSources } from '../../src/lib/data/importer';
import { inspectSource } from '../../src/lib/data/inspect';
import { fileSource, fixture } from './helpers';

const bad = (name: string) => fileSource(fixture(`bad/${name}`));

async function importBad(name: string) {
  const source = bad(name);
  const inspection = await inspectSource(source);
  return { inspection, ...(await importSources([source], inspection.options)) };
}

describe('rows are accepted or rejected with a reason', () => {
  it('mixed-errors.csv: counts per reason with row, column and value', async () => {
    const { report, dataset } = await importBad('mixed-errors.csv');
    const counts = Object.fromEntries(report.rejected.map((r) => [r.reason, r.count]));
    expect(counts).toEqual({
      'blank-row': 1,
      'missing-id': 1,
      'unparseable-date': 2,
      'non-numeric-amount': 1,
      'missing-amount': 1,
      'date-out-of-range': 1,
      'repeated-header': 1,
      'missing-column': 1,
      'non-finite-amount': 1,
    });
    expect(report.rowsRead).toBe(13);
    expect(report.rowsAccepted + report.rowsRejected).toBe(report.rowsRead);
    expect(report.rowsAccepted).toBe(3);
    const date = report.rejected.find((r) => r.reason === 'unparseable-date')!;
    expect(date.examples[0]).toEqual({ file: 'mixed-errors.csv', row: 4, column: 'date', value: 'not a date' });
    expect(date.examples[1]).toMatchObject({ row: 10, value: '2020-02-30' });
    expect(report.rejected.find((r) => r.reason === 'non-numeric-amount')!.examples[0]).toEqual({ file: 'mixed-errors.csv', row: 5, column: 'amount', value: 'abc' });
    // A1's purchase and its same-day return net to zero: not a purchase. Leading zeros of ids are kept.
    expect(dataset.customerIds).toEqual(['007']);
    expect(dataset.summary).toMatchObject({ purchases: 1, customers: 1, revenue: 1234.5 });
    expect(report.returns).toMatchObject({ rows: 1, daysDropped: 1 });
  });

  it('returns-semicolon.csv: German export, quantity x unit price, C-invoices netted by day', async () => {
    const { inspection, dataset, report } = await importBad('returns-semicolon.csv');
    expect(inspection.dialect?.delimiter).toBe(';');
    expect(inspection.options).toMatchObject({ dateFormat: 'dmy', decimal: ',' });
    expect(inspection.options.mapping).toEqual({ customer: 1, date: 2, amount: { kind: 'product', columns: [3, 4] }, orderId: 0 });
    expect(dataset.customerIds).toEqual(['0042', '0100']);
    expect(Array.from(dataset.purchaseAmount)).toEqual([1.5, 3, 1000]);
    expect(report.returns).toMatchObject({ rows: 2, daysDropped: 1 });
  });

  it('the exclude policy drops return rows instead and reports them', async () => {
    const source = bad('returns-semicolon.csv');
    const { options } = await inspectSource(source);
    const { dataset, report } = await importSources([source], { ...options, returns: 'exclude' });
    expect(Array.from(dataset.purchaseAmount)).toEqual([3, 3, 6, 1000]);
    expect(report.rejected).toEqual([expect.objectContaining({ reason: 'return-excluded', count: 2 })]);
  });

  it('Latin-1 text with tabs and decimal commas', async () => {
    const { inspection, dataset } = await importBad('latin1-tab.tsv');
    expect(inspection.encoding?.encoding).toBe('windows-1252');
    expect(inspection.dialect?.delimiter).toBe('\t');
    expect(dataset.customerIds).toEqual(['émile', 'Zoë']);
    expect(Array.from(dataset.purchaseAmount)).toEqual([3.5, 4.25]);
  });

  it('UTF-8 BOM and CRLF do not leak into the header or values', async () => {
    const { inspection, dataset } = await importBad('bom-crlf.csv');
    expect(inspection.encoding).toMatchObject({ encoding: 'utf-8', bom: true });
    expect(inspection.labels).toEqual(['customer', 'date', 'amount']);
    expect(Array.from(dataset.purchaseAmount)).toEqual([1, 2]);
  });
});

describe('inputs that cannot be imported give one clear message', () => {
  it.each([
    ['empty.csv', /empty/],
    ['header-only.csv', /no rows/],
    ['all-invalid.csv', /None of the 2 rows could be used\. unparseable date: 2 \(first: all-invalid\.csv row 2, column "date", value "yesterday"\)/],
    ['binary.bin', /binary/],
  ])('%s', async (name, message) => {
    await expect(importBad(name)).rejects.toThrow(message);
  });

  it('an unterminated quote names the record instead of swallowing the rest of the file', async () => {
    await expect(importBad('unterminated-quote.csv')).rejects.toThrow(/Record 2 opens a quote \("\) that is never closed/);
    // Also when streaming chunk by chunk: the error surfaces at the end of the file.
    const source = bad('unterminated-quote.csv');
    const options = { ...(await inspectSource(bad('bom-crlf.csv'))).options };
    await expect(importSources([source], options)).rejects.toThrow(/Record 2 opens a quote/);
  });
});
