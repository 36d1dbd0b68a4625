// Two tabs of the app in one browser: both train, one reloads in the middle of the other's run. The
// reloaded tab's own run is the only one marked interrupted; every finished run is intact and listed
// in both tabs, which hear each other's changes.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, dropFiles, openApp, startQuickRun, startSession, type Session } from './browser';

/** The first customers of the CDNOW sample: enough for the deep models, quick to train. */
const SLICE = readFileSync(new URL('../fixtures/CDNOW_sample.txt', import.meta.url), 'utf8').split('\n').slice(0, 1500).join('\n');

let session: Session;
beforeAll(async () => {
  session = await startSession();
});
afterAll(() => session?.close());

async function importSlice(page: Page) {
  await dropFiles(page, [{ name: 'cdnow-slice.txt', content: SLICE }]);
  await page.getByRole('button', { name: 'Import file' }).click();
  await page.getByTestId('customers').waitFor();
}

const training = (page: Page) => expect.poll(() => page.getByTestId('training-status').textContent(), { timeout: 30_000, interval: 100 }).toMatch(/epoch/);
const row = (page: Page, name: string) => page.getByTestId('run-row').filter({ has: page.getByTestId('run-name').getByText(name, { exact: true }) });
const status = (page: Page, name: string) => row(page, name).getByTestId('run-status').textContent({ timeout: 1000 }).catch(() => null);

/** Records every run status the list shows, as "name: status", from now on. */
const watchStatuses = (page: Page) =>
  page.evaluate(() => {
    const seen = new Set<string>();
    (window as unknown as { statusesSeen: Set<string> }).statusesSeen = seen;
    const read = () => document.querySelectorAll('[data-testid="run-row"]').forEach((r) => seen.add(`${r.querySelector('[data-testid="run-name"]')?.textContent}: ${r.querySelector('[data-testid="run-status"]')?.textContent}`));
    read();
    new MutationObserver(read).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
const statusesSeen = (page: Page) => page.evaluate(() => [...(window as unknown as { statusesSeen: Set<string> }).statusesSeen]);

async function openResult(page: Page, name: string) {
  await row(page, name).getByRole('button', { name: 'Open' }).click();
  await expect.poll(() => page.getByTestId('result').locator('h2').textContent()).toBe(name);
  return page.getByTestId('headline-revenue').textContent();
}

describe('two tabs', () => {
  it('train side by side; a reload marks only its own run interrupted, and both tabs list every finished run', async () => {
    const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const [{ page: a, errors: errorsA }, { page: b, errors: errorsB }] = [await openApp(session, context), await openApp(session, context)];
    await Promise.all([importSlice(a), importSlice(b)]);
    await watchStatuses(b);
    await startQuickRun(a, { name: 'Tab A, reloaded' });
    await training(a);
    await startQuickRun(b, { name: 'Tab B' });
    await training(b);

    // Tab A reloads while both train: its run is cut short, tab B's goes on.
    await a.reload();
    await a.getByRole('heading', { name: 'CLV prediction' }).waitFor();
    await watchStatuses(a);
    await expect.poll(() => status(a, 'Tab A, reloaded'), { timeout: 10_000 }).toBe('interrupted');
    expect(await status(a, 'Tab B')).toBe('running');
    await expect.poll(() => status(b, 'Tab A, reloaded'), { timeout: 10_000 }).toBe('interrupted');

    // Tab A trains again while tab B is still at it (or just done).
    await importSlice(a);
    await startQuickRun(a, { name: 'Tab A, again' });
    await b.getByTestId('result').filter({ hasText: 'Tab B' }).waitFor({ timeout: 60_000 });
    await a.getByTestId('result').filter({ hasText: 'Tab A, again' }).waitFor({ timeout: 60_000 });
    const revenueB = await b.getByTestId('headline-revenue').textContent();
    const revenueA = await a.getByTestId('headline-revenue').textContent();

    for (const page of [a, b]) {
      await expect.poll(() => Promise.all(['Tab A, reloaded', 'Tab B', 'Tab A, again'].map((n) => status(page, n))), { timeout: 10_000 }).toEqual(['interrupted', 'done', 'done']);
      expect(await page.getByTestId('run-row').count()).toBe(3);
      // Nothing but the reloaded tab's own run was ever shown as interrupted.
      expect((await statusesSeen(page)).filter((s) => s.endsWith('interrupted'))).toEqual(['Tab A, reloaded: interrupted']);
    }
    // Each tab opens the other's finished run, intact.
    expect(await openResult(a, 'Tab B')).toBe(revenueB);
    expect(await openResult(b, 'Tab A, again')).toBe(revenueA);
    await b.screenshot({ path: `${ARTIFACTS}/two-tabs.png`, fullPage: true });
    expect([...errorsA, ...errorsB]).toEqual([]);
    await context.close();
  }, 120_000);
});
