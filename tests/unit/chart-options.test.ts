// The charts' option builders: pure functions from data to ECharts options.
import { describe, expect, it } from 'vitest';
import { lossOption } from '../../src/ui/charts/options/loss';
import { DARK, LIGHT } from '../../src/ui/charts/palette';

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
