// Issue 3 in the browser: the external-transmission notice and its switches, APPI consent
// for recipients that link personal data, the opt-out regime, consent records, hostile text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, open, settled, ran, tagRequests, button, basicConfig, logged } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

const notice = (page) => page.locator('#notice');

test('the disclosure lists every service with what is sent, to whom and why; its switch stops that tag', async () => {
  const { page, log, context } = await open(env, '/t/disclosure.html');
  assert.equal(await settled(page), 'ok');
  // The notice is filled when the browser is idle after the banner shows (render-first).
  await page.waitForFunction(() => document.querySelector('[data-noren-disclosure][data-noren]'));
  const services = notice(page).locator('section');
  assert.equal(await services.count(), 4);
  const ga = services.filter({ hasText: 'Analytics One' });
  for (const text of ['Recipient', 'Analytics Inc.', 'Information sent', 'Purpose', 'Statistics', 'United States']) {
    assert.ok((await ga.textContent()).includes(text), text);
  }
  // Lists stay lists on a page without styles: each item sent, each cookie, each link apart.
  assert.deepEqual(await ga.locator('dd').filter({ has: page.getByRole('list') }).first().getByRole('listitem').allTextContents(),
    ['Pages viewed', 'Cookie ID']);
  assert.equal(await ga.locator('.links').innerText(), "Opt-out page · Recipient's privacy policy");
  assert.equal(await ga.getByRole('link', { name: 'Opt-out page' }).getAttribute('href'), 'https://analytics.example/optout');
  // Every switch starts off (opt-in, nothing decided).
  const adnet = notice(page).getByRole('checkbox', { name: 'Allow Ad Network' });
  assert.equal(await adnet.isChecked(), false);

  await button(page, 'Accept all').click();
  await page.waitForFunction(() => window.order.length === 4);
  assert.equal(await adnet.isChecked(), true, 'the notice follows the choice');
  await adnet.uncheck();
  await page.waitForFunction(() => window.noren.getConsent().services.adnet === false);
  assert.equal(await page.evaluate(() => window.noren.getConsent().categories.ads), true, 'only that service');
  assert.ok(!(await context.cookies()).some((c) => c.name === '_sadid'));

  // It persists: after a reload, the ad network's tag is not requested, the others run.
  log.requests.length = 0;
  await page.reload();
  await page.waitForFunction(() => window.order && window.order.length === 3);
  assert.deepEqual(await ran(page), ['N', 'A', 'B']);
  assert.ok(!tagRequests(log).some((u) => u.includes('name=C')), tagRequests(log).join());
  assert.equal(await notice(page).getByRole('checkbox', { name: 'Allow Ad Network' }).isChecked(), false);
  assert.deepEqual(log.errors, []);
});

test('a disclosure link is followed, not turned into the preferences dialog', async () => {
  const { page } = await open(env, '/t/disclosure.html');
  assert.equal(await settled(page), 'ok');
  await page.click('#to-notice');
  await page.waitForURL(/\/t\/basic\.html$/);
});

test('opt-out regime: tags run without a click, except a recipient that links personal data, which is named and waits for consent', async () => {
  const config = await basicConfig(env);
  config.regime = 'opt-out';
  Object.assign(config.services[1], { recipientLinksPersonalData: true, safeguards: 'Standard contractual clauses' });
  const { page, log } = await open(env, '/t/disclosure.html', { config });
  assert.equal(await settled(page), 'ok');
  const banner = page.getByRole('dialog', { name: 'Your privacy choices' });
  await banner.waitFor();
  assert.ok((await banner.textContent()).includes('as personal data: Ads Inc. (United States)'));
  await page.waitForFunction(() => window.order.length === 3);
  await page.waitForTimeout(300);
  assert.deepEqual(await ran(page), ['N', 'A', 'B'], 'everything but the linked recipient runs');
  assert.ok(!tagRequests(log).some((u) => u.includes('name=C')), 'the linked recipient is not requested');
  const adnet = notice(page).locator('section', { hasText: 'Ad Network' });
  assert.ok((await adnet.textContent()).includes('Sent only with your consent'));
  assert.ok((await adnet.textContent()).includes('Standard contractual clauses'));
  assert.ok((await adnet.textContent()).includes('There is no comprehensive federal privacy law'), 'the built-in note on US law');
  // Closing the notice keeps the defaults (it is not a refusal under opt-out).
  await button(page, 'Close').click();
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.noren.getConsent().services.adnet), false);
  assert.equal(await page.evaluate(() => window.noren.getConsent().services.ga), true);
  assert.equal(await page.evaluate(() => window.noren.getRecord().action), 'close');
  // Explicit consent loads it.
  await notice(page).getByRole('checkbox', { name: 'Allow Ad Network' }).check();
  await page.waitForFunction(() => window.order.includes('C'));
  const record = await page.evaluate(() => window.noren.getRecord());
  assert.deepEqual(record.personalData, [{ service: 'adnet', recipient: 'Ads Inc.', country: 'US', granted: true }]);
});

