// One run: a page loaded in a fresh browser context (empty cache, no cookies, its own
// connections, as a first-time visitor), through its own CDP session.
import { probe } from './probe.mjs';
import { targets } from './pages.mjs';

/** How long the network must stay idle, after the load event and the notice, to end a run. */
const QUIET_MS = 500;
const TIMEOUT_MS = 30_000;

/**
 * Loads `page` (from pages.mjs) from `server` under `profile` (from profiles.mjs) and returns
 * its figures (milliseconds from the start of navigation, bytes, MB):
 * `firstPaint` and `fcp` (Paint Timing), `pageSeen`, `noticeSeen` and `opaqueSeen` (the probe),
 * `dcl`, `script` (CDP ScriptDuration), `heap` (JSHeapUsedSize after a forced GC), `wire`
 * (encoded body bytes, from CDP Network events), `requests` (with each one's URL and bytes) and
 * `connections` (TCP connections the server accepted during the run). A request that fails or
 * answers an error status makes the run fail: a broken page's figures mean nothing.
 */
export async function measure(browser, server, page, profile) {
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    await tab.addInitScript(probe, targets(page));
    const seen = new Promise((resolve) => {
      tab.on('console', (message) => {
        if (message.text().startsWith('__bench ')) resolve(JSON.parse(message.text().slice(8)));
      });
    });
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Performance.enable');
    const network = watchNetwork(cdp);
    await cdp.send('Network.enable');
    if (profile.network) await cdp.send('Network.emulateNetworkConditions', profile.network);

    const connectionsBefore = server.counts.connections;
    await tab.goto(server.base + page.path, { waitUntil: 'load', timeout: TIMEOUT_MS });
    const probed = await within(seen, TIMEOUT_MS).catch(() => {
      throw new Error(`${page.name}: the probe did not see all of ${Object.keys(targets(page)).join(', ')} within ${TIMEOUT_MS} ms${broken(network.finished())}`);
    });
    await network.quiet(QUIET_MS, TIMEOUT_MS);

    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = Object.fromEntries(metrics.map((m) => [m.name, m.value]));
    const timing = await tab.evaluate(() => ({
      paint: Object.fromEntries(performance.getEntriesByType('paint').map((e) => [e.name, e.startTime])),
      dcl: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
    }));
    const requests = network.finished();
    if (broken(requests)) throw new Error(`${page.name}${broken(requests)}`);
    return {
      firstPaint: timing.paint['first-paint'],
      fcp: timing.paint['first-contentful-paint'],
      pageSeen: probed.page,
      noticeSeen: probed.notice ?? null,
      opaqueSeen: probed.opaque ?? null,
      dcl: timing.dcl,
      script: metric.ScriptDuration * 1000,
      heap: metric.JSHeapUsedSize / 1e6,
      wire: requests.reduce((sum, r) => sum + r.body, 0),
      requests,
      connections: server.counts.connections - connectionsBefore,
    };
  } finally {
    await context.close();
  }
}

/** Resolves as `promise`, or rejects after `ms`. */
function within(promise, ms) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('timeout')), ms); }),
  ]).finally(() => clearTimeout(timer));
}

/** The requests that failed or answered an error status, as text ('' if none). */
function broken(requests) {
  const bad = requests.filter((r) => r.failed || r.status >= 400);
  return bad.length ? `; failed requests: ${bad.map((r) => `${r.url} (${r.failed || r.status})`).join(', ')}` : '';
}

/**
 * Follows the page's requests through CDP Network events. A response's encoded body is what
 * loadingFinished counts on the wire less what responseReceived had counted by then (its
 * headers).
 */
function watchNetwork(cdp) {
  const inFlight = new Map(); // requestId → { url, headers }
  const done = [];
  let lastChange = Date.now();
  cdp.on('Network.requestWillBeSent', ({ requestId, request }) => {
    if (!inFlight.has(requestId)) inFlight.set(requestId, { url: request.url, headers: 0, status: 0 });
    lastChange = Date.now();
  });
  cdp.on('Network.responseReceived', ({ requestId, response }) => {
    const entry = inFlight.get(requestId);
    if (entry) Object.assign(entry, { headers: response.encodedDataLength, status: response.status });
  });
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    const entry = inFlight.get(requestId);
    if (!entry) return;
    inFlight.delete(requestId);
    done.push({ url: entry.url, status: entry.status, body: encodedDataLength - entry.headers, transfer: encodedDataLength });
    lastChange = Date.now();
  });
  cdp.on('Network.loadingFailed', ({ requestId, errorText }) => {
    const entry = inFlight.get(requestId);
    if (!entry) return;
    inFlight.delete(requestId);
    done.push({ url: entry.url, status: entry.status, body: 0, transfer: 0, failed: errorText });
    lastChange = Date.now();
  });
  return {
    /** Waits until no request has been in flight for `ms` (at most `timeout`). */
    async quiet(ms, timeout) {
      const end = Date.now() + timeout;
      while (inFlight.size || Date.now() - lastChange < ms) {
        if (Date.now() > end) throw new Error(`the network never went quiet: ${[...inFlight.values()].map((r) => r.url).join(', ')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    /** The requests that finished, with their encoded body and transfer sizes. */
    finished: () => done.map((r) => ({ ...r, url: r.url.replace(/^https?:\/\/[^/]+/, '') })),
  };
}
