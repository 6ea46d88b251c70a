// The gauntlet (issue 10, part 4): a page served with the consent-derived policy of
// `noren csp` (computed per request from the `noren` cookie by the test server, which runs the
// native binary) tries every way a script or the page's HTML can make a request. Counted at
// the server: zero requests to hosts nobody consented to, before consent, after refusal, after
// withdrawal plus reload; consented hosts get through after consent plus the reload the
// module makes. A control run without the policy and without the loader proves that every
// vector does reach the server when nothing stops it.
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

/** The page: Noren first (unless `loader` is false), then every static vector for each host. */
function page(hosts, loader = true) {
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
${loader ? '<script src="/noren/noren.js" data-config="/t/barrier.json"></script>' : ''}${head}
</head><body><h1>Gauntlet</h1><a href="#" id="opener" data-noren-open>Cookie settings</a>
<div id="sink-box"></div>${body}
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
  const built = spawnSync('cargo', ['build', '--quiet', '-p', 'noren-cli', '--bin', 'noren'], { cwd: repo, stdio: 'inherit' });
  assert.equal(built.status, 0, 'cargo build -p noren-cli --bin noren');
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
      const hosts = url.searchParams.get('hosts') ?? HOSTS.join(',');
      res.writeHead(200, headers).end(page(hosts.split(',').filter(Boolean), !url.searchParams.has('noloader')));
      return;
    }
    const file = url.pathname === '/noren-sw.js' ? join(repo, 'dist/noren-sw.js')
      : url.pathname.startsWith('/noren/') ? join(repo, 'dist', url.pathname.slice(7))
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
      `--host-resolver-rules=MAP *.test 127.0.0.1:${port}`,
      // Service workers need a secure context; the test site is plain http.
      `--unsafely-treat-insecure-origin-as-secure=${SITE}`],
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

/** Loads the page (after `navigate`, if given), waits for Noren, fires every vector at every
 * host; returns the requests seen since `from` (by default: from now; a caller whose
 * navigation has already begun passes the count from before it, or a fast page's first
 * requests would fall before the mark). */
async function gauntlet(p, navigate = () => p.goto(SITE + '/g.html'), from = seen.length) {
  await navigate();
  await p.waitForFunction(() => window.fire && window.noren);
  await p.evaluate(() => window.noren.ready.catch(() => {}));
  await p.evaluate((hosts) => hosts.forEach((h) => window.fire(h)), HOSTS);
  await p.waitForTimeout(2500); // time for anything that leaks to arrive
  return seen.slice(from);
}

const to = (requests, host) => requests.filter((r) => r.startsWith(host + ' '));
/** The vectors behind these requests (anything else by its path, so nothing hides). */
const names = (requests) => [...new Set(requests.map((r) => r.split(' /v/')[1] || r))].sort();

test('control: without the policy (and without the loader, whose gate holds some on its own) every vector reaches the server', async () => {
  const { context, page: p } = await visitor();
  const from = seen.length;
  // Nothing stops them: no policy, and no loader (whose in-page gate holds some vectors, such
  // as frames of a new realm, on its own).
  await p.goto(SITE + '/g.html?nocsp=1&noloader=1&hosts=unknown.test');
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
  const mark = seen.length; // the reload starts with the click
  await button(p, 'Save preferences').click();
  const granted = await gauntlet(p, () => reloaded, mark);
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
  const mark = seen.length; // the reload starts with the click
  await button(p, 'Accept all').click();
  const granted = await gauntlet(p, () => reloaded, mark);
  assert.ok(names(to(granted, 'ads.test')).length > 20, names(to(granted, 'ads.test')).join(' '));
  assert.ok(names(to(granted, 'stats.test')).length > 20);
  assert.deepEqual(to(granted, 'unknown.test'), []);
  const pageLoads = loads.length;
  await p.waitForTimeout(1000);
  assert.equal(loads.length, pageLoads, 'once: the reloaded page does not reload again');
  await context.close();
});

