// Imports one or several sources into one dataset: streams records, validates every row, merges
// purchases, and reports. Runs in the worker, in Node tests and in the CLI alike.
import { columnLabels, customerColumns, type ColumnMapping } from './columns';
import { DatasetBuilder, RETURNS_POLICIES, customerIndex, type Dataset } from './dataset';
import type { ChunkDecoder } from './encoding';
import { ImportError, throwIfAborted } from './errors';
import { checkFitsInMemory } from './memory';
import { checkOptions, type ImportOptions } from './options';
import { columnRecord, parquetColumns, type ColumnsBatch, type ColumnsPlan } from './parquet';
import { xlsxTable } from './xlsx';
import { oneOf } from './platforms';
import { isBlank } from './records';
import { ReportBuilder, describeReason, type FileReport, type ImportReport } from './report';
import { createPlainBytesReader, createPlainReader, createTypedReader, readsPlainBytes, typedColumns, typedIdInterner, type PlainBytesReader, type PlainLineReader, type TypedRowReader } from './plain-rows';
import { bytesText } from './records';
import { LatestValues } from './row-attributes';
import { createRowReader, type RowCounters } from './rows';
import { gunzipped, jsonTable, resolveEncoding, textRecords, type ImportSource, type RecordBatch } from './sources';

export interface ImportProgress {
  file: string;
  fileIndex: number;
  files: number;
  bytesDone: number;
  bytesTotal: number;
  rows: number;
}

export interface ImportResult {
  dataset: Dataset;
  report: ImportReport;
}

export interface ImportCallbacks {
  signal?: AbortSignal;
  onProgress?: (p: ImportProgress) => void;
  /** Memory the import may use (see memory.ts); unlimited when left out. */
  memoryBudgetBytes?: number;
  /** For tests: the size of the chunks text is read in (sources.ts CHUNK_BYTES), and whether plain ASCII chunks are read from their bytes (default true). */
  chunkBytes?: number;
  asciiBytes?: boolean;
}

/** Later files are matched to the first file's mapping (and row filters) by column name. */
function remap(options: ImportOptions, names: string[], header: string[], file: string): Pick<ImportOptions, 'mapping' | 'exclude'> {
  const find = (c: number) => {
    const i = header.findIndex((h) => h.trim() === names[c]);
    if (i < 0) throw new ImportError('missing-column', `${file} has no column "${names[c]}" (its columns: ${header.join(', ')}).`);
    return i;
  };
  const { mapping } = options;
  const { amount } = mapping;
  return {
    mapping: {
      customer: find(mapping.customer),
      date: find(mapping.date),
      orderId: mapping.orderId === null ? null : find(mapping.orderId),
      amount: amount.kind === 'column' ? { kind: 'column', column: find(amount.column) } : amount.kind === 'product' ? { kind: 'product', columns: [find(amount.columns[0]), find(amount.columns[1])] } : amount,
      refund: mapping.refund == null ? null : find(mapping.refund),
      ...(mapping.email != null ? { email: find(mapping.email) } : {}),
      ...(mapping.attributes ? { attributes: mapping.attributes.map(find) } : {}),
    },
    exclude: options.exclude?.map((f) => ({ ...f, column: find(f.column) })),
  };
}

/** The rows each rule left out ("Rows whose Financial Status is voided or refunded"), where it left any. */
function leftOutRules(options: ImportOptions, labels: string[] | null, counters: RowCounters): { rule: string; rows: number }[] {
  const rules = (options.exclude ?? []).map((f, i) => ({ rule: `Rows whose ${labels?.[f.column] ?? `Column ${f.column + 1}`} is ${oneOf(f.values)}`, rows: counters.excluded[i] ?? 0 }));
  if (counters.lineItems) rules.push({ rule: 'Further line items of an order (same order id, no amount; the order counts once)', rows: counters.lineItems });
  return rules.filter((r) => r.rows > 0);
}

async function* batchesOf(
  source: ImportSource,
  options: ImportOptions,
  { signal, chunkBytes, asciiBytes = true }: ImportCallbacks,
  onDecoder: (d: ChunkDecoder) => void,
  plan: () => ColumnsPlan | null,
): AsyncGenerator<RecordBatch | ColumnsBatch> {
  if (source.format === 'csv') {
    const encoding = await resolveEncoding(source.blob, options.encoding);
    yield* textRecords(source.blob, encoding, options.delimiter, options.quote, signal, onDecoder, asciiBytes && readsPlainBytes(options), chunkBytes);
    return;
  }
  if (source.format === 'parquet') return yield* parquetColumns(source, signal, Infinity, plan);
  if (source.format === 'xlsx') {
    const { header, records } = await xlsxTable(source, options.sheet);
    return yield { records: [header, ...records], bytesDone: source.blob.size };
  }
  const { header, records } = await jsonTable(source);
  yield { records: [header, ...records], bytesDone: source.blob.size };
}

