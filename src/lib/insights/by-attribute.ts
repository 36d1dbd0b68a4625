// Value by attribute level: for each level of a customer attribute (a numeric one in quartiles),
// its customers, their predicted value with an 80% interval (customers independent: the variances of
// their own intervals add up), and their mean P(alive).
import type { AttributeColumn } from '../data/attributes';
import { Z80, varianceOf80 } from '../pipeline/headline';
import { valueOf, type Joined } from './customers';

export interface LevelRow {
  level: string;
  customers: number;
  value: number;
  low: number;
  high: number;
  meanAlive: number;
}

export const NO_VALUE = 'no value';

/** Each dataset customer's group (index into `names`, -1 for none) under an attribute. */
export function groupsOf(column: AttributeColumn): { names: string[]; group: Int32Array } {
  if (column.kind === 'categorical') return { names: column.levels, group: column.codes };
  const present = Float64Array.from(column.values.filter((v) => !Number.isNaN(v))).sort();
  const q = (f: number) => present[Math.min(present.length - 1, Math.floor(f * present.length))];
  const edges = [q(0.25), q(0.5), q(0.75)].filter((e, i, a) => i === 0 || e > a[i - 1]);
  const bounds = [present[0], ...edges, present[present.length - 1]];
  const names = bounds.slice(0, -1).map((lo, i) => `${i === 0 ? '' : '> '}${lo} – ${bounds[i + 1]}`);
  const group = Int32Array.from(column.values, (v) => (Number.isNaN(v) ? -1 : edges.filter((e) => v > e).length));
  return { names, group };
}

export function valueByAttribute(j: Joined, column: AttributeColumn): LevelRow[] {
  const { names, group } = groupsOf(column);
  const c = j.prediction.customers;
  const value = valueOf(j.prediction);
  const [low, high] = j.prediction.hasAmount ? [c.clvLow, c.clvHigh] : [c.purchasesLow, c.purchasesHigh];
  const n = names.length + 1;
  const [customers, sum, variance, alive] = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  for (let i = 0; i < c.id.length; i++) {
    const g = group[j.datasetIndex[i]];
    const k = g < 0 ? names.length : g;
    customers[k]++;
    sum[k] += value[i];
    variance[k] += varianceOf80(low[i], high[i]);
    alive[k] += c.pAlive[i];
  }
  return [...names, NO_VALUE]
    .map((level, k) => ({ level, customers: customers[k], value: sum[k], low: Math.max(0, sum[k] - Z80 * Math.sqrt(variance[k])), high: sum[k] + Z80 * Math.sqrt(variance[k]), meanAlive: customers[k] ? alive[k] / customers[k] : NaN }))
    .filter((r) => r.customers > 0);
}
