// Issue 4: IAB TCF v2.2 (__tcfapi) and GPP (__gpp) in a real page. The strings the page makes
// are decoded with the IAB's own libraries (@iabtcf/core, @iabgpp/cmpapi): they must say exactly
// what the visitor chose in the interface.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TCString } from '@iabtcf/core';
import { GppModel } from '@iabgpp/cmpapi';
import AxeBuilder from '@axe-core/playwright';
import { setup, open, settled, ran, tagRequests, button, basicConfig, logged } from './helpers.mjs';

let env;
let base;
before(async () => {
  env = await setup();
  base = await basicConfig(env);
});
after(async () => { await env.close(); });

const VENDORS = [8, 21, 32, 45, 99]; // 99 is deleted in the fixture's GVL: never shown
const tcfConfig = (extra = {}) => ({
  ...base,
  tcf: { cmpId: 300, cmpVersion: 3, gvlUrl: '/t/vendor-list.json', vendors: VENDORS, publisherCountryCode: 'JP', ...extra },
  gpp: { sections: ['usnat'] },
});

/** A page with an inline config whose first ad tag registers TCF and GPP listeners at once. */
function pageHtml(config, body = '') {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>IAB fixture</title>
<script src="/t/order.js"></script>
<script type="application/json" id="noren-config">${JSON.stringify(config)}</script>
<script src="/noren/noren-iab.js"></script>
<script>
// The first ad tag: what it finds before the module has loaded.
window.early = { tcf: typeof window.__tcfapi, gpp: typeof window.__gpp };
window.tcfEvents = [];
window.gppEvents = [];
if (window.__tcfapi) {
  __tcfapi('ping', 2, function (p) { window.early.ping = p; });
  __tcfapi('addEventListener', 2, function (d, ok) {
    window.tcfEvents.push({ event: d.eventStatus, id: d.listenerId, tc: d.tcString, ok: ok, cmpStatus: d.cmpStatus });
  });
}
__gpp('ping', function (p) { window.early.gppPing = p; });
__gpp('addEventListener', function (e, ok) {
  window.gppEvents.push({ name: e.eventName, data: e.data, id: e.listenerId, gpp: e.pingData.gppString, signal: e.pingData.signalStatus, status: e.pingData.cmpStatus });
});
</script>
</head><body><h1>IAB fixture</h1>${body}
<script type="text/plain" data-consent="ads" data-service="adnet" data-src="/t/tags/ext.js?name=C"></script>
<script type="text/plain" data-consent="ads">
  // A held ad tag: when consent lets it run, it asks the CMP at once.
  if (window.__tcfapi) __tcfapi('getTCData', 2, function (d, ok) { window.heldTagHeard = ok && d.eventStatus; });
</script>
</body></html>`;
}

/** Opens the IAB page with `config` (served at /t/iab.html) in `context` or a new one. */
async function openIab(config, options = {}) {
  const context = options.reuse || (await env.browser.newContext());
  await context.route('**/t/iab.html', (route) => route.fulfill({ contentType: 'text/html', body: pageHtml(config, options.body) }));
  if (options.gvl) {
    await context.route('**/t/vendor-list.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(options.gvl) }));
  }
  if (options.slowModule) {
    await context.route(/\/noren\/noren_iab\.[0-9a-f]+\.wasm$/, async (route) => {
      await new Promise((r) => setTimeout(r, 400));
      await route.continue();
    });
  }
  return open(env, '/t/iab.html', { reuse: context });
}

const tcfCall = (page, command, parameter, version = 2) => page.evaluate(([c, p, v]) => new Promise((resolve) => {
  window.__tcfapi(c, v, (value, success) => resolve({ value, success }), p);
}), [command, parameter, version]);
const gppCall = (page, command, parameter) => page.evaluate(([c, p]) => new Promise((resolve) => {
  window.__gpp(c, (value, success) => resolve({ value, success }), p);
}), [command, parameter]);
const events = (page) => page.evaluate(() => window.tcfEvents.map((e) => e.event));
const lastTc = (page) => page.evaluate(() => window.tcfEvents.at(-1).tc);
/** The value of cookie `name` once the browser's store has it (pages write it asynchronously). */
async function storedCookie(page, name) {
  for (let i = 0; i < 40; i++) {
    const c = (await page.context().cookies()).find((k) => k.name === name);
    if (c) return c.value;
    await page.waitForTimeout(50);
  }
  return undefined;
}
const ids = (vector) => { const out = []; vector.forEach((on, id) => { if (on) out.push(id); }); return out; };

/** What a TC string says, decoded by the IAB's library. */
function decoded(tc) {
  const m = TCString.decode(tc);
  return {
    purposes: ids(m.purposeConsents),
    li: ids(m.purposeLegitimateInterests),
    special: ids(m.specialFeatureOptins),
    vendors: ids(m.vendorConsents),
    vendorLi: ids(m.vendorLegitimateInterests),
    disclosed: ids(m.vendorsDisclosed),
    cmp: [m.cmpId, m.cmpVersion],
    policy: m.policyVersion,
    gvl: m.vendorListVersion,
    country: m.publisherCountryCode,
    serviceSpecific: m.isServiceSpecific,
    sameDay: m.created.getTime() === m.lastUpdated.getTime() && m.created.getTime() % 86400000 === 0,
  };
}

const SHOWN = [8, 21, 32, 45];
const ALL = {
  purposes: [1, 2, 3, 4, 7, 8], li: [2, 7, 9, 10], special: [1, 2], vendors: [8, 21, 45], vendorLi: [8, 21, 32],
  disclosed: SHOWN, cmp: [300, 3], policy: 5, gvl: 120, country: 'JP', serviceSpecific: true, sameDay: true,
};

test('stubs answer before the module loads, queued calls are answered after, one locator frame each', async () => {
  const { page, log } = await openIab(tcfConfig(), { slowModule: true });
  const early = await page.evaluate(() => window.early);
  assert.deepEqual([early.tcf, early.gpp], ['function', 'function']);
  assert.equal(early.ping.cmpLoaded, false);
  assert.equal(early.ping.cmpStatus, 'stub');
  assert.equal(early.ping.apiVersion, '2.2');
  assert.equal(early.ping.gdprApplies, true);
  assert.equal(early.gppPing.cmpStatus, 'stub');
  assert.equal(early.gppPing.gppVersion, '1.1');
  // While the module is still loading, nothing has answered the queued addEventListener.
  assert.deepEqual(await events(page), []);
  assert.equal(await settled(page), 'ok');
  await page.getByRole('dialog', { name: 'Your privacy choices' }).waitFor();
  await page.waitForFunction(() => window.tcfEvents.length > 0);
  assert.deepEqual(await events(page), ['cmpuishown']);
  const ping = (await tcfCall(page, 'ping')).value;
  assert.equal(ping.cmpLoaded, true);
  assert.equal(ping.cmpStatus, 'loaded');
  assert.equal(ping.displayStatus, 'visible');
  assert.deepEqual([ping.cmpId, ping.cmpVersion, ping.gvlVersion, ping.tcfPolicyVersion], [300, 3, 120, 5]);
  assert.equal(await page.locator('iframe[name="__tcfapiLocator"]').count(), 1);
  assert.equal(await page.locator('iframe[name="__gppLocator"]').count(), 1);
  // The GVL came from the site's own origin.
  assert.ok(log.requests.includes('/t/vendor-list.json'));
  assert.ok(log.urls.every((u) => !u.includes('consensu.org')));
  assert.ok(log.requests.some((u) => /^\/noren\/noren_iab\.[0-9a-f]+\.wasm$/.test(u)) && !log.requests.some((u) => u.includes('noren_core')));
  assert.ok(log.console.some((m) => m.includes('tcf.vendors: vendor 99 is not in the vendor list')));
});

test('accept all: cmpuishown then useractioncomplete, the string decodes to everything shown', async () => {
  const { page } = await openIab(tcfConfig());
  assert.equal(await settled(page), 'ok');
  await page.waitForFunction(() => window.tcfEvents.length === 1);
  // The string of the moment the interface appears: legitimate interests only, no consent.
  const shown = decoded(await lastTc(page));
  assert.deepEqual([shown.purposes, shown.vendors, shown.special], [[], [], []]);
  assert.deepEqual([shown.li, shown.vendorLi, shown.disclosed], [ALL.li, ALL.vendorLi, SHOWN]);
  await button(page, 'Accept all').click();
  await page.waitForFunction(() => window.tcfEvents.length === 2);
  assert.deepEqual(await events(page), ['cmpuishown', 'useractioncomplete']);
  const tc = await lastTc(page);
  assert.deepEqual(decoded(tc), ALL);
  // A held ad tag that ran on consent asked the CMP and was answered at once.
  await page.waitForFunction(() => window.heldTagHeard !== undefined);
  assert.equal(await page.evaluate(() => window.heldTagHeard), 'useractioncomplete');
  // The consent record keeps the string as proof of what was agreed.
  const record = await page.evaluate(() => window.noren.getRecord());
  assert.equal(record.signals.tcString, tc);
  assert.ok(record.signals.gppString.includes(tc));
  // TCData says the same, with disclosedVendors; getTCData (legacy) answers without a listener id.
  const { value: data, success } = await tcfCall(page, 'getTCData');
  assert.equal(success, true);
  assert.equal(data.tcString, tc);
  assert.equal(data.listenerId, undefined);
  assert.equal(data.eventStatus, 'useractioncomplete');
  assert.equal(data.purpose.consents['3'], true);
  assert.equal(data.vendor.legitimateInterests['32'], true);
  assert.equal(data.vendor.disclosedVendors['45'], true);
  assert.equal(data.specialFeatureOptins['2'], true);
  // The GPP string carries the same TC string, and usnat.
  const gpp = (await gppCall(page, 'ping')).value;
  assert.deepEqual(gpp.sectionList, [2, 7]);
  assert.deepEqual(gpp.applicableSections, [2]);
  assert.equal(gpp.signalStatus, 'ready');
  const model = new GppModel(gpp.gppString);
  assert.equal(gpp.gppString.split('~')[1], tc, 'tcfeuv2 is byte-identical to the TC string');
  assert.deepEqual(model.getFieldValue('tcfeuv2', 'VendorConsents'), [8, 21, 45]);
  assert.equal(model.getFieldValue('usnat', 'SaleOptOut'), 2);
  // Stored first-party: on the next page the same string, tcloaded only, no interface.
  await page.reload();
  assert.equal(await settled(page), 'ok');
  await page.waitForFunction(() => window.tcfEvents.length === 1);
  assert.deepEqual(await events(page), ['tcloaded']);
  assert.equal(await lastTc(page), tc);
  assert.equal(await page.getByRole('dialog', { name: 'Your privacy choices' }).isVisible(), false);
  assert.equal(await storedCookie(page, 'euconsent-v2'), tc);
});

test('reject all: no consent, every legitimate interest objected to, all vendors disclosed', async () => {
  const { page, log } = await openIab(tcfConfig());
  assert.equal(await settled(page), 'ok');
  await button(page, 'Reject all').click();
  await page.waitForFunction(() => window.tcfEvents.length === 2);
  const d = decoded(await lastTc(page));
  assert.deepEqual([d.purposes, d.li, d.special, d.vendors, d.vendorLi], [[], [], [], [], []]);
  assert.deepEqual(d.disclosed, SHOWN);
  assert.deepEqual(tagRequests(log), []);
  const model = new GppModel((await gppCall(page, 'ping')).value.gppString);
  assert.equal(model.getFieldValue('usnat', 'TargetedAdvertisingOptOut'), 1);
});

test('custom choices and a vendor objection in the dialog decode exactly', async () => {
  const { page } = await openIab(tcfConfig());
  assert.equal(await settled(page), 'ok');
  await button(page, 'Manage preferences').click();
  const dialog = page.getByRole('dialog', { name: 'Privacy preferences' });
  await dialog.waitFor();
  // New visitor: consents off, legitimate interests ticked.
  assert.equal(await dialog.locator('[data-tp="1"]').isChecked(), false);
  assert.equal(await dialog.locator('[data-tw="8"]').isChecked(), true);
  await dialog.getByRole('switch', { name: 'Store and/or access information on a device' }).check();
  await dialog.getByRole('switch', { name: 'Measure content performance' }).check();
  await dialog.getByRole('switch', { name: 'Use precise geolocation data' }).check();
  await dialog.getByRole('switch', { name: 'Allow Sample Measurement (test vendor)' }).check();
  await dialog.locator('[data-tw="8"]').uncheck(); // object to vendor 8's legitimate interest
  await dialog.locator('[data-tl="10"]').uncheck(); // and to purpose 10's
  await button(page, 'Save preferences').click();
  await page.waitForFunction(() => window.tcfEvents.length === 2);
  const d = decoded(await lastTc(page));
  assert.deepEqual(d.purposes, [1, 8]);
  assert.deepEqual(d.special, [1]);
  assert.deepEqual(d.vendors, [21]);
  assert.deepEqual(d.li, [2, 7, 9]);
  assert.deepEqual(d.vendorLi, [21, 32]);
  assert.deepEqual(d.disclosed, SHOWN);
  // Reopened, the dialog shows what was saved (and closing it changes nothing).
  await page.evaluate(() => window.noren.showPreferences());
  await dialog.waitFor();
  assert.equal(await dialog.locator('[data-tp="8"]').isChecked(), true);
  assert.equal(await dialog.locator('[data-tw="8"]').isChecked(), false);
  assert.equal(await dialog.locator('[data-tv="45"]').isChecked(), false);
  assert.deepEqual(await events(page), ['cmpuishown', 'useractioncomplete', 'cmpuishown']);
});

test('listeners: ids, removal, the GPP order on a choice, and postMessage from a cross-origin frame', async () => {
  // A sandboxed frame has an opaque origin: cross-origin to the page, as an ad frame is.
  const frame = '<iframe title="ad" sandbox="allow-scripts" src="/t/tcf-frame.html"></iframe>';
  const { page } = await openIab(tcfConfig(), { body: frame });
  assert.equal(await settled(page), 'ok');
  await page.waitForFunction(() => window.tcfEvents.length === 1);
  const id = await page.evaluate(() => window.tcfEvents[0].id);
  assert.equal(typeof id, 'number');
  const second = await page.evaluate(() => new Promise((resolve) => {
    window.__tcfapi('addEventListener', 2, (d) => resolve(d.listenerId));
  }));
  assert.notEqual(second, id);
  assert.deepEqual(await tcfCall(page, 'removeEventListener', second), { value: true, success: true });
  assert.deepEqual(await tcfCall(page, 'removeEventListener', second), { value: false, success: false });
  await page.evaluate(() => { window.gppEvents.length = 0; });
  await button(page, 'Accept all').click();
  await page.waitForFunction(() => window.gppEvents.some((e) => e.name === 'signalStatus' && e.data === 'ready'));
  const order = await page.evaluate(() => window.gppEvents.map((e) => e.name + ':' + e.data));
  assert.deepEqual(order, ['signalStatus:not ready', 'cmpDisplayStatus:hidden', 'sectionChange:tcfeuv2',
    'sectionChange:usnat', 'signalStatus:ready']);
  // Versions and vendor lists.
  assert.deepEqual(await tcfCall(page, 'ping', undefined, 1), { value: null, success: false });
  assert.deepEqual(await tcfCall(page, 'getTCData', undefined, 3), { value: null, success: false });
  assert.equal((await tcfCall(page, 'getVendorList', 'LATEST')).value.vendorListVersion, 120);
  assert.equal((await tcfCall(page, 'getVendorList', '120')).success, true);
  assert.deepEqual(await tcfCall(page, 'getVendorList', 5), { value: null, success: false });
  // GPP generic commands agree with parsedSections.
  const ping = (await gppCall(page, 'ping')).value;
  assert.deepEqual(ping.supportedAPIs, ['2:tcfeuv2', '7:usnat']);
  assert.equal((await gppCall(page, 'hasSection', 'usnat')).value, true);
  assert.deepEqual((await gppCall(page, 'getSection', 'usnat')).value, ping.parsedSections.usnat);
  assert.equal((await gppCall(page, 'getField', 'usnat.SaleOptOut')).value, ping.parsedSections.usnat[0].SaleOptOut);
  assert.equal((await gppCall(page, 'getField', 'tcfeuv2.CmpId')).value, 300);
  // The ad frame finds the locators and gets answers with its callIds, in its message form.
  await page.waitForFunction(() => document.querySelector('iframe[title="ad"]').contentWindow !== null);
  let child;
  for (let i = 0; i < 50 && !child; i++) {
    child = page.frames().find((f) => f.url().includes('tcf-frame.html'));
    if (!child) await page.waitForTimeout(100);
  }
  assert.ok(child, 'frames: ' + page.frames().map((f) => f.url()).join(', '));
  await child.waitForFunction(() => typeof window.ask === 'function');
  assert.equal(await child.evaluate(() => window.ask()), true);
  await child.waitForFunction(() => window.answers.length === 3);
  const answers = await child.evaluate(() => window.answers);
  const byId = (id) => answers.find((a) => (a.message.__tcfapiReturn || a.message.__gppReturn).callId === id);
  assert.equal(byId('obj-1').text, false);
  assert.equal(byId('obj-1').message.__tcfapiReturn.returnValue.cmpStatus, 'loaded');
  assert.equal(byId(7).text, true);
  assert.equal(byId(7).message.__tcfapiReturn.returnValue.eventStatus, 'useractioncomplete');
  assert.equal(byId('g-1').message.__gppReturn.returnValue, false);
});

test('a new GVL policy version asks again, with nothing carried over', async () => {
  const context = await env.browser.newContext();
  const first = await openIab(tcfConfig(), { reuse: context });
  assert.equal(await settled(first.page), 'ok');
  await button(first.page, 'Accept all').click();
  await first.page.waitForFunction(() => window.tcfEvents.length === 2);
  await first.page.close();
  const gvl = JSON.parse(await (await fetch(env.base + '/t/vendor-list.json')).text());
  gvl.tcfPolicyVersion = 6;
  gvl.vendorListVersion = 121;
  const { page, log } = await openIab(tcfConfig(), { reuse: context, gvl });
  assert.equal(await settled(page), 'ok');
  await page.getByRole('dialog', { name: 'Your privacy choices' }).waitFor();
  await page.waitForFunction(() => window.tcfEvents.length === 1);
  assert.deepEqual(await events(page), ['cmpuishown']);
  const d = decoded(await lastTc(page));
  assert.deepEqual([d.purposes, d.vendors, d.policy, d.gvl], [[], [], 6, 121]);
  assert.ok(log.console.some((m) => m.includes('the TCF policy version changed')));
  assert.deepEqual(tagRequests(log), [], 'the ads tag waits for the new answer');
});

test('GPC under opt-out with usnat: opted out without a click, the digest string, ads stay off', async () => {
  const context = await env.browser.newContext();
  await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
  const config = { ...base, regime: 'opt-out', gpp: { sections: ['usnat'] } };
  const { page, log } = await openIab(config, { reuse: context });
  assert.equal(await settled(page), 'ok');
  assert.equal(await page.evaluate(() => typeof window.__tcfapi), 'undefined', 'no TCF without the tcf object');
  const ping = (await gppCall(page, 'ping')).value;
  assert.equal(ping.gppString, 'DBABLA~CVQVAAAAAACA.YA');
  assert.deepEqual([ping.applicableSections, ping.signalStatus, ping.cmpStatus], [[7], 'ready', 'loaded']);
  const model = new GppModel(ping.gppString);
  for (const f of ['SaleOptOut', 'SharingOptOut', 'TargetedAdvertisingOptOut']) assert.equal(model.getFieldValue('usnat', f), 1);
  assert.equal(model.getFieldValue('usnat', 'Gpc'), true);
  assert.equal((await gppCall(page, 'getField', 'usnat.Gpc')).value, true);
  assert.deepEqual(tagRequests(log), []);
  assert.ok(!(await ran(page)).includes('C'));
  // The stub's listener was adopted with its id: it heard the module take over.
  const heard = await page.evaluate(() => window.gppEvents.map((e) => e.name + ':' + e.status));
  assert.deepEqual(heard.slice(0, 3), ['listenerRegistered:stub', 'cmpStatus:loaded', 'signalStatus:loaded']);
  assert.equal(await page.evaluate(() => window.gppEvents[2].data), 'ready');
  // The site says it honours the signal (R45).
  const wellKnown = await (await fetch(env.base + '/.well-known/gpc.json')).json();
  assert.equal(wellKnown.gpc, true);
  assert.match(wellKnown.lastUpdate, /^\d{4}-\d{2}-\d{2}$/);
  // Without GPC the same page does not opt out until the visitor does.
  const plain = await openIab(config);
  assert.equal(await settled(plain.page), 'ok');
  const model2 = new GppModel((await gppCall(plain.page, 'ping')).value.gppString);
  assert.equal(model2.getFieldValue('usnat', 'SaleOptOut'), 2);
  assert.equal(model2.getFieldValue('usnat', 'Gpc'), false);
});

test('GPC and then Accept all: GPP, Consent Mode and the held ad tags agree that advertising stays off', async () => {
  const context = await env.browser.newContext();
  await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
  const config = { ...base, regime: 'opt-out', gpp: { sections: ['usnat'] } };
  const { page, log } = await openIab(config, { reuse: context });
  assert.equal(await settled(page), 'ok');
  assert.equal((await page.evaluate(() => window.noren.getRecord())).action, 'gpc');
  await button(page, 'Accept all').click();
  const record = await page.evaluate(() => window.noren.getRecord());
  assert.deepEqual([record.action, record.categories.ads, record.categories.analytics], ['accept-all', false, true]);
  const model = new GppModel((await gppCall(page, 'ping')).value.gppString);
  for (const f of ['SaleOptOut', 'SharingOptOut', 'TargetedAdvertisingOptOut']) assert.equal(model.getFieldValue('usnat', f), 1);
  assert.equal(record.signals.gppString, (await gppCall(page, 'ping')).value.gppString);
  const cm = await page.evaluate(() => {
    const ups = window.dataLayer.filter((a) => a[0] === 'consent' && a[1] === 'update');
    return ups[ups.length - 1][2];
  });
  assert.deepEqual([cm.ad_storage, cm.ad_user_data, cm.ad_personalization, cm.analytics_storage], ['denied', 'denied', 'denied', 'granted']);
  await page.waitForTimeout(300);
  assert.deepEqual(tagRequests(log), [], 'the ad tag stays held');
});

test('fail closed: an unusable vendor list puts TCF in error, noren.js refuses a tcf config', async () => {
  const { page, log } = await openIab(tcfConfig({ gvlUrl: '/t/missing-vendor-list.json' }));
  assert.equal(await settled(page), 'ok');
  const ping = await tcfCall(page, 'ping');
  assert.equal(ping.value.cmpStatus, 'error');
  assert.match(await logged(log, 'tcf.gvlUrl: could not load the vendor list'), /HTTP 404/);
  const answered = await page.evaluate(() => new Promise((resolve) => {
    window.__tcfapi('getTCData', 2, () => resolve(true));
    setTimeout(() => resolve(false), 300);
  }));
  assert.equal(answered, false, 'in error the CMP answers nothing but ping');

  const context = await env.browser.newContext();
  await context.route('**/t/plain-loader.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: pageHtml(tcfConfig()).replace('/noren/noren-iab.js', '/noren/noren.js'),
  }));
  const plain = await open(env, '/t/plain-loader.html', { reuse: context });
  assert.match(await settled(plain.page), /load noren-iab\.js instead of noren\.js/);
});

test('the TCF notice and dialog: axe reports nothing, vendor details are there, Japanese too', async () => {
  const scan = async (page) => (await new AxeBuilder({ page }).include('#noren')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .disableRules(['region']).analyze()).violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  const { page } = await openIab(tcfConfig());
  assert.equal(await settled(page), 'ok');
  const notice = page.getByRole('dialog', { name: 'Your privacy choices' });
  await notice.waitFor();
  await page.waitForTimeout(300); // the entrance animation
  assert.match(await notice.innerText(), /We and our 4 partners \(IAB TCF vendors\)/);
  assert.deepEqual(await scan(page), []);
  await button(page, 'Manage preferences').click();
  const dialog = page.getByRole('dialog', { name: 'Privacy preferences' });
  await dialog.waitFor();
  await page.waitForTimeout(300);
  await dialog.locator('summary', { hasText: 'Sample Ad Exchange' }).click(); // open the vendor's details
  const details = await dialog.locator('details[open]').innerText();
  for (const s of ['Purposes (legitimate interest)', 'Longest cookie lifetime (days)', '365', 'Legitimate interest claim']) {
    assert.ok(details.includes(s), `vendor details show ${s}`);
  }
  assert.deepEqual(await scan(page), []);

  const ja = await openIab({ ...tcfConfig(), language: 'ja' });
  assert.equal(await settled(ja.page), 'ok');
  const jaNotice = ja.page.getByRole('dialog', { name: 'Cookie等の利用について' });
  await jaNotice.waitFor();
  assert.match(await jaNotice.innerText(), /当サイトと4社の提携事業者（IAB TCFの登録事業者）/);
});

test('the demo page: an ad tag hears the signals, under the strict CSP, with no violation', async () => {
  const { page, log } = await open(env, '/ads.html');
  assert.equal(await settled(page), 'ok', log.console.join('\n'));
  await page.getByRole('dialog', { name: 'Your privacy choices' }).waitFor();
  await page.waitForFunction(() => document.getElementById('tcf-event').textContent === 'cmpuishown');
  await button(page, 'Accept all').click();
  await page.waitForFunction(() => document.getElementById('tcf-event').textContent === 'useractioncomplete');
  const tc = await page.locator('#tcf-string').textContent();
  assert.deepEqual(decoded(tc).vendors, [8, 21, 45]);
  assert.equal(await page.locator('#gpp-signal').textContent(), 'ready');
  const gpp = await page.locator('#gpp-string').textContent();
  assert.equal(new GppModel(gpp).getFieldValue('tcfeuv2', 'CmpId'), 300);
  assert.ok(!log.console.some((m) => /Content Security Policy|Refused/.test(m)), log.console.join('\n'));
  assert.deepEqual(log.errors, []);
});

test('a returning visitor who reopens and closes the dialog re-confirms: useractioncomplete, same string', async () => {
  const context = await env.browser.newContext();
  const first = await openIab(tcfConfig(), { reuse: context });
  assert.equal(await settled(first.page), 'ok');
  await button(first.page, 'Accept all').click();
  await first.page.waitForFunction(() => window.tcfEvents.length === 2);
  const tc = await lastTc(first.page);
  await first.page.close();
  const { page } = await openIab(tcfConfig(), { reuse: context });
  assert.equal(await settled(page), 'ok');
  await page.waitForFunction(() => window.tcfEvents.length === 1);
  await page.evaluate(() => window.noren.showPreferences());
  await page.getByRole('dialog', { name: 'Privacy preferences' }).waitFor();
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => window.tcfEvents.length === 3);
  assert.deepEqual(await events(page), ['tcloaded', 'cmpuishown', 'useractioncomplete']);
  const strings = await page.evaluate(() => window.tcfEvents.map((e) => e.tc));
  assert.deepEqual(strings, [tc, tc, tc]);
  const signals = await page.evaluate(() => window.gppEvents.filter((e) => e.name === 'signalStatus').map((e) => e.data));
  // Ready when the module took over (the stored string holds), not while the dialog is open.
  assert.deepEqual(signals, ['ready', 'not ready', 'ready']);
});

test('Consent Mode follows the TCF purposes: a refused purpose 1 keeps ad_storage denied', async () => {
  const { page } = await openIab(tcfConfig());
  assert.equal(await settled(page), 'ok');
  const lastUpdate = () => page.evaluate(() => {
    const updates = window.dataLayer.filter((a) => a[0] === 'consent' && a[1] === 'update');
    return updates.at(-1)[2];
  });
  await button(page, 'Accept all').click();
  await page.waitForFunction(() => window.tcfEvents.length === 2);
  let s = await lastUpdate();
  assert.deepEqual([s.ad_storage, s.ad_user_data, s.ad_personalization, s.analytics_storage], ['granted', 'granted', 'granted', 'granted']);
  await page.evaluate(() => window.noren.showPreferences());
  const dialog = page.getByRole('dialog', { name: 'Privacy preferences' });
  await dialog.waitFor();
  await dialog.getByRole('switch', { name: 'Store and/or access information on a device' }).uncheck();
  await button(page, 'Save preferences').click();
  await page.waitForFunction(() => window.tcfEvents.length === 4);
  s = await lastUpdate();
  assert.deepEqual([s.ad_storage, s.ad_user_data, s.ad_personalization, s.analytics_storage], ['denied', 'denied', 'granted', 'granted']);
  assert.equal(await page.evaluate(() => window.noren.hasConsent('ads')), true, 'the site\'s own category is unchanged');
});

test('a choice made in another tab reaches the TCF listeners of this one', async () => {
  const context = await env.browser.newContext();
  const a = await openIab(tcfConfig(), { reuse: context });
  const b = await openIab(tcfConfig(), { reuse: context });
  assert.equal(await settled(a.page), 'ok');
  assert.equal(await settled(b.page), 'ok');
  await b.page.waitForFunction(() => window.tcfEvents.length === 1);
  await button(a.page, 'Accept all').click();
  await a.page.waitForFunction(() => window.tcfEvents.length === 2);
  await b.page.waitForFunction(() => window.tcfEvents.length === 2);
  assert.equal(await lastTc(b.page), await lastTc(a.page));
  assert.deepEqual(await events(b.page), ['cmpuishown', 'useractioncomplete']);
});

test('noren-iab.js with a config file: the stubs come when it has loaded, with a warning', async () => {
  const context = await env.browser.newContext();
  await context.route('**/t/iab-file.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(tcfConfig()) }));
  await context.route('**/t/iab-file.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: '<!doctype html><html lang="en"><title>x</title><script src="/noren/noren-iab.js" data-config="/t/iab-file.json"></script><body><h1>x</h1></body></html>',
  }));
  const { page, log } = await open(env, '/t/iab-file.html', { reuse: context });
  assert.equal(await settled(page), 'ok');
  await logged(log, 'tcf/gpp in a config file');
  const ping = await tcfCall(page, 'ping');
  assert.equal(ping.value.cmpStatus, 'loaded');
  assert.ok(log.requests.some((u) => /^\/noren\/noren_iab\.[0-9a-f]+\.wasm$/.test(u)));
});

test('a frame whose parent already has the locators adds none of its own', async () => {
  const context = await env.browser.newContext();
  await context.route('**/t/iab-child.html', (route) => route.fulfill({ contentType: 'text/html', body: pageHtml(tcfConfig()) }));
  const { page } = await openIab(tcfConfig(), { reuse: context });
  assert.equal(await settled(page), 'ok');
  await page.evaluate(() => new Promise((resolve) => {
    const f = document.createElement('iframe');
    f.title = 'child';
    f.onload = resolve;
    f.src = '/t/iab-child.html';
    document.body.appendChild(f);
  }));
  const child = page.frames().find((f) => f.url().includes('iab-child.html'));
  assert.equal(await settled(child), 'ok');
  await child.waitForTimeout(100);
  assert.equal(await child.evaluate(() => typeof window.__tcfapi), 'function', 'the frame still has its own API');
  assert.equal(await child.locator('iframe[name="__tcfapiLocator"]').count(), 0);
  assert.equal(await child.locator('iframe[name="__gppLocator"]').count(), 0);
  assert.equal(await page.locator('iframe[name="__tcfapiLocator"]').count(), 1);
});

test('{lang} in gvlUrl: the vendor list in the notice\'s language', async () => {
  const gvl = JSON.parse(await (await fetch(env.base + '/t/vendor-list.json')).text());
  gvl.purposes['1'].name = '端末への情報の保存・アクセス';
  const context = await env.browser.newContext();
  await context.route('**/t/vendor-list-ja.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(gvl) }));
  const config = tcfConfig({ gvlUrl: '/t/vendor-list-{lang}.json' });
  // "auto": the page's <html lang="en"> decides, as it does for the notice.
  const auto = await openIab({ ...config, language: 'auto' });
  assert.equal(await settled(auto.page), 'ok');
  assert.ok(auto.log.requests.includes('/t/vendor-list-en.json'), auto.log.requests.join(' '));
  config.language = 'ja';
  const { page, log } = await openIab(config, { reuse: context });
  assert.equal(await settled(page), 'ok');
  assert.ok(log.requests.includes('/t/vendor-list-ja.json'), log.requests.join(' '));
  await button(page, '設定を管理').click();
  const dialog = page.getByRole('dialog', { name: 'プライバシー設定' });
  await dialog.waitFor();
  await dialog.getByRole('switch', { name: '端末への情報の保存・アクセス' }).waitFor();
});

test('a huge vendor list: 1,000 vendors in the list, 600 configured', async () => {
  const gvl = JSON.parse(await (await fetch(env.base + '/t/vendor-list.json')).text());
  gvl.vendors = {};
  for (let id = 1; id <= 1000; id++) {
    gvl.vendors[id] = {
      id, name: `Vendor ${id}`, purposes: id % 3 ? [1, 3, 4] : [], legIntPurposes: id % 2 ? [2, 7] : [],
      flexiblePurposes: [], specialPurposes: [1], features: [], specialFeatures: id % 50 ? [] : [1],
      cookieMaxAgeSeconds: 86400, usesCookies: true, usesNonCookieAccess: false,
      urls: [{ langId: 'en', privacy: `https://v${id}.example/privacy` }], dataDeclaration: [1],
    };
  }
  const vendors = Array.from({ length: 600 }, (_, i) => i * 1 + 1 + (i >= 300 ? 400 : 0)); // 1–300, 701–1000
  const { page, log } = await openIab(tcfConfig({ vendors }), { gvl });
  assert.equal(await settled(page), 'ok', log.console.join('\n'));
  await page.waitForFunction(() => window.tcfEvents.length === 1);
  await button(page, 'Accept all').click();
  await page.waitForFunction(() => window.tcfEvents.length === 2);
  const tc = await lastTc(page);
  const d = decoded(tc);
  assert.deepEqual(d.disclosed, vendors);
  assert.deepEqual(d.vendors, vendors.filter((id) => id % 3 || id % 50 === 0));
  assert.deepEqual(d.vendorLi, vendors.filter((id) => id % 2 || !(id % 3)));
  assert.equal(await storedCookie(page, 'euconsent-v2'), tc);
  assert.ok(tc.length < 1500, `the cookie stays small: ${tc.length} characters`);
  assert.equal(await page.locator('#noren').evaluate((h) => h.shadowRoot.querySelectorAll('[data-tw]').length), d.vendorLi.length);
});

