// Downloads an HTTP endpoint (CSV, JSON array or NDJSON) into a Blob source, streamed with progress,
// a size limit and cancel; turns each way it can fail into a message that says what to do.
import { AbortedError, ImportError, throwIfAborted } from './errors';
import type { ImportSource, SourceFormat } from './sources';

export interface EndpointRequest {
  url: string;
  /** Request headers such as Authorization; never stored by this module. */
  headers: Record<string, string>;
  format: SourceFormat | 'auto';
  jsonPath: string;
  maxBytes: number;
}

export interface DownloadProgress {
  bytesDone: number;
  bytesTotal: number | null;
}

export interface DownloadOptions {
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
  fetchImpl?: typeof fetch;
}

export const DEFAULT_MAX_BYTES = 500 * 1024 * 1024;

const TYPES: [RegExp, SourceFormat][] = [
  [/^(text\/csv|application\/csv|text\/comma-separated-values|text\/tab-separated-values|text\/plain)$/, 'csv'],
  [/^(application\/(x-)?ndjson|application\/(x-)?jsonl(ines)?|application\/json-seq|application\/jsonlines)$/, 'ndjson'],
  [/^(application\/json|text\/json|application\/[\w.+-]+\+json)$/, 'json'],
];

const megabytes = (n: number) => `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;

function pageOrigin(): string {
  return (globalThis as { location?: { origin?: string } }).location?.origin ?? 'this page';
}

function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new ImportError('bad-option', `"${text}" is not a valid URL; it should start with https:// or http://.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ImportError('bad-option', `"${text}" is not an http(s) URL.`);
  return url;
}

/** fetch() gives the same TypeError for CORS refusals and unreachable hosts; an opaque no-cors request tells them apart. */
async function explainFetchFailure(url: URL, req: EndpointRequest, doFetch: typeof fetch, signal?: AbortSignal): Promise<ImportError> {
  const reachable = await doFetch(url, { mode: 'no-cors', credentials: 'omit', signal }).then(
    () => true,
    () => false,
  );
  throwIfAborted(signal);
  if (reachable) {
    const names = Object.keys(req.headers);
    const allowHeaders = names.length ? ` and "Access-Control-Allow-Headers: ${names.join(', ')}"` : '';
    return new ImportError(
      'http-cors',
      `The server at ${url.origin} answered, but does not allow this page (${pageOrigin()}) to read its data (CORS). ` +
        `The server must send "Access-Control-Allow-Origin: ${pageOrigin()}"${allowHeaders}.`,
    );
  }
  return new ImportError('http-network', `Could not reach ${url.origin}: the address may be wrong, the server down, or this computer offline.`);
}

function formatOf(response: Response, req: EndpointRequest, head: Uint8Array): SourceFormat {
  if (req.format !== 'auto') return req.format;
  const type = (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  for (const [re, format] of TYPES) if (re.test(type)) return format === 'csv' && type === 'text/plain' ? sniffFormat(head) : format;
  if (type === '' || type === 'application/octet-stream') return sniffFormat(head);
  throw new ImportError(
    'http-content-type',
    `The server sent "${type}", not CSV, JSON or NDJSON. If the data really is one of these, choose the format instead of "auto".`,
  );
}

function sniffFormat(head: Uint8Array): SourceFormat {
  const text = new TextDecoder().decode(head.subarray(0, 4096)).trimStart();
  if (text.startsWith('[')) return 'json';
  if (text.startsWith('{')) return /}\s*\r?\n\s*{/.test(text) ? 'ndjson' : 'json';
  return 'csv';
}

export async function downloadEndpoint(req: EndpointRequest, { signal, onProgress, fetchImpl }: DownloadOptions = {}): Promise<ImportSource> {
  const doFetch = fetchImpl ?? fetch;
  const url = parseUrl(req.url);
  let response: Response;
  try {
    response = await doFetch(url, { headers: req.headers, signal, credentials: 'omit', cache: 'no-store' });
  } catch {
    if (signal?.aborted) throw new AbortedError();
    throw await explainFetchFailure(url, req, doFetch, signal);
  }
  if (!response.ok) {
    const hint = response.status === 401 || response.status === 403 ? ' Check the Authorization header.' : response.status === 404 ? ' Check the address.' : '';
    throw new ImportError('http-status', `The server answered ${response.status}${response.statusText ? ' ' + response.statusText : ''} for ${url.href}.${hint}`);
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > req.maxBytes) {
    throw new ImportError('too-large', `The response is ${megabytes(declared)}, more than the limit of ${megabytes(req.maxBytes)}. Raise the limit or ask for less data.`);
  }
  const chunks: Uint8Array[] = [];
  let bytesDone = 0;
  const reader = response.body?.getReader();
  try {
    for (let r = await reader?.read(); reader && r && !r.done; r = await reader.read()) {
      bytesDone += r.value.length;
      if (bytesDone > req.maxBytes) {
        await reader.cancel();
        throw new ImportError('too-large', `The response is larger than the limit of ${megabytes(req.maxBytes)}. Raise the limit or ask for less data.`);
      }
      chunks.push(r.value);
      onProgress?.({ bytesDone, bytesTotal: Number.isFinite(declared) ? declared : null });
    }
  } catch (e) {
    if (signal?.aborted) throw new AbortedError();
    throw e;
  }
  if (bytesDone === 0) throw new ImportError('empty', `The server at ${url.href} answered with an empty body.`);
  const format = formatOf(response, req, chunks[0]);
  const name = decodeURIComponent(url.pathname.split('/').filter(Boolean).pop() ?? url.host);
  return { name, blob: new Blob(chunks as BlobPart[]), format, jsonPath: req.jsonPath };
}
