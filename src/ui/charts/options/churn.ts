// Churned and active customers over time, and the churn rate of the selected bucket as a pie.
import type { Buckets } from '../../../lib/insights/buckets';
import type { ChurnSeries } from '../../../lib/insights/churn';
import type { NewcomerSeries } from '../../../lib/insights/newcomers';
import type { ChartOption } from '../echarts';
import { axis, PALETTE, type ChartTheme } from '../palette';
import { base, compact } from './common';

export function churnOption(b: Buckets, c: ChurnSeries, cutoffBucket: number, t: ChartTheme): ChartOption {
  return {
    ...base('Churned customers (no purchase for a year)', t),
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: b.label, ...axis(t) },
    yAxis: { type: 'value', axisLabel: { color: t.muted, formatter: compact }, splitLine: axis(t).splitLine },
    series: [
      { name: 'churned', type: 'line', showSymbol: false, data: Array.from(c.churned), color: PALETTE[5], markLine: cutoffMark(b, cutoffBucket, t) },
      { name: 'active', type: 'line', showSymbol: false, data: Array.from(c.active), color: PALETTE[2] },
    ],
  };
}

export function newcomersOption(b: Buckets, n: NewcomerSeries, hasAmount: boolean, cutoffBucket: number, t: ChartTheme): ChartOption {
  const values = hasAmount ? n.newcomerValue : n.newcomers;
  return {
    ...base(hasAmount ? 'Newcomers’ first purchases: value' : 'Newcomers: first purchases', t),
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: 2 }) : '—') },
    xAxis: { type: 'category', data: b.label, ...axis(t) },
    yAxis: { type: 'value', axisLabel: { color: t.muted, formatter: compact }, splitLine: axis(t).splitLine },
    series: [
      { name: 'actual', type: 'bar', stack: 'n', data: Array.from(values, (v, i) => (n.predicted[i] ? null : v)), markLine: cutoffMark(b, cutoffBucket, t) },
      { name: 'predicted', type: 'bar', stack: 'n', data: Array.from(values, (v, i) => (n.predicted[i] ? v : null)), color: PALETTE[1] },
    ],
  };
}

/** A two-slice pie: `parts` as [name, value] pairs. */
export function pieOption(title: string, parts: [string, number][], colors: string[], t: ChartTheme): ChartOption {
  return {
    ...base(title, t),
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0, textStyle: { color: t.muted } },
    series: [{ type: 'pie', radius: ['35%', '65%'], center: ['50%', '52%'], color: colors, label: { color: t.text, formatter: '{d}%', overflow: 'none' }, data: parts.map(([name, value]) => ({ name, value: Math.round(value * 100) / 100 })) }],
  };
}

const cutoffMark = (b: Buckets, i: number, t: ChartTheme) => ({ symbol: 'none', silent: true, lineStyle: { color: t.muted, type: 'dashed' }, label: { formatter: 'cut-off', color: t.muted }, data: [{ xAxis: b.label[i] }] });
