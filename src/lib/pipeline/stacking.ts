// Stacking: each customer's expected purchases are a blend of the LSTM's (Monte Carlo paths) and the
// classic models' (BG/NBD, Pareto/NBD). The weights come from the validation window inside the
// calibration period: the selection LSTM and classic models fitted on purchases up to
// cut-off - validationDays forecast that window, and non-negative least squares against what
// customers bought in it picks the weights, which then apply to the models fitted on all of it.
// Nothing after the cut-off is looked at. The weights sum to 1: the blend mixes the models' levels
// and never sets its own (a level fitted on the window did not hold over the next months:
// bench/results/2026-12-03-level.md, bench/results/2026-12-03-active-level.md). The classic models
// bring a stable, well-calibrated rate for heavy buyers; the LSTM brings the order and timing of each
// customer's gaps. The probability that a customer buys at all is blended the same way, with its own
// weights: least squares against who bought in the window is the Brier score.
import type { StaticInputs } from '../features/attribute-inputs';
import type { Histories } from '../features/histories';
import { fitSeason, seasonClock, seasonSensitivity, type Clock, type Season } from '../features/season';
import { bgnbdActive, bgnbdForecast, fitClassic, paretoNbdActive, paretoNbdForecast, type ClassicParams } from '../models/baselines/forecast';
import { encode, simulatePaths, type PathForecast } from '../models/next-purchase/forecast';
import type { NextPurchaseModel } from '../models/next-purchase/train';
import { ConvergenceError } from '../util/nelder-mead';
import { solve } from '../util/linear';
import type { StackWeights } from './stack-weights';
import { countMetrics, type CountMetrics } from './metrics';

export interface Stacking {
  /** Weights of the expected purchases; they sum to 1 (in models saved before 2026-12-03 they could sum to other than 1). */
  weights: StackWeights;
  /** Weights of P(at least one purchase); they sum to 1 (they could before 2026-12-03). Absent in models saved before they existed: `weights` then. */
  activeWeights?: StackWeights;
  /** Classic models fitted on all purchases up to the cut-off, on the season's clock. */
  classic: ClassicParams;
  /** The shop's season (features/season.ts), fitted on the same purchases; null or absent (older saved models): none, calendar weeks. */
  season?: Season | null;
  /** The population's distribution of how much customers follow the season (features/season.ts), fitted with it; absent: fitted again on the histories forecast. */
  sensitivityPrior?: number[];
  /** Validation window (days) the weights were fitted on. */
  windowDays: number;
  /** How the blend (weights fitted there) and the LSTM alone forecast that window; absent in older saved models. */
  validation?: WindowScore;
}

/** A forecast of the validation window against what the customers bought in it. */
export interface WindowScore {
  blend: CountMetrics | null;
  lstm: CountMetrics;
}

/** Paths per customer: enough for stable per-customer estimates, bounded in total work. */
export const pathsFor = (customers: number, cap: number) => Math.max(8, Math.min(cap, Math.round(250_000 / Math.max(customers, 1))));

/**
 * min ||X w - y||^2 subject to w >= 0 and sum(w) = 1 (a convex blend, which cannot move the level),
 * for a handful of columns: the solution on every subset of columns, keeping the best one whose
 * weights are all non-negative (exact, and cheap for three columns).
 */
export function convexLeastSquares(columns: ArrayLike<number>[], y: ArrayLike<number>): number[] {
  const k = columns.length;
  const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
    let s = 0;
    for (let i = 0; i < y.length; i++) s += a[i] * b[i];
    return s;
  };
  const gram = columns.map((a) => columns.map((b) => dot(a, b)));
  const xy = columns.map((a) => dot(a, y));
  let best = new Array<number>(k).fill(0);
  let bestGain = -Infinity;
  for (let mask = 1; mask < 1 << k; mask++) {
    const idx = [...Array(k).keys()].filter((j) => mask & (1 << j));
    const [g, r] = [idx.map((a) => idx.map((b) => gram[a][b])), idx.map((a) => xy[a])];
    // G w + mu 1 = X'y, 1'w = 1 (the Lagrange conditions).
    const w = solve([...g.map((row) => [...row, 1]), [...idx.map(() => 1), 0]], [...r, 1])?.slice(0, idx.length);
    if (!w || w.some((v) => !(v >= 0))) continue;
    // ||y||^2 - ||Xw - y||^2 = 2 w.Xy - w.G.w; larger is better.
    const gain = idx.reduce((s, a, i) => s + 2 * w[i] * xy[a] - w[i] * idx.reduce((t, b, j) => t + gram[a][b] * w[j], 0), 0);
    if (gain > bestGain) {
      bestGain = gain;
      best = new Array<number>(k).fill(0);
      idx.forEach((a, i) => (best[a] = w[i]));
    }
  }
  return best;
}

