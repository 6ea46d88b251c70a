// `npm run screenshots`: docs/interface.md's pictures, taken in headless Chromium from the demo site
// (docs/screenshots/*.png). Japanese text needs a CJK font on the machine (Debian:
// fonts-noto-cjk); without one the Japanese shots show boxes, and this script says so.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startServer } from './serve.mjs';
import { CHROMIUM_ARGS } from '../tests/e2e/helpers.mjs';

const out = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
mkdirSync(out, { recursive: true });
try {
  if (!execFileSync('fc-list', [':lang=ja'], { encoding: 'utf8' }).trim()) throw new Error('none');
} catch {
  console.warn('warning: no Japanese font found (install fonts-noto-cjk): Japanese shots will show boxes');
}

const server = await startServer({ port: 0 });
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
const desktop = { viewport: { width: 1200, height: 760 } };
const shots = [
  ['light', '/en/', desktop, null],
  ['dark', '/en/', { ...desktop, colorScheme: 'dark' }, null],
  ['mobile', '/en/', { viewport: { width: 390, height: 780 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }, null],
  ['japanese', '/', desktop, null],
  ['preferences', '/', desktop, async (page) => {
    await page.evaluate(() => window.noren.showPreferences());
    await page.evaluate(() => document.getElementById('noren').shadowRoot.querySelector('details').open = true);
  }],
  ['disclosure', '/gaibu.html', { viewport: { width: 1000, height: 1400 } }, async (page) => {
    await page.evaluate(() => window.noren.rejectAll());
  }],
];
for (const [name, path, options, act] of shots) {
  const context = await browser.newContext(options);
  await context.route((url) => !url.href.startsWith(base), (route) => route.abort());
  const page = await context.newPage();
  await page.goto(base + path);
  await page.evaluate(() => window.noren.ready);
  if (act) await act(page);
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${out}${name}.png` });
  console.log(`docs/screenshots/${name}.png`);
  await context.close();
}
await browser.close();
server.close();
