// The expected amount of a newcomer's first purchase. A real normality test decides the estimate:
// the mean when the amounts look normal, the log-normal mean when their logs do, otherwise a robust
// estimate (the 10% trimmed mean). The test, its p-values and the choice are part of the result.
import { normalTest, type TestResult } from './normality';

export type AmountEstimate = 'mean' | 'log-normal mean' | 'trimmed mean';

export interface FirstAmount {
  value: number;
  estimate: AmountEstimate;
  test: "D'Agostino-Pearson K^2";
  raw: TestResult | null;
  log: TestResult | null;
  sampleSize: number;
  reason: string;
}

const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;

function trimmedMean(x: number[], share: number): number {
  const s = [...x].sort((a, b) => a - b);
  const cut = Math.floor(s.length * share);
  return mean(s.slice(cut, s.length - cut));
}

export function estimateFirstAmount(amounts: ArrayLike<number>, alpha: number): FirstAmount {
  const x = Array.from(amounts).filter((v) => Number.isFinite(v) && v >= 0);
  const base = { test: "D'Agostino-Pearson K^2" as const, sampleSize: x.length };
  if (x.length < 20) {
    const value = x.length ? trimmedMean(x, 0.1) : 0;
    return { ...base, value, estimate: 'trimmed mean', raw: null, log: null, reason: `only ${x.length} first purchases: too few to test, trimmed mean used` };
  }
  const raw = normalTest(x);
  const logs = x.map((v) => Math.log1p(v));
  const log = normalTest(logs);
  if (raw.pValue >= alpha) return { ...base, value: mean(x), estimate: 'mean', raw, log, reason: `amounts look normal (p = ${raw.pValue.toPrecision(3)})` };
  if (log.pValue >= alpha) {
    const mu = mean(logs);
    const variance = mean(logs.map((l) => (l - mu) ** 2));
    return { ...base, value: Math.exp(mu + variance / 2) - 1, estimate: 'log-normal mean', raw, log, reason: `log amounts look normal (p = ${log.pValue.toPrecision(3)})` };
  }
  return { ...base, value: trimmedMean(x, 0.1), estimate: 'trimmed mean', raw, log, reason: `neither amounts (p = ${raw.pValue.toPrecision(3)}) nor log amounts (p = ${log.pValue.toPrecision(3)}) look normal` };
}
