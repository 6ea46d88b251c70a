// The demo site works as a visitor would use it, in Japanese and English, all on 127.0.0.1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, open, settled } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

const statuses = (page) => page.locator('[data-status]').allTextContents();

test('Japanese demo: nothing runs until すべて同意する, then every stand-in shows it ran', async () => {
  const { page, log } = await open(env, '/');
  assert.equal(await settled(page), 'ok', log.console.join('\n'));
  await page.waitForTimeout(300);
  assert.deepEqual(await statuses(page), ['未実行', '未実行', '未実行', '未実行']);
  assert.ok(!log.requests.some((u) => u.startsWith('/demo/analytics') || u.startsWith('/demo/ads') || u.startsWith('/demo/pixel') || u.startsWith('/demo/video')));
  await page.getByRole('button', { name: 'すべて同意する', exact: true }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('[data-status]')].every((e) => e.textContent === '実行済み'));
  assert.ok(log.requests.every((u) => !u.startsWith('http')), 'nothing outside 127.0.0.1');
  // Withdraw from the footer link.
  await page.getByRole('button', { name: 'Cookie設定', exact: true }).click();
  await page.getByRole('dialog', { name: 'プライバシー設定' }).waitFor();
  await page.getByRole('switch', { name: 'アクセス解析', exact: true }).uncheck();
  await page.getByRole('button', { name: '設定を保存', exact: true }).click();
  const cookies = await page.evaluate(() => document.cookie);
  assert.ok(!/(^|; )_ga/.test(cookies), cookies);
  assert.match(cookies, /_sadid=/);
  assert.deepEqual(log.errors, []);
});

test('English demo: reject all keeps every stand-in from running', async () => {
  const { page, log } = await open(env, '/en/');
  assert.equal(await settled(page), 'ok');
  await page.getByRole('button', { name: 'Reject all', exact: true }).click();
  await page.reload();
  assert.equal(await settled(page), 'ok');
  await page.waitForTimeout(300);
  assert.deepEqual(await statuses(page), ['not run', 'not run', 'not run', 'not run']);
  assert.deepEqual(log.errors, []);
});

test('moving between the demo pages does not ask again, and every page reaches the notice and the settings', async () => {
  const { page, context } = await open(env, '/');
  assert.equal(await settled(page), 'ok');
  const visible = () => page.evaluate(() => {
    const root = document.getElementById('noren').shadowRoot;
    return [...root.querySelectorAll('[role="region"], [role="dialog"]')].some((e) => e.checkVisibility());
  });
  assert.equal(await visible(), true, 'the notice shows on the first page');
  await page.getByRole('button', { name: 'すべて拒否する', exact: true }).click();
  for (const path of ['/privacy.html', '/gaibu.html', '/en/', '/en/external.html']) {
    await page.goto(env.base + path);
    assert.equal(await settled(page), 'ok', path);
    assert.equal((await page.evaluate(() => window.noren.getConsent().decided)), true, `${path}: the choice holds`);
    assert.equal(await visible(), false, `${path}: no notice`);
    assert.ok(await page.locator('footer [data-noren-open="disclosure"]').count() + (path.includes('gaibu') || path.includes('external') ? 1 : 0) > 0, `${path}: links to the notice`);
    assert.equal(await page.locator('footer button[data-noren-open]').count(), 1, `${path}: a settings button`);
  }
  // The TCF page has its own categories, so its own cookie: it asks once, and the main choice stays.
  await page.goto(env.base + '/ads.html');
  assert.equal(await settled(page), 'ok');
  await page.getByRole('button', { name: 'Accept all', exact: true }).click();
  await page.goto(env.base + '/');
  assert.equal(await settled(page), 'ok');
  const consent = await page.evaluate(() => window.noren.getConsent());
  assert.equal(consent.decided, true);
  assert.equal(Object.values(consent.categories).filter(Boolean).length, 1, 'still only the required category');
  await context.close();
});
