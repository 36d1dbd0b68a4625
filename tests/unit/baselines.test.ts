// The classic models against the published CDNOW values (evaluation.md; Fader, Hardie & Lee 2005).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bgnbdConditionalExpected, bgnbdExpectedNew, bgnbdLogLikelihood, bgnbdProbabilityActive, bgnbdProbabilityAlive, bgnbdTotalLogLikelihood, fitBgNbd } from '../../src/lib/models/baselines/bgnbd';
import { fitGammaGamma, gammaGammaExpectedSpend } from '../../src/lib/models/baselines/gamma-gamma';
import { fitParetoNbd, paretoNbdConditionalExpected, paretoNbdProbabilityActive, paretoNbdProbabilityAlive } from '../../src/lib/models/baselines/pareto-nbd';
import { hyp2f1 } from '../../src/lib/models/baselines/special';
import { exponential, gamma, seededRandom } from '../../src/lib/util/random';
import { ConvergenceError, minimize } from '../../src/lib/util/nelder-mead';
import { fixture, textSource } from './helpers';
import { importSources } from '../../src/lib/data/importer';
import { inspectSource } from '../../src/lib/data/inspect';
import { historiesUpTo } from '../../src/lib/features/histories';
import { fitClassic, PARETO_NBD_MIN_CUSTOMERS } from '../../src/lib/models/baselines/forecast';
import { syntheticCsvLines } from '../../src/lib/synthetic/transactions';
import { fitSample, MAX_FIT_CUSTOMERS } from '../../src/lib/models/baselines/rfm-input';

const rows = readFileSync(fixture('cdnow_customers_summary_with_transactions.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
const cdnow = { x: rows.map((r) => r[1]), tx: rows.map((r) => r[2]), T: rows.map((r) => r[3]) };
const zbar = rows.map((r) => r[4]);
/** Three significant digits. */
const sig3 = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(0.5 * 10 ** (Math.floor(Math.log10(Math.abs(expected))) - 2));

describe('BG/NBD on CDNOW (weeks)', () => {
  const fit = fitBgNbd(cdnow);
  it('finds the published parameters and log-likelihood', () => {
    expect(rows).toHaveLength(2357);
    sig3(fit.params.r, 0.243);
    sig3(fit.params.alpha, 4.414);
    sig3(fit.params.a, 0.793);
    sig3(fit.params.b, 2.426);
    sig3(fit.logLikelihood, -9582.4);
  });
  it('gives the published expectations', () => {
    sig3(bgnbdConditionalExpected(fit.params, 39, 2, 30.43, 38.86), 1.226);
    sig3(bgnbdExpectedNew(fit.params, 78), 1.8576);
    expect(bgnbdProbabilityAlive(fit.params, 0, 0, 38.86)).toBe(1);
    expect(bgnbdProbabilityAlive(fit.params, 2, 5, 38.86)).toBeLessThan(bgnbdProbabilityAlive(fit.params, 2, 30.43, 38.86));
  });
});

describe("BG/NBD's conditional expectation where dropout is all but ruled out", () => {
  // The textbook form, with the hypergeometric function.
  const textbook = ({ r, alpha, a, b }: { r: number; alpha: number; a: number; b: number }, t: number, x: number, tx: number, T: number) =>
    (((a + b + x - 1) / (a - 1)) * (1 - hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t)) * Math.pow((alpha + T) / (alpha + T + t), r + x))) /
    (1 + (x > 0 ? (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x) : 0));
  it('is the textbook form for CDNOW parameters, to 1e-9', () => {
    const p = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    for (const x of [0, 1, 2, 7, 30]) for (const T of [0, 5, 38.86, 78]) for (const t of [0.5, 13, 39, 78, 200]) {
      const tx = Math.min(T, x * 1.3);
      const [ours, theirs] = [bgnbdConditionalExpected(p, t, x, tx, T), textbook(p, t, x, tx, T)];
      expect(Math.abs(ours - theirs)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(theirs)));
    }
  });
  it("stays NBD's rate where the fit put dropout at nothing: Online Retail to 2011-09-10", () => {
    // Fitted on the UCI Online Retail file to 2011-09-10 (4,335 customers, weeks): a near 0, b = 3.4e9.
    const p = { r: 0.720482902454149, alpha: 9.504512577057083, a: 0.00009454902760419354, b: 3409193647.692843 };
    const t = 90 / 7;
    // The textbook form gives every customer about -59 purchases there.
    expect(textbook(p, t, 1, 0.14, 40.43)).toBeLessThan(-50);
    for (const [x, tx] of [[0, 0], [1, 0.14], [5, 35.14], [40, 40]]) {
      const nbd = ((p.r + x) * t) / (p.alpha + 40.43);
      expect(bgnbdConditionalExpected(p, t, x, tx, 40.43) / nbd).toBeCloseTo(1, 5);
    }
  });
});

