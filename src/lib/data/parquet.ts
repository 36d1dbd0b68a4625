// Parquet files (the original product's second source), read one row group at a time. A cell is read
// as the text a CSV of the same table would hold (cells.ts), so the column detection, the validation
// report and the dataset are those of that CSV; plain typed cells (a string id, a DATE, a DOUBLE) go
// straight into the dataset with the same result (plain-rows.ts). The fast reader's columns are
// decoded by our own decoder of flat columns (parquet-pages.ts) where it can, by hyparquet otherwise.
import { parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer, type ColumnData, type FileMetaData, type ColumnMetaData, type ParquetParsers, type RowGroup, type SchemaElement, type SchemaTree } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { cellText } from './cells';
import { ImportError, throwIfAborted } from './errors';
import { decodeChunk, type CellKind } from './parquet-pages';
import type { ImportSource, RecordsBatch } from './sources';

/** Codecs hyparquet reads itself or with hyparquet-compressors. */
const CODECS = new Set(['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'BROTLI', 'ZSTD', 'LZ4', 'LZ4_RAW']);

const asyncBuffer = (blob: Blob): AsyncBuffer => ({ byteLength: blob.size, slice: (start, end) => blob.slice(start, end).arrayBuffer() });

interface ParquetFile {
  file: AsyncBuffer;
  metadata: FileMetaData;
  header: string[];
  /** The schema of each column of the header. */
  schema: SchemaTree[];
}

async function open(source: ImportSource): Promise<ParquetFile> {
  const file = asyncBuffer(source.blob);
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (e) {
    throw new ImportError('bad-parquet', `${source.name} is not a readable Parquet file (${(e as Error).message}). Export it again, or as CSV.`);
  }
  const codecs = new Set(metadata.row_groups.flatMap((g) => g.columns.map((c) => c.meta_data?.codec ?? 'UNCOMPRESSED')));
  const unsupported = [...codecs].filter((c) => !CODECS.has(c));
  if (unsupported.length) {
    throw new ImportError('bad-parquet', `${source.name} is compressed with ${unsupported.join(', ')}, which this app cannot read. Write it again with Snappy, Zstd or Gzip (in DuckDB: COPY … TO 'file.parquet' (FORMAT parquet, COMPRESSION zstd)), or export CSV.`);
  }
  const schema = parquetSchema(metadata).children;
  return { file, metadata, header: schema.map((c) => c.element.name), schema };
}

/** A column of a row group: the value of row i of the group is data[offset + i]. */
export interface GroupColumn {
  data: ArrayLike<unknown>;
  offset: number;
  /** Whether data holds the UTC day of each date cell (NaN where none), not hyparquet's Dates (parquet-pages.ts). */
  days?: boolean;
}

/**
 * A row group's columns, in header order (with a plan, only the plan's; the others are left out). The
 * plan's columns may be overwritten by the next batch: read them before asking for it.
 */
export interface ColumnsBatch {
  columns: (GroupColumn | undefined)[];
  rows: number;
  bytesDone: number;
  /** Whether the plan's customer column came through its `intern` (its strings; -1 where none): else it holds hyparquet's own values. */
  interned: boolean;
  /** The group with every column as hyparquet reads it (what columnRecord() takes): read on the first call. */
  all: () => Promise<ColumnsBatch>;
}

/**
 * The columns a fast reader needs (plain-rows.ts createTypedReader): customer, date and amount if any,
 * as typedColumns() gives them; the customer's strings read through `intern` (a string cell's bytes,
 * or bytes[start, end), to what the reader takes) instead of a string a cell.
 */
export interface ColumnsPlan {
  customer: number;
  columns: number[];
  intern: (bytes: Uint8Array, start?: number, end?: number) => unknown;
}

/** What the plan's columns hold, in its order. */
const PLAN_KINDS: CellKind[] = ['id', 'day', 'number'];

/** The most bytes a read of the file takes at once for the decoder (see windowed()). */
const WINDOW_BYTES = 4 << 20;

/**
 * bytes[start, end) of the blob, through a window of WINDOW_BYTES (or more, for a longer range) read
 * at once: the chunks of several row groups come in one read. Each read of a blob in a worker waits
 * on the browser's own process, one read a chunk kept the worker idle.
 */
function windowed(blob: Blob): (start: number, end: number) => Promise<Uint8Array> {
  let window: Promise<{ start: number; bytes: ArrayBuffer }> | null = null;
  return async (start, end) => {
    let w = window && (await window);
    if (!w || start < w.start || end > w.start + w.bytes.byteLength) {
      window = blob.slice(start, Math.max(end, start + WINDOW_BYTES)).arrayBuffer().then((bytes) => ({ start, bytes }));
      w = await window;
    }
    return new Uint8Array(w.bytes, start - w.start, end - start);
  };
}

/** A column of the plan in a row group, for decoded(): the chunk's bytes (read ahead), where it is flat. */
interface PlanChunk {
  k: number;
  kind: CellKind;
  bytes: Uint8Array;
  element: SchemaElement;
  meta: ColumnMetaData;
}

/** The chunks of the plan's columns in a row group; null where one is not a flat column of its own. */
async function planChunks({ schema }: ParquetFile, read: (start: number, end: number) => Promise<Uint8Array>, group: RowGroup, plan: ColumnsPlan): Promise<PlanChunk[] | null> {
  if (new Set(plan.columns).size !== plan.columns.length) return null;
  const chunks = await Promise.all(
    plan.columns.map(async (k, j) => {
      const { element, children } = schema[k];
      const chunk = group.columns.find((c) => c.meta_data?.path_in_schema.length === 1 && c.meta_data.path_in_schema[0] === element.name);
      const meta = chunk?.meta_data;
      if (!meta || chunk.file_path || children.length > 0 || element.repetition_type === 'REPEATED') return null;
      const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
      const bytes = await read(start, start + Number(meta.total_compressed_size));
      return { k, kind: PLAN_KINDS[j], bytes, element, meta };
    }),
  );
  return chunks.some((c) => c === null) ? null : (chunks as PlanChunk[]);
}

/**
 * The plan's columns of a row group decoded into typed arrays (parquet-pages.ts), in header order; null
 * where a column needs hyparquet (a broken page included: hyparquet then reads it and says what is wrong).
 * The arrays are `cells`' own, kept from group to group (no garbage of a megabyte a column a group): a
 * batch is read before the next is asked for.
 */
function decoded(chunks: PlanChunk[], columns: number, rows: number, plan: ColumnsPlan, cells: (Int32Array | Float64Array)[]): (GroupColumn | undefined)[] | null {
  const byPosition: (GroupColumn | undefined)[] = new Array<undefined>(columns).fill(undefined);
  for (const [j, { k, kind, bytes, element, meta }] of chunks.entries()) {
    if (!(cells[j]?.length >= rows)) cells[j] = kind === 'id' ? new Int32Array(rows) : new Float64Array(rows);
    const data = cells[j].subarray(0, rows);
    let done = false;
    try {
      done = decodeChunk(bytes, element, meta, data, kind, plan.intern, compressors);
    } catch {
      // Left to hyparquet.
    }
    if (!done) return null;
    byPosition[k] = { data, offset: 0, days: kind === 'day' };
  }
  return byPosition;
}

/**
 * The header (as a record), then each row group's columns as hyparquet decodes them (at most
 * `maxRows` rows in all); `bytesDone` grows with the row groups read. Columnar: the importer reads
 * typed cells straight into the dataset (plain-rows.ts), with no row arrays. `plan`, asked once the
 * header is taken, narrows the reads to its columns (the others are read only for a group that has a
 * row the fast reader leaves, by all()).
 */
export async function* parquetColumns(source: ImportSource, signal?: AbortSignal, maxRows = Infinity, plan: () => ColumnsPlan | null = () => null): AsyncGenerator<RecordsBatch | ColumnsBatch> {
  const parquet = await open(source);
  const { file, metadata, header } = parquet;
  yield { records: [header], bytesDone: 0 };
  const fast = plan();
  const position = new Map(header.map((name, k) => [name, k]));
  const total = Number(metadata.num_rows);
  // Reads the columns k of the group [rowStart, rowEnd) (all of them when null), with these parsers.
  const read = async (rowStart: number, rowEnd: number, ks: number[] | null, parsers?: Partial<ParquetParsers>) => {
    const chunks: ColumnData[][] = header.map(() => []);
    const columns = ks?.map((k) => header[k]);
    try {
      await parquetRead({ file, metadata, rowStart, rowEnd, columns, parsers, compressors, onChunk: (c) => chunks[position.get(c.columnName)!].push(c) });
    } catch (e) {
      throw new ImportError('bad-parquet', `${source.name}: rows ${rowStart + 1}-${rowEnd} cannot be read (${(e as Error).message}). The file may be cut short: export it again.`);
    }
    return chunks.map((c, k) => (ks === null || ks.includes(k) ? rowsOf(c, rowStart, rowEnd) : undefined));
  };
  // The plan's chunks of the next row group are read while this one is decoded.
  const window = windowed(source.blob);
  const ahead = (g: number) => (fast && g < metadata.row_groups.length ? planChunks(parquet, window, metadata.row_groups[g], fast).catch(() => null) : null);
  let next = ahead(0);
  const cells: (Int32Array | Float64Array)[] = [];
  let rowStart = 0;
  for (const [g, group] of metadata.row_groups.entries()) {
    throwIfAborted(signal);
    if (rowStart >= maxRows) break;
    const rowEnd = Math.min(rowStart + Number(group.num_rows), maxRows);
    const [start, rows, bytesDone] = [rowStart, rowEnd - rowStart, Math.round((source.blob.size * rowEnd) / Math.max(total, 1))];
    let whole: Promise<ColumnsBatch> | null = null;
    const all = () => (whole ??= read(start, rowEnd, null).then((columns) => ({ columns, rows, bytesDone, interned: false, all })));
    const chunks = await next;
    next = ahead(g + 1);
    const columns = fast && chunks && decoded(chunks, header.length, Number(group.num_rows), fast, cells);
    if (fast === null) yield await all();
    else if (columns) yield { columns, rows, bytesDone, interned: true, all };
    else {
      // The customer's column apart, with its own parsers: the others keep hyparquet's.
      let interned = false;
      const stringFromBytes = (bytes: Uint8Array) => {
        interned = true;
        return bytes && fast.intern(bytes);
      };
      const others = fast.columns.filter((k) => k !== fast.customer);
      const [customer, rest] = await Promise.all([read(start, rowEnd, [fast.customer], { stringFromBytes }), others.length ? read(start, rowEnd, others) : []]);
      yield { columns: header.map((_, k) => (k === fast.customer ? customer[k] : rest[k])), rows, bytesDone, interned, all };
    }
    rowStart = rowEnd;
  }
}

/** Rows [start, end) of a column from its chunks: the chunk itself when one covers them (the usual case). */
function rowsOf(chunks: ColumnData[], start: number, end: number): GroupColumn {
  const whole = chunks.find((c) => c.rowStart <= start && c.rowEnd >= end);
  if (whole) return { data: whole.columnData, offset: start - whole.rowStart };
  const data = new Array<unknown>(end - start).fill(null);
  for (const c of chunks) for (let i = Math.max(c.rowStart, start); i < Math.min(c.rowEnd, end); i++) data[i - start] = c.columnData[i - c.rowStart];
  return { data, offset: 0 };
}

/** Row i of a batch as the text a CSV of the table would hold (cells.ts). */
export const columnRecord = (b: Pick<ColumnsBatch, 'columns'>, i: number): string[] => b.columns.map((c) => cellText(c!.data[c!.offset + i]));

/** The header, then the rows of each row group in turn, as text records (at most `maxRows`). */
export async function* parquetRecords(source: ImportSource, signal?: AbortSignal, maxRows = Infinity): AsyncGenerator<RecordsBatch> {
  for await (const batch of parquetColumns(source, signal, maxRows)) yield 'records' in batch ? batch : { records: Array.from({ length: batch.rows }, (_, i) => columnRecord(batch, i)), bytesDone: batch.bytesDone };
}
