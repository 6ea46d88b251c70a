// `npm run bench`: shipped bytes, and load-time figures in headless Chromium for Noren (without
// and with IAB TCF/GPP), vanilla-cookieconsent (from the npm registry) and a page with no banner, side by side.
// Medians over fresh runs (new browser context each run). A benchmark, not a test.
import { chromium } from 'playwright-core';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer } from './serve.mjs';
import { bytes, gz, shipped, shippedIab } from './size.mjs';
import { CHROMIUM_ARGS } from '../tests/e2e/helpers.mjs';

const RUNS = Number(process.env.BENCH_RUNS || 9);
const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const noren = shipped();
const css = readFileSync(here('../src/shell/styles.css'));
console.log('Shipped bytes (gzip -9)                  raw     gzip');
console.log(noren.lines.join('\n'));
console.log(`  ${'Noren total'.padEnd(34)} ${String(noren.raw).padStart(8)} ${String(noren.zipped).padStart(8)}`);
console.log(`  (CSS is inside the module: ${css.length} raw, ${gz(css)} gzip on its own)`);
const iab = shippedIab();
console.log(iab.lines.join('\n'));
console.log(`  ${'Noren with TCF/GPP total'.padEnd(34)} ${String(iab.raw).padStart(8)} ${String(iab.zipped).padStart(8)}`);
const vccDir = here('../node_modules/vanilla-cookieconsent/dist/');
if (existsSync(vccDir)) {
  const vcc = bytes([['vanilla-cookieconsent js', vccDir + 'cookieconsent.umd.js'], ['vanilla-cookieconsent css', vccDir + 'cookieconsent.css']]);
  console.log(`  ${'vanilla-cookieconsent 3.1.0 total'.padEnd(34)} ${String(vcc.raw).padStart(8)} ${String(vcc.zipped).padStart(8)}`);
}

const server = await startServer({
  port: 0,
  mounts: { '/bench/': here('bench'), '/vcc/': vccDir },
});
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });

async function once(path) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('console', (m) => process.env.BENCH_DEBUG && console.log(m.type(), m.text()));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(base + path, { waitUntil: 'load' });
  await page.waitForFunction(() => window.probe.visibleAt !== null, null, { timeout: 10000 });
  await page.waitForTimeout(100);
  const visible = await page.evaluate(() => window.probe.visibleAt);
  const dcl = await page.evaluate(() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd);
  const { metrics } = await cdp.send('Performance.getMetrics');
  const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
  await context.close();
  return { visible, dcl, script: m.ScriptDuration * 1000, heap: m.JSHeapUsedSize / 1e6 };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const results = {};
for (const [name, path] of [['Noren', '/bench/noren.html'], ['Noren + TCF/GPP', '/bench/noren-tcf.html'],
  ['vanilla-cookieconsent', '/bench/vcc.html'], ['no banner', '/bench/none.html']]) {
  if (name === 'vanilla-cookieconsent' && !existsSync(vccDir)) continue;
  await once(path); // warm the server and the browser's code cache out of the figures
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await once(path));
  results[name] = Object.fromEntries(['visible', 'dcl', 'script', 'heap'].map((k) => [k, median(runs.map((r) => r[k]))]));
}
await browser.close();
server.close();

const names = Object.keys(results);
console.log(`\nHeadless Chromium, loopback, fresh context per run, median of ${RUNS}`);
console.log('  ' + ''.padEnd(36) + names.map((n) => n.padStart(22)).join(''));
const row = (label, key, unit, digits = 1) =>
  console.log('  ' + label.padEnd(36) + names.map((n) => (results[n][key].toFixed(digits) + ' ' + unit).padStart(22)).join(''));
row('notice visible after navigation', 'visible', 'ms');
row('DOMContentLoaded', 'dcl', 'ms');
row('main-thread script time', 'script', 'ms');
row('JS heap used after load', 'heap', 'MB', 2);
