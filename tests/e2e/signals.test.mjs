// Issue 10, parts 1 and 2: no signal claims a consent nobody gave, and the stored choice is the
// visitor's whatever other cookies say. Consent Mode replay, GPC as a choice, the API's
// guards (junk updates, prototypes, a frozen window.noren, grants without a gesture), several
// `noren` cookies at once, and withdrawal on every path and domain.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, open, settled, ran, button, basicConfig, withoutGesture, DENIED } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

/** dataLayer entries as plain arrays. */
const layer = (page) => page.evaluate(() => window.dataLayer.map((a) => JSON.parse(JSON.stringify(Array.prototype.slice.call(a)))));
const updates = (entries) => entries.filter((e) => e[0] === 'consent' && e[1] === 'update');
const port = () => new URL(env.base).port;
/** A URL of the test server under a `*.test` host name. */
const at = (host, path) => `http://${host}:${port()}${path}`;

/** Opens `url` in `context` (only the test server is reachable), with `config` served for /t/*.json. */
async function visit(context, url, config) {
  await context.route((u) => !(u.href.startsWith(env.base) || (u.hostname.endsWith('.test') && u.port === port())),
    (route) => route.abort());
  const page = await context.newPage();
  const log = { console: [], errors: [] };
  page.on('console', (m) => log.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => log.errors.push(e.message));
  if (config) {
    await page.route(/\/t\/[^/]*\.json$/, (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(config) }));
  }
  await page.goto(url);
  return { page, log };
}

/** A page with an inline config and the loader, then `body`. */
function inlinePage(config, body = '') {
  return `<!doctype html><html lang="en"><title>x</title><script src="/t/order.js"></script>
<script type="application/json" id="noren-config">${JSON.stringify(config)}</script>
<script src="/noren/noren.js"></script>
<script>window.seenBySiteTag = window.dataLayer.map(function (a) { return Array.prototype.slice.call(a); });</script>
<body><h1>x</h1>${body}</body></html>`;
}

async function cookiesNamed(context, name, url) {
  return (await context.cookies(url)).filter((c) => c.name === name);
}

// --- 1. Consent Mode -----------------------------------------------------------------------

test('Consent Mode: no update for a visitor who has not chosen (region defaults stay in force)', async () => {
  const config = await basicConfig(env);
  config.consentMode = { regions: [{ region: ['US-CA'], granted: ['analytics_storage'] }] };
  const context = await env.browser.newContext();
  await context.route('**/t/regions.html', (r) => r.fulfill({ contentType: 'text/html', body: inlinePage(config) }));
  const { page } = await visit(context, env.base + '/t/regions.html');
  assert.equal(await settled(page), 'ok');
  await page.getByRole('dialog', { name: 'Your privacy choices' }).waitFor();
  assert.deepEqual(updates(await layer(page)), [], 'only the defaults');
  // A choice sends it.
  await button(page, 'Reject all').click();
  assert.deepEqual(updates(await layer(page)), [['consent', 'update', DENIED]]);
});

test('Consent Mode: the kept state is not replayed once the noren cookie is gone', async () => {
  const context = await env.browser.newContext();
  const { page } = await visit(context, env.base + '/t/cm.html');
  assert.equal(await settled(page), 'ok');
  await button(page, 'Accept all').click();
  await page.waitForFunction(() => localStorage.getItem('noren.consentMode'));
  await context.clearCookies();
  await page.reload();
  assert.equal(await settled(page), 'ok');
  assert.deepEqual(updates(await page.evaluate(() => window.seenBySiteTag)), [], 'nothing replayed before the site tag');
  assert.deepEqual(updates(await layer(page)), [], 'and nothing after: the visitor is asked again');
  assert.equal(await page.evaluate(() => localStorage.getItem('noren.consentMode')), null, 'the kept state is dropped');
});

