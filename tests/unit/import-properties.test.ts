// Property-based: whatever the text, the importer either fails with an ImportError (a message for the
// user) or accounts for every row as accepted or rejected.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../src/lib/data/errors';
import { importSources } from '../../src/lib/data/importer';
import { inspectSource } from '../../src/lib/data/inspect';
import Papa from 'papaparse';
import { RecordSplitter } from '../../src/lib/data/records';
import { textSource } from './helpers';

async function importText(text: string) {
  const source = textSource(text);
  const { options } = await inspectSource(source);
  return importSources([source], options);
}

const expectImportErrorOnly = (e: unknown) => {
  if (!(e instanceof ImportError)) throw e;
};

const cell = fc.oneof(
  fc.constantFrom('A1', '007', 'x y', '', ' ', '"q"', '2021-03-04', '31/12/2020', '19970101', 'not-a-date', '12.5', '-3', '(4)', '1,5', 'NaN', '1e400', '€ 3'),
  fc.string({ maxLength: 6 }),
);

describe('import never crashes', () => {
  it('on arbitrary text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), async (text) => {
        await importText(text).catch(expectImportErrorOnly);
      }),
      { numRuns: 300 },
    );
  });

  it('splitting arbitrary text in any chunking gives the same records', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.integer({ min: 1, max: 50 }), fc.constantFrom(',', ';', '\t', 'whitespace' as const), (text, size, delimiter) => {
        const whole = new RecordSplitter(delimiter, 'none');
        const expected = [...whole.push(text), ...whole.end()];
        const chunked = new RecordSplitter(delimiter, 'none');
        const records: string[][] = [];
        for (let i = 0; i < text.length; i += size) records.push(...chunked.push(text.slice(i, i + size)));
        records.push(...chunked.end());
        expect(records).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('text without quotes splits as PapaParse splits it, in any chunking', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', ';', '\n', '\r', '\t'), maxLength: 200 });
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 50 }), fc.constantFrom(',', ';', '\t' as const), (text, size, delimiter) => {
        const normalised = text.replace(/\r\n?/g, '\n');
        const expected = (Papa.parse(normalised, { delimiter, newline: '\n' }).data as string[][]).filter((r, i, all) => !(i === all.length - 1 && normalised.endsWith('\n') && r.length === 1 && r[0] === ''));
        const splitter = new RecordSplitter(delimiter, '"');
        const records: string[][] = [];
        for (let i = 0; i < text.length; i += size) records.push(...splitter.push(text.slice(i, i + size)));
        records.push(...splitter.end());
        expect(records).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('every data row is accepted or reported', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(cell, { minLength: 0, maxLength: 4 }), { minLength: 1, maxLength: 40 }), async (rows) => {
        const lines = rows.map((r) => r.map((c) => (/[",\n\r]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(','));
        const text = ['customer,date,amount', ...lines].join('\n');
        // An empty last line is the file's final newline, not a row.
        const expectedRows = lines.length - (lines[lines.length - 1] === '' ? 1 : 0);
        try {
          const { report, dataset } = await importText(text);
          expect(report.rowsRead).toBe(expectedRows);
          expect(report.rowsAccepted + report.rowsRejected).toBe(report.rowsRead);
          expect(report.rejected.reduce((s, r) => s + r.count, 0)).toBe(report.rowsRejected);
          expect(dataset.summary.purchases).toBeLessThanOrEqual(report.rowsAccepted);
        } catch (e) {
          expectImportErrorOnly(e);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('the fast path for plain lines accepts, rejects and reports exactly as the row reader does', async () => {
    const plainCell = {
      id: fc.constantFrom('A1', 'b2', ' A1', 'A1 ', '', 'C0000001', '\u00a0x', 'id-7'),
      day: fc.constantFrom('2021-03-04', '2021-02-30', '1900-01-01', '2021-03-04 10:00', ' 2021-03-04', '2021-3-4', '21-03-04', 'x', ''),
      amount: fc.constantFrom('12.5', '007.50', '0', '-3', '1.', '.5', '1e3', '123456789012345', '1234567890123456', '12.345678901234567', ' 4', '(4)', '', 'NaN', '5.0000001'),
    };
    const line = fc.oneof(fc.tuple(plainCell.id, plainCell.day, plainCell.amount).map((r) => r.join(',')), fc.constantFrom('', 'A1', 'A1,2021-03-04', 'A1,2021-03-04,1,extra'));
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 30 }), async (lines) => {
        const body = lines.join('\n');
        // A quote anywhere sends the text through PapaParse and the row reader alone; the spaces keep the sizes equal.
        const options = { ...(await inspectSource(textSource(`customer,date,amount\n${body}`))).options, mapping: { customer: 0, date: 1, amount: { kind: 'column' as const, column: 2 }, orderId: null }, dateFormat: 'ymd' as const, decimal: '.' as const, delimiter: ',' as const, quote: '"' as const, hasHeader: true };
        const run = (text: string) => importSources([textSource(text)], options).catch((e: unknown) => (expectImportErrorOnly(e), String(e)));
        const [fast, slow] = await Promise.all([run(`customer  ,date,amount\n${body}`), run(`"customer",date,amount\n${body}`)]);
        expect(fast).toEqual(slow);
      }),
      { numRuns: 300 },
    );
  });
});