test('consent records: one per choice, sent to recordUrl, shown in the dialog, kept across pages', async () => {
  env.records.length = 0;
  const config = await basicConfig(env);
  config.recordUrl = '/records';
  const { page } = await open(env, '/t/basic.html', { config });
  assert.equal(await settled(page), 'ok');
  assert.equal(await page.evaluate(() => window.noren.getRecord()), null);
  await button(page, 'Accept all').click();
  await page.waitForFunction(() => window.order.length === 4);
  await page.evaluate(() => window.noren.update({ services: { adnet: false } }));
  await page.evaluate(() => window.noren.update({ services: { video: true } }));
  const deadline = Date.now() + 5000;
  while (env.records.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(env.records.map((r) => r.action), ['accept-all', 'withdrawal', 'custom']);
  const first = env.records[0];
  assert.equal(first.version, 1);
  assert.match(first.id, /^[0-9A-Za-z_-]{16}$/);
  assert.match(first.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.equal(first.consentId, await page.evaluate(() => window.noren.getConsent().id));
  assert.deepEqual(
    { regime: first.regime, revision: first.revision, language: first.language, signals: first.signals },
    { regime: 'opt-in', revision: 1, language: 'en', signals: { gpc: false } });
  assert.deepEqual(first.categories, { necessary: true, analytics: true, ads: true, media: true });
  assert.equal(env.records[1].services.adnet, false);
  assert.ok(first.url.endsWith('/t/basic.html'));
  const latest = await page.evaluate(() => window.noren.getRecord());
  assert.deepEqual(latest, env.records[2]);
  await page.evaluate(() => window.noren.showPreferences());
  const dialog = page.getByRole('dialog', { name: 'Privacy preferences' });
  assert.ok((await dialog.textContent()).includes(`Your consent record ID: ${latest.id}`));
  await page.reload();
  assert.equal(await settled(page), 'ok');
  assert.deepEqual(await page.evaluate(() => window.noren.getRecord()), latest, 'the next page still has it');
});

test('an unreachable record endpoint changes nothing for the visitor', async () => {
  const config = await basicConfig(env);
  config.recordUrl = 'http://127.0.0.1:9/records';
  const { page, log } = await open(env, '/t/basic.html', { config });
  assert.equal(await settled(page), 'ok');
  await button(page, 'Accept all').click();
  await page.waitForFunction(() => window.order.length === 4);
  await page.reload();
  await page.waitForFunction(() => window.order && window.order.length === 4);
  assert.deepEqual(log.errors, []);
});

test('hostile config text is shown as text; unsafe links are dropped', async () => {
  const config = await basicConfig(env);
  const long = 'Ｌ'.repeat(5000);
  config.categories[1].title = '<img src=x onerror="window.pwned=1">Analytics';
  config.categories[1].description = `\u202Eevil\u202C ${long}`;
  config.services[0].name = '<script>window.pwned=2</script>GA';
  config.services[0].optOutUrl = 'javascript:window.pwned=3';
  config.services[0].purpose = '"><svg onload=window.pwned=4>';
  const { page, log } = await open(env, '/t/disclosure.html', { config });
  assert.equal(await settled(page), 'ok');
  await page.evaluate(() => window.noren.showPreferences());
  const dialog = page.getByRole('dialog', { name: 'Privacy preferences' });
  await dialog.waitFor();
  assert.ok((await dialog.textContent()).includes('<img src=x onerror="window.pwned=1">Analytics'));
  assert.ok((await notice(page).textContent()).includes('<script>window.pwned=2</script>GA'));
  assert.ok((await notice(page).textContent()).includes('"><svg onload=window.pwned=4>'));
  assert.equal(await page.evaluate(() => document.querySelectorAll('#notice img, #notice script, #notice svg').length), 0);
  assert.equal(await notice(page).getByRole('link', { name: 'Opt-out page' }).count(), 0, 'javascript: link dropped');
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.match(await logged(log, 'services[0].optOutUrl: link dropped'), /^warning: \[noren\] /);
  // The long text wraps inside the dialog instead of widening it.
  const box = await dialog.boundingBox();
  assert.ok(box.width <= (page.viewportSize().width), 'the dialog fits the window');
  assert.deepEqual(log.errors, []);
});

test('records: an expired choice is recorded when found; without sendBeacon, fetch delivers', async () => {
  env.records.length = 0;
  const config = await basicConfig(env);
  config.recordUrl = '/records';
  const first = await open(env, '/t/basic.html', { config });
  assert.equal(await settled(first.page), 'ok');
  await button(first.page, 'Reject all').click();
  const parts = (await first.context.cookies()).find((c) => c.name === 'noren').value.split('.');
  const consentId = parts[1];
  parts[2] = (Date.now() - 200 * 86400e3).toString(36);
  const context = await env.browser.newContext();
  await context.addCookies([{ name: 'noren', value: parts.join('.'), url: env.base }]);
  // A browser without sendBeacon (or one that refuses to queue).
  await context.addInitScript(() => { Navigator.prototype.sendBeacon = () => false; });
  const { page } = await open(env, '/t/basic.html', { reuse: context, config });
  assert.equal(await settled(page), 'ok');
  const deadline = Date.now() + 5000;
  while (env.records.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(env.records.map((r) => r.action), ['reject-all', 'expiry']);
  assert.equal(env.records[1].consentId, consentId, 'the expired consent is named');
  assert.equal(env.records[1].services.ga, false, 'what applies now: nothing granted');
});
