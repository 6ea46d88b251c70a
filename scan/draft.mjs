// The draft `services` for what no service declares: undeclared hosts grouped by registrable
// domain (or by the catalogue entry they belong to), their cookies attached, and for services
// the catalogue knows, the recipient, country, data, purpose and links filled in, in English or
// Japanese. Pure: the scan's findings and the config in, JSON-ready objects out.
import { cookiePattern, registrableDomain, serviceForHost, under } from './rules.mjs';

/** Config category ids that stand for each catalogue category, in order of preference. */
const SYNONYMS = {
  analytics: ['analytics', 'statistics', 'stats', 'measurement', 'performance'],
  ads: ['ads', 'advertising', 'marketing', 'targeting'],
  media: ['media', 'embeds', 'external', 'external-media', 'content'],
  functional: ['functional', 'functionality', 'preferences', 'media'],
};

/** How long a cookie lives, in words: days from the scan, or null for a session cookie. */
export function durationText(days, lang) {
  const ja = lang === 'ja';
  if (days == null) return ja ? 'ブラウザを閉じるまで' : 'until the browser closes';
  if (days < 1) return ja ? '1日未満' : 'less than a day';
  if (days >= 365) {
    const y = Math.round(days / 365);
    return ja ? `${y}年` : `${y} year${y > 1 ? 's' : ''}`;
  }
  if (days >= 28) {
    const m = Math.round(days / 30.4);
    return ja ? `${m}か月` : `${m} month${m > 1 ? 's' : ''}`;
  }
  return ja ? `${days}日` : `${days} day${days > 1 ? 's' : ''}`;
}

/** The catalogue entry whose hosts cover `host`, or null. */
export function catalogueForHost(catalogue, host) {
  return catalogue.services.find((e) => e.hosts.some((h) => under(host, h))) || null;
}

/** The catalogue entry and pattern that match cookie `name`, or null. */
export function catalogueForCookie(catalogue, name) {
  for (const e of catalogue.services) {
    const pattern = e.cookies.find((p) => cookiePattern(p).test(name));
    if (pattern) return { entry: e, pattern };
  }
  return null;
}

/**
 * The draft. `report` is analyze()'s result, `config` the config object scanned against (its
 * categories and ids), `rules` readRules(config). Returns `{services, addCookies, unattributed,
 * notes}`: new services; undeclared cookies that a declared service's own host set (add them
 * to that service); cookies no host can be tied to; what to check by hand.
 */
export function draftServices({ report, config, rules, catalogue, lang = 'en' }) {
  const t = (v) => (v && typeof v === 'object' ? v[lang] ?? v.en : v);
  const categories = Array.isArray(config?.categories) ? config.categories.filter((k) => k && typeof k.id === 'string') : [];
  const optional = categories.filter((k) => k.required !== true);
  const taken = new Set([...categories.map((k) => k.id), ...rules.services.map((s) => s.id)]);
  const groups = new Map();
  const group = (key, entry) => {
    if (!groups.has(key)) groups.set(key, { key, entry, hosts: new Set(), cookies: new Map(), loadedBy: new Set() });
    return groups.get(key);
  };
  const keyForHost = (host) => {
    const entry = catalogueForHost(catalogue, host);
    return entry ? [entry.id, entry] : [registrableDomain(host), null];
  };

  for (const h of report.findings.undeclaredHosts) {
    const g = group(...keyForHost(h.host));
    g.hosts.add(h.host);
    for (const url of h.initiators) {
      let by;
      try { by = serviceForHost(rules, new URL(url).hostname); } catch { by = null; }
      if (by) g.loadedBy.add(by.category);
    }
  }
  const addCookies = new Map();
  const unattributed = [];
  for (const c of report.findings.undeclaredCookies) {
    const known = catalogueForCookie(catalogue, c.name);
    const setter = c.setBy.find((h) => registrableDomain(h) !== report.site) || null;
    const cookie = { name: known ? known.pattern : c.name, duration: durationText(c.lifetimeDays, lang), thirdParty: c.thirdParty };
    let g = null;
    if (known) g = group(known.entry.id, known.entry);
    else if (setter && serviceForHost(rules, setter)) {
      const s = serviceForHost(rules, setter);
      addCookies.set(s.id, [...(addCookies.get(s.id) || []), cookie]);
      continue;
    } else if (setter) g = group(...keyForHost(setter));
    else if (c.thirdParty) g = group(...keyForHost(c.domain));
    if (g) g.cookies.set(cookie.name, cookie);
    else unattributed.push({ name: c.name, domain: c.domain, setBy: c.setBy });
  }

  const notes = [];
  const services = [...groups.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((g) => {
    const e = g.entry;
    let id = (e ? e.id : g.key.replace(/[^A-Za-z0-9_-]+/g, '-')).slice(0, 60);
    for (let n = 2; taken.has(id); n++) id = `${(e ? e.id : g.key).slice(0, 56)}-${n}`;
    taken.add(id);
    const category = pickCategory(e && e.category, [...g.loadedBy], categories, optional);
    const hosts = [...g.hosts].sort();
    const service = { id, category };
    if (e) {
      Object.assign(service, {
        name: t(e.name), recipient: t(e.recipient), country: e.country, data: e.data.map(t), purpose: t(e.purpose),
        ...(e.optOutUrl ? { optOutUrl: e.optOutUrl } : {}), ...(e.privacyPolicyUrl ? { privacyPolicyUrl: e.privacyPolicyUrl } : {}),
      });
      notes.push(`${id}: filled in from the catalogue (${t(e.name)}); check the category ("${category}") and the texts against your contract`);
    } else {
      service.name = g.key;
      notes.push(`${id}: not in the catalogue; fill in recipient, country, data and purpose, and check the category ("${category}")`);
    }
    if (g.cookies.size) service.cookies = [...g.cookies.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
    if (hosts.length) service.hosts = hosts;
    return service;
  });
  for (const c of unattributed) notes.push(`cookie ${c.name} (${c.domain}): set by the site's own scripts or by no script seen; declare it in the service that uses it`);
  return {
    services,
    addCookies: [...addCookies.entries()].map(([service, cookies]) => ({ service, cookies })),
    unattributed,
    notes,
  };
}

/** A config category for a draft service: the catalogue's, else the category of the service whose tag loaded it, else the first optional one. */
function pickCategory(kind, loadedBy, categories, optional) {
  if (kind) {
    for (const id of SYNONYMS[kind] || [kind]) {
      const hit = categories.find((k) => k.id.toLowerCase() === id);
      if (hit) return hit.id;
    }
  }
  const inherited = loadedBy.find((id) => categories.some((k) => k.id === id));
  if (inherited) return inherited;
  return (optional[0] || categories[0] || { id: 'analytics' }).id;
}

/** The config with the draft applied: the new services appended, the attributed cookies added to their services. */
export function mergeDraft(config, draft) {
  const merged = structuredClone(config);
  merged.services = Array.isArray(merged.services) ? merged.services : [];
  for (const { service, cookies } of draft.addCookies) {
    const s = merged.services.find((x) => x && x.id === service);
    if (s) s.cookies = [...(Array.isArray(s.cookies) ? s.cookies : []), ...cookies];
  }
  merged.services.push(...structuredClone(draft.services));
  return merged;
}
