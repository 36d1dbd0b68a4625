// The shop's season (features/season.ts): learned from the previous year's repeat purchases where the
// data has one, left out where it has none, and the clock on which the classic models of the blend
// forecast a Christmas quarter.
import { beforeAll, describe, expect, it } from 'vitest';
import { dayFromCivil, parseIsoDay } from '../../src/lib/data/calendar';
import type { Dataset } from '../../src/lib/data/dataset';
import { importSources } from '../../src/lib/data/importer';
import { inspectSource } from '../../src/lib/data/inspect';
import { historiesUpTo, type Histories } from '../../src/lib/features/histories';
import { describeSeason, fitSeason, seasonClock, seasonSensitivity, seasonFactor, SEASON_MIN_DAYS } from '../../src/lib/features/season';
import { fitBgNbd } from '../../src/lib/models/baselines/bgnbd';
import { bgnbdForecast, rfmWeeks } from '../../src/lib/models/baselines/forecast';
import { CHRISTMAS, retailCsvLines, syntheticCsvLines } from '../../src/lib/synthetic/transactions';
import { textSource } from './helpers';
import { tinyDataset } from './features.test';

const CUTOFF = parseIsoDay('2019-09-30')!;
const HOLDOUT = 92;

async function importLines(lines: Iterable<string>): Promise<Dataset> {
  const source = textSource([...lines].join('\n'));
  return (await importSources([source], (await inspectSource(source)).options)).dataset;
}

/** Purchases of the histories' customers in (cut-off, cut-off + days]. */
function holdoutPurchases(d: Dataset, h: Histories, days: number): number {
  const cohort = new Set(h.ids);
  let n = 0;
  d.customerIds.forEach((id, c) => {
    if (!cohort.has(id)) return;
    for (let i = d.customerStart[c]; i < d.customerStart[c + 1]; i++) if (d.purchaseDay[i] > h.cutoffDay && d.purchaseDay[i] <= h.cutoffDay + days) n++;
  });
  return n;
}

let shop: Dataset;
let h: Histories;

beforeAll(async () => {
  // Two years of a gift shop whose repeat purchases peak around 10 December (up to 3.5 times the usual rate).
  shop = await importLines(syntheticCsvLines({ rows: 60_000, seed: 42, weeklyShare: 0.02, peak: CHRISTMAS }));
  h = historiesUpTo(shop, CUTOFF);
}, 60_000);