test('Consent Mode: a refusal on another subdomain sharing the cookie stops the replay', async () => {
  const config = await basicConfig(env);
  config.cookie = { domain: 'site.test' };
  const context = await env.browser.newContext();
  const www = await visit(context, at('www.site.test', '/t/cm.html'), config);
  assert.equal(await settled(www.page), 'ok');
  await button(www.page, 'Accept all').click();
  await www.page.waitForFunction(() => localStorage.getItem('noren.consentMode'));
  const shop = await visit(context, at('shop.site.test', '/t/cm.html'), config);
  assert.equal(await settled(shop.page), 'ok');
  assert.equal((await shop.page.evaluate(() => window.noren.getConsent())).categories.ads, true, 'the shared choice');
  await shop.page.evaluate(() => window.noren.showPreferences());
  await button(shop.page, 'Reject all').click();
  await shop.page.waitForFunction(() => !window.noren.getConsent().categories.ads);
  // Back on www: its localStorage still holds the accepted state, the cookie says refused.
  await www.page.reload();
  assert.equal(await settled(www.page), 'ok');
  assert.deepEqual(updates(await www.page.evaluate(() => window.seenBySiteTag)), [], 'no stale grant before the site tag');
  assert.deepEqual(updates(await layer(www.page)), [['consent', 'update', DENIED]], 'the refusal, from the module');
  assert.deepEqual(await ran(www.page), []);
});

test('Consent Mode: a new config revision (config file) takes a replayed state back at once', async () => {
  const config = await basicConfig(env);
  const context = await env.browser.newContext();
  const first = await visit(context, env.base + '/t/cm.html', config);
  assert.equal(await settled(first.page), 'ok');
  await button(first.page, 'Accept all').click();
  await first.page.waitForFunction(() => localStorage.getItem('noren.consentMode'));
  const second = await visit(context, env.base + '/t/cm.html', { ...config, revision: 2 });
  assert.equal(await settled(second.page), 'ok');
  const ups = updates(await layer(second.page));
  assert.deepEqual(ups.at(-1), ['consent', 'update', DENIED], 'the last word is denied');
  assert.equal((await second.page.evaluate(() => window.noren.getConsent())).decided, false);
  assert.equal(await second.page.evaluate(() => localStorage.getItem('noren.consentMode')), null);
});

// --- 3. GPC is a choice --------------------------------------------------------------------

/** A context whose pages send GPC unless their URL has `nogpc`. */
async function gpcContext() {
  const context = await env.browser.newContext();
  await context.addInitScript(() => {
    if (!location.search.includes('nogpc')) Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true });
  });
  return context;
}

test('GPC under opt-out: recorded and stored as a choice, kept on a page without the signal', async () => {
  const config = await basicConfig(env);
  config.regime = 'opt-out';
  config.recordUrl = '/records';
  env.records.length = 0;
  const context = await gpcContext();
  const { page } = await visit(context, env.base + '/t/cm.html', config);
  assert.equal(await settled(page), 'ok');
  await page.getByRole('dialog', { name: 'Your privacy choices' }).waitFor(); // shown once
  const record = await page.evaluate(() => window.noren.getRecord());
  assert.deepEqual([record.action, record.source, record.signals.gpc, record.categories.ads, record.categories.analytics],
    ['gpc', 'ui', true, false, true]);
  assert.equal((await cookiesNamed(context, 'noren')).length, 1, 'stored');
  assert.deepEqual(updates(await layer(page)).at(-1), ['consent', 'update', { ...DENIED, analytics_storage: 'granted' }]);
  await page.waitForFunction(() => window.order.includes('A'));
  // The next page, without the signal: the opt-out holds, nothing is asked.
  const next = await visit(context, env.base + '/t/cm.html?nogpc', config);
  assert.equal(await settled(next.page), 'ok');
  assert.equal(await next.page.evaluate(() => navigator.globalPrivacyControl), undefined);
  const consent = await next.page.evaluate(() => window.noren.getConsent());
  assert.deepEqual([consent.decided, consent.categories.ads], [true, false]);
  assert.equal(await next.page.getByRole('dialog', { name: 'Your privacy choices' }).isVisible(), false, 'no notice');
  await next.page.waitForFunction(() => window.order.includes('A'));
  await next.page.waitForTimeout(200);
  assert.ok(!(await ran(next.page)).includes('C'), 'ads never ran');
  assert.equal(env.records.filter((r) => r.action === 'gpc').length, 1, 'one GPC record, sent once');
});

