// Platform exports dropped on the built app: each is recognised and named on the mapping step, and
// imports with no click on the mapping into the customers, purchases and revenue it holds.
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { money, plural } from '../../src/ui/format';
import { ARTIFACTS, dropFiles, openApp, startSession, type Session } from './browser';

let session: Session;
beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  session = await startSession();
});
afterAll(() => session?.close());

const fixture = (name: string) => readFileSync(new URL(`../fixtures/platforms/${name}`, import.meta.url), 'utf8');
const EXPECTED: Record<string, { platform: string; customers: number; purchases: number; revenue: number; leftOut: Record<string, number> }> = JSON.parse(fixture('expected.json'));

describe('platform exports in the browser', () => {
  it('each export is recognised and imported without touching the mapping', async () => {
    const { page, errors } = await openApp(session);
    for (const [name, want] of Object.entries(EXPECTED)) {
      await dropFiles(page, [{ name, content: fixture(name) }]);
      await expect.poll(() => page.getByTestId('platform').textContent()).toMatch(new RegExp(`^Recognised: ${want.platform.replace(/[()]/g, '\\$&')}: customer = `));
      if (name === 'shopify-orders.csv') await page.screenshot({ path: `${ARTIFACTS}/import-shopify.png`, fullPage: true });
      await page.getByRole('button', { name: 'Import file' }).click();
      await page.getByTestId('customers').waitFor();
      expect([await page.getByTestId('customers').textContent(), await page.getByTestId('purchases').textContent(), await page.getByTestId('revenue').textContent()], name).toEqual([
        plural(want.customers, 'customer'),
        plural(want.purchases, 'purchase'),
        money(want.revenue),
      ]);
      const leftOut = await page.getByTestId('left-out').allTextContents();
      expect(leftOut, name).toEqual(Object.entries(want.leftOut).map(([rule, rows]) => `${rule} are left out, not purchases: ${plural(rows, 'row')}.`));
      await page.getByRole('button', { name: 'Start over with other data' }).click();
    }
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);
});
