// A static server on 127.0.0.1: /noren/* from dist/, everything else from www/.
// `node scripts/serve.mjs [port]` (or PORT=…) serves the demo; tests import startServer()
// with extra mounts and port 0.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(fileURLToPath(new URL('..', import.meta.url)));
const www = join(repo, 'www');
/** The demo's pages run under a strict policy: no inline script or style, no eval. */
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml',
  '.gif': 'image/gif', '.png': 'image/png', '.jpg': 'image/jpeg', '.ts': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Starts the server. `mounts` maps URL prefixes to folders (the longest matching
 * prefix wins; a mount of `/noren/` or `/` replaces the default one); `headers(path)`
 * may add response headers (tests use it for Content-Security-Policy); `delay(url)` may hold a
 * response back for some milliseconds (tests use it for slow tags). `POST /records` takes
 * consent records (the demo config's recordUrl): each is parsed and pushed onto `records`, and
 * `GET /records` lists them.
 */
export function startServer({ port = 8080, mounts = {}, headers = () => ({}), delay = () => 0, records = [] } = {}) {
  // The longest matching prefix wins; a mount may replace a default (/noren/ or /).
  const table = Object.entries({ '/noren/': join(repo, 'dist'), '/': www, ...mounts })
    .map(([prefix, dir]) => [prefix, resolve(dir)])
    .sort((a, b) => b[0].length - a[0].length);
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path === '/records') {
      if (req.method === 'POST') {
        let body = '';
        for await (const chunk of req) body += chunk;
        try { records.push(JSON.parse(body)); } catch { res.writeHead(400).end(); return; }
        res.writeHead(204).end();
      } else {
        res.writeHead(200, { 'content-type': TYPES['.json'], 'cache-control': 'no-store' })
          .end(JSON.stringify(records, null, 2));
      }
      return;
    }
    const wait = delay(req.url);
    if (wait) await new Promise((r) => setTimeout(r, wait));
    const [prefix, dir] = table.find(([p]) => path.startsWith(p));
    let file = normalize(join(dir, path.slice(prefix.length)));
    if (!file.startsWith(dir + sep) && file !== dir) { res.writeHead(403).end(); return; }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] || 'application/octet-stream',
        'cache-control': 'no-store',
        ...(dir === www && extname(file) === '.html' ? { 'content-security-policy': STRICT_CSP } : {}),
        ...headers(path),
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok(server));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] || process.env.PORT || 8080);
  const server = await startServer({ port });
  const { port: actual } = server.address();
  console.log(`Noren demo: http://127.0.0.1:${actual}/  (English: http://127.0.0.1:${actual}/en/)`);
}
