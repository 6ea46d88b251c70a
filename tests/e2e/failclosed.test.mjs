// Fail closed: whatever goes wrong, no held tag runs, the page stays usable, the console names
// the problem (with the config field's path) and noren.ready rejects with it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, open, settled, ran, tagRequests, basicConfig, logged } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

async function failsClosed(page, log, expected) {
  const outcome = await settled(page);
  assert.match(outcome, /^rejected: /, 'noren.ready rejects');
  for (const e of expected) assert.ok(outcome.includes(e), `ready's error names "${e}": ${outcome}`);
  const errors = log.console.filter((m) => m.startsWith('error: [noren]'));
  assert.equal(errors.length, 1, log.console.join('\n'));
  for (const e of expected) assert.ok(errors[0].includes(e), `console names "${e}": ${errors[0]}`);
  await page.waitForTimeout(300);
  assert.deepEqual(await ran(page), [], 'no held tag ran');
  assert.deepEqual(tagRequests(log), [], 'no held URL requested');
  assert.equal(await page.locator('#noren').count(), 0, 'no notice covers the page');
  await page.click('#other'); // fails if anything blocks the page
  assert.equal(await page.evaluate(() => window.clicked), true);
  assert.deepEqual(log.errors, [], 'no uncaught exception');
  // Calls to the API are harmless.
  assert.deepEqual(await page.evaluate(() => { window.noren.acceptAll(); return window.noren.getConsent(); }),
    { decided: false, categories: {}, services: {}, updatedAt: null, revision: null, id: null });
  await page.waitForTimeout(200);
  assert.deepEqual(await ran(page), []);
}

test('no config at all', async () => {
  const { page, log } = await open(env, '/t/noconfig.html');
  await failsClosed(page, log, ['no config', 'data-config']);
});

test('config URL answers 404', async () => {
  const { page, log } = await open(env, '/t/missing.html');
  await failsClosed(page, log, ['/t/does-not-exist.json', 'HTTP 404']);
});

test('config is not JSON', async () => {
  const { page, log } = await open(env, '/t/basic.html', { config: '{"revision": 1, categories: [' });
  await failsClosed(page, log, ['/t/basic.json', 'is not valid JSON']);
});

test('inline config: a good one works, a broken one fails closed', async () => {
  const good = await open(env, '/t/inline.html');
  assert.equal(await settled(good.page), 'ok');
  const context = await env.browser.newContext();
  await context.route('**/t/inline.html', async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace('"revision": 1,', '"revision": 1,,');
    route.fulfill({ response, body });
  });
  const { page, log } = await open(env, '/t/inline.html', { reuse: context });
  await failsClosed(page, log, ['#noren-config', 'not valid JSON']);
});

for (const [label, mutate, expected] of [
  ['an unknown category', (c) => { c.services[0].category = 'analytcs'; }, ['services[0].category', 'unknown category "analytcs"']],
  ['a duplicate id', (c) => { c.categories[2].id = 'analytics'; }, ['categories[2].id', 'duplicate id "analytics"']],
  ['a missing field', (c) => { delete c.categories[1].title; }, ['categories[1].title', 'is required']],
  ['a wrong type', (c) => { c.revision = '2'; }, ['revision', 'expected a whole number, found a string']],
  ['a wrong nested type', (c) => { c.services[1].cookies = '_sadid'; }, ['services[1].cookies', 'expected an array']],
  ['not an object', () => [], ['expected an object, found an array']],
]) {
  test(`invalid config: ${label}`, async () => {
    const config = await basicConfig(env);
    const result = mutate(config) || config;
    const { page, log } = await open(env, '/t/basic.html', { config: result });
    await failsClosed(page, log, ['invalid config', ...expected]);
  });
}

test('several errors are reported at once', async () => {
  const config = await basicConfig(env);
  config.services[0].category = 'nope';
  config.categories[0].id = 'bad id';
  const { page, log } = await open(env, '/t/basic.html', { config });
  await failsClosed(page, log, ['categories[0].id', 'services[0].category']);
});

test('the module fails to load', async () => {
  const context = await env.browser.newContext();
  await context.route(/\/noren_core\.[0-9a-f]+\.wasm$/, (r) => r.abort());
  const { page, log } = await open(env, '/t/basic.html', { reuse: context });
  await failsClosed(page, log, ['could not load the module', 'noren_core.', '.wasm']);
});

test('the module fails to compile', async () => {
  const context = await env.browser.newContext();
  await context.route(/\/noren_core\.[0-9a-f]+\.wasm$/, (r) => r.fulfill({ contentType: 'application/wasm', body: 'not wasm at all' }));
  const { page, log } = await open(env, '/t/basic.html', { reuse: context });
  await failsClosed(page, log, ['noren_core.', '.wasm', 'expected magic word']);
});

test('the glue script fails to load', async () => {
  const context = await env.browser.newContext();
  await context.route(/\/noren_core\.[0-9a-f]+\.js$/, (r) => r.abort());
  const { page, log } = await open(env, '/t/basic.html', { reuse: context });
  await failsClosed(page, log, ['could not load the module', 'noren_core.', '.js']);
});

test('a CSP without wasm-unsafe-eval is named in the console', async () => {
  const context = await env.browser.newContext();
  await context.route('**/t/basic.html', async (route) => {
    const response = await route.fetch();
    route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': "script-src 'self' 'unsafe-inline'" } });
  });
  const { page, log } = await open(env, '/t/basic.html', { reuse: context });
  await failsClosed(page, log, ["add 'wasm-unsafe-eval' to script-src"]);
});

test('unknown config fields and unsafe links are warnings, not failures', async () => {
  const config = await basicConfig(env);
  config.polcyUrl = '/typo';
  config.policyUrl = 'javascript:alert(1)';
  const { page, log } = await open(env, '/t/basic.html', { config });
  assert.equal(await settled(page), 'ok');
  // The module hands its warnings to the loader, which prints them once it has their sentences.
  assert.match(await logged(log, 'polcyUrl: unknown field'), /^warning: \[noren\] polcyUrl: unknown field "polcyUrl" is ignored \(known: \$schema, revision, /);
  assert.match(await logged(log, 'policyUrl: link dropped'), /^warning: \[noren\] policyUrl: link dropped: only http:/);
  const dialog = page.getByRole('dialog', { name: 'Your privacy choices' });
  await dialog.waitFor();
  assert.equal(await dialog.getByRole('link').count(), 0, 'the unsafe link is not shown');
});
