// The backtest on CDNOW_sample reproduces the reference results of evaluation.md for the classic
// models, and writes the JSON contract other tools read. (The deep model trains briefly here; its
// figures are in docs/accuracy.md.)
import { beforeAll, describe, expect, it } from 'vitest';
import { parseIsoDay } from '../../src/lib/data/calendar';
import { runBacktest, type BacktestResult } from '../../src/lib/pipeline/backtest';
import { pipelineOptions } from '../../src/lib/pipeline/options';
import { importFile } from '../../src/cli/import-file';
import { fixture } from './helpers';
import { backendReady } from './tf-setup';

let r: BacktestResult;
/** Computed once with the formulas of bgnbd.ts and pareto-nbd.ts, which a unit test checks against a simulation. */
const [BGNBD_BRIER, PARETO_NBD_BRIER] = [0.1612, 0.1619];
const BUYERS = 684;
const GAMMA_GAMMA_SPEND_ERROR = '-3.9';
beforeAll(async () => {
  const backend = await backendReady;
  const { dataset } = await importFile(fixture('CDNOW_sample.txt'), {});
  const quick = { epochs: 2, patience: 1 };
  r = await runBacktest(dataset, pipelineOptions(parseIsoDay('1997-09-30')!, 273, { nextPurchase: quick, amount: quick, newcomers: quick }), backend);
}, 300_000);

