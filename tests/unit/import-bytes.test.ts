// The fast path for plain ASCII chunks read from their bytes (records.ts pushAsciiLines, plain-rows.ts
// createPlainBytesReader, id-table.ts indexOfBytes) against the same import decoding every chunk: for
// any bytes and any chunking, the dataset, the report (encoding and Latin-1 fallback included) and
// every rejection with its row, column and value are the same.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../src/lib/data/errors';
import { IdTable } from '../../src/lib/data/id-table';
import { importSources } from '../../src/lib/data/importer';
import { inspectSource } from '../../src/lib/data/inspect';
import { RecordSplitter } from '../../src/lib/data/records';
import { textSource } from './helpers';

const encoder = new TextEncoder();
const cat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

async function importBoth(bytes: Uint8Array, chunkBytes: number, mapping?: object) {
  const source = textSource(bytes);
  const inspected = (await inspectSource(source)).options;
  const options = mapping ? { ...inspected, ...mapping } : inspected;
  const run = (asciiBytes: boolean) =>
    importSources([textSource(bytes)], options, { chunkBytes, asciiBytes }).catch((e: unknown) => {
      if (!(e instanceof ImportError)) throw e;
      return String(e);
    });
  return { fast: await run(true), slow: await run(false) };
}

const plain = { mapping: { customer: 0, date: 1, amount: { kind: 'column' as const, column: 2 }, orderId: null, refund: null }, dateFormat: 'ymd' as const, decimal: '.' as const, delimiter: ',' as const, quote: '"' as const, hasHeader: true, exclude: [] };