/** The LSTM's expected purchases of each customer in the `horizonDays` after the histories' cut-off, and P(at least one). */
function lstmForecast(model: NextPurchaseModel, h: Histories, horizonDays: number, statics: StaticInputs | null): PathForecast {
  const o = model.options;
  return simulatePaths(model, encode(model, h, statics), {
    paths: pathsFor(h.ids.length, o.paths),
    seed: o.seed,
    ids: h.ids,
    horizonDays,
    cutoffDay: h.cutoffDay,
    amountOf: () => NaN,
    dailyDiscount: 1,
  });
}

/** Purchases of each customer of `inner` in (inner cut-off, calibration cut-off], joined by id. */
function windowCounts(inner: Histories, calibration: Histories): Float64Array {
  const index = new Map(calibration.ids.map((id, c) => [id, c]));
  return Float64Array.from(inner.ids, (id) => {
    const c = index.get(id)!;
    let n = 0;
    for (let i = calibration.start[c]; i < calibration.start[c + 1]; i++) if (calibration.day[i] > inner.cutoffDay) n++;
    return n;
  });
}

/** The LSTM alone on the validation window, where there is no blend to score. */
export function lstmWindowScore(selection: NextPurchaseModel, inner: Histories, calibration: Histories, statics: StaticInputs | null = null): WindowScore {
  const forecast = lstmForecast(selection, inner, calibration.cutoffDay - inner.cutoffDay, statics);
  return { blend: null, lstm: countMetrics(forecast.expected, windowCounts(inner, calibration)) };
}

/**
 * The blend's classic models, which do not depend on the LSTM: fitted on `inner` (the calibration
 * histories cut at cut-off - validationDays, on its own season's clock: the one before the window
 * learns the season from its own data) to forecast the window, and on all of the calibration
 * histories (with its season and the customers' sensitivity to it) to forecast after the cut-off.
 * Every LSTM the blend is fitted to (with and without the attributes) shares them.
 */
export interface ClassicFits {
  /** The season's clock of inner's customers. */
  innerClock: Clock;
  inner: ClassicParams;
  season: Season | null;
  sensitivity: ReturnType<typeof seasonSensitivity> | null;
  calibration: ClassicParams;
}

/** Throws a ConvergenceError or RangeError where the classic models cannot be fitted (fitStacking then gives null). */
export function fitClassicModels(inner: Histories, calibration: Histories): ClassicFits {
  const innerClock = clockOf(fitSeason(inner), inner);
  const season = fitSeason(calibration);
  const sensitivity = season && seasonSensitivity(season, calibration);
  return { innerClock, inner: fitClassic(inner, innerClock), season, sensitivity, calibration: fitClassic(calibration, seasonClock(season, sensitivity?.rho)) };
}

/**
 * Fits the blend. `selection` was trained on `inner` (the calibration histories cut at
 * cut-off - validationDays), with `statics` as the static inputs of inner's customers if it takes
 * them. `classic`: fitClassicModels(inner, calibration), when the caller keeps it for another blend.
 * Null when the classic models cannot be fitted or the window holds no purchase: the LSTM alone is
 * used then.
 */