/** Every record of a source as text cells, a batch at a time: for a second pass over it. */
async function* recordsOf(source: ImportSource, options: ImportOptions, callbacks: ImportCallbacks): AsyncGenerator<string[][]> {
  for await (const batch of batchesOf(source, options, { ...callbacks, asciiBytes: false }, () => {}, () => null)) {
    throwIfAborted(callbacks.signal);
    if ('records' in batch) yield batch.records;
    else if ('columns' in batch) {
      const all = await batch.all();
      yield Array.from({ length: batch.rows }, (_, i) => columnRecord(all, i));
    } else yield batch.lines.split('\n').slice(0, -1).map((line) => line.split(options.delimiter));
  }
}

/**
 * The mapping's attribute and e-mail columns, each customer's latest value (row-attributes.ts), read
 * in a second pass over the sources: the fast readers of the first pass read only what they need.
 */
async function customerColumnsOf(sources: ImportSource[], options: ImportOptions, names: string[] | null, dataset: Dataset, callbacks: ImportCallbacks): Promise<Pick<Dataset, 'attributes' | 'emails'>> {
  const { mapping } = options;
  const columns = customerColumns(mapping);
  const labels = names ?? columnLabels(null, Math.max(...columns) + 1);
  const latest = new LatestValues(customerIndex(dataset), columns.map((c) => labels[c]), options.dateFormat);
  const positions = (m: ColumnMapping) => ({ customer: m.customer, date: m.date, columns: customerColumns(m) });
  for (const [fileIndex, source] of sources.entries()) {
    const hasHeader = options.hasHeader || source.format !== 'csv';
    let at = hasHeader ? null : positions(mapping);
    for await (const records of recordsOf(source, options, callbacks)) {
      for (const record of records) {
        if (at) latest.read(record, at);
        else at = positions(fileIndex === 0 || !names ? mapping : remap(options, names, record.map((h) => h.trim()), source.name).mapping);
      }
    }
  }
  return latest.finish(mapping.attributes?.length ?? 0, mapping.email != null);
}

