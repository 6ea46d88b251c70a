// `scan(options)`: crawls a site in headless Chromium, visits each page three times (no
// choice, "Reject all", "Accept all"), and returns the report; with `out`, also writes it
// (report.json, report.html, draft-services.json, consent.draft.json) to that folder.
import { chromium } from 'playwright-core';
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { analyze } from './analyze.mjs';
import { findBrowser } from './browser.mjs';
import { notAPage, pageKey, readRobots, readSitemap, sameSite } from './crawl.mjs';
import { draftServices, mergeDraft } from './draft.mjs';
import { renderHtml } from './html.mjs';
import { readRules, registrableDomain } from './rules.mjs';
import { PASSES, visit } from './visit.mjs';

/** An error that means the scan could not run (the CLI exits with 2). */
export class ScanError extends Error {}

/** Chromium's flags: quiet, and every frame in one process so the page's DevTools session sees all requests. */
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync',
  '--disable-site-isolation-trials', '--disable-features=IsolateOrigins,site-per-process',
];

const catalogueUrl = new URL('./catalogue.json', import.meta.url);

/**
 * Scans the site at `options.url`. Options: `pages` (most pages, 20), `maxTime` (seconds to
 * start new pages, 600), `delay` (ms between pages at least, 500; robots.txt's Crawl-delay if
 * longer, up to 10 s), `config` (a file path or an object; default: the config the page loads),
 * `lang` ('en' or 'ja', for the draft), `browser` (executable), `browserArgs` (more flags),
 * `only(url)` (requests it refuses are aborted, still recorded), `out` (folder to write to),
 * `onProgress({done, total, url})`. Throws ScanError when it cannot scan.
 */
