// Pareto/NBD (Schmittlein, Morrison & Colombo 1987): Poisson purchases with gamma(r, alpha) rates and
// exponential lifetimes with gamma(s, beta) rates. Likelihood as in Fader, Hardie & Lee's note and
// lifetimes, with the Gauss hypergeometric function.
import { minimize } from '../../util/nelder-mead';
import { checkRfm, fitSample, type RfmInput } from './rfm-input';
import { gammaln, hyp2f1, logAddExp, logSubExp } from './special';

export interface ParetoNbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

function logA0({ r, alpha, s, beta }: ParetoNbdParams, x: number, tx: number, T: number): number {
  const [small, large, t] = alpha < beta ? [alpha, beta, r + x] : [beta, alpha, s + 1];
  const diff = large - small;
  const rsx = r + s + x;
  const p1 = hyp2f1(rsx, t, rsx + 1, diff / (large + tx));
  const p2 = hyp2f1(rsx, t, rsx + 1, diff / (large + T));
  const [q1, q2] = [large + tx, large + T];
  return logSubExp(Math.log(p1) + rsx * Math.log(q2), Math.log(p2) + rsx * Math.log(q1)) - rsx * Math.log(q1 * q2);
}

function logA1({ r, alpha, s, beta }: ParetoNbdParams, x: number): number {
  return gammaln(r + x) - gammaln(r) + r * Math.log(alpha) + s * Math.log(beta);
}

export function paretoNbdLogLikelihood(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  const alive = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  const dead = Math.log(s) + logA0(p, x, tx, T) - Math.log(r + s + x);
  return logA1(p, x) + logAddExp(alive, dead);
}

export function fitParetoNbd(d: RfmInput): { params: ParetoNbdParams; logLikelihood: number } {
  checkRfm(d);
  const customers = d.x.length;
  const sample = fitSample(d);
  const weight = sample.weight.reduce((t, w) => t + w, 0);
  const toParams = (z: number[]): ParetoNbdParams => ({ r: Math.exp(z[0]), alpha: Math.exp(z[1]), s: Math.exp(z[2]), beta: Math.exp(z[3]) });
  const nll = (z: number[]) => {
    const p = toParams(z);
    let sum = 0;
    for (let i = 0; i < sample.x.length; i++) sum -= sample.weight[i] * paretoNbdLogLikelihood(p, sample.x[i], sample.tx[i], sample.T[i]);
    return sum / weight;
  };
  const { x, value } = minimize(nll, [0, 0, 0, 0]);
  return { params: toParams(x), logLikelihood: -value * customers };
}

export function paretoNbdProbabilityAlive(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  return Math.exp(logA1(p, x) - (p.r + x) * Math.log(p.alpha + T) - p.s * Math.log(p.beta + T) - paretoNbdLogLikelihood(p, x, tx, T));
}

/** E[purchases in (T, T + t] | x, t_x, T]. */
export function paretoNbdConditionalExpected(p: ParetoNbdParams, t: number, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  const alive = paretoNbdProbabilityAlive(p, x, tx, T);
  // Expected purchases while alive over (T, T + t], with lifetime rates updated to gamma(s, beta + T).
  const rate = (r + x) / (alpha + T);
  const horizon = Math.abs(s - 1) < 1e-9 ? (beta + T) * Math.log((beta + T + t) / (beta + T)) : ((beta + T) / (s - 1)) * (1 - Math.pow((beta + T) / (beta + T + t), s - 1));
  return alive * rate * horizon;
}
