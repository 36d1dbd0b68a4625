// Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"): the amounts of a customer are
// gamma(p, nu) with nu ~ gamma(q, v); fitted on repeat buyers' mean spend.
import { minimize } from '../../util/nelder-mead';
import { subsample } from '../../util/random';
import { MAX_FIT_CUSTOMERS } from './rfm-input';
import { gammaln } from './special';

export interface GammaGammaParams {
  p: number;
  q: number;
  v: number;
}

/** Fit on customers with x > 0 repeat purchases of mean amount m > 0. */
export function fitGammaGamma(x: ArrayLike<number>, m: ArrayLike<number>): { params: GammaGammaParams; logLikelihood: number; customers: number } {
  const repeat: number[] = [];
  for (let i = 0; i < x.length; i++) if (x[i] > 0 && m[i] > 0) repeat.push(i);
  const fitted = repeat.length <= MAX_FIT_CUSTOMERS ? repeat : Array.from(subsample(repeat.length, MAX_FIT_CUSTOMERS, 1), (k) => repeat[k]);
  const [xs, ms] = [fitted.map((i) => x[i]), fitted.map((i) => m[i])];
  if (xs.length < 3) throw new RangeError(`Gamma-Gamma needs repeat buyers with positive spend; found ${xs.length}.`);
  const toParams = (z: number[]): GammaGammaParams => ({ p: Math.exp(z[0]), q: Math.exp(z[1]), v: Math.exp(z[2]) });
  const nll = (z: number[]) => {
    const { p, q, v } = toParams(z);
    let sum = 0;
    for (let i = 0; i < xs.length; i++) {
      const [xi, mi] = [xs[i], ms[i]];
      sum -= gammaln(p * xi + q) - gammaln(p * xi) - gammaln(q) + q * Math.log(v) + (p * xi - 1) * Math.log(mi) + p * xi * Math.log(xi) - (p * xi + q) * Math.log(xi * mi + v);
    }
    return sum / xs.length;
  };
  const { x: z, value } = minimize(nll, [0, 0, 0]);
  return { params: toParams(z), logLikelihood: -value * repeat.length, customers: repeat.length };
}

/** E[mean spend | x, m]; the population mean for customers without repeat purchases. */
export function gammaGammaExpectedSpend({ p, q, v }: GammaGammaParams, x: number, m: number): number {
  return x > 0 ? (p * (v + x * m)) / (p * x + q - 1) : (p * v) / (q - 1);
}
