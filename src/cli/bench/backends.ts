// Backend benchmark: a file trained in headless Chromium on the built app with each backend forced in
// turn (quick effort, no backtest); ms per epoch of each model, read from the run saved in IndexedDB,
// and the GFLOP/s that makes (flops.ts). CDNOW_sample, or with --quick 2,000 synthetic rows (software
// WebGL needs 40 s per epoch on the sample). A backend the page refuses (it does not start, or
// computes wrong numbers) is reported with the reason.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { BACKENDS, type BackendName } from '../../worker/backend-choice';
import { launchChromium } from '../chromium';
import { serveStatic, SUB_PATH } from '../static-server';
import { median } from './measure';
import { gflopsPerSecond, trainingFlopsPerEpoch } from './flops';
import { generated } from './import';
import { importFile } from '../import-file';
import { pipelineOptions } from '../../lib/pipeline/options';
import { historiesUpTo } from '../../lib/features/histories';
import { autoOrderCount } from '../../lib/pipeline/order-count';

export interface BackendFigures {
  backend: BackendName;
  /** The backend the run actually used. */
  used: string;
  reason: string;
  /** Median ms per epoch (first epoch of each model left out: it includes compilation and warm-up). */
  msPerEpoch: Record<string, number>;
  /** Achieved GFLOP/s per model: the training FLOPs of an epoch over its median time. */
  gflopsPerSec: Record<string, number>;
  runMs: number;
  file: string;
}

const MODELS = ['next-purchase', 'amount', 'arrivals'];

async function savedEpochTimes(page: Page): Promise<Record<string, number[]>> {
  return page.evaluate(
    () =>
      new Promise<Record<string, number[]>>((resolve, reject) => {
        const open = indexedDB.open('clv-prediction');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('results').objectStore('results').getAll();
          request.onsuccess = () => resolve((request.result.at(-1)?.epochMs ?? {}) as Record<string, number[]>);
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

export interface BackendsOptions {
  root: string;
  quick: boolean;
  /** Another file than the suite's own (the GPU suite's synthetic file). */
  file?: string;
  backends?: readonly BackendName[];
  /** Chromium flags beyond WebGPU's. */
  flags?: string[];
}

export async function benchBackends({ root, quick, file, backends, flags = [] }: BackendsOptions): Promise<BackendFigures[]> {
  const path = file ?? (quick ? await generated(join(root, 'bench/tmp'), 2_000) : join(root, 'public/samples/CDNOW_sample.txt'));
  const { dataset } = await importFile(path, {});
  const flops: Record<string, number> = trainingFlopsPerEpoch(dataset, pipelineOptions(dataset.summary.lastDay, 90), autoOrderCount(historiesUpTo(dataset, dataset.summary.lastDay)) - 1);
  const app = await serveStatic(join(root, 'dist'));
  const browser = await launchChromium(['--enable-unsafe-webgpu', ...flags]);
  const figures: BackendFigures[] = [];
  try {
    for (const backend of backends ?? (quick ? BACKENDS.filter((b) => b !== 'cpu') : BACKENDS)) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(app.url + SUB_PATH);
      await page.locator('#file-input').setInputFiles(path);
      await page.locator('#opt-delimiter').waitFor();
      await page.getByRole('button', { name: 'Import file' }).click();
      await page.getByTestId('customers').waitFor();
      await page.locator('#run-effort').selectOption('quick');
      await page.locator('#run-backend').selectOption(backend);
      await page.getByLabel(/check accuracy on my data/).uncheck();
      const start = performance.now();
      await page.getByRole('button', { name: 'Train and predict' }).click();
      await page.getByTestId('result').waitFor({ timeout: 1_200_000 });
      const runMs = performance.now() - start;
      await page.getByRole('tab', { name: 'Training' }).click();
      const used = (await page.getByText(/^Trained on /).textContent())!.replace(/^Trained on |\.$/g, '').trim();
      const reason = ((await page.getByTestId('backend-reason').textContent()) ?? '').replace(/^Backend: /, '');
      const times = await savedEpochTimes(page);
      const msPerEpoch = Object.fromEntries(MODELS.filter((m) => times[m]?.length).map((m) => [m, Math.round(median(times[m].slice(1).length ? times[m].slice(1) : times[m]))]));
      const gflopsPerSec = Object.fromEntries(Object.entries(msPerEpoch).filter(([m]) => flops[m]).map(([m, ms]) => [m, Number(gflopsPerSecond(flops[m], ms).toPrecision(3))]));
      figures.push({ backend, used, reason, msPerEpoch, gflopsPerSec, runMs: Math.round(runMs), file: path.split('/').pop()! });
      process.stderr.write(`  ${backend}: ran on ${used}, ${JSON.stringify(msPerEpoch)} ms per epoch\n`);
      await context.close();
    }
  } finally {
    await browser.close();
    await app.close();
  }
  return figures;
}

export function backendsTable(figures: BackendFigures[]): string {
  const gflopModels = ['next-purchase', 'amount'];
  const head = `| file | forced | ran on | ${MODELS.map((m) => `${m} ms/epoch`).join(' | ')} | ${gflopModels.map((m) => `${m} GFLOP/s`).join(' | ')} | run s | why |\n|---|---|---|${MODELS.map(() => '---').join('|')}|${gflopModels.map(() => '---').join('|')}|---|---|`;
  const lines = figures.map((f) => `| ${f.file} | ${f.backend} | ${f.used} | ${MODELS.map((m) => f.msPerEpoch[m] ?? '—').join(' | ')} | ${gflopModels.map((m) => f.gflopsPerSec[m] ?? '—').join(' | ')} | ${(f.runMs / 1000).toFixed(1)} | ${f.reason} |`);
  return [head, ...lines].join('\n');
}
