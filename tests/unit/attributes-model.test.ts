// The next-purchase network with customer attributes as static inputs: it trains, learns an effect
// the attribute really has, and a model saved with attributes refuses data without them, by name.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AttributeColumn } from '../../src/lib/data/attributes';
import type { Dataset } from '../../src/lib/data/dataset';
import { attributeInputs, fitAttributeSchema, rowsOf } from '../../src/lib/features/attribute-inputs';
import { historiesUpTo } from '../../src/lib/features/histories';
import { encode } from '../../src/lib/models/next-purchase/forecast';
import { medianGapAfter } from '../../src/lib/models/next-purchase/hazard';
import { NEXT_PURCHASE_DEFAULTS } from '../../src/lib/models/next-purchase/meta';
import { disposeNetwork, trainNextPurchase } from '../../src/lib/models/next-purchase/train';
import { chooseAttributes } from '../../src/lib/pipeline/attribute-choice';
import { checkFits, saveModels } from '../../src/lib/pipeline/saved';
import type { TrainedModels } from '../../src/lib/pipeline/train';
import { seededRandom } from '../../src/lib/util/random';
import { tinyDataset } from './features.test';
import { backendReady } from './tf-setup';

const CUTOFF = 400;
type Categorical = Extract<AttributeColumn, { kind: 'categorical' }>;
/** 300 customers; those of segment "fast" buy every ~6 days, the others every ~90, from a random first day. */
function segmentData(): { dataset: Dataset; segment: Categorical } {
  const random = seededRandom(5);
  const rows: [string, number, number][] = [];
  const codes: number[] = [];
  for (let c = 0; c < 300; c++) {
    const fast = c % 2;
    codes.push(fast);
    let day = Math.floor(random() * 300);
    for (let k = 0; k < 6 && day <= CUTOFF; k++) {
      rows.push([`c${c}`, day, 10]);
      day += Math.max(1, Math.round((fast ? 6 : 90) * (0.5 + random())));
    }
  }
  return { dataset: tinyDataset(rows), segment: { name: 'Segment', kind: 'categorical', levels: ['slow', 'fast'], pooled: 0, codes: Int32Array.from(codes) } };
}

let data: ReturnType<typeof segmentData>;
beforeAll(async () => {
  await backendReady;
  data = segmentData();
});

describe('next-purchase network with customer attributes', () => {
  it('trains with them, frees its tensors, and learns the gap each segment really has', async () => {
    const { dataset, segment } = data;
    const h = historiesUpTo(dataset, CUTOFF);
    const schema = fitAttributeSchema([segment], rowsOf(dataset.customerIds, h.ids));
    const inputs = attributeInputs(schema, dataset.customerIds, [segment]);
    const before = tf.memory().numTensors;
    const model = await trainNextPurchase(h, 60, { ...NEXT_PURCHASE_DEFAULTS, units: 8, epochs: 10, patience: 10, batchSize: 64, learningRate: 0.02 }, {}, inputs);
    try {
      expect(model.attributes).toEqual(schema);
      expect(model.network.train.inputs[0].shape).toEqual([null, null, 9 + 3]);
      // Two new customers with the same single purchase, one of each segment: only the attribute differs.
      const newcomers = tinyDataset([['new-slow', CUTOFF - 1, 10], ['new-fast', CUTOFF - 1, 10]]);
      const column: AttributeColumn = { ...segment, codes: Int32Array.of(0, 1) };
      const nh = historiesUpTo(newcomers, CUTOFF);
      const start = encode(model, nh, attributeInputs(schema, newcomers.customerIds, [column]).of(nh.ids));
      const [slow, fast] = start.distribution.map((d) => medianGapAfter(d, 1));
      expect(fast * 2.5).toBeLessThan(slow);
      expect(() => encode(model, nh)).toThrow('takes 3 static inputs per customer, given 0');
    } finally {
      disposeNetwork(model.network);
    }
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);

  it('a saved model with attributes refuses data that lacks one, naming it', async () => {
    const { dataset, segment } = data;
    const h = historiesUpTo(dataset, CUTOFF);
    const schema = fitAttributeSchema([segment], rowsOf(dataset.customerIds, h.ids));
    const model = await trainNextPurchase(h, 60, { ...NEXT_PURCHASE_DEFAULTS, units: 4, epochs: 1, patience: 1 }, {}, attributeInputs(schema, dataset.customerIds, [segment]));
    try {
      const models: TrainedModels = { cutoffDay: CUTOFF, orderCount: 2, hasAmount: true, nextPurchase: model, amount: null, arrivals: null, firstAmount: null, amountChoice: null, stacking: null, training: [], notes: [] };
      const saved = JSON.parse(JSON.stringify({ ...(await saveModels(models)), nextPurchase: { ...(await saveModels(models)).nextPurchase, artifacts: null } }));
      expect(saved.nextPurchase.attributes).toEqual(schema);
      const attributes = { fileName: 'a.csv', idColumn: 'id', report: { rows: 0, matched: 0, withoutAttributes: 0, exampleWithoutAttributes: [], withoutTransactions: 0, exampleWithoutTransactions: [], repeated: 0 } };
      expect(() => checkFits(saved, dataset, CUTOFF)).toThrow('The saved model cannot predict this data: it was trained with the attribute "Segment", which this data does not have');
      expect(() => checkFits(saved, { ...dataset, attributes: { ...attributes, columns: [{ ...segment, name: 'Region' }] } }, CUTOFF)).toThrow('"Segment"');
      expect(() => checkFits(saved, { ...dataset, attributes: { ...attributes, columns: [segment] } }, CUTOFF)).not.toThrow();
    } finally {
      disposeNetwork(model.network);
    }
  }, 30_000);
});

describe('the choice with or without attributes', () => {
  const score = (rmse: number) => ({ blend: { mae: 0, rmse, spearman: 0.5, predicted: 10, actual: 10, totalErrorPct: 0 }, lstm: { mae: 0, rmse: rmse + 1, spearman: 0.4, predicted: 9, actual: 10, totalErrorPct: -10 } });
  it('keeps them only when they lower the validation RMSE by more than 1%, and says why', () => {
    const kept = chooseAttributes(['Gender', 'Channel'], 84, score(1), score(0.9));
    expect(kept.used).toBe(true);
    expect(kept.reason).toBe("The blend's forecast of the 84-day validation window inside the calibration data had RMSE 0.900 with the attributes (Gender, Channel) and 1.000 without: 10.0% better, more than the 1.0% it takes: the models use them.");
    expect(chooseAttributes(['Gender'], 84, score(1), score(0.995))).toMatchObject({ used: false, reason: expect.stringContaining('only 0.5% better, not more than the 1.0% it takes: the models do not use them') });
    expect(chooseAttributes(['Gender'], 84, score(1), score(1.2))).toMatchObject({ used: false, reason: expect.stringContaining('20.0% worse') });
    expect(chooseAttributes(['Gender'], 84, score(1), null)).toMatchObject({ used: false, validation: { with: null } });
  });
});
