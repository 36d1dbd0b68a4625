// Endpoints against a real HTTP server on 127.0.0.1 (Node's fetch; CORS is covered by the browser tests).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadEndpoint, type EndpointRequest } from '../../src/lib/data/http';
import { importSources } from '../../src/lib/data/importer';
import { inspectSource } from '../../src/lib/data/inspect';

const CSV = 'customer,date,amount\nA,2021-01-01,1.5\nB,2021-01-02,2\nA,2021-01-03,3\n';
const OBJECTS = [
  { customer: 'A', date: '2021-01-01', amount: 1.5 },
  { customer: 'B', date: '2021-01-02', amount: 2 },
  { customer: 'A', date: '2021-01-03', amount: 3 },
];
const routes: Record<string, [number, string, string]> = {
  '/data.csv': [200, 'text/csv; charset=utf-8', CSV],
  '/data.json': [200, 'application/json', JSON.stringify({ data: { items: OBJECTS } })],
  '/data.ndjson': [200, 'application/x-ndjson', OBJECTS.map((o) => JSON.stringify(o)).join('\n') + '\n'],
  '/untyped': [200, '', CSV],
  '/page.html': [200, 'text/html', '<html></html>'],
  '/empty': [200, 'text/csv', ''],
  '/fail': [500, 'text/plain', 'boom'],
  '/secret': [401, 'text/plain', 'no'],
};

let server: Server;
let base = '';
let lastAuthorization: string | undefined;
beforeAll(async () => {
  server = createServer((req, res) => {
    lastAuthorization = req.headers.authorization;
    const [status, type, body] = routes[req.url ?? ''] ?? [404, 'text/plain', 'not found'];
    res.writeHead(status, type ? { 'content-type': type } : {});
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const request = (path: string, extra: Partial<EndpointRequest> = {}): EndpointRequest => ({
  url: base + path,
  headers: {},
  format: 'auto',
  jsonPath: '',
  maxBytes: 1e6,
  ...extra,
});

async function importEndpoint(req: EndpointRequest) {
  const source = await downloadEndpoint(req);
  const { options } = await inspectSource(source);
  return { source, ...(await importSources([source], options)) };
}

describe('HTTP endpoints', () => {
  it.each([
    ['/data.csv', {}, 'csv'],
    ['/data.json', { jsonPath: 'data.items' }, 'json'],
    ['/data.ndjson', {}, 'ndjson'],
    ['/untyped', {}, 'csv'],
  ] as const)('%s imports as %s', async (path, extra, format) => {
    const { source, dataset } = await importEndpoint(request(path, extra));
    expect(source.format).toBe(format);
    expect(dataset.customerIds).toEqual(['A', 'B']);
    expect(Array.from(dataset.purchaseAmount)).toEqual([1.5, 3, 2]);
  });

  it('sends the request headers', async () => {
    await downloadEndpoint(request('/data.csv', { headers: { Authorization: 'Bearer t0ken' } }));
    expect(lastAuthorization).toBe('Bearer t0ken');
  });

  it.each([
    ['/fail', {}, /answered 500 Internal Server Error for http:\/\/127\.0\.0\.1:\d+\/fail/],
    ['/secret', {}, /answered 401 Unauthorized .* Check the Authorization header/],
    ['/page.html', {}, /sent "text\/html", not CSV, JSON or NDJSON/],
    ['/empty', {}, /answered with an empty body/],
    ['/data.csv', { maxBytes: 10 }, /more than the limit of 0\.0 MB|larger than the limit/],
    ['/data.json', { jsonPath: 'data.nope' }, /no key "nope" at "data"/],
    ['/data.json', {}, /expected an array of objects at "\(top level\)".*Try the JSON path/],
  ] as const)('%s fails with a clear message', async (path, extra, message) => {
    await expect(importEndpoint(request(path, extra))).rejects.toThrow(message);
  });

  it('says when the host cannot be reached', async () => {
    await expect(downloadEndpoint(request('/x', { url: 'http://127.0.0.1:1/x' }))).rejects.toThrow(/Could not reach http:\/\/127\.0\.0\.1:1/);
    await expect(downloadEndpoint(request('/x', { url: 'ftp://x' }))).rejects.toThrow(/not an http\(s\) URL/);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(downloadEndpoint(request('/data.csv'), { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});
