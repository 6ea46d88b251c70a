// Issue 14, render first: the notice is on screen before the work that can wait (the
// preferences dialog's markup, the disclosure notice in the page), and that work still happens;
// the dialog asked for before then is rendered at once.
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
    const dialog = !!root?.querySelector('.dialog');
    const filled = !!document.querySelector('[data-noren-disclosure][data-noren]');
    const state = { notice, dialog, filled };
    if (JSON.stringify(window.states[window.states.length - 1]) !== JSON.stringify(state)) window.states.push(state);
  };
  new MutationObserver(note).observe(document, { childList: true, subtree: true, attributes: true });
}

/** Before any script of the page: idle callbacks wait until the test calls `releaseIdle()`. */
function holdIdle() {
  const held = [];
  window.requestIdleCallback = (cb) => { held.push(cb); return held.length; };
  window.releaseIdle = () => held.splice(0).forEach((cb) => cb({ didTimeout: false, timeRemaining: () => 50 }));
}

test('the notice is visible before the dialog is rendered and the disclosure notice filled, which follow', async () => {
  const { page, log, context } = await open(env, '/t/disclosure.html');
  // The first page load already ran; watch the next one from its first line.
  await page.addInitScript(watchOrder);
  await page.reload();
  assert.equal(await settled(page), 'ok');
  await page.waitForFunction(() => document.querySelector('[data-noren-disclosure][data-noren]'));
  const states = await page.evaluate(() => window.states);
  const first = states.findIndex((s) => s.notice);
  assert.ok(first >= 0, JSON.stringify(states));
  assert.deepEqual(states[first], { notice: true, dialog: false, filled: false }, `notice first: ${JSON.stringify(states)}`);
  assert.ok(states.slice(first).some((s) => s.notice && s.dialog && s.filled), JSON.stringify(states));
  // The disclosure works as before: its facts and its switches.
  assert.equal(await page.locator('#notice section').count(), 4);
  assert.deepEqual(await ran(page), ['N']);
  // The dialog, rendered while idle, opens with its switches.
  await button(page, 'Manage preferences').click();
  assert.equal(await page.getByRole('switch', { name: 'Allow Ad Network' }).count(), 1);
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('the dialog asked for before the idle work is rendered and shown at once', async () => {
  const { page, log, context } = await open(env, '/t/disclosure.html');
  await page.addInitScript(holdIdle);
  await page.reload();
  assert.equal(await settled(page), 'ok');
  const shown = await page.evaluate(() => {
    const root = document.getElementById('noren').shadowRoot;
    const before = !!root.querySelector('.dialog');
    window.noren.showPreferences();
    const dialog = root.querySelector('.backdrop:not([hidden]) .dialog');
    return { before, visible: !!dialog, switches: root.querySelectorAll('.dialog [data-s]').length,
      focused: root.activeElement === dialog };
  });
  assert.deepEqual(shown, { before: false, visible: true, switches: 4, focused: true });
  assert.equal(await page.getByRole('switch', { name: 'Allow Ad Network' }).isChecked(), false);
  // The idle work then leaves the open dialog as it is, and fills the disclosure notice.
  await page.getByRole('switch', { name: 'Allow Ad Network' }).check();
  await page.evaluate(() => window.releaseIdle());
  await page.locator('#notice section').first().waitFor();
  assert.equal(await page.locator('#noren .dialog').count(), 1);
  assert.equal(await page.getByRole('switch', { name: 'Allow Ad Network' }).first().isChecked(), true);
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('a kept record answers getRecord() at once, before the idle work, and shows in the dialog', async () => {
  const { page, log, context } = await open(env, '/t/disclosure.html');
  await page.addInitScript(holdIdle);
  assert.equal(await settled(page), 'ok');
  await button(page, 'Accept all').click();
  await page.waitForFunction(() => window.order.length === 4);
  const record = await page.evaluate(() => window.noren.getRecord());
  assert.equal(record.action, 'accept-all');
  await page.reload();
  assert.equal(await settled(page), 'ok');
  const early = await page.evaluate(() => ({
    record: window.noren.getRecord(),
    filled: !!document.querySelector('[data-noren-disclosure][data-noren]'),
  }));
  assert.equal(early.filled, false, 'asked before the idle work ran');
  assert.deepEqual(early.record, record);
  await page.evaluate(() => window.releaseIdle());
  await page.locator('#notice section').first().waitFor();
  await page.evaluate(() => window.noren.showPreferences());
  const rid = page.locator('#noren .rid');
  await rid.waitFor();
  assert.equal(await rid.textContent(), record.id);
  assert.deepEqual(log.errors, []);
  await context.close();
});
