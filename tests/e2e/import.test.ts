// The import flow in a real Chromium on the built app, served under a GitHub Pages-like sub-path.
import { mkdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { cdnowParquet } from '../../src/cli/duckdb';
import { cdnowWorkbook } from '../../src/cli/workbooks';
import { ARTIFACTS, dropFiles, openApp, startSession, type Session } from './browser';

let session: Session;
beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  session = await startSession();
});
afterAll(() => session?.close());

const cdnowSample = readFileSync(new URL('../fixtures/CDNOW_sample.txt', import.meta.url), 'utf8');
const cdnowSamplePath = fileURLToPath(new URL('../fixtures/CDNOW_sample.txt', import.meta.url));
const CDNOW_SAMPLE = ['2,357 customers', '6,919 rows', '6,696 purchases'];

/** Picks one file with the labelled input (the way a user chooses it). */
const pick = (page: Page, name: string, buffer: Buffer) =>
  page.getByLabel('Choose transaction files (CSV, TSV, TXT, JSON or NDJSON)').setInputFiles({ name, mimeType: 'application/octet-stream', buffer });

/** Imports with the options shown and reads the dataset's customers, rows and purchases. */
async function importedSummary(page: Page): Promise<(string | null)[]> {
  await page.getByRole('button', { name: 'Import file' }).click();
  await page.getByTestId('customers').waitFor();
  return Promise.all(['customers', 'rows', 'purchases'].map((id) => page.getByTestId(id).textContent()));
}

