// Doubts about a mapping from the sample rows: each names the column and the values behind it, and
// plain good data raises none.
import { describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../src/lib/data/calendar';
import type { ColumnMapping } from '../../src/lib/data/columns';
import { mappingWarnings } from '../../src/lib/data/mapping-checks';

const LABELS = ['customer', 'date', 'amount', 'status'];
const MAPPING: ColumnMapping = { customer: 0, date: 1, amount: { kind: 'column', column: 2 }, orderId: null };
const TODAY = dayFromCivil(2024, 6, 1);
const rows = (n: number, row: (i: number) => string[]) => Array.from({ length: n }, (_, i) => row(i));
const check = (sample: string[][], labels = LABELS) => mappingWarnings(MAPPING, [], labels, sample, 'ymd', '.', TODAY);

describe('mapping warnings', () => {
  it('none for customers who come back, dates that vary and amounts in money', () => {
    expect(check(rows(40, (i) => [`C${i % 7}`, `2024-01-${String(1 + (i % 28)).padStart(2, '0')}`, `${(i * 3.7).toFixed(2)}`, 'paid']))).toEqual([]);
  });

  it('one date and time on every row, dates in the future, amounts mostly zero', () => {
    expect(check(rows(30, (i) => [`C${i % 5}`, '2024-05-31 23:59', '12.50', 'paid']))).toEqual([
      'All 30 sample rows have the same date ("2024-05-31 23:59", 2024-05-31): is it the purchase date, or the day of the export?',
    ]);
    expect(check(rows(30, (i) => [`C${i % 5}`, i < 2 ? `2031-0${i + 1}-01` : `2024-01-0${1 + (i % 9)}`, '9.99', 'paid']))).toEqual([
      '2 sample dates in date are in the future ("2031-01-01", "2031-02-01"): check the date format.',
    ]);
    expect(check(rows(30, (i) => [`C${i % 5}`, `2024-01-0${1 + (i % 9)}`, i % 3 ? '0' : '4.00', 'paid']))).toEqual([
      '67% of the sample amounts in amount are 0: is it the column of the money paid?',
    ]);
  });

  it('an "amount" of small whole numbers under a name that is not money looks like a quantity', () => {
    const sample = rows(30, (i) => [`C${i % 5}`, `2024-01-0${1 + (i % 9)}`, String(1 + (i % 4)), 'paid']);
    expect(check(sample, ['customer', 'date', 'units', 'status'])).toEqual([
      'The sample amounts in units are all small whole numbers ("1", "2", "3"): is it a quantity rather than an amount? Choose quantity × unit price if there is a price column.',
    ]);
    expect(check(sample, ['customer', 'date', 'total', 'status'])).toEqual([]);
  });

  it('amounts in several currencies: names them and the converted column to choose instead', () => {
    const labels = ['customer', 'date', 'Amount', 'Currency', 'Converted Amount'];
    const sample = rows(30, (i) => [`C${i % 5}`, `2024-01-0${1 + (i % 9)}`, '10.00', ['usd', 'eur', 'usd'][i % 3], '10.00']);
    expect(check(sample, labels)).toEqual([
      'The sample has amounts in 2 currencies in Currency (USD, EUR): revenue would add them up as one. Leave out the rows of the other currencies (Leave out rows whose Currency is…), or choose Converted Amount as the amount.',
    ]);
    expect(mappingWarnings(MAPPING, [{ column: 3, values: ['eur'] }], labels, sample, 'ymd', '.', TODAY)).toEqual([]);
  });

  it('rows that the filters leave out do not count', () => {
    // 30 test payments of one customer hide that every real payment has a customer of its own.
    const sample = rows(55, (i) => (i < 30 ? ['T0', `2024-01-0${1 + (i % 9)}`, '5.00', 'test'] : [`pay_${i}`, `2024-01-0${1 + (i % 9)}`, '5.00', 'paid']));
    expect(check(sample)).toEqual([]);
    expect(mappingWarnings(MAPPING, [{ column: 3, values: ['Test'] }], LABELS, sample, 'ymd', '.', TODAY)).toEqual([expect.stringMatching(/^Every sample row has a different customer \("pay_30", "pay_31", "pay_32"\)/)]);
  });
});
