// Segments by P(alive) (ALIVE_DEFINITION: the same that decides who is at risk) and value: four groups with their sizes and predicted value,
// and the distribution of customer values as a histogram (linear or log10 bins).
import type { ClvPrediction } from '../pipeline/result';
import { valueOf } from './customers';

export interface SegmentRow {
  name: string;
  description: string;
  customers: number;
  value: number;
}

/** `byValue`: customers by value, highest first, when already known (it saves a sort). */
export function valueSegments(p: ClvPrediction, byValue?: Int32Array): SegmentRow[] {
  const value = valueOf(p);
  const n = value.length;
  const median = n === 0 ? 0 : byValue ? value[byValue[n - 1 - ((n - 1) >> 1)]] : [...value].sort((a, b) => a - b)[(n - 1) >> 1];
  const rows: SegmentRow[] = [
    { name: 'Loyal, high value', description: 'P(alive) 50% or more, value above the median', customers: 0, value: 0 },
    { name: 'At risk, high value', description: 'P(alive) below 50%, value above the median: worth winning back', customers: 0, value: 0 },
    { name: 'Active, low value', description: 'P(alive) 50% or more, value at or below the median', customers: 0, value: 0 },
    { name: 'At risk, low value', description: 'P(alive) below 50%, value at or below the median', customers: 0, value: 0 },
  ];
  for (let c = 0; c < value.length; c++) {
    const row = rows[(p.customers.pAlive[c] < 0.5 ? 1 : 0) + (value[c] > median ? 0 : 2)];
    row.customers++;
    row.value += value[c];
  }
  return rows;
}

export interface Histogram {
  /** Bin edges: bins + 1 values. */
  edges: number[];
  counts: number[];
  log: boolean;
}

/** Histogram of positive values; on the log scale, values of 0 are counted apart (`zeros`). */
export function histogram(values: ArrayLike<number>, bins: number, log: boolean): Histogram & { zeros: number } {
  // Two passes without a per-value allocation: 100,000 customers must bin well within a frame.
  const scaled = new Float64Array(values.length);
  let [n, zeros, lo, hi] = [0, 0, Infinity, -Infinity];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v > 0)) {
      zeros += Number.isFinite(v) ? 1 : 0;
      continue;
    }
    const x = log ? Math.log10(v) : v;
    scaled[n++] = x;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  if (!n) return { edges: [0, 1], counts: [0], log, zeros };
  const min = log ? lo : 0;
  const width = (hi - min) / bins || 1;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++) counts[Math.min(bins - 1, Math.floor((scaled[i] - min) / width))]++;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (log ? 10 ** (min + i * width) : min + i * width));
  // On the linear scale the zeros are the first bin's: they are values, not missing ones.
  if (!log) counts[0] += zeros;
  return { edges, counts, log, zeros: log ? zeros : 0 };
}
