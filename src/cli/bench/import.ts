// Import benchmark: parse + validate + aggregate of CDNOW_master and a generated 1,000,000-row file, as
// CSV and as Parquet (written by DuckDB, Snappy), CDNOW_master as xlsx (write-excel-file), and the
// generated file's customer-day version (DuckDB, README's path for big data), in headless Chromium on
// the built app (drop -> summary shown), plus the same code in Node.
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { importSources } from '../../lib/data/importer';
import { inspectSource } from '../../lib/data/inspect';
import { formatFromName } from '../../lib/data/sources';
import { retailCsvLines, syntheticCsvLines } from '../../lib/synthetic/transactions';
import { launchChromium } from '../chromium';
import { cdnowParquet, toCustomerDays, toParquet } from '../duckdb';
import { cdnowWorkbook } from '../workbooks';
import { serveStatic, SUB_PATH } from '../static-server';
import { jsMemoryProbe, median } from './measure';

export interface ImportFigures {
  file: string;
  rows: number;
  megabytes: number;
  browserMs: number;
  rowsPerSec: number;
  mbPerSec: number;
  peakMemoryMb: number;
  peakMemoryRatio: number;
  longestTaskMs: number;
  nodeMs: number;
  runs: number;
}

/** `retail`: the line-item export with weekly regulars (retailCsvLines), where Pareto/NBD's fit was slow. */
export async function generated(dir: string, rows: number, kind: 'synthetic' | 'retail' = 'synthetic'): Promise<string> {
  const path = join(dir, `${kind}-${rows}.csv`);
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  const out = createWriteStream(path);
  let buffer: string[] = [];
  for (const line of kind === 'retail' ? retailCsvLines({ rows }) : syntheticCsvLines({ rows })) {
    buffer.push(line);
    if (buffer.length === 10_000) {
      if (!out.write(buffer.join('\n') + '\n')) await once(out, 'drain');
      buffer = [];
    }
  }
  out.end(buffer.join('\n') + '\n');
  await once(out, 'finish');
  return path;
}

async function cached(path: string, write: () => Promise<Buffer>): Promise<string> {
  if (!existsSync(path)) writeFileSync(path, await write());
  return path;
}

async function nodeImportMs(path: string): Promise<{ ms: number; rows: number }> {
  const source = { name: path, blob: new Blob([readFileSync(path)]), format: formatFromName(path) };
  const start = performance.now();
  const { options } = await inspectSource(source);
  const { report } = await importSources([source], options);
  return { ms: performance.now() - start, rows: report.rowsRead };
}

export async function benchImport({ root, runs, quick }: { root: string; runs: number; quick: boolean }): Promise<ImportFigures[]> {
  const tmp = join(root, 'bench/tmp');
  const master = join(root, 'public/samples/CDNOW_master.txt');
  const synthetic = await generated(tmp, quick ? 200_000 : 1_000_000);
  const syntheticParquet = synthetic.replace(/\.csv$/, '.parquet');
  const customerDays = synthetic.replace(/synthetic-(\d+)\.csv$/, 'customer-days-$1.csv');
  const files = [
    master,
    synthetic,
    await cdnowParquet(master, 'snappy', 122_880, tmp),
    existsSync(syntheticParquet) ? syntheticParquet : await toParquet(synthetic, syntheticParquet, { customer_id: 'VARCHAR', date: 'DATE', amount: 'DOUBLE' }),
    // Not the 1M-row file as xlsx: read-excel-file overflows the stack on a sheet that long.
    await cached(join(tmp, 'CDNOW_master.xlsx'), () => cdnowWorkbook(master)),
    existsSync(customerDays) ? customerDays : await toCustomerDays(synthetic, customerDays),
  ];
  const app = await serveStatic(join(root, 'dist'));
  const browser = await launchChromium();
  const figures: ImportFigures[] = [];
  try {
    for (const path of files) {
      const times: number[] = [];
      const peaks: number[] = [];
      const longest: number[] = [];
      const nodeTimes: number[] = [];
      let rows = 0;
      for (let run = 0; run < runs; run++) {
        const page = await browser.newPage();
        await page.goto(app.url + SUB_PATH);
        await page.locator('#file-input').setInputFiles(path);
        await page.getByRole('button', { name: 'Import file' }).waitFor();
        await page.evaluate(() => {
          const w = window as unknown as { longTasks: number[] };
          w.longTasks = [];
          new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({ type: 'longtask' });
        });
        const memory = await jsMemoryProbe(browser, page);
        const baseline = await memory();
        let peak = baseline;
        let sampling = true;
        const sampler = (async () => {
          while (sampling) {
            peak = Math.max(peak, await memory());
            await new Promise((r) => setTimeout(r, 20));
          }
        })();
        const start = performance.now();
        await page.getByRole('button', { name: 'Import file' }).click();
        await page.getByTestId('customers').waitFor({ timeout: 300_000 });
        times.push(performance.now() - start);
        sampling = false;
        await sampler;
        peaks.push(peak - baseline);
        longest.push(await page.evaluate(() => Math.max(0, ...(window as unknown as { longTasks: number[] }).longTasks)));
        rows = Number((await page.getByTestId('rows').textContent())!.replace(/\D/g, ''));
        await page.close();
        nodeTimes.push((await nodeImportMs(path)).ms);
        process.stderr.write(`  ${path.split('/').pop()} run ${run + 1}/${runs}: ${Math.round(times[run])} ms in Chromium, ${Math.round(nodeTimes[run])} ms in Node\n`);
      }
      const megabytes = statSync(path).size / 1024 / 1024;
      const ms = median(times);
      const peak = median(peaks);
      figures.push({
        file: path.split('/').pop()!,
        rows,
        megabytes: round(megabytes, 1),
        browserMs: Math.round(ms),
        rowsPerSec: Math.round(rows / (ms / 1000)),
        mbPerSec: round(megabytes / (ms / 1000), 1),
        peakMemoryMb: Math.round(peak),
        peakMemoryRatio: round(peak / megabytes, 2),
        longestTaskMs: Math.round(median(longest)),
        nodeMs: Math.round(median(nodeTimes)),
        runs,
      });
    }
  } finally {
    await browser.close();
    await app.close();
  }
  return figures;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

export function importTable(figures: ImportFigures[]): string {
  const head = '| file | rows | MB | Chromium ms | rows/s | MB/s | peak JS memory MB (x file) | longest main-thread task ms | Node ms |\n|---|---|---|---|---|---|---|---|---|';
  const lines = figures.map((f) => `| ${f.file} | ${f.rows.toLocaleString('en-US')} | ${f.megabytes} | ${f.browserMs} | ${f.rowsPerSec.toLocaleString('en-US')} | ${f.mbPerSec} | ${f.peakMemoryMb} (${f.peakMemoryRatio}x) | ${f.longestTaskMs} | ${f.nodeMs} |`);
  return [head, ...lines].join('\n');
}
