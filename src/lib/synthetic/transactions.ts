// Seeded synthetic transactions for benchmarks and scale tests: a Pareto/NBD-like purchase process
// (gamma-distributed rates and lifetimes), gamma-gamma amounts, and some customers who buy weekly.
import { formatDay } from '../data/calendar';
import { exponential, gamma, seededRandom } from '../util/random';

export interface SyntheticOptions {
  /** Stop once this many rows exist. */
  rows: number;
  seed: number;
  firstDay: number;
  days: number;
  /** Share of customers with a regular weekly rhythm. */
  weeklyShare: number;
}

export const SYNTHETIC_DEFAULTS: Omit<SyntheticOptions, 'rows'> = { seed: 42, firstDay: 17532 /* 2018-01-01 */, days: 730, weeklyShare: 0.05 };

// Pareto/NBD heterogeneity (per day) and Gamma-Gamma spend, in the range CDNOW-like data fits.
const RATE = { r: 0.55, alpha: 75 };
const DEATH = { s: 0.6, beta: 80 };
const SPEND = { p: 6, q: 4, gamma: 15 };

/** Yields CSV lines ("customer_id,date,amount"), header first, until `rows` data lines are out. */
export function* syntheticCsvLines(options: Partial<SyntheticOptions> & { rows: number }): Generator<string> {
  const { rows, seed, firstDay, days, weeklyShare } = { ...SYNTHETIC_DEFAULTS, ...options };
  const random = seededRandom(seed);
  yield 'customer_id,date,amount';
  let written = 0;
  for (let customer = 1; written < rows; customer++) {
    const id = `C${String(customer).padStart(7, '0')}`;
    const weekly = random() < weeklyShare;
    const lambda = weekly ? 1 / 7 : gamma(random, RATE.r, RATE.alpha);
    const lifetime = exponential(random, gamma(random, DEATH.s, DEATH.beta));
    const nu = gamma(random, SPEND.q, SPEND.gamma);
    const start = Math.floor(random() * days * 0.8);
    const end = Math.min(days, start + lifetime);
    for (let t = start; t < end && written < rows; t += weekly ? 7 : exponential(random, lambda)) {
      const amount = gamma(random, SPEND.p, nu);
      yield `${id},${formatDay(firstDay + Math.floor(t))},${amount.toFixed(2)}`;
      written++;
      if (!weekly && t === start && random() < 0.5) break; // many one-time buyers, as in real shops
    }
  }
}
