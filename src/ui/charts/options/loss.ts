// Loss curves of one model: training and validation loss per epoch while the epochs are chosen, then
// the loss of the refit on all data (epochs without validation), numbered from 1 again.
import type { EpochReport } from '../../../lib/models/training';
import type { ChartOption } from '../echarts';
import { axis, PALETTE, type ChartTheme } from '../palette';

export interface LossSeries {
  name: string;
  points: [number, number][];
  dashed: boolean;
}

/** The curves of a model's epochs, for the ECharts option and for the live canvas alike. */
export function lossSeries(epochs: readonly EpochReport[]): LossSeries[] {
  const selection = epochs.filter((e) => Number.isFinite(e.valLoss));
  const refit = epochs.filter((e) => !Number.isFinite(e.valLoss));
  return [
    { name: 'training', points: selection.map((e) => [e.epoch, e.loss]), dashed: false },
    { name: 'validation', points: selection.map((e) => [e.epoch, e.valLoss]), dashed: true },
    ...(refit.length ? [{ name: 'refit on all data', points: refit.map((e, i): [number, number] => [i + 1, e.loss]), dashed: false }] : []),
  ];
}

export function lossOption(title: string, epochs: readonly EpochReport[], t: ChartTheme): ChartOption {
  return {
    animation: false,
    color: PALETTE,
    title: { text: title, textStyle: { color: t.text, fontSize: 13, fontWeight: 600 }, left: 0 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? v.toFixed(4) : String(v)) },
    // The legend under the title, as on the live canvas: beside it there is no room in a third of a page.
    legend: { top: 28, left: 0, itemHeight: 8, textStyle: { color: t.muted } },
    grid: { left: 48, right: 12, top: 60, bottom: 28 },
    xAxis: { type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 20, minInterval: 1, min: 1, ...axis(t) },
    yAxis: { type: 'value', scale: true, ...axis(t) },
    series: lossSeries(epochs).map((s) => ({ name: s.name, type: 'line', showSymbol: false, ...(s.dashed ? { lineStyle: { type: 'dashed' } } : {}), data: s.points })),
  };
}
