// The backtest protocol (evaluation.md): fit every model on purchases up to the calibration end E,
// predict each cohort customer's purchases and spend in (E, E + H], compare with what happened.
// Newcomers (first purchase in the holdout) are scored in aggregate only. Nothing looks at the
// holdout before predicting: the deep models select their epochs inside the calibration period.
import { formatDay } from '../data/calendar';
import { customerIndex, type Dataset } from '../data/dataset';
import { historiesUpTo, meanAmount } from '../features/histories';
import { ownRateForecast, rfmSummary } from '../features/rfm';
import { fitBgNbd } from '../models/baselines/bgnbd';
import { bgnbdActive, bgnbdForecast, paretoNbdActive, paretoNbdForecast, rfmWeeks } from '../models/baselines/forecast';
import { fitGammaGamma } from '../models/baselines/gamma-gamma';
import { gammaGammaSpend, type AmountChoice } from './amount-choice';
import { fitParetoNbd } from '../models/baselines/pareto-nbd';
import { activeMetrics, countMetrics, deciles, spendMetrics, type ActiveMetrics, type CountMetrics, type Decile, type SpendMetrics } from './metrics';
import type { PipelineOptions } from './options';
import { forecastClv } from './predict';
import type { StackWeights } from './stack-weights';
import { disposeModels, disposeOther, trainModelVariants, type PipelineCallbacks, type TrainedModels } from './train';
import type { AttributeChoice } from './attribute-choice';

/**
 * `clv` is the deep pipeline's answer (the blend); `lstm` its next-purchase network alone, before the
 * blend. Where the data has customer attributes, `clvAttributes` and `clvNoAttributes` are the
 * pipeline with and without them (`clv` is the one validation chose).
 */
export const BACKTEST_MODELS = ['clv', 'clvAttributes', 'clvNoAttributes', 'lstm', 'bgnbd', 'paretoNbd', 'naive'] as const;
export type BacktestModel = (typeof BACKTEST_MODELS)[number];

export interface ModelScore {
  purchases: CountMetrics;
  spend: SpendMetrics | null;
  /** P(at least one purchase in the holdout) against who bought. Absent in backtests saved before it. */
  active?: ActiveMetrics;
  /** Absent in backtests saved before it: `active`, predicted vs observed share of buyers. */
  deciles: { purchases: Decile[]; spend: Decile[] | null; active?: Decile[] };
  timeMs: number;
  /** Why a model could not be scored, if it could not. */
  error?: string;
  /** clv only: the stacking weights chosen inside the calibration period (null: the LSTM alone). */
  stacking?: (StackWeights & { windowDays: number; active?: StackWeights; seasonal?: boolean }) | null;
}

/**
 * A model of the amount per purchase, scored on the holdout's buyers at the purchase counts that
 * happened: MAE, RMSE and Spearman of each buyer's mean amount per purchase; predicted = the sum of
 * holdout purchases x predicted amount per purchase, against the actual spend.
 */
export type AmountScore = CountMetrics;

/** Cumulative purchases of the cohort over the holdout: what happened, and what each model expected. */
export interface Tracking {
  /** Days after the calibration end. */
  days: number[];
  actual: number[];
  models: Partial<Record<BacktestModel, number[]>>;
}

export interface BacktestResult {
  data: { rows: number; customers: number; cohortCustomers: number; calibrationEnd: string; holdoutDays: number };
  models: Partial<Record<BacktestModel, ModelScore>>;
  newcomers: {
    /** The arrivals model's first purchases (newcomers) over the holdout, and their value. */
    predictedPurchases: number;
    /** Every holdout purchase of the newcomers (first and later ones), and their spend. */
    actualPurchases: number;
    predictedSpend: number | null;
    actualSpend: number | null;
    /** Newcomers who came: customers whose first purchase is in the holdout. Absent in older backtests. */
    actualArrivals?: number;
    /** The naive forecast of arrivals: as many as in the same number of days before the calibration end. */
    naiveArrivals?: number;
  };
  backend: string;
  timingsMs: Record<string, number>;
  /** Absent in backtests saved before it was recorded. */
  tracking?: Tracking;
  /** Whether the networks took the customer attributes, chosen on validation (absent without attributes). */
  attributes?: AttributeChoice;
  /** The amount network against Gamma-Gamma (null without amounts; absent in older backtests). */
  amounts?: { buyers: number; conv1dLstm: AmountScore | null; gammaGamma: AmountScore | null; choice?: Omit<AmountChoice, 'gammaGamma'> | null } | null;
}

interface Prediction {
  purchases: ArrayLike<number>;
  spend: ArrayLike<number> | null;
  /** P(at least one purchase in the holdout). */
  active: ArrayLike<number>;
}

