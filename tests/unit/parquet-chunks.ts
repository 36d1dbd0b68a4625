// The column chunks of a Parquet file as parquet-pages.ts takes them, and their pages, for the tests.
import { parquetMetadata, parquetSchema, type ColumnMetaData, type SchemaElement } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import type { CellKind } from '../../src/lib/data/parquet-pages';

export interface Chunk {
  bytes: Uint8Array;
  element: SchemaElement;
  meta: ColumnMetaData;
  rows: number;
  rowStart: number;
}

export function chunks(file: ArrayBuffer, column: string): Chunk[] {
  const metadata = parquetMetadata(file);
  const element = parquetSchema(metadata).children.find((c) => c.element.name === column)!.element;
  let rowStart = 0;
  return metadata.row_groups.map((group) => {
    const meta = group.columns.find((c) => c.meta_data!.path_in_schema[0] === column)!.meta_data!;
    const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
    const chunk = { bytes: new Uint8Array(file, start, Number(meta.total_compressed_size)), element, meta, rows: Number(group.num_rows), rowStart };
    rowStart += chunk.rows;
    return chunk;
  });
}

/** The page types and encodings of a chunk, e.g. ['DICTIONARY_PAGE', 'DATA_PAGE RLE_DICTIONARY', ...]. */
export function pages({ bytes }: Chunk): string[] {
  const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
  const found: string[] = [];
  while (reader.offset < bytes.length) {
    const h = parquetHeader(reader);
    found.push([h.type, h.data_page_header?.encoding ?? h.data_page_header_v2?.encoding].filter(Boolean).join(' '));
    reader.offset += h.compressed_page_size;
  }
  return found;
}

/** An output for decodeChunk(): an id a row in an Int32Array, other cells in a Float64Array. */
export const cellsOf = (kind: CellKind, rows: number) => (kind === 'id' ? new Int32Array(rows) : new Float64Array(rows));
