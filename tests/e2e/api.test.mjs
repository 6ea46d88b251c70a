// window.noren as a site's developers use it: early calls, events, every method.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, open, settled, ran, button, basicConfig, logged } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

test('calls made before the module is ready are queued and run in order; events fire', async () => {
  // The page's early update() calls run without a user gesture: this site allows that.
  const config = { ...(await basicConfig(env)), programmaticGrants: true };
  const { page, log } = await open(env, '/t/early.html', { config });
  assert.equal(await settled(page), 'ok');
  const early = await page.evaluate(() => window.early);
  assert.deepEqual(early, {
    consent: { decided: false, categories: {}, services: {}, updatedAt: null, revision: null, id: null },
    has: false,
  });
  await page.waitForFunction(() => window.order.length === 2);
  assert.deepEqual(await ran(page), ['A', 'C'], 'analytics (all services) and adnet ran');
  const events = await page.evaluate(() => window.events.filter((e) => !e.startsWith('show') && !e.startsWith('hide')));
  assert.deepEqual(events, [
    'change:true,false', 'event:change:true',
    'change:true,true', 'event:change:true',
    'ready:true', 'event:ready',
  ]);
  const consent = await page.evaluate(() => window.noren.getConsent());
  assert.deepEqual(consent.services, { ga: true, adnet: true, pixel: false, video: false });
  assert.equal(consent.revision, 1);
  // The throwing listener was reported and did not stop the others.
  await logged(log, 'a "change" listener threw', 2);
  assert.equal(log.console.filter((m) => m.includes('a "change" listener threw')).length, 2);
  assert.deepEqual(log.errors, []);
});

test('methods: showBanner, showPreferences, hasConsent, update, reset, on/off', async () => {
  const { page, log, context } = await open(env, '/t/basic.html');
  assert.equal(await settled(page), 'ok');
  await page.evaluate(() => {
    window.seen = [];
    window.noren.on('show', (d) => window.seen.push('show:' + d.view));
    window.noren.on('hide', (d) => window.seen.push('hide:' + d.view));
    window.noren.on('change', (c) => window.seen.push('change:' + c.decided));
  });
  await page.evaluate(() => window.noren.showPreferences());
  await page.getByRole('dialog', { name: 'Privacy preferences' }).waitFor();
  // Opening it again keeps what the visitor switched but did not save.
  await page.getByRole('switch', { name: 'Analytics', exact: true }).check();
  await page.evaluate(() => window.noren.showPreferences());
  assert.equal(await page.getByRole('switch', { name: 'Analytics', exact: true }).isChecked(), true);
  await page.evaluate(() => window.noren.showBanner());
  await page.getByRole('dialog', { name: 'Your privacy choices' }).waitFor();
  assert.equal(await page.evaluate(() => window.noren.hasConsent('necessary')), true);
  assert.equal(await page.evaluate(() => window.noren.hasConsent(42)), false);
  assert.equal(await page.evaluate(() => window.noren.hasConsent('nope')), false);

  await page.evaluate(() => window.noren.update({ services: { ga: true, nope: true }, categories: { ads: 'yes' } }));
  assert.ok(log.console.some((m) => m.includes('update(): unknown services id "nope"')));
  assert.ok(log.console.some((m) => m.includes('update(): categories.ads must be true or false')));
  await page.waitForFunction(() => window.order.includes('A'));
  let c = await page.evaluate(() => window.noren.getConsent());
  assert.deepEqual(c.categories, { necessary: true, analytics: true, ads: false, media: false });
  assert.deepEqual(c.services, { ga: true, adnet: false, pixel: false, video: false });
  assert.equal(await page.evaluate(() => window.noren.hasConsent('ga')), true);
  const firstId = c.id;

  await page.evaluate(() => window.noren.update({ categories: { ads: true } }));
  c = await page.evaluate(() => window.noren.getConsent());
  assert.equal(c.id, firstId, 'the consent id stays for later changes');
  assert.deepEqual(c.services, { ga: true, adnet: true, pixel: true, video: false });
  await page.waitForFunction(() => window.order.includes('C'));

  await page.evaluate(() => window.noren.reset());
  c = await page.evaluate(() => window.noren.getConsent());
  assert.equal(c.decided, false);
  assert.deepEqual(c.categories, { necessary: true, analytics: false, ads: false, media: false });
  await page.getByRole('dialog', { name: 'Your privacy choices' }).waitFor();
  const names = (await context.cookies()).map((k) => k.name);
  assert.ok(!names.includes('noren') && !names.includes('_ga') && !names.includes('_sadid'), names.join());
  assert.deepEqual(await page.evaluate(() => window.seen), [
    'hide:banner', 'show:preferences', 'hide:preferences', 'show:banner',
    'hide:banner', 'change:true', 'change:true', 'change:false', 'show:banner',
  ]);
  // Nothing ran twice; reset did not unrun anything but runs nothing new.
  assert.deepEqual(await ran(page), ['N', 'A', 'B', 'C']);
});

test('the TypeScript declarations describe the API the page has', async () => {
  const { page } = await open(env, '/t/basic.html');
  assert.equal(await settled(page), 'ok');
  const d = await (await fetch(env.base + '/noren/noren.d.ts')).text();
  const methods = await page.evaluate(() => Object.keys(window.noren).filter((k) => !k.startsWith('__')).sort());
  for (const m of methods) assert.match(d, new RegExp(`\\b${m}[(<:]`), `noren.d.ts declares ${m}`);
  assert.deepEqual(methods, ['acceptAll', 'getConsent', 'getRecord', 'hasConsent', 'on', 'ready', 'rejectAll', 'reset', 'showBanner', 'showPreferences', 'update', 'version']);
  const consentKeys = await page.evaluate(() => Object.keys(window.noren.getConsent()).sort());
  for (const k of consentKeys) assert.match(d, new RegExp(`\\b${k}: `), `NorenConsent declares ${k}`);
});

test('a second copy of the loader does nothing but warn', async () => {
  const { page, log } = await open(env, '/t/basic.html');
  assert.equal(await settled(page), 'ok');
  await page.evaluate(() => new Promise((resolve) => {
    const s = document.createElement('script');
    s.src = '/noren/noren.js';
    s.dataset.config = '/t/basic.json';
    s.onload = resolve;
    document.head.append(s);
  }));
  await logged(log, 'the loader is on this page twice');
  assert.equal(await page.locator('#noren').count(), 1);
  await button(page, 'Accept all').click();
  await page.waitForFunction(() => window.order.length === 4);
});
