// The report of an opened run, from the dashboard's figures: charts drawn to SVG by ECharts' server-side
// renderer (no canvas, no page), one chart per task so that the page stays responsive.
import { describeAttributes } from '../../lib/data/attributes';
import { valueByAttribute } from '../../lib/insights/by-attribute';
import { valueOf } from '../../lib/insights/customers';
import { newcomerSeries } from '../../lib/insights/newcomers';
import { histogram } from '../../lib/insights/segments';
import { timeline } from '../../lib/insights/timeline';
import { echarts, type ChartOption } from '../charts/echarts';
import { newcomersOption } from '../charts/options/churn';
import { timelineOption } from '../charts/options/timeline';
import { decilesOption, trackingOption } from '../charts/options/trust';
import { attributeOption, histogramOption, segmentsOption } from '../charts/options/values';
import { LIGHT } from '../charts/palette';
import type { DashboardState } from '../state/dashboard.svelte';
import { reportHtml, type ReportChart } from './report';

const [WIDTH, HEIGHT] = [900, 320];

/** A chart option drawn to an SVG document. */
export function chartSvg(option: ChartOption, width = WIDTH, height = HEIGHT): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ ...option, animation: false, backgroundColor: '#ffffff' });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve));

export async function dashboardReport(d: DashboardState, madeAt = new Date()): Promise<string> {
  const { run, result } = d.open;
  const p = result.prediction;
  const what = p.hasAmount ? 'CLV' : 'expected purchases';
  const valueName = p.hasAmount ? 'predicted value' : 'expected purchases';
  const drawn = async (specs: [string, () => ChartOption][]): Promise<ReportChart[]> => {
    const out: ReportChart[] = [];
    for (const [label, option] of specs) {
      await nextTask();
      out.push({ label, svg: chartSvg(option()) });
    }
    return out;
  };
  const b = result.backtest;
  // By month, whatever period the dashboard shows.
  await nextTask();
  const tl = timeline(d.joined, 'month', null, false);
  const charts = await drawn([
    [`${p.hasAmount ? 'Revenue' : 'Purchases'} per month, actual and predicted; the cut-off month shaded`, () => timelineOption(tl, tl.cutoffBucket, LIGHT)],
    ['Newcomers per month, actual then predicted', () => newcomersOption(tl.buckets, newcomerSeries(d.joined, tl.buckets), p.hasAmount, tl.cutoffBucket, LIGHT)],
    [`Customers by ${what}, log scale`, () => histogramOption(histogram(valueOf(p), 30, true), what, LIGHT)],
    ['Segments by P(alive) and value', () => segmentsOption(d.segments, valueName, LIGHT)],
    ...(d.dataset.attributes?.columns ?? []).map((column): [string, () => ChartOption] => [
      `${valueName} by ${column.name}, with 80% intervals`, () => attributeOption(valueByAttribute(d.joined, column), column.name, valueName, LIGHT),
    ]),
  ]);
  const trustCharts = b
    ? await drawn([
        ['Backtest: mean predicted and actual purchases per decile of customers', () => decilesOption(b, LIGHT)],
        ...(b.tracking ? [[`Backtest: cumulative purchases over the ${b.data.holdoutDays}-day holdout`, () => trackingOption(b.tracking!, LIGHT)] as [string, () => ChartOption]] : []),
      ])
    : [];
  await nextTask();
  const lists = d.lists.map((list) => list());
  const attributes = d.dataset.attributes && describeAttributes(d.dataset.attributes);
  return reportHtml({ run, summary: d.dataset.summary, attributes, hasAmount: p.hasAmount, segments: d.segments, lists, backtest: b, charts, trustCharts, madeAt });
}
