// Pareto/NBD (Schmittlein, Morrison & Colombo 1987): Poisson purchases with gamma(r, alpha) rates and
// exponential lifetimes with gamma(s, beta) rates. Likelihood as in Fader, Hardie & Lee's note and
// lifetimes, with their Gauss hypergeometric function put in a form that stays fast for long histories.
import { minimize } from '../../util/nelder-mead';
import { checkRfm, fitSample, type RfmInput } from './rfm-input';
import { gammaln, hyp2f1One, logAddExp } from './special';

export interface ParetoNbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

/**
 * BTYD's bound on every parameter (max.param.value). Where lifetimes are nearly homogeneous (weekly
 * regulars) the likelihood keeps rising, by hundredths in all, as s and beta grow together, and the
 * optimiser would follow that ridge to s ~ 1e6; the forecasts barely move (0.02% in total on the
 * synthetic retail file).
 */
const MAX_PARAM = 1e4;

/** Below this exponent f the continued fraction slows down as z nears 1 (hundreds of terms at 1 - z = 1e-4). */
const SERIES_MAX_F = 16;

/**
 * The integral from y1 to y2 of w^-f (1 - w)^(a-1) dw, 0 < y1 <= y2 <= min(0.1, 1 / a): the binomial
 * series of (1 - w)^(a-1) integrated term by term, where a y2 <= 1 keeps the terms falling from the
 * start. Each (y2^p - y1^p) / p goes through expm1 when p log(y2 / y1) is small, so that p near 0
 * (f near an integer) loses nothing.
 */
