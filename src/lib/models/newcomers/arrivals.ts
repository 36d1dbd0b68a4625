// Forecast of daily newcomer arrivals: a small LSTM reads the last lookbackDays of log1p(arrivals)
// with the weekday of each day, predicts the next day, and is rolled forward over the horizon with
// its own predictions fed back. Trained on every day of the series; validated on its last part.
// Where the series holds a yearly season of arrivals (features/season.ts, learned from the year
// before), the network reads and forecasts the arrivals with the season taken out, and the forecast
// gets it back day by day: a window of four weeks cannot learn a peak it saw once a year ago.
import * as tf from '@tensorflow/tfjs';
import { tidyValue } from '../tidy';
import { weekday } from '../../data/calendar';
import type { DailyArrivals } from '../../features/arrivals';
import { fitArrivalsSeason, seasonFactor, type Season } from '../../features/season';
import { fitMeanSquaredError, tensorData, type FitResult } from '../training';
import type { TrainCallbacks } from '../next-purchase/train';
import type { NewcomerOptions } from './meta';

const FEATURES = 8; // log1p(count) / scale, weekday one-hot (7)

export interface ArrivalsModel {
  network: tf.LayersModel;
  options: NewcomerOptions;
  /** log1p(count) is divided by this (the series' max, at least 1). */
  scale: number;
  /** The arrivals' yearly season, taken out of the counts the network reads; null or absent (older saved models): none. */
  season?: Season | null;
  fit: FitResult | null;
}

function writeDay(out: Float32Array, o: number, logCount: number, scale: number, day: number): void {
  out[o] = logCount / scale;
  out[o + 1 + weekday(day)] = 1;
}

/** The counts with the season taken out (the same counts without one). */
function deseasonalised(a: DailyArrivals, season: Season | null | undefined): DailyArrivals {
  return season ? { firstDay: a.firstDay, counts: a.counts.map((c, i) => c / seasonFactor(season, a.firstDay + i)) } : a;
}

function windows(a: DailyArrivals, lookback: number, scale: number, from: number, to: number) {
  const n = Math.max(to - from, 0);
  const x = new Float32Array(n * lookback * FEATURES);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const target = from + i;
    for (let k = 0; k < lookback; k++) {
      const t = target - lookback + k;
      writeDay(x, (i * lookback + k) * FEATURES, t >= 0 ? Math.log1p(a.counts[t]) : 0, scale, a.firstDay + t);
    }
    y[i] = Math.log1p(a.counts[target]) / scale;
  }
  return { n, x: tf.tensor3d(x, [n, lookback, FEATURES]), y: tf.tensor2d(y, [n, 1]) };
}

export async function trainArrivals(series: DailyArrivals, options: NewcomerOptions, callbacks: TrainCallbacks = {}): Promise<ArrivalsModel | null> {
  const days = series.counts.length;
  if (days < 14) return null;
  const season = fitArrivalsSeason(series.firstDay, series.counts);
  const a = deseasonalised(series, season);
  const scale = Math.max(1, ...Array.from(a.counts, (c) => Math.log1p(c)));
  const split = Math.max(1, Math.floor(days * 0.8));
  const train = windows(a, options.lookbackDays, scale, 1, split);
  const val = windows(a, options.lookbackDays, scale, split, days);
  const data = tensorData(train.x, train.y, val.x, val.y, options.batchSize, options.seed, options.samplesPerEpoch);
  const network = tf.sequential({ name: 'arrivals' });
  network.add(tf.layers.lstm({ inputShape: [options.lookbackDays, FEATURES], units: options.units, kernelInitializer: tf.initializers.glorotUniform({ seed: options.seed }), recurrentInitializer: tf.initializers.orthogonal({ seed: options.seed + 1 }) }));
  network.add(tf.layers.dense({ units: 1, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: options.seed + 2 }) }));
  const fit = await fitMeanSquaredError(network, data, { ...options, ...callbacks });
  return { network, options, scale, season, fit };
}

/** A series without any arrival in its last CLOSED_AFTER_DAYS days is a closed cohort: no newcomers. */
export const CLOSED_AFTER_DAYS = 56;
/** So is one whose silence at the end is at least this long and would have this little chance at its earlier rate. */
const CLOSED_MIN_SILENCE_DAYS = 21;
const CLOSED_CHANCE = 1e-3;
/** The days before the silence whose rate it is weighed against. */
const RATE_BEFORE_DAYS = 56;

/**
 * Whether arrivals have stopped: no arrival in the last CLOSED_AFTER_DAYS days, or a silence of three
 * weeks or more that Poisson arrivals at the rate of the eight weeks before it would leave with a
 * chance under 1/1000 (a shop that took 20 newcomers a day and then none for a month).
 */
export function isClosedCohort(a: DailyArrivals): boolean {
  const n = a.counts.length;
  let silence = 0;
  while (silence < n && a.counts[n - 1 - silence] === 0) silence++;
  if (silence >= CLOSED_AFTER_DAYS) return true;
  if (silence < CLOSED_MIN_SILENCE_DAYS || silence === n) return false;
  const before = a.counts.subarray(Math.max(0, n - silence - RATE_BEFORE_DAYS), n - silence);
  const rate = before.reduce((t, c) => t + c, 0) / before.length;
  return Math.exp(-rate * silence) < CLOSED_CHANCE;
}

/** Expected arrivals on each of the next `horizonDays` days after the series ends. */
export function forecastArrivals(model: ArrivalsModel, series: DailyArrivals, horizonDays: number): Float64Array {
  const lookback = model.options.lookbackDays;
  const out = new Float64Array(horizonDays);
  // Arrivals have stopped; a network rolled forward from zeros may still drift.
  if (isClosedCohort(series)) return out;
  const a = deseasonalised(series, model.season);
  const logs = Array.from(a.counts, (c) => Math.log1p(c));
  const x = new Float32Array(lookback * FEATURES);
  for (let d = 0; d < horizonDays; d++) {
    const target = logs.length;
    x.fill(0);
    for (let k = 0; k < lookback; k++) {
      const t = target - lookback + k;
      writeDay(x, k * FEATURES, t >= 0 ? logs[t] : 0, model.scale, a.firstDay + t);
    }
    const z = tidyValue(() => (model.network.predict(tf.tensor3d(x, [1, lookback, FEATURES])) as tf.Tensor).dataSync()[0]);
    const logCount = Math.max(z, 0) * model.scale;
    logs.push(logCount);
    out[d] = Math.expm1(logCount) * (model.season ? seasonFactor(model.season, a.firstDay + target) : 1);
  }
  return out;
}
