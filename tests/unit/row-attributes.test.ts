// Customer attributes and e-mail addresses from columns of the transactions file: UCI Online Retail's
// Country (real rows of 101 customers, two of whom moved between countries) read as each customer's
// latest value, from CSV, Parquet and two files with their columns in another order; a Stripe
// export's Customer Email beside its Customer ID, in the lists.
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { OTHER_LEVEL, attributeColumn, describeAttributes, readAttributes, withFile } from '../../src/lib/data/attributes';
import { parseIsoDay } from '../../src/lib/data/calendar';
import { guessMapping } from '../../src/lib/data/columns';
import type { Dataset } from '../../src/lib/data/dataset';
import { fingerprint } from '../../src/lib/data/fingerprint';
import { importSources } from '../../src/lib/data/importer';
import { inspectSource } from '../../src/lib/data/inspect';
import type { ImportOptions } from '../../src/lib/data/options';
import { tempDir, toParquet } from '../../src/cli/duckdb';
import { importFile } from '../../src/cli/import-file';
import { historiesUpTo } from '../../src/lib/features/histories';
import { join } from '../../src/lib/insights/customers';
import { DEFAULT_LIST_SETTINGS, actionList, listCsvLines } from '../../src/lib/insights/lists';
import { fallbackPrediction } from '../../src/lib/pipeline/fallback';
import { pipelineOptions } from '../../src/lib/pipeline/options';
import { fileSource, fixture, textSource } from './helpers';

const RETAIL = 'online-retail-countries.csv';
const COUNTRY = 7;
const text = readFileSync(fixture(RETAIL), 'utf8');
const [header, ...records] = Papa.parse<string[]>(text.trim()).data;

/** Each customer's country on their last dated row, worked out here on its own. */
function latestCountries(): Map<string, string> {
  const latest = new Map<string, { day: string; country: string }>();
  for (const r of records) {
    const [id, day, country] = [r[6], r[4].slice(0, 10), r[COUNTRY]];
    if (id && (!latest.has(id) || day >= latest.get(id)!.day)) latest.set(id, { day, country });
  }
  return new Map([...latest].map(([id, v]) => [id, v.country]));
}

async function importWith(patch: (o: ImportOptions) => ImportOptions, ...sources: ReturnType<typeof fileSource>[]) {
  const inspection = await inspectSource(sources[0]);
  return importSources(sources, patch(inspection.options));
}
const withCountry = (o: ImportOptions): ImportOptions => ({ ...o, mapping: { ...o.mapping, attributes: [COUNTRY] } });

let plain: Dataset;
let retail: Dataset;
beforeAll(async () => {
  plain = (await importWith((o) => o, fileSource(fixture(RETAIL)))).dataset;
  retail = (await importWith(withCountry, fileSource(fixture(RETAIL)))).dataset;
});

