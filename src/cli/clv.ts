// `npm run --silent clv -- predict ...`: the pipeline from the command line, over the same modules as
// the app. Progress on stderr; exit 0 on success, 1 with a one-line reason on bad input.
import { once } from 'node:events';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { describeAttributes, readAttributes, withFile } from '../lib/data/attributes';
import { formatDay, parseIsoDay } from '../lib/data/calendar';
import { runBacktest } from '../lib/pipeline/backtest';
import { originalSchemaLines, predictionCsvLines } from '../lib/pipeline/export';
import { pipelineOptions } from '../lib/pipeline/options';
import { predictClv } from '../lib/pipeline/predict';
import { checkFits, loadModels, saveModels } from '../lib/pipeline/saved';
import { parseHorizon } from '../lib/pipeline/settings';
import { disposeModels, trainModels, type TrainedModels } from '../lib/pipeline/train';
import { useNodeBackend } from './backend';
import { backtestTable } from './backtest-table';
import { importFile } from './import-file';
import { readModels, writeModels } from './model-files';

const USAGE = `usage: clv backtest --input FILE --calibration-end YYYY-MM-DD --holdout-days N
                    [--customer COL --date COL --amount COL|"Qty*Price"] [--no-header] [--out result.json]
                    [--attribute COL ... (a column of the file, each customer's latest value)]
                    [--attributes FILE (one row per customer, joined by id)] [--seed N] [--epochs N]
       clv predict --input FILE [--customer COL --date COL --amount COL|"Qty*Price"] [--no-header]
                   [--attribute COL ...]
                   [--cutoff YYYY-MM-DD] --horizon week|2*week|month|2*month|quarter|6*month|DAYS
                   [--model-dir DIR] [--job train|predict|train_predict] [--out predictions.csv]
                   [--original-out result.csv] [--order-count N] [--discount-rate R] [--seed N] [--epochs N]`;

const say = (text: string) => process.stderr.write(text + '\n');

class UsageError extends Error {}

async function predictCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      input: { type: 'string' }, customer: { type: 'string' }, date: { type: 'string' }, amount: { type: 'string' },
      'no-header': { type: 'boolean' }, cutoff: { type: 'string' }, horizon: { type: 'string' }, 'model-dir': { type: 'string' },
      job: { type: 'string', default: 'train_predict' }, out: { type: 'string' }, 'original-out': { type: 'string' },
      'order-count': { type: 'string' }, 'discount-rate': { type: 'string' }, seed: { type: 'string' }, epochs: { type: 'string' },
      attribute: { type: 'string', multiple: true },
    },
  });
  if (!values.input) throw new UsageError('--input FILE is required.');
  if (!['train', 'predict', 'train_predict'].includes(values.job!)) throw new UsageError(`--job ${values.job}: use train, predict or train_predict.`);
  if (values.job !== 'train' && !values.horizon) throw new UsageError('--horizon is required.');
  if (values.job !== 'train_predict' && !values['model-dir']) throw new UsageError(`--job ${values.job} needs --model-dir.`);
  const horizonDays = parseHorizon(values.horizon ?? 'quarter');
  const backend = await useNodeBackend();
  say(`Backend: ${backend}. Reading ${values.input}…`);
  const { dataset, report } = await importFile(values.input, { customer: values.customer, date: values.date, amount: values.amount, attributes: values.attribute, noHeader: values['no-header'] });
  say(`${dataset.summary.customers} customers, ${dataset.summary.purchases} purchases from ${report.rowsAccepted} rows (${report.rowsRejected} rejected).`);
  if (dataset.attributes) say(describeAttributes(dataset.attributes));
  const cutoffDay = values.cutoff ? parseIsoDay(values.cutoff) : dataset.summary.lastDay;
  if (cutoffDay === null) throw new UsageError(`--cutoff ${values.cutoff}: expected YYYY-MM-DD.`);
  const options = pipelineOptions(cutoffDay, horizonDays, {
    orderCount: values['order-count'] ? Number(values['order-count']) : null,
    discountRate: values['discount-rate'] ? Number(values['discount-rate']) : 0,
    nextPurchase: { ...(values.seed ? { seed: Number(values.seed) } : {}), ...(values.epochs ? { epochs: Number(values.epochs) } : {}) },
    ...(values.epochs ? { amount: { epochs: Number(values.epochs) }, newcomers: { epochs: Number(values.epochs) } } : {}),
  });
  let models: TrainedModels;
  if (values.job === 'predict') {
    const saved = readModels(values['model-dir']!);
    checkFits(saved, dataset, cutoffDay);
    models = await loadModels(saved);
  } else {
    say(`Training on purchases up to ${formatDay(cutoffDay)}…`);
    models = await trainModels(dataset, options, { onProgress: (stage, e) => e && say(`  ${stage} epoch ${e.epoch}: loss ${e.loss.toFixed(4)}${Number.isNaN(e.valLoss) ? '' : `, validation ${e.valLoss.toFixed(4)}`}`) });
    for (const note of models.notes) say(`Note: ${note}`);
    if (values['model-dir']) say(`Saved the models to ${writeModels(values['model-dir'], await saveModels(models))}.`);
  }
  try {
    if (values.job === 'train') return;
    say(`Predicting ${horizonDays} days after ${formatDay(cutoffDay)}…`);
    const prediction = predictClv(models, dataset, options);
    await writeLines(values.out, predictionCsvLines(prediction));
    if (values['original-out']) await writeLines(values['original-out'], originalSchemaLines(prediction, dataset));
    say(`Wrote ${prediction.customers.id.length} customers${values.out ? ` to ${values.out}` : ''}.`);
  } finally {
    disposeModels(models);
  }
}

