// Every bad input of the corpus dropped on the built app in Chromium: each gives its message (or its
// report), the page keeps working, and the run saved before is still there afterwards.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BAD_INPUTS, GENERATED_BAD_INPUTS, type Outcome } from '../bad-inputs';
import { openApp, startSession, type Session } from './browser';
import { storeLargeRun } from './large-run';

let session: Session;
beforeAll(async () => {
  session = await startSession();
});
afterAll(() => session?.close());

const files: [string, Buffer, Outcome][] = [
  ...Object.entries(BAD_INPUTS).map(([name, outcome]): [string, Buffer, Outcome] => [name, readFileSync(new URL(`../fixtures/bad/${name}`, import.meta.url)), outcome]),
  ...Object.entries(GENERATED_BAD_INPUTS).map(([name, g]): [string, Buffer, Outcome] => [name, Buffer.from(g.content()), g.outcome]),
];

describe('bad inputs in the browser', () => {
  it(`${files.length} bad files each get their message; the saved run survives`, async () => {
    const { page, errors } = await openApp(session);
    await storeLargeRun(page, 50);
    const seen: string[] = [];
    for (const [name, buffer, outcome] of files) {
      const fail = (e: Error) => Promise.reject(Object.assign(e, { message: `${name}: ${e.message}` }));
      await page.goto(session.appUrl);
      await page.locator('#file-input').setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
      const importButton = page.getByRole('button', { name: 'Import file' });
      await page.getByTestId('import-error').or(importButton).first().waitFor();
      if ('warning' in outcome && outcome.warning) expect(await page.getByTestId('mapping-warning').allTextContents(), name).toContainEqual(expect.stringMatching(outcome.warning));
      if (await importButton.isVisible()) await importButton.click();
      if ('error' in outcome) {
        const message = (await page.getByTestId('import-error').textContent({ timeout: 20_000 }).catch(fail))!;
        expect(message, name).toMatch(new RegExp(outcome.error.source.replace(/^\^/, '')));
      } else {
        expect(await page.getByTestId('customers').textContent({ timeout: 20_000 }).catch(fail), name).toBe(`${outcome.customers} customer${outcome.customers === 1 ? '' : 's'}`);
      }
      seen.push(name);
    }
    expect(seen).toHaveLength(files.length);
    await page.goto(session.appUrl);
    const row = page.getByTestId('run-row').filter({ hasText: 'Large shop' });
    expect(await row.getByTestId('run-status').textContent()).toBe('done');
    await row.getByRole('button', { name: 'Open' }).click();
    await page.getByTestId('result').waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  }, 240_000);
});