describe('plain ASCII chunks read from their bytes', () => {
  it('import as the decoded chunks do, for any lines and any chunking', async () => {
    const id = fc.constantFrom('A1', 'b2', ' A1', 'A1 ', '', 'C0000001', 'a long customer id 0001', '\u00a0x', 'é', '\ufeffA1', 'id-7');
    const day = fc.constantFrom('2021-03-04', '2021-02-30', '1900-01-01', '2021-03-04 10:00', '2021-3-4', '0999-01-01', '20x1-03-04', '2021-03/04', '2021/03/04', '');
    const amount = fc.constantFrom('12.5', '007.50', '0', '-3', '1.', '.5', '1e3', '123456789012345', '1234567890123456', ' 4', '', 'NaN', '"4"', '5.0000001');
    const line = fc.oneof(
      { weight: 6, arbitrary: fc.tuple(id, day, amount).map((r) => r.join(',')) },
      { weight: 1, arbitrary: fc.tuple(id, day, amount, fc.constantFrom('1', 'x', '')).map((r) => r.join(',')) },
      { weight: 1, arbitrary: fc.constantFrom('', 'A1', 'A1,2021-03-04', 'customer,date,amount') },
    );
    const ending = fc.constantFrom('\n', '\n', '\n', '\r\n', '\r');
    // Invalid UTF-8 (a lone continuation byte) turns the rest of the file to Latin-1 at its chunk.
    const raw = fc.constantFrom(new Uint8Array([0x80]), new Uint8Array([0xc3, 0xa9]), new Uint8Array([0xef, 0xbb, 0xbf]));
    const piece = fc.oneof({ weight: 12, arbitrary: fc.tuple(line, ending).map(([l, e]) => encoder.encode(l + e)) }, { weight: 1, arbitrary: raw });
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { minLength: 1, maxLength: 60 }), fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 64, max: 400 })), fc.boolean(), async (pieces, chunkBytes, mapped) => {
        const bytes = cat([encoder.encode('customer,date,amount\n'), ...pieces]);
        const { fast, slow } = await importBoth(bytes, chunkBytes, mapped ? plain : undefined);
        expect(fast).toEqual(slow);
      }),
      { numRuns: 400 },
    );
  });

  it('read every day in range, and the days around it and the dates that are none, as the row reader does', async () => {
    const lines: string[] = [];
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    for (let y = 1948; y <= 2101; y++) for (let m = 0; m <= 13; m++) for (let d = 0; d <= 32; d++) lines.push(`C${y % 7},${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)},1`);
    lines.push('C1,0999-01-01,1', 'C1,9999-12-31,1');
    const { fast, slow } = await importBoth(encoder.encode(['customer,date,amount', ...lines].join('\n') + '\n'), 65536, plain);
    expect(typeof fast === 'object' && fast.report.rowsAccepted).toBe(150 * 365 + 37);
    expect(fast).toEqual(slow);
  });

  it('import a multi-chunk file of plain lines as one decoded chunk does', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `C${String(i % 701).padStart(7, '0')},2021-0${1 + (i % 9)}-1${i % 10},${(i % 13) * 1.25}`);
    lines[100] = 'C0000001,2021-02-30,3';
    lines[2000] = ' C0000002,2021-02-03,3';
    const bytes = encoder.encode(['customer_id,day,amount', ...lines].join('\n') + '\n');
    const source = textSource(bytes);
    const { options } = await inspectSource(source);
    const whole = await importSources([source], options, { chunkBytes: bytes.length });
    for (const chunkBytes of [97, 4096, 65536]) expect(await importSources([source], options, { chunkBytes })).toEqual(whole);
    expect(whole.report.rowsRejected).toBe(1);
    expect(whole.report.rejected[0].examples[0]).toMatchObject({ row: 102, value: '2021-02-30' });
  });

  it('hand a plain chunk out as its first line and a range of bytes, and the rest to pushLines', () => {
    const splitter = new RecordSplitter(',', '"');
    const first = splitter.pushAsciiLines(encoder.encode('a,b\nc,d\ne,'));
    expect(first!.lines).toBe('a,b\n');
    expect(first!.bytes).toMatchObject({ start: 4, end: 8 });
    const second = splitter.pushAsciiLines(encoder.encode('f\ng,h\n'));
    expect(second!.lines).toBe('e,f\n');
    expect(splitter.pushAsciiLines(encoder.encode('"q",1\n'))).toBeNull();
    expect(splitter.pushAsciiLines(encoder.encode('x\r\n'))).toBeNull();
    expect(splitter.pushAsciiLines(encoder.encode('é\n'))).toBeNull();
    expect(new RecordSplitter('whitespace', 'none').pushAsciiLines(encoder.encode('a b\n'))).toBeNull();
  });

  it('take a chunk as plain exactly when it is ASCII with no carriage return or quote, at any alignment', () => {
    const byte = fc.oneof(fc.constantFrom(10, 13, 34, 39, 44, 0x0d0d, 0x7f, 0x80, 0xa2, 0xff), fc.integer({ min: 0, max: 255 }));
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 40 }), fc.integer({ min: 0, max: 3 }), fc.constantFrom<'"' | "'" | 'none'>('"', "'", 'none'), (codes, offset, quote) => {
        const buffer = new Uint8Array(offset + codes.length);
        buffer.set(codes, offset);
        const bytes = buffer.subarray(offset);
        const q = quote === 'none' ? -1 : quote.charCodeAt(0);
        const plain = bytes.every((c) => c < 128 && c !== 13 && c !== q);
        expect(new RecordSplitter(',', quote).pushAsciiLines(bytes) !== null).toBe(plain);
      }),
      { numRuns: 3000 },
    );
  });

  it('intern ids from bytes as from text', () => {
    const table = new IdTable();
    const ids = Array.from({ length: 5000 }, (_, i) => (i % 3 ? `C${String(i).padStart(7, '0')}` : `a long customer id number ${i}`));
    const bytes = encoder.encode(ids.join(','));
    let start = 0;
    ids.forEach((id, i) => {
      expect(table.indexOfBytes(bytes, start, start + id.length)).toBe(i);
      start += id.length + 1;
    });
    ids.forEach((id, i) => expect(table.indexOf(id)).toBe(i));
    expect(table.ids).toEqual(ids);
  });
});
