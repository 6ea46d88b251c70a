// The gauntlet (issue 10, part 4): a page served with the consent-derived policy of
// `noren csp` (computed per request from the `noren` cookie by the test server, which runs the
// native binary) tries every way a script or the page's HTML can make a request. Counted at
// the server: zero requests to hosts nobody consented to, before consent, after refusal, after
// withdrawal plus reload; consented hosts get through after consent plus the reload the
// module makes. A control run without the policy proves that every vector does reach the
// server when nothing stops it.
//
// Third-party hosts are *.test names that Chromium maps to the test server's port, so the
// policy's host sources (`ads.test`, default port) match them as they would on a real site.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, button } from './helpers.mjs';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = join(repo, 'tests/e2e/fixtures');
const CONFIG = join(fixtures, 'barrier.json');
const NOREN = join(repo, 'target/debug/noren');
const SITE = 'http://site.test';
const HOSTS = ['ads.test', 'stats.test', 'unknown.test'];
const TYPES = { '.js': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm', '.html': 'text/html' };

/** The page: Noren first, then every static vector for each host in `hosts`. */
function page(hosts) {
  const v = (h, name) => `http://${h}/v/${name}`;
  const head = hosts.map((h) => `
<link rel="stylesheet" href="${v(h, 'html-stylesheet')}">
<link rel="preload" as="image" href="${v(h, 'html-preload')}">
<link rel="prefetch" href="${v(h, 'html-prefetch')}">
<link rel="modulepreload" href="${v(h, 'html-modulepreload')}">
<link rel="icon" href="${v(h, 'html-icon')}">
<style>@import url("${v(h, 'html-css-import')}");</style>
<style>@font-face { font-family: "F-${h}"; src: url("${v(h, 'html-font')}"); } .f-${h.split('.')[0]} { font-family: "F-${h}"; }</style>`).join('');
  const body = hosts.map((h) => `
<img src="${v(h, 'html-img')}" alt=""><img srcset="${v(h, 'html-srcset')} 1x" alt="">
<picture><source srcset="${v(h, 'html-picture')}"><img alt=""></picture>
<script src="${v(h, 'html-script')}"></script>
<iframe src="${v(h, 'html-iframe')}" title="f"></iframe>
<video poster="${v(h, 'html-poster')}" src="${v(h, 'html-video')}" preload="auto"></video>
<audio src="${v(h, 'html-audio')}" preload="auto"></audio>
<object data="${v(h, 'html-object')}" type="text/html"></object><embed src="${v(h, 'html-embed')}" type="text/html">
<input type="image" src="${v(h, 'html-input-image')}" alt="i">
<svg width="5" height="5"><image href="${v(h, 'html-svg-image')}" width="5" height="5"></image></svg>
<div style="background-image: url('${v(h, 'html-style-attribute')}')">x</div>
<span class="f-${h.split('.')[0]}">font</span>
<script>document.write('<img src="${v(h, 'html-document-write')}" alt="">');</script>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Gauntlet</title>
<script src="/noren/noren.js" data-config="/t/barrier.json"></script>${head}
</head><body><h1>Gauntlet</h1><a href="#" id="opener" data-noren-open>Cookie settings</a>
<iframe name="form-sink" title="form sink"></iframe><div id="sink-box"></div>${body}
<script src="/t/gauntlet.js"></script></body></html>`;
}

let server, browser, port;
/** Requests to third-party hosts: "host /path". */
const seen = [];
/** Requests for the page itself: the `noren` cookie each came with. */
const loads = [];

function policyFor(cookieHeader) {
  const value = /(?:^|;\s*)noren=([^;]*)/.exec(cookieHeader || '')?.[1];
  const r = spawnSync(NOREN, ['csp', CONFIG, ...(value ? ['--cookie', value] : [])], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

before(async () => {
  const built = spawnSync('cargo', ['build', '--quiet', '--bin', 'noren'], { cwd: repo, stdio: 'inherit' });
  assert.equal(built.status, 0, 'cargo build --bin noren');
  server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const host = (req.headers.host || '').replace(/:\d+$/, '');
    if (host !== 'site.test') {
      seen.push(`${host} ${url.pathname}`);
      const name = url.pathname;
      const type = /script|import|module/.test(name) ? 'text/javascript'
        : /stylesheet|css-import/.test(name) ? 'text/css'
          : /eventsource/.test(name) ? 'text/event-stream' : 'text/plain';
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end();
      return;
    }
    if (url.pathname === '/g.html') {
      loads.push(/(?:^|;\s*)noren=([^;]*)/.exec(req.headers.cookie || '')?.[1] || null);
      const headers = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
      if (!url.searchParams.has('nocsp')) headers['content-security-policy'] = policyFor(req.headers.cookie);
      res.writeHead(200, headers).end(page((url.searchParams.get('hosts') || HOSTS.join(',')).split(',')));
      return;
    }
    const file = url.pathname.startsWith('/noren/') ? join(repo, 'dist', url.pathname.slice(7))
      : url.pathname.startsWith('/t/') ? join(fixtures, url.pathname.slice(3)) : null;
    try {
      if (!file || file.includes('..')) throw new Error('no');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  server.on('upgrade', (req, socket) => {
    seen.push(`${(req.headers.host || '').replace(/:\d+$/, '')} ${req.url}`);
    socket.destroy();
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  port = server.address().port;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS.filter((a) => !a.startsWith('--host-resolver-rules')),
      `--host-resolver-rules=MAP *.test 127.0.0.1:${port}`],
  });
});
after(async () => {
  await browser?.close();
  await new Promise((r) => server.close(r));
});

/** A fresh visitor; nothing leaves 127.0.0.1 (every host but *.test is refused). */
async function visitor() {
  const context = await browser.newContext();
  await context.route((u) => !u.hostname.endsWith('.test'), (route) => route.abort());
  const p = await context.newPage();
  const errors = [];
  p.on('pageerror', (e) => errors.push(e.message));
  return { context, page: p, errors };
}

/** Loads the page (after `navigate`, if given), waits for Noren, fires every vector at every host. */
async function gauntlet(p, navigate = () => p.goto(SITE + '/g.html')) {
  const from = seen.length;
  await navigate();
  await p.waitForFunction(() => window.fire && window.noren);
  await p.evaluate(() => window.noren.ready.catch(() => {}));
  await p.evaluate((hosts) => hosts.forEach((h) => window.fire(h)), HOSTS);
  await p.waitForTimeout(2500); // time for anything that leaks to arrive
  return seen.slice(from);
}

const to = (requests, host) => requests.filter((r) => r.startsWith(host + ' '));
const names = (requests) => [...new Set(requests.map((r) => r.split('/v/')[1]).filter(Boolean))].sort();

test('control: without the policy every vector reaches the server', async () => {
  const { context, page: p } = await visitor();
  const from = seen.length;
  await p.goto(SITE + '/g.html?nocsp=1&hosts=unknown.test');
  await p.waitForFunction(() => window.fire);
  await p.evaluate(() => window.fire('unknown.test'));
  await p.waitForTimeout(2500);
  const got = names(to(seen.slice(from), 'unknown.test'));
  const all = await p.evaluate(() => window.vectorNames);
  const missing = all.filter((n) => !got.includes(n));
  assert.deepEqual(missing, [], 'every scripted vector makes a request when nothing stops it');
  const inHtml = names(page(['unknown.test']).match(/http:\/\/unknown\.test\/v\/[\w-]+/g).map((u) => 'unknown.test ' + u.slice(19)));
  assert.deepEqual(inHtml.filter((n) => !got.includes(n)), [], 'every vector in the HTML makes a request');
  await context.close();
});

test('before any choice and after refusal: zero requests to any service or unknown host', async () => {
  const { context, page: p, errors } = await visitor();
  const before = await gauntlet(p);
  assert.deepEqual(before, [], 'before any choice');
  const pageLoads = loads.length;
  await button(p, 'Reject all').click();
  await p.waitForTimeout(1000);
  assert.equal(loads.length, pageLoads, 'a refusal does not reload the page');
  const from = seen.length;
  await p.evaluate((hosts) => hosts.forEach((h) => window.fire(h)), HOSTS);
  await p.waitForTimeout(2500);
  assert.deepEqual(seen.slice(from), [], 'after refusal, on the same page');
  const refused = await gauntlet(p, () => p.reload());
  assert.deepEqual(refused, [], 'after refusal, on the next page');
  assert.deepEqual(errors, []);
  await context.close();
});

test('consent to one service: one reload, then its host gets through and no other does; withdrawal plus reload closes it again', async () => {
  const { context, page: p } = await visitor();
  assert.deepEqual(await gauntlet(p), []);
  const pageLoads = loads.length;
  await button(p, 'Manage preferences').click();
  const dialog = p.getByRole('dialog', { name: 'Privacy preferences' });
  await dialog.getByRole('switch', { name: 'Analytics', exact: true }).check();
  const reloaded = p.waitForEvent('load');
  await button(p, 'Save preferences').click();
  const granted = await gauntlet(p, () => reloaded);
  assert.equal(loads.length, pageLoads + 1, 'the page reloaded once');
  assert.ok(loads.at(-1), 'with the choice in its cookie');
  const stats = names(to(granted, 'stats.test'));
  for (const n of ['js-fetch', 'js-beacon', 'js-websocket', 'js-img-property', 'html-img', 'html-script', 'js-iframe']) {
    assert.ok(stats.includes(n), `${n} to the consented host got through: ${stats.join(' ')}`);
  }
  assert.deepEqual(to(granted, 'ads.test'), [], 'nothing to the refused service');
  assert.deepEqual(to(granted, 'unknown.test'), [], 'nothing to a host no service names');

  await p.click('#opener');
  await dialog.getByRole('switch', { name: 'Analytics', exact: true }).uncheck();
  await button(p, 'Save preferences').click();
  await p.waitForTimeout(500);
  assert.equal(loads.length, pageLoads + 1, 'a withdrawal does not reload (reloadOnWithdraw is off)');
  const withdrawn = await gauntlet(p, () => p.reload());
  assert.deepEqual(withdrawn, [], 'after withdrawal plus reload');
  await context.close();
});

test('accept all: the reload lets every service host through, never a host no service names', async () => {
  const { context, page: p } = await visitor();
  assert.deepEqual(await gauntlet(p), []);
  const reloaded = p.waitForEvent('load');
  await button(p, 'Accept all').click();
  const granted = await gauntlet(p, () => reloaded);
  assert.ok(names(to(granted, 'ads.test')).length > 20, names(to(granted, 'ads.test')).join(' '));
  assert.ok(names(to(granted, 'stats.test')).length > 20);
  assert.deepEqual(to(granted, 'unknown.test'), []);
  const pageLoads = loads.length;
  await p.waitForTimeout(1000);
  assert.equal(loads.length, pageLoads, 'once: the reloaded page does not reload again');
  await context.close();
});
