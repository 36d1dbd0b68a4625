// The dataset builder against a plain reference: rows in any order (and long runs of one customer out
// of order) merge into the same purchases, sorted by customer (first appearance) and day, with
// same-day amounts added in row order and days that returns bring to zero or below left out.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetBuilder } from '../../src/lib/data/dataset';
import { IdTable } from '../../src/lib/data/id-table';
import { importSources } from '../../src/lib/data/importer';
import { inspectSource } from '../../src/lib/data/inspect';
import { CHUNK_BYTES } from '../../src/lib/data/sources';
import { syntheticCsvLines } from '../../src/lib/synthetic/transactions';
import { textSource } from './helpers';

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
  const days_ = kept.map((d) => d.day);
  const histogram = new Array<number>(20).fill(0);
  for (let k = 0; k < ids.length; k++) histogram[Math.min(starts[k + 1] - starts[k], 20) - 1]++;
  const summary = {
    rows: rows.length, customers: ids.length, purchases: kept.length, firstDay: Math.min(...days_), lastDay: Math.max(...days_),
    revenue: kept.reduce((s, d) => s + d.sum, 0), purchasesPerCustomer: histogram,
  };
  return { ids, starts, days: days_, amounts: kept.map((d) => d.sum), summary };
}

const build = (rows: Row[]) => {
  const b = new DatasetBuilder(true);
  for (const [c, d, a] of rows) b.add(c, d, a);
  const { dataset } = b.finish();
  return { ids: dataset.customerIds, starts: Array.from(dataset.customerStart), days: Array.from(dataset.purchaseDay), amounts: Array.from(dataset.purchaseAmount), summary: dataset.summary };
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

  it('interns ids that come sorted, then out of order, from text and from bytes, as first appearance gives them', () => {
    const encoder = new TextEncoder();
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 5000 }), fc.constantFrom(40, 6000), fc.nat(), fc.boolean(), (draws, range, cut, bytesFirst) => {
        // A sorted run (repeats included) of any length, then the rest as it came; few ids (each
        // met again after the run) or enough to grow the table.
        const numbers = draws.map((n) => n % range);
        const k = cut % (numbers.length + 1);
        const ids = [...numbers.slice(0, k).map((n) => `C${n}`).sort(), ...numbers.slice(k).map((n) => `C${n}`)];
        const table = new IdTable();
        const first = new Map<string, number>();
        ids.forEach((id, i) => {
          if (!first.has(id)) first.set(id, first.size);
          const got = (i % 2 === 0) === bytesFirst ? table.indexOfBytes(encoder.encode(`,${id}`), 1, id.length + 1) : table.indexOf(`,${id},`, 1, id.length + 1);
          expect(got).toBe(first.get(id));
        });
        expect(table.ids).toEqual([...first.keys()]);
      }),
      { numRuns: 200 },
    );
  });
});

// Browsers free the import's spent buffers at once (release.ts, ArrayBuffer.prototype.transfer); Node 20
// has no transfer, so here it is made from structuredClone's, which detaches the same way. A buffer
// read after it was freed reads as empty, and the results would differ.
describe('with spent buffers freed at once, as in browsers', () => {
  const proto = ArrayBuffer.prototype as ArrayBuffer & { transfer?: (length?: number) => ArrayBuffer };
  const native = proto.transfer;
  let detached = 0;
  const importCsv = async (text: string) => {
    const source = textSource(text);
    const { options } = await inspectSource(source);
    return importSources([source], options);
  };
  const csv = [...syntheticCsvLines({ rows: 40_000 })].join('\n') + '\n';
  let before: Awaited<ReturnType<typeof importCsv>>;

  beforeAll(async () => {
    before = await importCsv(csv);
    proto.transfer = function (this: ArrayBuffer, length = this.byteLength) {
      const copy = this.slice(0, length);
      structuredClone(this, { transfer: [this] });
      detached++;
      return copy;
    };
  });
  afterAll(() => {
    if (native) proto.transfer = native;
    else delete proto.transfer;
  });

  it('merges rows in any order as the reference does', () => {
    const row = fc.tuple(fc.constantFrom('a', 'b', 'c', 'd'), fc.integer({ min: 18_000, max: 18_010 }), fc.constantFrom(5, 2.5, 0.1, -2.5, -5, 0));
    fc.assert(fc.property(fc.array(row, { maxLength: 300 }), (rows) => {
      fc.pre(rows.some(([, , a]) => a > 0));
      expect(build(rows)).toEqual(reference(rows));
    }), { numRuns: 100 });
  });

  it('imports a file of several chunks into the same dataset and report', async () => {
    expect(csv.length).toBeGreaterThan(3 * CHUNK_BYTES);
    detached = 0;
    const after = await importCsv(csv);
    // The chunks' bytes, the id table's slots and the builder's columns were freed.
    expect(detached).toBeGreaterThan(csv.length / CHUNK_BYTES);
    expect(after.report).toEqual(before.report);
    expect(after.dataset).toEqual(before.dataset);
    expect(after.dataset.purchaseDay.length).toBe(before.dataset.summary.purchases);
  });
});
