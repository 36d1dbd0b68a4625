// Opens the built app under its sub-path in Debian's Chromium, with a second origin for endpoints.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
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

/** A fresh page on the app (in a new context unless one is given); page errors fail the test that reads `errors`. */
export async function openApp(session: Session, context?: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  context ??= await session.browser.newContext({ viewport: { width: 1280, height: 900 } });
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

/** Loads the bundled CDNOW sample and imports it. */
export async function importSample(page: Page): Promise<void> {
  await page.getByRole('button', { name: /CDNOW sample/ }).click();
  await page.getByRole('button', { name: 'Import file' }).click();
  await page.getByTestId('customers').waitFor();
}

/** Settings for a short run (quick effort) on a chosen backend, with or without the backtest, then Train. */
export async function startQuickRun(page: Page, { backend = 'wasm', backtest = false, name }: { backend?: string; backtest?: boolean; name?: string } = {}): Promise<void> {
  await page.locator('#run-effort').selectOption('quick');
  await page.locator('#run-backend').selectOption(backend);
  await page.getByLabel(/check accuracy on my data/).setChecked(backtest);
  if (name) await page.locator('#run-name').fill(name);
  await page.getByRole('button', { name: 'Train and predict' }).click();
}

interface TraceEvent { name: string; ph: string; pid: number; tid: number; dur?: number; tdur?: number; args?: { name?: string } }
const stopTracing = new WeakMap<Page, () => Promise<TraceEvent[]>>();

/**
 * Starts recording the page's main-thread tasks from Chrome's trace; `longTasks` stops and gives
 * those that took over 50 ms of the thread's CPU time. CPU time, not the Long Tasks API's wall
 * time: that also counts the time the machine gave to other processes, and on a shared CI machine
 * the 100k-customer dashboard test, whose tasks cost at most 16 ms of work here, once measured 55.
 */
export async function watchLongTasks(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories: 'disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  stopTracing.set(page, async () => {
    await cdp.send('Tracing.end');
    await complete;
    await cdp.detach();
    return events;
  });
}

/** Main-thread tasks over 50 ms of CPU time since `watchLongTasks`, as "CPU ms (wall ms)". */
export async function longTasks(page: Page): Promise<string[]> {
  const events = await stopTracing.get(page)!();
  const main = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  expect(main.size, 'the trace names the renderer main thread').toBeGreaterThan(0);
  const tasks = events.filter((e) => e.name === 'RunTask' && e.ph === 'X' && main.has(`${e.pid}:${e.tid}`));
  expect(tasks.length, 'the trace holds the main thread tasks').toBeGreaterThan(0);
  return tasks.filter((e) => e.tdur! > 50_000).map((e) => `${Math.round(e.tdur! / 1000)} ms CPU (${Math.round(e.dur! / 1000)} ms)`);
}

/**
 * Downloads the report and opens it from a file in a new page, as whoever it is sent to would: it
 * has no script, loads with no request but its own, and every chart image decoded and drew.
 */
export async function openReport(page: Page, name: string): Promise<{ html: string; fileName: string; reader: Page }> {
  const [report] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download report' }).click()]);
  const html = readFileSync((await report.path())!, 'utf8');
  expect(html).not.toMatch(/<script/i);
  const path = `${ARTIFACTS}/${name}.html`;
  writeFileSync(path, html);
  const reader = await page.context().newPage();
  const requests: string[] = [];
  reader.on('request', (r) => requests.push(r.url()));
  await reader.goto(`file://${path}`);
  expect(requests).toEqual([`file://${path}`]);
  expect(await reader.locator('img').evaluateAll((imgs) => imgs.filter((i) => !(i as HTMLImageElement).complete || (i as HTMLImageElement).naturalWidth < 100).length)).toBe(0);
  expect(await reader.locator('dl.numbers dt').allTextContents()).toContain('Predicted revenue');
  return { html, fileName: report.suggestedFilename(), reader };
}
