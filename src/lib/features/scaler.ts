// Standardisation of log-scale quantities, fitted on training data only and saved with the model.

export interface LogScaler {
  mean: number;
  std: number;
}

/** Mean and standard deviation of log1p(values); a unit scale when there is too little data. */
export function fitLogScaler(values: ArrayLike<number>): LogScaler {
  let n = 0;
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v) || v < 0) continue;
    const l = Math.log1p(v);
    n++;
    sum += l;
    sq += l * l;
  }
  if (n < 2) return { mean: 0, std: 1 };
  const mean = sum / n;
  const std = Math.sqrt(Math.max(sq / n - mean * mean, 0));
  return { mean, std: std > 1e-6 ? std : 1 };
}

export const scaleLog = (s: LogScaler, value: number) => (Math.log1p(Math.max(value, 0)) - s.mean) / s.std;
