// Where rows come from: a Blob (a dropped file, or an endpoint's downloaded body) read in chunks,
// decoded and split into records; or a JSON / NDJSON body turned into records with a header.
import { cellText } from './cells';
import { ChunkDecoder, detectEncoding, type TextEncodingId } from './encoding';
import { ImportError, throwIfAborted } from './errors';
import { RecordSplitter, type Delimiter, type LineBytes, type QuoteChar } from './records';
import { releaseBuffer } from './release';
import { nextTask } from '../util/next-task';

export type SourceFormat = 'csv' | 'json' | 'ndjson' | 'parquet' | 'xlsx';

export interface ImportSource {
  name: string;
  blob: Blob;
  format: SourceFormat;
  /** For JSON: dotted path to the array of objects, e.g. "data.items"; empty for the top level. */
  jsonPath?: string;
}

/** The format a file name announces: .parquet, .xlsx, .json, .ndjson / .jsonl, else delimited text (also when gzipped). */
export function formatFromName(name: string): SourceFormat {
  const plain = name.replace(/\.gz$/i, '');
  if (/\.parquet$/i.test(plain)) return 'parquet';
  if (/\.xlsx$|\.xlsm$/i.test(plain)) return 'xlsx';
  if (/\.ndjson$|\.jsonl$/i.test(plain)) return 'ndjson';
  if (/\.json$/i.test(plain)) return 'json';
  return 'csv';
}

const isGzip = async (blob: Blob) => {
  const head = await readHead(blob, 2);
  return head[0] === 0x1f && head[1] === 0x8b;
};

/**
 * The source as the bytes it holds: a gzip file (told by its first bytes, whatever its name) is
 * decompressed by the browser's DecompressionStream; `limit` stops after that many bytes (a sample).
 */
export async function gunzipped(source: ImportSource, limit = Infinity): Promise<ImportSource> {
  if (!(await isGzip(source.blob))) return source;
  const reader = source.blob.stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      size += value.length;
    }
  } catch (e) {
    throw new ImportError('bad-gzip', `${source.name} is gzip-compressed but cannot be decompressed (${(e as Error).message}): the file is probably cut short. Download or compress it again.`);
  } finally {
    reader.cancel().catch(() => {});
  }
  return { ...source, blob: new Blob(parts as BlobPart[]) };
}

export interface RecordsBatch {
  records: string[][];
  bytesDone: number;
}

/**
 * Records; or quote-free lines, as text (`lines`) and then, for a chunk read from its bytes, as a
 * range of them (`bytes`, plain ASCII; see RecordSplitter.pushAsciiLines), each line with its newline.
 */
export type RecordBatch = RecordsBatch | { lines: string; bytes?: LineBytes | null; bytesDone: number };

/** The most bytes taken at a time: the blob's stream hands out pieces of its own size, cut to this. */
export const CHUNK_BYTES = 1 << 18;

/**
 * How long the stream is read without a turn of the event loop: pieces it holds already come as
 * microtasks, and a cancel comes as a message (the worker's), which waits for a turn.
 */
const TURN_MS = 100;

export async function readHead(blob: Blob, bytes = 1 << 16): Promise<Uint8Array> {
  return new Uint8Array(await blob.slice(0, bytes).arrayBuffer());
}

export async function resolveEncoding(blob: Blob, encoding: TextEncodingId | 'auto'): Promise<TextEncodingId> {
  return encoding === 'auto' ? detectEncoding(await readHead(blob)).encoding : encoding;
}

/**
 * Streams a text blob as batches, one per chunk read: records, or quote-free lines
 * (RecordSplitter.pushLines). With `asciiBytes`, a chunk of plain ASCII (not the last) comes as its
 * bytes where it can (RecordSplitter.pushAsciiLines), with no decoded text. The blob is read as a
 * stream (in Chromium, half the time of slice() + arrayBuffer() a chunk), the next piece asked for
 * while this one is taken.
 */
