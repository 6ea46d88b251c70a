// The loader's console messages on demand (docs/messages.md): the loader says a code and its
// parameters and fetches the sentences (dist/messages.<hash>.json) only when it has something
// to say, once; messages keep the order they were said in; without the file (blocked, or no
// answer), the code, the parameters and a pointer, never nothing; failing closed does not wait.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, open, settled, ran, tagRequests, basicConfig, logged } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

const FILE = /\/noren\/messages\.[0-9a-f]{10}\.json$/;
const fetched = () => env.hits.filter((h) => FILE.test(h.split('?')[0])).length;

/** A context whose messages file is answered by `answer(route)`, and pages `{path: html}`. */
async function contextWith(answer, pages = {}) {
  const context = await env.browser.newContext();
  if (answer) await context.route(FILE, answer);
  for (const [path, body] of Object.entries(pages)) {
    await context.route('**' + path, (route) => route.fulfill({ contentType: 'text/html', body }));
  }
  return context;
}

test('nothing to say: the file of messages is not fetched', async () => {
  const before = fetched();
  const { page, log } = await open(env, '/t/basic.html');
  assert.equal(await settled(page), 'ok');
  await page.waitForTimeout(300);
  assert.equal(fetched(), before, log.console.join('\n'));
  assert.ok(!log.urls.some((u) => FILE.test(u)));
});

test('messages in full, in the order they were said, from one fetch of the file (a slow one)', async () => {
  const config = { ...(await basicConfig(env)), blockUnknownHosts: true };
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Messages</title>
<script type="application/json" id="noren-config">${JSON.stringify(config)}</script>
<script src="/noren/noren.js"></script>
<script data-consent="analytics" src="/t/tags/ext.js?name=untyped"></script>
</head><body><h1>Messages</h1><script>
window.noren.ready.then(() => {
  for (const h of ['one', 'two']) {
    const s = document.createElement('script');
    s.src = 'http://' + h + '.unknown.test:' + location.port + '/t/tags/ext.js?name=' + h;
    document.head.append(s);
  }
});
</script></body></html>`;
  const before = fetched();
  // The file answers after 500 ms: the three messages wait for it, in order.
  const context = await contextWith(async (route) => { await new Promise((r) => setTimeout(r, 500)); await route.continue(); },
    { '/t/messages.html': html });
  const { page, log } = await open(env, '/t/messages.html', { reuse: context });
  assert.equal(await settled(page), 'ok');
  await logged(log, 'two.unknown.test');
  const said = log.console.filter((m) => m.startsWith('warning: [noren]'));
  assert.deepEqual(said, [
    'warning: [noren] a tag has data-consent but not type="text/plain": held, but the browser may already have fetched /t/tags/ext.js?name=untyped. Add type="text/plain" and data-src.',
    'warning: [noren] held a tag from one.unknown.test, which no service or allowHosts names (blockUnknownHosts is on)',
    'warning: [noren] held a tag from two.unknown.test, which no service or allowHosts names (blockUnknownHosts is on)',
  ], log.console.join('\n'));
  assert.equal(fetched() - before, 1, 'the file is fetched once');
  assert.ok(!env.hits.some((h) => h.includes('name=one') || h.includes('name=two')), 'the gate held both at once');
  await context.close();
});

test('the file blocked: the code, the parameters and a pointer; noren.ready rejects with them; nothing held runs', async () => {
  const context = await contextWith((route) => route.abort());
  const { page, log } = await open(env, '/t/missing.html', { reuse: context });
  const outcome = await settled(page);
  const url = env.base + '/t/does-not-exist.json';
  assert.equal(outcome, `rejected: E9 url=${url} reason=HTTP 404`);
  // "not started" (E4) is built into the loader; the problem inside it is not.
  assert.deepEqual(log.console.filter((m) => m.startsWith('error: [noren]')),
    [`error: [noren] not started, so no held tag will run. E9 url=${url} reason=HTTP 404 (see docs/messages.md)`]);
  await page.waitForTimeout(200);
  assert.deepEqual(await ran(page), []);
  assert.deepEqual(tagRequests(log), []);
  await context.close();
});

test('the file never answers: after 3 s the code and parameters, and the failure is reported all the same', async () => {
  const context = await contextWith(() => { /* never answered */ });
  const { page, log } = await open(env, '/t/noconfig.html', { reuse: context });
  const started = Date.now();
  assert.equal(await settled(page), 'rejected: E8');
  assert.ok(Date.now() - started < 5000);
  assert.deepEqual(log.console.filter((m) => m.startsWith('error: [noren]')),
    ['error: [noren] not started, so no held tag will run. E8 (see docs/messages.md)']);
  assert.deepEqual(await ran(page), []);
  await context.close();
});
