// A database written with an older feature schema (tests/fixtures/old-schema-db.json, made by
// make-old-schema-db.ts): the app lists its run, opens its results, says why its model cannot be used,
// and trains again with the run's own data and settings in one click.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, openApp, startSession, type Session } from './browser';
import { loadExport } from './idb-export';

const EXPORT = readFileSync(new URL('../fixtures/old-schema-db.json', import.meta.url), 'utf8');
const OLD = 'Trained by an older version';
const AGAIN = `${OLD} (trained again)`;

let session: Session;
beforeAll(async () => {
  session = await startSession();
});
afterAll(() => session?.close());

const row = (page: Page, name: string) => page.getByTestId('run-row').filter({ has: page.getByTestId('run-name').getByText(name, { exact: true }) });

describe('a database from an older version', () => {
  it('lists and opens the old run, gives the reason its model is refused, and trains it again in one click', async () => {
    const { page, errors } = await openApp(session);
    await loadExport(page, EXPORT);
    await page.reload();

    const old = row(page, OLD);
    await old.waitFor();
    expect(await old.getByTestId('run-status').textContent()).toBe('done');
    await expect.poll(() => old.getByTestId('model-refused').textContent({ timeout: 1000 }).catch(() => null), { timeout: 20_000 })
      .toMatch(/^The saved model cannot predict this data: its features \(schema \d+\.\d+\) differ from this version's \(\d+\.\d+\)\. Train a new model instead\.$/);
    expect(await old.getByRole('button', { name: 'Predict with this model' }).count()).toBe(0);
    await page.getByTestId('runs').screenshot({ path: `${ARTIFACTS}/old-schema-runs.png` });

    // Its results stay readable.
    const listed = await old.locator('td.num').textContent();
    await old.getByRole('button', { name: 'Open' }).click();
    await expect.poll(() => page.getByTestId('result').locator('h2').textContent()).toBe(OLD);
    expect(await page.getByTestId('headline-revenue').textContent()).toBe(listed);
    // The fixture's data ends on 1998-06-20, its run's cut-off.
    const window = 'Data up to 1998-06-20; predictions for the 90 days to 1998-09-18.';
    expect(await page.getByTestId('headline-window').textContent()).toBe(window);

    // One click: its stored dataset, its settings, a new model.
    await old.getByRole('button', { name: 'Train again with the same settings' }).click();
    await page.getByTestId('training').waitFor();
    await page.getByTestId('result').filter({ hasText: AGAIN }).waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('headline-window').textContent()).toBe(window);
    const again = row(page, AGAIN);
    await again.waitFor();
    expect(await again.getByTestId('run-status').textContent()).toBe('done');
    expect(await again.locator('td').nth(3).textContent()).toBe(await old.locator('td').nth(3).textContent());
    await expect.poll(() => again.getByRole('button', { name: 'Predict with this model' }).count(), { timeout: 20_000 }).toBe(1);
    expect(await again.getByTestId('model-refused').count()).toBe(0);
    // The old run is still there, its model still refused.
    expect(await old.getByTestId('run-status').textContent()).toBe('done');
    expect(await old.getByTestId('model-refused').count()).toBe(1);
    await page.screenshot({ path: `${ARTIFACTS}/old-schema-retrained.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);
});