describe('import in the browser', () => {
  it('drops CDNOW_sample.txt and shows 2,357 customers, 6,919 rows, 6,696 purchases', async () => {
    const { page, errors } = await openApp(session);
    await dropFiles(page, [{ name: 'CDNOW_sample.txt', content: cdnowSample }]);
    await expect.poll(() => page.locator('#opt-delimiter').inputValue()).toBe('whitespace');
    expect(await page.locator('#opt-date').inputValue()).toBe('ymd-compact');
    expect(await page.getByTestId('preview').locator('tbody tr').count()).toBe(20);
    await page.screenshot({ path: `${ARTIFACTS}/import-review.png`, fullPage: true });
    await page.getByRole('button', { name: 'Import file' }).click();
    await page.getByTestId('customers').waitFor();
    expect(await page.getByTestId('customers').textContent()).toBe('2,357 customers');
    expect(await page.getByTestId('rows').textContent()).toBe('6,919 rows');
    expect(await page.getByTestId('purchases').textContent()).toBe('6,696 purchases');
    expect(await page.locator('#run-cutoff').inputValue()).toBe('1998-06-30');
    await page.screenshot({ path: `${ARTIFACTS}/import-done.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('picks a gzipped CDNOW_sample.txt.gz and shows the same dataset', async () => {
    const { page } = await openApp(session);
    await pick(page, 'CDNOW_sample.txt.gz', readFileSync(new URL('../fixtures/CDNOW_sample.txt.gz', import.meta.url)));
    await expect.poll(() => page.locator('#opt-delimiter').inputValue()).toBe('whitespace');
    expect(await importedSummary(page)).toEqual(CDNOW_SAMPLE);
    await page.context().close();
  });

  it('drops a Parquet file of CDNOW_sample (written by DuckDB, zstd) and shows the same dataset', async () => {
    const { page, errors } = await openApp(session);
    await pick(page, 'cdnow.parquet', readFileSync(await cdnowParquet(cdnowSamplePath, 'zstd')));
    expect(await importedSummary(page)).toEqual(CDNOW_SAMPLE);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('picks an Excel workbook of CDNOW_sample: its first sheet by default, the other when chosen', async () => {
    const { page, errors } = await openApp(session);
    await pick(page, 'CDNOW_sample.xlsx', await cdnowWorkbook(cdnowSamplePath));
    await expect.poll(() => page.locator('#opt-sheet').inputValue()).toBe('CDNOW');
    await page.locator('#opt-sheet').selectOption('Two customers');
    await expect.poll(() => page.getByTestId('preview').locator('tbody tr').count()).toBe(2);
    await page.locator('#opt-sheet').selectOption('CDNOW');
    await expect.poll(() => page.getByTestId('preview').locator('tbody tr').count()).toBe(20);
    expect(await importedSummary(page)).toEqual(CDNOW_SAMPLE);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('picks several files with the labelled file input and appends them', async () => {
    const { page } = await openApp(session);
    const input = page.getByLabel('Choose transaction files (CSV, TSV, TXT, JSON or NDJSON)');
    await input.setInputFiles([
      { name: 'jan.csv', mimeType: 'text/csv', buffer: Buffer.from('customer;date;amount\nA;05/01/2021;1,50\nB;13/01/2021;2,00\n') },
      { name: 'feb.csv', mimeType: 'text/csv', buffer: Buffer.from('customer;date;amount\nA;02/02/2021;3,00\n') },
    ]);
    await expect.poll(() => page.locator('#opt-decimal').inputValue()).toBe(',');
    expect(await page.locator('#opt-date').inputValue()).toBe('dmy');
    await page.getByRole('button', { name: 'Import 2 files' }).click();
    await page.getByTestId('customers').waitFor();
    expect(await page.getByTestId('customers').textContent()).toBe('2 customers');
    expect(await page.getByTestId('purchases').textContent()).toBe('3 purchases');
    await page.context().close();
  });

  it('loads the bundled sample relative to the sub-path', async () => {
    const { page } = await openApp(session);
    await page.getByRole('button', { name: /CDNOW sample/ }).click();
    await page.getByRole('button', { name: 'Import file' }).click();
    await page.getByTestId('customers').waitFor();
    expect(await page.getByTestId('customers').textContent()).toBe('2,357 customers');
    await page.context().close();
  });

  it('shows rejected rows with row, column and value, and displays hostile text literally', async () => {
    const { page } = await openApp(session);
    const csv = 'customer,date,amount\n<img src=x onerror="window.pwned=1">,2021-01-01,1\nB,2021-02-30,2\nC,2021-01-03,abc\n';
    await dropFiles(page, [{ name: 'bad.csv', content: csv }]);
    await page.getByRole('button', { name: 'Import file' }).click();
    await page.getByTestId('report').waitFor();
    const report = await page.getByTestId('report').textContent();
    expect(report).toContain('1 of 3 rows accepted');
    expect(report).toMatch(/unparseable date\s*1\s*bad\.csv row 3, column "date": 2021-02-30/);
    expect(report).toMatch(/non-numeric amount\s*1\s*bad\.csv row 4, column "amount": abc/);
    expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
    await page.context().close();
  });

  it('cancel stops a running import and leaves a working page', async () => {
    const { page } = await openApp(session);
    // 4M rows (100 MB), made in the page: 400k rows took 0.4 s, and a cancel sometimes came after the import had finished.
    const dataTransfer = await page.evaluateHandle(() => {
      const rows = Array.from({ length: 400_000 }, (_, i) => `C${i % 5000},2021-0${(i % 9) + 1}-1${i % 10},${i % 90}.5\n`).join('');
      const dt = new DataTransfer();
      dt.items.add(new File(['customer,date,amount\n', ...Array<string>(10).fill(rows)], 'big.csv', { type: 'text/plain' }));
      return dt;
    });
    await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer });
    await page.getByRole('button', { name: 'Import file' }).click();
    await page.getByTestId('progress').getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByTestId('import-error').textContent()).toContain('Import cancelled');
    await page.getByRole('button', { name: 'Import file' }).click();
    await page.getByTestId('customers').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('customers').textContent()).toBe('5,000 customers');
    await page.context().close();
  });
});

describe('import from HTTP endpoints', () => {
  async function load(url: string, opts: { format?: string; path?: string; header?: [string, string] } = {}) {
    const { page } = await openApp(session);
    await page.getByText('Or load from an HTTP endpoint').click();
    await page.getByLabel('URL').fill(url);
    if (opts.format) await page.getByLabel('Format').selectOption(opts.format);
    if (opts.path) await page.getByLabel('JSON path to the array').fill(opts.path);
    if (opts.header) {
      await page.getByRole('button', { name: 'Add header' }).click();
      await page.getByLabel('Header name 1').fill(opts.header[0]);
      await page.getByLabel('Header value 1').fill(opts.header[1]);
    }
    await page.getByRole('button', { name: 'Load from URL' }).click();
    await page.locator('[data-testid=import-error], [data-testid=preview]').first().waitFor();
    return page;
  }

  it.each([
    ['/orders.csv', {}],
    ['/orders.json', { path: 'data.items' }],
    ['/orders.ndjson', {}],
    ['/private.csv', { header: ['Authorization', 'Bearer s3cret'] as [string, string] }],
  ])('%s imports', async (path, opts) => {
    const page = await load(session.endpoints.url + path, opts);
    await page.getByRole('button', { name: 'Import file' }).click();
    await page.getByTestId('customers').waitFor();
    expect(await page.getByTestId('customers').textContent()).toBe('3 customers');
    expect(await page.getByTestId('purchases').textContent()).toBe('4 purchases');
    const stored = await page.evaluate(() => localStorage.getItem('clv.endpoint'));
    expect(stored).not.toContain('s3cret');
    await page.context().close();
  });

  it('says the server failed with its status', async () => {
    const page = await load(session.endpoints.url + '/broken');
    expect(await page.getByTestId('import-error').textContent()).toMatch(/The server answered 500 Internal Server Error for http:\/\/127\.0\.0\.1:\d+\/broken/);
    await page.context().close();
  });

  it('explains a CORS refusal and what the server must send', async () => {
    const page = await load(session.endpoints.url + '/no-cors.csv');
    const message = await page.getByTestId('import-error').textContent();
    expect(message).toContain(`does not allow this page (${session.app.url}) to read its data (CORS)`);
    expect(message).toContain(`Access-Control-Allow-Origin: ${session.app.url}`);
    await page.context().close();
  });
});