describe('what the classic fits sum over', () => {
  const p = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
  it('merges customers with the same summary into weighted terms, keeping the likelihood', () => {
    const sample = fitSample(cdnow);
    expect(sample.x.length).toBeLessThan(2357 * 0.75);
    expect(sample.weight.reduce((s, w) => s + w, 0)).toBe(2357);
    const oneByOne = cdnow.x.reduce((s, x, i) => s + bgnbdLogLikelihood(p, x, cdnow.tx[i], cdnow.T[i]), 0);
    expect(bgnbdTotalLogLikelihood(p, sample)).toBeCloseTo(oneByOne, 6);
    expect(bgnbdTotalLogLikelihood(p, cdnow)).toBeCloseTo(oneByOne, 6);
  });
  it('draws a fixed sample of MAX_FIT_CUSTOMERS customers from larger cohorts', () => {
    const n = MAX_FIT_CUSTOMERS * 3;
    const large = { x: Array.from({ length: n }, (_, i) => i % 7), tx: Array.from({ length: n }, (_, i) => (i % 7) * 2 + (i % 3)), T: Array.from({ length: n }, (_, i) => 20 + (i % 11)) };
    const [a, b] = [fitSample(large), fitSample(large)];
    expect(a.weight.reduce((s, w) => s + w, 0)).toBe(MAX_FIT_CUSTOMERS);
    expect(Array.from(b.weight)).toEqual(Array.from(a.weight));
    expect(a.x.length).toBeLessThanOrEqual(7 * 3 * 11);
  });
});

describe('Pareto/NBD on CDNOW (weeks)', () => {
  const fit = fitParetoNbd(cdnow);
  it('finds the published parameters and log-likelihood', () => {
    sig3(fit.params.r, 0.553);
    sig3(fit.params.alpha, 10.578);
    sig3(fit.params.s, 0.606);
    sig3(fit.params.beta, 11.669);
    sig3(fit.logLikelihood, -9595.0);
  });
  it('expects fewer purchases from a customer silent for longer', () => {
    const recent = paretoNbdConditionalExpected(fit.params, 39, 2, 30.43, 38.86);
    const silent = paretoNbdConditionalExpected(fit.params, 39, 2, 5, 38.86);
    expect(recent).toBeGreaterThan(silent);
    expect(paretoNbdProbabilityAlive(fit.params, 0, 0, 38.86)).toBeLessThan(1);
  });
  it('has a lifetime term that is smooth through s = 1 and right away from it', () => {
    const at = (s: number) => paretoNbdConditionalExpected({ ...fit.params, s }, 39, 2, 30.43, 38.86) / paretoNbdProbabilityAlive({ ...fit.params, s }, 2, 30.43, 38.86);
    const rate = (fit.params.r + 2) / (fit.params.alpha + 38.86);
    const b = fit.params.beta + 38.86;
    // s = 1: (beta + T) log(1 + t / (beta + T)); s = 2: (beta + T) t / (beta + T + t).
    expect(at(1) / (rate * b * Math.log1p(39 / b))).toBeCloseTo(1, 12);
    expect(at(2) / ((rate * b * 39) / (b + 39))).toBeCloseTo(1, 12);
    // Near s = 1, against the series (beta + T) L (1 - (s - 1) L / 2 + (s - 1)^2 L^2 / 6), L = log(1 + t / (beta + T)):
    // 1 - x^(s - 1) there loses digits to cancellation (a relative error of 4e-8 at s - 1 = 2e-9).
    const L = Math.log1p(39 / b);
    for (const d of [1e-13, -1e-13, 2e-9, -2e-9, 1e-6]) expect(at(1 + d) / (rate * b * L * (1 - (d * L) / 2 + (d * L) ** 2 / 6))).toBeCloseTo(1, 12);
  });
});

/**
 * Monte Carlo P(a purchase in (T, T + t]) of a customer alive at T: rates drawn from their posterior
 * gammas, the first purchase an exponential wait that must come before t and before dropout.
 */
