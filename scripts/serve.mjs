// A static server on 127.0.0.1: /noren/* from dist/, everything else from www/, and the Noren
// server's routes passed on to a `noren serve` behind it.
// `node scripts/serve.mjs [port]` (or PORT=…) serves the demo with `noren serve` (SQLite in
// target/demo/); tests import startServer() with extra mounts and port 0, and
// startNorenServer() to run the Rust server themselves.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, request } from 'node:http';
import { mkdir } from 'node:fs/promises';
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

/** The paths `noren serve` answers (startServer passes them on when it has a backend). */
export const BACKEND_PATHS = ['/noren/records', '/noren/admin', '/noren/region', '/noren/vendor-list', '/healthz'];

/**
 * Starts `noren serve` (target/debug/noren, built by `cargo build -p noren-cli`) on a free
 * loopback port (`bin`: another build of it). `args` are extra arguments, `env` extra
 * variables (NOREN_ADMIN_TOKEN…).
 * Resolves with `{ url, child, stop() }` once it listens; `stop()` sends SIGTERM and waits.
 */
export function startNorenServer({ database, args = [], env = {}, bin = join(repo, 'target', 'debug', 'noren') } = {}) {
  const child = spawn(bin, ['serve', '--listen', '127.0.0.1:0', '--database', database, ...args], {
    env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr.on('data', (d) => { if (process.env.NOREN_SERVER_LOGS) process.stderr.write(d); });
  return new Promise((ok, fail) => {
    let out = '';
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`noren serve exited with ${code}`)));
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) {
        child.removeAllListeners('exit');
        const exited = new Promise((r) => child.once('exit', (code, signal) => r(code ?? signal)));
        ok({ url: m[1], child, exited, stop: () => { child.kill('SIGTERM'); return exited; } });
      }
    });
  });
}

/** Passes a request on to `backend` (a URL), with the client's address in X-Forwarded-For. */
function proxy(backend, req, res) {
  const target = new URL(req.url, backend);
  const headers = { ...req.headers, host: target.host, 'x-forwarded-for': req.socket.remoteAddress };
  const out = request(target, { method: req.method, headers }, (answer) => {
    res.writeHead(answer.statusCode, answer.headers);
    answer.pipe(res);
  });
  out.on('error', () => { if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }); res.end('noren serve is not answering'); });
  req.pipe(out);
}

/**
 * Starts the server. `mounts` maps URL prefixes to folders (the longest matching
 * prefix wins; a mount of `/noren/` or `/` replaces the default one); `headers(path)`
 * may add response headers (tests use it for Content-Security-Policy); `delay(url)` may hold a
 * response back for some milliseconds (tests use it for slow tags). `POST /records` takes
 * consent records (the demo config's recordUrl): each is parsed and pushed onto `records`, and
 * `GET /records` lists them. With `backend` (the URL of a `noren serve`), the paths in
 * BACKEND_PATHS go to it.
 */
export function startServer({ port = 8080, mounts = {}, headers = () => ({}), delay = () => 0, records = [], backend } = {}) {
  // The longest matching prefix wins; a mount may replace a default (/noren/ or /).
  const table = Object.entries({ '/noren/': join(repo, 'dist'), '/': www, ...mounts })
    .map(([prefix, dir]) => [prefix, resolve(dir)])
    .sort((a, b) => b[0].length - a[0].length);
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (backend && BACKEND_PATHS.some((p) => path === p || path.startsWith(p + '/') || path.startsWith(p + '.') || path.startsWith(p + '-'))) {
      proxy(backend, req, res);
      return;
    }
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
  await mkdir(join(repo, 'target', 'demo'), { recursive: true });
  const token = process.env.NOREN_ADMIN_TOKEN || randomBytes(18).toString('base64url');
  const noren = await startNorenServer({
    database: `sqlite:${join(repo, 'target', 'demo', 'records.db')}`,
    args: ['--client-ip-header', 'X-Forwarded-For'],
    env: { NOREN_ADMIN_TOKEN: token, NOREN_SERVER_LOGS: '1' },
  });
  const server = await startServer({ port, backend: noren.url });
  const { port: actual } = server.address();
  console.log(`Noren demo: http://127.0.0.1:${actual}/  (English: http://127.0.0.1:${actual}/en/)`);
  console.log(`Consent records: http://127.0.0.1:${actual}/noren/admin  (admin token: ${token})`);
  const stop = async () => { server.close(); await noren.stop(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
