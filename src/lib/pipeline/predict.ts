// Predicts with trained models: per customer (dates, amounts, probabilities, CLV with intervals)
// and per horizon day (engaged customers and newcomers). Customers are joined by id throughout.
import type { Dataset } from '../data/dataset';
import { dailyArrivals } from '../features/arrivals';
import { staticInputsOf } from '../features/attribute-inputs';
import { historiesUpTo, meanAmount, spentByEach, type Histories } from '../features/histories';
import { rfmSummary } from '../features/rfm';
import { seasonFactor } from '../features/season';
import { chainAmounts } from '../models/amount/forecast';
import { forecastArrivals } from '../models/newcomers/arrivals';
import { ALIVE_WINDOW_DAYS, WEEK_DAYS, medianGapAfter } from '../models/next-purchase/hazard';
import { encode, medianChain, simulatePaths, type PathForecast, type StartState } from '../models/next-purchase/forecast';
import type { PipelineOptions } from './options';
import { gammaGammaSpend } from './amount-choice';
import { segmentOf, type ClvPrediction, type CustomerPredictions, type Segment } from './result';
import { blendClock, blendedActive, blendedPurchases, pathsFor, type Stacking } from './stacking';
import type { TrainedModels } from './train';

export { pathsFor } from './stacking';

/**
 * The path forecast with the stacking blend's expected purchases and probabilities of buying (in the
 * horizon, and within a year: P(alive)). The classic models' share is valued
 * at each customer's next predicted amount, discounted by the horizon's mean discount factor; the
 * intervals and the daily curves are the paths' own, rescaled to the blend (their shape stays the
 * LSTM's, times the season's where the data has one: the classic models give no timing).
 */
function blendForecast(s: Stacking, f: PathForecast, h: Histories, horizonDays: number, nextAmount: (c: number) => number, dailyDiscount: number): PathForecast {
  const clock = blendClock(s, h);
  const expected = blendedPurchases(s, h, horizonDays, f.expected, clock);
  let discount = 0;
  for (let d = 1; d <= horizonDays; d++) discount += Math.pow(dailyDiscount, d) / horizonDays;
  const value = f.value.map((v, c) => s.weights.lstm * v + (expected[c] - s.weights.lstm * f.expected[c]) * (Number.isNaN(nextAmount(c)) ? 0 : nextAmount(c)) * discount);
  const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
  const scaled = (x: Float64Array, by: Float64Array, base: Float64Array) => x.map((v, c) => v * ratio(by[c], base[c]));
  const sum = (x: Float64Array) => x.reduce((t, v) => t + v, 0);
  // A daily curve with the blend's total, and the season's shape where there is one.
  const season = s.season;
  const daily = (x: Float64Array, total: number) => {
    const shaped = season ? x.map((v, i) => v * seasonFactor(season, h.cutoffDay + 1 + i)) : x;
    const factor = ratio(total, sum(shaped));
    return shaped.map((v) => v * factor);
  };
  return {
    ...f,
    pActive: blendedActive(s, h, horizonDays, f.pActive, clock),
    pAlive: blendedActive(s, h, ALIVE_WINDOW_DAYS, f.pAlive, clock),
    pWeek: blendedActive(s, h, WEEK_DAYS, f.pWeek, clock),
    expected,
    low: scaled(f.low, expected, f.expected),
    high: scaled(f.high, expected, f.expected),
    value,
    valueLow: scaled(f.valueLow, value, f.value),
    valueHigh: scaled(f.valueHigh, value, f.value),
    dailyPurchases: daily(f.dailyPurchases, sum(expected)),
    dailyValue: daily(f.dailyValue, sum(value)),
  };
}


function reasonForNone(h: Histories, c: number, start: StartState, pAlive: number, cutoffDay: number): string {
  const n = h.start[c + 1] - h.start[c];
  const last = h.day[h.start[c + 1] - 1];
  const elapsed = cutoffDay - last;
  const alive = `P(a purchase within a year) ${Math.round(pAlive * 100)}%`;
  if (n === 1) return `one purchase, ${elapsed} days before the cut-off; ${alive}`;
  const usualGap = (last - h.day[h.start[c]]) / (n - 1);
  if (pAlive < 0.5) return `overdue: no purchase for ${elapsed} days, ${(elapsed / usualGap).toFixed(1)}x their usual gap of ${Math.round(usualGap)} days; ${alive}`;
  return `next purchase most likely after the horizon (median in ${medianGapAfter(start.distribution[c], elapsed) - elapsed} days); ${alive}`;
}

/**
 * amounts[c][k]: the amount of customer c's k-th predicted purchase (at least one entry): the network's
 * chain, or Gamma-Gamma's amount per purchase where validation chose it, or the customer's mean amount
 * where neither exists; NaN without amounts.
 */