function simulatedActive(draws: number, purchaseRate: [number, number], dropoutRate: [number, number] | null, t: number): number {
  const random = seededRandom(7);
  let hits = 0;
  for (let i = 0; i < draws; i++) {
    const wait = exponential(random, gamma(random, ...purchaseRate));
    const life = dropoutRate ? exponential(random, gamma(random, ...dropoutRate)) : Infinity;
    if (wait < Math.min(t, life)) hits++;
  }
  return hits / draws;
}

describe('the probability of at least one purchase in the horizon', () => {
  const bg = fitBgNbd(cdnow).params;
  const pn = fitParetoNbd(cdnow).params;
  const draws = 200_000;
  // Three standard errors of a share near one half.
  const tolerance = 3 * Math.sqrt(0.25 / draws);
  const customers: [number, number, number][] = [[0, 0, 38.86], [2, 30.43, 38.86], [2, 5, 38.86], [14, 38, 39], [1, 0.5, 1]];
  it.each(customers)('matches a simulation of BG/NBD for x = %d, t_x = %d, T = %d', (x, tx, T) => {
    for (const t of [1, 39, 200]) {
      const simulated = bgnbdProbabilityAlive(bg, x, tx, T) * simulatedActive(draws, [bg.r + x, bg.alpha + T], null, t);
      expect(Math.abs(bgnbdProbabilityActive(bg, t, x, tx, T) - simulated)).toBeLessThan(tolerance);
    }
  });
  it.each(customers)('matches a simulation of Pareto/NBD for x = %d, t_x = %d, T = %d', (x, tx, T) => {
    for (const t of [1, 39, 200]) {
      const simulated = paretoNbdProbabilityAlive(pn, x, tx, T) * simulatedActive(draws, [pn.r + x, pn.alpha + T], [pn.s, pn.beta + T], t);
      expect(Math.abs(paretoNbdProbabilityActive(pn, t, x, tx, T) - simulated)).toBeLessThan(tolerance);
    }
  });
  it('is below the expected count, and close to it over a short window', () => {
    for (const [x, tx, T] of customers) {
      const [bgActive, pnActive] = [bgnbdProbabilityActive(bg, 39, x, tx, T), paretoNbdProbabilityActive(pn, 39, x, tx, T)];
      expect(bgActive).toBeLessThan(bgnbdConditionalExpected(bg, 39, x, tx, T));
      expect(pnActive).toBeLessThan(paretoNbdConditionalExpected(pn, 39, x, tx, T));
      expect(bgnbdProbabilityActive(bg, 0.01, x, tx, T) / bgnbdConditionalExpected(bg, 0.01, x, tx, T)).toBeCloseTo(1, 2);
      expect(paretoNbdProbabilityActive(pn, 0.01, x, tx, T) / paretoNbdConditionalExpected(pn, 0.01, x, tx, T)).toBeCloseTo(1, 2);
    }
  });
});

describe('Gamma-Gamma on the 946 CDNOW repeat buyers', () => {
  it('finds the published p, q, v', () => {
    const fit = fitGammaGamma(cdnow.x, zbar);
    expect(fit.customers).toBe(946);
    sig3(fit.params.p, 6.25);
    sig3(fit.params.q, 3.74);
    sig3(fit.params.v, 15.44);
    const { p, q, v } = fit.params;
    expect(gammaGammaExpectedSpend(fit.params, 0, 0)).toBeCloseTo((p * v) / (q - 1), 10);
  });
});

describe('the optimiser', () => {
  it('minimises the Rosenbrock function and names a failure', () => {
    const r = minimize(([a, b]) => (1 - a) ** 2 + 100 * (b - a * a) ** 2, [-1.2, 1]);
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
    expect(() => minimize(() => NaN, [0])).toThrow(ConvergenceError);
    expect(() => minimize(() => NaN, [0])).toThrow('The objective is not finite at the starting point (0).');
  });
});

describe('classic models for stacking', () => {
  it('leave Pareto/NBD out below 300 customers (a flat likelihood, slow to fit) and keep BG/NBD', async () => {
    const source = textSource([...syntheticCsvLines({ rows: 600, seed: 4 })].join('\n'));
    const { options } = await inspectSource(source);
    const { dataset } = await importSources([source], options);
    const h = historiesUpTo(dataset, dataset.summary.lastDay);
    expect(h.ids.length).toBeLessThan(PARETO_NBD_MIN_CUSTOMERS);
    const started = performance.now();
    const classic = fitClassic(h);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(classic.paretoNbd).toBeNull();
    expect(Object.values(classic.bgnbd).every((v) => Number.isFinite(v) && v > 0)).toBe(true);
  });
});
