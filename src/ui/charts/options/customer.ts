// One customer on one timeline: purchases in the data and predicted ones (dates and amounts).
import { formatDay } from '../../../lib/data/calendar';
import type { ChartOption } from '../echarts';
import { axis, PALETTE, valueAxisName, type ChartTheme } from '../palette';
import { base } from './common';

export interface CustomerSeries {
  actualDays: ArrayLike<number>;
  actualAmounts: ArrayLike<number>;
  predictedDays: number[];
  predictedAmounts: number[];
  cutoffDay: number;
  hasAmount: boolean;
}

const DAY_MS = 86_400_000;

export function customerOption(c: CustomerSeries, t: ChartTheme): ChartOption {
  const point = (day: number, amount: number) => [day * DAY_MS, c.hasAmount ? Math.round(amount * 100) / 100 : 1];
  return {
    ...base('Purchases: actual and predicted', t),
    tooltip: { trigger: 'item', formatter: (p: { seriesName: string; value: [number, number] }) => `${p.seriesName}: ${formatDay(Math.round(p.value[0] / DAY_MS))}${c.hasAmount ? `, ${p.value[1]}` : ''}` },
    xAxis: { type: 'time', ...axis(t) },
    yAxis: { type: 'value', show: c.hasAmount, ...axis(t), ...valueAxisName(c.hasAmount ? 'amount' : '') },
    series: [
      { name: 'actual', type: 'line', step: false, symbolSize: 9, lineStyle: { opacity: 0.3 }, data: Array.from(c.actualDays, (d, i) => point(d, c.actualAmounts[i])), color: PALETTE[0],
        markLine: { symbol: 'none', silent: true, lineStyle: { color: t.muted, type: 'dashed' }, label: { formatter: 'cut-off', color: t.muted }, data: [{ xAxis: c.cutoffDay * DAY_MS }] } },
      { name: 'predicted', type: 'line', symbol: 'diamond', symbolSize: 11, lineStyle: { type: 'dotted' }, data: c.predictedDays.map((d, i) => point(d, c.predictedAmounts[i])), color: PALETTE[1] },
    ],
  };
}
