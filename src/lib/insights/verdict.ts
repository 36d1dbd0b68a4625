// The backtest in one plain sentence: does the deep model rank customers better than BG/NBD, and how
// far off is its total?
import type { BacktestResult } from '../pipeline/backtest';

const pct = (x: number) => `${Math.abs(Math.round(x))}%`;

export function verdict(b: BacktestResult): string {
  const clv = b.models.clv;
  const bg = b.models.bgnbd;
  if (!clv) return 'The deep model could not be scored on your data.';
  const total = clv.purchases.totalErrorPct;
  const direction = total < 0 ? 'under-predicts' : 'over-predicts';
  const size = Math.abs(total) < 2 ? 'gets the total number of purchases about right' : `${direction} the total number of purchases by ${pct(total)}`;
  if (!bg) return `On your data, the deep model ${size}.`;
  const [ours, theirs] = [clv.purchases.spearman ?? 0, bg.purchases.spearman ?? 0];
  const rank = ours > theirs + 0.005 ? 'ranks customers better than' : ours < theirs - 0.005 ? 'ranks customers less well than' : 'ranks customers about as well as';
  const error = clv.purchases.rmse < bg.purchases.rmse * 0.99 ? 'with a smaller error per customer' : clv.purchases.rmse > bg.purchases.rmse * 1.01 ? 'with a larger error per customer' : 'with a similar error per customer';
  return `On your data, the deep model ${rank} BG/NBD, ${error}, and ${size}.`;
}
