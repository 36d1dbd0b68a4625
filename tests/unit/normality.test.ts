// Against published values: scipy's test suite (checked there against R fBasics::dagoTest) and
// scipy's documented examples (Shapiro & Wilk's 1965 weights).
import { describe, expect, it } from 'vitest';
import { kurtosisTest, normalTest, skewTest } from '../../src/lib/models/newcomers/normality';

const close = (actual: number, expected: number) => expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThan(1e-9);

describe("D'Agostino-Pearson normality test", () => {
  it('matches R dagoTest on ((-2..3)^2) x 4', () => {
    const x = Array.from({ length: 4 }, () => [4, 1, 0, 1, 4, 9]).flat();
    const s = skewTest(x);
    close(s.statistic, 1.98078826090875881);
    close(s.pValue, 0.04761502382843208);
    const k = kurtosisTest(x);
    close(k.statistic, -0.01403734404759738);
    close(k.pValue, 0.98880018772590561);
    const n = normalTest(x);
    close(n.statistic, 3.92371918158185551);
    close(n.pValue, 0.14059672529747502);
  });

  it("matches scipy's documented example (Shapiro & Wilk's weights)", () => {
    const x = [148, 154, 158, 160, 161, 162, 166, 170, 182, 195, 236];
    close(skewTest(x).statistic, 2.7788579769903414);
    close(skewTest(x).pValue, 0.005455036974740185);
    close(kurtosisTest(x).statistic, 2.3048235214240873);
    close(kurtosisTest(x).pValue, 0.0211764592113868);
    close(normalTest(x).statistic, 13.034263121192582);
    close(normalTest(x).pValue, 0.0014779023013100172);
  });

  it('matches further documented skewness and kurtosis examples', () => {
    close(skewTest([1, 2, 3, 4, 5, 6, 7, 8]).statistic, 1.0108048609177787);
    close(skewTest([2, 8, 0, 4, 1, 9, 9, 0]).pValue, 0.6554066631275459);
    close(skewTest([1, 2, 3, 4, 5, 6, 7, 8000]).statistic, 3.571773510360407);
    close(kurtosisTest(Array.from({ length: 20 }, (_, i) => i)).statistic, -1.7058104152122062);
    close(kurtosisTest(Array.from({ length: 20 }, (_, i) => i)).pValue, 0.08804338332528348);
  });

  it('refuses samples too small to test', () => {
    expect(() => skewTest([1, 2, 3])).toThrow('at least 8 values; got 3');
  });
});
