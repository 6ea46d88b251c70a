// What a Noren config declares, in the form the scan compares observations with: which
// service a host or a cookie belongs to, and whether that service needs consent. Pure
// functions over plain data; nothing here touches the browser or the network.
import { getDomain } from 'tldts';


/**
 * The registrable domain of a host (eTLD+1 from the Public Suffix List, private suffixes
 * included), or the host itself for IP addresses and names without one.
 */
export function registrableDomain(host) {
  const h = String(host).toLowerCase().replace(/^\./, '');
  return getDomain(h, { allowPrivateDomains: true }) || h;
}

/** True when `host` is `domain` or one of its subdomains (Noren's own rule for `hosts`). */
export function under(host, domain) {
  return host === domain || host.endsWith('.' + domain);
}

/** A cookie-name pattern (`_ga_*`) as a RegExp: `*` stands for any characters. */
export function cookiePattern(pattern) {
  const body = String(pattern).split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${body}$`);
}

/** The text of a localised field (a string, or `{ja, en}`) in `lang`, falling back to any. */
export function textOf(value, lang = 'en') {
  if (value == null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return value[lang] ?? value.en ?? value.ja ?? Object.values(value)[0] ?? '';
  return String(value);
}

/**
 * Reads a config object (as the page loads it) into rules. Anything malformed is skipped:
 * a config the checker would refuse still yields the rules it makes readable.
 */
export function readRules(config) {
  const c = config && typeof config === 'object' ? config : {};
  const categories = Array.isArray(c.categories) ? c.categories.filter((k) => k && typeof k.id === 'string') : [];
  const required = new Set(categories.filter((k) => k.required === true).map((k) => k.id));
  const services = (Array.isArray(c.services) ? c.services : [])
    .filter((s) => s && typeof s.id === 'string')
    .map((s) => ({
      id: s.id,
      category: typeof s.category === 'string' ? s.category : '',
      name: textOf(s.name) || s.id,
      needsConsent: !required.has(s.category) && !s.exempt,
      hosts: (Array.isArray(s.hosts) ? s.hosts : []).filter((h) => typeof h === 'string').map((h) => h.toLowerCase()),
      cookies: (Array.isArray(s.cookies) ? s.cookies : [])
        .map((k) => (typeof k === 'string' ? k : k && typeof k.name === 'string' ? k.name : null))
        .filter(Boolean),
    }));
  const cookieName = c.cookie && typeof c.cookie.name === 'string' ? c.cookie.name : 'noren';
  return {
    categories: categories.map((k) => ({ id: k.id, required: k.required === true })),
    services,
    allowHosts: (Array.isArray(c.allowHosts) ? c.allowHosts : []).filter((h) => typeof h === 'string').map((h) => h.toLowerCase()),
    // `ownCookieNames`: set by unionOf() when several configs are compared together.
    ownCookies: [...(Array.isArray(c.ownCookieNames) ? c.ownCookieNames : [cookieName]), 'euconsent-v2'],
  };
}

/** The service whose `hosts` cover `host`, or null. */
export function serviceForHost(rules, host) {
  return rules.services.find((s) => s.hosts.some((h) => under(host, h))) || null;
}

/** True when `allowHosts` names `host` (or a parent of it). */
export function allowedHost(rules, host) {
  return rules.allowHosts.some((h) => under(host, h));
}

/** The service whose `cookies` patterns match `name`, or null. */
export function serviceForCookie(rules, name) {
  return rules.services.find((s) => s.cookies.some((p) => cookiePattern(p).test(name))) || null;
}

/** True for the cookies Noren itself sets (the choice; the TC string, on pages with TCF). */
export function ownCookie(rules, name) {
  return rules.ownCookies.includes(name);
}

/** True for the storage keys Noren itself keeps (`noren.consentMode`, `noren.record`, …). */
export function ownStorageKey(key) {
  return key.startsWith('noren.');
}
