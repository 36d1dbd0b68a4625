// The dataset builder against a plain reference: rows in any order (and long runs of one customer out
// of order) merge into the same purchases, sorted by customer (first appearance) and day, with
// same-day amounts added in row order and days that returns bring to zero or below left out.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DatasetBuilder } from '../../src/lib/data/dataset';
import { IdTable } from '../../src/lib/data/id-table';

type Row = [string, number, number];

function reference(rows: Row[]) {
  const firstSeen = new Map<string, number>();
  const days = new Map<string, { customer: string; day: number; sum: number; hadReturn: boolean }>();
  for (const [customer, day, amount] of rows) {
    if (!firstSeen.has(customer)) firstSeen.set(customer, firstSeen.size);
    const key = `${customer}\u0001${day}`;
    const d = days.get(key) ?? { customer, day, sum: 0, hadReturn: false };
    d.sum += amount;
    d.hadReturn ||= amount < 0;
    days.set(key, d);
  }
  const kept = [...days.values()].filter((d) => !(d.hadReturn && d.sum <= 0));
  kept.sort((a, b) => firstSeen.get(a.customer)! - firstSeen.get(b.customer)! || a.day - b.day);
  const ids = [...new Set(kept.map((d) => d.customer))].sort((a, b) => firstSeen.get(a)! - firstSeen.get(b)!);
  const starts = [0, ...ids.map((id) => kept.filter((d) => firstSeen.get(d.customer)! <= firstSeen.get(id)!).length)];
  return { ids, starts, days: kept.map((d) => d.day), amounts: kept.map((d) => d.sum) };
}

const build = (rows: Row[]) => {
  const b = new DatasetBuilder(true);
  for (const [c, d, a] of rows) b.add(c, d, a);
  const { dataset } = b.finish();
  return { ids: dataset.customerIds, starts: Array.from(dataset.customerStart), days: Array.from(dataset.purchaseDay), amounts: Array.from(dataset.purchaseAmount) };
};

describe('the dataset builder', () => {
  it('merges rows in any order as the reference does', () => {
    const row = fc.tuple(fc.constantFrom('a', 'b', 'c', 'd'), fc.integer({ min: 18_000, max: 18_010 }), fc.constantFrom(5, 2.5, 0.1, -2.5, -5, 0));
    fc.assert(fc.property(fc.array(row, { maxLength: 300 }), (rows) => {
      fc.pre(rows.some(([, , a]) => a > 0));
      expect(build(rows)).toEqual(reference(rows));
    }), { numRuns: 300 });
  });

  it('sorts a long run of one customer given in reverse', () => {
    const rows: Row[] = Array.from({ length: 500 }, (_, i) => ['x', 20_000 - i, 1 + (i % 7)]);
    rows.push(['y', 19_000, 3], ['x', 19_600, 2]);
    expect(build(rows)).toEqual(reference(rows));
  });

  it('interns ids by their characters, through the growth of the table, from ranges of a longer text', () => {
    const table = new IdTable();
    const ids = Array.from({ length: 20_000 }, (_, i) => (i % 3 ? `C${String(i).padStart(7, '0')}` : `a long customer id number ${i}`));
    const text = ids.join(',');
    let start = 0;
    ids.forEach((id, i) => {
      expect(table.indexOf(text, start, start + id.length)).toBe(i);
      start += id.length + 1;
    });
    ids.forEach((id, i) => expect(table.indexOf(id)).toBe(i));
    expect(table.ids).toEqual(ids);
    expect(table.indexOf('')).toBe(ids.length);
  });
});

