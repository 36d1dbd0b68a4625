// Draws throw-away charts as the page starts, one per task: the dashboard's own options on a few
// made-up buckets, several rounds. ECharts' first render takes 200-300 ms on a slow laptop (its code
// compiled on first use), the next ones of a kind 30-70 ms, and only after about eight it is down to
// 10-15 ms, once the JavaScript engine has optimised it. Paying that while the page loads keeps the
// dashboard's charts, drawn when a run finishes, from blocking the page.
import { buckets } from '../../lib/insights/buckets';
import type { EpochReport } from '../../lib/models/training';
import { echarts, type ChartOption } from './echarts';
import { churnOption, pieOption } from './options/churn';
import { lossOption } from './options/loss';
import { timelineOption } from './options/timeline';
import { LIGHT, PALETTE } from './palette';

function draw(option: ChartOption): void {
  const box = document.createElement('div');
  box.style.cssText = 'position:absolute;left:-10000px;top:0;width:480px;height:240px';
  document.body.append(box);
  const chart = echarts.init(box, null, { renderer: 'canvas', useDirtyRect: true });
  chart.setOption(option, { notMerge: true });
  chart.dispose();
  box.remove();
}

const ROUNDS = 8;

export function warmUpCharts(): void {
  const b = buckets('month', 0, 400);
  const series = () => Float64Array.from(b.label, (_, i) => 10 + (i % 4));
  const cutoffBucket = b.label.length - 3;
  const epochs: EpochReport[] = [{ epoch: 1, loss: 2, valLoss: 2.5 }, { epoch: 2, loss: 1, valLoss: 1.5 }, { epoch: 1, loss: 1.2, valLoss: NaN }];
  const options: ChartOption[] = [
    timelineOption({ buckets: b, unit: 'revenue', cutoffBucket, actual: series(), predicted: series(), newcomers: series() }, cutoffBucket + 1, LIGHT),
    churnOption(b, { acquired: series(), active: series(), churned: series() }, cutoffBucket, LIGHT),
    pieOption('warm-up', [['a', 1], ['b', 2]], PALETTE.slice(0, 2), LIGHT),
    lossOption('warm-up', epochs, LIGHT),
  ];
  const queue = Array.from({ length: ROUNDS }, () => options).flat();
  const next = () => {
    draw(queue.shift()!);
    if (queue.length) setTimeout(next);
  };
  setTimeout(next);
}
