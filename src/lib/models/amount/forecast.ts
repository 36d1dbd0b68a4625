// The amount of each predicted purchase, chained: the window for the k-th future purchase ends with
// the (k-1)-th predicted date and amount, so a predicted amount fed back changes the next one.
import { AMOUNT_FEATURES, writeAmountWindow, type PastPurchase } from '../../features/amount-windows';
import type { Histories } from '../../features/histories';
import { predictAmounts, type AmountModel } from './model';

/** amounts[customer][k] for the k-th predicted date of each customer (at least one, for later paths). */
export function chainAmounts(model: AmountModel, h: Histories, dates: number[][], cutoffDay: number): Float64Array[] {
  const customers = h.ids.length;
  const past: PastPurchase[][] = Array.from({ length: customers }, (_, c) => {
    const out: PastPurchase[] = [];
    for (let i = h.start[c]; i < h.start[c + 1]; i++) out.push({ day: h.day[i], amount: h.amount[i] });
    return out;
  });
  const steps = dates.map((d) => Math.max(d.length, 1));
  const amounts = steps.map((n) => new Float64Array(n));
  const maxSteps = steps.reduce((m, n) => Math.max(m, n), 0);
  for (let k = 0; k < maxSteps; k++) {
    const batch = steps.map((n, c) => (n > k ? c : -1)).filter((c) => c >= 0);
    const x = new Float32Array(batch.length * model.window * AMOUNT_FEATURES);
    batch.forEach((c, i) => writeAmountWindow(x, i * model.window * AMOUNT_FEATURES, past[c], model.window, model.scalers));
    const predicted = predictAmounts(model, x, batch.length);
    batch.forEach((c, i) => {
      amounts[c][k] = predicted[i];
      past[c].push({ day: dates[c][k] ?? cutoffDay + 1, amount: predicted[i] });
    });
  }
  return amounts;
}
