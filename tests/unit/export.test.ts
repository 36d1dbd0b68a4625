import { describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../src/lib/data/calendar';
import { csvCell, originalSchemaLines, predictionCsvLines } from '../../src/lib/pipeline/export';
import type { ClvPrediction } from '../../src/lib/pipeline/result';
import { tinyDataset } from './features.test';

const D = (d: number) => dayFromCivil(2021, 3, d);

function prediction(): ClvPrediction {
  const f = (...v: number[]) => Float64Array.from(v);
  return {
    cutoffDay: D(10),
    horizonDays: 3,
    orderCount: 5,
    hasAmount: true,
    customers: {
      id: ['=cmd|calc', 'b,"x"'],
      segment: ['newcomer', 'at risk'],
      purchases: Int32Array.of(2, 1),
      frequency: Int32Array.of(1, 0),
      recencyDays: f(4, 0),
      TDays: f(9, 5),
      monetaryValue: f(12.5, 0),
      pActive: f(0.8, 0.01),
      pAlive: f(0.9, 0.05),
      pWeek: f(0.3, 0.001),
      spent: f(25, 3),
      expectedPurchases: f(1.2, 0.01),
      purchasesLow: f(0, 0),
      purchasesHigh: f(2, 0),
      clv: f(15, 0.1),
      clvLow: f(0, 0),
      clvHigh: f(25, 0),
      dates: [[D(12)], []],
      amounts: [[12.345], []],
      reason: [null, 'one purchase, 5 days before the cut-off'],
    },
    daily: { day: Int32Array.of(D(11), D(12), D(13)), engagedPurchases: f(0.1, 1, 0.1), engagedRevenue: f(1, 12, 1), newcomerArrivals: f(0, 2, 0), newcomerRevenue: f(0, 40, 0) },
    newcomers: { expectedArrivals: 2, expectedRevenue: 40, firstAmount: null },
    training: [],
  };
}

describe('exports', () => {
  it('defuses formula-leading text and quotes CSV specials, leaving numbers alone', () => {
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell('@x')).toBe("'@x");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell(-2.5)).toBe('-2.5');
    expect(csvCell(NaN)).toBe('');
    expect(csvCell(null)).toBe('');
  });

  it('writes one row per customer, id first', () => {
    const lines = [...predictionCsvLines(prediction())];
    expect(lines[0].startsWith('customer_id,segment,purchases')).toBe(true);
    expect(lines[0]).toBe('customer_id,segment,purchases,frequency,recency_days,T_days,monetary_value,spent,p_active,p_alive,p_buy_7_days,expected_purchases,purchases_low,purchases_high,clv,clv_low,clv_high,predicted_dates,predicted_amounts,reason');
    expect(lines[1]).toBe("'=cmd|calc,newcomer,2,1,4,9,12.5,25,0.8,0.9,0.3,1.2,0,2,15,0,25,2021-03-12,12.35,");
    // A run saved before spent and P(buy in 7 days) existed: those cells are empty.
    const old = prediction();
    delete old.customers.spent;
    delete old.customers.pWeek;
    expect([...predictionCsvLines(old)][1]).toBe("'=cmd|calc,newcomer,2,1,4,9,12.5,,0.8,0.9,,1.2,0,2,15,0,25,2021-03-12,12.35,");
    expect(lines[2].startsWith('"b,""x""",at risk')).toBe(true);
    expect(lines[2].endsWith(',one purchase, 5 days before the cut-off'.replace(',one', ',"one') + '"')).toBe(true);
  });

  it("writes the original product's result schema with actual, predicted and newcomer rows", () => {
    const dataset = tinyDataset([['=cmd|calc', D(1), 10], ['=cmd|calc', D(5), 15], ['b,"x"', D(5), 3], ['=cmd|calc', D(20), 99]]);
    expect([...originalSchemaLines(prediction(), dataset)]).toEqual([
      'data_type,customer,date,amount,order_seq_num',
      "actual,'=cmd|calc,2021-03-01,10,1",
      "actual,'=cmd|calc,2021-03-05,15,2",
      "prediction,'=cmd|calc,2021-03-12,12.345,3",
      'actual,"b,""x""",2021-03-05,3,1',
      'prediction,newcomers,2021-03-12,40,',
    ]);
  });
});
