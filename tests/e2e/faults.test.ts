// Injected faults on the built app in Chromium: the worker crashes mid-training, the disk is full
// when the results are saved, the page reloads in the middle of saving. Afterwards the app works and
// the run saved before is intact.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSample, openApp, startQuickRun, startSession, type Session } from './browser';
import { storeLargeRun } from './large-run';

let session: Session;
beforeAll(async () => {
  session = await startSession();
});
afterAll(() => session?.close());

async function startRun(page: Page, name: string) {
  await importSample(page);
  await startQuickRun(page, { name });
}

/** The training worker's global scope. */
const trainingWorker = async (page: Page) => {
  await expect.poll(() => page.workers().length).toBeGreaterThan(0);
  return page.workers()[0];
};

async function savedRunIntact(page: Page) {
  const row = page.getByTestId('run-row').filter({ hasText: 'Large shop' });
  expect(await row.getByTestId('run-status').textContent()).toBe('done');
  await row.getByRole('button', { name: 'Open' }).click();
  await expect.poll(() => page.getByTestId('result').locator('h2').textContent()).toBe('Large shop');
}

const status = (page: Page, name: string) => page.getByTestId('run-row').filter({ hasText: name }).getByTestId('run-status').textContent();

describe('injected faults', () => {
  it('a worker crash mid-training: a clear message, the run marked interrupted, and the app trains again', async () => {
    const { page } = await openApp(session);
    await storeLargeRun(page, 50);
    await startRun(page, 'Crashed run');
    await expect.poll(() => page.getByTestId('training-status').textContent(), { timeout: 60_000 }).toMatch(/epoch/);
    const worker = await trainingWorker(page);
    await worker.evaluate(() => setTimeout(() => { throw new Error('injected crash'); }));
    expect(await page.getByTestId('run-error').textContent()).toMatch(/The background worker crashed: .*injected crash.* import the file again, or open a saved run/);
    await expect.poll(() => status(page, 'Crashed run')).toBe('interrupted');
    await savedRunIntact(page);
    await page.getByRole('button', { name: 'Start over with other data' }).click();
    await startRun(page, 'After the crash');
    await page.getByTestId('result').filter({ hasText: 'After the crash' }).waitFor({ timeout: 240_000 });
    expect(await status(page, 'After the crash')).toBe('done');
    await page.context().close();
  }, 360_000);

  it('a full disk when saving: the results are shown, the user is told, earlier runs are intact', async () => {
    const { page, errors } = await openApp(session);
    await storeLargeRun(page, 50);
    await startRun(page, 'Disk full');
    const worker = await trainingWorker(page);
    await worker.evaluate(() => {
      const put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function (...args: Parameters<typeof put>) {
        if (this.name === 'results') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return put.apply(this, args);
      };
    });
    await page.getByTestId('result').filter({ hasText: 'Disk full' }).waitFor({ timeout: 240_000 });
    expect(await page.getByTestId('save-error').textContent()).toMatch(/storage for this site is full, so the results of "Disk full" could not be saved\. Runs saved before are intact/);
    expect(await status(page, 'Disk full')).toBe('failed');
    await savedRunIntact(page);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 300_000);

  it('a reload in the middle of saving: nothing half-written, the run shows as interrupted', async () => {
    const { page } = await openApp(session);
    await storeLargeRun(page, 50);
    await startRun(page, 'Reloaded while saving');
    const worker = await trainingWorker(page);
    // Saving the results takes 5 s of the worker's time: long enough to reload in the middle.
    await worker.evaluate(() => {
      const put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function (...args: Parameters<typeof put>) {
        if (this.name === 'results') for (const end = Date.now() + 5000; Date.now() < end; );
        return put.apply(this, args);
      };
    });
    await expect.poll(() => page.getByTestId('training-status').textContent(), { timeout: 240_000, interval: 100 }).toMatch(/^Saving/);
    await page.reload();
    await expect.poll(() => status(page, 'Reloaded while saving')).toBe('interrupted');
    await savedRunIntact(page);
    expect(await page.getByTestId('run-row').filter({ hasText: 'Reloaded while saving' }).getByRole('button', { name: 'Open' }).isDisabled()).toBe(true);
    await page.context().close();
  }, 300_000);
});
