// Loss curves of one model: training and validation loss per epoch while the epochs are chosen, then
// the loss of the refit on all data (epochs without validation), numbered from 1 again.
import type { EpochReport } from '../../../lib/models/training';
import type { ChartOption } from '../echarts';
import { axis, PALETTE, type ChartTheme } from '../palette';

export function lossOption(title: string, epochs: readonly EpochReport[], t: ChartTheme): ChartOption {
  const selection = epochs.filter((e) => Number.isFinite(e.valLoss));
  const refit = epochs.filter((e) => !Number.isFinite(e.valLoss));
  return {
    animation: false,
    color: PALETTE,
    title: { text: title, textStyle: { color: t.text, fontSize: 13, fontWeight: 600 }, left: 0 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? v.toFixed(4) : String(v)) },
    legend: { top: 0, right: 0, textStyle: { color: t.muted } },
    grid: { left: 48, right: 12, top: 32, bottom: 28 },
    xAxis: { type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 20, minInterval: 1, min: 1, ...axis(t) },
    yAxis: { type: 'value', scale: true, ...axis(t) },
    series: [
      { name: 'training', type: 'line', showSymbol: false, data: selection.map((e) => [e.epoch, e.loss]) },
      { name: 'validation', type: 'line', showSymbol: false, lineStyle: { type: 'dashed' }, data: selection.map((e) => [e.epoch, e.valLoss]) },
      ...(refit.length ? [{ name: 'refit on all data', type: 'line', showSymbol: false, data: refit.map((e, i) => [i + 1, e.loss]) }] : []),
    ],
  };
}
