// The config's messages (src/config/messages.json, docs/messages.md): the module hands the
// loader codes, field paths and parameters, and the loader prints them like its own, from the
// file of messages it fetches only then: warnings in the order the module found them, the
// errors of an invalid config in E100 inside E4 (nothing held runs). Without the file, the
// codes and the parameters.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, open, settled, ran, tagRequests, basicConfig, logged } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

const FILE = /\/noren\/messages\.[0-9a-f]{10}\.json$/;

/** A config with two warnings (an unknown field, an unsafe link) and, if `invalid`, two errors. */
async function config(invalid) {
  const c = await basicConfig(env);
  c.polcyUrl = '/typo';
  c.policyUrl = 'javascript:alert(1)';
  if (invalid) {
    c.services[0].category = 'nope';
    c.revision = -1;
  }
  return c;
}

const declared = (c) => c.categories.map((k) => k.id).join(', ');

test('an invalid config: its warnings, then its errors in full with their paths; nothing runs', async () => {
  const c = await config(true);
  const { page, log } = await open(env, '/t/basic.html', { config: c });
  const outcome = await settled(page);
  const errors = [
    'revision: must be a whole number from 0 to 4294967295',
    `services[0].category: unknown category "nope" (declared: ${declared(c)})`,
  ];
  assert.equal(outcome, 'rejected: invalid config:\n' + errors.join('\n'));
  await logged(log, 'invalid config');
  const said = log.console.filter((m) => m.includes('[noren]'));
  assert.equal(said.length, 3, log.console.join('\n'));
  assert.match(said[0], /^warning: \[noren\] polcyUrl: unknown field "polcyUrl" is ignored \(known: \$schema, revision, .*, regionUrl\)$/);
  assert.equal(said[1], 'warning: [noren] policyUrl: link dropped: only http:, https:, mailto: and relative links are allowed');
  assert.equal(said[2], 'error: [noren] not started, so no held tag will run. invalid config:\n' + errors.join('\n'));
  await page.waitForTimeout(200);
  assert.deepEqual(await ran(page), []);
  assert.deepEqual(tagRequests(log), []);
});

test('without the file of messages: the codes, the paths and the parameters', async () => {
  const context = await env.browser.newContext();
  await context.route(FILE, (route) => route.abort());
  const c = await config(true);
  const { page, log } = await open(env, '/t/basic.html', { config: c, reuse: context });
  const problem = 'E100 issues=\nE140 path=revision min=0 max=4294967295'
    + `\nE143 path=services[0].category category=nope declared=${declared(c)}`;
  assert.equal(await settled(page), 'rejected: ' + problem);
  await logged(log, 'E100');
  const said = log.console.filter((m) => m.includes('[noren]'));
  assert.equal(said.length, 3, log.console.join('\n'));
  assert.match(said[0], /^warning: \[noren\] W117 path=polcyUrl field=polcyUrl known=\$schema, revision, .* \(see docs\/messages\.md\)$/);
  assert.equal(said[1], 'warning: [noren] W101 path=policyUrl (see docs/messages.md)');
  assert.equal(said[2], `error: [noren] not started, so no held tag will run. ${problem} (see docs/messages.md)`);
  await page.waitForTimeout(200);
  assert.deepEqual(await ran(page), []);
  await context.close();
});

test('a config error that names the CSP barrier is a config error, not a CSP that blocks WebAssembly', async () => {
  const c = await basicConfig(env);
  c.barrier = 'headers';
  const { page, log } = await open(env, '/t/basic.html', { config: c });
  const outcome = await settled(page);
  assert.match(outcome, /^rejected: invalid config:\nbarrier: must be one of: none, csp/);
  await logged(log, 'invalid config');
  assert.ok(!log.console.some((m) => /wasm-unsafe-eval/.test(m)), log.console.join('\n'));
  assert.deepEqual(await ran(page), []);
});

/**
 * Opens the basic page with a config that has one warning (an unknown field), the module held
 * until the loader has chosen the English wording file; then the page's <html lang> becomes
 * Japanese and the module starts: it asks for Japanese. `onJapanese(page)` runs while that
 * file loads. Resolves to the page, its log, its context and `said()`: the warning's lines.
 */
async function askedForJapanese(onJapanese) {
  const context = await env.browser.newContext({ locale: 'en-US' });
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await context.route(/\/noren\/noren_core\.[0-9a-f]+\.wasm$/, async (route) => { await held; await route.continue(); });
  const c = await basicConfig(env);
  c.polcyUrl = '/typo';
  const { page, log } = await open(env, '/t/basic.html', { config: c, reuse: context });
  await page.route(/\/wording\.[0-9a-f]+\/ja\.json$/, async (route) => { await onJapanese(page); await route.continue(); });
  await page.waitForFunction(() => performance.getEntriesByType('resource')
    .some((e) => e.name.endsWith('/t/basic.json') && e.responseEnd > 0));
  await page.waitForTimeout(150);
  await page.evaluate(() => { document.documentElement.lang = 'ja'; });
  release();
  const said = async () => {
    await logged(log, 'polcyUrl');
    await page.waitForTimeout(300);
    return log.console.filter((m) => m.includes('unknown field "polcyUrl"'));
  };
  return { page, log, context, said };
}

test('the config\'s warnings are said once when the module asks for another wording file', async () => {
  // The module wants Japanese, the loader fetches it and the module starts again.
  const { page, log, context, said } = await askedForJapanese(() => {});
  assert.equal(await settled(page), 'ok');
  assert.ok(log.requests.some((u) => /\/wording\.[0-9a-f]+\/ja\.json$/.test(u)), log.requests.join('\n'));
  assert.equal((await said()).length, 1, log.console.join('\n'));
  await context.close();
});

test('the config\'s warnings are said even when the module then asks twice for another wording file', async () => {
  // The page changes <html lang> once more while Japanese loads: the module asks again (E12:
  // nothing starts), and the warnings it found were still said, once.
  const { page, log, context, said } = await askedForJapanese((p) => p.evaluate(() => { document.documentElement.lang = 'de'; }));
  assert.match(await settled(page), /^rejected: .*\(de\)/);
  assert.equal((await said()).length, 1, log.console.join('\n'));
  assert.deepEqual(tagRequests(log), []);
  await context.close();
});
