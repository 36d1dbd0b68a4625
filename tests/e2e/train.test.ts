// Training in the browser on the built app: the sample on WASM to the end with live loss curves and no
// long task on the main thread, a reload that keeps the run, cancel, and a small shop on WebGPU.
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BacktestResult } from '../../src/lib/pipeline/backtest';
import type { RunResult } from '../../src/lib/pipeline/records';
import { ARTIFACTS, dropFiles, importSample, longTasks, openApp, startQuickRun, startSession, watchLongTasks, type Session } from './browser';

let session: Session;
beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  session = await startSession(['--enable-unsafe-webgpu']);
});
afterAll(() => session?.close());

/** The backtest of the run saved last (IndexedDB, as the app stored it). */
const latestBacktest = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<BacktestResult>((resolve, reject) => {
        const open = indexedDB.open('clv-prediction');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('results').objectStore('results').getAll();
          request.onsuccess = () => resolve((request.result as RunResult[]).at(-1)!.backtest!);
          request.onerror = () => reject(request.error);
        };
      }),
  );

describe('training in the browser', () => {
  it('trains on WASM to the end without blocking the page, and the run survives a reload', async () => {
    const { page, errors } = await openApp(session);
    await importSample(page);
    await watchLongTasks(page);
    // Every stage the status line shows, in order, and what the second worker trains meanwhile.
    await page.evaluate(() => {
      const [seen, beside]: string[][] = [[], []];
      Object.assign(window, { stagesSeen: seen, besideSeen: beside });
      new MutationObserver(() => {
        const stage = document.querySelector('[data-testid="training"] li[aria-current="step"]')?.textContent;
        if (stage && seen.at(-1) !== stage) seen.push(stage);
        const alongside = document.querySelector('[data-testid="training-alongside"]')?.textContent?.trim();
        if (alongside && beside.at(-1) !== alongside) beside.push(alongside);
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    // The backtest runs in the dashboard's test; here the run's own stages are enough.
    await startQuickRun(page, { name: 'Sample on WASM' });
    await page.getByTestId('training').waitFor();
    await page.locator('[data-chart="loss-next-purchase"] canvas').waitFor();
    await expect.poll(() => page.getByTestId('training-status').textContent(), { timeout: 60_000 }).toMatch(/epoch \d+ · loss \d/);
    // The second worker's line may come and go between two polls: the observer's record counts.
    const besideSeen = () => page.evaluate(() => (window as unknown as { besideSeen: string[] }).besideSeen.join(' | '));
    await expect.poll(besideSeen, { timeout: 60_000 }).toMatch(/Meanwhile, in a second worker: Amount/);
    // The viewport, not the full page: a full-page capture resizes the page and the charts redraw for
    // the new size, work of the harness, not the user's, that can count as a long task below (CI at
    // 2ec1411 saw one of 51 ms).
    await page.getByTestId('training').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}/training.png` });
    await page.getByTestId('result').waitFor({ timeout: 240_000 });
    const tasks = await longTasks(page);
    expect(tasks, `main-thread tasks over 50 ms: ${tasks.join(', ')}`).toEqual([]);
    // Stage changes are never throttled away (the classic fits once looked like the LSTM's last epoch).
    const { stages, beside } = await page.evaluate(() => ({ stages: (window as unknown as { stagesSeen: string[] }).stagesSeen, beside: (window as unknown as { besideSeen: string[] }).besideSeen }));
    // The amount and arrivals models train in a second worker meanwhile (the machine has two cores);
    // this worker shows them as its own stage only if it has to wait on them.
    const [amount, arrivals] = ['Amount (Conv1D-LSTM)', 'Newcomer arrivals (LSTM)'];
    expect(stages.slice(0, 3)).toEqual(['Features', 'Next purchase (LSTM)', 'BG/NBD, Pareto/NBD and the blend']);
    expect(stages).toContain('Prediction');
    const waited = stages.slice(3, stages.indexOf('Prediction'));
    expect([[], [amount], [arrivals], [amount, arrivals]]).toContainEqual(waited);
    // Its epochs show there until this worker waits on it; the next-purchase network may finish first
    // (its epochs take some 40 ms here), and the rest then come as this worker's own stage.
    expect(beside.some((line) => /^Meanwhile, in a second worker: Amount \(Conv1D-LSTM\)/.test(line)), beside.join(' | ')).toBe(true);
    expect(beside.filter((line) => line.includes('epoch')).every((line) => /^Meanwhile, in a second worker: .+ · epoch \d+ · loss \d+\.\d{4}$/.test(line)), beside.join(' | ')).toBe(true);
    const notes = (await page.getByTestId('run-notes').count()) ? await page.getByTestId('run-notes').textContent() : '';
    expect(notes).not.toMatch(/second worker failed/);

    const revenue = await page.getByTestId('headline-revenue').textContent();
    expect(Number(revenue!.replace(/,/g, ''))).toBeGreaterThan(1000);
    expect(await page.getByTestId('headline-window').textContent()).toBe('Data up to 1998-06-30; predictions for the 90 days to 1998-09-28.');
    await page.getByRole('tab', { name: 'Training' }).click();
    expect(await page.getByTestId('backend-reason').textContent()).toMatch(/^Backend: wasm chosen in the settings \(\d+\.\d ms per step\)\.$/);
    await page.screenshot({ path: `${ARTIFACTS}/run-result.png`, fullPage: true });

    await page.reload();
    const row = page.getByTestId('run-row').filter({ hasText: 'Sample on WASM' });
    await row.waitFor();
    expect(await row.getByTestId('run-status').textContent()).toBe('done');
    await row.getByRole('button', { name: 'Open' }).click();
    await page.getByTestId('result').waitFor();
    expect(await page.getByTestId('headline-revenue').textContent()).toBe(revenue);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 300_000);

  it('cancels mid-training: the run is marked cancelled and the page trains again', async () => {
    const { page, errors } = await openApp(session);
    await importSample(page);
    await startQuickRun(page, { name: 'Cancelled run' });
    await expect.poll(() => page.getByTestId('training-status').textContent(), { timeout: 60_000 }).toMatch(/epoch/);
    await page.getByTestId('training').getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('training').waitFor({ state: 'detached', timeout: 10_000 });
    const row = page.getByTestId('run-row').filter({ hasText: 'Cancelled run' });
    await row.waitFor();
    expect(await row.getByTestId('run-status').textContent()).toBe('cancelled');
    await expect.poll(() => page.getByRole('button', { name: 'Train and predict' }).isEnabled()).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('trains a small shop on WebGPU to the end, backtest included, with the figures of WASM (software WebGPU is slow here: kept small)', async () => {
    const lines = ['customer,date,amount'];
    for (let c = 0; c < 60; c++) for (let k = 0; k < 2 + (c % 5); k++) lines.push(`c${c},2024-${String(1 + ((c + k * 3) % 12)).padStart(2, '0')}-${String(1 + ((c * 7 + k) % 27)).padStart(2, '0')},${10 + c + k}`);
    const run = async (backend: string) => {
      const { page, errors } = await openApp(session);
      await dropFiles(page, [{ name: 'small.csv', content: lines.join('\n') }]);
      await page.getByRole('button', { name: 'Import file' }).click();
      await page.getByTestId('customers').waitFor();
      await startQuickRun(page, { backend, backtest: true });
      await page.getByTestId('result').waitFor({ timeout: 400_000 });
      await page.getByRole('tab', { name: 'Training' }).click();
      const reason = await page.getByTestId('backend-reason').textContent();
      const backtest = await latestBacktest(page);
      if (backend === 'webgpu') await page.screenshot({ path: `${ARTIFACTS}/webgpu-result.png`, fullPage: true });
      expect(errors).toEqual([]);
      await page.context().close();
      return { reason, backtest };
    };
    const wasm = await run('wasm');
    const webgpu = await run('webgpu');
    console.log(`WebGPU: ${webgpu.reason}`);
    expect(webgpu.reason).toMatch(/^Backend: webgpu chosen in the settings \(it trains, and the rest runs on wasm/);
    expect(webgpu.backtest.backend).toBe('webgpu');
    // The classic models do not train on the backend: the same figures to the digit.
    const untimed = (r: BacktestResult) => ({ ...r.models.bgnbd, timeMs: 0 });
    expect(untimed(webgpu.backtest)).toEqual(untimed(wasm.backtest));
    // The networks train on other kernels (other float rounding) from the same initial weights.
    for (const model of ['lstm', 'clv'] as const) {
      const [a, b] = [webgpu.backtest.models[model]!.purchases, wasm.backtest.models[model]!.purchases];
      console.log(`${model}: RMSE ${a.rmse.toFixed(4)} on WebGPU, ${b.rmse.toFixed(4)} on WASM; total ${a.totalErrorPct.toFixed(1)}% and ${b.totalErrorPct.toFixed(1)}%`);
      expect(Math.abs(a.rmse - b.rmse)).toBeLessThan(0.01 * b.rmse);
      expect(Math.abs(a.totalErrorPct - b.totalErrorPct)).toBeLessThan(1);
    }
  }, 900_000);
});
