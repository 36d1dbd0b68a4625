// Backtest: mean predicted vs mean actual purchases per decile of customers, the deep model and BG/NBD.
import type { BacktestResult } from '../../../lib/pipeline/backtest';
import type { ChartOption } from '../echarts';
import { axis, valueAxisName, type ChartTheme } from '../palette';
import { base } from './common';

export function decilesOption(b: BacktestResult, t: ChartTheme): ChartOption {
  const clv = b.models.clv?.deciles.purchases ?? [];
  const bg = b.models.bgnbd?.deciles.purchases ?? [];
  return {
    ...base('Backtest: purchases per customer by decile of prediction', t),
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? v.toFixed(2) : '—') },
    xAxis: { type: 'category', name: 'decile (1 = highest predicted)', nameLocation: 'middle', nameGap: 24, data: clv.map((d) => d.decile), ...axis(t) },
    yAxis: { type: 'value', ...axis(t), ...valueAxisName('purchases per customer') },
    series: [
      { name: 'actual', type: 'bar', data: clv.map((d) => d.meanActual) },
      { name: 'deep model', type: 'bar', data: clv.map((d) => d.meanPredicted) },
      { name: 'BG/NBD (its own deciles)', type: 'line', data: bg.map((d) => d.meanPredicted) },
    ],
  };
}
