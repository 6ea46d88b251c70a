// Issue 13 §2: one config, every region under its own rules. The same inline config is opened
// with `data-region` set as a site's edge would set it (US-CA, DE, JP, none, malformed) and with
// `regionUrl` answered by `noren serve` from the CDN's country header (and failing). The IAB
// strings are decoded with the IAB's own libraries (@iabgpp/cmpapi).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { GppModel } from '@iabgpp/cmpapi';
import { startServer, startNorenServer } from '../../scripts/serve.mjs';
import { CHROMIUM_ARGS, open, settled, button, logged } from './helpers.mjs';

const fixtures = fileURLToPath(new URL('fixtures', import.meta.url));
let env;
let noren;
let dir;
let base;
/** Requests for /noren/region that reached the test server. */
const regionHits = [];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noren-regions-'));
  // The region endpoint is noren serve's, reading the CDN's country header.
  noren = await startNorenServer({ database: `sqlite:${join(dir, 'records.db')}`, args: ['--region-header', 'X-Country-Code'] });
  const server = await startServer({ port: 0, backend: noren.url, mounts: { '/t/': fixtures } });
  server.prependListener('request', (req) => { if (req.url.startsWith('/noren/region')) regionHits.push(req.url); });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  env = {
    base: `http://127.0.0.1:${server.address().port}`,
    browser,
    async close() { await browser.close(); await new Promise((r) => server.close(r)); },
  };
  base = await (await fetch(env.base + '/t/basic.json')).json();
  // The ad network links what it receives to personal data (APPI Art. 31): consent everywhere.
  base.services.find((s) => s.id === 'adnet').recipientLinksPersonalData = true;
});
after(async () => {
  await env.close();
  await noren.stop();
  await rm(dir, { recursive: true, force: true });
});

/** One config for the EU, the US (California apart) and Japan; the top level is the EU's. */
const config = (extra = {}) => ({
  ...base,
  tcf: { cmpId: 300, cmpVersion: 1, gvlUrl: '/t/vendor-list.json', vendors: [8, 21], publisherCountryCode: 'JP' },
  gpp: { sections: ['usnat', 'usca'] },
  regions: {
    EU: { regime: 'opt-in', tcf: { gdprApplies: true } },
    US: { regime: 'opt-out', tcf: { gdprApplies: false } },
    'US-CA': { consentMode: { granted: ['analytics_storage'] } },
    JP: { regime: 'opt-out', tcf: { gdprApplies: false }, defaultLanguage: 'ja' },
  },
  ...extra,
});

