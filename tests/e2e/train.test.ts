// Training in the browser on the built app: the sample on WASM to the end with live loss curves and no
// long task on the main thread, a reload that keeps the run, cancel, and a WebGPU smoke test.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, dropFiles, importSample, longTasks, openApp, startQuickRun, startSession, watchLongTasks, type Session } from './browser';

let session: Session;
beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  session = await startSession(['--enable-unsafe-webgpu']);
});
afterAll(() => session?.close());

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
    await page.screenshot({ path: `${ARTIFACTS}/training.png`, fullPage: true });
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

  it('trains a tiny data set on WebGPU (smoke test: software WebGPU is slow here)', async () => {
    const { page, errors } = await openApp(session);
    const lines = ['customer,date,amount'];
    for (let c = 0; c < 30; c++) for (let k = 0; k < 2 + (c % 4); k++) lines.push(`c${c},2024-${String(1 + ((c + k * 3) % 12)).padStart(2, '0')}-${String(1 + ((c * 7 + k) % 27)).padStart(2, '0')},${10 + c + k}`);
    await dropFiles(page, [{ name: 'tiny.csv', content: lines.join('\n') }]);
    await page.getByRole('button', { name: 'Import file' }).click();
    await page.getByTestId('customers').waitFor();
    await startQuickRun(page, { backend: 'webgpu' });
    await page.getByTestId('result').waitFor({ timeout: 240_000 });
    await page.getByRole('tab', { name: 'Training' }).click();
    const reason = await page.getByTestId('backend-reason').textContent();
    // Either WebGPU ran, or the page says why not and which backend it used instead.
    expect(reason).toMatch(/^Backend: (webgpu chosen in the settings|webgpu \(chosen in the settings\) .+; \w+ was fastest)/);
    await page.screenshot({ path: `${ARTIFACTS}/webgpu-result.png`, fullPage: true });
    console.log(`WebGPU smoke test: ${reason}`);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 300_000);
});
