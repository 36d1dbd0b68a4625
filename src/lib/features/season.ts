// A shop's yearly season, learned from the previous year: the weekly count of repeat purchases (a
// customer's second and later purchase days; first purchases follow acquisition, not the season) by
// Poisson regression on the customers acquired so far (offset), a smooth trend (quadratic in time, on
// the log scale) and annual harmonics of the day of year. The season is kept only where the data holds
// more than a year and the harmonics are significant against the trend alone, allowing for
// overdispersion (quasi-Poisson), and large enough to matter (MIN_SWING); otherwise null, and
// nothing changes. How much each customer follows it is estimated too (seasonSensitivity). The same
// fit, without the offset, finds the season of newcomer arrivals (fitArrivalsSeason), which
// acquisition does follow.
import { dayFromCivil, civilFromDay, formatDay } from '../data/calendar';
import type { Histories } from './histories';
import { solve } from '../util/linear';

/** Harmonics of the year: enough for a peak of a few weeks, as a shop's Christmas. */
export const SEASON_HARMONICS = 4;
/** Days of history needed: a year, plus eight weeks to tell the season from the trend. */
export const SEASON_MIN_DAYS = 365 + 56;
/** chi-square(2 x SEASON_HARMONICS = 8 degrees of freedom) at p = 0.001. */
const CHI2_CRITICAL = 26.12;
/**
 * The least ratio of the busiest day of the year to the quietest for a season to be used. A smooth
 * trend misses the shape of a cohort, and the harmonics take some of that up: on the synthetic retail
 * file, which has no season, they were significant at a 1.13 ratio (-7% on an autumn quarter). A
 * season that small barely moves a forecast; a shop's Christmas is 2 or more.
 */
const MIN_SWING = 1.5;
const YEAR = 365.2425;
/** The least mean count per week for a season to be looked for. */
const MIN_WEEKLY_COUNT = 20;

/**
 * Time in weeks as a model of steady rates sees it: clock(b, c) - clock(a, c) is the length of (a, b]
 * for customer c (customers can follow the season more or less).
 */
export type Clock = (day: number, customer?: number) => number;

export const calendarWeeks: Clock = (day) => day / 7;

export interface Season {
  /** [sin 1, cos 1, sin 2, cos 2, ...]: the log intensity by day of year. */
  harmonics: number[];
  /** The mean of exp(season) over the year before the cut-off: factors are relative to it. */
  level: number;
}

const dayOfYear = (day: number) => day - dayFromCivil(civilFromDay(day).year, 1, 1);

function harmonicsAt(day: number, into: number[]): void {
  const angle = (2 * Math.PI * dayOfYear(day)) / YEAR;
  for (let k = 1; k <= SEASON_HARMONICS; k++) into.push(Math.sin(k * angle), Math.cos(k * angle));
}

/** exp(season) on `day` relative to the level: above 1 in the busy part of the year. */
export function seasonFactor(s: Season, day: number): number {
  const x: number[] = [];
  harmonicsAt(day, x);
  return Math.exp(x.reduce((sum, v, j) => sum + v * s.harmonics[j], 0)) / s.level;
}

interface PoissonFit {
  beta: number[];
  deviance: number;
  pearson: number;
}

/** Poisson regression with an offset, by iteratively reweighted least squares. */
function poissonFit(x: number[][], y: number[], offset: number[]): PoissonFit | null {
  const [n, p] = [y.length, x[0].length];
  const mean = y.reduce((s, v) => s + v, 0) / n;
  const meanOffset = offset.reduce((s, v) => s + v, 0) / n;
  let beta = new Array<number>(p).fill(0);
  beta[0] = Math.log(Math.max(mean, 1e-3)) - meanOffset;
  const deviance = (b: number[]) => {
    let d = 0;
    for (let i = 0; i < n; i++) {
      const mu = Math.exp(offset[i] + x[i].reduce((s, v, j) => s + v * b[j], 0));
      d += 2 * ((y[i] > 0 ? y[i] * Math.log(y[i] / mu) : 0) - (y[i] - mu));
    }
    return d;
  };
  let current = deviance(beta);
  for (let iteration = 0; iteration < 50; iteration++) {
    const xtwx = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    const xtwz = new Array<number>(p).fill(0);
    for (let i = 0; i < n; i++) {
      const eta = x[i].reduce((s, v, j) => s + v * beta[j], 0);
      const mu = Math.exp(offset[i] + eta);
      const z = eta + (y[i] - mu) / mu;
      for (let a = 0; a < p; a++) {
        xtwz[a] += x[i][a] * mu * z;
        for (let b = 0; b < p; b++) xtwx[a][b] += x[i][a] * mu * x[i][b];
      }
    }
    const next = solve(xtwx, xtwz);
    if (!next) return null;
    // Step halving keeps the deviance falling.
    let [step, candidate, d] = [1, next, deviance(next)];
    while (!(d <= current) && step > 1e-4) {
      step /= 2;
      candidate = beta.map((b, j) => b + step * (next[j] - b));
      d = deviance(candidate);
    }
    if (!(d <= current)) break;
    const converged = current - d < 1e-8 * (Math.abs(d) + 1);
    [beta, current] = [candidate, d];
    if (converged) break;
  }
  let pearson = 0;
  for (let i = 0; i < n; i++) {
    const mu = Math.exp(offset[i] + x[i].reduce((s, v, j) => s + v * beta[j], 0));
    pearson += (y[i] - mu) ** 2 / mu;
  }
  return Number.isFinite(current) ? { beta, deviance: current, pearson } : null;
}

