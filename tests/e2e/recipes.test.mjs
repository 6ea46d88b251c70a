// The recipes in docs/recipes/, run as written: every code block marked `file=NAME` is served
// (a `from=PATH` block is that repo file), third-party hosts are answered by small stand-ins
// that behave like the real tags (gtag.js reads the dataLayer's consent state, an ad tag reads
// the TC string, …), and every request is counted. A recipe that stops working fails here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { TCString } from '@iabtcf/core';
import { startServer } from '../../scripts/serve.mjs';
import { CHROMIUM_ARGS, button } from './helpers.mjs';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'noren-recipes-'));
let browser;
const servers = [];

before(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});
after(async () => {
  await browser.close();
  for (const s of servers) await new Promise((r) => s.close(r));
  rmSync(work, { recursive: true, force: true });
});

/** The `file=` blocks of a recipe (docs/recipes/NAME.md, or a .md file of the repo): [{file, body}]. */
function files(recipe) {
  const md = readFileSync(join(repo, recipe.endsWith('.md') ? recipe : join('docs/recipes', recipe + '.md')), 'utf8');
  const out = [];
  for (const m of md.matchAll(/```\w+ ([^\n]*)\n([\s\S]*?)```/g)) {
    const attrs = Object.fromEntries(m[1].split(/\s+/).filter(Boolean).map((a) => a.split('=')));
    if (!attrs.file) continue;
    out.push({ file: attrs.file, body: attrs.from ? readFileSync(join(repo, attrs.from)) : m[2] });
  }
  assert.ok(out.length > 0, `${recipe}.md has file= blocks`);
  return out;
}

/** Serves a recipe's files at / (dist/ at /noren/); `headers(path)` may add response headers. */
async function serve(recipe, headers) {
  const dir = mkdtempSync(join(work, recipe + '-'));
  for (const { file, body } of files(recipe)) writeFileSync(join(dir, file), body);
  const server = await startServer({ port: 0, mounts: { '/': dir }, headers });
  servers.push(server);
  return { dir, base: `http://127.0.0.1:${server.address().port}` };
}

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const js = (body) => ({ contentType: 'text/javascript', body });
const html = (body) => ({ contentType: 'text/html', body });
const gif = () => ({ contentType: 'image/gif', body: GIF });

