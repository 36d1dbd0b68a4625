import { describe, expect, it } from 'vitest';
import { importSources } from '../../src/lib/data/importer';
import { inspectSource } from '../../src/lib/data/inspect';
import { textSource } from './helpers';

describe('several files append into one dataset', () => {
  it('matches later files by column name, whatever their column order', async () => {
    const january = textSource('customer,date,amount\nA,2021-01-05,10\nB,2021-01-06,5\n', 'january.csv');
    const february = textSource('amount,customer,date\n7,A,2021-02-01\n3,C,2021-02-02\n', 'february.csv');
    const { options } = await inspectSource(january);
    const { dataset, report } = await importSources([january, february], options);
    expect(dataset.customerIds).toEqual(['A', 'B', 'C']);
    expect(Array.from(dataset.purchaseAmount)).toEqual([10, 7, 5, 3]);
    expect(report.files.map((f) => [f.name, f.rowsRead, f.rowsAccepted])).toEqual([
      ['january.csv', 2, 2],
      ['february.csv', 2, 2],
    ]);
  });

  it('names the file and the column that a later file lacks', async () => {
    const a = textSource('customer,date,amount\nA,2021-01-05,10\n', 'a.csv');
    const b = textSource('client,date,amount\nA,2021-01-06,10\n', 'b.csv');
    const { options } = await inspectSource(a);
    await expect(importSources([a, b], options)).rejects.toThrow('b.csv has no column "customer" (its columns: client, date, amount).');
  });

  it('reports progress in bytes and rows, and stops when cancelled', async () => {
    const rows = Array.from({ length: 60_000 }, (_, i) => `C${i % 997},2021-01-${String((i % 28) + 1).padStart(2, '0')},${i % 50}.25`);
    const big = textSource(['customer,date,amount', ...rows].join('\n'), 'big.csv');
    const { options } = await inspectSource(big);
    const seen: number[] = [];
    const { report } = await importSources([big], options, { onProgress: (p) => seen.push(p.bytesDone) });
    expect(report.rowsRead).toBe(60_000);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen[seen.length - 1]).toBe(big.blob.size);
    const controller = new AbortController();
    const cancelled = importSources([big], options, { signal: controller.signal, onProgress: () => controller.abort() });
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('stops when cancelled from another task (as a cancel message comes to the worker), though the stream has its pieces at hand', async () => {
    const rows = Array.from({ length: 800_000 }, (_, i) => `C${i % 5000},2021-0${(i % 9) + 1}-1${i % 10},${i % 90}.5`);
    const big = textSource(['customer,date,amount', ...rows].join('\n'), 'big.csv');
    const { options } = await inspectSource(big);
    const controller = new AbortController();
    let started = false;
    const cancelled = importSources([big], options, { signal: controller.signal, onProgress: () => {
      if (!started) setTimeout(() => controller.abort(), 0);
      started = true;
    } });
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
  });
});
