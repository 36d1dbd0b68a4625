// The import's fast path for typed cells (Parquet) against the row reader alone: for any cells, the
// dataset, the counters and the rejections are the same (plain-rows.ts; the text path has its own
// property test in import-properties.test.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DatasetBuilder } from '../../src/lib/data/dataset';
import type { ImportOptions } from '../../src/lib/data/options';
import { columnRecord, type ColumnsBatch } from '../../src/lib/data/parquet';
import { createTypedReader, typedIdInterner, type TypedRowReader } from '../../src/lib/data/plain-rows';
import { ReportBuilder } from '../../src/lib/data/report';
import { createRowReader, type RowCounters } from '../../src/lib/data/rows';

const options: ImportOptions = {
  encoding: 'auto', delimiter: ',', quote: '"', hasHeader: true, dateFormat: 'ymd', decimal: '.', returns: 'net',
  mapping: { customer: 0, date: 1, amount: { kind: 'column', column: 2 }, orderId: null },
};
const labels = ['customer', 'day', 'amount'];
/** A row group's cells, as the fast path and columnRecord() read them. */
type Cells = Pick<ColumnsBatch, 'columns' | 'rows' | 'bytesDone'>;

/** As the importer reads a batch: the typed reader takes runs of rows, the row reader each row it leaves. */
function eachRow(typed: TypedRowReader | null, columns: Cells['columns'], rows: number, slow: (i: number) => void) {
  for (let i = 0; i < rows; i++) {
    if (typed) i = typed(columns, i, rows);
    if (i < rows) slow(i);
  }
}

function importRows(batch: Cells, fast: boolean) {
  const builder = new DatasetBuilder(true);
  const report = new ReportBuilder();
  const counters: RowCounters = { accepted: 0, returns: 0, excluded: [], lineItems: 0 };
  const read = createRowReader(options, labels, labels, builder, report, counters);
  const typed = fast ? createTypedReader(options, builder, counters)! : null;
  eachRow(typed, batch.columns, batch.rows, (i) => read(columnRecord(batch, i), 'x.parquet', i + 2));
  return { dataset: counters.accepted ? builder.finish() : null, counters, rejected: report.reasons() };
}

const day = (iso: string) => new Date(iso);
const cells = {
  id: fc.constantFrom<unknown>('A1', 'b2', ' A1', 'A1 ', '', null, 7, -3, 2.5, 2n ** 60n, 'C0000001', '\u00a0x'),
  date: fc.constantFrom<unknown>(day('2021-03-04'), day('2021-03-04T23:59:59Z'), day('1969-12-31T12:00:00Z'), day('1900-01-01'), day('2150-01-01'), new Date(NaN), null, '2021-03-04', 18690),
  amount: fc.constantFrom<unknown>(12.5, 0, -0, -3, 1e-7, 1e-6, 999999999999999, 1e15, 1e21, Number.NaN, Infinity, null, '4', 3n, 0.1 + 0.2),
};

describe('the fast path for typed cells', () => {
  it('accepts, rejects and counts exactly as the row reader does', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(cells.id, cells.date, cells.amount), { minLength: 1, maxLength: 30 }), (rows) => {
        const batch: Cells = { columns: [0, 1, 2].map((k) => ({ data: [null, ...rows.map((r) => r[k])], offset: 1 })), rows: rows.length, bytesDone: 0 };
        expect(importRows(batch, true)).toEqual(importRows(batch, false));
      }),
      { numRuns: 500 },
    );
  });

  it('with the ids interned from their bytes as hyparquet decodes them: the same as the row reader on their text', () => {
    const [encoder, decoder] = [new TextEncoder(), new TextDecoder()];
    const id = fc.oneof(fc.constantFrom<string | null>('A1', 'b2', ' A1', 'A1 ', '', '\u00a0x', 'Zoë', 'é', 'C0000001', '\ufeffA1', null), fc.string({ maxLength: 4, unit: 'binary' }));
    fc.assert(
      fc.property(fc.array(fc.tuple(id, cells.date, cells.amount), { minLength: 1, maxLength: 30 }), (rows) => {
        // The cells of a UTF-8 column: what its bytes decode to.
        const bytes = rows.map((r) => (r[0] === null ? null : encoder.encode(r[0])));
        const text: Cells = { columns: [bytes.map((b) => b && decoder.decode(b)), rows.map((r) => r[1]), rows.map((r) => r[2])].map((data) => ({ data, offset: 0 })), rows: rows.length, bytesDone: 0 };
        const builder = new DatasetBuilder(true);
        const report = new ReportBuilder();
        const counters: RowCounters = { accepted: 0, returns: 0, excluded: [], lineItems: 0 };
        const read = createRowReader(options, labels, labels, builder, report, counters);
        const typed = createTypedReader(options, builder, counters, true)!;
        const intern = typedIdInterner(builder);
        const columns = [{ data: bytes.map((b) => b && intern(b)), offset: 0 }, ...text.columns.slice(1)];
        eachRow(typed, columns, rows.length, (i) => read(columnRecord(text, i), 'x.parquet', i + 2));
        expect({ dataset: counters.accepted ? builder.finish() : null, counters, rejected: report.reasons() }).toEqual(importRows(text, false));
      }),
      { numRuns: 500 },
    );
  });

  it('takes the plain rows itself, a run up to the first it leaves', () => {
    const batch: Cells = { columns: [['A1', ' B', 7], [day('2021-03-04'), day('2021-03-04'), day('2021-03-05T10:00:00Z')], [12.5, 1, 3]].map((data) => ({ data, offset: 0 })), rows: 3, bytesDone: 0 };
    const builder = new DatasetBuilder(true);
    const counters: RowCounters = { accepted: 0, returns: 0, excluded: [], lineItems: 0 };
    const typed = createTypedReader(options, builder, counters)!;
    // " B" (a space to trim) is the row reader's: the run stops there, and goes on after it.
    expect([typed(batch.columns, 0, 3), typed(batch.columns, 2, 3)]).toEqual([1, 3]);
    expect(builder.finish().dataset.customerIds).toEqual(['A1', '7']);
  });
});