test('GPC wins over Accept all and over a stored grant: Consent Mode, tags and the choice agree', async () => {
  const config = await basicConfig(env);
  // A choice that granted ads, made without the signal.
  const context = await gpcContext();
  const plain = await visit(context, env.base + '/t/cm.html?nogpc', config);
  assert.equal(await settled(plain.page), 'ok');
  await button(plain.page, 'Accept all').click();
  await plain.page.waitForFunction(() => window.order.includes('C'));
  // The browser now sends GPC: advertising is refused at once, recorded.
  const { page } = await visit(context, env.base + '/t/cm.html', config);
  assert.equal(await settled(page), 'ok');
  const record = await page.evaluate(() => window.noren.getRecord());
  assert.deepEqual([record.action, record.categories.ads, record.categories.analytics], ['gpc', false, true]);
  assert.deepEqual(updates(await page.evaluate(() => window.dataLayer.map((a) => JSON.parse(JSON.stringify(Array.prototype.slice.call(a)))))).at(-1),
    ['consent', 'update', { ...DENIED, analytics_storage: 'granted' }]);
  // Accept all under GPC: everything but advertising.
  await page.evaluate(() => window.noren.showBanner());
  await button(page, 'Accept all').click();
  const c = await page.evaluate(() => window.noren.getConsent());
  assert.deepEqual([c.categories.ads, c.services.adnet, c.categories.media], [false, false, true]);
  assert.deepEqual(updates(await layer(page)).at(-1)[2].ad_storage, 'denied');
  await page.waitForTimeout(200);
  assert.ok(!(await ran(page)).includes('C'), 'the ad tag stays held');
});

// --- 4–7. The API ---------------------------------------------------------------------------

test('update() with nothing valid is an error and changes nothing, before ready and after', async () => {
  const config = await basicConfig(env);
  config.recordUrl = '/records';
  env.records.length = 0;
  const context = await env.browser.newContext();
  const early = `<script>window.changes = 0; noren.on('change', function () { window.changes++; });
    noren.update({}); noren.update({ categories: { nope: true } }); noren.update(null);</script>`;
  await context.route('**/t/junk.html', (r) => r.fulfill({ contentType: 'text/html', body: inlinePage(config, early) }));
  const { page, log } = await visit(context, env.base + '/t/junk.html');
  assert.equal(await settled(page), 'ok');
  await page.evaluate(() => {
    window.noren.update();
    window.noren.update({ categories: { analytics: 'yes' }, services: 'ga' });
    window.noren.update('analytics');
  });
  const errors = log.console.filter((m) => m.startsWith('error:') && m.includes('update(): no known id'));
  assert.equal(errors.length, 6, log.console.join('\n'));
  assert.equal(await page.evaluate(() => window.changes), 0, 'no change event');
  assert.equal(await page.evaluate(() => window.noren.getConsent().decided), false);
  assert.equal(await page.evaluate(() => window.noren.getRecord()), null, 'no record');
  assert.deepEqual(await cookiesNamed(context, 'noren'), [], 'no cookie');
  assert.deepEqual(env.records, []);
  await page.getByRole('dialog', { name: 'Your privacy choices' }).waitFor();
});

test('objects the API returns have no prototype; inherited names are not ids', async () => {
  const { page } = await open(env, '/t/basic.html');
  const early = await page.evaluate(() => Object.getPrototypeOf(window.noren.getConsent().categories));
  assert.equal(early, null);
  assert.equal(await settled(page), 'ok');
  await button(page, 'Accept all').click();
  const seen = await page.evaluate(async () => {
    const c = window.noren.getConsent();
    const r = window.noren.getRecord();
    const ready = await window.noren.ready;
    const change = await new Promise((resolve) => { window.noren.on('change', resolve); window.noren.update({ categories: { media: false } }); });
    const inherited = ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf'];
    return {
      protos: [c, c.categories, c.services, r, r.categories, r.signals, ready, ready.categories, change, change.services]
        .map((o) => Object.getPrototypeOf(o)),
      answers: inherited.map((k) => [c.categories[k], c.services[k], window.noren.hasConsent(k)]),
      ads: c.categories.ads,
    };
  });
  assert.ok(seen.protos.every((p) => p === null));
  assert.deepEqual(seen.answers, Array(5).fill([undefined, undefined, false]));
  assert.equal(seen.ads, true);
});

test('an id that is an inherited name (__proto__, hasOwnProperty) is an id like any other', async () => {
  const config = await basicConfig(env);
  config.categories.push({ id: '__proto__', title: 'Proto', description: 'A category named __proto__.' });
  config.services.push({ id: 'hasOwnProperty', category: '__proto__', name: 'Own', purpose: 'A service.' });
  const { page } = await open(env, '/t/basic.html', { config });
  assert.equal(await settled(page), 'ok');
  const look = () => page.evaluate(() => {
    const c = window.noren.getConsent();
    return {
      keys: Object.keys(c.categories), proto: Object.getPrototypeOf(c.categories),
      own: [Object.getOwnPropertyDescriptor(c.categories, '__proto__')?.value, c.services.hasOwnProperty],
      has: [window.noren.hasConsent('__proto__'), window.noren.hasConsent('hasOwnProperty')],
    };
  });
  await button(page, 'Reject all').click();
  let seen = await look();
  assert.ok(seen.keys.includes('__proto__'), seen.keys.join());
  assert.equal(seen.proto, null);
  assert.deepEqual([seen.own, seen.has], [[false, false], [false, false]]);
  await page.evaluate(() => window.noren.acceptAll());
  seen = await look();
  assert.equal(seen.proto, null);
  assert.deepEqual([seen.own, seen.has], [[true, true], [true, true]]);
});

