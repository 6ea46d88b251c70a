// What the visitor sees: language, layouts, colour scheme, motion, and isolation from site CSS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, open, settled, ran, basicConfig } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

async function buttonNames(page) {
  await page.locator('#noren .banner').waitFor();
  return page.locator('#noren .banner .btn').allTextContents();
}

test('language: <html lang="ja"> gives the Japanese notice with the contract names', async () => {
  const { page } = await open(env, '/t/inline.html');
  assert.equal(await settled(page), 'ok');
  assert.deepEqual(await buttonNames(page), ['すべて同意する', 'すべて拒否する', '設定を管理']);
  await page.getByRole('button', { name: '設定を管理', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'プライバシー設定' });
  await dialog.waitFor();
  assert.ok(await dialog.getByRole('button', { name: '設定を保存', exact: true }).isVisible());
  assert.ok(await dialog.getByRole('switch', { name: 'アクセス解析' }).isVisible(), 'category titles in Japanese');
  assert.equal(await page.locator('#noren .n').getAttribute('lang'), 'ja');
});

test('language: no <html lang> follows the browser; the config can fix it; texts can be overridden', async () => {
  const ja = await env.browser.newContext({ locale: 'ja-JP' });
  let { page } = await open(env, '/t/nolang.html', { reuse: ja });
  assert.equal(await settled(page), 'ok');
  assert.deepEqual(await buttonNames(page), ['すべて同意する', 'すべて拒否する', '設定を管理']);
  const fr = await env.browser.newContext({ locale: 'fr-FR' });
  ({ page } = await open(env, '/t/nolang.html', { reuse: fr }));
  assert.deepEqual(await buttonNames(page), ['Tout accepter', 'Tout refuser', 'Gérer les préférences']);
  // A language Noren does not have: English.
  const tlh = await env.browser.newContext({ locale: 'tlh' });
  ({ page } = await open(env, '/t/nolang.html', { reuse: tlh }));
  assert.deepEqual(await buttonNames(page), ['Accept all', 'Reject all', 'Manage preferences']);
  const config = await basicConfig(env);
  config.language = 'ja';
  config.texts = { ja: { title: '<b>クッキー</b>について' }, en: { acceptAll: 'unused' } };
  ({ page } = await open(env, '/t/basic.html', { config }));
  assert.deepEqual(await buttonNames(page), ['すべて同意する', 'すべて拒否する', '設定を管理']);
  assert.equal(await page.locator('#noren .banner h2').textContent(), '<b>クッキー</b>について', 'config text is text, never HTML');
});

test('rendered in an open shadow root: site CSS cannot break it, and it adds no style to the page', async () => {
  const { page } = await open(env, '/t/hostile-css.html');
  assert.equal(await settled(page), 'ok');
  const banner = page.getByRole('dialog', { name: 'Your privacy choices' });
  await banner.waitFor();
  const accept = page.getByRole('button', { name: 'Accept all', exact: true });
  assert.ok(await accept.isVisible());
  const style = await accept.evaluate((e) => { const s = getComputedStyle(e); return [s.fontSize, s.letterSpacing, s.color]; });
  assert.equal(style[0], '15px');
  assert.equal(style[1], 'normal');
  assert.notEqual(style[2], 'rgb(255, 0, 0)');
  const page_ = await page.evaluate(() => ({
    sheets: document.styleSheets.length,
    adopted: document.adoptedStyleSheets.length,
    shadowMode: document.getElementById('noren').shadowRoot && 'open',
    inlineStyles: document.getElementById('noren').shadowRoot.querySelectorAll('[style]').length,
  }));
  assert.deepEqual(page_, { sheets: 1, adopted: 0, shadowMode: 'open', inlineStyles: 0 });
  await accept.click();
  await page.waitForFunction(() => window.order.length === 2);
  assert.deepEqual(await ran(page), ['A', 'C']);
});

