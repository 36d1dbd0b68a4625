// Accuracy metrics of the backtest protocol (docs: evaluation.md): MAE, RMSE, Spearman with average
// ranks for ties, normalized Gini of spend, totals, decile calibration, and the scores of a
// probability that the customer buys at all (Brier, log loss, AUC).

export interface CountMetrics {
  mae: number;
  rmse: number;
  spearman: number | null;
  predicted: number;
  actual: number;
  totalErrorPct: number;
}

export interface SpendMetrics extends CountMetrics {
  gini: number | null;
}

export interface Decile {
  decile: number;
  customers: number;
  meanPredicted: number;
  meanActual: number;
}

export interface ActiveMetrics {
  brier: number;
  logLoss: number;
  /** Null when everyone bought, or no one did. */
  auc: number | null;
}

/** Ranks 1..n, ties get the average of the ranks they span. */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]] === values[order[i]]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]] = rank;
    i = j + 1;
  }
  return ranks;
}

function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number | null {
  const n = a.length;
  let [ma, mb] = [0, 0];
  for (let i = 0; i < n; i++) [ma, mb] = [ma + a[i], mb + b[i]];
  [ma, mb] = [ma / n, mb / n];
  let [sab, saa, sbb] = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const [da, db] = [a[i] - ma, b[i] - mb];
    [sab, saa, sbb] = [sab + da * db, saa + da * da, sbb + db * db];
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : null;
}

export const spearman = (predicted: ArrayLike<number>, actual: ArrayLike<number>) => pearson(averageRanks(predicted), averageRanks(actual));

/** Area between the cumulative share of actual spend (customers ordered by `by`, descending; ties by id) and the diagonal. */
function giniArea(by: ArrayLike<number>, actual: ArrayLike<number>, ids: string[]): number {
  const n = actual.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => by[b] - by[a] || (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
  let total = 0;
  for (let i = 0; i < n; i++) total += actual[i];
  let cumulative = 0;
  let area = 0;
  order.forEach((i, k) => {
    cumulative += actual[i];
    area += cumulative / total - (k + 1) / n;
  });
  return area / n;
}

export function normalizedGini(predicted: ArrayLike<number>, actual: ArrayLike<number>, ids: string[]): number | null {
  const best = giniArea(actual, actual, ids);
  return best > 0 ? giniArea(predicted, actual, ids) / best : null;
}

export function countMetrics(predicted: ArrayLike<number>, actual: ArrayLike<number>): CountMetrics {
  const n = actual.length;
  let [abs, sq, p, a] = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    const e = predicted[i] - actual[i];
    [abs, sq, p, a] = [abs + Math.abs(e), sq + e * e, p + predicted[i], a + actual[i]];
  }
  return { mae: abs / n, rmse: Math.sqrt(sq / n), spearman: spearman(predicted, actual), predicted: p, actual: a, totalErrorPct: a > 0 ? ((p - a) / a) * 100 : 0 };
}

export function spendMetrics(predicted: ArrayLike<number>, actual: ArrayLike<number>, ids: string[]): SpendMetrics {
  return { ...countMetrics(predicted, actual), gini: normalizedGini(predicted, actual, ids) };
}

/** Customers in ten groups by prediction (highest first), mean predicted vs mean actual per group. */
export function deciles(predicted: ArrayLike<number>, actual: ArrayLike<number>, ids: string[]): Decile[] {
  const n = actual.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => predicted[b] - predicted[a] || (ids[a] < ids[b] ? -1 : 1));
  return Array.from({ length: 10 }, (_, d) => {
    const group = order.slice(Math.floor((d * n) / 10), Math.floor(((d + 1) * n) / 10));
    const mean = (f: (i: number) => number) => (group.length ? group.reduce((s, i) => s + f(i), 0) / group.length : 0);
    return { decile: d + 1, customers: group.length, meanPredicted: mean((i) => predicted[i]), meanActual: mean((i) => actual[i]) };
  });
}

/** Log loss clips probabilities to [1e-6, 1 - 1e-6] (evaluation.md). */
const CLIP = 1e-6;

/** Scores P(at least one purchase) against whether the customer bought (`bought`: 1 or 0). */
export function activeMetrics(probability: ArrayLike<number>, bought: ArrayLike<number>): ActiveMetrics {
  const n = bought.length;
  let [brier, logLoss, positives] = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const p = Math.min(1 - CLIP, Math.max(CLIP, probability[i]));
    brier += (probability[i] - bought[i]) ** 2;
    logLoss -= bought[i] ? Math.log(p) : Math.log(1 - p);
    positives += bought[i];
  }
  // AUC as the Mann-Whitney statistic: the chance that a buyer is ranked above a non-buyer, ties half.
  const ranks = averageRanks(probability);
  let rankSum = 0;
  for (let i = 0; i < n; i++) if (bought[i]) rankSum += ranks[i];
  const negatives = n - positives;
  const auc = positives && negatives ? (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives) : null;
  return { brier: brier / n, logLoss: logLoss / n, auc };
}