export async function scan(options) {
  const o = { pages: 20, maxTime: 600, delay: 500, lang: 'en', ...options };
  let start;
  try { start = new URL(o.url); } catch { throw new ScanError(`not a URL: ${o.url}`); }
  if (!/^https?:$/.test(start.protocol)) throw new ScanError(`only http and https URLs can be scanned: ${o.url}`);
  if (!(o.pages >= 1)) throw new ScanError('--pages must be at least 1');
  if (!['en', 'ja'].includes(o.lang)) throw new ScanError(`--lang must be en or ja, not ${o.lang}`);
  const fileConfig = await loadConfigOption(o.config);
  const executable = findBrowser(o.browser);
  if (!executable) {
    throw new ScanError(o.browser ? `cannot run the browser ${o.browser}` : 'no Chromium or Chrome found (/usr/bin/chromium, or chromium, google-chrome on PATH): name one with --browser');
  }
  const startedAt = new Date();
  let browser;
  try {
    browser = await chromium.launch({ executablePath: executable, args: [...CHROMIUM_ARGS, ...(o.browserArgs || [])] });
  } catch (e) {
    throw new ScanError(`cannot start ${executable}: ${e.message.split('\n')[0]}`);
  }
  try {
    const fetchText = fetcher(browser, o.only);
    const robotsUrl = new URL('/robots.txt', start).href;
    const robots = readRobots(robotsUrl, await fetchText(robotsUrl));
    const delay = Math.max(o.delay, Math.min(robots.crawlDelay() * 1000, 10000));
    const fromSitemap = await sitemapPages(fetchText, robots, start);
    const queue = [...new Set([pageKey(start.href), ...fromSitemap.filter((u) => sameSite(u, start.href))])];
    const queued = new Set(queue);
    const pages = [];
    const skipped = [];
    const configSources = new Map(); // key → where the pages' configs are, in order of first sight
    let truncated = false;
    let last = 0;
    const visitOptions = { only: o.only, locale: o.lang === 'ja' ? 'ja-JP' : 'en-US' };
    while (queue.length) {
      if (pages.length >= o.pages || Date.now() - startedAt >= o.maxTime * 1000) { truncated = true; break; }
      const url = queue.shift();
      if (!robots.allowed(url)) { skipped.push({ url, reason: 'disallowed by robots.txt' }); continue; }
      if (notAPage(url)) { skipped.push({ url, reason: 'not a page' }); continue; }
      const wait = last + delay - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      last = Date.now();
      o.onProgress?.({ done: pages.length, total: Math.min(o.pages, pages.length + queue.length + 1), url });
      const passes = await Promise.all(PASSES.map((pass) => visit(browser, url, pass, visitOptions)
        .catch((e) => ({ pass, error: e.message.split('\n')[0], requests: [], cookies: [], cookieWrites: [], storage: [] }))));
      const [none] = passes;
      if (!none.status) { skipped.push({ url, reason: `could not load: ${none.error}` }); continue; }
      if (none.html === false) { skipped.push({ url, reason: `not HTML (${none.contentType || 'no content type'})` }); continue; }
      if (none.status >= 400) { skipped.push({ url, reason: `HTTP ${none.status}` }); continue; }
      if (!sameSite(none.finalUrl, start.href)) { skipped.push({ url, reason: `redirected off the site, to ${none.finalUrl}` }); continue; }
      pages.push({
        url, noren: none.noren, config: configKey(none.configSource),
        passes: none.noren ? Object.fromEntries(passes.map((p) => [p.pass, p])) : { none },
      });
      if (none.configSource && !configSources.has(configKey(none.configSource))) configSources.set(configKey(none.configSource), none.configSource);
      if (!fromSitemap.length) {
        for (const link of none.links || []) {
          const key = pageKey(link);
          if (key && sameSite(key, start.href) && !queued.has(key)) { queued.add(key); queue.push(key); }
        }
      }
    }
    if (!pages.length) throw new ScanError(`no page could be scanned: ${skipped.map((s) => `${s.url}: ${s.reason}`).join('; ') || 'nothing to visit'}`);
    o.onProgress?.({ done: pages.length, total: pages.length, url: null });

    // The config compared with: the one given; else every config the pages load, together
    // (the draft is written for the first).
    let config;
    let source;
    let rules;
    if (fileConfig) {
      ({ config } = fileConfig);
      source = { kind: 'file', location: fileConfig.location };
      rules = readRules(config);
    } else {
      const loaded = [];
      for (const [key, found] of configSources) loaded.push({ key, ...(await pageConfig(found, fetchText)) });
      ({ config, source } = loaded[0] || (await pageConfig(null, fetchText)));
      if (loaded.length > 1) {
        source.others = loaded.slice(1).map((l) => ({ ...l.source, pages: pages.filter((p) => p.config === l.key).map((p) => p.url) }));
      }
      rules = readRules(unionOf(loaded.map((l) => l.config)));
    }
    const site = registrableDomain(start.hostname);
    const body = analyze({ pages, rules, site, now: Date.now() / 1000 });
    const finishedAt = new Date();
    const report = {
      scanner: 'noren scan',
      url: start.href,
      site,
      browser: `${executable} ${browser.version()}`,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt - startedAt,
      config: source,
      limits: { pages: o.pages, maxTime: o.maxTime, truncated, unvisited: truncated ? queue.length : 0 },
      pages: pages.map((p) => ({
        url: p.url,
        noren: p.noren,
        config: p.config,
        passes: Object.fromEntries(Object.entries(p.passes).map(([k, v]) => [k, {
          requests: v.requests.length,
          hosts: [...new Set(v.requests.map((r) => r.host))].sort(),
          ...(v.error ? { error: v.error } : {}),
        }])),
      })),
      skipped,
      ...body,
    };
    report.draft = draftServices({ report, config, rules, catalogue: JSON.parse(await readFile(catalogueUrl, 'utf8')), lang: o.lang });
    report.summary.draftServices = report.draft.services.length;
    if (o.out) await writeReport(report, config, o.out);
    return report;
  } finally {
    await browser.close();
  }
}

