// Keyboard and screen reader: focus handling, the focus trap, Escape, and axe-core scans.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import { setup, open, settled, button } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

/** The accessible-ish name of what has focus inside the notice, or the page element's id. */
function focused(page) {
  return page.evaluate(() => {
    const host = document.getElementById('noren');
    if (document.activeElement !== host) return 'page:' + (document.activeElement.id || document.activeElement.tagName);
    const e = host.shadowRoot.activeElement;
    if (e.getAttribute('role') === 'dialog') {
      return 'dialog:' + host.shadowRoot.getElementById(e.getAttribute('aria-labelledby')).textContent;
    }
    return e.getAttribute('aria-label') || e.getAttribute('role') + ':' + (e.textContent || '').trim().slice(0, 30);
  });
}

async function scan(page) {
  const result = await new AxeBuilder({ page })
    .include('#noren')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .disableRules(['region']) // the notice is a fixed overlay, deliberately outside the page's landmarks
    .analyze();
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

test('keyboard walk-through: focus moves in, Tab stays in the dialog, Esc closes, focus returns', async () => {
  const { page } = await open(env, '/t/basic.html');
  assert.equal(await settled(page), 'ok');
  await page.getByRole('dialog', { name: 'Your privacy choices' }).waitFor();
  assert.equal(await focused(page), 'dialog:Your privacy choices', 'focus moved into the notice');
  const order = [];
  for (let i = 0; i < 5; i++) { await page.keyboard.press('Tab'); order.push(await focused(page)); }
  assert.deepEqual(order, ['null:Privacy policy', 'null:Accept all', 'null:Reject all', 'null:Manage preferences', 'Close without accepting']);

  // Open the dialog from the keyboard.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await page.getByRole('dialog', { name: 'Privacy preferences' }).waitFor();
  assert.equal(await focused(page), 'dialog:Privacy preferences');
  const seen = new Set();
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    assert.ok(!f.startsWith('page:') && !f.startsWith('dialog:Your'), `Tab left the dialog: ${f}`);
    seen.add(f);
  }
  for (const name of ['Close', 'Save preferences', 'Accept all', 'Reject all', 'Allow Analytics One']) {
    assert.ok([...seen].some((f) => f.includes(name)), `${name} is reachable: ${[...seen].join(' | ')}`);
  }
  // Shift+Tab from the first control wraps to the last.
  await page.evaluate(() => document.getElementById('noren').shadowRoot.querySelector('.dialog .x').focus());
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focused(page), 'null:Reject all');
  // A switch toggles with Space.
  await page.evaluate(() => document.getElementById('noren').shadowRoot.querySelector('[data-c="1"]').focus());
  await page.keyboard.press('Space');
  assert.equal(await page.getByRole('switch', { name: 'Analytics', exact: true }).isChecked(), true);

  // Esc closes the dialog; with nothing decided the notice is back, with focus.
  await page.keyboard.press('Escape');
  await page.getByRole('dialog', { name: 'Your privacy choices' }).waitFor();
  assert.equal(await page.getByRole('dialog', { name: 'Privacy preferences' }).isVisible(), false);
  assert.equal(await page.evaluate(() => window.noren.getConsent().decided), false, 'Esc decides nothing');
  assert.equal(await focused(page), 'dialog:Your privacy choices');

  // Choose from the keyboard; focus goes back to the page.
  await page.focus('#other');
  await page.evaluate(() => window.noren.showBanner());
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'null:Reject all');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => window.noren.getConsent().decided), true);
  assert.equal(await focused(page), 'page:other', 'focus returned where it was');

  // The page's own opener, by keyboard; Esc returns focus to it.
  await page.focus('#opener');
  await page.keyboard.press('Enter');
  await page.getByRole('dialog', { name: 'Privacy preferences' }).waitFor();
  await page.keyboard.press('Escape');
  assert.equal(await page.getByRole('dialog', { name: 'Privacy preferences' }).isVisible(), false);
  assert.equal(await focused(page), 'page:opener');
  // And the floating button.
  await button(page, 'Privacy settings').focus();
  await page.keyboard.press('Enter');
  await page.getByRole('dialog', { name: 'Privacy preferences' }).waitFor();
});

