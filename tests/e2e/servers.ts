// Local HTTP servers for browser tests, on 127.0.0.1 only: the built app under a sub-path (as on
// GitHub Pages), and a second origin playing the user's data endpoints.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

export const SUB_PATH = '/clv-prediction/';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.txt': 'text/plain',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface Running {
  url: string;
  close: () => Promise<void>;
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Running> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** Serves `root` (the built dist/) under SUB_PATH; anything else is 404, as on a Pages project site. */
export function serveStatic(root: string): Promise<Running> {
  return listen((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(SUB_PATH)) return void res.writeHead(404).end('not found');
    let file = normalize(join(root, path.slice(SUB_PATH.length)));
    if (!file.startsWith(root)) return void res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': statSync(file).size });
    createReadStream(file).pipe(res);
  });
}

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
    if (path === '/orders.json') return send(200, 'application/json', JSON.stringify({ data: { items: OBJECTS } }));
    if (path === '/orders.ndjson') return send(200, 'application/x-ndjson', OBJECTS.map((o) => JSON.stringify(o)).join('\n'));
    if (path === '/private.csv') return req.headers.authorization === 'Bearer s3cret' ? send(200, 'text/csv', ENDPOINT_CSV) : send(401, 'text/plain', 'no');
    if (path === '/broken') return send(500, 'text/plain', 'boom');
    if (path === '/no-cors.csv') return send(200, 'text/csv', ENDPOINT_CSV, {});
    send(404, 'text/plain', 'not found');
  });
}
