// The amount model's choice on the validation window (pipeline/amount-choice.ts): what it scores, and
// when there is nothing to choose from. The choice between two trained models is in pipeline.test.ts.
import { describe, expect, it } from 'vitest';
import { historiesUpTo, truncateHistories } from '../../src/lib/features/histories';
import { chooseAmountModel, describeAmountChoice, fitGammaGammaOn, gammaGammaSpend } from '../../src/lib/pipeline/amount-choice';
import { tinyDataset } from './features.test';

const SPLIT = 100;
const CUTOFF = 150;
/** Eight customers, each with a spend level of its own; six buy again after the split day. */
const rows: [string, number, number][] = [];
for (let k = 0; k < 8; k++) {
  const level = 10 + 7 * k;
  for (let d = 5 + k; d <= SPLIT; d += 20 + k) rows.push([`c${k}`, d, level + (d % 3)]);
  if (k < 6) rows.push([`c${k}`, SPLIT + 10 + k, level * 1.5], [`c${k}`, SPLIT + 30, level * 0.5 + k]);
}
const h = historiesUpTo(tinyDataset(rows), CUTOFF);
const inner = truncateHistories(h, SPLIT);

describe('the amount model chosen on the validation window', () => {
  it('scores Gamma-Gamma, fitted before the window, against each buyer mean amount in it', () => {
    const choice = chooseAmountModel(null, inner, h)!;
    expect(choice.chosen).toBe('gammaGamma');
    expect(choice.rmse.conv1dLstm).toBeNull();
    expect(choice.buyers).toBe(6);
    expect(choice.windowDays).toBe(CUTOFF - SPLIT);
    const spend = gammaGammaSpend(fitGammaGammaOn(inner)!, inner);
    const errors = [0, 1, 2, 3, 4, 5].map((k) => {
      const level = 10 + 7 * k;
      const windowMean = (level * 1.5 + level * 0.5 + k) / 2;
      return (spend[inner.ids.indexOf(`c${k}`)] - windowMean) ** 2;
    });
    expect(choice.rmse.gammaGamma).toBeCloseTo(Math.sqrt(errors.reduce((s, e) => s + e, 0) / errors.length), 9);
    // The forecast then uses Gamma-Gamma fitted on every purchase up to the cut-off.
    expect(choice.gammaGamma).toEqual(fitGammaGammaOn(h));
    expect(describeAmountChoice(choice)).toMatch(/^Amounts come from Gamma-Gamma, chosen on the last 50 days of the calibration period \(6 buyers; Conv1D-LSTM could not be fitted, Gamma-Gamma RMSE \d+\.\d\d\)\.$/);
  });

  it('has nothing to choose without amounts, or without a buyer in the window', () => {
    expect(chooseAmountModel(null, inner, { ...h, hasAmount: false })).toBeNull();
    const quiet = historiesUpTo(tinyDataset(rows.filter((r) => r[1] <= SPLIT)), CUTOFF);
    expect(chooseAmountModel(null, truncateHistories(quiet, SPLIT), quiet)).toBeNull();
  });
});
