import { describe, expect, it } from 'vitest';
import { activeMetrics, averageRanks, countMetrics, deciles, normalizedGini, spearman } from '../../src/lib/pipeline/metrics';

describe('backtest metrics', () => {
  it('ranks ties by their average rank', () => {
    expect(Array.from(averageRanks([10, 20, 20, 5]))).toEqual([2, 3.5, 3.5, 1]);
  });
  it('computes Spearman with ties, and null without variation', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [40, 30, 20, 10])).toBeCloseTo(-1, 12);
    // x = ranks 1,2,3,4; y = 0,0,1,1 -> ranks 1.5,1.5,3.5,3.5: r = 0.894427...
    expect(spearman([1, 2, 3, 4], [0, 0, 1, 1])).toBeCloseTo(2 / Math.sqrt(5), 12);
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNull();
  });
  it('normalizes Gini to 1 for a perfect ranking and about 0 for a reversed-neutral one', () => {
    const actual = [0, 0, 5, 10, 100];
    const ids = ['a', 'b', 'c', 'd', 'e'];
    expect(normalizedGini(actual, actual, ids)).toBeCloseTo(1, 12);
    expect(normalizedGini([5, 4, 3, 2, 1], actual, ids)!).toBeLessThan(0);
    // All predictions tied: the stable order by id decides; e (the big spender) comes last.
    expect(normalizedGini([1, 1, 1, 1, 1], actual, ids)!).toBeLessThan(0);
  });
  it('reports totals with the signed error in percent, and deciles', () => {
    const m = countMetrics([1, 1, 2], [0, 2, 2]);
    expect(m).toEqual({ mae: 2 / 3, rmse: Math.sqrt(2 / 3), spearman: expect.any(Number), predicted: 4, actual: 4, totalErrorPct: 0 });
    const d = deciles(Array.from({ length: 20 }, (_, i) => i), Array.from({ length: 20 }, (_, i) => 2 * i), Array.from({ length: 20 }, (_, i) => `c${i}`));
    expect(d).toHaveLength(10);
    expect(d[0]).toEqual({ decile: 1, customers: 2, meanPredicted: 18.5, meanActual: 37 });
  });
  it('scores the probability of buying at all: Brier, clipped log loss, AUC with ties', () => {
    const m = activeMetrics([0.9, 0.2, 0.6, 0.6, 0], [1, 0, 0, 1, 0]);
    expect(m.brier).toBeCloseTo((0.01 + 0.04 + 0.36 + 0.16 + 0) / 5, 12);
    expect(m.logLoss).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8) + Math.log(0.4) + Math.log(0.6) + Math.log(1 - 1e-6)) / 5, 12);
    // Buyer/non-buyer pairs: (0.9 vs 0.2, 0.6, 0) all won; (0.6 vs 0.2, 0) won, (0.6 vs 0.6) a tie: 5.5 / 6.
    expect(m.auc).toBeCloseTo(5.5 / 6, 12);
    expect(activeMetrics([0, 1], [1, 0]).logLoss).toBeCloseTo(-Math.log(1e-6), 9);
    expect(activeMetrics([0.3, 0.4], [1, 1]).auc).toBeNull();
  });
});
