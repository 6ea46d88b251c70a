// The fixture site's server: one loopback server for every *.test host. A request for
// http://HOST:PORT/PATH is answered from fixtures/HOST/PATH (index.html for a folder), with
// `$PORT` in text files replaced by the server's port; /noren/ on any host is dist/. `configs` may replace a host's
// files by path (the tests serve an amended consent.json that way). Every request is counted.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const fixtures = resolve(here, 'fixtures');
const dist = resolve(here, '../../dist');
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.wasm': 'application/wasm', '.gif': 'image/gif',
  '.txt': 'text/plain; charset=utf-8', '.xml': 'application/xml; charset=utf-8', '.css': 'text/css; charset=utf-8',
};
const TEXT = new Set(['.html', '.js', '.json', '.txt', '.xml', '.css']);

/** Starts the server on 127.0.0.1 (port 0: any free port). `hits` counts requests by URL. */
export async function startFixtureServer({ overrides = {} } = {}) {
  const hits = new Map();
  const server = createServer(async (req, res) => {
    const host = String(req.headers.host || '').split(':')[0].toLowerCase();
    const { port } = server.address();
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    hits.set(`${host}${path}`, (hits.get(`${host}${path}`) || 0) + 1);
    const override = overrides[`${host}${path}`];
    if (override !== undefined) {
      res.writeHead(200, { 'content-type': TYPES['.json'], 'cache-control': 'no-store' }).end(override);
      return;
    }
    const root = path.startsWith('/noren/') ? dist : join(fixtures, host);
    const rel = path.startsWith('/noren/') ? path.slice('/noren/'.length) : path;
    let file = normalize(join(root, rel));
    if (!/^[a-z0-9.-]+$/.test(host) || (!file.startsWith(root + sep) && file !== root)) { res.writeHead(403).end(); return; }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      let body = await readFile(file);
      const ext = extname(file);
      if (TEXT.has(ext)) body = Buffer.from(body.toString('utf8').replaceAll('$PORT', String(port)));
      res.writeHead(200, { 'content-type': TYPES[ext] || 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((ok, fail) => { server.once('error', fail); server.listen(0, '127.0.0.1', ok); });
  return {
    port: server.address().port,
    hits,
    /** Replaces (or with undefined restores) the body served for `host/path`. */
    override(key, body) { overrides[key] = body; },
    close: () => new Promise((r) => server.close(r)),
  };
}
