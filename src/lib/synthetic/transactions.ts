// Seeded synthetic transactions for benchmarks and scale tests: a Pareto/NBD-like purchase process
// (gamma-distributed rates and lifetimes), gamma-gamma amounts, and some customers who buy weekly;
// and a retail line-item export with many weekly regulars, as shops' own exports look.
import { civilFromDay, dayFromCivil, formatDay } from '../data/calendar';
import { exponential, gamma, normal, seededRandom, type Random } from '../util/random';

export interface SyntheticOptions {
  /** Stop once this many rows exist. */
  rows: number;
  seed: number;
  firstDay: number;
  days: number;
  /** Share of customers with a regular weekly rhythm. */
  weeklyShare: number;
  /** A yearly peak of repeat purchases (a shop's Christmas); null for none. */
  peak: SeasonalPeak | null;
  /**
   * Customers of segment "B" (half of them, see syntheticSegment) buy at `rate` times the rate they
   * would have, and stop after their first purchase with chance `oneTimeShare` (segment A: 0.5, as
   * every customer without an effect); the defaults (1, 0.5): the segment does not matter.
   * `rateShape`: the gamma shape of every occasional buyer's rate (mean unchanged); a larger one than
   * the default 0.55 leaves less of the spread of rates within a segment, more between the segments.
   */
  segmentEffect: { rate: number; oneTimeShare: number; rateShape: number };
  /**
   * When customers come: their first purchases spread over the first `share` of the days (the
   * default 0.8 leaves every customer some time to buy again, and no newcomers at the end); with
   * `seasonal` and a peak, more of them come in the season, as its repeat purchases do.
   */
  acquisition: { share: number; seasonal: boolean };
}

/** Repeat purchases at (1 + lift x a bell curve of `widthDays` around day `dayOfYear`) times the customer's rate. */
export interface SeasonalPeak {
  /** 0 = 1 January. */
  dayOfYear: number;
  widthDays: number;
  lift: number;
}

// Pareto/NBD heterogeneity (per day) and Gamma-Gamma spend, in the range CDNOW-like data fits.
const RATE = { r: 0.55, alpha: 75 };
/** Occasional buyers who stop after their first purchase, as many do in real shops. */
const ONE_TIME_SHARE = 0.5;

export const SYNTHETIC_DEFAULTS: Omit<SyntheticOptions, 'rows'> = { seed: 42, firstDay: 17532 /* 2018-01-01 */, days: 730, weeklyShare: 0.05, peak: null, segmentEffect: { rate: 1, oneTimeShare: ONE_TIME_SHARE, rateShape: RATE.r }, acquisition: { share: 0.8, seasonal: false } };

/**
 * The customer attributes of the generator's customer number `customer`: `segment` (A or B, half
 * each), whose B shifts the purchase rate by segmentEffect, and `region` (north or south), which
 * never shifts anything. Drawn from a stream of their own, so that the purchases of a generator
 * without a segment effect are those it always wrote.
 */
export function syntheticSegment(seed: number, customer: number): { segment: 'A' | 'B'; region: 'north' | 'south' } {
  const random = seededRandom((seed * 7919 + customer * 104_729) ^ 0x5a17);
  return { segment: random() < 0.5 ? 'A' : 'B', region: random() < 0.5 ? 'north' : 'south' };
}

const syntheticId = (customer: number) => `C${String(customer).padStart(7, '0')}`;

/** The attributes file of the customers 1..customers ("customer_id,segment,region"), header first. */
export function* syntheticAttributeLines(seed: number, customers: number): Generator<string> {
  yield 'customer_id,segment,region';
  for (let c = 1; c <= customers; c++) {
    const a = syntheticSegment(seed, c);
    yield `${syntheticId(c)},${a.segment},${a.region}`;
  }
}

/** A gift shop's December: repeat purchases up to 3.5 times their usual rate around 10 December. */
export const CHRISTMAS: SeasonalPeak = { dayOfYear: 343, widthDays: 14, lift: 2.5 };

