import { describe, expect, it } from 'vitest';
import { importSources } from '../../src/lib/data/importer';
import { inspectSource } from '../../src/lib/data/inspect';
import { syntheticCsvLines } from '../../src/lib/synthetic/transactions';
import { textSource } from './helpers';

describe('synthetic transactions', () => {
  it('are the same for the same seed and differ for another', () => {
    const a = [...syntheticCsvLines({ rows: 500, seed: 7 })];
    expect([...syntheticCsvLines({ rows: 500, seed: 7 })]).toEqual(a);
    expect([...syntheticCsvLines({ rows: 500, seed: 8 })]).not.toEqual(a);
    expect(a).toHaveLength(501);
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
});
