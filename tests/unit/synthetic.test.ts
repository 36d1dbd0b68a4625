import { describe, expect, it } from 'vitest';
import { importSources } from '../../src/lib/data/importer';
import { inspectSource } from '../../src/lib/data/inspect';
import { historiesUpTo } from '../../src/lib/features/histories';
import { CHRISTMAS, SYNTHETIC_DEFAULTS, retailCsvLines, syntheticAttributeLines, syntheticCsvLines, syntheticSegment } from '../../src/lib/synthetic/transactions';
import { textSource } from './helpers';

describe('synthetic transactions', () => {
  it('are the same for the same seed and differ for another', () => {
    const a = [...syntheticCsvLines({ rows: 500, seed: 7 })];
    expect([...syntheticCsvLines({ rows: 500, seed: 7 })]).toEqual(a);
    expect([...syntheticCsvLines({ rows: 500, seed: 8 })]).not.toEqual(a);
    expect(a).toHaveLength(501);
  });

  it('give segment B the purchase rate of its effect, and region none; without an effect, the same purchases as ever', () => {
    const effect = { ...SYNTHETIC_DEFAULTS.segmentEffect, rate: 4 };
    const perCustomer = (lines: string[]) => {
      const n = new Map<string, number>();
      for (const line of lines.slice(1)) n.set(line.split(',')[0], (n.get(line.split(',')[0]) ?? 0) + 1);
      return n;
    };
    const mean = (n: Map<string, number>, attribute: 'segment' | 'region', level: string) => {
      const counts = [...n].filter(([id]) => syntheticSegment(7, Number(id.slice(1)))[attribute] === level).map(([, k]) => k);
      return counts.reduce((a, b) => a + b, 0) / counts.length;
    };
    const shifted = perCustomer([...syntheticCsvLines({ rows: 20_000, seed: 7, segmentEffect: effect })]);
    // Purchases per customer: the one-time buyers and lifetimes, which the segment leaves alone, damp the rate's 4.
    expect(mean(shifted, 'segment', 'B') / mean(shifted, 'segment', 'A')).toBeGreaterThan(1.5);
    const ratio = mean(shifted, 'region', 'south') / mean(shifted, 'region', 'north');
    expect(ratio).toBeGreaterThan(0.8);
    expect(ratio).toBeLessThan(1.25);
    expect([...syntheticCsvLines({ rows: 500, seed: 7, segmentEffect: SYNTHETIC_DEFAULTS.segmentEffect })]).toEqual([...syntheticCsvLines({ rows: 500, seed: 7 })]);
    expect([...syntheticAttributeLines(7, 2)]).toEqual(['customer_id,segment,region', `C0000001,${syntheticSegment(7, 1).segment},${syntheticSegment(7, 1).region}`, `C0000002,${syntheticSegment(7, 2).segment},${syntheticSegment(7, 2).region}`]);
  });

  it('acquire customers in the first 80% of the days by default; over all of them, and more in the season, when asked', () => {
    /** First purchases per month ("2019-12"), of each customer's first line (a customer's lines come in order). */
    const firstsByMonth = (lines: string[]) => {
      const [seen, months] = [new Set<string>(), new Map<string, number>()];
      for (const line of lines.slice(1)) {
        const [id, date] = line.split(',');
        if (seen.has(id)) continue;
        seen.add(id);
        months.set(date.slice(0, 7), (months.get(date.slice(0, 7)) ?? 0) + 1);
      }
      return months;
    };
    const options = { rows: 60_000, seed: 42, weeklyShare: 0.02, peak: CHRISTMAS };
    const early = firstsByMonth([...syntheticCsvLines(options)]);
    // 2018-01-01 + 0.8 x 730 days = 2019-08-08.
    expect([...early.keys()].sort().at(-1)).toBe('2019-08');
    const throughout = firstsByMonth([...syntheticCsvLines({ ...options, acquisition: { share: 1, seasonal: true } })]);
    expect([...throughout.keys()].sort().at(-1)).toBe('2019-12');
    expect(throughout.get('2019-12')!).toBeGreaterThan(1.8 * throughout.get('2019-10')!);
    expect(throughout.get('2018-12')!).toBeGreaterThan(1.8 * throughout.get('2018-10')!);
  });

  it('import cleanly, with repeat buyers and one-time buyers', async () => {
    const source = textSource([...syntheticCsvLines({ rows: 20_000 })].join('\n'));
    const { options } = await inspectSource(source);
    const { dataset, report } = await importSources([source], options);
    expect(report.rowsRejected).toBe(0);
    expect(report.rowsRead).toBe(20_000);
    const [once, twice] = dataset.summary.purchasesPerCustomer;
    expect(once / dataset.summary.customers).toBeGreaterThan(0.3);
    expect(twice).toBeGreaterThan(0);
    expect(dataset.summary.purchasesPerCustomer.at(-1)).toBeGreaterThan(0);
  });

  it('make a seeded retail export: 150,000 line items, about 6,000 customers, weekly regulars', async () => {
    expect([...retailCsvLines({ rows: 2000, seed: 7 })]).toEqual([...retailCsvLines({ rows: 2000, seed: 7 })]);
    const lines = [...retailCsvLines()];
    expect(lines[0]).toBe('InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID,Country');
    expect(lines).toHaveLength(150_001);
    const invoices = new Set(lines.slice(1).map((l) => l.slice(0, l.indexOf(','))));
    expect(lines.length / invoices.size).toBeGreaterThan(2); // several lines per invoice
    expect([...invoices].filter((i) => i.startsWith('C')).length).toBeGreaterThan(500);
    const source = textSource(lines.join('\n'));
    const { options } = await inspectSource(source);
    expect(options.mapping.amount).toEqual({ kind: 'product', columns: [2, 4] });
    const { dataset, report } = await importSources([source], options);
    expect(report.rowsRejected).toBe(0);
    expect(dataset.summary.customers).toBeGreaterThan(5500);
    expect(dataset.summary.customers).toBeLessThan(6500);
    const h = historiesUpTo(dataset, dataset.summary.lastDay);
    const days = Array.from(h.ids, (_, c) => h.start[c + 1] - h.start[c]);
    const share = (test: (d: number) => boolean) => days.filter(test).length / days.length;
    expect(share((d) => d >= 50)).toBeGreaterThan(0.04);
    expect(share((d) => d >= 50)).toBeLessThan(0.08);
    expect(share((d) => d === 1)).toBeGreaterThan(0.35);
    expect(Math.max(...days)).toBeGreaterThan(250);
  });
});
