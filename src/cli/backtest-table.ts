// A backtest result as a markdown table, for the terminal and docs/accuracy.md.
import { describeAmountChoice } from '../lib/pipeline/amount-choice';
import { BACKTEST_MODELS, type AmountScore, type BacktestResult } from '../lib/pipeline/backtest';
import { keepsLevel } from '../lib/pipeline/stack-weights';

const f = (x: number | null | undefined, digits = 3) => (x === null || x === undefined || Number.isNaN(x) ? '-' : x.toFixed(digits));
const money = (x: number) => `$${Math.round(x).toLocaleString('en-US')}`;
const pct = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}%`;

export function backtestTable(r: BacktestResult): string {
  const head = '| model | purchases MAE | RMSE | Spearman | total (err) | spend MAE | spend RMSE | spend Spearman | spend Gini | spend total (err) | buys at all: Brier | log loss | AUC | time |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|';
  const rows = BACKTEST_MODELS.filter((m) => r.models[m]).map((m) => {
    const s = r.models[m]!;
    const p = s.purchases;
    const spend = s.spend
      ? `${f(s.spend.mae, 2)} | ${f(s.spend.rmse, 2)} | ${f(s.spend.spearman)} | ${f(s.spend.gini)} | ${money(s.spend.predicted)} (${pct(s.spend.totalErrorPct)})`
      : '- | - | - | - | -';
    const a = s.active;
    return `| ${m} | ${f(p.mae)} | ${f(p.rmse)} | ${f(p.spearman)} | ${Math.round(p.predicted).toLocaleString('en-US')} (${pct(p.totalErrorPct)}) | ${spend} | ${f(a?.brier, 4)} | ${f(a?.logLoss, 4)} | ${f(a?.auc)} | ${(s.timeMs / 1000).toFixed(1)} s |`;
  });
  const cohort = `${r.data.cohortCustomers.toLocaleString('en-US')} cohort customers, calibration to ${r.data.calibrationEnd}, ${r.data.holdoutDays}-day holdout; actual: ${Math.round(r.models.naive?.purchases.actual ?? 0).toLocaleString('en-US')} purchases${r.models.naive?.spend ? `, ${money(r.models.naive.spend.actual)}` : ''}`;
  const n = r.newcomers;
  const arrivals = n.actualArrivals === undefined ? '' : ` Arrivals: ${n.actualArrivals.toLocaleString('en-US')} newcomers came; the arrivals model predicted ${n.predictedPurchases.toFixed(0)}, the naive forecast (as many as in the ${r.data.holdoutDays} days before) ${n.naiveArrivals!.toLocaleString('en-US')}.`;
  const newcomers = `Newcomers (first purchase in the holdout): predicted ${n.predictedPurchases.toFixed(0)} first purchases${n.predictedSpend !== null ? ` (${money(n.predictedSpend)})` : ''}, actual ${n.actualPurchases} purchases${n.actualSpend !== null ? ` (${money(n.actualSpend)})` : ''}.${arrivals}`;
  const w = r.models.clv?.stacking;
  const mix = (v: { lstm: number; bgnbd: number; paretoNbd: number }) => `${f(v.lstm, 2)} x LSTM + ${f(v.bgnbd, 2)} x BG/NBD + ${f(v.paretoNbd, 2)} x Pareto/NBD`;
  const stacking = w
    ? `clv's expected purchases: ${mix(w)}${w.active ? `; its P(buys at all): ${mix(w.active)}` : ''}; weights fitted on the last ${w.windowDays} days of the calibration period${keepsLevel(w, w.active) ? ', summing to 1' : ''}${w.seasonal ? "; BG/NBD and Pareto/NBD in the blend on the season's clock" : ''}.`
    : null;
  const amount = (name: string, a: AmountScore | null) => (a ? `${name} MAE ${f(a.mae, 2)}, RMSE ${f(a.rmse, 2)}, Spearman ${f(a.spearman)}, spend ${money(a.predicted)} (${pct(a.totalErrorPct)})` : `${name} -`);
  const amounts = r.amounts
    ? `Amount per purchase of the ${r.amounts.buyers.toLocaleString('en-US')} customers who bought in the holdout, at the purchases they made: ${amount('Conv1D-LSTM', r.amounts.conv1dLstm)}; ${amount('Gamma-Gamma', r.amounts.gammaGamma)}.${r.amounts.choice ? ` ${describeAmountChoice(r.amounts.choice)}` : ''}`
    : null;
  const attributes = r.attributes ? `Customer attributes: ${r.attributes.reason}` : null;
  return [cohort, '', head, ...rows, '', newcomers, ...(stacking ? ['', stacking] : []), ...(amounts ? ['', amounts] : []), ...(attributes ? ['', attributes] : [])].join('\n');
}
