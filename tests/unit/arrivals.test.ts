// Newcomer arrivals: a steady weekly pattern is forecast with its level and weekly shape; a season
// seen the year before is forecast again (and none is found in a closed cohort); a closed cohort
// forecasts zero, and so does one whose arrivals stopped.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { civilFromDay, dayFromCivil, weekday } from '../../src/lib/data/calendar';
import { importSources } from '../../src/lib/data/importer';
import { inspectSource } from '../../src/lib/data/inspect';
import { dailyArrivals } from '../../src/lib/features/arrivals';
import { historiesUpTo } from '../../src/lib/features/histories';
import { fitArrivalsSeason } from '../../src/lib/features/season';
import { forecastArrivals, isClosedCohort, trainArrivals } from '../../src/lib/models/newcomers/arrivals';
import { NEWCOMER_DEFAULTS } from '../../src/lib/models/newcomers/meta';
import { fileSource, fixture } from './helpers';
import { backendReady } from './tf-setup';

beforeAll(() => backendReady);

const firstDay = 18_000;
const weekly = (days: number) => ({ firstDay, counts: Float64Array.from({ length: days }, (_, i) => (weekday(firstDay + i) >= 5 ? 1 : 6)) });

describe('arrivals forecast', () => {
  it('follows the level and the weekly rhythm of steady arrivals', async () => {
    const series = weekly(280);
    const model = (await trainArrivals(series, { ...NEWCOMER_DEFAULTS, epochs: 30 }))!;
    try {
      const f = forecastArrivals(model, series, 28);
      const mean = f.reduce((s, x) => s + x, 0) / f.length;
      expect(mean).toBeGreaterThan(2.5);
      expect(mean).toBeLessThan(6.5);
      const weekend = f.filter((_, i) => weekday(firstDay + 280 + i) >= 5);
      const weekdays = f.filter((_, i) => weekday(firstDay + 280 + i) < 5);
      expect(Math.max(...weekend)).toBeLessThan(Math.min(...weekdays));
    } finally {
      model.network.dispose();
    }
  }, 120_000);

  it('forecasts a December peak seen the year before; steady arrivals get no season', async () => {
    // 21 months to 30 September: about 4 a day, three times as many in December.
    const start = dayFromCivil(2018, 1, 1);
    const days = dayFromCivil(2019, 9, 30) - start + 1;
    const counts = Float64Array.from({ length: days }, (_, i) => (civilFromDay(start + i).month === 12 ? 12 : 4) + (i % 3) - 1);
    const series = { firstDay: start, counts };
    const model = (await trainArrivals(series, NEWCOMER_DEFAULTS))!;
    const steady = (await trainArrivals(weekly(days), { ...NEWCOMER_DEFAULTS, epochs: 1 }))!;
    try {
      expect(model.season).not.toBeNull();
      expect(steady.season).toBeNull();
      const f = forecastArrivals(model, series, 92);
      const mean = (from: number, to: number) => f.slice(from, to).reduce((t, x) => t + x, 0) / (to - from);
      // October is days 0-30 of the horizon, December 61-91.
      expect(mean(0, 31)).toBeGreaterThan(3);
      expect(mean(0, 31)).toBeLessThan(5);
      expect(mean(61, 92)).toBeGreaterThan(2 * mean(0, 31));
      expect(mean(61, 92)).toBeLessThan(4 * mean(0, 31));
    } finally {
      model.network.dispose();
      steady.network.dispose();
    }
  }, 120_000);

  it('finds no season in a closed cohort: CDNOW_sample, all acquired in its first quarter, to its last day', async () => {
    const source = fileSource(fixture('CDNOW_sample.txt'));
    const { dataset } = await importSources([source], (await inspectSource(source)).options);
    const series = dailyArrivals(historiesUpTo(dataset, dataset.summary.lastDay));
    // 18 months, about 30 newcomers a week over the whole series, none in its last year.
    expect(series.counts.length).toBeGreaterThan(540);
    expect(series.counts.slice(-365).every((c) => c === 0)).toBe(true);
    expect(fitArrivalsSeason(series.firstDay, series.counts)).toBeNull();
  });

  it('forecasts zero once arrivals have stopped', async () => {
    const series = weekly(280);
    series.counts.fill(0, 150);
    expect(isClosedCohort(series)).toBe(true);
    const before = tf.memory().numTensors;
    const model = (await trainArrivals(series, { ...NEWCOMER_DEFAULTS, epochs: 2 }))!;
    expect(Array.from(forecastArrivals(model, series, 90)).every((x) => x === 0)).toBe(true);
    model.network.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);

  it("takes a month without newcomers after 20 a day for stopped arrivals, but not a sparse shop's quiet month or a closed fortnight", async () => {
    // As in example_transactions.csv: about 20 newcomers a day until 1 September, none to 30 September.
    const busy = { firstDay, counts: Float64Array.from({ length: 273 }, (_, i) => (i < 244 ? 18 + (i % 5) : 0)) };
    expect(isClosedCohort(busy)).toBe(true);
    const model = (await trainArrivals(busy, { ...NEWCOMER_DEFAULTS, epochs: 2 }))!;
    expect(Array.from(forecastArrivals(model, busy, 92)).every((x) => x === 0)).toBe(true);
    model.network.dispose();
    // One newcomer every 10 days, then 25 days without: a 8% chance at that rate.
    const sparse = { firstDay, counts: Float64Array.from({ length: 273 }, (_, i) => (i < 248 && i % 10 === 0 ? 1 : 0)) };
    expect(isClosedCohort(sparse)).toBe(false);
    // 20 a day, then a shop closed for two weeks.
    const fortnight = { firstDay, counts: busy.counts.map((_, i) => (i < 259 ? 18 + (i % 5) : 0)) };
    expect(isClosedCohort(fortnight)).toBe(false);
  }, 60_000);
});
