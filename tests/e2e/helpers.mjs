// Shared set-up for the end-to-end tests: a local server (dist/ at /noren/, www/ at /, the
// fixtures at /t/) and Debian's headless Chromium. Requests that are not to the local server
// are aborted, so no test can reach outside 127.0.0.1.
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/serve.mjs';

const fixtures = fileURLToPath(new URL('fixtures', import.meta.url));

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic',
  // Third-party hosts for tests: every *.test name is the local server.
  '--host-resolver-rules=MAP *.test 127.0.0.1',
];

/** Starts the server and the browser; `close()` stops both. */
export async function setup() {
  const records = [];
  const hits = [];
  const server = await startServer({
    port: 0,
    records,
    mounts: { '/t/': fixtures },
    // Every request the server answers (path and query), whatever the browser reports.
    delay: (url) => { hits.push(url); return url.includes('slow=1') ? 300 : 0; }, // a slow tag: ?slow=1
  });
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  return {
    base,
    browser,
    /** Consent records POSTed to /records. */
    records,
    /** Paths and queries of the requests the server received (not /records). */
    hits,
    async close() {
      await browser.close();
      await new Promise((r) => server.close(r));
    },
  };
}

/**
 * Opens `path` in a fresh context. Returns the page and a log of requests, console messages
 * and page errors. `options.context` goes to newContext; `options.config` replaces the
 * config JSON the page loads (an object, or a string served as is).
 */
export async function open(env, path, options = {}) {
  const context = options.reuse || (await env.browser.newContext(options.context || {}));
  // Only the local server is reachable, under its own name or a *.test name on its port.
  const port = new URL(env.base).port;
  await context.route((url) => !(url.href.startsWith(env.base) || (url.hostname.endsWith('.test') && url.port === port)),
    (route) => route.abort());
  const page = await context.newPage();
  const log = { requests: [], urls: [], console: [], errors: [] };
  page.on('request', (r) => {
    log.urls.push(r.url());
    log.requests.push(r.url().slice(env.base.length));
  });
  page.on('console', (m) => log.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => log.errors.push(e.message));
  if (options.config !== undefined) {
    await page.route(/\/t\/[^/]*\.json$/, (route) =>
      route.fulfill({
        contentType: 'application/json',
        body: typeof options.config === 'string' ? options.config : JSON.stringify(options.config),
      }));
  }
  await page.goto(env.base + path);
  return { page, context, log };
}

/** Waits for `noren.ready` and returns 'ok' or the rejection message. */
export function settled(page) {
  return page.evaluate(() => Promise.race([
    window.noren.ready.then(() => 'ok', (e) => 'rejected: ' + e.message),
    new Promise((resolve) => setTimeout(() => resolve('still pending after 10 s'), 10000)),
  ]));
}

/** The page's record of which test tags ran, in order. */
export function ran(page) {
  return page.evaluate(() => window.order.slice());
}

/** Requests made for held test tags (paths under /t/tags/). */
export function tagRequests(log) {
  return log.requests.filter((u) => u.startsWith('/t/tags/'));
}

/** The notice's buttons, by accessible name. */
export function button(page, name) {
  return page.getByRole('button', { name, exact: true });
}

/** The config the basic fixture uses (a fresh copy to modify). */
export async function basicConfig(env) {
  const r = await fetch(env.base + '/t/basic.json');
  return r.json();
}

/** Consent Mode's seven types before any choice, as Noren sends them for the basic config: all denied but security_storage. */
export const DENIED = {
  ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied', analytics_storage: 'denied',
  functionality_storage: 'denied', personalization_storage: 'denied', security_storage: 'granted',
};

/**
 * Runs `fn(arg)` in the page without a user gesture: Playwright's own `evaluate` runs with one
 * (and leaves the page activated for a few seconds), so this goes through the DevTools protocol
 * without it, after spending any activation left (a popup opened and closed).
 */
export async function withoutGesture(page, fn, arg) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const expression = `(() => { const w = window.open('about:blank'); if (w) w.close();
      if (navigator.userActivation.isActive) throw new Error('still activated');
      return (${fn})(${JSON.stringify(arg)}); })()`;
    const r = await cdp.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true, userGesture: false });
    if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description || r.exceptionDetails.text);
    return r.result.value;
  } finally {
    await cdp.detach();
  }
}

/**
 * Waits until `count` console lines of `log` include `text` (the loader prints a message once
 * its sentence is in: it fetches dist/messages.<hash>.json first) and returns the first; fails
 * after 5 s, with the console so far.
 */
export async function logged(log, text, count = 1) {
  for (let waited = 0; ; waited += 20) {
    const lines = log.console.filter((m) => m.includes(text));
    if (lines.length >= count) return lines[0];
    if (waited >= 5000) throw new Error(`not ${count} console lines with "${text}" after 5 s:\n${log.console.join('\n')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
