// Opens the built app under its sub-path in Debian's Chromium, with a second origin for endpoints.
import type { Browser, Page } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../../src/cli/chromium';
import { serveStatic, SUB_PATH, type Running } from '../../src/cli/static-server';
import { serveEndpoints } from './servers';

export const DIST = fileURLToPath(new URL('../../dist', import.meta.url));
export const ARTIFACTS = fileURLToPath(new URL('../../test-results', import.meta.url));

export interface Session {
  browser: Browser;
  app: Running;
  endpoints: Running;
  appUrl: string;
  close: () => Promise<void>;
}

export async function startSession(extraFlags: string[] = []): Promise<Session> {
  const app = await serveStatic(DIST);
  const endpoints = await serveEndpoints(app.url);
  const browser = await launchChromium(extraFlags);
  return {
    browser,
    app,
    endpoints,
    appUrl: app.url + SUB_PATH,
    close: async () => {
      await browser.close();
      await Promise.all([app.close(), endpoints.close()]);
    },
  };
}

/** A fresh page on the app; page errors fail the test that reads `errors`. */
export async function openApp(session: Session): Promise<{ page: Page; errors: string[] }> {
  const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(session.appUrl);
  await page.getByRole('heading', { name: 'CLV prediction' }).waitFor();
  return { page, errors };
}

/** Drops files on the drop zone the way a user's drag and drop does (a real DataTransfer with Files). */
export async function dropFiles(page: Page, files: { name: string; content: string }[]): Promise<void> {
  const dataTransfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([f.content], f.name, { type: 'text/plain' }));
    return dt;
  }, files);
  await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer });
}