async function backtestCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      input: { type: 'string' }, customer: { type: 'string' }, date: { type: 'string' }, amount: { type: 'string' }, 'no-header': { type: 'boolean' },
      'calibration-end': { type: 'string' }, 'holdout-days': { type: 'string' }, out: { type: 'string' }, epochs: { type: 'string' }, seed: { type: 'string' },
      attributes: { type: 'string' }, attribute: { type: 'string', multiple: true },
    },
  });
  if (!values.input) throw new UsageError('--input FILE is required.');
  const end = values['calibration-end'] ? parseIsoDay(values['calibration-end']) : null;
  if (end === null) throw new UsageError(`--calibration-end ${values['calibration-end'] ?? ''}: expected YYYY-MM-DD.`);
  const holdoutDays = Number(values['holdout-days']);
  if (!Number.isInteger(holdoutDays) || holdoutDays < 1) throw new UsageError(`--holdout-days ${values['holdout-days'] ?? ''}: expected a whole number of days.`);
  const backend = await useNodeBackend();
  const { dataset } = await importFile(values.input, { customer: values.customer, date: values.date, amount: values.amount, attributes: values.attribute, noHeader: values['no-header'] });
  if (values.attributes) {
    let text: string;
    try {
      text = readFileSync(values.attributes, 'utf8');
    } catch {
      throw new UsageError(`Cannot read --attributes ${values.attributes}.`);
    }
    dataset.attributes = withFile(dataset.attributes, readAttributes(text, basename(values.attributes), dataset.customerIds));
  }
  if (dataset.attributes) say(describeAttributes(dataset.attributes));
  const epochs = values.epochs ? Number(values.epochs) : undefined;
  // --seed re-runs the deep model with other random draws, to see how much of a figure is seed noise.
  const seed = values.seed ? Number(values.seed) : undefined;
  if (seed !== undefined && !Number.isInteger(seed)) throw new UsageError(`--seed ${values.seed}: expected a whole number.`);
  const options = pipelineOptions(end, holdoutDays, {
    nextPurchase: { ...(epochs ? { epochs } : {}), ...(seed !== undefined ? { seed } : {}) },
    ...(epochs ? { amount: { epochs }, newcomers: { epochs } } : {}),
  });
  const result = await runBacktest(dataset, options, backend, { onModel: (m) => say(`Backtest: ${m}…`) });
  say(backtestTable(result));
  const json = JSON.stringify(result, null, 2);
  if (values.out) writeFileSync(values.out, json + '\n');
  else process.stdout.write(json + '\n');
}

async function writeLines(path: string | undefined, lines: Iterable<string>): Promise<void> {
  const out: NodeJS.WritableStream = path ? createWriteStream(path) : process.stdout;
  for (const line of lines) if (!out.write(line + '\n')) await once(out, 'drain');
  if (path) await new Promise<void>((resolve) => out.end(resolve));
}

const [command, ...rest] = process.argv.slice(2);
try {
  if (command === 'predict') await predictCommand(rest);
  else if (command === 'backtest') await backtestCommand(rest);
  else throw new UsageError(command ? `Unknown command "${command}".` : 'Give a command.');
} catch (e) {
  const error = e as Error;
  say(error instanceof UsageError ? `${error.message}\n${USAGE}` : `Error: ${error.message}`);
  process.exit(1);
}
