// Input of the classic models: per customer x (repeat purchases), t_x (recency) and T (age), in one
// time unit (weeks in the published references, weeks in our backtest too).

export interface RfmInput {
  x: ArrayLike<number>;
  tx: ArrayLike<number>;
  T: ArrayLike<number>;
}

export function checkRfm(d: RfmInput): void {
  if (d.x.length === 0) throw new RangeError('No customers to fit.');
  for (let i = 0; i < d.x.length; i++) {
    if (!(d.x[i] >= 0 && d.tx[i] >= 0 && d.T[i] >= d.tx[i])) throw new RangeError(`Customer ${i}: x = ${d.x[i]}, t_x = ${d.tx[i]}, T = ${d.T[i]} is not a valid summary (need 0 <= t_x <= T).`);
  }
}
