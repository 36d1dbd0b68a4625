// Parquet written by DuckDB (a real writer, several codecs, several row groups) imports into the same
// dataset as the CSV of the same table; a truncated file says so.
import { readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/lib/data/fingerprint';
import { importSources, type ImportProgress } from '../../src/lib/data/importer';
import { inspectSource } from '../../src/lib/data/inspect';
import { cellText } from '../../src/lib/data/cells';
import { cdnowParquet, tempDir, toParquet } from '../../src/cli/duckdb';
import { seededRandom } from '../../src/lib/util/random';
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

  it('plain and bad cells in any order: the dataset and the report of the CSV of the same table', async () => {
    // Ids the fast path takes (ASCII, non-ASCII) and ones it leaves to the row reader (spaces at an
    // end, blank, missing); amounts it leaves (negative, tiny, huge); row groups with and without those.
    const random = seededRandom(14);
    const pick = <T,>(xs: T[]) => xs[Math.floor(random() * xs.length)];
    const ids = ['A1', 'B2', 'C3', 'Zoë', 'Ünï', 'x-9', ' A1', 'B2 ', '', '  ', 'N1', 'N2', 'N3'];
    const amounts = ['12.5', '0', '3', '0.1', '-4', '1e-7', '2000000000000000', '', '7.25'];
    const lines = ['customer_id,date,amount'];
    for (let i = 0; i < 7000; i++) {
      // An id first met in a rejected row, then another id's row, then its own: customers still in
      // order of their first accepted row.
      if (i === 4096) lines.push('N0,2021-01-01,', 'N9,2021-01-01,5', 'N0,2021-01-02,5');
      // The first two row groups plain: the fast path alone.
      const plain = i < 4096;
      const day = `2021-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 10)}`;
      lines.push([plain ? pick(ids.slice(0, 6)) : pick(ids), day, plain ? pick(amounts.filter((a) => !a.startsWith('-') && a !== '' && !a.includes('e') && a.length < 10)) : pick(amounts)].join(','));
    }
    const dir = tempDir();
    writeFileSync(`${dir}/cells.csv`, lines.join('\n') + '\n');
    const parquetPath = await toParquet(`${dir}/cells.csv`, `${dir}/cells.parquet`, { customer_id: 'VARCHAR', date: 'DATE', amount: 'DOUBLE' }, 'snappy', 2048);
    const results = [];
    for (const source of [fileSource(`${dir}/cells.csv`), fileSource(parquetPath, 'parquet')]) {
      const { options } = await inspectSource(source);
      const { dataset, report } = await importSources([source], options);
      results.push({ dataset, fingerprint: fingerprint(dataset), report: { ...report, files: report.files.map((f) => ({ ...f, name: '', bytes: 0 })), rejected: report.rejected.map((r) => ({ ...r, examples: r.examples.map((e) => ({ ...e, file: '' })) })) } });
    }
    expect(results[0].report.rowsRejected).toBeGreaterThan(100);
    expect(results[1]).toEqual(results[0]);
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
