// The Noren server behind the demo, as a site's staff would use it: a visitor accepts on the
// demo page, the record reaches `noren serve` (SQLite), and the admin page, signed in with the
// token, lists it and charts exactly the numbers the database holds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, startNorenServer } from '../../scripts/serve.mjs';
import { CHROMIUM_ARGS, open, settled } from './helpers.mjs';

const TOKEN = 'e2e-admin-token-0123456789';
let env;
let noren;
let dir;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noren-e2e-'));
  noren = await startNorenServer({
    database: `sqlite:${join(dir, 'records.db')}`,
    args: ['--client-ip-header', 'X-Forwarded-For', '--region-header', 'X-Country-Code'],
    env: { NOREN_ADMIN_TOKEN: TOKEN },
  });
  const server = await startServer({ port: 0, backend: noren.url });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  env = {
    base: `http://127.0.0.1:${server.address().port}`,
    browser,
    async close() { await browser.close(); await new Promise((r) => server.close(r)); },
  };
});
after(async () => {
  await env.close();
  await noren.stop();
  await rm(dir, { recursive: true, force: true });
});

/** A record as the banner would send it, from a visitor in `region`. */
async function beacon(id, action, region, granted) {
  const body = {
    version: 1, id, consentId: `c${id}`, time: new Date().toISOString(), action, regime: 'opt-in',
    revision: 1, language: 'en', categories: { necessary: true, analytics: granted, ads: false, media: false },
    services: {}, personalData: [], signals: { gpc: false }, url: 'https://shop.example/en/', cmp: 'noren/0.1.0',
  };
  const r = await fetch(`${env.base}/noren/records`, {
    method: 'POST', headers: { 'content-type': 'text/plain', 'x-country-code': region }, body: JSON.stringify(body),
  });
  assert.equal(r.status, 201, await r.text());
}

test('accepting on the demo shows the record in the admin page, and its charts hold the database numbers', async () => {
  const { page, log } = await open(env, '/en/');
  assert.equal(await settled(page), 'ok', log.console.join('\n'));
  await page.getByRole('button', { name: 'Accept all', exact: true }).click();
  const record = await page.evaluate(() => window.noren.getRecord());
  // The visitor's own history: GET /noren/records/<consentId> (the beacon may take a moment).
  let mine;
  for (let i = 0; i < 100 && !mine; i++) {
    const r = await fetch(`${env.base}/noren/records/${record.consentId}`);
    if (r.status === 200) mine = await r.json(); else await new Promise((ok) => setTimeout(ok, 50));
  }
  assert.deepEqual(mine, [record], 'the stored record is the one the page made');
  await beacon('e2eRec0001', 'reject-all', 'DE', false);
  await beacon('e2eRec0002', 'custom', 'JP', true);

  // Signed out: the sign-in form; a wrong token is refused.
  const admin = await env.browser.newContext();
  const p = await admin.newPage();
  let res = await p.goto(`${env.base}/noren/admin`);
  assert.equal(res.status(), 401);
  await p.getByLabel('Admin token').fill('not-the-token-at-all');
  await p.getByRole('button', { name: 'Sign in' }).click();
  assert.ok((await p.getByRole('alert').textContent()).includes('Wrong token'));
  await p.getByLabel('Admin token').fill(TOKEN);
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.locator('#records').waitFor();
  assert.equal(await p.locator('#total strong').textContent(), '3');
  const firstRow = await p.locator('#records tbody tr').last().locator('td').allTextContents();
  assert.deepEqual(firstRow.slice(1, 6), [record.id, record.consentId, 'accept-all', '', 'en']);

  // Every bar shows what the API (the database) says.
  const api = await (await fetch(`${env.base}/noren/admin/api/records`, { headers: { authorization: `Bearer ${TOKEN}` } })).json();
  const charts = { 'per-day': api.stats.per_day, 'per-category': api.stats.per_category,
    'per-service': api.stats.per_service, 'per-region': api.stats.per_region, 'per-language': api.stats.per_language };
  for (const [id, bars] of Object.entries(charts)) {
    const shown = await p.locator(`#${id} g.bar`).evaluateAll((gs) => gs.map((g) => ({
      label: g.dataset.label, yes: Number(g.dataset.yes), total: Number(g.dataset.total),
      text: g.querySelectorAll('text')[1].textContent, width: Number(g.querySelectorAll('rect')[1].getAttribute('width')) })));
    assert.deepEqual(shown.map(({ label, yes, total }) => ({ label, yes, total })), bars, id);
    for (const b of shown) {
      assert.ok(b.text.startsWith(`${b.yes} of ${b.total} `), b.text);
      assert.equal(b.width, Math.floor((b.yes * 300) / b.total), `${id} ${b.label}: bar length`);
    }
  }
  assert.deepEqual(api.stats.per_region, [
    { label: 'DE', yes: 0, total: 1 }, { label: 'JP', yes: 0, total: 1 }, { label: 'unknown', yes: 1, total: 1 }]);
  assert.deepEqual(api.stats.per_category.find((t) => t.label === 'analytics'), { label: 'analytics', yes: 2, total: 3 });
  const perCategory = await p.locator('#per-category').textContent();
  assert.ok(perCategory.includes('2 of 3 granted (67%)'), perCategory);

  // Search by action narrows the list and the charts alike; the CSV export has the same rows.
  await p.selectOption('select[name=action]', 'reject-all');
  await p.getByRole('button', { name: 'Search' }).click();
  await p.waitForURL(/action=reject-all/);
  assert.equal(await p.locator('#total strong').textContent(), '1');
  // (The page's policy allows no fetch: download the export with the signed-in context's cookie.)
  const href = await p.getByRole('link', { name: 'CSV' }).getAttribute('href');
  const csv = await (await admin.request.get(env.base + href)).text();
  assert.equal(csv.trim().split('\n').length, 2);
  assert.ok(csv.includes(',e2eRec0001,ce2eRec0001,reject-all,DE,en,necessary,'), csv);
  await admin.close();
});

test('health, and a graceful stop that finishes what is in flight', async () => {
  const h = await fetch(`${noren.url}/healthz`);
  assert.deepEqual([h.status, await h.json()], [200, { status: 'ok', database: 'sqlite' }]);
  const inflight = Array.from({ length: 20 }, (_, i) => beacon(`stop${String(i).padStart(6, '0')}`, 'custom', 'JP', true));
  await Promise.all(inflight);
  const code = await noren.stop();
  assert.equal(code, 0, 'exits cleanly on SIGTERM');
});
