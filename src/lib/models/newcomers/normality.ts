// D'Agostino-Pearson K^2 omnibus test of normality (D'Agostino 1971; D'Agostino & Pearson 1973),
// from the skewness test and the Anscombe-Glynn kurtosis test, as scipy.stats.normaltest computes it.
// erfc comes from stdlib (a port of well-tested special-function code).
import erfc from '@stdlib/math-base-special-erfc';

export interface TestResult {
  statistic: number;
  pValue: number;
}

/** Two-sided p-value of a standard normal z. */
const twoSided = (z: number) => erfc(Math.abs(z) / Math.SQRT2);

function centralMoments(x: ArrayLike<number>): { n: number; m2: number; m3: number; m4: number } {
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  return { n, m2: m2 / n, m3: m3 / n, m4: m4 / n };
}

/** Skewness test (needs n >= 8). */
export function skewTest(x: ArrayLike<number>): TestResult {
  const { n, m2, m3 } = centralMoments(x);
  if (n < 8) throw new RangeError(`The skewness test needs at least 8 values; got ${n}.`);
  const b2 = m2 === 0 ? 0 : m3 / Math.pow(m2, 1.5);
  let y = b2 * Math.sqrt(((n + 1) * (n + 3)) / (6 * (n - 2)));
  const beta2 = (3 * (n * n + 27 * n - 70) * (n + 1) * (n + 3)) / ((n - 2) * (n + 5) * (n + 7) * (n + 9));
  const w2 = -1 + Math.sqrt(2 * (beta2 - 1));
  const delta = 1 / Math.sqrt(0.5 * Math.log(w2));
  const alpha = Math.sqrt(2 / (w2 - 1));
  if (y === 0) y = 1;
  const z = delta * Math.log(y / alpha + Math.sqrt((y / alpha) ** 2 + 1));
  return { statistic: z, pValue: twoSided(z) };
}

/** Anscombe-Glynn kurtosis test (needs n >= 5; meant for n >= 20). */
export function kurtosisTest(x: ArrayLike<number>): TestResult {
  const { n, m2, m4 } = centralMoments(x);
  if (n < 5) throw new RangeError(`The kurtosis test needs at least 5 values; got ${n}.`);
  const b2 = m2 === 0 ? 3 : m4 / (m2 * m2);
  const e = (3 * (n - 1)) / (n + 1);
  const varb2 = (24 * n * (n - 2) * (n - 3)) / ((n + 1) * (n + 1) * (n + 3) * (n + 5));
  const xs = (b2 - e) / Math.sqrt(varb2);
  const sqrtBeta1 = ((6 * (n * n - 5 * n + 2)) / ((n + 7) * (n + 9))) * Math.sqrt((6 * (n + 3) * (n + 5)) / (n * (n - 2) * (n - 3)));
  const a = 6 + (8 / sqrtBeta1) * (2 / sqrtBeta1 + Math.sqrt(1 + 4 / (sqrtBeta1 * sqrtBeta1)));
  const term1 = 1 - 2 / (9 * a);
  const denom = 1 + xs * Math.sqrt(2 / (a - 4));
  const term2 = denom === 0 ? NaN : Math.sign(denom) * Math.cbrt((1 - 2 / a) / Math.abs(denom));
  const z = (term1 - term2) / Math.sqrt(2 / (9 * a));
  return { statistic: z, pValue: twoSided(z) };
}

/** K^2 = z_skew^2 + z_kurt^2, chi-squared with 2 degrees of freedom: p = exp(-K^2 / 2). */
export function normalTest(x: ArrayLike<number>): TestResult {
  const k2 = skewTest(x).statistic ** 2 + kurtosisTest(x).statistic ** 2;
  return { statistic: k2, pValue: Math.exp(-k2 / 2) };
}
