// The report to share: one self-contained HTML file (styles inline, charts as embedded SVG images,
// no script, nothing fetched) with the headline, the main charts, the lists' sizes, the Trust verdict
// and table, the settings and the data's summary. It opens offline in any browser and prints to PDF.
import type { DatasetSummary } from '../../lib/data/dataset';
import type { ActionList } from '../../lib/insights/lists';
import { verdict } from '../../lib/insights/verdict';
import type { SegmentRow } from '../../lib/insights/segments';
import type { BacktestResult } from '../../lib/pipeline/backtest';
import type { RunRecord } from '../../lib/pipeline/records';
import { count, day, money, plural } from '../format';
import { headlineItems } from '../headline-items';
import { METRIC_COLUMNS, amountsSentence, attributesSentence, backtestScope, blendSentence, metricRows } from '../trust-text';

export interface ReportChart {
  /** What the chart shows, in words: its image's alternative text. */
  label: string;
  svg: string;
}

export interface ReportInput {
  run: RunRecord;
  summary: DatasetSummary;
  /** The customer attributes and where they came from, in words; absent without. */
  attributes?: string;
  hasAmount: boolean;
  segments: SegmentRow[];
  lists: ActionList[];
  backtest: BacktestResult | null;
  /** Charts of the prediction, then of the backtest. */
  charts: ReportChart[];
  trustCharts: ReportChart[];
  madeAt: Date;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** An SVG as a data: URL, base64 over its UTF-8 bytes. */
export function svgDataUrl(svg: string): string {
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

const image = (c: ReportChart) => `<figure><img alt="${escapeHtml(c.label)}" src="${svgDataUrl(c.svg)}"></figure>`;
/** A table whose rows start with their heading; `head` null for a table of label and value. */
const table = (head: string[] | null, rows: string[][]) =>
  `<table>${head ? `<thead><tr>${head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>` : ''}<tbody>${rows
    .map(([first, ...rest]) => `<tr><th scope="row">${escapeHtml(first)}</th>${rest.map((v) => `<td>${escapeHtml(v)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
const paragraph = (text: string | null, cls = '') => (text ? `<p${cls ? ` class="${cls}"` : ''}>${escapeHtml(text)}</p>` : '');

const STYLE = `
  :root { color-scheme: light; font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #1b1d21; background: #fff; }
  body { max-width: 60rem; margin: 2rem auto; padding: 0 1.25rem; line-height: 1.45; }
  h1 { font-size: 1.6rem; margin: 0 0 0.25rem; }
  h2 { font-size: 1.15rem; margin: 2rem 0 0.5rem; border-bottom: 1px solid #d6d9de; padding-bottom: 0.25rem; }
  .muted { color: #5b616b; font-size: 0.9rem; }
  .numbers { display: grid; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); gap: 1rem 2rem; margin: 1rem 0; }
  .numbers dt { font-size: 0.85rem; color: #5b616b; }
  .numbers dd { margin: 0; font-size: 1.4rem; font-weight: 650; font-variant-numeric: tabular-nums; }
  .numbers small { color: #5b616b; font-size: 0.78rem; }
  figure { margin: 0.75rem 0; }
  img { max-width: 100%; height: auto; display: block; }
  table { border-collapse: collapse; font-size: 0.85rem; margin: 0.5rem 0 1rem; }
  th, td { padding: 0.25rem 0.6rem; border-bottom: 1px solid #d6d9de; text-align: right; font-variant-numeric: tabular-nums; }
  th[scope='row'], thead th:first-child { text-align: left; }
  .verdict { font-weight: 600; font-size: 1.05rem; }
  @media print {
    body { margin: 0; max-width: none; }
    h2 { break-after: avoid; }
    figure, table, .numbers, .list { break-inside: avoid; }
    @page { margin: 1.5cm; }
  }`;

export function reportHtml(r: ReportInput): string {
  const h = r.run.headline;
  const o = r.run.options;
  const total = r.segments.reduce((s, x) => s + x.value, 0);
  const valueName = r.hasAmount ? 'Predicted value' : 'Expected purchases';
  const settings: [string, string][] = [
    ['Data up to', day(o.cutoffDay)],
    ['Horizon', `${o.horizonDays} days, to ${day(o.cutoffDay + o.horizonDays)}`],
    ['order_count', o.orderCount === null ? 'automatic' : String(o.orderCount)],
    ['Training', o.effort],
    ['Backtest on the data', o.backtest ? 'yes' : 'no'],
    ['Compute backend', r.run.backend ?? '—'],
    ['Run', `${r.run.kind === 'predict' ? 'predicted with a saved model' : 'trained'} ${new Date(r.run.finishedAt ?? r.run.createdAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`],
  ];
  const s = r.summary;
  const data: [string, string][] = [
    ['File', r.run.datasetName],
    ['Customers', count(s.customers)],
    ['Purchases (distinct customer-days)', count(s.purchases)],
    ['Rows used', count(s.rows)],
    ['Dates', `${day(s.firstDay)} – ${day(s.lastDay)}`],
    ['Revenue', s.revenue === null ? 'no amount column' : money(s.revenue)],
    ...(r.attributes ? [['Customer attributes', r.attributes] as [string, string]] : []),
  ];
  const b = r.backtest;
  const body = [
    `<h1>${escapeHtml(r.run.name)}</h1>`,
    `<p class="muted">Customer lifetime value report, made ${escapeHtml(r.madeAt.toISOString().slice(0, 10))} by clv-prediction in the browser: the data never left the computer.</p>`,
    h ? `<p class="muted">Data up to ${day(h.cutoffDay)}; predictions for the ${h.horizonDays} days to ${day(h.cutoffDay + h.horizonDays)}.</p>` : '',
    h ? `<dl class="numbers">${headlineItems(h).map((i) => `<div><dt>${escapeHtml(i.label)}</dt><dd>${escapeHtml(i.value)}</dd><small>${escapeHtml(i.note)}</small></div>`).join('')}</dl>` : '',
    paragraph(r.run.message, 'muted'),
    '<h2>Forecast</h2>',
    ...r.charts.map(image),
    '<h2>Segments</h2>',
    table(['Segment', 'Customers', valueName, 'Share'], r.segments.map((x) => [x.name, count(x.customers), r.hasAmount ? money(x.value) : x.value.toFixed(1), `${total > 0 ? Math.round((x.value / total) * 100) : 0}%`])),
    '<h2>Lists to act on</h2>',
    ...r.lists.map((l) => `<div class="list"><p><strong>${escapeHtml(l.title)}</strong>: ${l.unavailable ? escapeHtml(l.unavailable) : `${plural(l.qualifying, 'customer')}; ${escapeHtml(l.measure)} of the first ${count(l.customers.length)}: ${l.inMoney ? money(l.total) : l.total.toFixed(1)}.`}</p>${paragraph(l.unavailable ? null : l.rule, 'muted')}</div>`),
    '<h2>How far to trust it</h2>',
    b
      ? [`<p class="verdict">${escapeHtml(verdict(b))}</p>`, paragraph(backtestScope(b), 'muted'), table(METRIC_COLUMNS.map(([x]) => x), metricRows(b).map((x) => [x.model, ...x.cells])), paragraph(blendSentence(b), 'muted'), paragraph(amountsSentence(b), 'muted'), paragraph(attributesSentence(b)), ...r.trustCharts.map(image)].join('\n')
      : '<p class="muted">This run has no backtest: it was trained without checking accuracy on the data.</p>',
    '<h2>Settings</h2>',
    table(null, settings),
    '<h2>Data</h2>',
    table(null, data),
  ];
  return `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">\n<title>${escapeHtml(r.run.name)}: CLV report</title>\n<style>${STYLE}\n</style>\n</head>\n<body>\n${body.filter(Boolean).join('\n')}\n</body>\n</html>\n`;
}