test('window.noren and its methods cannot be replaced, redefined or deleted', async () => {
  const { page } = await open(env, '/t/basic.html');
  assert.equal(await settled(page), 'ok');
  const outcome = await page.evaluate(() => {
    const original = window.noren;
    const accept = original.acceptAll;
    const evil = () => 'evil';
    const tries = {
      assignMethod: () => { original.acceptAll = evil; },
      assignGlobal: () => { window.noren = { acceptAll: evil }; },
      defineMethod: () => Object.defineProperty(original, 'hasConsent', { value: () => true }),
      defineGlobal: () => Object.defineProperty(window, 'noren', { value: {} }),
      deleteMethod: () => { 'use strict'; delete original.update; },
      deleteGlobal: () => { 'use strict'; delete window.noren; },
      addMember: () => { 'use strict'; original.extra = 1; },
      replaceReady: () => { 'use strict'; original.ready.then = evil; },
      strictAssign: () => { 'use strict'; original.getConsent = evil; },
    };
    const threw = {};
    for (const [k, f] of Object.entries(tries)) { try { f(); threw[k] = false; } catch (e) { threw[k] = e instanceof TypeError; } }
    return {
      threw,
      same: window.noren === original && original.acceptAll === accept && typeof original.update === 'function',
      hasConsent: original.hasConsent('ads'),
      frozen: Object.isFrozen(original) && Object.isFrozen(original.ready),
      descriptor: (({ writable, configurable }) => ({ writable, configurable }))(Object.getOwnPropertyDescriptor(window, 'noren')),
    };
  });
  assert.deepEqual(outcome.threw, {
    assignMethod: false, assignGlobal: false, defineMethod: true, defineGlobal: true, deleteMethod: true,
    deleteGlobal: true, addMember: true, replaceReady: true, strictAssign: true,
  });
  assert.deepEqual([outcome.same, outcome.hasConsent, outcome.frozen], [true, false, true]);
  assert.deepEqual(outcome.descriptor, { writable: false, configurable: false });
});

test('window.noren is locked even when the page set one before the loader (a queue stub)', async () => {
  const context = await env.browser.newContext();
  const page = `<!doctype html><html lang="en"><title>x</title><script>window.noren = { stub: true };</script>
<script src="/noren/noren.js" data-config="/t/basic.json"></script><body><h1>x</h1></body></html>`;
  await context.route('**/t/stub-first.html', (r) => r.fulfill({ contentType: 'text/html', body: page }));
  const p = await context.newPage();
  await p.goto(env.base + '/t/stub-first.html');
  await p.waitForFunction(() => window.noren && window.noren.ready);
  const after = await p.evaluate(() => {
    const d = Object.getOwnPropertyDescriptor(window, 'noren');
    try { window.noren = { evil: true }; } catch (e) { /* strict pages throw */ }
    return { writable: d.writable, configurable: d.configurable, stub: 'stub' in window.noren, kept: typeof window.noren.acceptAll === 'function' };
  });
  assert.deepEqual(after, { writable: false, configurable: false, stub: false, kept: true });
  await context.close();
});

