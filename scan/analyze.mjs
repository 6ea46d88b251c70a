// From what the visits saw to the report: every request, host, cookie and storage key with the
// service the config gives it, and the findings (leaks, undeclared hosts and cookies, declared
// cookies left after a refusal, stale services, tags that should be held). Pure: the same
// observations and config always give the same report, in a stable order.
import {
  allowedHost, ownCookie, ownStorageKey, registrableDomain, serviceForCookie, serviceForHost,
} from './rules.mjs';
import { PASSES } from './visit.mjs';

const byPass = (a, b) => PASSES.indexOf(a) - PASSES.indexOf(b);
const uniq = (list) => [...new Set(list)];
const passList = (set) => [...set].sort(byPass);
const cmp = (...keys) => (a, b) => {
  for (const k of keys) {
    const x = typeof k === 'function' ? k(a) : a[k];
    const y = typeof k === 'function' ? k(b) : b[k];
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
};

/** Whole days from `now` (seconds) to `expires` (seconds), or null for a session cookie. */
export function lifetimeDays(expires, now) {
  return expires == null ? null : Math.max(0, Math.round((expires - now) / 86400));
}

/**
 * The report's body. `pages` are the visited pages ({url, noren, passes: {none, reject,
 * accept}}, each pass as visit() returned it), `rules` what the config declares (readRules),
 * `site` the registrable domain scanned, `now` the time the cookies were read (seconds).
 */
export function analyze({ pages, rules, site, now }) {
  const firstParty = (host) => registrableDomain(host) === site;
  const requests = [];
  const hosts = new Map();
  const cookies = new Map();
  const storage = new Map();
  const findings = {
    leaks: [], undeclaredHosts: [], undeclaredCookies: [], cookiesAfterRefusal: [],
    staleServices: [], unmarkedTags: [], pagesWithoutNoren: [], passErrors: [],
  };

  for (const page of pages) {
    if (!page.noren) findings.pagesWithoutNoren.push(page.url);
    for (const pass of PASSES) {
      const seen = page.passes[pass];
      if (!seen) continue;
      if (seen.error) findings.passErrors.push({ page: page.url, pass, error: seen.error });
      for (const r of seen.requests || []) {
        const service = serviceForHost(rules, r.host);
        const entry = {
          page: page.url, pass, phase: r.phase, url: r.url, host: r.host, domain: r.domain, type: r.type,
          thirdParty: !firstParty(r.host), service: service ? service.id : null, initiator: r.initiator,
        };
        requests.push(entry);
        const h = hosts.get(r.host) || {
          host: r.host, domain: r.domain, thirdParty: entry.thirdParty, service: entry.service,
          allowed: allowedHost(rules, r.host), passes: new Set(), pages: new Set(), initiators: new Set(),
        };
        h.passes.add(pass);
        h.pages.add(page.url);
        if (r.initiator.url) h.initiators.add(r.initiator.url);
        hosts.set(r.host, h);
        const refusedOrNone = pass === 'none' || pass === 'reject';
        if (service && service.needsConsent && refusedOrNone) {
          findings.leaks.push({
            page: page.url, pass, when: pass === 'reject' && r.phase === 'after' ? 'after refusal' : 'before consent',
            service: service.id, host: r.host, url: r.url, type: r.type, initiator: r.initiator,
          });
        }
      }
      const setters = new Map();
      for (const w of seen.cookieWrites || []) {
        if (!w.host) continue;
        setters.set(w.name, uniq([...(setters.get(w.name) || []), w.host]));
      }
      for (const c of seen.cookies || []) {
        const key = `${c.name}\u0000${c.domain}\u0000${c.path}`;
        const service = serviceForCookie(rules, c.name);
        const k = cookies.get(key) || {
          name: c.name, domain: c.domain, path: c.path, thirdParty: !firstParty(c.domain),
          lifetimeDays: lifetimeDays(c.expires, now), service: service ? service.id : null,
          noren: ownCookie(rules, c.name), passes: new Set(), pages: new Set(), setBy: new Set(),
        };
        k.passes.add(pass);
        k.pages.add(page.url);
        const days = lifetimeDays(c.expires, now);
        if (days != null && (k.lifetimeDays == null || days > k.lifetimeDays)) k.lifetimeDays = days; // the longest seen
        for (const host of setters.get(c.name) || []) k.setBy.add(host);
        cookies.set(key, k);
        if (pass === 'reject' && service && service.needsConsent) {
          findings.cookiesAfterRefusal.push({ page: page.url, name: c.name, domain: c.domain, service: service.id });
        }
      }
      for (const area of seen.storage || []) {
        for (const kind of ['local', 'session']) {
          for (const keyName of area[kind]) {
            const key = `${area.origin}\u0000${kind}\u0000${keyName}`;
            const s = storage.get(key) || {
              origin: area.origin, area: kind, key: keyName, noren: ownStorageKey(keyName), passes: new Set(), pages: new Set(),
            };
            s.passes.add(pass);
            s.pages.add(page.url);
            storage.set(key, s);
          }
        }
      }
    }
    for (const tag of page.passes.none?.tags || []) {
      let host;
      try { host = new URL(tag.url).hostname; } catch { continue; }
      if (firstParty(host) || tag.textPlain) continue; // a text/plain script is never fetched
      const service = serviceForHost(rules, host);
      if (!service || !service.needsConsent) continue;
      findings.unmarkedTags.push({
        page: page.url, tag: tag.tag, url: tag.url, host, service: service.id,
        problem: tag.consent ? 'marked data-consent but has src (use data-src)' : 'not marked (no data-consent, loads before any choice)',
      });
    }
  }

  const hostList = [...hosts.values()]
    .map((h) => ({ ...h, passes: passList(h.passes), pages: [...h.pages].sort(), initiators: [...h.initiators].sort() }))
    .sort(cmp((h) => (h.thirdParty ? 1 : 0), 'domain', 'host'));
  const cookieList = [...cookies.values()]
    .map((c) => ({ ...c, passes: passList(c.passes), pages: [...c.pages].sort(), setBy: [...c.setBy].sort() }))
    .sort(cmp('name', 'domain', 'path'));
  const storageList = [...storage.values()]
    .map((s) => ({ ...s, passes: passList(s.passes), pages: [...s.pages].sort() }))
    .sort(cmp('origin', 'area', 'key'));

  findings.undeclaredHosts = hostList
    .filter((h) => h.thirdParty && !h.service && !h.allowed)
    .map(({ host, domain, passes, pages: on, initiators }) => ({ host, domain, passes, pages: on, initiators }));
  findings.undeclaredCookies = cookieList
    .filter((c) => !c.service && !c.noren)
    .map(({ name, domain, path, thirdParty, lifetimeDays: days, passes, setBy }) => ({ name, domain, path, thirdParty, lifetimeDays: days, passes, setBy }));
  const seenServices = new Set([...hostList.map((h) => h.service), ...cookieList.map((c) => c.service)]);
  findings.staleServices = dedupe(rules.services
    .filter((s) => (s.hosts.length || s.cookies.length) && !seenServices.has(s.id))
    .map((s) => ({ id: s.id, name: s.name, hosts: s.hosts, cookies: s.cookies })), (s) => s.id); // one per id, when several configs share it
  findings.leaks = dedupe(findings.leaks, (l) => `${l.page} ${l.pass} ${l.url} ${l.when}`)
    .sort(cmp('page', (l) => PASSES.indexOf(l.pass), 'url', 'when'));
  findings.cookiesAfterRefusal = dedupe(findings.cookiesAfterRefusal, (c) => `${c.page} ${c.name} ${c.domain}`)
    .sort(cmp('page', 'name', 'domain'));
  findings.unmarkedTags = dedupe(findings.unmarkedTags, (t) => `${t.page} ${t.tag} ${t.url}`).sort(cmp('page', 'url'));
  findings.pagesWithoutNoren.sort();

  requests.sort(cmp('page', (r) => PASSES.indexOf(r.pass), (r) => (r.phase === 'before' ? 0 : 1), 'url', 'type'));
  return {
    requests, hosts: hostList, cookies: cookieList, storage: storageList, findings,
    summary: {
      pages: pages.length,
      pagesWithNoren: pages.filter((p) => p.noren).length,
      requests: requests.length,
      hosts: hostList.length,
      thirdPartyHosts: hostList.filter((h) => h.thirdParty).length,
      cookies: cookieList.length,
      storageKeys: storageList.length,
      ...Object.fromEntries(Object.entries(findings).map(([k, v]) => [k, v.length])),
    },
  };
}

function dedupe(list, key) {
  const seen = new Set();
  return list.filter((x) => !seen.has(key(x)) && seen.add(key(x)));
}
