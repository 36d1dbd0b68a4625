// Draws one throw-away chart as the page starts. ECharts' first render costs ~60 ms more than later
// ones on a slow laptop (code compiled on first use); paying it while the page loads keeps the first
// chart of a run from blocking the page while training runs.
import { echarts } from './echarts';

export function warmUpCharts(): void {
  const run = () => {
    const box = document.createElement('div');
    box.style.cssText = 'position:absolute;left:-10000px;top:0;width:320px;height:200px';
    document.body.append(box);
    const chart = echarts.init(box, null, { renderer: 'canvas' });
    chart.setOption({
      animation: false,
      title: { text: 'warm-up' },
      tooltip: { trigger: 'axis' },
      legend: {},
      xAxis: { type: 'value' },
      yAxis: { type: 'value' },
      series: [{ name: 'a', type: 'line', data: [[1, 2], [2, 1]] }, { name: 'b', type: 'bar', data: [[1, 1]] }],
    });
    chart.dispose();
    box.remove();
  };
  setTimeout(run);
}
