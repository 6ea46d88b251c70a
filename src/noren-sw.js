// noren-sw.js: an optional first-party service worker that refuses requests to the hosts of
// services the visitor has not consented to, from the pages it controls (docs/barrier.md).
// Nobody loads it unless the site registers it, at the root of its scope:
//
//   navigator.serviceWorker.register('/noren-sw.js?config=/consent.json')
//
// It learns both things itself: the config from the `config` parameter (a URL on the site's
// own origin), the choice from Noren's first-party cookie (Cookie Store API). It reads that
// cookie as src/codec.rs writes it: format version 1, this revision, this config's
// fingerprint, not expired; anything else is no choice. Fail closed: while the config is
// unknown or unusable, every third-party request is refused; without a valid choice, only
// required and exempt services (and `allowHosts`) load. Hosts no service names follow
// `blockUnknownHosts` and `allowHosts`, the most specific entry deciding.
//
// What it cannot see: the page load that registers it (and any page before it controls
// one), navigations and the frames' own documents, WebSocket, requests from other workers'
// own scopes, and requests the browser makes without fetch events (beacons, pings, some
// prefetches): the Content-Security-Policy barrier (`noren csp`) covers those.
'use strict';

const DAY = 86400000;
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const told = new Set();

/** The config, read and checked once per worker start; null when it is unusable. */
const config = (async () => {
  try {
    const at = new URL(new URL(self.location.href).searchParams.get('config') || '', self.location.href);
    if (at.origin !== self.location.origin) throw new Error('the config must be on this origin');
    const c = await (await fetch(at, { cache: 'no-store', credentials: 'same-origin' })).json();
    const ids = (list) => list.map((x) => { if (typeof x.id !== 'string') throw new Error('an id is missing'); return x.id; });
    const cats = ids(c.categories);
    const hosts = (list) => (list || []).map((h) => String(h).toLowerCase().replace(/\.$/, ''));
    const services = (c.services || []).map((s, i) => {
      const category = cats.indexOf(s.category);
      if (category < 0) throw new Error('services[' + i + '].category is unknown');
      return { id: s.id, category, hosts: hosts(s.hosts), exempt: !!s.exempt };
    });
    ids(c.services || []);
    if (!Number.isInteger(c.revision)) throw new Error('revision is missing');
    return {
      revision: c.revision,
      categories: c.categories.map((k) => ({ id: k.id, required: k.required === true })),
      services,
      cookie: (c.cookie && c.cookie.name) || 'noren',
      accepted: (c.cookie && c.cookie.acceptedDays) || 365,
      rejected: (c.cookie && c.cookie.rejectedDays) || 182,
      allow: hosts(c.allowHosts),
      strict: c.blockUnknownHosts === true,
    };
  } catch (e) {
    console.error('[noren] service worker: no usable config, every third-party request is refused:', String(e));
    return null;
  }
})();

/** The config's fingerprint, as codec::fingerprint computes it (FNV-1a, 32 bits). */
function fingerprint(c) {
  let h = 0x811c9dc5;
  const eat = (bytes) => { for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0; };
  const utf8 = (s) => new TextEncoder().encode(s);
  for (const k of c.categories) { eat(utf8(k.id)); eat(utf8(k.required ? '!' : ',')); }
  eat(utf8('|'));
  for (const s of c.services) {
    eat(utf8(s.id)); eat(utf8(':'));
    eat([s.category & 255, (s.category >>> 8) & 255, (s.category >>> 16) & 255, s.category >>> 24]);
  }
  return h;
}

/** Base 36 as the codec writes it (no sign, no leading zeros), or NaN. */
function base36(s) {
  return /^(0|[1-9a-z][0-9a-z]{0,12})$/.test(s) ? parseInt(s, 36) : NaN;
}

/** One flag per entry, six to a base64url character, or null. */
function bits(s, n) {
  if (s.length !== Math.ceil(n / 6)) return null;
  const out = [];
  for (let i = 0; i < s.length; i++) {
    const v = B64.indexOf(s[i]);
    const here = Math.min(6, n - i * 6);
    if (v < 0 || v >> here) return null;
    for (let b = 0; b < here; b++) out.push((v & (1 << b)) !== 0);
  }
  return out;
}

/** The services granted by a cookie value, or null when it is not a choice that holds now. */
function granted(c, value, now) {
  const p = value.split('.');
  if (p.length !== 7 || p[0] !== '1' || !/^[A-Za-z0-9_-]{8,32}$/.test(p[1])) return null;
  const time = base36(p[2]);
  const cats = bits(p[5], c.categories.length);
  const svcs = bits(p[6], c.services.length);
  if (base36(p[3]) !== c.revision || base36(p[4]) !== fingerprint(c) || !cats || !svcs) return null;
  if (c.categories.some((k, i) => k.required && !cats[i])) return null;
  if (c.services.some((s, i) => svcs[i] && !cats[s.category])) return null;
  const anything = c.categories.some((k, i) => cats[i] && !k.required);
  if (!(time <= now + DAY) || now - time >= (anything ? c.accepted : c.rejected) * DAY) return null;
  return svcs;
}

/** What every `noren` cookie grants (a value that does not hold voids them all). */
async function consent(c) {
  const none = c.services.map(() => false);
  if (!self.cookieStore) return none;
  const values = (await self.cookieStore.getAll(c.cookie)).map((k) => k.value);
  let out = null;
  for (const v of values) {
    const g = granted(c, v, Date.now());
    if (!g) return none;
    out = out ? out.map((x, i) => x && g[i]) : g;
  }
  return out || none;
}

/** Whether a request to `host` may go out. */
async function allowed(host) {
  const c = await config;
  if (!c) return false;
  const under = (h) => host === h || host.endsWith('.' + h);
  let best = null; // [length, service index or -1 for allowHosts]
  c.services.forEach((s, i) => s.hosts.forEach((h) => { if (under(h) && (!best || h.length > best[0])) best = [h.length, i]; }));
  c.allow.forEach((h) => { if (under(h) && (!best || h.length > best[0])) best = [h.length, -1]; });
  if (!best) return !c.strict;
  if (best[1] < 0) return true;
  const s = c.services[best[1]];
  return s.exempt || c.categories[s.category].required || (await consent(c))[best[1]];
}

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin === self.location.origin || !/^https?:$/.test(url.protocol)) return;
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  event.respondWith(allowed(host).then((ok) => {
    if (ok) return fetch(event.request);
    if (!told.has(host)) {
      told.add(host);
      console.warn('[noren] service worker refused a request to ' + host + ' (no consent for it)');
    }
    return Response.error();
  }));
});
