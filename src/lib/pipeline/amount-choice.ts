// Which model gives each predicted purchase its amount: the Conv1D-LSTM network or Gamma-Gamma. Chosen
// on the validation window inside the calibration period, the way the backtest scores them on the
// holdout: each model, fitted on purchases up to the window's start, gives the amount of every
// customer's next purchase, against the mean amount that customer spent in the window (RMSE over the
// window's buyers). Nothing after the cut-off is looked at.
import type { Histories } from '../features/histories';
import { rfmSummary } from '../features/rfm';
import { chainAmounts } from '../models/amount/forecast';
import type { AmountModel } from '../models/amount/model';
import { fitGammaGamma, gammaGammaExpectedSpend, type GammaGammaParams } from '../models/baselines/gamma-gamma';
import { countMetrics } from './metrics';

export type AmountModelName = 'conv1dLstm' | 'gammaGamma';
export const AMOUNT_MODEL_LABELS: Record<AmountModelName, string> = { conv1dLstm: 'Conv1D-LSTM', gammaGamma: 'Gamma-Gamma' };

/** The choice in words, for the terminal, docs/accuracy.md and the Trust view. */
export function describeAmountChoice(c: Pick<AmountChoice, 'chosen' | 'rmse' | 'buyers' | 'windowDays'>): string {
  const rmse = (m: AmountModelName) => `${AMOUNT_MODEL_LABELS[m]} ${c.rmse[m] === null ? 'could not be fitted' : `RMSE ${c.rmse[m]!.toFixed(2)}`}`;
  return `Amounts come from ${AMOUNT_MODEL_LABELS[c.chosen]}, chosen on the last ${c.windowDays} days of the calibration period (${c.buyers.toLocaleString('en-US')} buyers; ${rmse('conv1dLstm')}, ${rmse('gammaGamma')}).`;
}

export interface AmountChoice {
  chosen: AmountModelName;
  /** Validation RMSE of each model's amount per purchase; null where it could not be fitted. */
  rmse: Record<AmountModelName, number | null>;
  /** Customers who bought in the validation window. */
  buyers: number;
  windowDays: number;
  /** Gamma-Gamma fitted on all purchases up to the cut-off; null when it cannot be. */
  gammaGamma: GammaGammaParams | null;
}

/** Gamma-Gamma fitted on the histories' repeat buyers; null where it cannot be. */
export function fitGammaGammaOn(h: Histories): GammaGammaParams | null {
  const rfm = rfmSummary(h);
  try {
    return fitGammaGamma(rfm.frequency, rfm.monetaryValue).params;
  } catch (e) {
    if (e instanceof RangeError) return null;
    throw e;
  }
}

/** Gamma-Gamma's expected amount per purchase of every customer of `h`. */
export function gammaGammaSpend(p: GammaGammaParams, h: Histories): Float64Array {
  const rfm = rfmSummary(h);
  return Float64Array.from(rfm.frequency, (x, c) => gammaGammaExpectedSpend(p, x, rfm.monetaryValue[c]));
}

/** Each customer of `inner`'s mean amount in (inner cut-off, calibration cut-off]; NaN without a purchase there. */
function windowMeans(inner: Histories, calibration: Histories): Float64Array {
  const index = new Map(calibration.ids.map((id, c) => [id, c]));
  return Float64Array.from(inner.ids, (id) => {
    const c = index.get(id)!;
    let [n, sum] = [0, 0];
    for (let i = calibration.start[c]; i < calibration.start[c + 1]; i++) if (calibration.day[i] > inner.cutoffDay) [n, sum] = [n + 1, sum + calibration.amount[i]];
    return n > 0 ? sum / n : NaN;
  });
}

/**
 * `innerNetwork`: the amount network trained on purchases up to inner's cut-off (null without one);
 * `inner`: the calibration histories cut at the validation window's start. Null when neither model
 * can be scored (no amounts, or no buyer in the window).
 */
export function chooseAmountModel(innerNetwork: AmountModel | null, inner: Histories, calibration: Histories): AmountChoice | null {
  if (!calibration.hasAmount) return null;
  const actual = windowMeans(inner, calibration);
  const buyers = [...actual.keys()].filter((c) => !Number.isNaN(actual[c]));
  if (!buyers.length) return null;
  const rmseOf = (perPurchase: ArrayLike<number> | null) =>
    perPurchase ? countMetrics(Float64Array.from(buyers, (c) => perPurchase[c]), Float64Array.from(buyers, (c) => actual[c])).rmse : null;
  const innerGammaGamma = fitGammaGammaOn(inner);
  const rmse: AmountChoice['rmse'] = {
    conv1dLstm: rmseOf(innerNetwork && chainAmounts(innerNetwork, inner, inner.ids.map(() => []), inner.cutoffDay).map((a) => a[0])),
    gammaGamma: rmseOf(innerGammaGamma && gammaGammaSpend(innerGammaGamma, inner)),
  };
  const gammaGamma = fitGammaGammaOn(calibration);
  const networkWins = rmse.conv1dLstm !== null && (rmse.gammaGamma === null || rmse.conv1dLstm <= rmse.gammaGamma || !gammaGamma);
  if (rmse.conv1dLstm === null && (rmse.gammaGamma === null || !gammaGamma)) return null;
  return { chosen: networkWins ? 'conv1dLstm' : 'gammaGamma', rmse, buyers: buyers.length, windowDays: calibration.cutoffDay - inner.cutoffDay, gammaGamma };
}