// noren-sw.js, alone (no loader, no policy): what it refuses and what it cannot see.
const SW_BLIND = [
  // Navigations: a frame's, object's or embed's document is requested by the browser for
  // the frame (a fetch event only in the worker of the *target's* scope, never this one).
  // A form submission navigates its target frame too.
  'html-embed', 'html-iframe', 'html-object', 'js-embed', 'js-iframe', 'js-object', 'js-form',
  // Local frames (about:blank, blob:, data:, javascript:) are not controlled in Chromium,
  // so what they request is unseen (srcdoc frames are).
  'js-iframe-blank-fetch', 'js-iframe-blank-write', 'js-iframe-blob', 'js-iframe-data', 'js-iframe-javascript',
  // The favicon is fetched by the browser, not the page; WebSocket has no fetch event.
  'html-icon', 'js-link-icon', 'js-websocket',
];

/** A visitor whose pages the service worker controls (registered from a page with no vector). */
async function controlled(config = '/t/barrier.json') {
  const context = await browser.newContext();
  const p = await context.newPage();
  const logs = [];
  context.on('serviceworker', (w) => w.on('console', (m) => logs.push(m.text())));
  await p.goto(SITE + '/g.html?nocsp=1&noloader=1&hosts=');
  await p.evaluate(async (c) => {
    await navigator.serviceWorker.register('/noren-sw.js?config=' + c);
    await navigator.serviceWorker.ready;
  }, config);
  return { context, page: p, logs };
}

/** Loads the page (no policy), waits until the service worker controls it, fires every vector. */
async function swGauntlet(p, query) {
  const from = seen.length;
  await p.goto(SITE + '/g.html?nocsp=1' + query);
  await p.waitForFunction(() => window.fire && navigator.serviceWorker.controller);
  await p.evaluate((hosts) => hosts.forEach((h) => window.fire(h)), HOSTS);
  await p.waitForTimeout(2500);
  return seen.slice(from);
}

test('service worker alone: no request to a non-consented service host but what it cannot see', async () => {
  const { context, page: p } = await controlled();
  const got = await swGauntlet(p, '&noloader=1');
  const leaked = names([...to(got, 'ads.test'), ...to(got, 'stats.test')]);
  assert.ok(names(to(got, 'unknown.test')).length > 40, 'a host no service names loads (blockUnknownHosts is off)');
  assert.deepEqual(leaked, [...SW_BLIND].sort());
  await context.close();
});

test('service worker: after consent, the consented hosts load; the choice is read from the cookie', async () => {
  const { context, page: p } = await controlled();
  const before = await swGauntlet(p, '&hosts=');
  assert.deepEqual(names(to(before, 'ads.test')).filter((n) => !SW_BLIND.includes(n)), []);
  const reloaded = p.waitForEvent('load');
  await button(p, 'Accept all').click();
  await reloaded; // "barrier": "csp" in this config: the module reloads after the grant
  const from = seen.length;
  await p.waitForFunction(() => window.fire && navigator.serviceWorker.controller);
  await p.evaluate(() => window.fire('ads.test'));
  await p.waitForTimeout(2500);
  const after = names(to(seen.slice(from), 'ads.test'));
  for (const n of ['js-fetch', 'js-xhr', 'js-beacon', 'js-img-property', 'js-script', 'js-worker-fetch']) {
    assert.ok(after.includes(n), `${n} gets through after consent: ${after.join(' ')}`);
  }
  await context.close();
});

test('service worker without a usable config: every third-party request it sees is refused', async () => {
  const { context, page: p, logs } = await controlled('/t/missing.json');
  const got = await swGauntlet(p, '&noloader=1');
  assert.deepEqual(names(got).filter((n) => !SW_BLIND.includes(n)), [], 'even hosts no service names');
  assert.ok(logs.some((m) => m.includes('no usable config')), logs.join('\n'));
  await context.close();
});