test('grants through the API need a user gesture; refusals do not; every record says its source', async () => {
  const config = await basicConfig(env);
  config.recordUrl = '/records';
  env.records.length = 0;
  const context = await env.browser.newContext();
  // The site's own button calls the API in the visitor's click.
  const body = `<button id="site-accept" onclick="noren.acceptAll()">Site accept</button>
    <script>noren.acceptAll(); noren.update({ categories: { analytics: true } });</script>`;
  await context.route('**/t/gesture.html', (r) => r.fulfill({ contentType: 'text/html', body: inlinePage(config, body) }));
  const { page, log } = await visit(context, env.base + '/t/gesture.html');
  assert.equal(await settled(page), 'ok');
  const refusedMsg = (m) => m.startsWith('error:') && m.includes('grant through the API without a user gesture');
  assert.equal(log.console.filter(refusedMsg).length, 2, 'both queued grants (no gesture when called) refused');
  assert.equal(await page.evaluate(() => window.noren.getConsent().decided), false);
  // After ready, without a gesture: refused; a refusal goes through.
  await withoutGesture(page, () => { window.noren.acceptAll(); window.noren.update({ services: { ga: true } }); });
  assert.equal(log.console.filter(refusedMsg).length, 4);
  assert.deepEqual(await cookiesNamed(context, 'noren'), []);
  assert.deepEqual(env.records, []);
  await withoutGesture(page, () => window.noren.rejectAll());
  let record = await page.evaluate(() => window.noren.getRecord());
  assert.deepEqual([record.action, record.source], ['reject-all', 'api']);
  await withoutGesture(page, () => window.noren.update({ categories: { analytics: false } }));
  assert.equal(log.console.filter(refusedMsg).length, 4, 'switching off needs no gesture');
  // The site's button, in a real click: granted.
  await page.click('#site-accept');
  await page.waitForFunction(() => window.noren.getConsent().categories.ads);
  record = await page.evaluate(() => window.noren.getRecord());
  assert.deepEqual([record.action, record.source], ['accept-all', 'api']);
  // Noren's own interface says ui.
  await page.evaluate(() => window.noren.showBanner());
  await button(page, 'Reject all').click();
  record = await page.evaluate(() => window.noren.getRecord());
  assert.deepEqual([record.action, record.source], ['reject-all', 'ui']);
  assert.deepEqual(env.records.map((r) => [r.action, r.source]),
    [['reject-all', 'api'], ['custom', 'api'], ['accept-all', 'api'], ['reject-all', 'ui']]);
});

test('programmaticGrants: true lets grants without a gesture through', async () => {
  const config = await basicConfig(env);
  config.programmaticGrants = true;
  const { page, log } = await open(env, '/t/basic.html', { config });
  assert.equal(await settled(page), 'ok');
  await withoutGesture(page, () => window.noren.acceptAll());
  const c = await page.evaluate(() => window.noren.getConsent());
  assert.deepEqual([c.decided, c.categories.ads], [true, true]);
  assert.equal((await page.evaluate(() => window.noren.getRecord())).source, 'api');
  assert.ok(!log.console.some((m) => m.includes('without a user gesture')));
});

// --- 8. Several noren cookies; withdrawal everywhere ----------------------------------------

/** Real stored values for basic.json: an acceptance and a refusal, with their times moved. */
async function storedValues(config) {
  const context = await env.browser.newContext();
  const values = {};
  for (const name of ['Accept all', 'Reject all']) {
    const { page } = await visit(context, at('www.site.test', '/t/basic.html'), config);
    assert.equal(await settled(page), 'ok');
    if (name === 'Reject all') await page.evaluate(() => window.noren.showBanner());
    await button(page, name).click();
    values[name] = (await cookiesNamed(context, 'noren'))[0].value;
    await page.close();
  }
  await context.close();
  const timed = (value, ms) => value.split('.').map((p, i) => (i === 2 ? ms.toString(36) : p)).join('.');
  return { timed, yes: values['Accept all'], no: values['Reject all'] };
}

test('several noren cookies: the newest choice wins, never a stale acceptance; saving clears the rest', async () => {
  const config = await basicConfig(env);
  config.cookie = { domain: 'site.test' };
  const { timed, yes, no } = await storedValues(config);
  const now = Date.now();
  const context = await env.browser.newContext();
  const url = at('www.site.test', '/t/basic.html');
  // A host-only acceptance on a deeper path (sent first by the browser), from two days ago,
  // and the refusal made yesterday on the parent domain.
  await context.addCookies([
    { name: 'noren', value: timed(yes, now - 2 * 864e5), domain: 'www.site.test', path: '/t' },
    { name: 'noren', value: timed(no, now - 864e5), domain: '.site.test', path: '/' },
  ]);
  const { page, log } = await visit(context, url, config);
  assert.equal(await settled(page), 'ok');
  assert.equal(await page.evaluate(() => document.cookie.split('noren=').length - 1), 2);
  const c = await page.evaluate(() => window.noren.getConsent());
  assert.deepEqual([c.decided, c.categories.analytics, c.categories.ads], [true, false, false]);
  await page.waitForTimeout(200);
  assert.deepEqual(await ran(page), ['N'], 'nothing but the necessary tag');
  // The visitor changes the choice: stored, the stale copies gone.
  await page.evaluate(() => window.noren.showPreferences());
  await page.getByRole('switch', { name: 'Analytics', exact: true }).check();
  await button(page, 'Save preferences').click();
  assert.ok(!log.console.some((m) => m.includes('could not store')), log.console.join('\n'));
  const left = await cookiesNamed(context, 'noren', url);
  assert.deepEqual(left.map((k) => [k.domain, k.path]), [['.site.test', '/']]);
  await page.reload();
  assert.equal(await settled(page), 'ok');
  assert.equal(await page.evaluate(() => window.noren.getConsent().categories.analytics), true);
});

