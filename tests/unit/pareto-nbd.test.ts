// Pareto/NBD's likelihood in its fast form against the form it replaced (lifetimes' log A0 with
// stdlib's 2F1) and against 50-digit references (mpmath: adaptive quadrature and hyp2f1 agreeing).
import hyp2f1 from '@stdlib/math-base-special-hyp2f1';
import { describe, expect, it } from 'vitest';
import { fitParetoNbd, paretoNbdLogLikelihood, type ParetoNbdParams } from '../../src/lib/models/baselines/pareto-nbd';
import { rfmWeeks } from '../../src/lib/models/baselines/forecast';
import { gammaln, hyp2f1One, logAddExp } from '../../src/lib/models/baselines/special';
import { historiesUpTo } from '../../src/lib/features/histories';
import { importSources } from '../../src/lib/data/importer';
import { inspectSource } from '../../src/lib/data/inspect';
import { retailCsvLines } from '../../src/lib/synthetic/transactions';
import { textSource } from './helpers';

/** The likelihood as it was written before, lifetimes' ParetoNBDFitter term for term. */
function lifetimesLogLikelihood({ r, alpha, s, beta }: ParetoNbdParams, x: number, tx: number, T: number): number {
  const [small, large, t] = alpha < beta ? [alpha, beta, r + x] : [beta, alpha, s + 1];
  const rsx = r + s + x;
  const [q1, q2] = [large + tx, large + T];
  const p1 = hyp2f1(rsx, t, rsx + 1, (large - small) / q1);
  const p2 = hyp2f1(rsx, t, rsx + 1, (large - small) / q2);
  const [u, v] = [Math.log(p1) + rsx * Math.log(q2), Math.log(p2) + rsx * Math.log(q1)];
  const logA0 = u + Math.log1p(-Math.exp(v - u)) - rsx * Math.log(q1 * q2);
  const alive = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  return gammaln(r + x) - gammaln(r) + r * Math.log(alpha) + s * Math.log(beta) + logAddExp(alive, Math.log(s) + logA0 - Math.log(rsx));
}

const relative = (actual: number, expected: number) => Math.abs(actual - expected) / Math.max(1, Math.abs(expected));

describe('Pareto/NBD log-likelihood', () => {
  it('equals the 2F1 form over alpha < beta, alpha = beta, alpha > beta and x up to 500', () => {
    let worst = 0;
    let compared = 0;
    for (const r of [0.243, 0.553, 2]) for (const s of [0.3, 0.606, 2]) for (const [alpha, beta] of [[10.578, 11.669], [11.669, 11.669], [13.614, 6.149], [0.7, 25], [40, 0.9]])
      for (const x of [0, 1, 7, 60, 500]) for (const T of [2, 39, 104]) for (const share of x === 0 ? [0] : [0.01, 0.5, 1]) {
        const p = { r, alpha, s, beta };
        const before = lifetimesLogLikelihood(p, x, share * T, T);
        // That form overflows for some long histories (2F1 beyond 1e308); those are checked below.
        if (!Number.isFinite(before)) continue;
        worst = Math.max(worst, relative(paretoNbdLogLikelihood(p, x, share * T, T), before));
        compared++;
      }
    expect(compared).toBeGreaterThan(1600);
    expect(worst).toBeLessThan(1e-8);
  });

  it('matches 50-digit references, also where the 2F1 form overflows or loses digits', () => {
    const references: [ParetoNbdParams, number, number, number, number][] = [
      [{ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, 2, 30.43, 38.86, -9.5542832451504],
      [{ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, 3, 20, 20, -10.667825863794],
      [{ r: 0.553, alpha: 11.669, s: 0.606, beta: 11.669 }, 5, 20, 39, -16.773911490796],
      [{ r: 0.553, alpha: 11.669 * (1 + 1e-9), s: 0.606, beta: 11.669 }, 5, 20, 39, -16.773911491848],
      [{ r: 0.611, alpha: 13.614, s: 0.313, beta: 6.149 }, 170, 70, 78, -56.369417988138],
      [{ r: 0.611, alpha: 13.614, s: 0.313, beta: 6.149 }, 0, 0, 78, -0.66086625480839],
      // Weekly regulars' fit (z near 1 for the occasional buyers), and further along its ridge.
      [{ r: 0.18, alpha: 1.13, s: 58.66, beta: 1e4 }, 500, 100, 104, 288.25653434793],
      [{ r: 0.18, alpha: 1.13, s: 58.66, beta: 1e4 }, 0, 0, 50, -0.63497061032791],
      [{ r: 0.18, alpha: 1.13, s: 58.66, beta: 1e4 }, 1, 0.14, 90, -5.6963388992149],
      [{ r: 0.18, alpha: 1.13, s: 58.66, beta: 1e4 }, 3, 10, 104, -12.016198702376],
      [{ r: 0.18, alpha: 1.13, s: 1.6e5, beta: 2.7e7 }, 2, 5, 100, -9.0414416791953],
      // Integer exponents f, the near-zero series' p = 0 terms.
      [{ r: 1, alpha: 1, s: 1, beta: 5000 }, 2, 1, 60, -9.7448474731578],
      [{ r: 1, alpha: 5000, s: 1, beta: 1 }, 1, 2, 60, -9.6201902173179],
      [{ r: 0.5, alpha: 400, s: 0.05, beta: 0.5 }, 0, 0, 0.5, -0.0006126908799855],
      [{ r: 0.05, alpha: 0.5, s: 0.05, beta: 11.669 }, 300, 0.45, 0.5, 1410.6452861922],
      [{ r: 3, alpha: 400, s: 3, beta: 11.669 }, 150, 31.2, 104, -301.58913604372],
    ];
    for (const [p, x, tx, T, expected] of references) expect(relative(paretoNbdLogLikelihood(p, x, tx, T), expected)).toBeLessThan(1e-10);
  });

  it('sums 2F1(1, b; c; z) by its continued fraction as stdlib does by its series', () => {
    for (const [b, c] of [[0.6, 1.9], [1.31, 171.9], [60.7, 61.88], [500.5, 502.1]]) for (const z of [0, 0.1, 0.5, 0.9, 0.99]) {
      expect(relative(hyp2f1One(b, c, z), hyp2f1(1, b, c, z))).toBeLessThan(1e-12);
    }
  });

  it('fits weekly regulars with long histories within bounded parameters', async () => {
    const source = textSource([...retailCsvLines({ rows: 30_000 })].join('\n'));
    const { options } = await inspectSource(source);
    const { dataset } = await importSources([source], options);
    const fit = fitParetoNbd(rfmWeeks(historiesUpTo(dataset, dataset.summary.lastDay)));
    expect(Object.values(fit.params).every((v) => Number.isFinite(v) && v > 0 && v <= 1e4)).toBe(true);
    expect(Number.isFinite(fit.logLikelihood)).toBe(true);
  });
});