export function fitStacking(selection: NextPurchaseModel, inner: Histories, calibration: Histories, statics: StaticInputs | null = null, classic: () => ClassicFits = () => fitClassicModels(inner, calibration)): Stacking | null {
  const windowDays = calibration.cutoffDay - inner.cutoffDay;
  const actual = windowCounts(inner, calibration);
  if (!actual.some((n) => n > 0)) return null;
  try {
    const { innerClock: clock, inner: innerClassic, season, sensitivity, calibration: calibrationClassic } = classic();
    const pareto = innerClassic.paretoNbd;
    const none = new Float64Array(inner.ids.length);
    const lstmWindow = lstmForecast(selection, inner, windowDays, statics);
    const columns = [lstmWindow.expected, bgnbdForecast(innerClassic.bgnbd, inner, windowDays, clock), pareto ? paretoNbdForecast(pareto, inner, windowDays, clock) : none];
    const [lstm, bgnbd, paretoNbd] = convexLeastSquares(columns, actual);
    const active = [lstmWindow.pActive, bgnbdActive(innerClassic.bgnbd, inner, windowDays, clock), pareto ? paretoNbdActive(pareto, inner, windowDays, clock) : none];
    const [aLstm, aBgnbd, aParetoNbd] = convexLeastSquares(active, actual.map((n) => (n > 0 ? 1 : 0)));
    const blended = Float64Array.from(actual, (_, c) => lstm * columns[0][c] + bgnbd * columns[1][c] + paretoNbd * columns[2][c]);
    const validation = { blend: countMetrics(blended, actual), lstm: countMetrics(lstmWindow.expected, actual) };
    return { weights: { lstm, bgnbd, paretoNbd }, activeWeights: { lstm: aLstm, bgnbd: aBgnbd, paretoNbd: aParetoNbd }, classic: calibrationClassic, season, sensitivityPrior: sensitivity?.prior, windowDays, validation };
  } catch (e) {
    if (e instanceof ConvergenceError || e instanceof RangeError) return null;
    throw e;
  }
}

/** The season's clock for the customers of `h`, each at their own sensitivity (calendar weeks without a season). */
function clockOf(season: Season | null, h: Histories, prior?: number[]): Clock {
  return season ? seasonClock(season, seasonSensitivity(season, h, prior).rho) : seasonClock(null);
}

type Forecaster = { bgnbd: typeof bgnbdForecast; paretoNbd: typeof paretoNbdForecast };

/** w.lstm x the LSTM's figure + the classic models' own, weighted, for every customer of `h`. */
function blend(w: StackWeights, s: Stacking, forecast: Forecaster, h: Histories, days: number, lstm: ArrayLike<number>, clock: Clock): Float64Array {
  const classic = s.classic;
  const bg = w.bgnbd > 0 ? forecast.bgnbd(classic.bgnbd, h, days, clock) : null;
  const pn = w.paretoNbd > 0 && classic.paretoNbd ? forecast.paretoNbd(classic.paretoNbd, h, days, clock) : null;
  return Float64Array.from(lstm, (v, c) => w.lstm * v + (bg ? w.bgnbd * bg[c] : 0) + (pn ? w.paretoNbd * pn[c] : 0));
}

/** The clock the blend's classic models forecast the customers of `h` on (each customer's sensitivity to the season is worked out once here). */
export const blendClock = (s: Stacking, h: Histories): Clock => clockOf(s.season ?? null, h, s.sensitivityPrior);

/** Blended expected purchases of every customer of `h` in the next `horizonDays`, given the LSTM's. */
export const blendedPurchases = (s: Stacking, h: Histories, horizonDays: number, lstm: ArrayLike<number>, clock = blendClock(s, h)): Float64Array =>
  blend(s.weights, s, { bgnbd: bgnbdForecast, paretoNbd: paretoNbdForecast }, h, horizonDays, lstm, clock);

/** Blended P(at least one purchase in the next `days`) of every customer of `h`, given the LSTM's. */
export function blendedActive(s: Stacking, h: Histories, days: number, lstm: ArrayLike<number>, clock = blendClock(s, h)): Float64Array {
  // Models saved before the probability had weights of its own: the count weights, summing to 1.
  const w = s.activeWeights ?? normalised(s.weights);
  return blend(w, s, { bgnbd: bgnbdActive, paretoNbd: paretoNbdActive }, h, days, lstm, clock).map((p) => Math.min(1, p));
}

function normalised(w: StackWeights): StackWeights {
  const sum = w.lstm + w.bgnbd + w.paretoNbd;
  return { lstm: w.lstm / sum, bgnbd: w.bgnbd / sum, paretoNbd: w.paretoNbd / sum };
}
