// Customer attributes in Chromium: apparelTrans.csv imported, apparelStaticCov.csv joined by id (a
// file without the ids refused first, naming its columns), a run, value by Gender and Channel in the
// Value view, the customer table filtered by a level, the Trust view's word on whether the models
// used them (chosen on validation inside the training data), and all of it again after a reload.
// Then an Online Retail export's Country mapped as an attribute: CLV by country, every list, the report.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, dropFiles, openApp, openReport, startQuickRun, startSession, type Session } from './browser';

let session: Session;
beforeAll(async () => (session = await startSession()));
afterAll(() => session?.close());

const fixture = (name: string) => new URL(`../fixtures/${name}`, import.meta.url).pathname;
const customersIn = async (rows: import('playwright-core').Locator) => (await rows.locator('td:nth-child(2)').allTextContents()).reduce((s, t) => s + Number(t.replace(/,/g, '')), 0);

describe('customer attributes', () => {
  it('joins a file of one row per customer and breaks the prediction down by its attributes', async () => {
    const { page, errors } = await openApp(session);
    await dropFiles(page, [{ name: 'apparelTrans.csv', content: readFileSync(fixture('apparelTrans.csv'), 'utf8') }]);
    await page.getByRole('button', { name: 'Import file' }).click();
    await page.getByTestId('customers').waitFor();

    const pick = page.getByLabel('Choose a file of customer attributes');
    await pick.setInputFiles({ name: 'wrong.csv', mimeType: 'text/csv', buffer: Buffer.from('code,size\nX1,big\nX2,small\n') });
    expect(await page.getByTestId('attributes-error').textContent()).toBe('No column of wrong.csv holds the dataset\'s customer ids: none of its values (first row: code = "X1", size = "big") is a customer of the transactions.');
    await pick.setInputFiles(fixture('apparelStaticCov.csv'));
    expect(await page.getByTestId('attributes-joined').textContent()).toBe('Customer attributes: apparelStaticCov.csv: 600 rows joined by Id; Gender (2 levels), Channel (2 levels); 600 customers have attributes.');
    await expect.poll(() => page.getByTestId('attributes-error').count()).toBe(0);

    await startQuickRun(page, { name: 'Apparel with attributes', backtest: true });
    await page.getByTestId('result').waitFor({ timeout: 300_000 });

    // Trust: with or without the attributes, why, and both variants' validation figures.
    await page.getByRole('tab', { name: 'Trust' }).click();
    const choice = page.getByTestId('attributes-choice');
    await choice.waitFor();
    const said = (await choice.textContent())!;
    expect(said).toMatch(/^Customer attributes \(Gender, Channel\): (used|not used)\. The blend's forecast of the \d+-day validation window inside the calibration data had RMSE [\d.]+ with the attributes \(Gender, Channel\) and [\d.]+ without: .*the models (use|do not use) them\. On the \d+-day validation window, with the attributes: RMSE [\d.]+, Spearman [\d.-]+, total [\d.-]+% \(the LSTM alone RMSE [\d.]+\); without: RMSE /);
    const used = said.includes('): used.');
    const rows = await page.getByTestId('metrics').locator('tbody th').allTextContents();
    expect(rows.slice(0, 3)).toEqual(['deep model', used ? 'deep model with attributes' : 'deep model without attributes', used ? 'deep model without attributes' : 'deep model with attributes']);
    await page.getByTestId('result').screenshot({ path: `${ARTIFACTS}/attributes-trust.png` });
    const byAttribute = async () => {
      await page.getByRole('tab', { name: 'Value' }).click();
      const section = page.getByTestId('by-attribute');
      await section.waitFor();
      const rows = section.locator('tbody tr');
      expect(await rows.locator('th').allTextContents()).toEqual(expect.arrayContaining(['0', '1']));
      expect(await customersIn(rows)).toBe(600);
      await expect.poll(() => section.locator('[data-chart="by-attribute"] canvas').count()).toBe(1);
      expect(await section.getByTestId('attributes-use').textContent()).toMatch(/^The (deep model uses the attributes|models do not use the attributes)/);
      return section;
    };
    const section = await byAttribute();
    await section.getByLabel('Attribute').selectOption({ label: 'Channel' });
    await expect.poll(() => section.locator('thead th').first().textContent()).toBe('Channel');
    expect(await customersIn(section.locator('tbody tr'))).toBe(600);
    await page.getByTestId('result').screenshot({ path: `${ARTIFACTS}/attributes-value.png` });

    // The customer table, filtered by one level of Channel: its count is that level's.
    const [level, customers] = [await section.locator('tbody tr th').first().textContent(), await section.locator('tbody tr td').first().textContent()];
    await page.getByRole('tab', { name: 'Customers' }).click();
    await page.getByTestId('view-customers').waitFor();
    await page.getByLabel('Channel').selectOption({ label: level! });
    await expect.poll(() => page.getByTestId('table-count').textContent()).toBe(`${customers} of 600 customers`);

    // The report has a chart for each attribute: 4 of the prediction, 2 of Gender and Channel.
    const [report] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download report' }).click()]);
    const html = readFileSync((await report.path())!, 'utf8');
    expect([...html.matchAll(/<img alt="([^"]*)"/g)].map((m) => m[1]).slice(4, 6)).toEqual(['predicted value by Gender, with 80% intervals', 'predicted value by Channel, with 80% intervals']);
    expect(html).toContain(`<p>${said.replace(/'/g, '&#39;')}</p>`);

    // Stored with the run's dataset: there after a reload.
    await page.reload();
    await page.getByTestId('run-row').filter({ hasText: 'Apparel with attributes' }).getByRole('button', { name: 'Open' }).click();
    await page.getByTestId('result').waitFor();
    await byAttribute();
    expect(errors).toEqual([]);
    await page.context().close();
  }, 360_000);

  it('reads Country from the rows of an Online Retail export: CLV by country, every list and the report', async () => {
    const { page, errors } = await openApp(session);
    await dropFiles(page, [{ name: 'online-retail-countries.csv', content: readFileSync(fixture('online-retail-countries.csv'), 'utf8') }]);
    await page.getByTestId('platform').waitFor();
    await page.getByRole('button', { name: /Read a column as a customer attribute/ }).click();
    await page.getByLabel('Customer attribute').selectOption({ label: 'Country' });
    await expect.poll(() => page.getByLabel('Customer attribute').inputValue()).toBe('7');
    await page.locator('section', { has: page.getByTestId('mapping') }).screenshot({ path: `${ARTIFACTS}/attributes-mapping.png` });
    await page.getByRole('button', { name: 'Import file' }).click();
    await page.getByTestId('customers').waitFor();
    expect(await page.getByTestId('attributes-joined').textContent()).toBe(
      'Customer attributes: From the transactions, each customer\'s latest value: Country (6 levels, 5 rare ones pooled as "other"); 2 customers changed Country from row to row (the latest is kept).',
    );
    const customers = Number((await page.getByTestId('customers').textContent())!.replace(/\D/g, ''));

    await startQuickRun(page, { name: 'Online Retail by country' });
    await page.getByTestId('result').waitFor({ timeout: 300_000 });
    await page.getByRole('tab', { name: 'Value' }).click();
    const section = page.getByTestId('by-attribute');
    await section.waitFor();
    expect(await section.locator('thead th').first().textContent()).toBe('Country');
    expect(await section.locator('tbody tr th').allTextContents()).toEqual(expect.arrayContaining(['United Kingdom', 'France', 'Germany', 'Spain', 'Switzerland', 'other']));
    expect(await customersIn(section.locator('tbody tr'))).toBe(customers);
    await expect.poll(() => section.locator('[data-chart="by-attribute"] canvas').count()).toBe(1);
    await page.getByTestId('result').screenshot({ path: `${ARTIFACTS}/attributes-country.png` });

    await page.getByRole('tab', { name: 'Lists' }).click();
    for (const kind of ['winBack', 'best', 'nextWeek', 'newcomers']) {
      const list = page.getByTestId(`list-${kind}`);
      await list.waitFor();
      const qualify = Number((await list.getByTestId('list-count').textContent())!.split(' ')[0].replace(/,/g, ''));
      // Win back depends on who the models think is gone; the others always have customers here.
      if (kind === 'winBack' && qualify === 0) continue;
      expect([kind, qualify > 0]).toEqual([kind, true]);
      const [file] = await Promise.all([page.waitForEvent('download'), list.getByRole('button', { name: 'Download CSV' }).click()]);
      const lines = readFileSync((await file.path())!, 'utf8').trim().split('\n');
      expect([kind, lines[0].split(',')[0], lines.length]).toEqual([kind, 'customer_id', Math.min(qualify, 100) + 1]);
    }

    const { html, reader } = await openReport(page, 'report-country');
    expect([...html.matchAll(/<img alt="([^"]*)"/g)].map((m) => m[1])).toContain('predicted value by Country, with 80% intervals');
    expect(await reader.getByRole('row', { name: /Customer attributes/ }).textContent()).toMatch(/From the transactions, each customer's latest value: Country/);
    await reader.screenshot({ path: `${ARTIFACTS}/report-country.png`, fullPage: true });
    await reader.close();
    expect(errors).toEqual([]);
    await page.context().close();
  }, 360_000);
});
