// Issue 5: tags added at run time (a tag manager, innerHTML, document.write, new Image()) on a
// configured service's host make no request before that service is consented, and load once it
// is. Third-party host names (*.test) map to the local server; requests are counted at the
// network layer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, open, settled, ran, button, logged } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

const HOSTS = ['tag.ads.test', 'cdn.analytics.test', 'px.pixel.test', 'video.media.test'];
const to = (log, host) => log.urls.filter((u) => new URL(u).hostname === host);

async function injected(page) {
  await page.waitForFunction(() => window.injected === true);
  await page.waitForTimeout(400); // time for a leaked request to show up
}

test('before consent: nothing injected on a service host is requested; other hosts load', async () => {
  const { page, log } = await open(env, '/t/tm.html');
  assert.equal(await settled(page), 'ok');
  await injected(page);
  for (const host of HOSTS) assert.deepEqual(to(log, host), [], `no request to ${host}`);
  assert.deepEqual(await ran(page), ['U'], 'a host no service names is not held');
  await logged(log, 'data-consent but not type="text/plain"');
  assert.deepEqual(log.errors, []);
});

test('accept all: every held tag loads, in the order it was added', async () => {
  const { page, log } = await open(env, '/t/tm.html');
  assert.equal(await settled(page), 'ok');
  await injected(page);
  await button(page, 'Accept all').click();
  await page.waitForFunction(() => window.order.length === 5);
  // What was held automatically runs in the order it was added: W (document.write, while
  // parsing), then C and A (the tag manager, after load). M (marked data-consent, missing its
  // type) runs in the queue of declared tags, which is separate.
  const order = await ran(page);
  assert.deepEqual(order.filter((t) => t !== 'M'), ['U', 'W', 'C', 'A']);
  assert.ok(order.includes('M'));
  await page.waitForTimeout(300);
  assert.equal(to(log, 'px.pixel.test').length, 2, 'both pixels (new Image() and innerHTML)');
  assert.equal(to(log, 'video.media.test').length, 1, 'the iframe');
  assert.deepEqual(to(log, 'tag.ads.test').map((u) => new URL(u).searchParams.get('name')).sort(), ['C', 'W']);
  // The next page: consented tags load as they are added.
  log.urls.length = 0;
  await page.reload();
  await page.waitForFunction(() => window.order && window.order.length === 5);
  await page.waitForTimeout(400);
  // (Images may come from the memory cache, without a request: check the scripts and the frame.)
  for (const host of ['tag.ads.test', 'cdn.analytics.test', 'video.media.test']) assert.ok(to(log, host).length > 0, host);
  await page.waitForFunction(() => [...document.images].some((i) => i.src.includes('via=innerHTML') && i.complete && i.naturalWidth > 0));
});

test('a custom choice: only the consented service loads', async () => {
  const { page, log } = await open(env, '/t/tm.html');
  assert.equal(await settled(page), 'ok');
  await injected(page);
  await page.evaluate(() => window.noren.update({ categories: { analytics: true } }));
  await page.waitForFunction(() => window.order.includes('A') && window.order.includes('M'));
  await page.waitForTimeout(400);
  assert.deepEqual((await ran(page)).sort(), ['A', 'M', 'U']);
  for (const host of ['tag.ads.test', 'px.pixel.test', 'video.media.test']) assert.deepEqual(to(log, host), [], host);
});

test('strict mode holds hosts nobody declared and names them in the console; allowHosts lets one through', async () => {
  const config = await (await fetch(env.base + '/t/tm.json')).json();
  config.blockUnknownHosts = true;
  let { page, log } = await open(env, '/t/tm.html', { config });
  assert.equal(await settled(page), 'ok');
  await injected(page);
  assert.deepEqual(to(log, 'cdn.other.test'), []);
  await logged(log, 'held a tag from cdn.other.test');
  await button(page, 'Accept all').click();
  await page.waitForFunction(() => window.order.includes('A'));
  await page.waitForTimeout(300);
  assert.ok(!(await ran(page)).includes('U'), 'consent does not release an undeclared host');

  config.allowHosts = ['other.test'];
  ({ page, log } = await open(env, '/t/tm.html', { config }));
  await injected(page);
  assert.ok((await ran(page)).includes('U'));
});