describe('the season of a shop', () => {
  it('is learned from the previous December: busiest around 10 December, relative to the year before the cut-off', () => {
    const s = fitSeason(h)!;
    expect(s).not.toBeNull();
    const on = (m: number, d: number) => seasonFactor(s, dayFromCivil(2019, m, d));
    expect(on(12, 10)).toBeGreaterThan(1.8 * on(8, 1));
    expect(on(12, 10)).toBeGreaterThan(on(11, 1));
    expect(on(12, 10)).toBeGreaterThan(on(1, 20));
    // Factors are relative to the year before the cut-off: their mean there is 1.
    let sum = 0;
    for (let d = CUTOFF - 364; d <= CUTOFF; d++) sum += seasonFactor(s, d);
    expect(sum / 365).toBeCloseTo(1, 9);
    expect(describeSeason(s, CUTOFF)).toMatch(/^The data shows a yearly season: repeat purchases peak around December \d+ \(as on 2018-12-\d\d\), at \d\.\d times the quietest weeks; the classic models in the blend forecast on the season's clock\.$/);
  });

  it('is left out where the data has none, or too little history to tell', async () => {
    const steady = await importLines(syntheticCsvLines({ rows: 60_000, seed: 42 }));
    expect(fitSeason(historiesUpTo(steady, CUTOFF))).toBeNull();
    // Weekly regulars whose cohort a smooth trend cannot follow: significant harmonics, but a swing too small to use.
    const retail = await importLines(retailCsvLines({ rows: 60_000 }));
    expect(fitSeason(historiesUpTo(retail, CUTOFF))).toBeNull();
    const short = historiesUpTo(shop, shop.summary.firstDay + SEASON_MIN_DAYS - 1);
    expect(fitSeason(short)).toBeNull();
    expect(fitSeason(historiesUpTo(shop, shop.summary.firstDay + SEASON_MIN_DAYS + 60))).not.toBeNull();
  }, 60_000);

  it('makes a clock whose weeks last as long as the season is busy, the same whatever order it is read in', () => {
    const s = fitSeason(h)!;
    const [a, b] = [dayFromCivil(2018, 11, 3), dayFromCivil(2019, 12, 20)];
    let direct = 0;
    for (let d = a + 1; d <= b; d++) direct += seasonFactor(s, d) / 7;
    const late = seasonClock(s);
    const [lateB, lateA] = [late(b), late(a)];
    const early = seasonClock(s);
    const [earlyA, earlyB] = [early(a), early(b)];
    expect(lateB - lateA).toBeCloseTo(direct, 9);
    expect(earlyB - earlyA).toBeCloseTo(direct, 9);
    // A year on it lasts about a calendar year; without a season the clock is calendar weeks.
    expect(late(CUTOFF) - late(CUTOFF - 365)).toBeCloseTo(365 / 7, 9);
    expect(seasonClock(null)(700)).toBe(100);
    expect(rfmWeeks(h, seasonClock(null))).toEqual(rfmWeeks(h));
  });

  it('tells the customers who follow the season from those who buy all year, and leaves the rest at the population mean', () => {
    const s = fitSeason(h)!;
    const rows: [string, number, number][] = [];
    const [start, end] = [dayFromCivil(2018, 1, 1), CUTOFF];
    for (let k = 0; k < 20; k++) for (let d = start + k; d <= end; d += 7) rows.push([`regular${k}`, d, 10]);
    for (let k = 0; k < 20; k++) {
      for (let j = 0; j < 12; j++) rows.push([`gifts${k}`, dayFromCivil(2018, 11, 25) + 2 * j + (k % 2), 10]);
      for (const m of [3, 6, 9]) rows.push([`gifts${k}`, dayFromCivil(2019, m, 10 + k), 10]);
    }
    rows.push(['once', dayFromCivil(2019, 5, 5), 10]);
    const mixed = historiesUpTo(tinyDataset(rows), CUTOFF);
    const { prior, rho } = seasonSensitivity(s, mixed);
    expect(prior.reduce((t, v) => t + v, 0)).toBeCloseTo(1, 9);
    const mean = (prefix: string) => {
      const of = mixed.ids.flatMap((id, c) => (id.startsWith(prefix) ? [rho[c]] : []));
      return of.reduce((t, v) => t + v, 0) / of.length;
    };
    expect(mean('regular')).toBeLessThan(0.3);
    expect(mean('gifts')).toBeGreaterThan(0.9);
    // One purchase says nothing: the population's mean.
    expect(rho[mixed.ids.indexOf('once')]).toBeCloseTo(prior.reduce((t, v, k) => t + (v * k) / 10, 0), 9);
  });

  it('lets BG/NBD on that clock forecast the Christmas quarter within 10%, where on calendar weeks it misses by over 20%', () => {
    const actual = holdoutPurchases(shop, h, HOLDOUT);
    const total = (x: Float64Array) => x.reduce((t, v) => t + v, 0);
    const calendar = total(bgnbdForecast(fitBgNbd(rfmWeeks(h)).params, h, HOLDOUT));
    const clock = seasonClock(fitSeason(h));
    const seasonal = total(bgnbdForecast(fitBgNbd(rfmWeeks(h, clock)).params, h, HOLDOUT, clock));
    expect(calendar / actual - 1).toBeLessThan(-0.2);
    expect(Math.abs(seasonal / actual - 1)).toBeLessThan(0.1);
  });
});
