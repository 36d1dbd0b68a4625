// Actual and predicted revenue (or purchases) per bucket, the cut-off marked, the selected bucket
// highlighted; clicking a bucket selects it for the other views.
import type { Timeline } from '../../../lib/insights/timeline';
import type { ChartOption } from '../echarts';
import { axis, type ChartTheme } from '../palette';
import { base, compact } from './common';

export function timelineOption(tl: Timeline, selected: number, t: ChartTheme): ChartOption {
  const what = tl.unit === 'revenue' ? 'Revenue' : 'Purchases';
  const after = (s: Float64Array) => Array.from(s, (v, i) => (i >= tl.cutoffBucket ? v : null));
  return {
    ...base(`${what}: actual and predicted`, t),
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: 2 }) : '—') },
    xAxis: { type: 'category', data: tl.buckets.label, ...axis(t) },
    yAxis: { type: 'value', axisLabel: { color: t.muted, formatter: compact }, splitLine: axis(t).splitLine },
    series: [
      {
        name: 'actual', type: 'bar', data: Array.from(tl.actual), barCategoryGap: '20%',
        markLine: { symbol: 'none', silent: true, lineStyle: { color: t.muted, type: 'dashed' }, label: { formatter: 'cut-off', color: t.muted }, data: [{ xAxis: tl.buckets.label[tl.cutoffBucket] }] },
        markArea: { silent: true, itemStyle: { color: t.muted, opacity: 0.12 }, data: [[{ xAxis: tl.buckets.label[selected] }, { xAxis: tl.buckets.label[selected] }]] },
      },
      { name: 'predicted: customers', type: 'bar', stack: 'predicted', data: after(tl.predicted), itemStyle: { opacity: 0.85 } },
      { name: 'predicted: newcomers', type: 'bar', stack: 'predicted', data: after(tl.newcomers) },
    ],
  };
}
