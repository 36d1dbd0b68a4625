// The charts' option builders: pure functions from data to ECharts options.
import { describe, expect, it } from 'vitest';
import { lossOption } from '../../src/ui/charts/options/loss';
import { pieOption } from '../../src/ui/charts/options/churn';
import { timelineOption } from '../../src/ui/charts/options/timeline';
import { decilesOption, trackingOption } from '../../src/ui/charts/options/trust';
import { aliveHeatmapOption, segmentsOption } from '../../src/ui/charts/options/values';
import { DARK, LIGHT } from '../../src/ui/charts/palette';
import type { Timeline } from '../../src/lib/insights/timeline';
import type { BacktestResult } from '../../src/lib/pipeline/backtest';

type Series = { name: string; data: number[][]; lineStyle?: { type: string } };

describe('loss chart', () => {
  it('draws training and validation while epochs are chosen, and the refit from epoch 1 again', () => {
    const epochs = [
      { epoch: 1, loss: 3, valLoss: 3.5 },
      { epoch: 2, loss: 2, valLoss: 2.9 },
      { epoch: 3, loss: 1.5, valLoss: 3.1 },
      { epoch: 1, loss: 2.8, valLoss: NaN },
      { epoch: 2, loss: 1.9, valLoss: NaN },
    ];
    const o = lossOption('Next purchase', epochs, LIGHT) as { series: Series[]; title: { text: string } };
    expect(o.title.text).toBe('Next purchase');
    expect(o.series.map((s) => s.name)).toEqual(['training', 'validation', 'refit on all data']);
    expect(o.series[0].data).toEqual([[1, 3], [2, 2], [3, 1.5]]);
    expect(o.series[1].data).toEqual([[1, 3.5], [2, 2.9], [3, 3.1]]);
    expect(o.series[1].lineStyle!.type).toBe('dashed');
    expect(o.series[2].data).toEqual([[1, 2.8], [2, 1.9]]);
  });

  it('has no refit series before the refit starts, and follows the theme', () => {
    const light = lossOption('A', [{ epoch: 1, loss: 1, valLoss: 2 }], LIGHT) as { series: Series[]; title: { textStyle: { color: string } } };
    const dark = lossOption('A', [{ epoch: 1, loss: 1, valLoss: 2 }], DARK) as { title: { textStyle: { color: string } } };
    expect(light.series).toHaveLength(2);
    expect(light.title.textStyle.color).not.toBe(dark.title.textStyle.color);
  });
});

describe('dashboard charts', () => {
  const tl: Timeline = {
    buckets: { period: 'month', start: Int32Array.of(0, 31, 59, 90), end: 120, label: ['2024-01', '2024-02', '2024-03', '2024-04'] },
    unit: 'revenue',
    cutoffBucket: 2,
    actual: Float64Array.of(10, 20, 30, 0),
    predicted: Float64Array.of(0, 0, 1, 40),
    newcomers: Float64Array.of(0, 0, 0, 5),
  };

  it('timeline: actual bars, predictions from the cut-off bucket on, the cut-off and the selected bucket marked', () => {
    const o = timelineOption(tl, 3, LIGHT) as { series: { name: string; data: unknown[]; markLine?: { data: { xAxis: string }[] }; markArea?: { data: { xAxis: string }[][] } }[]; xAxis: { data: string[] } };
    expect(o.xAxis.data).toEqual(tl.buckets.label);
    expect(o.series.map((s) => s.name)).toEqual(['actual', 'predicted: customers', 'predicted: newcomers']);
    expect(o.series[0].data).toEqual([10, 20, 30, 0]);
    expect(o.series[1].data).toEqual([null, null, 1, 40]);
    expect(o.series[2].data).toEqual([null, null, 0, 5]);
    expect(o.series[0].markLine!.data[0].xAxis).toBe('2024-03');
    expect(o.series[0].markArea!.data[0][0].xAxis).toBe('2024-04');
  });

  it('pie: the two parts with their values, labels never cut; segments: shares in percent', () => {
    const pie = pieOption('Churn', [['active', 3], ['churned', 1]], ['#000', '#fff'], DARK) as { series: { data: { name: string; value: number }[]; label: { overflow: string } }[] };
    expect(pie.series[0].data).toEqual([{ name: 'active', value: 3 }, { name: 'churned', value: 1 }]);
    // Two halves put their labels beside the ring, where ECharts' default truncated "45.55%" to "45....".
    expect(pie.series[0].label.overflow).toBe('none');
    const seg = segmentsOption([{ name: 'a', description: '', customers: 1, value: 30 }, { name: 'b', description: '', customers: 3, value: 10 }], 'value', LIGHT) as { series: { data: number[] }[] };
    expect(seg.series[0].data).toEqual([25, 75]);
    expect(seg.series[1].data).toEqual([75, 25]);
  });

  it('heatmap: one cell per frequency and recency; deciles: actual, deep model and BG/NBD', () => {
    const heat = aliveHeatmapOption({ TWeeks: 10, frequencies: [0, 1], recencyWeeks: [0, 5, 10], pAlive: [[1, 1, 1], [0.2, 0.5, 0.9]] }, LIGHT) as { series: { data: number[][] }[] };
    expect(heat.series[0].data).toHaveLength(6);
    expect(heat.series[0].data).toContainEqual([1, 1, 0.5]);
    const decile = (k: number, p: number, a: number) => ({ decile: k, customers: 10, meanPredicted: p, meanActual: a });
    const b = { models: { clv: { deciles: { purchases: [decile(1, 2, 2.5), decile(2, 1, 0.5)] } }, bgnbd: { deciles: { purchases: [decile(1, 3, 2.5), decile(2, 0.4, 0.5)] } } } } as unknown as BacktestResult;
    const o = decilesOption(b, LIGHT) as { series: { name: string; data: number[] }[] };
    expect(o.series.map((s) => [s.name, s.data])).toEqual([['actual', [2.5, 0.5]], ['deep model', [2, 1]], ['BG/NBD (its own deciles)', [3, 0.4]]]);
    const share = { models: { clv: { deciles: { purchases: [], active: [decile(1, 0.8, 0.75)] } }, bgnbd: { deciles: { purchases: [], active: [decile(1, 0.7, 0.75)] } } } } as unknown as BacktestResult;
    const a = decilesOption(share, LIGHT, 'active') as { title: { text: string }; series: { name: string; data: number[] }[] };
    expect(a.series.map((s) => s.data)).toEqual([[0.75], [0.8], [0.7]]);
    expect(JSON.stringify(a)).toContain('share of customers who bought');
  });

  it('tracking: the actual curve and one dashed curve per model, by day', () => {
    const o = trackingOption({ days: [0, 10, 20], actual: [0, 4, 9], models: { clv: [0, 5, 8], bgnbd: [0, 3, 6] } }, LIGHT) as { series: { name: string; data: number[][]; lineStyle: { type?: string } }[] };
    expect(o.series.map((s) => s.name)).toEqual(['actual', 'deep model', 'BG/NBD']);
    expect(o.series[0].data).toEqual([[0, 0], [10, 4], [20, 9]]);
    expect(o.series[1].lineStyle.type).toBe('dashed');
  });
});