function holdoutActuals(dataset: Dataset, ids: string[], end: number, holdoutDays: number) {
  const index = customerIndex(dataset);
  const purchases = new Float64Array(ids.length);
  const spend = new Float64Array(ids.length);
  /** The cohort's purchases on each holdout day. */
  const daily = new Float64Array(holdoutDays);
  const cohort = new Set(ids);
  ids.forEach((id, k) => {
    const c = index.get(id)!;
    for (let i = dataset.customerStart[c]; i < dataset.customerStart[c + 1]; i++) {
      const d = dataset.purchaseDay[i];
      if (d > end && d <= end + holdoutDays) {
        [purchases[k], spend[k]] = [purchases[k] + 1, spend[k] + dataset.purchaseAmount[i]];
        daily[d - end - 1]++;
      }
    }
  });
  let [newPurchases, newSpend, newArrivals, recentArrivals] = [0, 0, 0, 0];
  dataset.customerIds.forEach((id, c) => {
    const first = dataset.purchaseDay[dataset.customerStart[c]];
    if (cohort.has(id)) {
      if (first > end - holdoutDays) recentArrivals++;
      return;
    }
    if (first <= end + holdoutDays) newArrivals++;
    for (let i = dataset.customerStart[c]; i < dataset.customerStart[c + 1]; i++) {
      const d = dataset.purchaseDay[i];
      if (d > end && d <= end + holdoutDays) [newPurchases, newSpend] = [newPurchases + 1, newSpend + dataset.purchaseAmount[i]];
    }
  });
  return { purchases, spend, daily, newPurchases, newSpend, newArrivals, recentArrivals };
}

export async function runBacktest(dataset: Dataset, options: PipelineOptions, backend: string, callbacks: PipelineCallbacks & { onModel?: (model: BacktestModel) => void } = {}): Promise<BacktestResult> {
  const started = performance.now();
  const end = options.cutoffDay;
  const H = options.horizonDays;
  const h = historiesUpTo(dataset, end);
  if (h.ids.length === 0) throw new RangeError(`No customer has a purchase on or before the calibration end ${formatDay(end)}.`);
  const actual = holdoutActuals(dataset, h.ids, end, H);
  const bought = actual.purchases.map((n) => (n > 0 ? 1 : 0));
  const rfm = rfmSummary(h);
  const weeks = rfmWeeks(h);
  const hasAmount = dataset.hasAmount;
  /** Gamma-Gamma's expected spend per purchase of each customer, fitted once when first needed. */
  let ggSpend: Float64Array | null = null;
  const perPurchase = (): Float64Array => (ggSpend ??= gammaGammaSpend(fitGammaGamma(rfm.frequency, rfm.monetaryValue).params, h));
  const spendFor = (purchases: Float64Array): Float64Array | null => (hasAmount ? purchases.map((n, c) => n * perPurchase()[c]) : null);
  const result: BacktestResult = {
    data: { rows: dataset.summary.rows, customers: dataset.summary.customers, cohortCustomers: h.ids.length, calibrationEnd: formatDay(end), holdoutDays: H },
    models: {},
    newcomers: {
      predictedPurchases: 0,
      actualPurchases: actual.newPurchases,
      predictedSpend: hasAmount ? 0 : null,
      actualSpend: hasAmount ? actual.newSpend : null,
      actualArrivals: actual.newArrivals,
      naiveArrivals: actual.recentArrivals,
    },
    backend,
    timingsMs: {},
  };
  let stacking: ModelScore['stacking'];
  const days = trackingDays(H);
  const tracking: Tracking = { days, actual: cumulativeAt(days, actual.daily), models: {} };
  const sum = (x: Float64Array) => x.reduce((a, v) => a + v, 0);
  /** `timeMs`: for a model whose figures come with another's (the LSTM alone, with the blend's). */
  const score = async (model: BacktestModel, predict: () => Promise<Prediction> | Prediction, timeMs?: number) => {
    callbacks.onModel?.(model);
    const t0 = performance.now();
    const p = await predict();
    if (timeMs === undefined) result.timingsMs[model] = timeMs = Math.round(performance.now() - t0);
    result.models[model] = {
      purchases: countMetrics(p.purchases, actual.purchases),
      spend: p.spend ? spendMetrics(p.spend, actual.spend, h.ids) : null,
      active: activeMetrics(p.active, bought),
      deciles: { purchases: deciles(p.purchases, actual.purchases, h.ids), spend: p.spend ? deciles(p.spend, actual.spend, h.ids) : null, active: deciles(p.active, bought, h.ids) },
      timeMs,
      ...(model === 'clv' ? { stacking } : {}),
    };
  };

  let lstm: Prediction | null = null;
  let nextAmount: Float64Array | null = null;
  let amountChoice = null as AmountChoice | null;
  /** The variant validation did not choose (with or without the attributes), forecast with the shared models. */
  let other: Prediction | null = null;
  const forecast = (models: TrainedModels) => {
    const { prediction: p, lstm: paths, nextAmount: amounts } = forecastClv(models, dataset, options);
    return { p, paths, amounts, scored: { purchases: p.customers.expectedPurchases, spend: hasAmount ? p.customers.clv : null, active: p.customers.pActive } };
  };
  await score('clv', async () => {
    const variants = await trainModelVariants(dataset, options, callbacks);
    const models = variants.models;
    amountChoice = models.amountChoice;
    if (models.attributes) result.attributes = models.attributes;
    stacking = models.stacking && { ...models.stacking.weights, windowDays: models.stacking.windowDays, active: models.stacking.activeWeights, seasonal: Boolean(models.stacking.season) };
    try {
      const { p, paths, amounts, scored } = forecast(models);
      nextAmount = amounts;
      tracking.models.clv = cumulativeAt(days, p.daily.engagedPurchases);
      if (models.stacking) tracking.models.lstm = cumulativeAt(days, paths.dailyPurchases);
      result.newcomers.predictedPurchases = p.newcomers.expectedArrivals;
      result.newcomers.predictedSpend = hasAmount ? p.newcomers.expectedRevenue : null;
      lstm = { purchases: paths.expected, spend: hasAmount ? paths.value : null, active: paths.pActive };
      if (variants.other) other = forecast(variants.other).scored;
      return scored;
    } finally {
      if (variants.other) disposeOther(variants.other);
      disposeModels(models);
    }
  });
  if (result.attributes) {
    const used = result.attributes.used;
    const [chosenName, otherName]: BacktestModel[] = used ? ['clvAttributes', 'clvNoAttributes'] : ['clvNoAttributes', 'clvAttributes'];
    result.models[chosenName] = result.models.clv;
    if (other) await score(otherName, () => other!, result.timingsMs.clv);
  }
  if (lstm) await score('lstm', () => lstm!, result.timingsMs.clv);
  await score('bgnbd', () => {
    const { params } = fitBgNbd(weeks);
    const purchases = bgnbdForecast(params, h, H);
    tracking.models.bgnbd = days.map((d) => (d === H ? sum(purchases) : d === 0 ? 0 : sum(bgnbdForecast(params, h, d))));
    return { purchases, spend: spendFor(purchases), active: bgnbdActive(params, h, H) };
  });
  await score('paretoNbd', () => {
    const { params } = fitParetoNbd(weeks);
    const purchases = paretoNbdForecast(params, h, H);
    tracking.models.paretoNbd = days.map((d) => (d === H ? sum(purchases) : d === 0 ? 0 : sum(paretoNbdForecast(params, h, d))));
    return { purchases, spend: spendFor(purchases), active: paretoNbdActive(params, h, H) };
  });
  await score('naive', () => {
    const purchases = ownRateForecast(rfm, H);
    tracking.models.naive = days.map((d) => (sum(purchases) * d) / H);
    // Purchases as a Poisson count with the own-rate mean: P(at least one) = 1 - exp(-mean).
    return { purchases, spend: hasAmount ? purchases.map((n, c) => n * meanAmount(h, c)) : null, active: purchases.map((n) => 1 - Math.exp(-n)) };
  });
  result.tracking = tracking;
  if (hasAmount) {
    let gg: Float64Array | null = null;
    try {
      gg = perPurchase();
    } catch {
      // Gamma-Gamma could not be fitted: the amount network is scored alone.
    }
    const choice = amountChoice && { chosen: amountChoice.chosen, rmse: amountChoice.rmse, buyers: amountChoice.buyers, windowDays: amountChoice.windowDays };
    result.amounts = { ...amountScores(actual.purchases, actual.spend, { conv1dLstm: nextAmount, gammaGamma: gg }), choice };
  } else result.amounts = null;
  result.timingsMs.total = Math.round(performance.now() - started);
  return result;
}

