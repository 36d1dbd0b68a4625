// The RFM summary in lifetimes' vocabulary: frequency (repeat purchases), recency (days from first to
// last purchase), T (days from first purchase to the cut-off), monetary value (mean repeat amount).
import type { Histories } from './histories';

export interface Rfm {
  frequency: Int32Array;
  recencyDays: Float64Array;
  TDays: Float64Array;
  /** Mean amount of the repeat purchases (0 without repeats, NaN without amounts). */
  monetaryValue: Float64Array;
}

/** Each customer's own purchase rate so far, over `days`: repeat purchases / T (0 for T = 0). */
export const ownRateForecast = (rfm: Rfm, days: number): Float64Array => Float64Array.from(rfm.frequency, (x, c) => (rfm.TDays[c] > 0 ? (x / rfm.TDays[c]) * days : 0));

export function rfmSummary(h: Histories): Rfm {
  const n = h.ids.length;
  const out: Rfm = { frequency: new Int32Array(n), recencyDays: new Float64Array(n), TDays: new Float64Array(n), monetaryValue: new Float64Array(n) };
  for (let c = 0; c < n; c++) {
    const [s, e] = [h.start[c], h.start[c + 1]];
    out.frequency[c] = e - s - 1;
    out.recencyDays[c] = h.day[e - 1] - h.day[s];
    out.TDays[c] = h.cutoffDay - h.day[s];
    let sum = 0;
    for (let i = s + 1; i < e; i++) sum += h.amount[i];
    out.monetaryValue[c] = !h.hasAmount ? NaN : e - s > 1 ? sum / (e - s - 1) : 0;
  }
  return out;
}
