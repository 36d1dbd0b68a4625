// The classic models' forecast from purchase histories: BG/NBD and Pareto/NBD fitted on the RFM
// summary in weeks (the unit of the published references): expected purchases of each customer in
// the next `horizonDays`, and the probability of at least one. Used by the backtest and by the deep
// pipeline's stacking step.
import type { Histories } from '../../features/histories';
import { rfmSummary } from '../../features/rfm';
import { calendarWeeks, type Clock } from '../../features/season';
import { bgnbdConditionalExpected, bgnbdProbabilityActive, fitBgNbd, type BgNbdParams } from './bgnbd';
import { fitParetoNbd, paretoNbdConditionalExpected, paretoNbdProbabilityActive, type ParetoNbdParams } from './pareto-nbd';
import type { RfmInput } from './rfm-input';

const WEEK = 7;

/** The RFM summary in weeks; on a season's clock (features/season.ts), in its weeks. */
export function rfmWeeks(h: Histories, clock: Clock = calendarWeeks): RfmInput {
  const rfm = rfmSummary(h);
  if (clock === calendarWeeks) return { x: rfm.frequency, tx: Float64Array.from(rfm.recencyDays, (d) => d / WEEK), T: Float64Array.from(rfm.TDays, (d) => d / WEEK) };
  const first = Float64Array.from(h.ids, (_, c) => clock(h.day[h.start[c]], c));
  return { x: rfm.frequency, tx: Float64Array.from(h.ids, (_, c) => clock(h.day[h.start[c + 1] - 1], c) - first[c]), T: first.map((f, c) => clock(h.cutoffDay, c) - f) };
}

export interface ClassicParams {
  bgnbd: BgNbdParams;
  /** Null when left out (see fitClassic). */
  paretoNbd: ParetoNbdParams | null;
}

/**
 * Below this many customers Pareto/NBD is not fitted: its likelihood is flat there, the optimiser
 * wanders into regions where the hypergeometric series converges slowly (tens of seconds for 30
 * customers), and BG/NBD carries the same information.
 */
export const PARETO_NBD_MIN_CUSTOMERS = 300;

export const fitClassic = (h: Histories, clock: Clock = calendarWeeks): ClassicParams => {
  const weeks = rfmWeeks(h, clock);
  return { bgnbd: fitBgNbd(weeks).params, paretoNbd: h.ids.length >= PARETO_NBD_MIN_CUSTOMERS ? fitParetoNbd(weeks).params : null };
};

/** A model's per-customer formula f(params, t, x, t_x, T) (weeks of `clock`) over the histories, for the next `horizonDays`. */
const perCustomer =
  <P>(f: (p: P, t: number, x: number, tx: number, T: number) => number) =>
  (p: P, h: Histories, horizonDays: number, clock: Clock = calendarWeeks): Float64Array => {
    const w = rfmWeeks(h, clock);
    const t = (c: number) => (clock === calendarWeeks ? horizonDays / WEEK : clock(h.cutoffDay + horizonDays, c) - clock(h.cutoffDay, c));
    return Float64Array.from(h.ids, (_, c) => f(p, t(c), w.x[c], w.tx[c], w.T[c]));
  };

export const bgnbdForecast = perCustomer<BgNbdParams>(bgnbdConditionalExpected);
export const paretoNbdForecast = perCustomer<ParetoNbdParams>(paretoNbdConditionalExpected);
export const bgnbdActive = perCustomer<BgNbdParams>(bgnbdProbabilityActive);
export const paretoNbdActive = perCustomer<ParetoNbdParams>(paretoNbdProbabilityActive);
