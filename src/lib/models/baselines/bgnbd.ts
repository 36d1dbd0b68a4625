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

/** Terms summed at most by expectedAlive's series before it falls back on the hypergeometric function. */
const SERIES_TERMS = 500;

/**
 * E[purchases in (T, T + t]] of a customer alive at T with x purchases: C / (a - 1) x
 * (1 - (1 - z)^A 2F1(A, b + x; C; z)), A = r + x, C = a + b + x - 1, z = t / (alpha + T + t).
 *
 * Where the fit all but rules dropout out (a near 0, b huge), the two factors are huge and tiny, and
 * 2F1 is not accurate enough for their product. Online Retail to 2011-09-10 fitted b = 3.4e9, and
 * every customer got -59 purchases. By Pfaff's transformation, with u = z / (z - 1) = -t / (alpha + T)
 * and C - (b + x) = a - 1, the same figure is -C sum_{n >= 1} (A)_n (a)_{n-1} u^n / ((C)_n n!). Its
 * first term is NBD's A t / (alpha + T), and it has no cancellation. It is summed where it converges
 * (|u| < 1, or C large enough that its terms vanish first); 2F1 is used elsewhere.
 */
function expectedAlive(r: number, alpha: number, a: number, b: number, x: number, T: number, t: number): number {
  const [A, C, u] = [r + x, a + b + x - 1, -t / (alpha + T)];
  let term = -A * u;
  let sum = term;
  for (let n = 1; n < SERIES_TERMS; n++) {
    const ratio = ((A + n) * (a + n - 1) * u) / ((C + n) * (n + 1));
    term *= ratio;
    sum += term;
    if (Math.abs(term) <= 1e-16 * Math.abs(sum)) return sum;
    if (Math.abs(ratio) >= 1) break;
  }
  return (C / (a - 1)) * (1 - hyp2f1(A, b + x, C, t / (alpha + T + t)) * Math.pow((alpha + T) / (alpha + T + t), A));
}

/** E[purchases in (T, T + t] | x, t_x, T]. */
export function bgnbdConditionalExpected({ r, alpha, a, b }: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  const denominator = 1 + (x > 0 ? (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x) : 0);
  return expectedAlive(r, alpha, a, b, x, T, t) / denominator;
}

/** E[purchases in (0, t]] of a customer who has just arrived. */
export const bgnbdExpectedNew = (p: BgNbdParams, t: number): number => bgnbdConditionalExpected(p, t, 0, 0, 0);

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
