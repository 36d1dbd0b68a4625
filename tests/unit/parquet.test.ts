// Parquet written by DuckDB (a real writer, several codecs, several row groups) imports into the same
// dataset as the CSV of the same table; a truncated file says so.
import { readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/lib/data/fingerprint';
import { importSources, type ImportProgress } from '../../src/lib/data/importer';
import { inspectSource } from '../../src/lib/data/inspect';
import { cellText } from '../../src/lib/data/cells';
import { cdnowParquet, tempDir } from '../../src/cli/duckdb';
import { fileSource, fixture } from './helpers';

let csvFingerprint: string;
beforeAll(async () => {
  const source = fileSource(fixture('CDNOW_sample.txt'));
  const { dataset } = await importSources([source], (await inspectSource(source)).options);
  csvFingerprint = fingerprint(dataset);
});

describe('Parquet import', () => {
  it.each(['snappy', 'zstd', 'gzip', 'uncompressed'])('CDNOW_sample as %s Parquet: 2,357 customers, 6,919 rows, 6,696 purchases, the CSV fingerprint', async (codec) => {
    const source = fileSource(await cdnowParquet(fixture('CDNOW_sample.txt'), codec), 'parquet');
    const inspection = await inspectSource(source);
    expect(inspection.labels).toEqual(['customer_id', 'date', 'number_of_cds', 'dollar_value']);
    expect(inspection.preview[0]).toEqual(['00004', '1997-01-01', '2', '29.33']);
    expect(inspection.options.mapping).toMatchObject({ customer: 0, date: 1, amount: { kind: 'column', column: 3 } });
    const progress: ImportProgress[] = [];
    const { dataset, report } = await importSources([source], inspection.options, { onProgress: (p) => progress.push(p) });
    expect(report).toMatchObject({ rowsRead: 6919, rowsAccepted: 6919, rowsRejected: 0 });
    expect(dataset.summary).toMatchObject({ rows: 6919, customers: 2357, purchases: 6696 });
    expect(fingerprint(dataset)).toBe(csvFingerprint);
    // One report per row group (DuckDB rounds ROW_GROUP_SIZE 2000 up to its vector size, 2,048), the bytes growing to the size of the file.
    expect(progress.map((p) => p.rows)).toEqual([0, 2048, 4096, 6144, 6919]);
    expect(progress.at(-1)!.bytesDone).toBe(source.blob.size);
  });

  it('a Parquet file cut short is refused with what to do', async () => {
    const whole = readFileSync(await cdnowParquet(fixture('CDNOW_sample.txt')));
    const path = `${tempDir()}/cut.parquet`;
    writeFileSync(path, whole.subarray(0, whole.length >> 1));
    const error = await inspectSource(fileSource(path, 'parquet')).catch((e: Error) => e);
    expect(error).toMatchObject({ name: 'ImportError', code: 'bad-parquet' });
    expect((error as Error).message).toMatch(/^cut\.parquet is not a readable Parquet file \(.+\)\. Export it again, or as CSV\.$/);
  });

  it('cells as the text a CSV would hold', () => {
    expect(cellText(new Date(Date.UTC(1997, 0, 1)))).toBe('1997-01-01');
    expect(cellText(new Date(Date.UTC(2011, 11, 9, 12, 50, 5)))).toBe('2011-12-09T12:50:05');
    expect(cellText(12345678901234567890n)).toBe('12345678901234567890');
    expect([cellText(null), cellText(undefined), cellText(0.1 + 0.2), cellText(true)]).toEqual(['', '', '0.30000000000000004', 'true']);
  });
});
