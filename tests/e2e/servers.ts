// Local HTTP servers for browser tests, on 127.0.0.1 only: a second origin playing the user's data
// endpoints (the app itself is served by src/cli/static-server.ts).
import { readFileSync } from 'node:fs';
import { listen, type Running } from '../../src/cli/static-server';

/** A real shop's transactions behind an endpoint: the CDNOW sample. */
const SHOP = readFileSync(new URL('../fixtures/CDNOW_sample.txt', import.meta.url), 'utf8');

export const ENDPOINT_CSV = 'customer,date,amount\nA,2021-01-01,1.50\nB,2021-01-02,2\nA,2021-01-03,3\nC,2021-01-04,4\n';
const OBJECTS = ENDPOINT_CSV.trim().split('\n').slice(1).map((line) => {
  const [customer, date, amount] = line.split(',');
  return { customer, date, amount: Number(amount) };
});

/** A second origin with CSV, JSON and NDJSON endpoints (CORS allowed), one that fails, one that refuses CORS. */
export function serveEndpoints(allowedOrigin: string): Promise<Running> {
  return listen((req, res) => {
    const cors = { 'access-control-allow-origin': allowedOrigin, 'access-control-allow-headers': 'authorization' };
    if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const send = (status: number, type: string, body: string, headers: Record<string, string> = cors) =>
      void res.writeHead(status, { 'content-type': type, ...headers }).end(body);
    if (path === '/orders.csv') return send(200, 'text/csv', ENDPOINT_CSV);
    if (path === '/shop.txt') return send(200, 'text/plain', SHOP);
    if (path === '/orders.json') return send(200, 'application/json', JSON.stringify({ data: { items: OBJECTS } }));
    if (path === '/orders.ndjson') return send(200, 'application/x-ndjson', OBJECTS.map((o) => JSON.stringify(o)).join('\n'));
    if (path === '/private.csv') return req.headers.authorization === 'Bearer s3cret' ? send(200, 'text/csv', ENDPOINT_CSV) : send(401, 'text/plain', 'no');
    if (path === '/broken') return send(500, 'text/plain', 'boom');
    if (path === '/no-cors.csv') return send(200, 'text/csv', ENDPOINT_CSV, {});
    send(404, 'text/plain', 'not found');
  });
}