function nearZeroIntegral(f: number, a: number, y1: number, y2: number): number {
  const span = Math.log(y2 / y1);
  let [sum, coefficient, low, high] = [0, 1, y1 ** (1 - f), y2 ** (1 - f)];
  for (let k = 0; k < 200; k++) {
    const p = k + 1 - f;
    const term = coefficient * (Math.abs(p * span) > 0.5 ? (high - low) / p : p === 0 ? span : (low * Math.expm1(p * span)) / p);
    sum += term;
    if (p > 1 && Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
    coefficient *= (k + 1 - a) / (k + 1);
    low *= y1;
    high *= y2;
  }
  return sum;
}

/**
 * Per-customer log-likelihood at p, with what customers share worked out once: the parameters' logs,
 * log Gamma(r + x) per x, and the one-time buyers' common term.
 *
 * A customer who died at u in (t_x, T] contributes s times the integral of (alpha + u)^-(r+x)
 * (beta + u)^-(s+1) over it: J(t_x) - J(T), J(t) its integral from t on. With m, M the smaller and
 * larger of alpha, beta, f, e their exponents and a = r + s + x, J(t) = (M + t)^-a 2F1(a, f; a+1; z) / a,
 * z = (M - m) / (M + t), as lifetimes and BTYD write it; but that series needs about f / (1 - z)
 * terms, minutes of fitting when f = r + x is in the hundreds (weekly regulars). Euler's
 * transformation, 2F1(a, b; c; z) = (1 - z)^(c-a-b) 2F1(c-a, c-b; c; z), gives J(t) = (integrand at t)
 * (m + t) 2F1(1, e; a+1; z) / a, whose continued fraction takes a few terms, except for small f with
 * z near 1 (m + t much smaller than M). There, with w = 1 - z, J(t_x) - J(T) is (M - m)^-a times the
 * integral of w^-f (1 - w)^(a-1) dw between the two w, whose part near 0 is a short series.
 */
function logLikelihoodAt({ r, alpha, s, beta }: ParetoNbdParams): (x: number, tx: number, T: number) => number {
  const shared = r * Math.log(alpha) + s * Math.log(beta) - gammaln(r);
  const logS = Math.log(s);
  const alphaSmaller = alpha < beta;
  const [m, M] = alphaSmaller ? [alpha, beta] : [beta, alpha];
  const gap = M - m;
  const perX = new Map<number, { logGamma: number; logRsx: number; f: number }>();
  let oneTime: { at: number; hyp: number } | undefined;
  /** log of (integrand at t) (m + t) / a, from log(alpha + t) and log(beta + t). */
  const logAt = (x: number, logA: number, logB: number, logRsx: number) => -(r + x) * logA - s * logB + (alphaSmaller ? logA - logB : 0) - logRsx;
  /** J(t) (M - m)^a as a function of w = (m + t) / (M + t). */
  const scaledTail = (f: number, a: number, w: number) => (w ** (1 - f) * (1 - w) ** a * hyp2f1One(a + 1 - f, a + 1, 1 - w)) / a;
  return (x, tx, T) => {
    let c = perX.get(x);
    if (!c) perX.set(x, (c = { logGamma: gammaln(r + x), logRsx: Math.log(r + s + x), f: alphaSmaller ? r + x : s + 1 }));
    const [a, f] = [r + s + x, c.f];
    const [logA, logB] = [Math.log(alpha + T), Math.log(beta + T)];
    const alive = -(r + x) * logA - s * logB;
    let dead: number;
    const [low, high, top] = [(m + tx) / (M + tx), (m + T) / (M + T), Math.min(0.1, 1 / a)];
    if (f < SERIES_MAX_F && low < top) {
      const rest = high > top ? scaledTail(f, a, top) - scaledTail(f, a, high) : 0;
      dead = -a * Math.log(gap) + Math.log(nearZeroIntegral(f, a, low, Math.min(high, top)) + rest);
    } else {
      const e = a + 1 - f;
      const head = x === 0 && tx === 0 ? (oneTime ??= { at: logAt(0, Math.log(alpha), Math.log(beta), c.logRsx), hyp: hyp2f1One(e, a + 1, gap / M) }) : { at: logAt(x, Math.log(alpha + tx), Math.log(beta + tx), c.logRsx), hyp: hyp2f1One(e, a + 1, gap / (M + tx)) };
      dead = head.at + Math.log(head.hyp - Math.exp(logAt(x, logA, logB, c.logRsx) - head.at) * hyp2f1One(e, a + 1, gap / (M + T)));
    }
    return c.logGamma + shared + logAddExp(alive, logS + dead);
  };
}

export function paretoNbdLogLikelihood(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  return logLikelihoodAt(p)(x, tx, T);
}

export function fitParetoNbd(d: RfmInput): { params: ParetoNbdParams; logLikelihood: number } {
  checkRfm(d);
  const customers = d.x.length;
  const sample = fitSample(d);
  const weight = sample.weight.reduce((t, w) => t + w, 0);
  const bounded = (z: number) => Math.min(Math.exp(z), MAX_PARAM);
  const toParams = (z: number[]): ParetoNbdParams => ({ r: bounded(z[0]), alpha: bounded(z[1]), s: bounded(z[2]), beta: bounded(z[3]) });
  const nll = (z: number[]) => {
    const logLikelihood = logLikelihoodAt(toParams(z));
    let sum = 0;
    for (let i = 0; i < sample.x.length; i++) sum -= sample.weight[i] * logLikelihood(sample.x[i], sample.tx[i], sample.T[i]);
    return sum / weight;
  };
  const { x, value } = minimize(nll, [0, 0, 0, 0]);
  return { params: toParams(x), logLikelihood: -value * customers };
}

export function paretoNbdProbabilityAlive(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  const alive = gammaln(r + x) - gammaln(r) + r * Math.log(alpha) + s * Math.log(beta) - (r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  return Math.exp(alive - paretoNbdLogLikelihood(p, x, tx, T));
}

/** E[purchases in (T, T + t] | x, t_x, T]. */
export function paretoNbdConditionalExpected(p: ParetoNbdParams, t: number, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  const alive = paretoNbdProbabilityAlive(p, x, tx, T);
  // Expected purchases while alive over (T, T + t], with lifetime rates updated to gamma(s, beta + T).
  const rate = (r + x) / (alpha + T);
  // E[min(lifetime left, t)] = (beta + T) (1 - ((beta + T) / (beta + T + t))^(s - 1)) / (s - 1), in a
  // form without cancellation as s nears 1 (its limit there is (beta + T) log(1 + t / (beta + T))).
  const log = Math.log1p(t / (beta + T));
  const horizon = s === 1 ? (beta + T) * log : ((beta + T) * -Math.expm1(-(s - 1) * log)) / (s - 1);
  return alive * rate * horizon;
}

/** Simpson panels of paretoNbdProbabilityActive's integral, on a log scale of time. */
const ACTIVE_PANELS = 64;

/**
 * P(at least one purchase in (T, T + t] | x, t_x, T]. Alive at T, the rates are gamma(r + x, alpha + T)
 * and gamma(s, beta + T), independent; the first purchase comes at u < t before dropout with density
 * E[lambda e^-lambda u] E[e^-mu u], so P = P(alive) * integral over (0, t] of
 * (r + x) / (alpha + T + u) * A(u) * B(u) du, with A(u) = ((alpha + T) / (alpha + T + u))^(r + x) and
 * B(u) = ((beta + T) / (beta + T + u))^s. The integrand falls on the scale of alpha + T, which may be
 * far below t: Simpson's rule runs on w = log(1 + u / c), c = min(alpha, beta) + T, where it is smooth.
 */
export function paretoNbdProbabilityActive(p: ParetoNbdParams, t: number, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  const [a, b, c] = [alpha + T, beta + T, Math.min(alpha, beta) + T];
  const f = (w: number) => {
    const u = c * Math.expm1(w);
    return ((r + x) * (c + u)) / (a + u) * Math.exp(-(r + x) * Math.log1p(u / a) - s * Math.log1p(u / b));
  };
  const top = Math.log1p(t / c);
  const step = top / ACTIVE_PANELS;
  let sum = f(0) + f(top);
  for (let i = 1; i < ACTIVE_PANELS; i++) sum += (i % 2 ? 4 : 2) * f(i * step);
  return paretoNbdProbabilityAlive(p, x, tx, T) * Math.min(1, (sum * step) / 3);
}