describe('attributes from the transactions file', () => {
  it('Country of UCI Online Retail: each customer’s latest, rare countries pooled, the same purchases', () => {
    expect(fingerprint(retail)).toBe(fingerprint(plain));
    expect(plain.attributes).toBeUndefined();
    const [country] = retail.attributes!.columns;
    if (country.kind !== 'categorical') throw new Error('Country is categorical');
    expect(country).toMatchObject({ name: 'Country', from: 'transactions' });
    const expected = latestCountries();
    const counts = new Map<string, number>();
    for (const id of retail.customerIds) counts.set(expected.get(id)!, (counts.get(expected.get(id)!) ?? 0) + 1);
    // Levels with 10 customers or more, most first; Portugal, Italy, Finland, Denmark and Australia pooled.
    const common = [...counts].filter(([, n]) => n >= 10).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([c]) => c);
    expect(common.slice(0, 2)).toEqual(['United Kingdom', expect.any(String)]);
    expect(country.levels).toEqual([...common, OTHER_LEVEL]);
    expect(country.pooled).toBe(counts.size - common.length);
    retail.customerIds.forEach((id, c) => {
      const want = expected.get(id)!;
      expect([id, country.levels[country.codes[c]]]).toEqual([id, common.includes(want) ? want : OTHER_LEVEL]);
    });
    // 12422 went Australia, Switzerland, Australia; 12394 Belgium, then Denmark.
    expect(expected.get('12422')).toBe('Australia');
    expect(expected.get('12394')).toBe('Denmark');
    expect(retail.attributes!.rows).toEqual({ missing: [0], changed: [2] });
    expect(describeAttributes(retail.attributes!)).toBe(
      `From the transactions, each customer's latest value: Country (${country.levels.length} levels, ${country.pooled} rare ones pooled as "other"); 2 customers changed Country from row to row (the latest is kept).`,
    );
  });

  it('the same attributes from Parquet, and from two files whose columns come in another order', async () => {
    const dir = tempDir();
    const types = Object.fromEntries(header.map((h) => [h, 'VARCHAR']));
    const parquet = fileSource(await toParquet(fixture(RETAIL), `${dir}/retail.parquet`, types, 'zstd', 1000), 'parquet');
    const fromParquet = (await importWith(withCountry, parquet)).dataset;
    expect(fingerprint(fromParquet)).toBe(fingerprint(retail));
    expect(fromParquet.attributes).toEqual(retail.attributes);

    const order = [7, 6, 0, 1, 2, 3, 4, 5];
    const half = Math.floor(records.length / 2);
    const second = Papa.unparse([order.map((k) => header[k]), ...records.slice(half).map((r) => order.map((k) => r[k]))]);
    const first = Papa.unparse([header, ...records.slice(0, half)]);
    const split = (await importWith(withCountry, textSource(first, 'first.csv'), textSource(second, 'second.csv'))).dataset;
    expect(fingerprint(split)).toBe(fingerprint(retail));
    expect(split.attributes).toEqual(retail.attributes);
  });

  it('a blank cell is no value, a later value wins on the same day, numbers with many values are numeric', async () => {
    const csv = [
      'customer,date,amount,region,age',
      'a,2024-01-01,10,North,31', 'a,2024-02-01,10,,',
      'b,2024-01-05,10,South,', 'b,2024-01-05,10,West,40',
      'c,2024-01-09,10,,',
      ...Array.from({ length: 12 }, (_, i) => `d${i},2024-01-0${1 + (i % 9)},5,North,${20 + i}`),
    ].join('\n');
    const { dataset } = await importWith((o) => ({ ...o, mapping: { ...o.mapping, attributes: [3, 4] } }), textSource(csv));
    const [region, age] = dataset.attributes!.columns;
    const at = (id: string) => dataset.customerIds.indexOf(id);
    if (region.kind !== 'categorical' || age.kind !== 'numeric') throw new Error('region is categorical, age numeric');
    expect(['a', 'b', 'c'].map((id) => region.codes[at(id)])).toEqual([region.levels.indexOf('North'), region.levels.indexOf('West'), -1]);
    expect(['a', 'b', 'c', 'd3'].map((id) => age.values[at(id)])).toEqual([31, 40, NaN, 23]);
    expect(dataset.attributes!.rows).toEqual({ missing: [1, 1], changed: [1, 0] });
  });

  it('a file of attributes joins beside the transactions’ columns, and leaves them when removed', () => {
    const file = readAttributes(`CustomerID,Country,Segment\n${retail.customerIds.map((id, i) => `${id},X,${i % 2 ? 'retail' : 'trade'}`).join('\n')}`, 'segments.csv', retail.customerIds);
    const both = withFile(retail.attributes, file)!;
    expect(both.columns.map((c) => c.name)).toEqual(['Country', 'Country (segments.csv)', 'Segment']);
    expect(both.fileName).toBe('segments.csv');
    expect(describeAttributes(both)).toMatch(/^From the transactions, .* segments\.csv: 101 rows joined by CustomerID; Country \(segments\.csv\) \(1 level\), Segment \(2 levels\); 101 customers have attributes\.$/);
    expect(withFile(both, null)).toEqual({ columns: retail.attributes!.columns, rows: retail.attributes!.rows });
    expect(withFile(undefined, null)).toBeUndefined();
  });

  it('refuses a column that differs for almost every customer; keeps at most 30 levels', async () => {
    await expect(importWith((o) => ({ ...o, mapping: { ...o.mapping, attributes: [2] } }), fileSource(fixture(RETAIL)))).rejects.toThrow(
      /^Description is not an attribute of groups of customers: it has \d+ different values for 101 customers \(".+"\.\.\.\)\. Choose a column such as a country, channel or segment\.$/,
    );
    // 40 stores: 10 with 30 customers each, 30 with 10 to 19.
    const stores = Array.from({ length: 40 }, (_, s) => (s < 10 ? 30 : 10 + (s % 10)));
    const cells = stores.flatMap((n, s) => Array<string>(n).fill(`store ${s}`));
    const column = attributeColumn('Store', cells);
    if (column.kind !== 'categorical') throw new Error('Store is categorical');
    // The 30th largest has 13 customers, as do two others: the stores of 13 or fewer are pooled
    // (3 each of 13, 12, 11 and 10 customers), 28 kept.
    expect(column.levels.length).toBe(29);
    expect(column.levels.at(-1)).toBe(OTHER_LEVEL);
    expect(column.pooled).toBe(12);
    expect(cells.filter((_, c) => column.codes[c] === 28).length).toBe(3 * (13 + 12 + 11 + 10));
  });

  it('from the command line: --attribute Country, and a column that is not there named with the columns', async () => {
    const { dataset } = await importFile(fixture(RETAIL), { attributes: ['Country'] });
    expect(dataset.attributes).toEqual(retail.attributes);
    await expect(importFile(fixture(RETAIL), { attributes: ['Region'] })).rejects.toThrow('--attribute "Region": no such column; the columns are "InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country".');
  });

  it('refuses an attribute that is also the customer, date or amount column', async () => {
    await expect(importWith((o) => ({ ...o, mapping: { ...o.mapping, attributes: [6] } }), fileSource(fixture(RETAIL)))).rejects.toThrow(/An attribute or the e-mail column must be a column of its own/);
  });
});

