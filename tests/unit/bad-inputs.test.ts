// The bad-input corpus through the importer in Node: each file stops with its message, or imports
// with the rows it rejected counted by reason. No file may be left without an expectation.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importSources } from '../../src/lib/data/importer';
import { inspectSource, type Inspection } from '../../src/lib/data/inspect';
import { memoryBudgetBytes } from '../../src/lib/data/memory';
import { formatFromName, type ImportSource } from '../../src/lib/data/sources';
import { BAD_INPUTS, GENERATED_BAD_INPUTS, type Outcome } from '../bad-inputs';
import { fileSource, fixture, textSource } from './helpers';

async function check(source: ImportSource, outcome: Outcome) {
  const inspection = await inspectSource(source).catch((e: Error) => e);
  const result = inspection instanceof Error ? inspection : await importSources([source], inspection.options).catch((e: Error) => e);
  if ('error' in outcome) {
    expect(result).toBeInstanceOf(Error);
    expect((result as Error).name).toBe('ImportError');
    expect((result as Error).message).toMatch(outcome.error);
    return;
  }
  if (result instanceof Error) throw result;
  expect(result.dataset.summary.customers).toBe(outcome.customers);
  if (outcome.warning) expect((inspection as Inspection).warnings).toContainEqual(expect.stringMatching(outcome.warning));
  expect(Object.fromEntries(result.report.rejected.map((r) => [r.reason, r.count]))).toEqual(outcome.rejected ?? {});
  for (const r of result.report.rejected) expect(r.examples[0]).toMatchObject({ file: source.name, row: expect.any(Number), column: expect.any(String) });
}

describe('the bad-input corpus', () => {
  it('has at least 30 files, each with its expected outcome', () => {
    const files = readdirSync(fixture('bad')).sort();
    expect(files.length).toBeGreaterThanOrEqual(30);
    expect(files).toEqual(Object.keys(BAD_INPUTS).sort());
  });

  it.each(Object.entries(BAD_INPUTS))('%s', async (name, outcome) => {
    const source = fileSource(fixture(`bad/${name}`));
    await check({ ...source, format: formatFromName(name) }, outcome);
  });

  it.each(Object.entries(GENERATED_BAD_INPUTS))('%s (generated)', async (name, { content, outcome }) => {
    await check(textSource(content(), name), outcome);
  });
});

describe('files too large for the tab', () => {
  it('are stopped before reading, with the sizes and what to do', async () => {
    const source = textSource('customer,date,amount\nA,2021-01-01,5\n'.repeat(2000), 'big.csv');
    const { options } = await inspectSource(source);
    const stopped = await importSources([source], options, { memoryBudgetBytes: source.blob.size * 4 }).catch((e: Error) => e);
    expect(stopped).toMatchObject({ name: 'ImportError', code: 'too-large' });
    expect((stopped as Error).message).toMatch(/^These files \(0 MB\) would need about 0 MB of memory, more than this tab can safely use .* Import a customer-day file instead: .*"Customer-day files".* or split the data/);
    const { dataset } = await importSources([source], options, { memoryBudgetBytes: source.blob.size * 5 });
    expect(dataset.summary.customers).toBe(1);
  });

  it('budget: half the device memory, at most 4 GB', () => {
    expect(memoryBudgetBytes(2)).toBe(1024 ** 3);
    expect(memoryBudgetBytes(16)).toBe(4 * 1024 ** 3);
    expect(memoryBudgetBytes(undefined)).toBe(4 * 1024 ** 3);
  });
});
