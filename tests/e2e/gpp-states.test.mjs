// Issue 13 (GPP part): the US state sections usca, usva, usco, usut and usct next to usnat, in a
// real page. Every string the page makes is decoded with the IAB's own library
// (@iabgpp/cmpapi): each section must say what the visitor chose, field for field.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { GppModel } from '@iabgpp/cmpapi';
import { setup, open, settled, button, basicConfig } from './helpers.mjs';

let env;
let base;
before(async () => {
  env = await setup();
  base = await basicConfig(env);
});
after(async () => { await env.close(); });

const STATES = ['usca', 'usva', 'usco', 'usut', 'usct'];
const ALL = ['usnat', ...STATES];
const IDS = [7, 8, 9, 10, 11, 12];
/** The state sections that have the GPC sub-section. */
const WITH_GPC = ['usnat', 'usca', 'usco', 'usct'];
/** The opt-outs and their notices each section has. */
const OPT_OUTS = {
  usnat: ['SaleOptOut', 'SharingOptOut', 'TargetedAdvertisingOptOut'],
  usca: ['SaleOptOut', 'SharingOptOut'],
  usva: ['SaleOptOut', 'TargetedAdvertisingOptOut'],
  usco: ['SaleOptOut', 'TargetedAdvertisingOptOut'],
  usut: ['SaleOptOut', 'TargetedAdvertisingOptOut'],
  usct: ['SaleOptOut', 'TargetedAdvertisingOptOut'],
};
const NOTICES = {
  usnat: ['SharingNotice', 'SaleOptOutNotice', 'SharingOptOutNotice', 'TargetedAdvertisingOptOutNotice'],
  usca: ['SaleOptOutNotice', 'SharingOptOutNotice'],
  usva: ['SharingNotice', 'SaleOptOutNotice', 'TargetedAdvertisingOptOutNotice'],
  usco: ['SharingNotice', 'SaleOptOutNotice', 'TargetedAdvertisingOptOutNotice'],
  usut: ['SharingNotice', 'SaleOptOutNotice', 'TargetedAdvertisingOptOutNotice'],
  usct: ['SharingNotice', 'SaleOptOutNotice', 'TargetedAdvertisingOptOutNotice'],
};

