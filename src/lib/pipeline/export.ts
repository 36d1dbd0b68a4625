// Exports of a prediction: our per-customer CSV, and the original product's result schema
// (data_type, customer, date, amount, order_seq_num, with `newcomers` rows). Text cells that start
// with = + - @ are prefixed with ' so that spreadsheets do not run them as formulas.
import { formatDay } from '../data/calendar';
import { customerIndex, type Dataset } from '../data/dataset';
import type { ClvPrediction } from './result';

type Cell = string | number | null;

/** One CSV cell: numbers as they are (NaN empty), text quoted when needed and defused. */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(Math.round(value * 1e6) / 1e6) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvLine = (cells: Cell[]) => cells.map(csvCell).join(',');

export const PREDICTION_COLUMNS = [
  'customer_id', 'segment', 'purchases', 'frequency', 'recency_days', 'T_days', 'monetary_value', 'spent', 'p_active', 'p_alive', 'p_buy_7_days',
  'expected_purchases', 'purchases_low', 'purchases_high', 'clv', 'clv_low', 'clv_high', 'predicted_dates', 'predicted_amounts', 'reason',
];

export function* predictionCsvLines(p: ClvPrediction): Generator<string> {
  const c = p.customers;
  yield PREDICTION_COLUMNS.join(',');
  for (let i = 0; i < c.id.length; i++) {
    yield csvLine([
      // spent and p_buy_7_days are empty for runs saved before they existed.
      c.id[i], c.segment[i], c.purchases[i], c.frequency[i], c.recencyDays[i], c.TDays[i], c.monetaryValue[i], c.spent?.[i] ?? null, c.pActive[i], c.pAlive[i], c.pWeek?.[i] ?? null,
      c.expectedPurchases[i], c.purchasesLow[i], c.purchasesHigh[i], c.clv[i], c.clvLow[i], c.clvHigh[i],
      c.dates[i].map(formatDay).join(' '), c.amounts[i].map((a) => Math.round(a * 100) / 100).join(' '), c.reason[i],
    ]);
  }
}

/** The original's schema: actual purchases up to the cut-off, predicted ones, and daily newcomer rows. */
export function* originalSchemaLines(p: ClvPrediction, dataset: Dataset): Generator<string> {
  yield 'data_type,customer,date,amount,order_seq_num';
  const index = customerIndex(dataset);
  for (let i = 0; i < p.customers.id.length; i++) {
    const id = p.customers.id[i];
    const c = index.get(id)!;
    let seq = 0;
    for (let k = dataset.customerStart[c]; k < dataset.customerStart[c + 1] && dataset.purchaseDay[k] <= p.cutoffDay; k++) {
      yield csvLine(['actual', id, formatDay(dataset.purchaseDay[k]), dataset.purchaseAmount[k], ++seq]);
    }
    for (let k = 0; k < p.customers.dates[i].length; k++) {
      yield csvLine(['prediction', id, formatDay(p.customers.dates[i][k]), p.customers.amounts[i][k], ++seq]);
    }
  }
  for (let d = 0; d < p.horizonDays; d++) {
    if (p.daily.newcomerArrivals[d] >= 0.005) yield csvLine(['prediction', 'newcomers', formatDay(p.daily.day[d]), p.daily.newcomerRevenue[d], null]);
  }
}
