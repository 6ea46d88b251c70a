// Consent and record ids when the page has no `crypto` (the module falls back to the clock):
// a choice still gets a consent id and a record id, distinct, in the ids' URL-safe alphabet.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, open, settled, button } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

test('without window.crypto a choice still gets distinct consent and record ids', async () => {
  const context = await env.browser.newContext();
  await context.addInitScript(() => {
    Object.defineProperty(window, 'crypto', { value: undefined, configurable: true });
  });
  const { page, log } = await open(env, '/t/basic.html', { reuse: context });
  assert.equal(await settled(page), 'ok');
  assert.equal(await page.evaluate(() => window.crypto), undefined, 'the page has no crypto');
  await button(page, 'Accept all').click();
  const { id, record } = await page.evaluate(() => ({
    id: window.noren.getConsent().id,
    record: window.noren.getRecord().id,
  }));
  assert.match(id, /^[0-9A-Za-z_-]{16,}$/, id);
  assert.match(record, /^[0-9A-Za-z_-]{16,}$/, record);
  assert.notEqual(id, record);
  assert.deepEqual(log.errors, []);
  await context.close();
});
