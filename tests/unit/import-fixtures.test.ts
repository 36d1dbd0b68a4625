import { describe, expect, it } from 'vitest';
import { formatDay } from '../../src/lib/data/calendar';
import { fingerprint } from '../../src/lib/data/fingerprint';
import { importSources } from '../../src/lib/data/importer';
import { inspectSource } from '../../src/lib/data/inspect';
import { fileSource, fixture, sample } from './helpers';

async function importFile(path: string) {
  const source = fileSource(path);
  const inspection = await inspectSource(source);
  const result = await importSources([source], inspection.options);
  return { inspection, ...result };
}

describe('import of real data files', () => {
  it('CDNOW_sample: whitespace-separated, no header, YYYYMMDD', async () => {
    const { inspection, dataset, report } = await importFile(fixture('CDNOW_sample.txt'));
    expect(inspection.dialect).toMatchObject({ delimiter: 'whitespace', hasHeader: false, lineEnding: 'CRLF' });
    expect(inspection.options.dateFormat).toBe('ymd-compact');
    expect(inspection.options.mapping).toMatchObject({ customer: 0, date: 2, amount: { kind: 'column', column: 4 } });
    expect(report.rowsRead).toBe(6919);
    expect(report.rowsAccepted).toBe(6919);
    expect(report.rowsRejected).toBe(0);
    expect(dataset.summary).toMatchObject({ rows: 6919, customers: 2357, purchases: 6696 });
    expect(formatDay(dataset.summary.firstDay)).toBe('1997-01-01');
    expect(formatDay(dataset.summary.lastDay)).toBe('1998-06-30');
    expect(dataset.summary.revenue).toBeCloseTo(244_091.94, 2);
    expect(dataset.customerIds[0]).toBe('00004');
    expect(dataset.summary.purchasesPerCustomer.slice(0, 2)).toEqual([1218, 403]);
  });

  it('CDNOW_sample.txt.gz: decompressed by the stream API into the same dataset as the text file', async () => {
    const [gz, txt] = await Promise.all([importFile(fixture('CDNOW_sample.txt.gz')), importFile(fixture('CDNOW_sample.txt'))]);
    expect(gz.inspection.bytes).toBe(50_312);
    expect(gz.inspection.options).toEqual(txt.inspection.options);
    expect(gz.dataset.summary).toMatchObject({ rows: 6919, customers: 2357, purchases: 6696 });
    expect(fingerprint(gz.dataset)).toBe(fingerprint(txt.dataset));
  });

  it('CDNOW_master: header detected from text over numbers', async () => {
    const { inspection, dataset } = await importFile(sample('CDNOW_master.txt'));
    expect(inspection.dialect?.hasHeader).toBe(true);
    expect(inspection.labels).toEqual(['customer_id', 'date', 'number_of_cds', 'dollar_value']);
    expect(inspection.options.mapping).toMatchObject({ customer: 0, date: 1, amount: { kind: 'column', column: 3 } });
    expect(dataset.summary).toMatchObject({ rows: 69_659, customers: 23_570, purchases: 67_591 });
  });

  it('apparelTrans: comma CSV with ISO dates and a Price column', async () => {
    const { inspection, dataset } = await importFile(fixture('apparelTrans.csv'));
    expect(inspection.dialect).toMatchObject({ delimiter: ',', hasHeader: true });
    expect(inspection.options.dateFormat).toBe('ymd');
    expect(inspection.options.mapping).toMatchObject({ customer: 0, date: 1, amount: { kind: 'column', column: 2 } });
    expect(dataset.summary).toMatchObject({ rows: 3187, customers: 600, purchases: 3183 });
    expect(formatDay(dataset.summary.firstDay)).toBe('2005-01-02');
  });

  it('example_transactions: date and id only, no amount', async () => {
    const { inspection, dataset } = await importFile(fixture('example_transactions.csv'));
    expect(inspection.options.mapping).toMatchObject({ customer: 1, date: 0, amount: { kind: 'none' } });
    expect(dataset.hasAmount).toBe(false);
    expect(dataset.summary).toMatchObject({ rows: 15_273, customers: 5000, purchases: 14_270, revenue: null });
  });

  it('purchases are sorted by customer and day, with CSR offsets', async () => {
    const { dataset } = await importFile(fixture('CDNOW_sample.txt'));
    const { customerStart, purchaseDay } = dataset;
    expect(customerStart.length).toBe(dataset.customerIds.length + 1);
    expect(customerStart[0]).toBe(0);
    expect(customerStart[customerStart.length - 1]).toBe(purchaseDay.length);
    for (let c = 0; c < dataset.customerIds.length; c++) {
      // Only customers with a purchase are in the dataset: no range is empty.
      expect(customerStart[c + 1]).toBeGreaterThan(customerStart[c]);
      for (let i = customerStart[c] + 1; i < customerStart[c + 1]; i++) expect(purchaseDay[i]).toBeGreaterThan(purchaseDay[i - 1]);
    }
  });
});
