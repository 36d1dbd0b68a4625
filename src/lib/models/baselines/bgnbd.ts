// BG/NBD (Fader, Hardie & Lee 2005): purchases at a Poisson rate with gamma(r, alpha) heterogeneity,
// dropout after each purchase with probability p ~ beta(a, b). Maximum likelihood on log-parameters.
import { minimize } from '../../util/nelder-mead';
import { checkRfm, fitSample, type RfmInput } from './rfm-input';
import { betaln, gammaln, hyp2f1, logAddExp } from './special';

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export function bgnbdLogLikelihood({ r, alpha, a, b }: BgNbdParams, x: number, tx: number, T: number): number {
  const a1 = gammaln(r + x) - gammaln(r) + r * Math.log(alpha);
  const a2 = betaln(a, b + x) - betaln(a, b);
  const a3 = -(r + x) * Math.log(alpha + T);
  const a4 = x > 0 ? Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx) : -Infinity;
  return a1 + a2 + logAddExp(a3, a4);
}

/** The sum of bgnbdLogLikelihood over customers, with the terms that depend on x alone computed once per x. */
export function bgnbdTotalLogLikelihood({ r, alpha, a, b }: BgNbdParams, d: RfmInput): number {
  const perX = new Map<number, [number, number]>();
  const [base, logA] = [-gammaln(r) + r * Math.log(alpha) - betaln(a, b), Math.log(a)];
  let sum = 0;
  for (let i = 0; i < d.x.length; i++) {
    const [x, tx, T] = [d.x[i], d.tx[i], d.T[i]];
    let terms = perX.get(x);
    if (!terms) perX.set(x, (terms = [base + gammaln(r + x) + betaln(a, b + x), x > 0 ? logA - Math.log(b + x - 1) : -Infinity]));
    const a3 = -(r + x) * Math.log(alpha + T);
    const a4 = x > 0 ? terms[1] - (r + x) * Math.log(alpha + tx) : -Infinity;
    sum += (d.weight?.[i] ?? 1) * (terms[0] + logAddExp(a3, a4));
  }
  return sum;
}

export function fitBgNbd(d: RfmInput): { params: BgNbdParams; logLikelihood: number } {
  checkRfm(d);
  const customers = d.x.length;
  const sample = fitSample(d);
  const weight = sample.weight.reduce((t, w) => t + w, 0);
  const toParams = (z: number[]): BgNbdParams => ({ r: Math.exp(z[0]), alpha: Math.exp(z[1]), a: Math.exp(z[2]), b: Math.exp(z[3]) });
  const { x, value } = minimize((z) => -bgnbdTotalLogLikelihood(toParams(z), sample) / weight, [0, 0, 0, 0]);
  return { params: toParams(x), logLikelihood: -value * customers };
}

/** E[purchases in (T, T + t] | x, t_x, T]. */
export function bgnbdConditionalExpected({ r, alpha, a, b }: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  const [ca, cb, cc, z] = [r + x, b + x, a + b + x - 1, t / (alpha + T + t)];
  const first = (a + b + x - 1) / (a - 1);
  const second = 1 - hyp2f1(ca, cb, cc, z) * Math.pow((alpha + T) / (alpha + T + t), r + x);
  const denominator = 1 + (x > 0 ? (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x) : 0);
  return (first * second) / denominator;
}

/** E[purchases in (0, t]] of a customer who has just arrived. */
export function bgnbdExpectedNew({ r, alpha, a, b }: BgNbdParams, t: number): number {
  return ((a + b - 1) / (a - 1)) * (1 - Math.pow(alpha / (alpha + t), r) * hyp2f1(r, b, a + b - 1, t / (alpha + t)));
}

export function bgnbdProbabilityAlive({ r, alpha, a, b }: BgNbdParams, x: number, tx: number, T: number): number {
  return x === 0 ? 1 : 1 / (1 + (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x));
}

/**
 * P(at least one purchase in (T, T + t] | x, t_x, T]. A BG/NBD customer drops out only right after a
 * purchase, so one alive at T makes none in the window with probability E[exp(-lambda t)].
 */
export function bgnbdProbabilityActive(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  return bgnbdProbabilityAlive(p, x, tx, T) * (1 - Math.pow((p.alpha + T) / (p.alpha + T + t), p.r + x));
}