/** A page with an inline config whose first ad tag pings __gpp and listens at once. */
function pageHtml(config) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>GPP states</title>
<script src="/t/order.js"></script>
<script type="application/json" id="noren-config">${JSON.stringify(config)}</script>
<script src="/noren/noren-iab.js"></script>
<script>
window.gppEvents = [];
__gpp('ping', function (p) { window.stubPing = p; });
__gpp('addEventListener', function (e) { window.gppEvents.push(e.eventName + ':' + (typeof e.data === 'string' ? e.data : '')); });
</script>
</head><body><h1>GPP states</h1></body></html>`;
}

async function openStates(config, context) {
  context = context || (await env.browser.newContext());
  await context.route('**/t/states.html', (route) => route.fulfill({ contentType: 'text/html', body: pageHtml(config) }));
  return open(env, '/t/states.html', { reuse: context });
}

const gppCall = (page, command, parameter) => page.evaluate(([c, p]) => new Promise((resolve) => {
  window.__gpp(c, (value, success) => resolve({ value, success }), p);
}), [command, parameter]);

const config = (extra = {}) => ({ ...base, regime: 'opt-out', gpp: { sections: [...STATES].reverse().concat('usnat') }, ...extra });

/**
 * Checks every section of the page's GPP string with @iabgpp/cmpapi: the opt-outs say
 * `optOut`, their notices were given, the sensitive-data and known-child fields are "not
 * applicable", MSPA not covered, GPC as given; and what __gpp answers agrees field by field.
 */
async function checkSections(page, optOut, gpc) {
  const ping = (await gppCall(page, 'ping')).value;
  assert.deepEqual([ping.sectionList, ping.applicableSections, ping.signalStatus], [IDS, IDS, 'ready']);
  assert.deepEqual(ping.supportedAPIs, ALL.map((p, i) => `${IDS[i]}:${p}`));
  const model = new GppModel(ping.gppString);
  assert.deepEqual(model.getSectionIds(), IDS);
  for (const p of ALL) {
    for (const f of OPT_OUTS[p]) assert.equal(model.getFieldValue(p, f), optOut, `${p}.${f}`);
    for (const f of NOTICES[p]) assert.equal(model.getFieldValue(p, f), 1, `${p}.${f}`);
    const sensitive = model.getFieldValue(p, 'SensitiveDataProcessing');
    assert.ok(sensitive.length >= 7 && sensitive.every((v) => v === 0), `${p}.SensitiveDataProcessing`);
    assert.deepEqual([model.getFieldValue(p, 'KnownChildSensitiveDataConsents')].flat().filter((v) => v !== 0), [], p);
    assert.equal(model.getFieldValue(p, 'MspaCoveredTransaction'), 2, p);
    if (WITH_GPC.includes(p)) assert.equal(model.getFieldValue(p, 'Gpc'), gpc, `${p}.Gpc`);
    // What the page says about the section is what the string says.
    const section = (await gppCall(page, 'getSection', p)).value;
    assert.deepEqual(section, ping.parsedSections[p], p);
    assert.equal(section.length, WITH_GPC.includes(p) ? 2 : 1, `${p} sub-sections`);
    for (const [field, value] of Object.entries(section[0])) {
      assert.deepEqual(model.getFieldValue(p, field), value, `${p}.${field}`);
    }
    assert.equal((await gppCall(page, 'hasSection', p)).value, true, p);
  }
  assert.equal((await gppCall(page, 'getField', 'usca.SaleOptOut')).value, optOut);
  assert.equal((await gppCall(page, 'getField', 'usct.Gpc')).value, gpc);
  assert.equal((await gppCall(page, 'getField', 'usva.Gpc')).value, null, 'Virginia has no GPC sub-section');
  assert.equal((await gppCall(page, 'hasSection', 'usfl')).value, false);
  return ping.gppString;
}

test('the stub lists the state sections before the module loads; accept all: no opt-out, a sectionChange per section', async () => {
  const { page, log } = await openStates(config());
  assert.equal(await settled(page), 'ok');
  const stub = await page.evaluate(() => window.stubPing);
  assert.equal(stub.cmpStatus, 'stub');
  assert.deepEqual(stub.supportedAPIs, ALL.map((p, i) => `${IDS[i]}:${p}`));
  assert.deepEqual(stub.applicableSections, IDS);
  // Under opt-out nothing is opted out before the visitor says so.
  await checkSections(page, 2, false);
  await page.evaluate(() => { window.gppEvents.length = 0; });
  await button(page, 'Accept all').click();
  await page.waitForFunction(() => window.gppEvents.includes('signalStatus:ready'));
  const heard = await page.evaluate(() => window.gppEvents.slice());
  assert.deepEqual(heard, ['signalStatus:not ready', 'cmpDisplayStatus:hidden',
    ...ALL.map((p) => `sectionChange:${p}`), 'signalStatus:ready']);
  const gpp = await checkSections(page, 2, false);
  const record = await page.evaluate(() => window.noren.getRecord());
  assert.equal(record.signals.gppString, gpp, 'the consent record keeps the whole GPP string');
  assert.deepEqual(log.errors, []);
});

test('reject all: every state section opts out of sale, sharing and targeted advertising', async () => {
  const { page } = await openStates(config());
  assert.equal(await settled(page), 'ok');
  await button(page, 'Reject all').click();
  await page.waitForFunction(() => window.gppEvents.includes('sectionChange:usct'));
  await checkSections(page, 1, false);
});

test('GPC: every state section opts out without a click, and says GPC where it has the sub-section', async () => {
  const context = await env.browser.newContext();
  await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
  const { page } = await openStates(config(), context);
  assert.equal(await settled(page), 'ok');
  const gpp = await checkSections(page, 1, true);
  // GPC never grants: accepting everything still reports the opt-outs.
  await button(page, 'Accept all').click();
  await page.waitForFunction(() => window.gppEvents.includes('sectionChange:usct'));
  assert.equal(await checkSections(page, 1, true), gpp);
});

test('one state alone: California is the only section, covered by the MSPA', async () => {
  const { page } = await openStates({ ...base, regime: 'opt-out', gpp: { sections: ['usca'], mspaCoveredTransaction: true } });
  assert.equal(await settled(page), 'ok');
  await button(page, 'Reject all').click();
  await page.waitForFunction(() => window.gppEvents.includes('sectionChange:usca'));
  const ping = (await gppCall(page, 'ping')).value;
  assert.deepEqual([ping.sectionList, ping.applicableSections, ping.supportedAPIs], [[8], [8], ['8:usca']]);
  const model = new GppModel(ping.gppString);
  assert.deepEqual(model.getSectionIds(), [8]);
  assert.deepEqual(['SaleOptOut', 'SharingOptOut', 'MspaCoveredTransaction', 'MspaOptOutOptionMode', 'MspaServiceProviderMode']
    .map((f) => model.getFieldValue('usca', f)), [1, 1, 1, 1, 2]);
  assert.equal((await gppCall(page, 'hasSection', 'usnat')).value, false);
});
