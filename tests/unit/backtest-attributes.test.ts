// The backtest of data with customer attributes (apparelTrans + apparelStaticCov): the deep pipeline
// with and without them, both scored on the holdout, and the choice made on the validation window
// inside the calibration data, with its reason. (Trained briefly: the figures are in the CLI's run.)
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readAttributes } from '../../src/lib/data/attributes';
import { parseIsoDay } from '../../src/lib/data/calendar';
import { runBacktest, type BacktestResult } from '../../src/lib/pipeline/backtest';
import { pipelineOptions, type PipelineOptions } from '../../src/lib/pipeline/options';
import { disposeModels, disposeOther, trainModelVariants } from '../../src/lib/pipeline/train';
import type { Dataset } from '../../src/lib/data/dataset';
import { importFile } from '../../src/cli/import-file';
import { fixture } from './helpers';
import { backendReady } from './tf-setup';

let r: BacktestResult;
let dataset: Dataset;
let options: PipelineOptions;
beforeAll(async () => {
  const backend = await backendReady;
  ({ dataset } = await importFile(fixture('apparelTrans.csv'), {}));
  dataset.attributes = readAttributes(readFileSync(fixture('apparelStaticCov.csv'), 'utf8'), 'apparelStaticCov.csv', dataset.customerIds);
  const quick = { epochs: 2, patience: 1 };
  options = pipelineOptions(parseIsoDay('2005-10-09')!, 180, { nextPurchase: { ...quick, units: 4, paths: 16 }, amount: quick, newcomers: quick });
  r = await runBacktest(dataset, options, backend);
}, 120_000);

describe('backtest with customer attributes', () => {
  it('scores the deep pipeline with and without them, and clv is the variant validation chose', () => {
    const a = r.attributes!;
    expect(a.names).toEqual(['Gender', 'Channel']);
    expect(typeof a.used).toBe('boolean');
    expect(r.models.clvAttributes?.purchases.rmse).toBeGreaterThan(0);
    expect(r.models.clvNoAttributes?.purchases.rmse).toBeGreaterThan(0);
    expect(r.models.clv).toEqual(a.used ? r.models.clvAttributes : r.models.clvNoAttributes);
  });

  it('records both variants\' validation figures and the reason, which quotes them', () => {
    const { validation, reason, used } = r.attributes!;
    expect(validation.windowDays).toBe(84);
    const [without, withAttributes] = [validation.without!, validation.with!];
    expect(without.lstm.actual).toBe(withAttributes.lstm.actual);
    const rmse = (s: typeof without) => (s.blend ?? s.lstm).rmse.toFixed(3);
    expect(reason).toContain(`RMSE ${rmse(withAttributes)} with the attributes (Gender, Channel) and ${rmse(without)} without`);
    expect(reason).toMatch(used ? /the models use them\.$/ : /the models do not use them\.$/);
    expect(JSON.parse(JSON.stringify(r)).attributes).toEqual(r.attributes);
  });

  it('fits the blend\'s classic models once for both variants: they blend with the same fits', async () => {
    const { models, other } = await trainModelVariants(dataset, options);
    try {
      expect(other!.stacking!.classic).toBe(models.stacking!.classic);
      expect(other!.stacking!.season).toBe(models.stacking!.season);
      expect(other!.nextPurchase).not.toBe(models.nextPurchase);
    } finally {
      disposeOther(other!);
      disposeModels(models);
    }
  }, 60_000);
});