/** Writes report.json, report.html, draft-services.json and consent.draft.json (the config with the draft applied). */
export async function writeReport(report, config, dir) {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'report.json'), JSON.stringify(report, null, 2) + '\n');
  await writeFile(join(dir, 'report.html'), renderHtml(report));
  await writeFile(join(dir, 'draft-services.json'), JSON.stringify(report.draft, null, 2) + '\n');
  if (config) await writeFile(join(dir, 'consent.draft.json'), JSON.stringify(mergeDraft(config, report.draft), null, 2) + '\n');
}

/** The --config option read: a path (JSON file) or an object; null when not given. */
async function loadConfigOption(config) {
  if (config == null) return null;
  if (typeof config === 'object') return { config, location: '(given)' };
  let text;
  try { text = await readFile(config, 'utf8'); } catch (e) { throw new ScanError(`cannot read the config ${config}: ${e.message}`); }
  try { return { config: JSON.parse(text), location: config }; } catch (e) { throw new ScanError(`${config} is not JSON: ${e.message}`); }
}

/** Which config a page loads: its URL, or for an inline one a digest of its text; null for none. */
export function configKey(found) {
  if (!found) return null;
  return found.kind === 'url' ? found.url : `#noren-config sha256:${createHash('sha256').update(found.text || '').digest('hex').slice(0, 16)}`;
}

/** One config with every category, service and allowed host of several (for comparison only). */
export function unionOf(configs) {
  const list = configs.filter((c) => c && typeof c === 'object');
  const all = (key) => list.flatMap((c) => (Array.isArray(c[key]) ? c[key] : []));
  // Each config names its own consent cookie (a page with other categories keeps its own).
  const ownCookieNames = list.map((c) => (c.cookie && typeof c.cookie.name === 'string' ? c.cookie.name : 'noren'));
  return { ...(list[0] || {}), categories: all('categories'), services: all('services'), allowHosts: all('allowHosts'), ownCookieNames };
}

/** The config the pages load (inline, or the data-config URL); without one, an empty config, and the report says why. */
async function pageConfig(found, fetchText) {
  if (!found) return { config: null, source: { kind: 'none', problem: 'no page loads a Noren config' } };
  const location = found.kind === 'url' ? found.url : '#noren-config';
  const text = found.kind === 'url' ? await fetchText(found.url) : found.text;
  if (text == null) return { config: null, source: { kind: found.kind, location, problem: 'could not be fetched' } };
  try {
    return { config: JSON.parse(text), source: { kind: found.kind, location } };
  } catch (e) {
    return { config: null, source: { kind: found.kind, location, problem: `not JSON: ${e.message}` } };
  }
}

/** The site's sitemap page URLs: from robots.txt's Sitemap lines, else /sitemap.xml; one level of sitemap index. */
async function sitemapPages(fetchText, robots, start) {
  const maps = robots.sitemaps().length ? robots.sitemaps() : [new URL('/sitemap.xml', start).href];
  const pages = [];
  const seen = new Set();
  for (let i = 0; i < maps.length && seen.size < 20; i++) {
    if (seen.has(maps[i])) continue;
    seen.add(maps[i]);
    const { index, urls } = readSitemap(await fetchText(maps[i]));
    if (index) maps.push(...urls.filter((u) => sameSite(u, start.href)));
    else pages.push(...urls.map((u) => pageKey(u)).filter(Boolean));
  }
  return [...new Set(pages)];
}

/** Fetches a file through the browser (so its resolver and network apply): its text, or null unless HTTP 200. */
function fetcher(browser, only) {
  let page = null;
  return async (url) => {
    if (!page) {
      const context = await browser.newContext();
      if (only) await context.route(() => true, (route) => (only(route.request().url()) ? route.continue() : route.abort()));
      page = await context.newPage();
    }
    try {
      const response = await page.goto(url, { timeout: 15000 });
      return response && response.status() === 200 ? await response.text() : null;
    } catch {
      return null;
    }
  };
}
