// How the loader reaches the network (issue 14 §1, docs/loading.md): the module and its glue
// requested side by side, the loader inlined in the page under a CSP hash, and the documented
// preload tags (the loader's own requests reuse them: one request each).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setup, open, settled, button } from './helpers.mjs';

const dist = (f) => fileURLToPath(new URL(`../../dist/${f}`, import.meta.url));
const HEAD = JSON.parse(readFileSync(dist('noren-head.json'), 'utf8'));

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

/** A fresh context that records CSP violations and serves `pages` ({path: [type, body, headers]}). */
async function contextWith(pages) {
  const context = await env.browser.newContext();
  await context.addInitScript(() => {
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  for (const [path, [contentType, body, headers]] of Object.entries(pages)) {
    await context.route('**' + path, (route) => route.fulfill({ contentType, body, headers }));
  }
  return context;
}

/** How many requests the server has answered for `path` (without a query). */
const served = (path) => env.hits.filter((h) => h.split('?')[0] === path).length;

test('the module is requested while its glue is still on its way, not after it', async () => {
  const glue = new RegExp(`/noren/${HEAD['noren.js'].glue.replace(/\./g, '\\.')}$`);
  const wasm = `/noren/${HEAD['noren.js'].module}`;
  const context = await env.browser.newContext();
  let glueAnswered = false;
  let wasmBeforeGlue = null;
  await context.route(glue, async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    glueAnswered = true;
    await route.continue();
  });
  context.on('request', (r) => { if (r.url().endsWith(wasm)) wasmBeforeGlue = !glueAnswered; });
  const { page, log } = await open(env, '/t/basic.html', { reuse: context });
  assert.equal(await settled(page), 'ok');
  assert.equal(wasmBeforeGlue, true, 'the module was requested before the glue had arrived');
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('the loader inlined in the page runs under a CSP that allows it by its hash (dist/noren-head.json)', async () => {
  const { scriptSrc } = HEAD['noren.js'];
  const loader = readFileSync(dist('noren.js'), 'utf8');
  const context = await contextWith({
    '/t/inline-loader.html': ['text/html', `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Inline loader</title>
<script src="/t/order.js"></script>
<script data-base="/noren/" data-config="/t/gate.json">${loader}</script>
</head><body><h1>Inline loader</h1>
<script type="text/plain" data-consent="ads" data-service="pixel" data-src="/t/tags/ext.js?name=C"></script>
<script src="/t/inline-pixel.js"></script>
</body></html>`, { 'content-security-policy': `script-src 'self' ${scriptSrc} 'wasm-unsafe-eval'` }],
    // A page script adds a pixel on the ad service's host: the gate holds it until consent.
    '/t/inline-pixel.js': ['text/javascript', `var i = new Image();
i.src = 'http://px.pixel.test:' + location.port + '/t/tags/pixel.gif?v=inline';
document.body.appendChild(i);`],
  });
  const { page, log } = await open(env, '/t/inline-loader.html', { reuse: context });
  assert.equal(await settled(page), 'ok');
  await button(page, 'Accept all').waitFor();
  assert.deepEqual(await page.evaluate(() => window.violations), [], 'the hash allows the inline loader');
  assert.deepEqual(await page.evaluate(() => [...window.dataLayer[0]].slice(0, 2)), ['consent', 'default']);
  assert.equal(served('/t/tags/ext.js'), 0);
  const pixel = () => page.evaluate(() => { const i = document.querySelector('body > img'); return [i.getAttribute('src'), i.getAttribute('data-noren-held')]; });
  assert.deepEqual(await pixel(), [null, 'pixel'], 'the pixel is held for its service');
  assert.ok(!env.hits.includes('/t/tags/pixel.gif?v=inline'));
  await button(page, 'Accept all').click();
  await page.waitForFunction(() => window.order.includes('C'));
  // (Its request itself is refused by Chromium's local network access rules, since this test
  // page is not served from 127.0.0.1: only the release is checked here.)
  assert.match(String((await pixel())[0]), /pixel\.gif\?v=inline$/, 'released after consent');
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('the loader inlined with a nonce instead of the hash runs too', async () => {
  const loader = readFileSync(dist('noren.js'), 'utf8');
  const context = await contextWith({
    '/t/inline-nonce.html': ['text/html', `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Nonce</title>
<script nonce="r4nd0m" data-base="/noren/" data-config="/t/basic.json">${loader}</script></head><body><h1>Nonce</h1></body></html>`,
    { 'content-security-policy': "script-src 'self' 'nonce-r4nd0m' 'wasm-unsafe-eval'" }],
  });
  const { page, log } = await open(env, '/t/inline-nonce.html', { reuse: context });
  assert.equal(await settled(page), 'ok');
  await button(page, 'Accept all').waitFor();
  assert.deepEqual(await page.evaluate(() => window.violations), []);
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('an inlined loader without its hash in the policy does not run (the hash is what allows it)', async () => {
  const loader = readFileSync(dist('noren.js'), 'utf8');
  const context = await contextWith({
    '/t/inline-blocked.html': ['text/html', `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Blocked</title>
<script data-base="/noren/" data-config="/t/gate.json">${loader}</script></head><body><h1>Blocked</h1></body></html>`,
    { 'content-security-policy': `script-src 'self' ${HEAD['noren-iab.js'].scriptSrc} 'wasm-unsafe-eval'` }],
  });
  const { page } = await open(env, '/t/inline-blocked.html', { reuse: context });
  await page.waitForFunction(() => window.violations.length > 0);
  assert.equal(await page.evaluate(() => typeof window.noren), 'undefined');
  await context.close();
});

test('with the documented preload tags the loader reuses them: the glue and the module are fetched once each', async () => {
  const { glue, module } = HEAD['noren.js'];
  const before = [served(`/noren/${glue}`), served(`/noren/${module}`)];
  const context = await contextWith({
    '/t/preload.html': ['text/html', `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Preloaded</title>
<link rel="modulepreload" href="/noren/${glue}">
<link rel="preload" href="/noren/${module}" as="fetch" crossorigin>
<script src="/t/order.js"></script>
<script src="/noren/noren.js" data-config="/t/basic.json"></script>
</head><body><h1>Preloaded</h1></body></html>`],
  });
  const { page, log } = await open(env, '/t/preload.html', { reuse: context });
  assert.equal(await settled(page), 'ok');
  await button(page, 'Accept all').waitFor();
  assert.deepEqual([served(`/noren/${glue}`) - before[0], served(`/noren/${module}`) - before[1]], [1, 1]);
  // Chromium warns about a preload that nothing used (after a few seconds): none here.
  await page.waitForTimeout(3500);
  assert.ok(!log.console.some((m) => /preload/i.test(m)), log.console.join('\n'));
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('noren.js with a tcf config says to load noren-iab.js, and loads no module', async () => {
  const before = env.hits.filter((h) => /\.wasm$/.test(h)).length;
  const context = await contextWith({
    '/t/wrong-loader.html': ['text/html', `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Wrong loader</title>
<script type="application/json" id="noren-config">{"revision": 1, "categories": [{"id": "ads", "title": "Ads", "description": "Ads."}],
  "tcf": {"cmpId": 300, "cmpVersion": 1, "gvlUrl": "/t/vendor-list.json", "vendors": [8]}}</script>
<script src="/noren/noren.js"></script></head><body><h1>Wrong loader</h1></body></html>`],
  });
  const { page, log } = await open(env, '/t/wrong-loader.html', { reuse: context });
  assert.match(await settled(page), /^rejected: the config has tcf or gpp: load noren-iab\.js instead of noren\.js/);
  assert.ok(log.console.some((m) => m.startsWith('error: [noren] not started') && m.includes('load noren-iab.js')), log.console.join('\n'));
  assert.equal(env.hits.filter((h) => /\.wasm$/.test(h)).length, before);
  await context.close();
});

test('an inline loader with a data-base that is not a URL fails closed: the console says so, the gate still holds', async () => {
  const loader = readFileSync(dist('noren.js'), 'utf8');
  const context = await contextWith({
    '/t/bad-base.html': ['text/html', `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bad base</title>
<script data-base="http://[" data-config="/t/gate.json">${loader}</script></head><body><h1>Bad base</h1>
<script src="/t/bad-base-pixel.js"></script></body></html>`],
    '/t/bad-base-pixel.js': ['text/javascript', `var i = new Image();
i.src = 'http://px.pixel.test:' + location.port + '/t/tags/pixel.gif?v=bad-base';
document.body.appendChild(i);`],
  });
  const { page, log } = await open(env, '/t/bad-base.html', { reuse: context });
  assert.match(await settled(page), /^rejected: could not load the module/);
  assert.ok(log.console.includes('error: [noren] data-base="http://[" is not a URL'), log.console.join('\n'));
  assert.deepEqual(await page.evaluate(() => { const i = document.querySelector('body > img'); return [i.getAttribute('src'), i.getAttribute('data-noren-held')]; }),
    [null, 'pixel']);
  assert.ok(!env.hits.includes('/t/tags/pixel.gif?v=bad-base'));
  assert.deepEqual(log.errors, []);
  await context.close();
});
