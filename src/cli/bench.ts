// `npm run bench -- [import] [train] [backends] [endtoend] [gpu] [--quick] [--runs N] [--out FILE]`: runs the benchmark suites and writes
// bench/results/<date>.json (or FILE) plus a markdown table. Medians over runs; builds dist/ first.
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { backendsTable, benchBackends } from './bench/backends';
import { benchEndToEnd, endToEndTable } from './bench/end-to-end';
import { benchGpu } from './bench/gpu';
import { benchImport, importTable } from './bench/import';
import { benchTrain, trainTable } from './bench/train';

const SUITES = ['import', 'train', 'backends', 'endtoend', 'gpu'] as const;
/** Suites run when none is named: the GPU suite only when asked for. */
const DEFAULT_SUITES = SUITES.filter((s) => s !== 'gpu');
const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { quick: { type: 'boolean', default: false }, runs: { type: 'string' }, out: { type: 'string' }, sizes: { type: 'string' } },
});
const unknown = positionals.filter((p) => !(SUITES as readonly string[]).includes(p));
if (unknown.length) {
  console.error(`Unknown benchmark "${unknown[0]}"; known: ${SUITES.join(', ')}.`);
  process.exit(2);
}
const suites = positionals.length ? positionals : [...DEFAULT_SUITES];
const runs = Number(values.runs ?? 3);

if (['import', 'backends', 'endtoend', 'gpu'].some((s) => suites.includes(s))) {
  console.error('Building the app…');
  execSync('npx vite build --logLevel warn', { cwd: root, stdio: 'inherit' });
}

const result: Record<string, unknown> = { date: new Date().toISOString(), machine: { cpus: (await import('node:os')).cpus().length }, runs };
const tables: string[] = [];
if (suites.includes('import')) {
  console.error('Import benchmark…');
  const figures = await benchImport({ root, runs, quick: values.quick });
  const big = figures[figures.length - 1];
  result.import = { rowsPerSec: big.rowsPerSec, mbPerSec: big.mbPerSec, peakMemoryMb: big.peakMemoryMb, files: figures };
  tables.push('## Import (parse + validate + aggregate, drop to summary)\n\n' + importTable(figures));
}

if (suites.includes('train')) {
  console.error('Training benchmark (Node)…');
  const figures = await benchTrain({ root, runs, quick: values.quick });
  result.train = { node: figures };
  const last = figures[figures.length - 1];
  result.predict = { customersPerSec: last.customersPerSec, file: last.file };
  tables.push('## Train and predict in Node (horizon: quarter, cut-off: last day)\n\n' + trainTable(figures));
}

if (suites.includes('backends')) {
  console.error('Backends benchmark (Chromium)…');
  const figures = await benchBackends({ root, quick: values.quick });
  result.train = { ...(result.train as object), ...Object.fromEntries(figures.filter((f) => f.used === f.backend).map((f) => [f.backend, { msPerEpoch: f.msPerEpoch, gflopsPerSec: f.gflopsPerSec }])) };
  result.backends = figures;
  tables.push('## Training per backend in Chromium (quick effort, one run each)\n\n' + backendsTable(figures));
}

if (suites.includes('gpu')) {
  console.error('GPU benchmark (Node with Dawn, then Chromium)…');
  const figures = await benchGpu({ root, quick: values.quick });
  result.gpu = figures;
  tables.push('## Training per backend on the GPU suite (each backend forced)\n\n' + backendsTable(figures));
}

if (suites.includes('endtoend')) {
  console.error('End to end (Chromium)…');
  const sizes = values.sizes ? values.sizes.split(',').map(Number) : values.quick ? [10_000] : [10_000, 100_000, 1_000_000];
  const figures = await benchEndToEnd({ root, runs: values.quick ? 1 : runs, quick: values.quick, sizes });
  const key = (f: { file: string; rows: number }) => (f.file === 'CDNOW_master.txt' ? 'cdnowMasterMs' : `${f.rows >= 1e6 ? `${f.rows / 1e6}m` : `${Math.round(f.rows / 1e3)}k`}Ms`);
  result.endToEnd = { ...Object.fromEntries(figures.map((f) => [key(f), f.ms])), peakMemoryMb: Math.max(...figures.map((f) => f.peakMemoryMb)), files: figures };
  tables.push('## End to end in Chromium: drop to painted dashboard (automatic backend, no backtest)\n\n' + endToEndTable(figures));
}

const out = values.out ?? join(root, 'bench/results', `${new Date().toISOString().slice(0, 10)}.json`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
const markdown = `# Benchmark ${result.date}\n\nMedians of ${runs} runs.\n\n${tables.join('\n\n')}\n`;
writeFileSync(out.replace(/\.json$/, '.md'), markdown);
console.log(markdown);
console.error(`Wrote ${out}`);
