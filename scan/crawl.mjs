// Which pages to visit: same-site URLs from the sitemap when the site has one, else the links
// found on the pages visited, as robots.txt allows. Pure functions; the scan fetches the files.
import robotsParser from 'robots-parser';
import { registrableDomain } from './rules.mjs';

/** The user-agent token the scan reads robots.txt rules for. */
export const AGENT = 'NorenScan';

/** robots.txt rules (empty text: everything allowed). */
export function readRobots(robotsUrl, text) {
  const robots = robotsParser(robotsUrl, text || '');
  return {
    allowed: (url) => robots.isAllowed(url, AGENT) !== false,
    crawlDelay: () => robots.getCrawlDelay(AGENT) || 0,
    sitemaps: () => robots.getSitemaps(),
  };
}

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * The `<loc>` URLs of a sitemap or sitemap index (XML text), entities and CDATA decoded, and
 * whether it is an index (its URLs are more sitemaps).
 */
export function readSitemap(text) {
  const xml = String(text || '');
  const index = /<(?:[\w-]+:)?sitemapindex[\s>]/.test(xml);
  const urls = [];
  for (const m of xml.matchAll(/<(?:[\w-]+:)?loc\b[^>]*>([\s\S]*?)<\/(?:[\w-]+:)?loc\s*>/g)) {
    let v = m[1].trim();
    const cdata = /^<!\[CDATA\[([\s\S]*)\]\]>$/.exec(v);
    v = cdata ? cdata[1].trim() : v.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (all, e) => {
      if (e[0] === '#') {
        const n = e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : all;
      }
      return ENTITIES[e.toLowerCase()] ?? all;
    });
    if (v) urls.push(v);
  }
  return { index, urls };
}

/** The page URL as the scan keys it: http(s) only, without its fragment; null otherwise. */
export function pageKey(url, base) {
  try {
    const u = new URL(url, base);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    u.hash = '';
    return u.href;
  } catch {
    return null;
  }
}

/** True when `url` is on the same site (registrable domain) as `start`. */
export function sameSite(url, start) {
  try {
    return registrableDomain(new URL(url).hostname) === registrableDomain(new URL(start).hostname);
  } catch {
    return false;
  }
}

/** True for URLs whose path names a file that is not a page (images, archives, media, …). */
export function notAPage(url) {
  return /\.(?:png|jpe?g|gif|webp|avif|svg|ico|pdf|zip|gz|tgz|mp4|webm|mp3|wav|css|js|mjs|json|xml|txt|woff2?|ttf|wasm)$/i
    .test(new URL(url).pathname);
}