/** The peak's multiplier on `day` (days since 1970-01-01), 1 far from it. */
export function peakFactor(p: SeasonalPeak, day: number): number {
  const distance = Math.abs(day - dayFromCivil(civilFromDay(day).year, 1, 1) - p.dayOfYear);
  const d = Math.min(distance, 365 - distance);
  return 1 + p.lift * Math.exp(-0.5 * (d / p.widthDays) ** 2);
}

const DEATH = { s: 0.6, beta: 80 };
const SPEND = { p: 6, q: 4, gamma: 15 };

/** Yields CSV lines ("customer_id,date,amount"), header first, until `rows` data lines are out. */
export function* syntheticCsvLines(options: Partial<SyntheticOptions> & { rows: number }): Generator<string> {
  const { rows, seed, firstDay, days, weeklyShare, peak, segmentEffect, acquisition } = { ...SYNTHETIC_DEFAULTS, ...options };
  const segmentMatters = segmentEffect.rate !== 1 || segmentEffect.oneTimeShare !== ONE_TIME_SHARE;
  // With a peak, the occasional buyers' purchases are drawn at the peak's top rate and each kept with
  // the peak's factor on its day over that top (thinning): a Poisson process whose rate follows the season.
  const top = peak ? 1 + peak.lift : 1;
  const kept = (t: number) => !peak || random() * top < peakFactor(peak, firstDay + Math.floor(t));
  const random = seededRandom(seed);
  yield 'customer_id,date,amount';
  let written = 0;
  for (let customer = 1; written < rows; customer++) {
    const id = syntheticId(customer);
    const weekly = random() < weeklyShare;
    const effect = segmentMatters && syntheticSegment(seed, customer).segment === 'B' ? segmentEffect : SYNTHETIC_DEFAULTS.segmentEffect;
    const shape = segmentEffect.rateShape;
    // The same mean rate whatever the shape (and exactly the default draws at the default shape).
    const lambda = weekly ? 1 / 7 : gamma(random, shape, shape === RATE.r ? RATE.alpha : (RATE.alpha * shape) / RATE.r) * top * effect.rate;
    const lifetime = exponential(random, gamma(random, DEATH.s, DEATH.beta));
    const nu = gamma(random, SPEND.q, SPEND.gamma);
    const firstPurchase = () => Math.floor(random() * days * acquisition.share);
    let start = firstPurchase();
    // Thinning again: a first day drawn is kept with the season's factor on it over the peak's top.
    while (peak && acquisition.seasonal && !kept(start)) start = firstPurchase();
    const end = Math.min(days, start + lifetime);
    for (let t = start; t < end && written < rows; t += weekly ? 7 : exponential(random, lambda)) {
      if (t !== start && !weekly && !kept(t)) continue;
      const amount = gamma(random, SPEND.p, nu);
      yield `${id},${formatDay(firstDay + Math.floor(t))},${amount.toFixed(2)}`;
      written++;
      if (!weekly && t === start && random() < effect.oneTimeShare) break;
    }
  }
}

export interface RetailOptions {
  /** Line items to write: one row per product on an invoice, as in UCI Online Retail. */
  rows: number;
  seed: number;
  firstDay: number;
  days: number;
  /** Share of customers who come on fixed weekdays: about 60 to 300 purchase days over two years. */
  regularShare: number;
  /** Share of customers who buy once; the rest buy now and then (a Pareto/NBD process). */
  oneTimeShare: number;
  /** Share of invoices with one line cancelled by a "C" invoice, the same day or a few days later. */
  cancelShare: number;
}

export const RETAIL_DEFAULTS: RetailOptions = { rows: 150_000, seed: 42, firstDay: 17532, days: 730, regularShare: 0.06, oneTimeShare: 0.35, cancelShare: 0.02 };

const PRODUCTS = 3000;
const QUANTITIES = [1, 1, 2, 2, 3, 4, 6, 12, 12, 24];
const COUNTRIES = ['United Kingdom', 'United Kingdom', 'United Kingdom', 'United Kingdom', 'United Kingdom', 'United Kingdom', 'Germany', 'France', 'EIRE', 'Netherlands'];

/** 1, 2, 3... with the given mean (> 1). */
const geometric = (random: Random, mean: number) => 1 + Math.floor(Math.log(1 - random()) / Math.log(1 - 1 / mean));

