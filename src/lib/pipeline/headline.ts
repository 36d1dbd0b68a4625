// The headline numbers of a prediction: revenue in the horizon (engaged customers + newcomers, with an
// approximate 80% interval), expected purchases and buyers, customers at risk and the value at stake
// among them.
import type { ClvPrediction } from './result';

export interface Headline {
  cutoffDay: number;
  horizonDays: number;
  customers: number;
  expectedPurchases: number;
  /** Sum of P(at least one purchase in the horizon): the expected number of buyers. */
  expectedBuyers: number;
  atRisk: number;
  /** What the customers at risk spent x their chance of not coming back (1 - P(alive)); null without
   * amounts, absent in runs saved before it. */
  valueAtStake?: number | null;
  newcomerArrivals: number;
  /** Revenue figures are null without amounts. */
  engagedRevenue: number | null;
  newcomerRevenue: number | null;
  revenue: number | null;
  revenueLow: number | null;
  revenueHigh: number | null;
}

/** z of the 10% and 90% quantiles of a normal distribution. */
export const Z80 = 1.2816;

/** The variance of a figure whose 80% interval is [low, high], taken as normal. */
export const varianceOf80 = (low: number, high: number) => ((high - low) / (2 * Z80)) ** 2;

export function headline(p: ClvPrediction): Headline {
  const c = p.customers;
  let [purchases, buyers, atRisk, atStake, engaged, variance] = [0, 0, 0, 0, 0, 0];
  for (let i = 0; i < c.id.length; i++) {
    purchases += c.expectedPurchases[i];
    buyers += c.pActive[i];
    if (c.segment[i] === 'at risk') {
      atRisk++;
      if (c.spent) atStake += c.spent[i] * (1 - c.pAlive[i]);
    }
    if (p.hasAmount) {
      engaged += c.clv[i];
      // Customers are independent: the variances add up. Each one's comes from its 80% interval.
      variance += varianceOf80(c.clvLow[i], c.clvHigh[i]);
    }
  }
  const newcomer = p.newcomers.expectedRevenue;
  // Arrivals are counts (Poisson-like): their revenue's variance is arrivals x first amount squared.
  const firstAmount = p.newcomers.firstAmount?.value ?? 0;
  variance += p.newcomers.expectedArrivals * firstAmount ** 2;
  const revenue = engaged + newcomer;
  const half = Z80 * Math.sqrt(variance);
  return {
    cutoffDay: p.cutoffDay,
    horizonDays: p.horizonDays,
    customers: c.id.length,
    expectedPurchases: purchases,
    expectedBuyers: buyers,
    atRisk,
    valueAtStake: p.hasAmount && c.spent ? atStake : null,
    newcomerArrivals: p.newcomers.expectedArrivals,
    engagedRevenue: p.hasAmount ? engaged : null,
    newcomerRevenue: p.hasAmount ? newcomer : null,
    revenue: p.hasAmount ? revenue : null,
    revenueLow: p.hasAmount ? Math.max(0, revenue - half) : null,
    revenueHigh: p.hasAmount ? revenue + half : null,
  };
}
