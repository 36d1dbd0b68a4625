// Backtest: per decile of customers, mean predicted vs mean actual purchases, or the predicted chance
// of buying at all vs the share who did (calibration), for the deep model and BG/NBD.
import type { BacktestModel, BacktestResult, Tracking } from '../../../lib/pipeline/backtest';
import { BACKTEST_MODEL_LABELS } from '../../labels';
import type { ChartOption } from '../echarts';
import { axis, valueAxisName, type ChartTheme } from '../palette';
import { base } from './common';

const DECILES = {
  purchases: { title: 'Backtest: purchases per customer by decile of prediction', axis: 'purchases per customer' },
  active: { title: 'Backtest: who bought at all, by decile of the predicted chance', axis: 'share of customers who bought' },
};

export function decilesOption(b: BacktestResult, t: ChartTheme, kind: keyof typeof DECILES = 'purchases'): ChartOption {
  const clv = b.models.clv?.deciles[kind] ?? [];
  const bg = b.models.bgnbd?.deciles[kind] ?? [];
  return {
    ...base(DECILES[kind].title, t),
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? v.toFixed(2) : '—') },
    xAxis: { type: 'category', name: 'decile (1 = highest predicted)', nameLocation: 'middle', nameGap: 24, data: clv.map((d) => d.decile), ...axis(t) },
    yAxis: { type: 'value', ...axis(t), ...valueAxisName(DECILES[kind].axis) },
    series: [
      { name: 'actual', type: 'bar', data: clv.map((d) => d.meanActual) },
      { name: 'deep model', type: 'bar', data: clv.map((d) => d.meanPredicted) },
      { name: 'BG/NBD (its own deciles)', type: 'line', data: bg.map((d) => d.meanPredicted) },
    ],
  };
}

/** Cumulative purchases over the holdout: actual against each model's expectation. */
export function trackingOption(tracking: Tracking, t: ChartTheme): ChartOption {
  const line = (name: string, values: number[], dashed: boolean) => ({ name, type: 'line', showSymbol: false, lineStyle: dashed ? { type: 'dashed' } : { width: 3 }, data: tracking.days.map((d, i) => [d, Math.round(values[i] * 10) / 10]) });
  return {
    ...base('Backtest: cumulative purchases over the holdout', t),
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', name: 'days after the calibration end', nameLocation: 'middle', nameGap: 24, max: tracking.days.at(-1), ...axis(t) },
    yAxis: { type: 'value', ...axis(t), ...valueAxisName('purchases') },
    series: [line('actual', tracking.actual, false), ...Object.entries(tracking.models).map(([model, values]) => line(BACKTEST_MODEL_LABELS[model as BacktestModel], values!, true))],
  };
}
