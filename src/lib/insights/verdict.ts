// The backtest in one plain sentence: does the deep model rank customers better than the better of
// the classic models (BG/NBD, Pareto/NBD: the one with the smaller error per customer), and how far
// off is its total?
import type { BacktestResult, ModelScore } from '../pipeline/backtest';

const pct = (x: number) => `${Math.abs(Math.round(x))}%`;

/** The classic model to hold the deep model against: the one with the smaller purchase RMSE, or the only one scored (`ofTwo` false). */
function classicReference(b: BacktestResult): { name: string; score: ModelScore; ofTwo: boolean } | null {
  const candidates: [string, ModelScore | undefined][] = [['BG/NBD', b.models.bgnbd], ['Pareto/NBD', b.models.paretoNbd]];
  const scored = candidates.flatMap(([name, score]) => (score && !score.error && Number.isFinite(score.purchases?.rmse) ? [{ name, score }] : []));
  if (!scored.length) return null;
  const best = scored.reduce((a, m) => (m.score.purchases.rmse < a.score.purchases.rmse ? m : a));
  return { ...best, ofTwo: scored.length > 1 };
}

export function verdict(b: BacktestResult): string {
  const clv = b.models.clv;
  if (!clv) return 'The deep model could not be scored on your data.';
  const total = clv.purchases.totalErrorPct;
  const direction = total < 0 ? 'under-predicts' : 'over-predicts';
  const size = Math.abs(total) < 2 ? 'gets the total number of purchases about right' : `${direction} the total number of purchases by ${pct(total)}`;
  const reference = classicReference(b);
  if (!reference) return `On your data, the deep model ${size}.`;
  const them = reference.score.purchases;
  const [ours, theirs] = [clv.purchases.spearman ?? 0, them.spearman ?? 0];
  const rank = ours > theirs + 0.005 ? 'ranks customers better than' : ours < theirs - 0.005 ? 'ranks customers less well than' : 'ranks customers about as well as';
  const error = clv.purchases.rmse < them.rmse * 0.99 ? 'with a smaller error per customer' : clv.purchases.rmse > them.rmse * 1.01 ? 'with a larger error per customer' : 'with a similar error per customer';
  return `On your data, the deep model ${rank} ${reference.name}${reference.ofTwo ? ' (the better classic model here)' : ''}, ${error}, and ${size}.`;
}