/** Stand-ins for the third parties the recipes use: [pattern, response]. */
const FAKES = [
  // gtag.js: applies the dataLayer's commands as Google's does; a page view carries the
  // consent state (gcs=G1<ad_storage><analytics_storage>) and sets _ga only when granted.
  [/^https:\/\/www\.googletagmanager\.com\/gtag\/js/, js(`(function () {
    var state = {};
    function run(a) {
      if (a[0] === 'consent') for (var k in a[2]) state[k] = a[2][k];
      if (a[0] === 'config') {
        var g = function (t) { return state[t] === 'granted' ? '1' : '0'; };
        if (state.analytics_storage === 'granted') document.cookie = '_ga=GA1.1.1.1; path=/';
        navigator.sendBeacon('https://www.google-analytics.com/g/collect?v=2&tid=' + a[1] + '&gcs=G1' + g('ad_storage') + g('analytics_storage'));
      }
    }
    var dl = window.dataLayer = window.dataLayer || [];
    for (var i = 0; i < dl.length; i++) run(dl[i]);
    var push = dl.push;
    dl.push = function (a) { run(a); return push.apply(dl, arguments); };
    window.gtagLoaded = true;
  })();`)],
  [/^https:\/\/www\.google-analytics\.com\//, { status: 204 }],
  // gtm.js: the container adds Meta's pixel, as a tag manager does.
  [/^https:\/\/www\.googletagmanager\.com\/gtm\.js/, js(`(function () {
    window.gtmLoaded = true;
    var s = document.createElement('script');
    s.src = 'https://connect.facebook.net/en_US/fbevents.js';
    document.head.appendChild(s);
    new Image().src = 'https://www.facebook.com/tr?id=1&ev=PageView';
  })();`)],
  [/^https:\/\/connect\.facebook\.net\//, js('window.fbqLoaded = true;')],
  [/^https:\/\/www\.facebook\.com\/tr/, gif()],
  [/^https:\/\/www\.youtube-nocookie\.com\/embed\//, html('<p>YouTube player</p>')],
  [/^https:\/\/player\.vimeo\.com\/video\//, html('<p>Vimeo player</p>')],
  // The ad tag of the TCF recipe, as written in it.
  [/^https:\/\/ads\.adexchange\.example\/tag\.js/, js(`__tcfapi('addEventListener', 2, function (tcData, success) {
    if (!success || (tcData.eventStatus !== 'tcloaded' && tcData.eventStatus !== 'useractioncomplete')) return;
    var img = new Image();
    img.src = 'https://ads.adexchange.example/ad?gdpr=' + (tcData.gdprApplies ? 1 : 0) +
      '&gdpr_consent=' + encodeURIComponent(tcData.tcString);
  });`)],
  [/^https:\/\/ads\.adexchange\.example\/ad/, gif()],
  [/^https:\/\/stats\.wp\.com\//, js('window.wpStatsRan = true;')],
  [/^https:\/\/pixel\.wp\.com\//, gif()],
];

/** Opens `path` of a served recipe; `hits` lists every third-party URL the page requested. */
async function visit(site, path) {
  const context = await browser.newContext();
  const hits = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(site.base)) return route.continue();
    hits.push(url);
    const fake = FAKES.find(([re]) => re.test(url));
    return fake ? route.fulfill(fake[1]) : route.abort();
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(site.base + path);
  await page.waitForFunction(() => window.noren && window.noren.ready);
  await page.evaluate(() => window.noren.ready);
  return { page, context, hits, errors };
}

const to = (hits, host) => hits.filter((u) => new URL(u).hostname.endsWith(host));
const settle = (page) => page.evaluate(() => new Promise((r) => setTimeout(r, 300)));

/** GA4 as the ga4 recipe and the README set it up: nothing before consent or after refusal. */
async function ga4Works(site) {
  const v = await visit(site, '/');
  await settle(v.page);
  assert.deepEqual(v.hits, [], 'no request to Google before a choice');
  await button(v.page, 'Accept all').click();
  await v.page.waitForFunction(() => window.gtagLoaded);
  await v.page.waitForFunction(() => document.cookie.includes('_ga='));
  await settle(v.page);
  const hit = to(v.hits, 'google-analytics.com');
  assert.equal(hit.length, 1);
  assert.match(hit[0], /gcs=G1[01]1$/, 'analytics_storage granted');
  assert.deepEqual(v.errors, [], 'no "gtag is not defined"');
  await v.context.close();

  const r = await visit(site, '/');
  await button(r.page, 'Reject all').click();
  await settle(r.page);
  assert.deepEqual(r.hits, []);
  await r.context.close();
}

test('GA4: nothing before consent or after refusal; after "Accept all" gtag is defined and the page view is granted', async () => {
  await ga4Works(await serve('ga4'));
});

test("the README's three steps, as written: the same GA4 behaviour", async () => {
  await ga4Works(await serve('README.md'));
});

test('GTM held until consent: the container runs on consent, the pixel it adds waits for advertising', async () => {
  const site = await serve('gtm');
  const v = await visit(site, '/index.html');
  await settle(v.page);
  assert.deepEqual(v.hits, []);
  await v.page.evaluate(() => window.noren.showPreferences());
  await v.page.getByRole('dialog').getByRole('switch', { name: /Analytics/ }).first().click();
  await button(v.page, 'Save preferences').click();
  await v.page.waitForFunction(() => window.gtmLoaded);
  await settle(v.page);
  assert.equal(to(v.hits, 'googletagmanager.com').length, 1);
  assert.deepEqual(to(v.hits, 'facebook.net').concat(to(v.hits, 'facebook.com')), [], 'Meta waits for advertising');
  await v.context.close();
});

test('GTM at once: the container loads, the tags it injects from declared hosts wait for their service', async () => {
  const site = await serve('gtm');
  const v = await visit(site, '/at-once.html');
  await v.page.waitForFunction(() => window.gtmLoaded);
  await settle(v.page);
  assert.deepEqual(to(v.hits, 'facebook.net').concat(to(v.hits, 'facebook.com')), [], 'held before a choice');
  await button(v.page, 'Accept all').click();
  await v.page.waitForFunction(() => window.fbqLoaded);
  await settle(v.page);
  assert.equal(to(v.hits, 'facebook.com').length, 1, 'the held pixel loads once');
  await v.context.close();

  const r = await visit(site, '/at-once.html');
  await r.page.waitForFunction(() => window.gtmLoaded);
  await button(r.page, 'Reject all').click();
  await settle(r.page);
  assert.deepEqual(to(r.hits, 'facebook.net').concat(to(r.hits, 'facebook.com')), []);
  await r.context.close();
});

test('YouTube and Vimeo: placeholders first; "Load this content" loads that service only', async () => {
  const site = await serve('embeds');
  const v = await visit(site, '/');
  await button(v.page, 'Reject all').click();
  const youtube = v.page.getByRole('group', { name: 'YouTube' });
  await youtube.waitFor();
  await v.page.getByRole('group', { name: 'Vimeo' }).waitFor();
  await settle(v.page);
  assert.deepEqual(v.hits, []);
  await youtube.getByRole('button', { name: 'Load this content' }).click();
  await v.page.waitForFunction(() => document.querySelector('iframe[data-service="youtube"]').src.includes('youtube'));
  await settle(v.page);
  assert.equal(to(v.hits, 'youtube-nocookie.com').length, 1);
  assert.deepEqual(to(v.hits, 'vimeo.com'), []);
  const consent = await v.page.evaluate(() => window.noren.getConsent());
  assert.equal(consent.services.youtube, true);
  assert.equal(consent.services.vimeo, false);
  await v.context.close();
});

test('an ad network with TCF: the tag waits for advertising, then its ad request carries a TC string with its vendors', async () => {
  const site = await serve('tcf-ads');
  const v = await visit(site, '/');
  await settle(v.page);
  assert.deepEqual(v.hits, []);
  await button(v.page, 'Accept all').click();
  await v.page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/ad?')));
  const ad = to(v.hits, 'adexchange.example').find((u) => u.includes('/ad?'));
  const params = new URL(ad).searchParams;
  assert.equal(params.get('gdpr'), '1');
  const tc = TCString.decode(params.get('gdpr_consent'));
  assert.equal(tc.cmpId, 300);
  assert.ok(tc.vendorConsents.has(8) && tc.vendorConsents.has(21));
  assert.ok(tc.purposeConsents.has(1));
  await v.context.close();
});

test('React: the useConsent hook follows the choice without a reload', async () => {
  const site = await serve('react-nextjs');
  await build({
    entryPoints: [join(site.dir, 'app.jsx')], bundle: true, format: 'esm', jsx: 'automatic',
    outfile: join(site.dir, 'app.js'), nodePaths: [join(repo, 'node_modules')], logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const v = await visit(site, '/');
  await v.page.locator('#video-waiting').waitFor();
  await button(v.page, 'Accept all').click();
  await v.page.locator('#video-allowed').waitFor();
  assert.deepEqual(v.errors, []);
  await v.context.close();
});

test('WordPress: the held plugin tag and the pixel a plugin adds at run time wait for analytics', async () => {
  const site = await serve('wordpress');
  const v = await visit(site, '/');
  await v.page.waitForLoadState('load');
  await settle(v.page);
  assert.deepEqual(v.hits, [], 'nothing from stats.wp.com or pixel.wp.com before a choice');
  await button(v.page, 'Accept all').click();
  await v.page.waitForFunction(() => window.wpStatsRan);
  await settle(v.page);
  assert.equal(to(v.hits, 'stats.wp.com').length, 1);
  assert.equal(to(v.hits, 'pixel.wp.com').length, 1);
  await v.context.close();
});

/** Netlify / Cloudflare Pages `_headers` rules: every rule whose pattern matches applies. */
function headersFile(text) {
  const rules = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const re = new RegExp('^' + line.trim().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') + '$');
      rules.push({ re, headers: {} });
    } else {
      const i = line.indexOf(':');
      const name = line.slice(0, i).trim().toLowerCase();
      const h = rules.at(-1).headers;
      h[name] = h[name] ? h[name] + ', ' + line.slice(i + 1).trim() : line.slice(i + 1).trim();
    }
  }
  return (path) => {
    const out = {};
    for (const r of rules.filter((r) => r.re.test(path))) {
      for (const [k, val] of Object.entries(r.headers)) out[k] = out[k] ? out[k] + ', ' + val : val;
    }
    return out;
  };
}

test('static hosts: the _headers rules give short and immutable caches without overlap, and Noren works under the CSP', async () => {
  const rules = headersFile(files('static-hosts').find((f) => f.file === '_headers').body.toString());
  const site = await serve('static-hosts', rules);
  const loader = await fetch(site.base + '/noren/noren.js');
  assert.equal(loader.headers.get('cache-control'), 'public, max-age=300');
  const { hashed } = await import('../../scripts/size.mjs');
  const wasm = await fetch(site.base + '/noren/' + hashed('noren_core', 'wasm'));
  assert.equal(wasm.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  const { wordingDir } = await import('../../scripts/size.mjs');
  const words = await fetch(site.base + '/noren/' + wordingDir() + '/en.json');
  assert.equal(words.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  const messages = readdirSync(join(repo, 'dist')).find((f) => /^messages\.[0-9a-f]{10}\.json$/.test(f));
  const said = await fetch(site.base + '/noren/' + messages);
  assert.equal(said.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  const page = await fetch(site.base + '/index.html');
  assert.match(page.headers.get('content-security-policy'), /script-src 'self' 'wasm-unsafe-eval'/);
  const v = await visit(site, '/index.html');
  await v.page.evaluate(() => { window.violations = []; document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective)); });
  await button(v.page, 'Accept all').click();
  await v.page.waitForFunction(() => window.noren.getConsent().decided);
  assert.deepEqual(await v.page.evaluate(() => window.violations), []);
  assert.deepEqual(v.errors, []);
  await v.context.close();
});
