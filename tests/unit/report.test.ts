// The report to share, from a CDNOW_sample prediction: one HTML file with no script and nothing to
// fetch, the headline, the charts as SVG images that decode, the lists, the settings and the data.
import { beforeAll, describe, expect, it } from 'vitest';
import { parseIsoDay } from '../../src/lib/data/calendar';
import type { Dataset } from '../../src/lib/data/dataset';
import { importSources } from '../../src/lib/data/importer';
import { inspectSource } from '../../src/lib/data/inspect';
import { historiesUpTo } from '../../src/lib/features/histories';
import { join, valueOf } from '../../src/lib/insights/customers';
import { DEFAULT_LIST_SETTINGS, LIST_KINDS, actionList } from '../../src/lib/insights/lists';
import { histogram, valueSegments } from '../../src/lib/insights/segments';
import type { BacktestResult } from '../../src/lib/pipeline/backtest';
import { fallbackPrediction } from '../../src/lib/pipeline/fallback';
import { headline } from '../../src/lib/pipeline/headline';
import { pipelineOptions } from '../../src/lib/pipeline/options';
import type { RunRecord } from '../../src/lib/pipeline/records';
import type { ClvPrediction } from '../../src/lib/pipeline/result';
import { histogramOption } from '../../src/ui/charts/options/values';
import { LIGHT } from '../../src/ui/charts/palette';
import { money } from '../../src/ui/format';
import { chartSvg } from '../../src/ui/report/build';
import { reportHtml, type ReportInput } from '../../src/ui/report/report';
import { fileSource, fixture } from './helpers';

let dataset: Dataset;
let prediction: ClvPrediction;
let input: ReportInput;

beforeAll(async () => {
  const source = fileSource(fixture('CDNOW_sample.txt'));
  ({ dataset } = await importSources([source], (await inspectSource(source)).options));
  const o = pipelineOptions(parseIsoDay('1997-09-30')!, 273);
  prediction = fallbackPrediction(dataset, historiesUpTo(dataset, o.cutoffDay), o, 'a test').prediction;
  const j = join(dataset, prediction);
  const run: RunRecord = {
    id: 'r1', name: 'Shop <b>& Co</b>', kind: 'train', createdAt: Date.UTC(2026, 11, 1, 9), finishedAt: Date.UTC(2026, 11, 1, 9, 5), status: 'done',
    datasetId: 'd1', datasetName: 'CDNOW_sample.txt', modelId: null, options: { ...o, effort: 'quick', backtest: false }, backend: 'wasm',
    headline: headline(prediction), message: 'The deep models were not trained: a test.',
  };
  input = {
    run, summary: dataset.summary, hasAmount: true, segments: valueSegments(prediction), backtest: null, trustCharts: [], madeAt: new Date(Date.UTC(2026, 11, 1)),
    lists: LIST_KINDS.map((kind) => actionList(kind, j, DEFAULT_LIST_SETTINGS)),
    charts: [{ label: 'Customers by CLV, log scale', svg: chartSvg(histogramOption(histogram(valueOf(prediction), 30, true), 'CLV', LIGHT)) }],
  };
});

const decoded = (src: string) => new TextDecoder().decode(Uint8Array.from(atob(src.replace('data:image/svg+xml;base64,', '')), (ch) => ch.charCodeAt(0)));

describe('the report to share', () => {
  it('is one HTML file with no script and nothing to fetch', () => {
    const html = reportHtml(input);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|javascript:|<link|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/\shref=/i);
    // Every source is inline, and the page's own policy forbids fetching anything else.
    const sources = [...html.matchAll(/\ssrc="([^"]*)"/g)].map((m) => m[1]);
    expect(sources).toHaveLength(1);
    expect(sources.every((s) => s.startsWith('data:image/svg+xml;base64,'))).toBe(true);
    expect(html).toContain(`content="default-src 'none'; img-src data:; style-src 'unsafe-inline'"`);
    expect(html).toContain('@media print');
  });

  it('holds the headline, the charts as SVG that decode, the lists, the settings and the data', () => {
    const html = reportHtml(input);
    const h = input.run.headline!;
    expect(html).toContain('<h1>Shop &lt;b&gt;&amp; Co&lt;/b&gt;</h1>');
    for (const figure of [money(h.revenue!), money(h.valueAtStake!), 'Value at stake', 'Customers at risk']) expect(html).toContain(figure);
    const svg = decoded(html.match(/src="([^"]*)"/)![1]);
    expect(svg).toMatch(/^<svg [^>]*width="900" height="320"/);
    expect(svg).toContain('Customers by CLV (log scale)');
    expect(html).toContain('alt="Customers by CLV, log scale"');
    for (const list of input.lists) expect(html).toContain(`<strong>${list.title}</strong>: ${list.qualifying.toLocaleString('en-US')} customers;`);
    expect(html).toContain('<th scope="row">Data up to</th><td>1997-09-30</td>');
    expect(html).toContain('<th scope="row">Customers</th><td>2,357</td>');
    expect(html).toContain('This run has no backtest');
    expect(html).toContain('The deep models were not trained: a test.');
  });

  it('shows the backtest verdict and every model of its table when the run has one', () => {
    const score = (rmse: number, spearman: number, totalErrorPct: number) => ({ purchases: { mae: 0.8, rmse, spearman, predicted: 0, actual: 0, totalErrorPct }, spend: null, active: { brier: 0.158, logLoss: 0.5, auc: 0.77 }, timeMs: 1500, deciles: {} });
    const backtest = { data: { calibrationEnd: '1997-06-30', holdoutDays: 90, cohortCustomers: 2357 }, models: { clv: score(1.5, 0.5, -9.2), bgnbd: score(1.6, 0.45, -12) } } as unknown as BacktestResult;
    const html = reportHtml({ ...input, backtest });
    expect(html).toContain('On your data, the deep model ranks customers better than BG/NBD, with a smaller error per customer, and under-predicts the total number of purchases by 9%.');
    expect(html).toContain('<th scope="row">BG/NBD</th><td>1.600</td>');
    expect(html).toContain('<td>-9.2%</td>');
    expect(html).not.toContain('This run has no backtest');
  });

  it("says the blend keeps the models' level only where all its weights sum to 1 (older runs' could move it)", () => {
    const score = { purchases: { mae: 0.8, rmse: 1.5, spearman: 0.5, predicted: 0, actual: 0, totalErrorPct: -5 }, spend: null, active: null, timeMs: 1500, deciles: {} };
    const withBlend = (active: { lstm: number; bgnbd: number; paretoNbd: number }) =>
      reportHtml({ ...input, backtest: { data: { calibrationEnd: '1997-06-30', holdoutDays: 90, cohortCustomers: 2357 }, models: { clv: { ...score, stacking: { lstm: 0.4, bgnbd: 0.6, paretoNbd: 0, windowDays: 81, active } } } } as unknown as BacktestResult });
    const sentence = 'The weights sum to 1: the blend mixes the models and keeps their level.';
    expect(withBlend({ lstm: 0.29, bgnbd: 0.37, paretoNbd: 0.34 })).toContain('0.40 × LSTM + 0.60 × BG/NBD + 0.00 × Pareto/NBD; its chance that a customer buys at all is 0.29 × LSTM');
    expect(withBlend({ lstm: 0.29, bgnbd: 0.37, paretoNbd: 0.34 })).toContain(sentence);
    expect(withBlend({ lstm: 0.5, bgnbd: 0, paretoNbd: 0.28 })).not.toContain(sentence);
  });
});
