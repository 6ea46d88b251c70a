// The benchmark's static server on 127.0.0.1, set up as a site would serve files in
// production: gzip when the request accepts it (compressed once, at level 9, then kept), a
// Content-Length on every response, `Vary: Accept-Encoding`, the usual cache headers (HTML
// revalidated, content-hashed names immutable for a year, other files five minutes: what
// docs/install.md's "Upgrading safely" asks for the loaders), and HTTP/1.1 keep-alive connections kept
// open for a minute (nginx keeps them 75 s), so the browser reuses them as it would on a real
// server. It counts connections and requests, so a run can show how many connections the page
// opened.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { gzipSync, constants } from 'node:zlib';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm', '.css': 'text/css; charset=utf-8',
};
/** A name with a content hash in it (`noren_core.1a2b3c4d.wasm`): its content never changes. */
const HASHED = /\.[0-9a-f]{8,}\.[a-z]+$/;

/** Whether an Accept-Encoding header value accepts gzip (and does not refuse it with q=0). */
function acceptsGzip(header = '') {
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';').map((s) => s.trim());
    if (coding !== 'gzip' && coding !== '*') return false;
    const q = params.find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  });
}

/** The Cache-Control a production server would send for this file. */
function cacheControl(file) {
  if (extname(file) === '.html') return 'no-cache';
  if (HASHED.test(file)) return 'public, max-age=31536000, immutable';
  return 'public, max-age=300';
}

/**
 * Starts the server on a free port. `mounts` maps URL prefixes to folders, or exact paths to
 * files or to functions that make the file's text (once; first match wins). Resolves to
 * `{ base, counts, close() }`; `counts` holds the connections and requests served so far.
 */
export async function startBenchServer(mounts) {
  const table = Object.entries(mounts).map(([prefix, target]) => [prefix, typeof target === 'function' ? target : resolve(target)]);
  const made = new Map(table.filter(([, target]) => typeof target === 'function'));
  const cache = new Map(); // file → { raw, gzip }
  const counts = { connections: 0, requests: 0 };

  async function load(file) {
    if (!cache.has(file)) {
      const raw = made.has(file) ? Buffer.from(made.get(file)()) : await readFile(file);
      cache.set(file, { raw, gzip: gzipSync(raw, { level: constants.Z_BEST_COMPRESSION }) });
    }
    return cache.get(file);
  }

  const server = createServer(async (req, res) => {
    counts.requests++;
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const mount = table.find(([prefix]) => path === prefix || (prefix.endsWith('/') && path.startsWith(prefix)));
    if (!mount) { res.writeHead(404, { 'content-length': 0 }).end(); return; }
    const [prefix, target] = mount;
    const file = typeof target === 'function' ? prefix : prefix.endsWith('/') ? normalize(join(target, path.slice(prefix.length))) : target;
    if (prefix.endsWith('/') && !file.startsWith(target + sep)) { res.writeHead(403, { 'content-length': 0 }).end(); return; }
    let body;
    try { body = await load(file); } catch { res.writeHead(404, { 'content-length': 0 }).end(); return; }
    const gzip = acceptsGzip(req.headers['accept-encoding']);
    const bytes = gzip ? body.gzip : body.raw;
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] || 'application/octet-stream',
      'content-length': bytes.length,
      'cache-control': cacheControl(file),
      vary: 'Accept-Encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : bytes);
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', () => counts.connections++);
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  return {
    base: `http://127.0.0.1:${server.address().port}`,
    counts,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  };
}
