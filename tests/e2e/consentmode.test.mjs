// Issue 4 (part): Google Consent Mode v2 commands in dataLayer, and Global Privacy Control.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setup, open, settled, ran, tagRequests, button, basicConfig, DENIED } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

const GRANTED = { ...DENIED, ad_storage: 'granted', ad_user_data: 'granted', ad_personalization: 'granted', analytics_storage: 'granted' };

/** dataLayer as [kind, [args…]] pairs (kind proves each entry is an Arguments object). */
const layer = (page) => page.evaluate(() => window.dataLayer.map((a) =>
  [Object.prototype.toString.call(a), JSON.parse(JSON.stringify(Array.prototype.slice.call(a)))]));
const ARGS = '[object Arguments]';

test('default before any tag, update after every choice, the stored state at once on the next page', async () => {
  const { page } = await open(env, '/t/cm.html');
  assert.equal(await settled(page), 'ok');
  const seen = await page.evaluate(() => window.seenBySiteTag);
  assert.deepEqual(seen[0], [ARGS, ['consent', 'default', { ...DENIED, wait_for_update: 500 }]], 'default came first, as gtag arguments');
  let entries = await layer(page);
  assert.ok(entries.every(([kind]) => kind === ARGS), 'never a plain array');
  assert.deepEqual(entries.map(([, a]) => a[1]), ['default'], 'no update before a choice: the defaults stay');

  await button(page, 'Accept all').click();
  await page.waitForFunction(() => window.order.length === 2);
  assert.deepEqual((await layer(page)).at(-1), [ARGS, ['consent', 'update', GRANTED]]);
  await page.evaluate(() => window.noren.update({ categories: { ads: false } }));
  assert.deepEqual((await layer(page)).at(-1), [ARGS, ['consent', 'update',
    { ...GRANTED, ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' }]]);

  // The next page: default, then the kept state, before the site's first tag ran.
  await page.reload();
  assert.equal(await settled(page), 'ok');
  const next = await page.evaluate(() => window.seenBySiteTag);
  assert.deepEqual(next.slice(0, 2), [
    [ARGS, ['consent', 'default', { ...DENIED, wait_for_update: 500 }]],
    [ARGS, ['consent', 'update', { ...GRANTED, ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' }]],
  ]);
});

test('config: map, waitForUpdate, region defaults and the two settings (inline config)', async () => {
  const config = await basicConfig(env);
  config.consentMode = {
    map: { analytics: ['analytics_storage'], media: ['functionality_storage'] },
    waitForUpdate: 1500, adsDataRedaction: true, urlPassthrough: true,
    regions: [{ region: ['US-CA', 'US-CO'], granted: ['analytics_storage'] }],
  };
  const page = await (await env.browser.newContext()).newPage();
  await page.route('**/t/inline-cm.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><html lang="en"><title>x</title><script src="/t/order.js"></script>
<script type="application/json" id="noren-config">${JSON.stringify(config)}</script>
<script src="/noren/noren.js"></script><body><h1>x</h1></body></html>`,
  }));
  await page.goto(env.base + '/t/inline-cm.html');
  assert.equal(await settled(page), 'ok');
  const entries = (await layer(page)).map(([, args]) => args);
  assert.deepEqual(entries.slice(0, 4), [
    ['consent', 'default', { ...DENIED, analytics_storage: 'granted', wait_for_update: 1500, region: ['US-CA', 'US-CO'] }],
    ['consent', 'default', { ...DENIED, wait_for_update: 1500 }],
    ['set', 'ads_data_redaction', true],
    ['set', 'url_passthrough', true],
  ]);
  await page.evaluate(() => window.noren.update({ categories: { media: true } }));
  assert.deepEqual((await layer(page)).at(-1)[1], ['consent', 'update', { ...DENIED, functionality_storage: 'granted' }]);
});

test('GPC under opt-in: nothing granted, the notice says the signal is honoured', async () => {
  const context = await env.browser.newContext();
  await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
  const { page, log } = await open(env, '/t/cm.html', { reuse: context });
  assert.equal(await settled(page), 'ok');
  const banner = page.getByRole('dialog', { name: 'Your privacy choices' });
  await banner.waitFor();
  assert.ok((await banner.textContent()).includes('Global Privacy Control signal is honoured'));
  await page.waitForTimeout(300);
  assert.deepEqual(tagRequests(log), []);
  assert.deepEqual((await layer(page)).at(-1)[1], ['consent', 'default', { ...DENIED, wait_for_update: 500 }]);
});

test('the notice names only the purposes the config has: no advertising, then no measurement either (GPC sent)', async () => {
  const wording = (tag) => JSON.parse(readFileSync(new URL(`../../src/wording/${tag}.json`, import.meta.url), 'utf8'));
  const without = (config, ids) => ({
    ...config,
    categories: config.categories.filter((c) => !ids.includes(c.id)),
    services: config.services.filter((s) => !ids.includes(s.category)),
  });
  const basic = await basicConfig(env);
  for (const [tag, ids, key] of [
    ['en', ['ads'], 'textNoAds'],
    ['en', ['ads', 'analytics'], 'textNoAdsNoAnalytics'],
    ['ja', ['ads', 'analytics'], 'textNoAdsNoAnalytics'],
    ['en', ['analytics'], 'textNoAnalytics'],
  ]) {
    const w = wording(tag);
    const context = await env.browser.newContext();
    await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
    const { page } = await open(env, '/t/cm.html', { reuse: context, config: { ...without(basic, ids), language: tag } });
    assert.equal(await settled(page), 'ok');
    const banner = page.getByRole('dialog', { name: w.title });
    await banner.waitFor();
    const text = await banner.locator('#n-bd').textContent();
    assert.ok(text.startsWith(w[key]), `${tag} without ${ids}: ${text}`);
    for (const other of ['text', 'textNoAds', 'textNoAnalytics', 'textNoAdsNoAnalytics'].filter((k) => k !== key)) {
      assert.ok(!text.includes(w[other]), `${tag} without ${ids}: not ${other}`);
    }
    // The GPC line says advertising stays off: only where there is advertising.
    assert.equal(text.includes(w.gpcHonoured), !ids.includes('ads'), `${tag} without ${ids}: GPC line`);
    await context.close();
  }
});

test('GPC under opt-out: advertising starts off without a click, the rest runs; GPC never grants', async () => {
  const config = await basicConfig(env);
  config.regime = 'opt-out';
  const context = await env.browser.newContext();
  await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
  const { page, log } = await open(env, '/t/cm.html', { reuse: context, config });
  assert.equal(await settled(page), 'ok');
  await page.waitForFunction(() => window.order.includes('A'));
  await page.waitForTimeout(300);
  assert.deepEqual(await ran(page), ['A'], 'analytics runs (opt-out), ads do not');
  assert.ok(!tagRequests(log).some((u) => u.includes('name=C')));
  const consent = await page.evaluate(() => window.noren.getConsent());
  assert.equal(consent.categories.ads, false);
  assert.deepEqual((await layer(page)).at(-1)[1], ['consent', 'update', { ...DENIED, analytics_storage: 'granted' }]);
  // Closing the notice keeps that, and the record notes the signal.
  await button(page, 'Close').click();
  const record = await page.evaluate(() => window.noren.getRecord());
  assert.deepEqual([record.action, record.signals.gpc, record.categories.ads], ['close', true, false]);
});

test('without GPC under opt-out, advertising runs too', async () => {
  const config = await basicConfig(env);
  config.regime = 'opt-out';
  const { page } = await open(env, '/t/cm.html', { config });
  assert.equal(await settled(page), 'ok');
  await page.waitForFunction(() => window.order.length === 2);
  // No choice yet: no update (the site's regions or default say what applies).
  assert.deepEqual((await layer(page)).at(-1)[1], ['consent', 'default', { ...DENIED, wait_for_update: 500 }]);
});