/**
 * The season of the histories' repeat purchases; null when the history is too short, holds too few
 * purchases, or shows no season that is significant and large enough.
 */
export function fitSeason(h: Histories): Season | null {
  if (h.cutoffDay - h.firstDay < SEASON_MIN_DAYS) return null;
  // Weeks end on the cut-off; the first, partial one is left out.
  const weeks = Math.floor((h.cutoffDay - h.firstDay) / 7);
  const weekOf = (day: number) => weeks - 1 - Math.floor((h.cutoffDay - day) / 7);
  const repeat = new Array<number>(weeks).fill(0);
  const acquired = new Array<number>(weeks).fill(0);
  for (let c = 0; c + 1 < h.start.length; c++) {
    const first = weekOf(h.day[h.start[c]]);
    if (first < weeks) acquired[Math.max(first, 0)]++;
    for (let i = h.start[c] + 1; i < h.start[c + 1]; i++) {
      const w = weekOf(h.day[i]);
      if (w >= 0) repeat[w]++;
    }
  }
  for (let w = 1; w < weeks; w++) acquired[w] += acquired[w - 1];
  // Weeks before anyone could have come back are no evidence of a season.
  const used = [...repeat.keys()].filter((w) => acquired[w] > 0 && w > 0);
  return weeklySeason(used.map((w) => repeat[w]), used, used.map((w) => Math.log(acquired[w])), weeks, h.cutoffDay);
}

/**
 * The season of a series of newcomer arrivals (first purchases per day, `counts[i]` on firstDay + i,
 * the last on the cut-off): weekly counts against a smooth trend, as for repeat purchases, with no
 * offset. Null as fitSeason is, and where the last year had fewer arrivals than weeklySeason asks of
 * the whole series: a season learned from the year before needs newcomers in it. (A closed cohort,
 * as CDNOW's, all acquired in its first quarter, is a step that the harmonics fit better than a trend.)
 */
export function fitArrivalsSeason(firstDay: number, counts: ArrayLike<number>): Season | null {
  const cutoffDay = firstDay + counts.length - 1;
  if (cutoffDay - firstDay < SEASON_MIN_DAYS) return null;
  const weeks = Math.floor((cutoffDay - firstDay) / 7);
  const weekly = new Array<number>(weeks).fill(0);
  for (let i = 0; i < counts.length; i++) {
    const w = weeks - 1 - Math.floor((cutoffDay - firstDay - i) / 7);
    if (w >= 0) weekly[w] += counts[i];
  }
  if (weekly.slice(-52).reduce((t, v) => t + v, 0) < MIN_WEEKLY_COUNT * 52) return null;
  const used = [...weekly.keys()];
  return weeklySeason(weekly, used, used.map(() => 0), weeks, cutoffDay);
}

/**
 * The season of weekly counts `y` (weeks `used` of `weeks`, the last ending on `cutoffDay`) with a log
 * offset each: Poisson regression on a quadratic trend and the year's harmonics, kept where the
 * harmonics are significant and large enough.
 */
function weeklySeason(y: number[], used: number[], offset: number[], weeks: number, cutoffDay: number): Season | null {
  if (used.length < 52 + 8 || y.reduce((s, v) => s + v, 0) < MIN_WEEKLY_COUNT * used.length) return null;
  const midDay = (w: number) => cutoffDay - 7 * (weeks - 1 - w) - 3;
  const trend = (w: number) => {
    const t = (2 * w) / (weeks - 1) - 1;
    return [1, t, t * t];
  };
  const rows = used.map((w) => {
    const x = trend(w);
    harmonicsAt(midDay(w), x);
    return x;
  });
  const full = poissonFit(rows, y, offset);
  const trendOnly = poissonFit(rows.map((r) => r.slice(0, 3)), y, offset);
  if (!full || !trendOnly) return null;
  const dispersion = Math.max(1, full.pearson / (used.length - rows[0].length));
  if ((trendOnly.deviance - full.deviance) / dispersion < CHI2_CRITICAL) return null;
  const season = { harmonics: full.beta.slice(3), level: 1 };
  const year = Array.from({ length: 365 }, (_, d) => seasonFactor(season, cutoffDay - d));
  if (Math.max(...year) < MIN_SWING * Math.min(...year)) return null;
  return { ...season, level: year.reduce((sum, v) => sum + v, 0) / year.length };
}

/**
 * The season's clock, in weeks: a day counts for its season factor, so a busy week lasts longer than a
 * quiet one. A model of steady rates (BG/NBD, Pareto/NBD) fitted and forecast on this clock buys more
 * in the peak; without a season (null), calendar weeks.
 */
