// Input of the classic models: per customer x (repeat purchases), t_x (recency) and T (age), in one
// time unit (weeks in the published references, weeks in our backtest too).
import { subsample } from '../../util/random';

export interface RfmInput {
  x: ArrayLike<number>;
  tx: ArrayLike<number>;
  T: ArrayLike<number>;
  /** Customers with this summary (1 each when absent). */
  weight?: ArrayLike<number>;
}

export function checkRfm(d: RfmInput): void {
  if (d.x.length === 0) throw new RangeError('No customers to fit.');
  for (let i = 0; i < d.x.length; i++) {
    if (!(d.x[i] >= 0 && d.tx[i] >= 0 && d.T[i] >= d.tx[i])) throw new RangeError(`Customer ${i}: x = ${d.x[i]}, t_x = ${d.tx[i]}, T = ${d.T[i]} is not a valid summary (need 0 <= t_x <= T).`);
  }
}

/**
 * Customers a classic model is fitted on, at most; beyond it a fixed seeded draw. A few parameters are
 * pinned down by far fewer customers, while every likelihood evaluation is a pass over all of them
 * (Pareto/NBD's hypergeometric series over 305,602 customers took minutes). Predictions still cover
 * every customer. CDNOW_master's 23,570 customers are below it.
 */
export const MAX_FIT_CUSTOMERS = 32_768;

/**
 * What a fit sums over: the (drawn) customers' distinct summaries, each weighted by how many share
 * it. One-time buyers of the same age all share one, so CDNOW_master's likelihood has 11,104 terms
 * instead of 23,570, with the same value.
 */
export function fitSample(d: RfmInput): RfmInput & { weight: Float64Array } {
  const idx = subsample(d.x.length, MAX_FIT_CUSTOMERS, 1);
  const at = new Map<string, number>();
  const [x, tx, T, weight]: number[][] = [[], [], [], []];
  for (const i of idx) {
    const key = `${d.x[i]} ${d.tx[i]} ${d.T[i]}`;
    const k = at.get(key);
    if (k !== undefined) weight[k] += d.weight?.[i] ?? 1;
    else {
      at.set(key, x.length);
      x.push(d.x[i]);
      tx.push(d.tx[i]);
      T.push(d.T[i]);
      weight.push(d.weight?.[i] ?? 1);
    }
  }
  return { x, tx, T, weight: Float64Array.from(weight) };
}