for (const [label, options] of [
  ['light', {}],
  ['dark', { colorScheme: 'dark' }],
  ['mobile', { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true }],
]) {
  test(`axe-core finds nothing on the notice, the dialog and the floating button (${label})`, async () => {
    const context = await env.browser.newContext(options);
    for (const path of ['/t/basic.html', '/t/inline.html']) {
      const { page } = await open(env, path, { reuse: context });
      assert.equal(await settled(page), 'ok');
      await page.locator('#noren .banner').waitFor();
      assert.deepEqual(await scan(page), [], `${path} notice`);
      await page.evaluate(() => window.noren.showPreferences());
      await page.locator('#noren .dialog').waitFor();
      await page.evaluate(() => document.getElementById('noren').shadowRoot.querySelectorAll('details').forEach((d) => { d.open = true; }));
      assert.deepEqual(await scan(page), [], `${path} dialog`);
      await page.evaluate(() => window.noren.rejectAll());
      await page.locator('#noren .fab').waitFor();
      assert.deepEqual(await scan(page), [], `${path} floating button`);
      await context.clearCookies();
    }
    await context.close();
  });
}

for (const [label, look, options] of [
  ['corner box, dark theme, logo', { layout: 'box', position: 'bottom-left', theme: 'dark', logo: { src: '/t/logo.svg', alt: 'Fixture shop' } }, {}],
  ['centred modal, light theme in a dark browser', { layout: 'modal', theme: 'light' }, { colorScheme: 'dark' }],
  ['top bar, Japanese, opt-out', { position: 'top', language: 'ja', regime: 'opt-out' }, {}],
  ['corner box on a phone', { layout: 'box' }, { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true }],
]) {
  test(`axe-core finds nothing in every layout and theme (${label})`, async () => {
    const config = await (await fetch(env.base + '/t/basic.json')).json();
    Object.assign(config, look);
    const context = await env.browser.newContext(options);
    const { page } = await open(env, '/t/basic.html', { reuse: context, config });
    assert.equal(await settled(page), 'ok');
    const banner = page.locator('#noren .banner');
    await banner.waitFor();
    assert.deepEqual(await scan(page), [], 'notice');
    const box = await banner.boundingBox();
    const view = page.viewportSize();
    assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= view.width + 0.5 && box.y + box.height <= view.height + 0.5,
      `the notice is inside the window: ${JSON.stringify(box)}`);
    if (look.logo) assert.equal(await page.getByRole('img', { name: 'Fixture shop' }).isVisible(), true);
    await page.evaluate(() => window.noren.showPreferences());
    await page.locator('#noren .dialog').waitFor();
    assert.deepEqual(await scan(page), [], 'dialog');
    await context.close();
  });
}

test('layouts put the notice where the config says', async () => {
  const config = await (await fetch(env.base + '/t/basic.json')).json();
  const place = async (look) => {
    const { page, context } = await open(env, '/t/basic.html', { config: { ...config, ...look } });
    await page.locator('#noren .banner').waitFor();
    await page.waitForTimeout(300); // the entrance animation
    const b = await page.locator('#noren .banner').boundingBox();
    const v = page.viewportSize();
    await context.close();
    return { top: b.y < 1, bottom: Math.abs(b.y + b.height - v.height) < 20, left: b.x < 20, right: Math.abs(b.x + b.width - v.width) < 20, full: b.width > v.width - 1 };
  };
  assert.deepEqual(await place({}), { top: false, bottom: true, left: true, right: true, full: true });
  assert.deepEqual(await place({ position: 'top' }), { top: true, bottom: false, left: true, right: true, full: true });
  assert.deepEqual(await place({ layout: 'box' }), { top: false, bottom: true, left: false, right: true, full: false });
  assert.deepEqual(await place({ layout: 'box', position: 'top-left' }), { top: false, bottom: false, left: true, right: false, full: false });
  const modal = await place({ layout: 'modal' });
  assert.deepEqual(modal, { top: false, bottom: false, left: false, right: false, full: false });
});

test('axe-core finds nothing on the disclosure notice', async () => {
  const { page } = await open(env, '/t/disclosure.html');
  assert.equal(await settled(page), 'ok');
  await page.locator('#notice section').first().waitFor();
  const result = await new AxeBuilder({ page })
    .include('#notice')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.help}`), []);
});
