// Excel workbooks written by a real writer (write-excel-file): the first sheet by default, another
// when chosen; CDNOW_sample as typed cells imports into the CSV's dataset.
import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/lib/data/fingerprint';
import { importSources } from '../../src/lib/data/importer';
import { inspectSource } from '../../src/lib/data/inspect';
import { cdnowWorkbook } from '../../src/cli/workbooks';
import { fileSource, fixture, textSource } from './helpers';

describe('Excel import', () => {
  it('CDNOW_sample.xlsx: the first sheet, 2,357 customers, 6,919 rows, 6,696 purchases, the CSV fingerprint', async () => {
    const csv = fileSource(fixture('CDNOW_sample.txt'));
    const fromCsv = await importSources([csv], (await inspectSource(csv)).options);
    const source = textSource(await cdnowWorkbook(fixture('CDNOW_sample.txt')), 'CDNOW_sample.xlsx', 'xlsx');
    const inspection = await inspectSource(source);
    expect(inspection.sheets).toEqual({ all: ['CDNOW', 'Two customers'], chosen: 'CDNOW' });
    expect(inspection.labels).toEqual(['customer_id', 'date', 'number_of_cds', 'dollar_value']);
    expect(inspection.preview[0]).toEqual(['00004', '1997-01-01', '2', '29.33']);
    const { dataset, report } = await importSources([source], inspection.options);
    expect(report).toMatchObject({ rowsRead: 6919, rowsAccepted: 6919, rowsRejected: 0 });
    expect(dataset.summary).toMatchObject({ rows: 6919, customers: 2357, purchases: 6696 });
    expect(fingerprint(dataset)).toBe(fingerprint(fromCsv.dataset));
  });

  it('reads the sheet chosen, and names the sheets when the one asked for is not there', async () => {
    const source = textSource(await cdnowWorkbook(fixture('CDNOW_sample.txt')), 'book.xlsx', 'xlsx');
    const inspection = await inspectSource(source, { sheet: 'Two customers' });
    expect(inspection.options.sheet).toBe('Two customers');
    const { dataset } = await importSources([source], inspection.options);
    expect(dataset.summary).toMatchObject({ customers: 2, purchases: 2, revenue: 12.5 });
    await expect(inspectSource(source, { sheet: 'Orders' })).rejects.toThrow('book.xlsx has no sheet "Orders" (its sheets: CDNOW, Two customers).');
  });

  it('a file that is not a workbook says so', async () => {
    await expect(inspectSource(textSource('customer,date\nA,2021-01-01\n', 'orders.xlsx', 'xlsx'))).rejects.toThrow(/^orders\.xlsx is not a readable Excel workbook \(.+\)\. Save it again from Excel, or export CSV\.$/);
  });
});
