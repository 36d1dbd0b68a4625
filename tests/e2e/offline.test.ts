// Private and offline, in Chromium on the built app: after one visit the app runs with the network
// off; a full run (endpoint import, training, every view, exports) sends no request to any origin but
// the app's and the user's endpoint, and breaks no rule of the Content-Security-Policy.
import { mkdirSync } from 'node:fs';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, importSample, openApp, startQuickRun, startSession, type Session } from './browser';

let session: Session;
beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  session = await startSession();
});
afterAll(() => session?.close());

const cspViolations = (context: BrowserContext) =>
  context.addInitScript(() => {
    const w = window as unknown as { violations: string[] };
    w.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });

describe('offline and private', () => {
  it('after one visit, loads, imports, trains and shows the dashboard with the network off', async () => {
    const { page, errors } = await openApp(session);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    await page.context().setOffline(true);
    await page.reload();
    await page.getByRole('heading', { name: 'CLV prediction' }).waitFor();
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    await importSample(page);
    await startQuickRun(page);
    await page.getByTestId('result').waitFor({ timeout: 240_000 });
    await page.getByRole('tab', { name: 'Value' }).click();
    await page.locator('[data-chart="clv-histogram"] canvas').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/offline-run.png` });
    expect(errors).toEqual([]);
    await page.context().close();
  }, 300_000);

  it('sends nothing to any other origin during a full run and keeps to the Content-Security-Policy', async () => {
    const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    await cspViolations(context);
    const allowed = new Set([new URL(session.app.url).origin, new URL(session.endpoints.url).origin]);
    const requests: string[] = [];
    context.on('request', (r) => requests.push(r.url()));
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(session.appUrl);
    await page.getByText('Or load from an HTTP endpoint').click();
    await page.getByLabel('URL').fill(`${session.endpoints.url}/shop.txt`);
    await page.getByRole('button', { name: 'Load from URL' }).click();
    await page.getByRole('button', { name: 'Import file' }).click();
    await page.getByTestId('customers').waitFor();
    expect(await page.getByTestId('customers').textContent()).toBe('2,357 customers');
    await startQuickRun(page);
    await page.getByTestId('result').waitFor({ timeout: 240_000 });
    for (const view of ['Overview', 'Value', 'Customers', 'Trust', 'Training']) await page.getByRole('tab', { name: view }).click();
    for (const button of ['Predictions CSV', "CSV in the original's schema", 'JSON']) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button, exact: true }).click()]);
      expect(download.suggestedFilename()).toMatch(/\.(csv|json)$/);
    }
    const others = requests.filter((url) => !url.startsWith('data:') && !url.startsWith('blob:') && !allowed.has(new URL(url).origin));
    expect(others).toEqual([]);
    expect(requests.length).toBeGreaterThan(3);
    expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);
});
