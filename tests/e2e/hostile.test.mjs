// Issue 5: cookies that come back, other tabs, and hostile or broken environments. In each,
// nothing non-essential runs before consent, no exception escapes, and the console says what
// is wrong.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, open, settled, ran, tagRequests, button } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

const names = async (context) => (await context.cookies()).map((c) => c.name).sort();

test('after a withdrawal, cookies a still-loaded script sets again are deleted again; the site hears a reload is needed', async () => {
  const { page, context } = await open(env, '/t/basic.html');
  assert.equal(await settled(page), 'ok');
  await button(page, 'Accept all').click();
  await page.waitForFunction(() => window.order.length === 4);
  assert.ok((await names(context)).includes('_ga'));
  await page.evaluate(() => {
    window.reload = null;
    window.noren.on('reloadneeded', (d) => { window.reload = d.services; });
  });
  await page.evaluate(() => window.noren.update({ categories: { analytics: false } }));
  assert.deepEqual((await page.evaluate(() => window.reload)).sort(), ['analytics', 'ga']);
  assert.ok(!(await names(context)).includes('_ga'));
  // The analytics script is still in memory and writes its cookie again.
  await page.evaluate(() => { document.cookie = '_ga=GA1.1.back; Path=/'; document.cookie = '_ga_NEW=1; Path=/'; });
  await page.waitForFunction(() => !document.cookie.includes('_ga'), null, { timeout: 3000 });
  assert.deepEqual((await names(context)).filter((n) => n.startsWith('_ga')), []);
});

test('without the Cookie Store API, a bounded re-check deletes them', async () => {
  const context = await env.browser.newContext();
  await context.addInitScript(() => { delete window.cookieStore; Object.defineProperty(window, 'cookieStore', { value: undefined }); });
  const { page } = await open(env, '/t/basic.html', { reuse: context });
  assert.equal(await settled(page), 'ok');
  await button(page, 'Accept all').click();
  await page.waitForFunction(() => window.order.length === 4);
  await page.evaluate(() => window.noren.rejectAll());
  await page.evaluate(() => { document.cookie = '_sadid=back; Path=/'; });
  await page.waitForFunction(() => !document.cookie.includes('_sadid'), null, { timeout: 3000 });
});

test('another tab changes the choice: this one follows without a reload', async () => {
  const context = await env.browser.newContext();
  const one = await open(env, '/t/basic.html', { reuse: context });
  const two = await open(env, '/t/basic.html', { reuse: context });
  assert.equal(await settled(one.page), 'ok');
  assert.equal(await settled(two.page), 'ok');
  await button(one.page, 'Accept all').click();
  await two.page.waitForFunction(() => window.order.length === 4);
  assert.equal(await two.page.getByRole('dialog', { name: 'Your privacy choices' }).isVisible(), false, 'its notice closed');
  await one.page.evaluate(() => window.noren.update({ services: { adnet: false } }));
  await two.page.waitForFunction(() => window.noren.getConsent().services.adnet === false);
  await one.page.evaluate(() => window.noren.reset());
  await two.page.getByRole('dialog', { name: 'Your privacy choices' }).waitFor();
  assert.equal(await two.page.evaluate(() => window.noren.getConsent().decided), false);
  assert.deepEqual(two.log.errors, []);
});

async function brokenEnvironment(init, expectMessage) {
  const context = await env.browser.newContext();
  await context.addInitScript(init);
  const { page, log } = await open(env, '/t/basic.html', { reuse: context });
  const outcome = await settled(page);
  await page.waitForTimeout(300);
  assert.deepEqual(tagRequests(log), [], 'nothing held was requested before consent');
  assert.ok((await ran(page)).every((t) => t === 'N'), 'only the required tag ran');
  assert.deepEqual(log.errors, [], 'no uncaught exception');
  if (expectMessage) assert.ok(log.console.some((m) => m.includes(expectMessage)), log.console.join('\n'));
  return { page, log, outcome };
}

test('cookies disabled: the choice works for the page, and the console says it will not be kept', async () => {
  const { page, outcome } = await brokenEnvironment(() => {
    Object.defineProperty(Document.prototype, 'cookie', {
      get() { throw new DOMException('The document is sandboxed', 'SecurityError'); },
      set() { throw new DOMException('The document is sandboxed', 'SecurityError'); },
    });
  }, 'cookies are blocked here');
  assert.equal(outcome, 'ok');
  await button(page, 'Accept all').click();
  await page.waitForFunction(() => window.order.length === 4);
});

test('localStorage throwing: records still work for the page', async () => {
  const { page, outcome, log } = await brokenEnvironment(() => {
    Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });
  });
  assert.equal(outcome, 'ok');
  await button(page, 'Reject all').click();
  assert.equal(await page.evaluate(() => window.noren.getRecord().action), 'reject-all');
  assert.deepEqual(log.errors, []);
});

test('a page that replaced Array methods (as old libraries did)', async () => {
  const { page, outcome } = await brokenEnvironment(() => {
    for (const m of ['forEach', 'map', 'filter', 'indexOf', 'some', 'every', 'reduce', 'find']) {
      Array.prototype[m] = function () { throw new Error(`broken ${m}`); };
    }
    Array.prototype.extra = function () {}; // enumerable, breaks for…in over arrays
  });
  assert.equal(outcome, 'ok');
  await button(page, 'Accept all').click();
  await page.waitForFunction(() => window.order.length === 4);
});

test('a page that replaced JSON.parse: fails closed and says why', async () => {
  const { outcome } = await brokenEnvironment(() => { JSON.parse = () => ({}); }, 'has replaced JSON.parse');
  assert.match(outcome, /^rejected: .*replaced JSON\.parse/);
});

test('inside a third-party iframe: held tags still wait for consent', async () => {
  const port = new URL(env.base).port;
  const { page, log } = await open(env, '/t/embed.html');
  await page.goto(`http://site.test:${port}/t/embed.html`);
  let frame;
  for (let i = 0; i < 100 && !frame; i++) {
    frame = page.frames().find((f) => f.url().includes('widget.test'));
    if (!frame) await page.waitForTimeout(50);
  }
  await frame.waitForFunction(() => window.noren && window.order);
  const outcome = await frame.evaluate(() => window.noren.ready.then(() => 'ok', (e) => e.message));
  assert.equal(outcome, 'ok');
  await frame.waitForTimeout(300);
  assert.deepEqual(await frame.evaluate(() => window.order.slice()), ['N']);
  await frame.getByRole('button', { name: 'Accept all', exact: true }).click();
  await frame.waitForFunction(() => window.order.length === 4);
  assert.deepEqual(log.errors, []);
});
