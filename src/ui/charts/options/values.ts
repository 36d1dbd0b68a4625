// The distribution of customer values, the value segments, and the BG/NBD P(alive) heatmap.
import type { ClassicPrediction } from '../../../lib/pipeline/classic';
import type { LevelRow } from '../../../lib/insights/by-attribute';
import type { Histogram, SegmentRow } from '../../../lib/insights/segments';
import type { ChartOption } from '../echarts';
import { axis, PALETTE, valueAxisName, type ChartTheme } from '../palette';
import { base, compact } from './common';

export function histogramOption(h: Histogram, what: string, t: ChartTheme): ChartOption {
  const label = (i: number) => `${compact(h.edges[i])}–${compact(h.edges[i + 1])}`;
  return {
    ...base(`Customers by ${what}${h.log ? ' (log scale)' : ''}`, t),
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: h.counts.map((_, i) => label(i)), name: what, nameLocation: 'middle', nameGap: 24, ...axis(t) },
    yAxis: { type: 'value', ...axis(t), ...valueAxisName('customers') },
    series: [{ name: 'customers', type: 'bar', data: h.counts, barCategoryGap: '5%' }],
  };
}

export function segmentsOption(rows: SegmentRow[], valueName: string, t: ChartTheme): ChartOption {
  const share = (v: number, total: number) => (total > 0 ? Math.round((v / total) * 1000) / 10 : 0);
  const [customers, value] = [rows.reduce((s, r) => s + r.customers, 0), rows.reduce((s, r) => s + r.value, 0)];
  return {
    ...base('Segments: share of customers and of predicted value', t),
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${v}%` },
    grid: { left: 130, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'value', max: 100, axisLabel: { color: t.muted, formatter: '{value}%' }, axisLine: axis(t).axisLine, splitLine: axis(t).splitLine },
    yAxis: { type: 'category', data: rows.map((r) => r.name), inverse: true, ...axis(t) },
    series: [
      { name: 'customers', type: 'bar', data: rows.map((r) => share(r.customers, customers)) },
      { name: valueName, type: 'bar', data: rows.map((r) => share(r.value, value)), color: PALETTE[1] },
    ],
  };
}

export function aliveHeatmapOption(m: ClassicPrediction['heatmap'], t: ChartTheme): ChartOption {
  const data: [number, number, number][] = [];
  m.pAlive.forEach((row, f) => row.forEach((p, r) => data.push([r, f, Math.round(p * 1000) / 1000])));
  return {
    ...base(`P(alive) by frequency and recency (BG/NBD, customers ${Math.round(m.TWeeks)} weeks old)`, t),
    tooltip: { formatter: (p: { value: [number, number, number] }) => `recency ${Math.round(m.recencyWeeks[p.value[0]])} weeks, ${m.frequencies[p.value[1]]} repeat purchases: P(alive) ${p.value[2]}` },
    grid: { left: 56, right: 80, top: 36, bottom: 40 },
    xAxis: { type: 'category', name: 'recency (weeks from first to last purchase)', nameLocation: 'middle', nameGap: 26, data: m.recencyWeeks.map((r) => Math.round(r)), ...axis(t) },
    yAxis: { type: 'category', data: m.frequencies, ...axis(t), ...valueAxisName('frequency (repeat purchases)'), nameGap: 30 },
    visualMap: { min: 0, max: 1, calculable: true, orient: 'vertical', right: 0, top: 'middle', textStyle: { color: t.muted }, inRange: { color: ['#f7fbff', '#6baed6', '#08306b'] } },
    series: [{ type: 'heatmap', data }],
  };
}

/** Predicted value per attribute level, its 80% interval as a translucent box over the bar's top. */
export function attributeOption(rows: LevelRow[], attribute: string, valueName: string, t: ChartTheme): ChartOption {
  const width = '45%';
  return {
    ...base(`${valueName[0].toUpperCase()}${valueName.slice(1)} by ${attribute}, with 80% intervals`, t),
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? compact(v) : '—') },
    legend: { top: 0, right: 0, textStyle: { color: t.muted }, data: [valueName, '80% interval'] },
    xAxis: { type: 'category', data: rows.map((r) => r.level), name: attribute, nameLocation: 'middle', nameGap: 24, ...axis(t) },
    yAxis: { type: 'value', ...axis(t), axisLabel: { color: t.muted, formatter: compact }, ...valueAxisName(valueName) },
    series: [
      { name: valueName, type: 'bar', data: rows.map((r) => r.value), barWidth: width },
      // The interval: an invisible bar up to its low end, then a box from low to high, on the same spot.
      { name: 'interval low', type: 'bar', stack: 'interval', data: rows.map((r) => r.low), barWidth: width, barGap: '-100%', itemStyle: { color: 'transparent' }, tooltip: { show: false }, silent: true },
      { name: '80% interval', type: 'bar', stack: 'interval', data: rows.map((r) => r.high - r.low), barWidth: width, itemStyle: { color: t.text, opacity: 0.25 } },
    ],
  };
}