export async function* textRecords(
  blob: Blob,
  encoding: TextEncodingId,
  delimiter: Delimiter,
  quote: QuoteChar,
  signal?: AbortSignal,
  onDecoder?: (decoder: ChunkDecoder) => void,
  asciiBytes = false,
  chunkBytes = CHUNK_BYTES,
): AsyncGenerator<RecordBatch> {
  const decoder = new ChunkDecoder(encoding);
  onDecoder?.(decoder);
  const splitter = new RecordSplitter(delimiter, quote);
  const reader = blob.stream().getReader();
  try {
    let next = reader.read();
    let turn = performance.now();
    for (let offset = 0; offset < blob.size; ) {
      const { done, value: piece } = await next;
      if (done) break;
      next = reader.read();
      for (let at = 0; at < piece.length; at += chunkBytes) {
        if (performance.now() - turn > TURN_MS) {
          await nextTask();
          turn = performance.now();
        }
        throwIfAborted(signal);
        const bytes = piece.subarray(at, Math.min(at + chunkBytes, piece.length));
        const end = offset + bytes.length;
        offset = end;
        const plain = asciiBytes && end < blob.size && decoder.canSkipAscii ? splitter.pushAsciiLines(bytes) : null;
        if (plain) {
          decoder.skip(bytes);
          yield { ...plain, bytesDone: end };
          // Read: its lines counted before its bytes are freed.
          splitter.countBytes();
        } else yield { ...splitter.pushLines(decoder.decode(bytes, end === blob.size)), bytesDone: end };
      }
      // Taken: the piece's bytes are freed now, not a collection later.
      releaseBuffer(piece);
    }
  } finally {
    reader.cancel().catch(() => {});
  }
  yield { ...splitter.endLines(), bytesDone: blob.size };
}

function describeJsonValue(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value && typeof value === 'object') return `an object with keys ${Object.keys(value).slice(0, 8).join(', ')}`;
  return `a ${typeof value}`;
}

/** Breadth-first search, a few levels deep, for the first array below a node: a hint for the JSON path. */
function findArrayPath(node: unknown, walked: string[]): string | null {
  let level: [unknown, string[]][] = [[node, walked]];
  for (let depth = 0; depth < 4 && level.length; depth++) {
    const next: [unknown, string[]][] = [];
    for (const [value, path] of level) {
      if (!value || typeof value !== 'object' || Array.isArray(value)) continue;
      for (const [k, v] of Object.entries(value)) {
        if (Array.isArray(v)) return [...path, k].join('.');
        next.push([v, [...path, k]]);
      }
    }
    level = next;
  }
  return null;
}

function atPath(root: unknown, path: string, name: string): unknown[] {
  let node = root;
  const walked: string[] = [];
  for (const key of path.split('.').filter(Boolean)) {
    if (!node || typeof node !== 'object' || !(key in node)) {
      throw new ImportError('json-shape', `${name}: no key "${key}" at "${walked.join('.') || '(top level)'}"; found ${describeJsonValue(node)}.`);
    }
    node = (node as Record<string, unknown>)[key];
    walked.push(key);
  }
  if (!Array.isArray(node)) {
    const hint = findArrayPath(node, walked);
    throw new ImportError(
      'json-shape',
      `${name}: expected an array of objects at "${path || '(top level)'}", found ${describeJsonValue(node)}.` +
        (hint ? ` Try the JSON path "${hint}".` : ''),
    );
  }
  return node;
}

/** Objects to records: the header is every key seen, in first-seen order. */
export function objectsToTable(objects: unknown[]): { header: string[]; records: string[][] } {
  const columns = new Map<string, number>();
  for (const o of objects) {
    if (o && typeof o === 'object' && !Array.isArray(o)) for (const k of Object.keys(o)) if (!columns.has(k)) columns.set(k, columns.size);
  }
  const header = [...columns.keys()];
  const records = objects.map((o) => {
    const r = new Array<string>(header.length).fill('');
    if (o && typeof o === 'object' && !Array.isArray(o)) for (const [k, v] of Object.entries(o)) r[columns.get(k)!] = cellText(v);
    return r;
  });
  return { header, records };
}

/** Parses a JSON array (at a path) or NDJSON body into a header and records. */
export async function jsonTable(source: ImportSource): Promise<{ header: string[]; records: string[][] }> {
  const text = await source.blob.text();
  if (text.trim() === '') throw new ImportError('empty', `${source.name} is empty.`);
  if (source.format === 'ndjson') {
    const objects: unknown[] = [];
    text.split(/\r?\n/).forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        objects.push(JSON.parse(line));
      } catch (e) {
        throw new ImportError('json-shape', `${source.name} line ${i + 1} is not valid JSON (${(e as Error).message}): "${line.slice(0, 80)}"`);
      }
    });
    return objectsToTable(objects);
  }
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (e) {
    throw new ImportError('json-shape', `${source.name} is not valid JSON: ${(e as Error).message}`);
  }
  return objectsToTable(atPath(root, source.jsonPath ?? '', source.name));
}