describe('an e-mail column beside the customer id', () => {
  it('the Stripe export’s Customer Email: recognised, each customer’s latest, in the lists’ email column', async () => {
    const source = fileSource(fixture('platforms/stripe-payments.csv'));
    const inspection = await inspectSource(source);
    expect(inspection.labels[inspection.options.mapping.email!]).toBe('Customer Email');
    expect(inspection.platform!.description).toContain('e-mail = Customer Email');
    const { dataset } = await importSources([source], inspection.options);
    const rows = Papa.parse<Record<string, string>>(readFileSync(fixture('platforms/stripe-payments.csv'), 'utf8').trim(), { header: true }).data;
    expect(dataset.emails).toEqual(dataset.customerIds.map((id) => rows.filter((r) => r['Customer ID'] === id).at(-1)!['Customer Email']));

    const o = pipelineOptions(parseIsoDay('2023-03-01')!, 30);
    const j = join(dataset, fallbackPrediction(dataset, historiesUpTo(dataset, o.cutoffDay), o, 'a test').prediction);
    const [head, ...lines] = Array.from(listCsvLines(actionList('best', j, DEFAULT_LIST_SETTINGS), j));
    expect(head.split(',').slice(0, 2)).toEqual(['customer_id', 'email']);
    expect(lines.length).toBe(2);
    for (const [id, email] of lines.map((l) => l.split(','))) expect(email).toBe(`${{ cus_NffrFeUfNV2Hib: 'ann', cus_NffsGqLmRt5Kd2: 'ben' }[id]}@example.com`);
  });

  it('guessed from its name and values when the id is not an address, not when it is', () => {
    const rows = [['1', 'ann@example.com', '2024-01-01', '3.50'], ['2', 'bob@example.org', '2024-01-02', '4.25']];
    expect(guessMapping(['customer_id', 'email', 'date', 'amount'], rows).mapping).toMatchObject({ customer: 0, email: 1 });
    expect(guessMapping(['Email', 'date', 'amount'], rows.map((r) => r.slice(1))).mapping.email).toBeUndefined();
  });
});