test('publisher restrictions: what the dialog shows, the string and TCData say them', async () => {
  const restrictions = [
    { purpose: 2, restriction: 'require-consent' }, // vendor 8 claims it flexibly on LI: moves to consent
    { purpose: 7, restriction: 'not-allowed', vendors: [8] },
  ];
  const { page } = await openIab(tcfConfig({ publisherRestrictions: restrictions }));
  assert.equal(await settled(page), 'ok');
  await button(page, 'Accept all').click();
  await page.waitForFunction(() => window.tcfEvents.length === 2);
  const tc = await lastTc(page);
  const m = TCString.decode(tc);
  const found = m.publisherRestrictions.getRestrictions().map((r) => [r.purposeId, r.restrictionType,
    m.publisherRestrictions.getVendors(r)]).sort((a, b) => a[0] - b[0]);
  assert.deepEqual(found, [[2, 1, [8]], [7, 0, [8]]]);
  assert.deepEqual(decoded(tc).li, [9, 10], 'no vendor claims 2 or 7 on legitimate interest any more');
  const { value } = await tcfCall(page, 'getTCData');
  assert.deepEqual(value.publisher.restrictions, { 2: { 8: 1 }, 7: { 8: 0 } });
  await page.evaluate(() => window.noren.showPreferences());
  const dialog = page.getByRole('dialog', { name: 'Privacy preferences' });
  await dialog.locator('summary', { hasText: 'Sample Ad Exchange' }).click();
  const details = await dialog.locator('details[open]').innerText();
  assert.ok(!details.includes('Measure advertising performance'), details);
  assert.match(details, /Purposes \(consent\)\s+Store and\/or access information on a device; Use limited data to select advertising/);
});

