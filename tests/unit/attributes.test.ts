// Customer attributes from a file of one row per customer: apparelStaticCov.csv joined to
// apparelTrans.csv, a hand-made file with every problem the join reports, and value by level.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseIsoDay } from '../../src/lib/data/calendar';
import type { Dataset } from '../../src/lib/data/dataset';
import { describeAttributes, readAttributes } from '../../src/lib/data/attributes';
import { importSources } from '../../src/lib/data/importer';
import { inspectSource } from '../../src/lib/data/inspect';
import { historiesUpTo } from '../../src/lib/features/histories';
import { NO_VALUE, groupsOf, valueByAttribute } from '../../src/lib/insights/by-attribute';
import { join, valueOf } from '../../src/lib/insights/customers';
import { fallbackPrediction } from '../../src/lib/pipeline/fallback';
import { pipelineOptions } from '../../src/lib/pipeline/options';
import { fileSource, fixture } from './helpers';

let apparel: Dataset;
beforeAll(async () => {
  const source = fileSource(fixture('apparelTrans.csv'));
  ({ dataset: apparel } = await importSources([source], (await inspectSource(source)).options));
});

describe('customer attributes', () => {
  it('joins apparelStaticCov.csv to apparelTrans.csv by Id: Gender and Channel as two-level categories', () => {
    const a = readAttributes(readFileSync(fixture('apparelStaticCov.csv'), 'utf8'), 'apparelStaticCov.csv', apparel.customerIds);
    expect(a.idColumn).toBe('Id');
    expect(a.columns.map((c) => [c.name, c.kind, c.kind === 'categorical' ? [...c.levels].sort() : null])).toEqual([['Gender', 'categorical', ['0', '1']], ['Channel', 'categorical', ['0', '1']]]);
    expect(a.report).toMatchObject({ rows: 600, matched: 600, withoutAttributes: 0, withoutTransactions: 0, repeated: 0 });
    const gender = a.columns[0];
    if (gender.kind !== 'categorical') throw new Error('Gender is categorical');
    // Customer "1" is on the file's first row: Gender 0.
    expect(gender.levels[gender.codes[apparel.customerIds.indexOf('1')]]).toBe('0');
    expect(describeAttributes(a)).toBe('apparelStaticCov.csv: 600 rows joined by Id; Gender (2 levels), Channel (2 levels); 600 customers have attributes.');
  });

  it('reports customers without attributes, rows without transactions, repeated rows and pooled rare levels', () => {
    const ids = Array.from({ length: 40 }, (_, i) => `c${i}`);
    // Regions: N 20, S 15, E 2, W 1 (E and W rare: pooled); spend: 39 distinct numbers (numeric).
    const region = (i: number) => (i < 20 ? 'N' : i < 35 ? 'S' : i < 37 ? 'E' : 'W');
    const rows = ids.slice(0, 38).map((id, i) => `${id};${region(i)};${i * 1.5}`);
    rows.push('c0;S;0', 'zz;N;1', 'yy;N;2');
    const a = readAttributes(['customer;region;spend', ...rows].join('\n'), 'attrs.csv', ids);
    expect(a.idColumn).toBe('customer');
    expect(a.report).toMatchObject({ rows: 41, matched: 38, withoutAttributes: 2, exampleWithoutAttributes: ['c38', 'c39'], withoutTransactions: 2, exampleWithoutTransactions: ['zz', 'yy'], repeated: 1 });
    const [r, s] = a.columns;
    if (r.kind !== 'categorical' || s.kind !== 'numeric') throw new Error('region is categorical, spend numeric');
    // c0's last row says S: N has 19, S 16.
    expect(r.levels).toEqual(['N', 'S', 'other']);
    expect(r.pooled).toBe(2);
    expect(r.levels[r.codes[0]]).toBe('S');
    expect(r.levels[r.codes[36]]).toBe('other');
    expect(r.codes[39]).toBe(-1);
    expect(s.values[3]).toBe(4.5);
    expect(Number.isNaN(s.values[39])).toBe(true);
    expect(describeAttributes(a)).toBe('attrs.csv: 41 rows joined by customer; region (3 levels, 2 rare ones pooled as "other"), spend (numeric); 38 customers have attributes; 2 customers have none (e.g. c38, c39); 2 rows are of ids with no purchase (e.g. zz, yy), left out; 1 customer is on several rows: the last row\'s values are kept.');
    // Quartiles of spend, and a group for every customer with a value.
    const { names, group } = groupsOf(s);
    expect(names).toHaveLength(4);
    expect(Array.from(group.slice(0, 38)).every((g) => g >= 0 && g < 4)).toBe(true);
    expect(group[39]).toBe(-1);
  });

  it('refuses a file with no column of customer ids, or a row of the wrong width, naming it', () => {
    expect(() => readAttributes('id,x\nq1,1\nq2,2', 'a.csv', ['c1'])).toThrow('No column of a.csv holds the dataset\'s customer ids: none of its values (first row: id = "q1", x = "1") is a customer of the transactions.');
    expect(() => readAttributes('id,x\nc1,1\nc2', 'b.csv', ['c1', 'c2'])).toThrow('b.csv, row 3: 1 cells where the header has 2.');
    expect(() => readAttributes('id\nc1', 'c.csv', ['c1'])).toThrow(/c\.csv has one column \("id"\)/);
    // Only rare levels: none is pooled, nothing renamed.
    const few = readAttributes('id,size\nc1,big\nc2,small', 'e.csv', ['c1', 'c2']).columns[0];
    expect(few.kind === 'categorical' && few.levels).toEqual(['big', 'small']);
    expect(() => readAttributes('', 'd.csv', ['c1'])).toThrow(/d\.csv has no rows/);
  });

  it('sums the predicted value by level, with intervals, over every customer', () => {
    const a = readAttributes(readFileSync(fixture('apparelStaticCov.csv'), 'utf8'), 'apparelStaticCov.csv', apparel.customerIds);
    const o = pipelineOptions(parseIsoDay('2006-12-31')!, 365);
    const j = join(apparel, fallbackPrediction(apparel, historiesUpTo(apparel, o.cutoffDay), o, 'a test').prediction);
    const rows = valueByAttribute(j, a.columns[1]);
    expect(rows.map((r) => r.level).sort()).toEqual(['0', '1']);
    expect(rows.some((r) => r.level === NO_VALUE)).toBe(false);
    expect(rows.reduce((s, r) => s + r.customers, 0)).toBe(600);
    expect(rows.reduce((s, r) => s + r.value, 0)).toBeCloseTo(valueOf(j.prediction).reduce((s, v) => s + v, 0), 6);
    for (const r of rows) {
      expect(r.low).toBeLessThan(r.value);
      expect(r.high).toBeGreaterThan(r.value);
      expect(r.meanAlive).toBeGreaterThan(0);
      expect(r.meanAlive).toBeLessThanOrEqual(1);
    }
  });
});
