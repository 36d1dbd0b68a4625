// End to end in Chromium on the built app, as a user: drop the file, import, train and predict with the
// default settings (automatic backend, no backtest), until the dashboard's charts are painted. CDNOW_master
// and seeded synthetic files of growing size give the scale curve: time and peak JavaScript memory
// (page + worker) against rows.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../chromium';
import { serveStatic, SUB_PATH } from '../static-server';
import { generated } from './import';
import { jsMemoryProbe, median } from './measure';

export interface EndToEndFigures {
  file: string;
  rows: number;
  customers: number;
  ms: number;
  peakMemoryMb: number;
  runs: number;
}

const painted = (page: Page) =>
  page.evaluate(() => {
    const boxes = [...document.querySelectorAll('[data-testid="result"] [data-chart]')];
    return boxes.length > 0 && boxes.every((box) => {
      const canvas = box.querySelector('canvas');
      if (!canvas?.width) return false;
      const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 3; i < pixels.length; i += 400) if (pixels[i] > 0) return true;
      return false;
    });
  });

export async function benchEndToEnd({ root, runs, quick, sizes }: { root: string; runs: number; quick: boolean; sizes: number[] }): Promise<EndToEndFigures[]> {
  const synthetic = await Promise.all(sizes.map((rows) => generated(join(root, 'bench/tmp'), rows)));
  const files = [...(quick ? [] : [join(root, 'public/samples/CDNOW_master.txt')]), ...synthetic];
  const app = await serveStatic(join(root, 'dist'));
  const browser = await launchChromium();
  const figures: EndToEndFigures[] = [];
  try {
    for (const path of files) {
      const [times, peaks] = [[], []] as number[][];
      let [rows, customers] = [0, 0];
      for (let run = 0; run < runs; run++) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        const page = await context.newPage();
        await page.goto(app.url + SUB_PATH);
        await page.getByRole('heading', { name: 'CLV prediction' }).waitFor();
        const start = performance.now();
        await page.locator('#file-input').setInputFiles(path);
        await page.locator('#opt-delimiter').waitFor();
        const memory = await jsMemoryProbe(browser, page);
        let [peak, sampling] = [await memory(), true];
        const sampler = (async () => {
          while (sampling) {
            peak = Math.max(peak, await memory().catch(() => 0));
            await new Promise((r) => setTimeout(r, 250));
          }
        })();
        await page.getByRole('button', { name: 'Import file' }).click();
        await page.getByTestId('customers').waitFor({ timeout: 600_000 });
        rows = Number((await page.getByTestId('rows').textContent())!.replace(/\D/g, ''));
        customers = Number((await page.getByTestId('customers').textContent())!.replace(/\D/g, ''));
        await page.getByLabel(/check accuracy on my data/).uncheck();
        await page.getByRole('button', { name: 'Train and predict' }).click();
        await page.getByTestId('result').waitFor({ timeout: 3_600_000 });
        while (!(await painted(page))) await page.waitForTimeout(50);
        times.push(performance.now() - start);
        sampling = false;
        await sampler;
        peaks.push(peak);
        // A run that could not use the second worker is slower: say so beside its time.
        const notes = (await page.getByTestId('run-notes').textContent({ timeout: 1000 }).catch(() => null)) ?? '';
        const alone = notes.match(/The second worker failed[^:]*/)?.[0];
        process.stderr.write(`  ${path.split('/').pop()} run ${run + 1}/${runs}: ${Math.round(times[run] / 1000)} s, peak ${Math.round(peaks[run])} MB${alone ? ` (${alone})` : ''}\n`);
        await context.close();
      }
      figures.push({ file: path.split('/').pop()!, rows, customers, ms: Math.round(median(times)), peakMemoryMb: Math.round(median(peaks)), runs });
    }
  } finally {
    await browser.close();
    await app.close();
  }
  return figures;
}

/** The scale curve: time and memory per row should stay flat if costs grow linearly. */
export function endToEndTable(figures: EndToEndFigures[]): string {
  const head = '| file | rows | customers | drop to painted dashboard s | µs per row | peak JS memory MB | bytes per row |\n|---|---|---|---|---|---|---|';
  const lines = figures.map((f) => `| ${f.file} | ${f.rows.toLocaleString('en-US')} | ${f.customers.toLocaleString('en-US')} | ${(f.ms / 1000).toFixed(1)} | ${Math.round((f.ms * 1000) / f.rows)} | ${f.peakMemoryMb} | ${Math.round((f.peakMemoryMb * 1024 * 1024) / f.rows)} |`);
  const synthetic = figures.filter((f) => f.file.startsWith('synthetic-')).sort((a, b) => a.rows - b.rows);
  if (synthetic.length < 2) return [head, ...lines].join('\n');
  const [small, large] = [synthetic[0], synthetic[synthetic.length - 1]];
  const exponent = (a: number, b: number) => (Math.log(b / a) / Math.log(large.rows / small.rows)).toFixed(2);
  const growth = `From ${small.rows.toLocaleString('en-US')} to ${large.rows.toLocaleString('en-US')} synthetic rows, time grows as rows^${exponent(small.ms, large.ms)} and peak memory as rows^${exponent(small.peakMemoryMb, large.peakMemoryMb)} (1 is linear, below 1 less than linear).`;
  return [head, ...lines, '', growth].join('\n');
}
