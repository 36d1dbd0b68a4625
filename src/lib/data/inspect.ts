// Looks at the start of a source and proposes import options (encoding, dialect, columns, date and
// number formats), each with the reason shown to the user, plus a preview of the first rows.
import { columnLabels, guessMapping } from './columns';
import { DATE_FORMATS, detectDateFormat, type DateDetection } from './dates';
import { detectDialect, type DialectDetection } from './dialect';
import { ChunkDecoder, detectEncoding, type EncodingDetection } from './encoding';
import { ImportError } from './errors';
import { mappingWarnings } from './mapping-checks';
import { detectDecimalSeparator, type DecimalDetection } from './numbers';
import { parquetRecords } from './parquet';
import { xlsxTable } from './xlsx';
import { recognisePlatform } from './platforms';
import { UNSET, type ImportOptions } from './options';
import { RecordSplitter, isBlank } from './records';
import { gunzipped, jsonTable, readHead, type ImportSource } from './sources';

export interface Inspection {
  name: string;
  bytes: number;
  format: ImportSource['format'];
  encoding: EncodingDetection | null;
  dialect: DialectDetection | null;
  header: string[] | null;
  labels: string[];
  preview: string[][];
  date: DateDetection;
  decimal: DecimalDetection;
  /** The platform whose export this is, and what its layout made the mapping and filters. */
  platform: { name: string; description: string } | null;
  /** Doubts about the mapping, each naming the column and the values behind it. */
  warnings: string[];
  /** An Excel workbook's sheets, and the one read. */
  sheets: { all: string[]; chosen: string } | null;
  options: ImportOptions;
}

const SAMPLE_BYTES = 256 * 1024;
const SAMPLE_ROWS = 500;
export const PREVIEW_ROWS = 20;

async function textSample(source: ImportSource, overrides: Partial<ImportOptions>) {
  const head = await readHead(source.blob, SAMPLE_BYTES);
  const encoding = overrides.encoding && overrides.encoding !== 'auto'
    ? { encoding: overrides.encoding, bom: false, reason: 'chosen by you' }
    : detectEncoding(head);
  const whole = source.blob.size <= SAMPLE_BYTES;
  const text = new ChunkDecoder(encoding.encoding).decode(head, whole);
  if (/^\s*<(!doctype html|html[\s>]|\?xml)/i.test(text)) {
    throw new ImportError('not-tabular', `${source.name} is a web page or XML document, not a table of transactions (perhaps an error page saved instead of the export). Export the data as CSV and try again.`);
  }
  const dialect = detectDialect(text);
  if (overrides.delimiter) [dialect.delimiter, dialect.reasons.delimiter] = [overrides.delimiter, 'chosen by you'];
  if (overrides.quote) [dialect.quote, dialect.reasons.quote] = [overrides.quote, 'chosen by you'];
  if (overrides.hasHeader !== undefined) [dialect.hasHeader, dialect.reasons.header] = [overrides.hasHeader, 'chosen by you'];
  const splitter = new RecordSplitter(dialect.delimiter, dialect.quote);
  const records = splitter.push(text);
  if (whole) records.push(...splitter.end());
  else if (records.length === 0) {
    throw new ImportError('record-too-long', `The first ${SAMPLE_BYTES / 1024} KB of ${source.name} hold no complete line: a line that long is not a row of transactions. Is the file one huge line (lines not ended), or not a table at all?`);
  }
  const nonBlank = records.filter((r) => !isBlank(r)).slice(0, SAMPLE_ROWS + 1);
  const header = dialect.hasHeader ? (nonBlank.shift() ?? null) : null;
  return { encoding, dialect, header, rows: nonBlank };
}

/** Inspect a source; `overrides` are the user's choices, which win over detection. */
export async function inspectSource(file: ImportSource, overrides: Partial<ImportOptions> = {}): Promise<Inspection> {
  if (file.blob.size === 0) throw new ImportError('empty', `${file.name} is empty (0 bytes).`);
  // A gzip file's sample: one byte more than the sample tells that the text goes on.
  const source = file.format === 'csv' ? await gunzipped(file, SAMPLE_BYTES + 1) : await gunzipped(file);
  let encoding: EncodingDetection | null = null;
  let dialect: DialectDetection | null = null;
  let header: string[] | null;
  let rows: string[][];
  let sheets: Inspection['sheets'] = null;
  if (source.format === 'csv') {
    ({ encoding, dialect, header, rows } = await textSample(source, overrides));
  } else if (source.format === 'xlsx') {
    const table = await xlsxTable(source, overrides.sheet);
    [header, rows, sheets] = [table.header, table.records.slice(0, SAMPLE_ROWS), { all: table.sheets, chosen: table.sheet }];
  } else if (source.format === 'parquet') {
    const records: string[][] = [];
    for await (const batch of parquetRecords(source, undefined, SAMPLE_ROWS)) records.push(...batch.records);
    [header, rows] = [records[0], records.slice(1)];
  } else {
    const table = await jsonTable(source);
    [header, rows] = [table.header, table.records.slice(0, SAMPLE_ROWS)];
  }
  if (!header && rows.length === 0) throw new ImportError('empty', `${source.name} has no rows.`);
  const { mapping: guessed, columnCount } = guessMapping(header, rows);
  const platform = recognisePlatform(header);
  const mapping = overrides.mapping ?? platform?.mapping ?? {
    customer: guessed.customer ?? UNSET,
    date: guessed.date ?? UNSET,
    amount: guessed.amount ?? { kind: 'none' },
    orderId: guessed.orderId ?? null,
    ...(guessed.email !== undefined ? { email: guessed.email } : {}),
  };
  const exclude = overrides.exclude ?? platform?.exclude ?? [];
  const labels = columnLabels(header, columnCount);
  const dateValues = mapping.date === UNSET ? [] : rows.map((r) => r[mapping.date] ?? '');
  const date = detectDateFormat(dateValues);
  if (overrides.dateFormat) [date.format, date.reason, date.ambiguous] = [overrides.dateFormat, 'chosen by you', false];
  else if (platform?.dateFormat && date.ambiguous && mapping.date === platform.mapping.date) [date.format, date.reason, date.ambiguous] = [platform.dateFormat, `the ${platform.name} writes dates as ${DATE_FORMATS[platform.dateFormat]}`, false];
  const amountColumns = mapping.amount.kind === 'column' ? [mapping.amount.column] : mapping.amount.kind === 'product' ? [...mapping.amount.columns] : [];
  if (mapping.refund != null) amountColumns.push(mapping.refund);
  const decimal = detectDecimalSeparator(rows.flatMap((r) => amountColumns.map((c) => r[c] ?? '')));
  if (overrides.decimal) [decimal.decimal, decimal.reason] = [overrides.decimal, 'chosen by you'];
  return {
    name: source.name,
    bytes: file.blob.size,
    format: source.format,
    encoding,
    dialect,
    header,
    labels,
    preview: rows.slice(0, PREVIEW_ROWS),
    date,
    decimal,
    platform: platform && { name: platform.name, description: platform.description },
    warnings: mappingWarnings(mapping, exclude, labels, rows, date.format ?? 'ymd', decimal.decimal),
    sheets,
    options: {
      encoding: overrides.encoding ?? 'auto',
      delimiter: dialect?.delimiter ?? ',',
      quote: dialect?.quote ?? '"',
      hasHeader: dialect?.hasHeader ?? true,
      mapping,
      dateFormat: date.format ?? 'ymd',
      decimal: decimal.decimal,
      returns: overrides.returns ?? 'net',
      exclude,
      ...(sheets ? { sheet: sheets.chosen } : {}),
    },
  };
}