export async function importSources(compressed: ImportSource[], options: ImportOptions, callbacks: ImportCallbacks = {}): Promise<ImportResult> {
  const { signal, onProgress, memoryBudgetBytes } = callbacks;
  checkOptions(options);
  const sources = await Promise.all(compressed.map((s) => gunzipped(s)));
  if (memoryBudgetBytes !== undefined) checkFitsInMemory(sources.reduce((s, x) => s + x.blob.size, 0), memoryBudgetBytes);
  const builder = new DatasetBuilder(options.mapping.amount.kind !== 'none');
  const report = new ReportBuilder();
  const counters: RowCounters = { accepted: 0, returns: 0, excluded: [], lineItems: 0 };
  const files: FileReport[] = [];
  const bytesTotal = sources.reduce((s, x) => s + x.blob.size, 0);
  let bytesBefore = 0;
  let firstNames: string[] | null = null;
  let rowsRead = 0;
  let reserved = false;

  for (const [fileIndex, source] of sources.entries()) {
    if (source.blob.size === 0) throw new ImportError('empty', `${source.name} is empty (0 bytes).`);
    const hasHeader = options.hasHeader || source.format !== 'csv';
    let decoder: ChunkDecoder | null = null;
    let read: ((record: string[], file: string, row: number) => void) | null = null;
    let plain: PlainLineReader | null = null;
    let typed: TypedRowReader | null = null;
    let typedInterned: TypedRowReader | null = null;
    let plan: ColumnsPlan | null = null;
    let plainBytes: PlainBytesReader | null = null;
    let row = 0;
    const acceptedBefore = counters.accepted;
    const rowsBefore = rowsRead;
    const take = (record: string[]) => {
      row++;
      if (!read) {
        if (hasHeader && row === 1 && isBlank(record)) throw new ImportError('no-columns', `${source.name}: the header line is blank.`);
        const header = hasHeader ? record.map((h) => h.trim()) : null;
        const labels = columnLabels(header, header?.length ?? record.length);
        let fileOptions = options;
        if (header && firstNames) fileOptions = { ...options, ...remap(options, firstNames, header, source.name) };
        else if (header) firstNames = labels;
        read = createRowReader(fileOptions, labels, header, builder, report, counters);
        plain = createPlainReader(fileOptions, builder, counters);
        typed = createTypedReader(fileOptions, builder, counters);
        typedInterned = createTypedReader(fileOptions, builder, counters, true);
        const columns = typedColumns(fileOptions);
        if (columns) plan = { customer: fileOptions.mapping.customer, columns, intern: typedIdInterner(builder) };
        plainBytes = createPlainBytesReader(fileOptions, builder, counters);
        if (header) return;
      }
      rowsRead++;
      read(record, source.name, row);
    };
    for await (const batch of batchesOf(source, options, callbacks, (d) => (decoder = d), () => plan)) {
      throwIfAborted(signal);
      if ('records' in batch) for (const record of batch.records) take(record);
      else if ('columns' in batch) {
        // Typed cells: the typed reader takes what it can, the row reader the rest, from all the
        // group's columns (plain-rows.ts).
        const fast = (batch.interned ? typedInterned : typed) as TypedRowReader | null;
        let all: ColumnsBatch | null = null;
        for (let i = 0; i < batch.rows; i++) {
          // The fast reader takes rows up to the first it cannot read; the row reader takes that one.
          const taken = fast === null ? i : fast(batch.columns, i, batch.rows);
          row += taken - i;
          rowsRead += taken - i;
          i = taken;
          if (i < batch.rows) take(columnRecord((all ??= await batch.all()), i));
        }
      } else {
        // Quote-free lines: the plain reader takes what it can, the row reader the rest (plain-rows.ts).
        const { lines } = batch;
        const delimiter = options.delimiter;
        for (let start = 0, end = lines.indexOf('\n'); end >= 0; start = end + 1, end = lines.indexOf('\n', start)) {
          // (Assigned in take(): TypeScript cannot see that, hence the cast.)
          const fast = plain as PlainLineReader | null;
          if (fast !== null && fast(lines, start, end)) {
            row++;
            rowsRead++;
          } else take(lines.slice(start, end).split(delimiter));
        }
        if (batch.bytes) {
          // Lines of plain ASCII bytes: after the first line of the file, which came as text above.
          const { data, start, end } = batch.bytes;
          const [rowBase, readBase] = [row, rowsRead];
          const slow = (lineStart: number, lineEnd: number, line: number) => {
            [row, rowsRead] = [rowBase + line, readBase + line];
            take(bytesText(data, lineStart, lineEnd).split(delimiter));
          };
          const fast = plainBytes as PlainBytesReader | null;
          let n = 0;
          if (fast !== null) n = fast(data, start, end, slow);
          else for (let s = start, e = data.indexOf(10, s); s < end; s = e + 1, e = data.indexOf(10, s)) slow(s, e, n++);
          [row, rowsRead] = [rowBase + n, readBase + n];
          // Counted here: the splitter need not count them again.
          batch.bytes.lines = n;
        }
      }
      // Sized from the first batch that read bytes (a Parquet file's header comes before any).
      if (!reserved && batch.bytesDone > 0) {
        builder.reserve((bytesTotal / (bytesBefore + batch.bytesDone)) * rowsRead);
        reserved = true;
      }
      onProgress?.({ file: source.name, fileIndex, files: sources.length, bytesDone: bytesBefore + batch.bytesDone, bytesTotal, rows: rowsRead });
    }
    bytesBefore += source.blob.size;
    const d = decoder as ChunkDecoder | null;
    files.push({
      name: source.name,
      bytes: source.blob.size,
      rowsRead: rowsRead - rowsBefore,
      rowsAccepted: counters.accepted - acceptedBefore,
      encoding: d?.activeEncoding ?? 'utf-8',
      latin1FallbackAtByte: d?.fellBackAtByte ?? null,
    });
  }

  const rejected = report.reasons();
  const leftOut = leftOutRules(options, firstNames, counters);
  if (counters.accepted === 0) {
    const reasons = [...rejected.slice(0, 3).map(describeReason), ...leftOut.map((r) => `${r.rule} are left out: ${r.rows}`)];
    const why = reasons.length ? ` ${reasons.join('; ')}.` : '';
    throw new ImportError('no-valid-rows', rowsRead === 0 ? 'The data has no rows (only a header, or nothing at all).' : `None of the ${rowsRead.toLocaleString('en-US')} rows could be used.${why}`);
  }
  const { dataset, daysDropped } = builder.finish();
  if (customerColumns(options.mapping).length) Object.assign(dataset, await customerColumnsOf(sources, options, firstNames, dataset, callbacks));
  const warnings = files.filter((f) => f.latin1FallbackAtByte !== null).map((f) => `${f.name}: invalid UTF-8 at byte ${f.latin1FallbackAtByte}; the rest was read as Latin-1.`);
  if (dataset.summary.customers === 0) throw new ImportError('no-valid-rows', 'Every purchase day was cancelled out by returns: no purchases remain.');
  return {
    dataset,
    report: {
      files,
      rowsRead,
      rowsAccepted: counters.accepted,
      rowsRejected: report.rejectedTotal,
      rejected,
      returns: { policy: RETURNS_POLICIES[options.returns], rows: counters.returns, daysDropped },
      leftOut,
      warnings,
    },
  };
}
