// Parquet files (the original product's second source), read with hyparquet one row group at a time.
// Each cell becomes the text the rest of the importer reads (cells.ts), so the column detection, the
// validation report and the dataset are those of a CSV of the same table.
import { parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { cellText } from './cells';
import { ImportError, throwIfAborted } from './errors';
import type { ImportSource, RecordsBatch } from './sources';

/** Codecs hyparquet reads itself or with hyparquet-compressors. */
const CODECS = new Set(['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'BROTLI', 'ZSTD', 'LZ4', 'LZ4_RAW']);

const asyncBuffer = (blob: Blob): AsyncBuffer => ({ byteLength: blob.size, slice: (start, end) => blob.slice(start, end).arrayBuffer() });

interface ParquetFile {
  file: AsyncBuffer;
  metadata: FileMetaData;
  header: string[];
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
  const header = parquetSchema(metadata).children.map((c) => c.element.name);
  return { file, metadata, header };
}

/** The header, then the rows of each row group in turn (at most `maxRows`); `bytesDone` grows with the row groups read. */
export async function* parquetRecords(source: ImportSource, signal?: AbortSignal, maxRows = Infinity): AsyncGenerator<RecordsBatch> {
  const { file, metadata, header } = await open(source);
  yield { records: [header], bytesDone: 0 };
  const total = Number(metadata.num_rows);
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    throwIfAborted(signal);
    if (rowStart >= maxRows) break;
    const rowEnd = Math.min(rowStart + Number(group.num_rows), maxRows);
    let rows: unknown[][] = [];
    try {
      await parquetRead({ file, metadata, rowStart, rowEnd, compressors, onComplete: (r: unknown[][]) => (rows = r) });
    } catch (e) {
      throw new ImportError('bad-parquet', `${source.name}: rows ${rowStart + 1}-${rowEnd} cannot be read (${(e as Error).message}). The file may be cut short: export it again.`);
    }
    yield { records: rows.map((r) => r.map(cellText)), bytesDone: Math.round((source.blob.size * rowEnd) / Math.max(total, 1)) };
    rowStart = rowEnd;
  }
}
