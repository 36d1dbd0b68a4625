// The Trust view's table and sentences as text, for the view and for the shared report alike.
import { describeAmountChoice } from '../lib/pipeline/amount-choice';
import type { BacktestModel, BacktestResult } from '../lib/pipeline/backtest';
import type { AttributeChoice } from '../lib/pipeline/attribute-choice';
import { keepsLevel, type StackWeights } from '../lib/pipeline/stack-weights';
import { count } from './format';
import { BACKTEST_MODEL_LABELS } from './labels';

/** Column headings of the metrics table, with what each means where it is not plain. */
export const METRIC_COLUMNS: [heading: string, title?: string][] = [
  ['Model'], ['Purchases RMSE'], ['MAE'], ['Spearman'], ['Total error'], ['Spend Gini'], ['Spend total error'],
  ['Buys at all: Brier', 'Brier score of the probability that the customer buys at all in the holdout: lower is better'],
  ['AUC', 'Area under the ROC curve of that probability: 0.5 is chance, 1 is perfect'], ['Time'],
];

const f = (v: number | null | undefined, digits = 3) => (v == null || !Number.isFinite(v) ? '—' : v.toFixed(digits));

/** One row per model: its name, then the cells under METRIC_COLUMNS after the first. */
export function metricRows(b: BacktestResult): { model: string; cells: string[] }[] {
  return Object.entries(b.models).map(([model, s]) => ({
    model: BACKTEST_MODEL_LABELS[model as BacktestModel],
    cells: [
      f(s.purchases.rmse), f(s.purchases.mae), f(s.purchases.spearman), `${f(s.purchases.totalErrorPct, 1)}%`,
      f(s.spend?.gini), s.spend ? `${f(s.spend.totalErrorPct, 1)}%` : '—', f(s.active?.brier, 4), f(s.active?.auc), `${(s.timeMs / 1000).toFixed(1)} s`,
    ],
  }));
}

export const backtestScope = (b: BacktestResult) =>
  `Every model was trained on the data up to ${b.data.calibrationEnd} and predicted the next ${b.data.holdoutDays} days, which the data already holds; ${count(b.data.cohortCustomers)} customers.`;

const mix = (w: StackWeights) => `${f(w.lstm, 2)} × LSTM + ${f(w.bgnbd, 2)} × BG/NBD + ${f(w.paretoNbd, 2)} × Pareto/NBD`;

/** How the deep model's answer is blended, or null without a blend. */
export function blendSentence(b: BacktestResult): string | null {
  const s = b.models.clv?.stacking;
  if (!s) return null;
  return `The deep model's expected purchases are ${mix(s)}${s.active ? `; its chance that a customer buys at all is ${mix(s.active)}` : ''}: weights fitted on the last ${s.windowDays} days before ${b.data.calibrationEnd}, which the models trained on the data before them forecast.${keepsLevel(s, s.active) ? ' The weights sum to 1: the blend mixes the models and keeps their level.' : ''}${s.seasonal ? " BG/NBD and Pareto/NBD in the blend are fitted and forecast on the shop's season, learned from the previous year." : ''}`;
}

/** How the amount models did, and which one gives the amounts, or null without both. */
export function amountsSentence(b: BacktestResult): string | null {
  const a = b.amounts;
  if (!a?.conv1dLstm || !a.gammaGamma) return null;
  return `Amount per purchase of the ${count(a.buyers)} customers who bought, at the purchases they made: the amount network's spend is off by ${f(a.conv1dLstm.totalErrorPct, 1)}% (mean error ${f(a.conv1dLstm.mae, 2)} per purchase), Gamma-Gamma's by ${f(a.gammaGamma.totalErrorPct, 1)}% (${f(a.gammaGamma.mae, 2)}).${a.choice ? ` ${describeAmountChoice(a.choice)}` : ''}`;
}

/** Whether the deep model took the customer attributes, why, and both variants' validation figures; null without attributes. */
export function attributesSentence(b: BacktestResult): string | null {
  const a = b.attributes;
  if (!a) return null;
  const v = a.validation;
  const figures = (s: typeof v.with) => {
    if (!s) return 'could not be scored';
    const m = s.blend ?? s.lstm;
    return `RMSE ${f(m.rmse)}, Spearman ${f(m.spearman)}, total ${f(m.totalErrorPct, 1)}% (the LSTM alone RMSE ${f(s.lstm.rmse)})`;
  };
  return `Customer attributes (${a.names.join(', ')}): ${a.used ? 'used' : 'not used'}. ${a.reason} On the ${v.windowDays}-day validation window, with the attributes: ${figures(v.with)}; without: ${figures(v.without)}.`;
}

/** What the models made of the attributes, for the Value view (`choice` absent: a run from before the choice). */
export function attributesUse(choice: AttributeChoice | null | undefined): string {
  if (!choice) return 'The models of this run did not use the attributes: this breaks their predictions down by them.';
  return choice.used
    ? 'The deep model uses the attributes, as validation inside the training data chose (see Trust); this breaks its predictions down by them.'
    : 'The models do not use the attributes: validation inside the training data found that they do not help (see Trust). This breaks their predictions down by them.';
}