export function seasonClock(s: Season | null, sensitivity?: ArrayLike<number>): Clock {
  if (!s) return calendarWeeks;
  const seasonal = seasonalWeeks(s);
  // A customer of sensitivity r lives on (1 - r) calendar weeks plus r season weeks.
  return sensitivity ? (day, c) => (1 - sensitivity[c!]) * (day / 7) + sensitivity[c!] * seasonal(day) : seasonal;
}

function seasonalWeeks(s: Season): (day: number) => number {
  // Sums of factors from the first day asked (the anchor), grown one day at a time in either
  // direction, so a day's clock never changes once read.
  let anchor = NaN;
  const [after, before] = [[0], [0]];
  return (day) => {
    if (Number.isNaN(anchor)) anchor = day;
    const k = day - anchor;
    if (k >= 0) {
      while (after.length <= k) after.push(after[after.length - 1] + seasonFactor(s, anchor + after.length));
      return after[k] / 7;
    }
    while (before.length <= -k) before.push(before[before.length - 1] + seasonFactor(s, anchor - before.length + 1));
    return -before[-k] / 7;
  };
}

/** The season in words, from the year before the cut-off: when purchases peak, and by how much. */
export function describeSeason(s: Season, cutoffDay: number): string {
  const days = Array.from({ length: 365 }, (_, k) => cutoffDay - k);
  const factors = days.map((d) => seasonFactor(s, d));
  const peak = days[factors.indexOf(Math.max(...factors))];
  const month = new Date(Date.UTC(1970, 0, 1 + peak)).toLocaleString('en-US', { month: 'long', day: 'numeric', timeZone: 'UTC' });
  return `The data shows a yearly season: repeat purchases peak around ${month} (as on ${formatDay(peak)}), at ${(Math.max(...factors) / Math.min(...factors)).toFixed(1)} times the quietest weeks; the classic models in the blend forecast on the season's clock.`;
}

/** Sensitivities a customer can have: 0 (calendar weeks) to 1 (the season's weeks). */
const GRID = Array.from({ length: 11 }, (_, k) => k / 10);

export interface Sensitivity {
  /** The population's share at each grid point (GRID). */
  prior: number[];
  /** Each customer's posterior mean. */
  rho: Float64Array;
}

/**
 * How much each customer follows the season: a weekly regular may buy every week of the year while
 * the occasional buyers crowd into December. Customer c's repeat purchases between the first and the
 * last are a Poisson process of rate proportional to (1 - r) + r x season factor; the likelihood of
 * r is that of where in the year they fell. The population's distribution of r over a grid is fitted
 * by EM (a nonparametric prior) and each customer gets the posterior mean: with few repeat purchases,
 * close to the population's. `prior`: a distribution fitted before (saved models).
 */
export function seasonSensitivity(s: Season, h: Histories, prior?: number[]): Sensitivity {
  const customers = h.ids.length;
  const factors = Float64Array.from({ length: h.cutoffDay - h.firstDay + 1 }, (_, k) => seasonFactor(s, h.firstDay + k));
  const at = (day: number) => factors[day - h.firstDay];
  const clock = seasonalWeeks(s);
  // Likelihood per customer and grid point, relative to its largest; null for fewer than two repeat
  // purchases (no evidence: the population's distribution).
  const likelihood: (Float64Array | null)[] = [];
  for (let c = 0; c < customers; c++) {
    const [start, end] = [h.start[c], h.start[c + 1]];
    if (end - start < 3) {
      likelihood.push(null);
      continue;
    }
    const [first, last] = [h.day[start], h.day[end - 1]];
    const [calendar, seasonal] = [(last - first) / 7, clock(last) - clock(first)];
    const n = end - start - 1;
    const l = Float64Array.from(GRID, (r) => {
      let sum = -n * Math.log((1 - r) * calendar + r * seasonal);
      for (let i = start + 1; i < end; i++) sum += Math.log(1 - r + r * at(h.day[i]));
      return sum;
    });
    const top = Math.max(...l);
    likelihood.push(l.map((v) => Math.exp(v - top)));
  }
  const informative = likelihood.filter((l): l is Float64Array => l !== null);
  let p = prior ?? GRID.map(() => 1 / GRID.length);
  for (let iteration = 0; !prior && iteration < 200 && informative.length; iteration++) {
    const next = GRID.map(() => 0);
    for (const l of informative) {
      let total = 0;
      for (let k = 0; k < GRID.length; k++) total += p[k] * l[k];
      for (let k = 0; k < GRID.length; k++) next[k] += (p[k] * l[k]) / total / informative.length;
    }
    const change = next.reduce((m, v, k) => Math.max(m, Math.abs(v - p[k])), 0);
    p = next;
    if (change < 1e-5) break;
  }
  const rho = Float64Array.from(likelihood, (l) => {
    let [total, mean] = [0, 0];
    for (let k = 0; k < GRID.length; k++) {
      const w = p[k] * (l ? l[k] : 1);
      [total, mean] = [total + w, mean + w * GRID[k]];
    }
    return mean / total;
  });
  return { prior: p, rho };
}