test('mobile and desktop layouts', async () => {
  const mobile = await env.browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  let { page } = await open(env, '/t/basic.html', { reuse: mobile });
  assert.equal(await settled(page), 'ok');
  await page.locator('#noren .banner').waitFor();
  await page.waitForTimeout(300); // the entrance animation moves it by 12 px
  let boxes = await Promise.all(['Accept all', 'Reject all', 'Manage preferences'].map((n) => page.getByRole('button', { name: n, exact: true }).boundingBox()));
  assert.ok(boxes.every((b) => b.x === boxes[0].x && b.width === boxes[0].width), 'stacked, same width');
  assert.ok(boxes[1].y > boxes[0].y && boxes[2].y > boxes[1].y);
  assert.ok(boxes.every((b) => b.height >= 44 && b.x >= 0 && b.x + b.width <= 375 && b.y + b.height <= 740), 'inside the screen, 44px targets');
  await page.getByRole('button', { name: 'Manage preferences' }).tap();
  const dialog = await page.locator('#noren .dialog').boundingBox();
  assert.ok(dialog.width <= 375 && dialog.x >= 0, 'the dialog fits the width');

  ({ page } = await open(env, '/t/basic.html'));
  await page.locator('#noren .banner').waitFor();
  await page.waitForTimeout(300);
  boxes = await Promise.all(['Accept all', 'Reject all', 'Manage preferences'].map((n) => page.getByRole('button', { name: n, exact: true }).boundingBox()));
  assert.ok(boxes.every((b) => b.y === boxes[0].y), 'side by side on desktop');
});

test('prefers-color-scheme and prefers-reduced-motion are respected', async () => {
  const dark = await env.browser.newContext({ colorScheme: 'dark', reducedMotion: 'reduce' });
  let { page } = await open(env, '/t/basic.html', { reuse: dark });
  assert.equal(await settled(page), 'ok');
  const banner = page.locator('#noren .banner');
  await banner.waitFor();
  assert.equal(await banner.evaluate((e) => getComputedStyle(e).backgroundColor), 'rgb(31, 32, 36)');
  assert.equal(await banner.evaluate((e) => getComputedStyle(e).animationName), 'none');
  const light = await env.browser.newContext({ colorScheme: 'light', reducedMotion: 'no-preference' });
  ({ page } = await open(env, '/t/basic.html', { reuse: light }));
  await page.locator('#noren .banner').waitFor();
  assert.equal(await page.locator('#noren .banner').evaluate((e) => getComputedStyle(e).backgroundColor), 'rgb(255, 255, 255)');
  assert.equal(await page.locator('#noren .banner').evaluate((e) => getComputedStyle(e).animationName), 'noren-in');
});

test('the dialog with a service open: its switch stays in the summary row, its facts take the full width (desktop, 375 px)', async () => {
  for (const viewport of [{ width: 1280, height: 800 }, { width: 375, height: 740 }]) {
    const context = await env.browser.newContext({ viewport });
    const { page } = await open(env, '/t/basic.html', { reuse: context });
    assert.equal(await settled(page), 'ok');
    await page.getByRole('button', { name: 'Manage preferences', exact: true }).click();
    const summary = page.locator('#noren summary', { hasText: 'Analytics One' });
    await summary.click();
    const m = await summary.evaluate((s) => {
      const box = (e) => { const r = e.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, bottom: r.bottom }; };
      const row = s.closest('.row');
      const facts = s.parentElement.querySelector('dl');
      return {
        summary: box(s), row: box(row), facts: box(facts),
        sw: box(row.querySelector('[role=switch]')),
        rows: [...facts.children].map((d) => box(d)),
        // Items inside the facts (what is sent, cookies) are plain list items.
        itemBorders: [...facts.querySelectorAll('li')].map((li) => getComputedStyle(li).borderTopWidth),
      };
    });
    const label = `${viewport.width} px`;
    const middle = (b) => (b.top + b.bottom) / 2;
    assert.ok(Math.abs(middle(m.sw) - middle(m.summary)) < 4, `${label}: the switch is in the summary's row`);
    assert.ok(m.row.right - m.sw.right < 1, `${label}: at the row's end`);
    assert.ok(m.sw.bottom <= m.facts.top + 1, `${label}: the facts start below the switch`);
    assert.ok(Math.abs(m.facts.left - m.row.left) < 1 && Math.abs(m.facts.right - m.row.right) < 1,
      `${label}: the facts take the row's full width: ${JSON.stringify([m.facts, m.row])}`);
    assert.ok(m.rows.every((r) => r.right <= m.row.right + 1 && r.left >= m.row.left - 1), `${label}: every fact inside`);
    assert.deepEqual([...new Set(m.itemBorders)], ['0px'], `${label}: no separator lines inside the facts`);
    await context.close();
  }
});