function amountsOf(models: TrainedModels, h: Histories, chain: number[][], network: Float64Array[] | null): Float64Array[] {
  const choice = models.amountChoice;
  if (choice?.chosen === 'gammaGamma' && choice.gammaGamma) {
    const spend = gammaGammaSpend(choice.gammaGamma, h);
    return chain.map((dates, c) => new Float64Array(Math.max(1, dates.length)).fill(spend[c]));
  }
  if (network) return network;
  return h.ids.map((_, c) => Float64Array.of(models.hasAmount ? meanAmount(h, c) : NaN));
}

export const predictClv = (models: TrainedModels, dataset: Dataset, o: PipelineOptions): ClvPrediction => forecastClv(models, dataset, o).prediction;

/**
 * The prediction, the LSTM's own path forecast before the blend, and the amount network's amount of
 * each customer's next purchase (null without that network): the backtest scores all three.
 */
export function forecastClv(models: TrainedModels, dataset: Dataset, o: PipelineOptions): { prediction: ClvPrediction; lstm: PathForecast; nextAmount: Float64Array | null } {
  const h = historiesUpTo(dataset, o.cutoffDay);
  const schema = models.nextPurchase.attributes;
  const start = encode(models.nextPurchase, h, schema ? staticInputsOf(schema, dataset.customerIds, dataset.attributes?.columns, h.ids) : null);
  const chain = medianChain(models.nextPurchase, start, o.cutoffDay, o.horizonDays);
  const network = models.amount && chainAmounts(models.amount, h, chain, o.cutoffDay);
  const amounts = amountsOf(models, h, chain, network);
  const paths = simulatePaths(models.nextPurchase, start, {
    paths: pathsFor(h.ids.length, o.nextPurchase.paths),
    seed: o.nextPurchase.seed,
    ids: h.ids,
    horizonDays: o.horizonDays,
    cutoffDay: o.cutoffDay,
    amountOf: (c, k) => amounts[c][Math.min(k, amounts[c].length - 1)],
    dailyDiscount: Math.pow(1 + o.discountRate, -1 / 365),
  });
  const f = models.stacking ? blendForecast(models.stacking, paths, h, o.horizonDays, (c) => amounts[c][0], Math.pow(1 + o.discountRate, -1 / 365)) : paths;
  const rfm = rfmSummary(h);
  const n = h.ids.length;
  const customers: CustomerPredictions = {
    id: h.ids,
    segment: new Array<Segment>(n),
    purchases: Int32Array.from({ length: n }, (_, c) => h.start[c + 1] - h.start[c]),
    frequency: rfm.frequency,
    recencyDays: rfm.recencyDays,
    TDays: rfm.TDays,
    monetaryValue: rfm.monetaryValue,
    pActive: f.pActive,
    pAlive: f.pAlive,
    pWeek: f.pWeek,
    spent: spentByEach(h),
    expectedPurchases: f.expected,
    purchasesLow: f.low,
    purchasesHigh: f.high,
    clv: dataset.hasAmount ? f.value : new Float64Array(n).fill(NaN),
    clvLow: dataset.hasAmount ? f.valueLow : new Float64Array(n).fill(NaN),
    clvHigh: dataset.hasAmount ? f.valueHigh : new Float64Array(n).fill(NaN),
    dates: [],
    amounts: [],
    reason: [],
  };
  for (let c = 0; c < n; c++) {
    const shown = Math.min(Math.round(f.expected[c]), chain[c].length);
    customers.dates.push(chain[c].slice(0, shown));
    customers.amounts.push(Array.from(amounts[c].slice(0, shown)));
    customers.reason.push(shown === 0 ? reasonForNone(h, c, start, f.pAlive[c], o.cutoffDay) : null);
    customers.segment[c] = segmentOf(customers.purchases[c], models.orderCount, f.pAlive[c]);
  }
  const arrivals = models.arrivals ? forecastArrivals(models.arrivals, dailyArrivals(h), o.horizonDays) : new Float64Array(o.horizonDays);
  const firstValue = models.firstAmount?.value ?? NaN;
  const newcomerRevenue = arrivals.map((a) => a * firstValue);
  const sum = (x: Float64Array) => x.reduce((s, v) => s + v, 0);
  const prediction: ClvPrediction = {
    cutoffDay: o.cutoffDay,
    horizonDays: o.horizonDays,
    orderCount: models.orderCount,
    hasAmount: dataset.hasAmount,
    customers,
    daily: {
      day: Int32Array.from({ length: o.horizonDays }, (_, i) => o.cutoffDay + 1 + i),
      engagedPurchases: f.dailyPurchases,
      engagedRevenue: dataset.hasAmount ? f.dailyValue : new Float64Array(o.horizonDays).fill(NaN),
      newcomerArrivals: arrivals,
      newcomerRevenue,
    },
    newcomers: { expectedArrivals: sum(arrivals), expectedRevenue: sum(newcomerRevenue), firstAmount: models.firstAmount },
    training: models.training,
    ...(models.attributes ? { attributes: models.attributes } : {}),
  };
  return { prediction, lstm: paths, nextAmount: network && Float64Array.from(network, (a) => a[0]) };
}
