// Issue 14, render first: the notice is on screen before the work that can wait (the
// disclosure notice in the page), and that work still happens.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, open, settled, ran, button } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

/**
 * Before any script of the page: a MutationObserver that notes, at each change of the page,
 * whether the notice is visible and whether the disclosure notice is filled.
 */
function watchOrder() {
  window.states = [];
  const note = () => {
    const root = document.getElementById('noren')?.shadowRoot;
    const notice = !!root?.querySelector('.banner:not([hidden])');
    const filled = !!document.querySelector('[data-noren-disclosure][data-noren]');
    const last = window.states[window.states.length - 1];
    if (!last || last.notice !== notice || last.filled !== filled) window.states.push({ notice, filled });
  };
  new MutationObserver(note).observe(document, { childList: true, subtree: true, attributes: true });
}

test('the notice is visible before the disclosure notice is filled, which follows', async () => {
  const { page, log, context } = await open(env, '/t/disclosure.html');
  // The first page load already ran; watch the next one from its first line.
  await page.addInitScript(watchOrder);
  await page.reload();
  assert.equal(await settled(page), 'ok');
  await page.waitForFunction(() => document.querySelector('[data-noren-disclosure][data-noren]'));
  const states = await page.evaluate(() => window.states);
  const first = states.findIndex((s) => s.notice);
  assert.ok(first >= 0, JSON.stringify(states));
  assert.deepEqual(states[first], { notice: true, filled: false }, `notice first: ${JSON.stringify(states)}`);
  assert.ok(states.slice(first).some((s) => s.notice && s.filled), JSON.stringify(states));
  // The disclosure works as before: its facts and its switches.
  assert.equal(await page.locator('#notice section').count(), 4);
  assert.deepEqual(await ran(page), ['N']);
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('a kept record answers getRecord() at once, before the idle work, and shows in the dialog', async () => {
  const { page, log, context } = await open(env, '/t/disclosure.html');
  assert.equal(await settled(page), 'ok');
  await button(page, 'Accept all').click();
  await page.waitForFunction(() => window.order.length === 4);
  const record = await page.evaluate(() => window.noren.getRecord());
  assert.equal(record.action, 'accept-all');
  await page.reload();
  // In the microtask after start: the idle work has not run yet.
  const early = await page.evaluate(() => window.noren.ready.then(() => {
    const filled = !!document.querySelector('[data-noren-disclosure][data-noren]');
    return { record: window.noren.getRecord(), filled };
  }));
  assert.equal(early.filled, false, 'asked before the idle work ran');
  assert.deepEqual(early.record, record);
  await page.evaluate(() => window.noren.showPreferences());
  const rid = page.locator('#noren .rid');
  await rid.waitFor();
  assert.equal(await rid.textContent(), record.id);
  assert.deepEqual(log.errors, []);
  await context.close();
});
