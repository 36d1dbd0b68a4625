// The forecast feeds its own predicted purchases back into the next-purchase network: every input it
// gives the network must stay inside the range the network was trained on (issue 17: inputs that grew
// with time drifted out of it and inflated forecast totals). Checked on CDNOW_sample over a long horizon,
// where heavy buyers pass any count and silent customers any gap seen in training.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { parseIsoDay } from '../../src/lib/data/calendar';
import { importSources } from '../../src/lib/data/importer';
import { inspectSource } from '../../src/lib/data/inspect';
import { EVENT_FEATURES, buildEventSequences } from '../../src/lib/features/events';
import { historiesUpTo, type Histories } from '../../src/lib/features/histories';
import { fitLogScaler, scaleLog } from '../../src/lib/features/scaler';
import * as cell from '../../src/lib/models/next-purchase/cell';
import { encode, simulatePaths } from '../../src/lib/models/next-purchase/forecast';
import { NEXT_PURCHASE_DEFAULTS } from '../../src/lib/models/next-purchase/meta';
import { disposeNetwork, trainNextPurchase } from '../../src/lib/models/next-purchase/train';
import { fileSource, fixture } from './helpers';
import { backendReady } from './tf-setup';

/** Every input row (first EVENT_FEATURES columns of xh) the cell steps, recorded as per-column min and max. */
const seen = { min: new Float64Array(EVENT_FEATURES).fill(Infinity), max: new Float64Array(EVENT_FEATURES).fill(-Infinity) };
vi.mock('../../src/lib/models/next-purchase/cell', async (original) => {
  const actual = await original<typeof cell>();
  return {
    ...actual,
    cellStep: (c: cell.Cell, xh: Float32Array, state: Float32Array, n: number) => {
      const width = c.inputs + c.units;
      for (let r = 0; r < n; r++)
        for (let j = 0; j < EVENT_FEATURES; j++) {
          const v = xh[r * width + j];
          seen.min[j] = Math.min(seen.min[j], v);
          seen.max[j] = Math.max(seen.max[j], v);
        }
      return actual.cellStep(c, xh, state, n);
    },
  };
});

let h: Histories;
beforeAll(async () => {
  await backendReady;
  const source = fileSource(fixture('CDNOW_sample.txt'));
  const { dataset } = await importSources([source], (await inspectSource(source)).options);
  h = historiesUpTo(dataset, parseIsoDay('1997-09-30')!);
});

describe('forecast inputs', () => {
  it('stay inside the range of the inputs the network trained on, over a forecast of two years', async () => {
    // Trained briefly and at a high rate: the weights do not matter here, only what the forecast feeds back.
    const model = await trainNextPurchase(h, 60, { ...NEXT_PURCHASE_DEFAULTS, units: 4, epochs: 1, patience: 1, learningRate: 0.05 });
    try {
      const trained = buildEventSequences(h, model.gapScaler);
      const range = { min: new Float64Array(EVENT_FEATURES).fill(Infinity), max: new Float64Array(EVENT_FEATURES).fill(-Infinity) };
      for (let r = 0; r < trained.x.length / trained.width; r++)
        for (let j = 0; j < EVENT_FEATURES; j++) {
          const v = trained.x[r * trained.width + j];
          range.min[j] = Math.min(range.min[j], v);
          range.max[j] = Math.max(range.max[j], v);
        }
      const f = simulatePaths(model, encode(model, h), { paths: 20, seed: 3, ids: h.ids, horizonDays: 730, cutoffDay: h.cutoffDay, amountOf: () => NaN, dailyDiscount: 1 });
      // The forecast did reach past training: paths in which a customer's purchases, with those before, outnumber the most any customer made in it.
      const counts = h.ids.map((_, c) => h.start[c + 1] - h.start[c]);
      expect(Math.max(...counts.map((n, c) => n + f.high[c]))).toBeGreaterThan(Math.max(...counts));
      for (let j = 0; j < EVENT_FEATURES; j++) {
        expect(seen.min[j], `input ${j}`).toBeGreaterThanOrEqual(range.min[j] - 1e-6);
        expect(seen.max[j], `input ${j}`).toBeLessThanOrEqual(range.max[j] + 1e-6);
      }
    } finally {
      disposeNetwork(model.network);
    }
  });

  it('a log scaler scales values beyond those it was fitted on as its largest', () => {
    const s = fitLogScaler([1, 10, 100]);
    expect(s.max).toBe(100);
    expect(scaleLog(s, 1e6)).toBe(scaleLog(s, 100));
    expect(scaleLog(s, 50)).toBeLessThan(scaleLog(s, 100));
    // Scalers saved before the bound existed scale as before.
    expect(scaleLog({ mean: s.mean, std: s.std }, 1e6)).toBeGreaterThan(scaleLog(s, 100));
  });
});
