// Takes docs/screenshots/scan-report.png: scans the fixture site, opens the HTML report in
// headless Chromium and photographs its top. `node tests/scan/screenshot.mjs` (after a build).
import { chromium } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { scan } from '../../scan/scan.mjs';
import { startFixtureServer } from './server.mjs';

const target = fileURLToPath(new URL('../../docs/screenshots/scan-report.png', import.meta.url));
const server = await startFixtureServer();
const out = await mkdtemp(join(tmpdir(), 'noren-scan-shot-'));
try {
  const only = (url) => { const u = new URL(url); return u.hostname.endsWith('.test') && u.port === String(server.port); };
  await scan({ url: `http://shop.test:${server.port}/`, only, delay: 0, out, browserArgs: ['--host-resolver-rules=MAP *.test 127.0.0.1'] });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const page = await browser.newPage({ viewport: { width: 1100, height: 1500 }, deviceScaleFactor: 1 });
  await page.goto(pathToFileURL(join(out, 'report.html')).href);
  await page.screenshot({ path: target });
  await browser.close();
  console.log(`wrote ${target}`);
} finally {
  await server.close();
  await rm(out, { recursive: true, force: true });
}