describe('backtest on CDNOW_sample (E = 1997-09-30, H = 273)', () => {
  it('counts the cohort and the holdout as the reference does', () => {
    expect(r.data).toEqual({ rows: 6919, customers: 2357, cohortCustomers: 2357, calibrationEnd: '1997-09-30', holdoutDays: 273 });
    expect(r.models.naive!.purchases.actual).toBe(1882);
    // Without customer attributes there is one deep pipeline, and no choice to record.
    expect(Object.keys(r.models)).toEqual(['clv', 'lstm', 'bgnbd', 'paretoNbd', 'naive']);
    expect(r.attributes).toBeUndefined();
    expect(Math.round(r.models.naive!.spend!.actual)).toBe(70_976);
    // A closed cohort: everyone came in the first quarter of 1997, so no newcomer comes in the holdout;
    // the arrivals model knows it (no arrival for 8 weeks), the naive forecast repeats the 2,357 arrivals of the 273 days before.
    expect(r.newcomers).toEqual({ predictedPurchases: 0, actualPurchases: 0, predictedSpend: 0, actualSpend: 0, actualArrivals: 0, naiveArrivals: 2357 });
  });

  it('reproduces the reference BG/NBD, Pareto/NBD and naive figures', () => {
    const close = (x: number, y: number, d = 3) => expect(x.toFixed(d)).toBe(y.toFixed(d));
    const bg = r.models.bgnbd!;
    close(bg.purchases.mae, 0.785);
    close(bg.purchases.rmse, 1.608);
    close(bg.purchases.spearman!, 0.449);
    expect(Math.round(bg.purchases.predicted)).toBe(1653);
    close(bg.purchases.totalErrorPct, -12.1, 1);
    close(bg.spend!.gini!, 0.638);
    expect(Math.round(bg.spend!.predicted / 1000)).toBe(60);
    close(bg.spend!.totalErrorPct, -15.6, 1);
    const pn = r.models.paretoNbd!;
    close(pn.purchases.mae, 0.755);
    close(pn.purchases.rmse, 1.603);
    expect(Math.round(pn.purchases.predicted)).toBe(1666);
    const naive = r.models.naive!;
    close(naive.purchases.mae, 1.024);
    close(naive.purchases.rmse, 2.212);
    expect(Math.round(naive.purchases.predicted)).toBe(2930);
  });

  it('has the JSON shape of the contract for every model', () => {
    const json = JSON.parse(JSON.stringify(r));
    for (const m of ['clv', 'lstm', 'bgnbd', 'paretoNbd', 'naive']) {
      expect(Object.keys(json.models[m].purchases).sort()).toEqual(['actual', 'mae', 'predicted', 'rmse', 'spearman', 'totalErrorPct']);
      expect(Object.keys(json.models[m].spend).sort()).toEqual(['actual', 'gini', 'mae', 'predicted', 'rmse', 'spearman', 'totalErrorPct']);
      expect(Object.keys(json.models[m].active).sort()).toEqual(['auc', 'brier', 'logLoss']);
      expect(json.models[m].deciles.purchases).toHaveLength(10);
      expect(json.models[m].deciles.active).toHaveLength(10);
    }
    expect(json.backend).toBe('wasm');
    expect(json.timingsMs.total).toBeGreaterThan(0);
  });

  it('scores who buys at all: the classic models from their formulas, better than chance', () => {
    const close = (x: number, y: number, d = 4) => expect(x.toFixed(d)).toBe(y.toFixed(d));
    close(r.models.bgnbd!.active!.brier, BGNBD_BRIER);
    close(r.models.paretoNbd!.active!.brier, PARETO_NBD_BRIER);
    for (const m of ['clv', 'lstm', 'bgnbd', 'paretoNbd', 'naive'] as const) {
      const s = r.models[m]!;
      // The LSTM alone trains for two epochs here: it is not expected to rank yet.
      if (m !== 'lstm') expect(s.active!.auc!).toBeGreaterThan(0.7);
      if (m !== 'lstm') expect(s.active!.brier).toBeLessThan(0.22);
      // 1,882 holdout purchases by 684 of the 2,357 customers.
      const buyers = s.deciles.active!.reduce((t, d) => t + d.meanActual * d.customers, 0);
      expect(buyers).toBe(BUYERS);
      // The probability of one purchase or more never exceeds the expected count, customer by customer, so in each decile too.
      const expected = s.deciles.active!.reduce((t, d) => t + d.meanPredicted * d.customers, 0);
      expect(expected).toBeLessThanOrEqual(s.purchases.predicted + 1e-6);
    }
    // The blend's probabilities have their own weights: it is scored apart from the LSTM alone.
    expect(r.models.clv!.active!.brier).not.toBe(r.models.lstm!.active!.brier);
  });

  it('scores the amount network against Gamma-Gamma on the holdout buyers, at the purchases they made', () => {
    const a = r.amounts!;
    expect(a.buyers).toBe(BUYERS);
    for (const m of [a.conv1dLstm!, a.gammaGamma!]) {
      expect(Math.round(m.actual)).toBe(70_976);
      expect(m.rmse).toBeGreaterThanOrEqual(m.mae);
      expect(m.predicted).toBeGreaterThan(0);
    }
    // Gamma-Gamma's figures do not depend on training: fixed by the published fit.
    expect(a.gammaGamma!.totalErrorPct.toFixed(1)).toBe(GAMMA_GAMMA_SPEND_ERROR);
    // Which one the clv forecast used was chosen inside the calibration period, by its own RMSE there.
    const choice = a.choice!;
    expect(choice.buyers).toBeGreaterThan(0);
    expect(choice.windowDays).toBe(r.models.clv!.stacking!.windowDays);
    // Nine months of CDNOW hold no season to learn: the blend stays on calendar weeks.
    expect(r.models.clv!.stacking!.seasonal).toBe(false);
    // The blend mixes the models' levels: its weights of purchases and of buying at all each sum to 1.
    const w = r.models.clv!.stacking!;
    expect(w.lstm + w.bgnbd + w.paretoNbd).toBeCloseTo(1, 9);
    expect(w.active!.lstm + w.active!.bgnbd + w.active!.paretoNbd).toBeCloseTo(1, 9);
    expect(choice.chosen).toBe(choice.rmse.conv1dLstm! <= choice.rmse.gammaGamma! ? 'conv1dLstm' : 'gammaGamma');
  });

  it('tracks cumulative purchases over the holdout: actual and every model, ending at their totals', () => {
    const t = r.tracking!;
    expect(t.days[0]).toBe(0);
    expect(t.days.at(-1)).toBe(273);
    expect(t.days).toHaveLength(13);
    expect(t.actual[0]).toBe(0);
    expect(t.actual.at(-1)).toBe(1882);
    for (const m of ['clv', 'bgnbd', 'paretoNbd', 'naive'] as const) {
      const curve = t.models[m]!;
      expect(curve).toHaveLength(13);
      expect(curve.at(-1)).toBeCloseTo(r.models[m]!.purchases.predicted, 0);
      for (let i = 1; i < curve.length; i++) expect(curve[i]).toBeGreaterThanOrEqual(curve[i - 1] - 1e-9);
    }
  });
});
