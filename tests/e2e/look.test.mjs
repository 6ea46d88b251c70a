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