/** A regular's purchase days: a few fixed weekdays, each kept with the same chance, from an early start. */
function regularDays(random: Random, days: number): number[] {
  const start = Math.floor(random() * days * 0.25);
  const end = random() < 0.2 ? start + Math.floor((days - start) * (0.5 + 0.5 * random())) : days;
  const weeks = (end - start) / 7;
  const target = 60 + 240 * random() ** 2;
  const weekdays = Math.min(7, Math.ceil(target / (0.8 * weeks)));
  const first = Math.floor(random() * 7);
  const chosen = new Set(Array.from({ length: weekdays }, (_, i) => (first + 3 * i) % 7)); // spread over the week
  const keep = Math.min(1, target / (weekdays * weeks));
  const out: number[] = [];
  for (let d = start; d < end; d++) if (chosen.has(d % 7) && random() < keep) out.push(d);
  return out;
}

/** Purchase days of a Pareto/NBD buyer, more active and longer-lived than CDNOW's (per day). */
function occasionalDays(random: Random, days: number): number[] {
  const lambda = gamma(random, 1, 70);
  const start = Math.floor(random() * days);
  const end = Math.min(days, start + exponential(random, gamma(random, 0.8, 400)));
  const out = [start];
  for (let t = start + exponential(random, lambda); t < end; t += exponential(random, lambda)) if (Math.floor(t) > out[out.length - 1]) out.push(Math.floor(t));
  return out;
}

/**
 * Yields a retail export ("InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID,Country"),
 * header first, then exactly `rows` line items in invoice order: regulars with long histories (the
 * case that makes Pareto/NBD's likelihood slow), occasional and one-time buyers, and cancellations.
 */
export function* retailCsvLines(options: Partial<RetailOptions> = {}): Generator<string> {
  const { rows, seed, firstDay, days, regularShare, oneTimeShare, cancelShare } = { ...RETAIL_DEFAULTS, ...options };
  const random = seededRandom(seed);
  const prices = Array.from({ length: PRODUCTS }, () => Math.exp(0.7 + 0.9 * normal(random)).toFixed(2));
  const invoices: { at: number; cancel: boolean; customer: string; items: [number, number][] }[] = [];
  const time = (day: number) => day * 1440 + 480 + Math.floor(random() * 600); // minutes, 8:00 to 18:00
  for (let c = 0, written = 0; written < rows; c++) {
    const kind = random();
    const regular = kind < regularShare;
    const purchaseDays = regular ? regularDays(random, days) : kind < regularShare + oneTimeShare ? [Math.floor(random() * days)] : occasionalDays(random, days);
    const basket = regular ? 1.5 : 2 + 4 * random();
    const customer = `${12346 + c},${COUNTRIES[Math.floor(random() * COUNTRIES.length)]}`;
    for (let i = 0; i < purchaseDays.length && written < rows; i++) {
      const at = time(purchaseDays[i]);
      const items = Array.from({ length: Math.min(geometric(random, basket), rows - written) }, (): [number, number] => [Math.floor(PRODUCTS * random() ** 2), QUANTITIES[Math.floor(random() * QUANTITIES.length)]]);
      invoices.push({ at, cancel: false, customer, items });
      written += items.length;
      if (written < rows && random() < cancelShare) {
        const [product, quantity] = items[Math.floor(random() * items.length)];
        const later = time(Math.min(days - 1, purchaseDays[i] + Math.floor(random() * 4)));
        invoices.push({ at: Math.max(at + 1, later), cancel: true, customer, items: [[product, -quantity]] });
        written++;
      }
    }
  }
  invoices.sort((a, b) => a.at - b.at);
  yield 'InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
  const two = (n: number) => String(n).padStart(2, '0');
  for (const [n, { at, cancel, customer, items }] of invoices.entries()) {
    const date = `${formatDay(firstDay + Math.floor(at / 1440))} ${two(Math.floor((at % 1440) / 60))}:${two(at % 60)}:00`;
    for (const [product, quantity] of items) yield `${cancel ? 'C' : ''}${536365 + n},${20000 + product},${quantity},${date},${prices[product]},${customer}`;
  }
}
