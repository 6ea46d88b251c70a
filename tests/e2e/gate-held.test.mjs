// Issue 10, part 1: what the gate holds and lets through is told truthfully. Requests made while
// a service is refused are dropped, never replayed by a later grant; `reloadneeded` names the
// real services (also for a tag that removed its own element and one held before the config
// was known); allowHosts ignores case.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, open, settled, button, basicConfig, logged } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

const served = (name) => env.hits.filter((h) => new URLSearchParams(h.split('?')[1] || '').get('v') === name);
const pixel = (log) => log.urls.filter((u) => new URL(u).hostname === 'px.pixel.test');

// Opens the preferences from the floating button and sets Advertising.
async function advertising(page, on) {
  await button(page, 'Privacy settings').click();
  const dialog = page.getByRole('dialog', { name: 'Privacy preferences' });
  await dialog.waitFor();
  const s = dialog.getByRole('switch', { name: 'Advertising', exact: true });
  if (on) await s.check(); else await s.uncheck();
  await button(page, 'Save preferences').click();
}

const beacon = (name) => { new Image().src = U(name); const s = document.createElement('script'); s.src = U(name + '-script', 0, '/t/tags/ext.js'); document.head.append(s); };

test('requests held while a service is refused are dropped: a later grant does not replay them', async () => {
  env.hits.length = 0;
  const { page, log } = await open(env, '/t/gate.html');
  assert.equal(await settled(page), 'ok');
  await page.evaluate(beacon, 'undecided');
  await button(page, 'Reject all').click();
  await page.evaluate(beacon, 'refused');
  await page.waitForTimeout(300);
  assert.ok(await page.evaluate(() => document.querySelectorAll('[data-noren-dropped=pixel]').length >= 4));
  assert.equal(await page.evaluate(() => document.querySelectorAll('[data-noren-held=pixel]').length), 0);
  await advertising(page, true);
  await page.waitForFunction(() => window.noren.hasConsent('pixel'));
  await page.evaluate(beacon, 'granted');
  await page.waitForTimeout(600);
  for (const n of ['undecided', 'undecided-script', 'refused', 'refused-script']) assert.deepEqual(served(n), [], n);
  assert.equal(served('granted').length, 1, 'what is made after the grant loads');
  assert.deepEqual(pixel(log).map((u) => new URL(u).searchParams.get('v')).sort(), ['granted', 'granted-script']);
});

test('reloadneeded names the real services: a tag that removed its own element, one held before the config', async () => {
  const { page } = await open(env, '/t/gate.html');
  assert.equal(await settled(page), 'ok');
  await button(page, 'Accept all').click();
  // Both tags ran and removed their elements: the declared one (pixel) and the early one (tracker).
  await page.waitForFunction(() => window.order && window.order.length === 2);
  assert.equal(await page.evaluate(() => document.querySelectorAll('script[src*="gone.js"]').length), 0);
  await page.evaluate(() => window.addEventListener('noren:reloadneeded', (e) => { window.reload = e.detail; }));
  await advertising(page, false);
  await page.waitForFunction(() => window.reload);
  assert.deepEqual((await page.evaluate(() => window.reload.services)).sort(), ['pixel', 'tracker']);
});

test('allowHosts and hosts ignore case; the most specific service host decides', async () => {
  env.hits.length = 0;
  const config = await basicConfig(env);
  const gate = await (await fetch(env.base + '/t/gate.json')).json();
  Object.assign(config, { services: gate.services, categories: gate.categories, blockUnknownHosts: true, allowHosts: ['Allowed.Test'] });
  const { page, log } = await open(env, '/t/gate.html', { config });
  assert.equal(await settled(page), 'ok');
  await page.evaluate(() => {
    new Image().src = U('allowed', 'www.allowed.test');
    new Image().src = U('unknown', 'www.unknown.test');
    new Image().src = U('cdn', 'static.pixel.test');
  });
  await page.waitForTimeout(500);
  assert.equal(served('allowed').length, 1, 'allowHosts: Allowed.Test is allowed.test');
  assert.equal(served('cdn').length, 1, 'pixel.test: the necessary CDN');
  assert.deepEqual(served('unknown'), []);
  assert.deepEqual(pixel(log), []);
  await logged(log, 'held a tag from www.unknown.test');
});

test('the loader placed wrong (added late): a loud console error names the requests that went out before it', async () => {
  const { page, log } = await open(env, '/t/late.html');
  await page.waitForFunction(() => window.noren);
  assert.equal(await settled(page), 'ok');
  await logged(log, 'requests before the loader, not held');
  const errors = log.console.filter((m) => m.startsWith('error:'));
  assert.ok(errors.some((m) => m.includes('load noren.js first, with a plain <script> in <head>')), errors.join('\n'));
  assert.ok(errors.some((m) => m.includes('requests before the loader, not held') && m.includes('px.pixel.test') && m.includes('v=before-loader')),
    errors.join('\n'));
});