test('gdprApplies false: no TCF part in the interface, TCData says so at once, nothing asked again', async () => {
  const context = await env.browser.newContext();
  const config = tcfConfig({ gdprApplies: false });
  const { page } = await openIab(config, { reuse: context });
  assert.equal(await settled(page), 'ok');
  await page.waitForFunction(() => window.tcfEvents.length === 1);
  const data = await page.evaluate(() => new Promise((resolve) => window.__tcfapi('getTCData', 2, (d) => resolve(d))));
  assert.deepEqual(Object.keys(data).sort(), ['cmpId', 'cmpVersion', 'gdprApplies', 'tcfPolicyVersion']);
  assert.equal(data.gdprApplies, false);
  const notice = page.getByRole('dialog', { name: 'Your privacy choices' });
  await notice.waitFor();
  assert.ok(!(await notice.innerText()).includes('IAB TCF'));
  await button(page, 'Accept all').click();
  const gpp = (await gppCall(page, 'ping')).value;
  assert.deepEqual([gpp.applicableSections, gpp.sectionList], [[7], [7]]);
  const last = await page.evaluate(() => window.dataLayer.filter((a) => a[1] === 'update').at(-1)[2]);
  assert.equal(last.ad_storage, 'granted', 'TCF does not constrain Consent Mode where GDPR does not apply');
  await page.reload();
  assert.equal(await settled(page), 'ok');
  await page.waitForTimeout(300);
  assert.equal(await page.getByRole('dialog', { name: 'Your privacy choices' }).isVisible(), false);
});
