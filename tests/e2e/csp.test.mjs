// Content-Security-Policy and Trusted Types: Noren works under a page's policy, or says
// exactly which directive stops it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, open, settled, ran, tagRequests, button } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

/** Opens a fixture (the basic one by default) served with `policy` as its Content-Security-Policy. */
async function openWithPolicy(policy, path = '/t/basic.html') {
  const context = await env.browser.newContext();
  await context.addInitScript(() => {
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await context.route('**' + path, async (route) => {
    const response = await route.fetch();
    route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': policy } });
  });
  return open(env, path, { reuse: context });
}

test('Trusted Types: with the policy name allowed, the notice shows and held scripts run', async () => {
  const { page, log } = await openWithPolicy("require-trusted-types-for 'script'; trusted-types noren");
  assert.equal(await settled(page), 'ok');
  await page.getByRole('dialog', { name: 'Your privacy choices' }).waitFor();
  // The preferences dialog, rendered after the notice (insertAdjacentHTML), goes through the policy too.
  await page.locator('#noren .dialog').waitFor({ state: 'attached' });
  assert.deepEqual(await ran(page), ['N']);
  await button(page, 'Accept all').click();
  await page.waitForFunction(() => window.order.length === 4);
  assert.deepEqual(await ran(page), ['N', 'A', 'B', 'C'], 'inline and external held scripts ran, in order');
  assert.deepEqual(await page.evaluate(() => window.violations), []);
  assert.deepEqual(log.errors, []);
});

test("Trusted Types: the page's own TrustedHTML written while it parses is checked, never let through unchecked: what needs no hold is written as it is; one with a service's URL, several in one write, or one that ends inside a tag are refused by the page's own sink (fail closed)", async () => {
  env.hits.length = 0;
  const { page, log } = await openWithPolicy("require-trusted-types-for 'script'; trusted-types noren page", '/t/gate-tt.html');
  assert.equal(await settled(page), 'ok');
  await page.waitForTimeout(500);
  const pixel = () => env.hits.filter((h) => /[?&]v=tt-/.test(h));
  assert.equal(await page.locator('#ok').textContent(), 'fine');
  assert.deepEqual(await page.evaluate(() => [window.oneRefused, window.twoRefused, window.splitRefused, window.quotedRefused]), [true, true, true, true]);
  assert.deepEqual(pixel(), [], 'nothing asked of the pixel host before consent');
  await button(page, 'Accept all').click();
  await page.waitForTimeout(500);
  assert.deepEqual(pixel(), [], 'nor after');
  assert.deepEqual(log.errors, []);
});

test('Trusted Types without the policy name: nothing held runs and the console says what to add', async () => {
  const { page, log } = await openWithPolicy("require-trusted-types-for 'script'; trusted-types other");
  await settled(page);
  await page.waitForTimeout(400);
  assert.ok(log.console.some((m) => m.startsWith('error: [noren]') && m.includes('add `noren` to the trusted-types directive')),
    log.console.join('\n'));
  assert.deepEqual(await ran(page), [], 'no held tag ran');
  assert.deepEqual(tagRequests(log), []);
  await page.click('#other'); // the page stays usable
  assert.equal(await page.evaluate(() => window.clicked), true);
  assert.deepEqual(log.errors, [], 'no uncaught exception');
});

test('the demo runs under a strict policy (no inline script or style, no eval) with zero violations', async () => {
  const context = await env.browser.newContext();
  await context.addInitScript(() => {
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  for (const path of ['/', '/gaibu.html']) {
    const { page, log } = await open(env, path, { reuse: context });
    const policy = (await page.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy')));
    assert.equal(policy, "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'");
    assert.equal(await settled(page), 'ok');
    if (path === '/') {
      await button(page, 'すべて同意する').click();
      await page.waitForFunction(() => (window.demoRan || []).length >= 3);
    } else {
      await page.locator('[data-noren-disclosure] section').first().waitFor();
    }
    await page.waitForTimeout(300);
    assert.deepEqual(await page.evaluate(() => window.violations), [], path);
    assert.deepEqual(log.errors, []);
  }
});

test('a nonce-based policy: the module loads and held scripts run with the nonce', async () => {
  const { page, log } = await openWithPolicy("script-src 'nonce-r4nd0m' 'strict-dynamic' 'wasm-unsafe-eval'; style-src 'self'", '/t/nonce.html');
  assert.equal(await settled(page), 'ok');
  await button(page, 'Accept all').click();
  await page.waitForFunction(() => window.order.length === 2);
  assert.deepEqual(await ran(page), ['inline', 'A']);
  assert.deepEqual(await page.evaluate(() => window.violations), []);
  assert.deepEqual(log.errors, []);
});
