// The classic models next to the deep one, per customer, for the dashboard: BG/NBD expected purchases
// and P(alive), Gamma-Gamma expected spend, and the BG/NBD P(alive) over a frequency x recency grid
// (the heatmap analysts know from lifetimes). P(alive) has the page's one meaning (ALIVE_DEFINITION):
// the chance of a purchase within a year, not BG/NBD's P(not yet dropped out). A model that cannot be
// fitted is left out with the reason.
import type { Histories } from '../features/histories';
import { rfmSummary } from '../features/rfm';
import { bgnbdConditionalExpected, bgnbdProbabilityActive, fitBgNbd, type BgNbdParams } from '../models/baselines/bgnbd';
import { ALIVE_WINDOW_DAYS } from '../models/next-purchase/hazard';
import { fitGammaGamma, gammaGammaExpectedSpend } from '../models/baselines/gamma-gamma';

const WEEK = 7;
const YEAR = ALIVE_WINDOW_DAYS / WEEK;
/** Cells per axis of the heatmap. */
const GRID = 24;

export interface ClassicPrediction {
  bgnbd: BgNbdParams;
  expectedPurchases: Float64Array;
  /** P(at least one purchase in the horizon). Absent in runs saved before it. */
  pActive?: Float64Array;
  pAlive: Float64Array;
  /** P(a purchase in the week after the cut-off). Absent in runs saved before it. */
  pWeek?: Float64Array;
  /** Expected purchases x Gamma-Gamma expected spend; null without amounts or when Gamma-Gamma fails. */
  clv: Float64Array | null;
  /** P(alive) for frequency 0..maxFrequency (rows) and recency 0..T (columns, in weeks), for a customer of age T. */
  heatmap: { TWeeks: number; frequencies: number[]; recencyWeeks: number[]; pAlive: number[][] };
  notes: string[];
}

/** `fitted`: BG/NBD parameters already fitted on these same histories (the stacking's), to reuse. */
export function classicPrediction(h: Histories, horizonDays: number, fitted?: BgNbdParams): ClassicPrediction | null {
  const rfm = rfmSummary(h);
  const x = rfm.frequency;
  const tx = Float64Array.from(rfm.recencyDays, (d) => d / WEEK);
  const T = Float64Array.from(rfm.TDays, (d) => d / WEEK);
  let bgnbd: BgNbdParams;
  try {
    bgnbd = fitted ?? fitBgNbd({ x, tx, T }).params;
  } catch {
    // Too little or degenerate data for BG/NBD: the dashboard shows the deep model alone.
    return null;
  }
  const t = horizonDays / WEEK;
  const expectedPurchases = Float64Array.from(x, (xi, c) => bgnbdConditionalExpected(bgnbd, t, xi, tx[c], T[c]));
  const pActive = Float64Array.from(x, (xi, c) => bgnbdProbabilityActive(bgnbd, t, xi, tx[c], T[c]));
  const pAlive = Float64Array.from(x, (xi, c) => bgnbdProbabilityActive(bgnbd, YEAR, xi, tx[c], T[c]));
  const pWeek = Float64Array.from(x, (xi, c) => bgnbdProbabilityActive(bgnbd, 1, xi, tx[c], T[c]));
  // Degenerate data (every customer seen for 0 days, say) can "fit" parameters that predict nothing.
  if (![expectedPurchases, pActive, pAlive, pWeek].every((v) => v.every(Number.isFinite))) return null;
  const notes: string[] = [];
  let clv: Float64Array | null = null;
  if (h.hasAmount) {
    try {
      const gg = fitGammaGamma(x, rfm.monetaryValue).params;
      clv = expectedPurchases.map((n, c) => n * gammaGammaExpectedSpend(gg, x[c], rfm.monetaryValue[c]));
    } catch (e) {
      notes.push(`Gamma-Gamma could not be fitted: ${(e as Error).message}`);
    }
  }
  return { bgnbd, expectedPurchases, pActive, pAlive, pWeek, clv, heatmap: aliveGrid(bgnbd, x, T), notes };
}

function aliveGrid(p: BgNbdParams, x: Int32Array, T: Float64Array): ClassicPrediction['heatmap'] {
  const TWeeks = Math.max(1, Math.round(T.reduce((m, t) => Math.max(m, t), 0)));
  const maxFrequency = Math.max(1, quantile(x, 0.99));
  const frequencies = steps(maxFrequency, GRID).map(Math.round).filter((v, i, a) => i === 0 || v !== a[i - 1]);
  const recencyWeeks = steps(TWeeks, GRID);
  return { TWeeks, frequencies, recencyWeeks, pAlive: frequencies.map((f) => recencyWeeks.map((r) => bgnbdProbabilityActive(p, YEAR, f, r, TWeeks))) };
}

const steps = (max: number, n: number) => Array.from({ length: n }, (_, i) => (max * i) / (n - 1));

function quantile(values: Int32Array, q: number): number {
  const sorted = Int32Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