test('withdrawal deletes a service cookie on every domain and path the page sees; later pages under other paths too', async () => {
  const config = await basicConfig(env);
  const context = await env.browser.newContext();
  const url = at('www.site.test', '/t/basic.html');
  const copies = [
    { domain: 'www.site.test', path: '/' }, { domain: 'www.site.test', path: '/t' }, { domain: 'www.site.test', path: '/t/' },
    { domain: '.site.test', path: '/' }, { domain: '.site.test', path: '/t/' }, { domain: '.www.site.test', path: '/t/basic.html' },
  ];
  const { page } = await visit(context, url, config);
  assert.equal(await settled(page), 'ok');
  await button(page, 'Accept all').click();
  // The slow analytics tag has run (and set its cookie) before the withdrawal: arriving after
  // it, it would set its cookie again while the next page loads, a race with this page's watch.
  await page.waitForFunction(() => window.order.includes('A'));
  await context.addCookies([...copies, { domain: '.site.test', path: '/t/sub' }].map((c, i) => ({ name: '_ga', value: 'GA1.' + i, ...c })));
  assert.equal((await cookiesNamed(context, '_ga', url)).length, copies.length);
  await page.evaluate(() => window.noren.showPreferences());
  await page.getByRole('switch', { name: 'Analytics', exact: true }).uncheck();
  await button(page, 'Save preferences').click();
  await page.waitForFunction(() => !document.cookie.includes('_ga='));
  assert.deepEqual(await cookiesNamed(context, '_ga', url), []);
  // The copy under /t/sub was out of this page's sight: a page there deletes it when it starts.
  const subUrl = at('www.site.test', '/t/sub/page.html');
  assert.equal((await cookiesNamed(context, '_ga', subUrl)).length, 1);
  const sub = await visit(context, subUrl, config);
  assert.equal(await settled(sub.page), 'ok');
  assert.deepEqual(await cookiesNamed(context, '_ga', subUrl), []);
});

test('without the Cookie Store API, withdrawn cookies stay deleted for the page\'s lifetime', async () => {
  const config = await basicConfig(env);
  const context = await env.browser.newContext();
  await context.addInitScript(() => { delete window.cookieStore; delete Window.prototype.cookieStore; });
  const { page } = await visit(context, env.base + '/t/basic.html', config);
  assert.equal(await settled(page), 'ok');
  assert.equal(await page.evaluate(() => 'cookieStore' in window), false);
  await button(page, 'Accept all').click();
  await page.evaluate(() => window.noren.showBanner());
  await button(page, 'Reject all').click();
  // Well past the first ten seconds, a script that already ran sets its cookie again.
  await page.waitForTimeout(11000);
  await page.evaluate(() => { document.cookie = '_ga=back; path=/'; });
  await page.waitForFunction(() => !document.cookie.includes('_ga='), null, { timeout: 8000 });
});

test('a click a script makes on Noren\'s own buttons is not the visitor\'s: it may refuse, never grant', async () => {
  const { page, log } = await open(env, '/t/basic.html');
  assert.equal(await settled(page), 'ok');
  await page.getByRole('dialog', { name: 'Your privacy choices' }).waitFor();
  const click = (action) => withoutGesture(page, (a) => document.getElementById('noren').shadowRoot.querySelector(`[data-a="${a}"]`).click(), action);
  await click('accept');
  assert.ok(log.console.some((m) => m.startsWith('error:') && m.includes('without a user gesture')));
  assert.equal(await page.evaluate(() => window.noren.getConsent().decided), false);
  await page.waitForTimeout(200);
  assert.deepEqual(await ran(page), ['N']);
  await click('reject');
  const record = await page.evaluate(() => window.noren.getRecord());
  assert.deepEqual([record.action, record.source], ['reject-all', 'api']);
});
