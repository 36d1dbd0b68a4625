// Multi-threaded WASM in the built, minified app under its sub-path: the app's service worker makes the
// page cross-origin isolated from the second load on, the worker's WASM backend then starts with more
// than one thread and trains to the end (offline too), CORS endpoints still load under COEP; on a first visit (not
// isolated yet) a forced wasm-threads falls back to single-threaded WASM and says why.
import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, dropFiles, openApp, startQuickRun, startSession, type Session } from './browser';

let session: Session;
beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  session = await startSession();
});
afterAll(() => session?.close());

/** 40 customers with 2 to 5 purchases each: enough for the deep models, quick to train. */
function tinyShop(): string {
  const lines = ['customer,date,amount'];
  for (let c = 0; c < 40; c++) for (let k = 0; k < 2 + (c % 4); k++) lines.push(`c${c},2024-${String(1 + ((c + k * 3) % 12)).padStart(2, '0')}-${String(1 + ((c * 7 + k) % 27)).padStart(2, '0')},${10 + c + k}`);
  return lines.join('\n');
}

const newPage = (context: BrowserContext) => openApp(session, context);

/** A page of a context whose service worker already controls it: cross-origin isolated. */
async function isolatedPage(context: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  const first = await newPage(context);
  await first.page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  await first.page.close();
  const opened = await newPage(context);
  expect(await opened.page.evaluate(() => crossOriginIsolated)).toBe(true);
  return opened;
}

async function trainTiny(page: Page, backend: string): Promise<{ trainedOn: string; reason: string }> {
  await dropFiles(page, [{ name: 'tiny.csv', content: tinyShop() }]);
  await page.getByRole('button', { name: 'Import file' }).click();
  await page.getByTestId('customers').waitFor();
  await startQuickRun(page, { backend });
  await page.getByTestId('result').waitFor({ timeout: 240_000 });
  await page.getByRole('tab', { name: 'Training' }).click();
  return { trainedOn: (await page.getByText(/^Trained on /).textContent()) ?? '', reason: (await page.getByTestId('backend-reason').textContent()) ?? '' };
}

describe('multi-threaded WASM', () => {
  it('the service worker isolates the page from the next load on; training runs on more than one thread, offline too', async () => {
    const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, errors } = await newPage(context);
    // First visit: served by the network, which sends no isolation headers (as GitHub Pages).
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    // Offline too: the pthread workers' script comes from the precache like the rest of the app.
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { name: 'CLV prediction' }).waitFor();
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

    const { trainedOn, reason } = await trainTiny(page, 'wasm-threads');
    expect(trainedOn).toBe('Trained on wasm-threads.');
    const threads = Number(/^Backend: wasm-threads chosen in the settings \((\d+) threads, \d+\.\d ms per step\)\.$/.exec(reason)?.[1]);
    expect(threads, reason).toBeGreaterThan(1);
    await page.screenshot({ path: `${ARTIFACTS}/wasm-threads-result.png`, fullPage: true });
    console.log(`Threaded WASM: ${reason}`);
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  it('the automatic choice times threaded and single-threaded WASM as separate candidates', async () => {
    const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, errors } = await isolatedPage(context);
    const { trainedOn, reason } = await trainTiny(page, 'auto');
    console.log(`Automatic choice, isolated: ${reason}`);
    expect(reason).toMatch(/wasm-threads (was fastest \(\d+ threads, \d+\.\d ms per step\)|\d+\.\dx slower)/);
    expect(reason).toMatch(/(^Backend: |; )wasm (was fastest \(\d+\.\d ms per step\)|\d+\.\dx slower)/);
    expect(trainedOn).toBe(`Trained on ${/^Backend: ([\w-]+) was fastest/.exec(reason)?.[1]}.`);
    // A GPU emulated on the CPU (SwiftShader in headless Chromium) is not tried: its first WebGL step
    // compiled shaders for 20 s before the choice was made. A real GPU is timed.
    const renderer = await page.evaluate(() => {
      const gl = new OffscreenCanvas(1, 1).getContext('webgl2') as WebGL2RenderingContext | null;
      const ext = gl?.getExtension('WEBGL_debug_renderer_info');
      return gl && ext ? String(gl.getParameter(ext.UNMASKED_RENDERER_WEBGL)) : null;
    });
    const skipped = `webgl not tried: its GPU is emulated on the CPU here (${renderer}), slower than wasm`;
    if (renderer && /swiftshader|llvmpipe|software/i.test(renderer)) expect(reason).toContain(skipped);
    else expect(reason).not.toContain('webgl not tried');
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  it('CORS endpoints still load in the isolated page, and a refusal still says why', async () => {
    const context = await session.browser.newContext();
    const { page, errors } = await isolatedPage(context);
    const load = async (path: string, header?: [string, string]) => {
      await page.getByLabel('URL').fill(session.endpoints.url + path);
      if (header && !(await page.getByLabel('Header name 1').count())) await page.getByRole('button', { name: 'Add header' }).click();
      if (header) await page.getByLabel('Header name 1').fill(header[0]);
      if (header) await page.getByLabel('Header value 1').fill(header[1]);
      await page.getByRole('button', { name: 'Load from URL' }).click();
    };
    await page.getByText('Or load from an HTTP endpoint').click();
    await load('/no-cors.csv');
    expect(await page.getByTestId('import-error').textContent()).toContain(`does not allow this page (${session.app.url}) to read its data (CORS)`);
    // A request with a header (a CORS preflight) to another origin.
    await load('/private.csv', ['Authorization', 'Bearer s3cret']);
    await page.getByTestId('preview').waitFor();
    await page.getByRole('button', { name: 'Import file' }).click();
    await page.getByTestId('customers').waitFor();
    expect(await page.getByTestId('customers').textContent()).toBe('3 customers');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('without isolation (a first visit) a forced wasm-threads falls back to single-threaded WASM with the reason', async () => {
    const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, errors } = await newPage(context);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    const { trainedOn, reason } = await trainTiny(page, 'wasm-threads');
    expect(trainedOn).toBe('Trained on wasm.');
    expect(reason).toMatch(/^Backend: wasm-threads \(chosen in the settings\) needs a cross-origin isolated page.+; fell back to single-threaded wasm \(\d+\.\d ms per step\)\.$/);
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);
});
