// One run of one page: two loads, each in a fresh browser context (empty cache, no cookies, its
// own connections: a first-time visitor) with its own CDP session. The first carries the probe
// and gives the times the probe reads; the second carries nothing and gives everything else,
// so the probe's own work (a few milliseconds of script per frame until the notice is opaque)
// is in no figure but the probe's.
import { probe } from './probe.mjs';
import { targets } from './pages.mjs';
import { broken, watchNetwork } from './network.mjs';

/** How long the network must stay idle, after the load event, to end a load. */
const QUIET_MS = 500;
/** How long a clean load goes on after the time its probed twin saw the notice fully opaque. */
const SETTLE_MS = 500;
const TIMEOUT_MS = 30_000;

/**
 * Loads `page` (from pages.mjs) from `server` under `profile` (from profiles.mjs) twice and
 * returns its figures (milliseconds from the start of navigation, bytes, MB). From the probed
 * load: `pageSeen`, `noticeSeen`, `opaqueSeen` (see probe.mjs; null without a notice) and
 * `probedFcp` (that load's FCP, to compare with the clean one's). From the
 * clean load: `firstPaint` and `fcp` (Paint Timing), `dcl`, `script` (CDP ScriptDuration),
 * `heap` (JSHeapUsedSize after a forced GC), `wire` (encoded body bytes), `requests` (each
 * one's URL, status and sizes) and `connections` (TCP connections the server accepted).
 * A load fails, naming them, when a request fails or answers an error status: a broken page's
 * figures mean nothing.
 */
export async function measure(browser, server, page, profile) {
  const seen = await probed(browser, server, page, profile);
  return { ...seen, ...(await clean(browser, server, page, profile, seen.opaqueSeen ?? seen.pageSeen)) };
}

/** The probed load: what the probe saw, and when. */
async function probed(browser, server, page, profile) {
  return withPage(browser, profile, async (tab, cdp, network) => {
    await tab.addInitScript(probe, targets(page));
    const report = probeReport(tab);
    await tab.goto(server.base + page.path, { waitUntil: 'load', timeout: TIMEOUT_MS });
    const seen = await report.catch(() => {
      throw new Error(`${page.name}: the probe did not see all of ${Object.keys(targets(page)).join(', ')} within ${TIMEOUT_MS} ms${broken(network.finished())}`);
    });
    const failed = broken(network.finished());
    if (failed) throw new Error(`${page.name}${failed}`);
    const fcp = await tab.evaluate(() => new Promise((resolve) => {
      // FCP is reported once the frame is presented, which can be after the probe's report.
      new PerformanceObserver((list, observer) => {
        const entry = list.getEntriesByName('first-contentful-paint')[0];
        if (entry) { observer.disconnect(); resolve(entry.startTime); }
      }).observe({ type: 'paint', buffered: true });
      setTimeout(() => resolve(null), 5000);
    }));
    return { pageSeen: seen.page, noticeSeen: seen.notice ?? null, opaqueSeen: seen.opaque ?? null, probedFcp: fcp };
  });
}

/**
 * The clean load: it lasts until the network has been quiet for QUIET_MS and SETTLE_MS have
 * passed since `doneAt` (when the probed load saw the notice fully opaque); then the figures are
 * read, and only then is the probe run once, to check that the notice is indeed up.
 */
async function clean(browser, server, page, profile, doneAt) {
  return withPage(browser, profile, async (tab, cdp, network) => {
    await cdp.send('Performance.enable');
    const connectionsBefore = server.counts.connections;
    const start = Date.now();
    await tab.goto(server.base + page.path, { waitUntil: 'load', timeout: TIMEOUT_MS });
    await network.quiet(QUIET_MS, TIMEOUT_MS);
    const wait = start + doneAt + SETTLE_MS - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));

    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = Object.fromEntries(metrics.map((m) => [m.name, m.value]));
    const connections = server.counts.connections - connectionsBefore;
    const requests = network.finished();
    const failed = broken(requests);
    if (failed) throw new Error(`${page.name}${failed}`);

    const timing = await tab.evaluate(() => ({
      paint: Object.fromEntries(performance.getEntriesByType('paint').map((e) => [e.name, e.startTime])),
      dcl: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
    }));
    const report = probeReport(tab);
    await tab.evaluate(probe, targets(page));
    await report.catch(() => {
      throw new Error(`${page.name}: not everything was drawn when the figures were read (${Date.now() - start} ms after navigation)`);
    });
    return {
      firstPaint: timing.paint['first-paint'],
      fcp: timing.paint['first-contentful-paint'],
      dcl: timing.dcl,
      script: metric.ScriptDuration * 1000,
      heap: metric.JSHeapUsedSize / 1e6,
      wire: requests.reduce((sum, r) => sum + r.body, 0),
      requests,
      connections,
    };
  });
}

/** Runs `load(tab, cdp, network)` in a fresh context under `profile`, then closes it. */
async function withPage(browser, profile, load) {
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    const cdp = await context.newCDPSession(tab);
    const network = watchNetwork(cdp);
    await cdp.send('Network.enable');
    if (profile.network) await cdp.send('Network.emulateNetworkConditions', profile.network);
    return await load(tab, cdp, network);
  } finally {
    await context.close();
  }
}

/** The probe's report (its `__bench` console line), or a rejection after TIMEOUT_MS. */
function probeReport(tab) {
  let timer;
  return new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS);
    tab.on('console', (message) => {
      if (message.text().startsWith('__bench ')) resolve(JSON.parse(message.text().slice(8)));
    });
  }).finally(() => clearTimeout(timer));
}