function pageHtml(cfg, region) {
  const attr = region === undefined ? '' : ` data-region="${region}"`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>Regions</title>
<script type="application/json" id="noren-config">${JSON.stringify(cfg)}</script>
<script src="/noren/noren-iab.js"${attr}></script>
<script>__tcfapi('ping', 2, function (p) { window.earlyPing = p; });
__gpp('ping', function (p) { window.earlyGpp = p; });</script>
</head><body><h1>Regions</h1></body></html>`;
}

/** Opens the page with `data-region` = `region` (undefined: no attribute). */
async function openAt(region, { cfg = config(), context, reuse } = {}) {
  const ctx = reuse || (await env.browser.newContext(context || { locale: 'en-US' }));
  await ctx.route('**/t/regions.html', (route) => route.fulfill({ contentType: 'text/html', body: pageHtml(cfg, region) }));
  const opened = await open(env, '/t/regions.html', { reuse: ctx });
  assert.equal(await settled(opened.page), 'ok', opened.log.console.join('\n'));
  return opened;
}

const ping = (page) => page.evaluate(() => new Promise((resolve) => window.__gpp('ping', (v) => resolve(v))));
const tcfPing = (page) => page.evaluate(() => new Promise((resolve) => window.__tcfapi('ping', 2, (v) => resolve(v))));
const consent = (page) => page.evaluate(() => window.noren.getConsent());
const banner = (page) => page.locator('#noren').locator('section.banner');
/** The close button's name says the regime: closing refuses under opt-in only. */
const closeLabel = (page) => banner(page).locator('button.x').getAttribute('aria-label');
const cookie = async (page) => (await page.context().cookies()).find((c) => c.name === 'noren')?.value;

test('US-CA: the opt-out rules, no TCF, usca alone, recorded and stored under US-CA', async () => {
  const { page } = await openAt('US-CA');
  await banner(page).waitFor();
  assert.match(await banner(page).textContent(), /You can refuse any of them here/);
  assert.equal(await closeLabel(page), 'Close');
  // Opt-out: everything runs before a choice, except the recipient that links personal data.
  const before = await consent(page);
  assert.deepEqual([before.categories.analytics, before.services.ga, before.services.adnet], [true, true, false]);
  assert.equal((await tcfPing(page)).gdprApplies, false);
  assert.equal(await banner(page).locator('.tcf').count(), 0, 'no TCF part in the notice');
  let p = await ping(page);
  assert.deepEqual([p.sectionList, p.applicableSections], [[8], [8]]);
  assert.equal(new GppModel(p.gppString).getFieldValue('usca', 'SaleOptOut'), 2);
  // Google's region-specific default for California, beside the unscoped all-denied one.
  const defaults = await page.evaluate(() => window.dataLayer.filter((a) => a[0] === 'consent' && a[1] === 'default').map((a) => a[2]));
  const ca = defaults.find((d) => d.region && d.region.includes('US-CA'));
  assert.deepEqual([ca.analytics_storage, ca.ad_storage], ['granted', 'denied']);
  assert.equal(defaults.at(-1).region, undefined);
  assert.equal(defaults.at(-1).analytics_storage, 'denied');
  await button(page, 'Reject all').click();
  p = await ping(page);
  const model = new GppModel(p.gppString);
  for (const f of ['SaleOptOut', 'SharingOptOut']) assert.equal(model.getFieldValue('usca', f), 1);
  assert.equal(model.hasSection('usnat'), false, 'no usnat section in California');
  const record = await page.evaluate(() => window.noren.getRecord());
  assert.deepEqual([record.region, record.regime, record.action], ['US-CA', 'opt-out', 'reject-all']);
  assert.equal(record.signals.gppString, p.gppString);
  assert.match(await cookie(page), /\.US-CA$/);
});

test('DE: opt-in, TCF with gdprApplies, no US section', async () => {
  const { page } = await openAt('DE');
  await banner(page).waitFor();
  assert.equal(await closeLabel(page), 'Close without accepting');
  assert.doesNotMatch(await banner(page).textContent(), /You can refuse any of them here/);
  const c = await consent(page);
  assert.deepEqual([c.categories.analytics, c.categories.ads], [false, false]);
  assert.equal((await tcfPing(page)).gdprApplies, true);
  assert.ok(await banner(page).locator('.tcf').count() > 0, 'the TCF part is in the notice');
  const p = await ping(page);
  assert.deepEqual([p.sectionList, p.applicableSections], [[2], [2]]);
  await button(page, 'Accept all').click();
  const record = await page.evaluate(() => window.noren.getRecord());
  assert.deepEqual([record.region, record.regime], ['DE', 'opt-in']);
  assert.ok(record.signals.tcString);
});

test('JP: the Japanese rules and language (defaultLanguage after the browser\'s), APPI Art. 28 in the first layer', async () => {
  // An Icelandic browser: Noren has no Icelandic, so the region's defaultLanguage (ja) decides.
  const { page, log } = await openAt('JP', { context: { locale: 'is-IS' } });
  await banner(page).waitFor();
  // data-region is known from the loader's first line: the one file it needs, fetched at once.
  const wording = log.requests.filter((u) => /^\/noren\/wording\./.test(u)).map((u) => u.split('/').pop());
  assert.deepEqual(wording, ['ja.iab.json']);
  const text = await banner(page).textContent();
  assert.match(text, /これらはこの画面または設定画面から、いつでも停止できます。/, 'the opt-out notice, in Japanese');
  assert.equal(await page.locator('#noren').evaluate((h) => h.shadowRoot.querySelector('.n').lang), 'ja');
  assert.equal((await tcfPing(page)).gdprApplies, false);
  const c = await consent(page);
  assert.deepEqual([c.categories.analytics, c.services.adnet], [true, false], 'APPI Art. 31: consent for the ad network');
  // The recipient abroad: its country, that country's regime and its safeguards, in the notice.
  const abroad = banner(page).locator('details.pd');
  assert.equal(await abroad.locator('summary').textContent(), 'Ads Inc.（アメリカ合衆国）');
  await abroad.locator('summary').click();
  assert.match(await abroad.textContent(), /送信先の国の個人情報保護制度.*連邦レベルの包括的な個人情報保護法はなく/);
  const p = await ping(page);
  assert.deepEqual([p.sectionList, p.applicableSections], [[], [-1]], 'no US section in Japan');
});

test('no region, a malformed one, or a failing regionUrl: the strictest rules the config declares', async () => {
  const strictest = async (page) => {
    await banner(page).waitFor();
    assert.equal(await closeLabel(page), 'Close without accepting');
    assert.equal((await tcfPing(page)).gdprApplies, true);
    const p = await ping(page);
    assert.deepEqual([p.sectionList, p.applicableSections], [[2, 7, 8], [2]]);
    const c = await consent(page);
    assert.equal(c.categories.analytics, false);
    await button(page, 'Reject all').click();
    assert.equal((await page.evaluate(() => window.noren.getRecord())).region, undefined);
    assert.doesNotMatch(await cookie(page), /\.[A-Z]{2}(-[A-Z0-9]+)?$/);
  };
  // The top level is not the strictest here: the US's opt-out is, and the EU's opt-in must win.
  const laxTop = config({ regime: 'opt-out', tcf: { ...config().tcf, gdprApplies: false } });
  const none = await openAt(undefined, { cfg: laxTop });
  // The stub, before the module knows the region, already answers for the strictest rules.
  const early = await none.page.evaluate(() => window.earlyPing);
  assert.deepEqual([early.cmpStatus, early.gdprApplies], ['stub', true]);
  await strictest(none.page);
  const bad = await openAt('Germany', { cfg: laxTop });
  await logged(bad.log, 'data-region: "Germany" is not an ISO 3166 region');
  await strictest(bad.page);
  const failing = await openAt(undefined, { cfg: config({ regionUrl: '/t/no-such-region' }) });
  assert.match(await logged(failing.log, 'regionUrl'), /HTTP 404/);
  await strictest(failing.page);
});

test('regionUrl: noren serve answers from the CDN\'s header; data-region, when present, wins', async () => {
  const cfg = config({ regionUrl: '/noren/region' });
  const hits = regionHits.length;
  const jp = await openAt(undefined, { cfg, context: { locale: 'is-IS', extraHTTPHeaders: { 'X-Country-Code': 'JP' } } });
  await banner(jp.page).waitFor();
  assert.equal(await closeLabel(jp.page), '閉じる');
  assert.equal((await tcfPing(jp.page)).gdprApplies, false);
  assert.equal(regionHits.length, hits + 1, 'one request to the region endpoint');
  const us = await openAt(undefined, { cfg, context: { extraHTTPHeaders: { 'X-Country-Code': 'us' } } });
  const p = await ping(us.page);
  assert.deepEqual(p.sectionList, [7], 'the rest of the US: usnat');
  await button(us.page, 'Accept all').click();
  assert.equal((await us.page.evaluate(() => window.noren.getRecord())).region, 'US');
  const tagged = await openAt('DE', { cfg, context: { extraHTTPHeaders: { 'X-Country-Code': 'JP' } } });
  assert.equal((await tcfPing(tagged.page)).gdprApplies, true);
  assert.equal(regionHits.length, hits + 2, 'not asked when the tag says');
});

test('a visitor whose region changes to a stricter one is asked again; to an equally lax one, not', async () => {
  const context = await env.browser.newContext({ locale: 'en-US' });
  const first = await openAt('US-CA', { reuse: context });
  await button(first.page, 'Accept all').click();
  const chosen = await cookie(first.page);
  await first.page.close();
  // Japan is opt-out too: the choice holds.
  const jp = await openAt('JP', { reuse: context });
  assert.equal((await consent(jp.page)).decided, true);
  assert.equal(await banner(jp.page).isVisible(), false);
  await jp.page.close();
  // Germany is opt-in: asked again, nothing granted until then.
  const de = await openAt('DE', { reuse: context });
  await banner(de.page).waitFor();
  const c = await consent(de.page);
  assert.deepEqual([c.decided, c.categories.analytics], [false, false]);
  assert.ok(de.log.console.some((l) => l.includes('less strict rules')), de.log.console.join('\n'));
  assert.equal(await cookie(de.page), chosen, 'the old choice stays stored until the visitor chooses');
  await context.close();
});

test('the stubs, before the module, answer for the region the tag names, else for the strictest rules', async () => {
  // Virginia lists its own section: the strictest rules have it too.
  const cfg = config({ regions: { ...config().regions, 'US-VA': { gpp: { sections: ['usva'] } } } });
  const cases = [
    // data-region: the region's rules, as the module resolves them.
    ['US-CA', false, ['2:tcfeuv2', '8:usca'], [8]],
    ['US-VA', false, ['2:tcfeuv2', '9:usva'], [9]],
    ['US-TX', false, ['2:tcfeuv2', '7:usnat'], [7]],
    ['DE', true, ['2:tcfeuv2'], [2]],
    ['JP', false, ['2:tcfeuv2'], [-1]],
    // No region, or a malformed one: every section any rules list, GDPR applies.
    [undefined, true, ['2:tcfeuv2', '7:usnat', '8:usca', '9:usva'], [2]],
    ['Germany', true, ['2:tcfeuv2', '7:usnat', '8:usca', '9:usva'], [2]],
  ];
  for (const [region, gdprApplies, supportedAPIs, applicableSections] of cases) {
    const { page, context } = await openAt(region, { cfg });
    const [tcf, gpp] = await page.evaluate(() => [window.earlyPing, window.earlyGpp]);
    assert.deepEqual([tcf.cmpStatus, gpp.cmpStatus], ['stub', 'stub'], String(region));
    assert.deepEqual([tcf.gdprApplies, gpp.supportedAPIs, gpp.applicableSections], [gdprApplies, supportedAPIs, applicableSections], String(region));
    // The module, once it runs, answers the same.
    const loaded = await ping(page);
    assert.equal(loaded.cmpStatus, 'loaded');
    assert.deepEqual([(await tcfPing(page)).gdprApplies, loaded.supportedAPIs, loaded.applicableSections], [gdprApplies, supportedAPIs, applicableSections], String(region));
    await context.close();
  }
});

test('a choice another tab stores under less strict rules is no choice in a stricter region\'s tab', async () => {
  const context = await env.browser.newContext({ locale: 'en-US' });
  const jp = await openAt('JP', { reuse: context });
  const de = await openAt('DE', { reuse: context });
  const jp2 = await openAt('JP', { reuse: context });
  const asked = (opened) => opened.log.console.filter((l) => l.includes('less strict rules')).length;
  const decided = async (page) => (await consent(page)).decided;
  await button(de.page, 'Reject all').click();
  // A choice made in Germany (opt-in) holds in Japan's tabs (opt-out): both adopt it.
  for (const p of [jp.page, jp2.page]) await p.waitForFunction(() => window.noren.getConsent().decided);
  assert.equal(await banner(jp.page).isVisible(), false);
  // Accepted in Japan: the other Japanese tab follows; the German one treats it as no choice
  // (asked again: the notice, nothing granted), where it had a choice of its own before.
  await jp.page.evaluate(() => window.noren.acceptAll());
  await jp2.page.waitForFunction(() => window.noren.getConsent().categories.analytics === true);
  await banner(de.page).waitFor();
  const c = await consent(de.page);
  assert.deepEqual([c.decided, c.categories.analytics, c.categories.ads, c.services.adnet], [false, false, false, false]);
  assert.equal(asked(de), 1, de.log.console.join('\n'));
  assert.equal(await de.page.evaluate(() => window.noren.hasConsent('ga')), false);
  // Again from Japan (a change): the German tab stays without a choice.
  await jp.page.evaluate(() => window.noren.update({ categories: { analytics: false } }));
  await jp2.page.waitForFunction(() => window.noren.getConsent().categories.analytics === false);
  for (let i = 0; i < 100 && asked(de) < 2; i++) await de.page.waitForTimeout(50);
  assert.equal(asked(de), 2, 'the German tab read the new choice');
  assert.equal(await decided(de.page), false);
  assert.equal(await banner(de.page).isVisible(), true);
  assert.equal(asked(jp) + asked(jp2), 0);
  // The German tab decides again: its choice holds everywhere.
  await button(de.page, 'Accept all').click();
  for (const p of [jp.page, jp2.page]) await p.waitForFunction(() => window.noren.getConsent().categories.ads === true);
  await context.close();
});