/** Each amount model's figures over the customers who bought in the holdout. */
function amountScores(purchases: Float64Array, spend: Float64Array, models: Record<'conv1dLstm' | 'gammaGamma', Float64Array | null>): NonNullable<BacktestResult['amounts']> {
  const buyers = [...purchases.keys()].filter((k) => purchases[k] > 0);
  const actual = Float64Array.from(buyers, (k) => spend[k] / purchases[k]);
  const score = (perPurchase: Float64Array | null): AmountScore | null => {
    if (!perPurchase || !buyers.every((k) => Number.isFinite(perPurchase[k]))) return null;
    const m = countMetrics(Float64Array.from(buyers, (k) => perPurchase[k]), actual);
    const [predicted, spent] = buyers.reduce(([p, a], k) => [p + purchases[k] * perPurchase[k], a + spend[k]], [0, 0]);
    return { mae: m.mae, rmse: m.rmse, spearman: m.spearman, predicted, actual: spent, totalErrorPct: spent > 0 ? ((predicted - spent) / spent) * 100 : 0 };
  };
  return { buyers: buyers.length, conv1dLstm: score(models.conv1dLstm), gammaGamma: score(models.gammaGamma) };
}

/** Days at which the cumulative curves are drawn: twelve steps over the holdout. */
const trackingDays = (H: number) => [...new Set(Array.from({ length: 13 }, (_, i) => Math.round((H * i) / 12)))];

function cumulativeAt(days: number[], daily: ArrayLike<number>): number[] {
  let [sum, next] = [0, 0];
  return days.map((d) => {
    for (; next < d && next < daily.length; next++) sum += daily[next];
    return sum;
  });
}
