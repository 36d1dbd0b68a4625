// Standardisation of log-scale quantities, fitted on training data only and saved with the model.
// A value beyond the largest one fitted is scaled as that one: a forecast that feeds its own
// predictions back (a gap longer than any seen, a larger amount) keeps its inputs inside the range
// the network was trained on.

export interface LogScaler {
  mean: number;
  std: number;
  /** The largest value fitted; absent in scalers saved before it existed (no bound then). */
  max?: number;
}

/** Mean and standard deviation of log1p(values), and their largest; a unit scale when there is too little data. */
export function fitLogScaler(values: ArrayLike<number>): LogScaler {
  let n = 0;
  let sum = 0;
  let sq = 0;
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v) || v < 0) continue;
    const l = Math.log1p(v);
    max = Math.max(max, v);
    n++;
    sum += l;
    sq += l * l;
  }
  if (n < 2) return { mean: 0, std: 1 };
  const mean = sum / n;
  const std = Math.sqrt(Math.max(sq / n - mean * mean, 0));
  return { mean, std: std > 1e-6 ? std : 1, max };
}

export const scaleLog = (s: LogScaler, value: number) => (Math.log1p(Math.min(Math.max(value, 0), s.max ?? Infinity)) - s.mean) / s.std;
