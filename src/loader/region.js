// The visitor's region (issue 13 §2): `data-region` on this script tag (the site's edge or
// CDN fills it), else the answer of the config's `regionUrl` (`noren serve`'s GET
// /noren/region: {"region": "DE" | null}), fetched at once with an inline config and beside the
// module with a config file. Unknown, malformed, a failed fetch or no answer within
// REGION_WAIT ms: null, and the module applies the strictest rules the config declares
// (consent::region). Also Google's region-specific Consent Mode defaults of `regions`.
import { d, each, has, me, stringify, say, getJSON } from './common.js';

var REGION = /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/;
var REGION_WAIT = 2000;
// `url`: regionUrl's answer, else data-region's value.
function checkRegion(value, url) {
  if (value == null || value === '') return null;
  if (typeof value === 'string' && REGION.test(value)) return value;
  say(url ? 'W7' : 'W6', { value: stringify(value), url: url });
  return null;
}
/** `data-region`, known from the first line: "DE", "US-CA", null (malformed or empty), or
 * undefined: the tag has none (then regionUrl, if any, is asked). */
export var tagRegion = me && me.hasAttribute('data-region') ? checkRegion(me.getAttribute('data-region')) : undefined;

/** The visitor's region for `config`: a promise of "DE", "US-CA" or null (unknown). */
export function loadRegion(config) {
  var url = config && config.regionUrl;
  if (tagRegion !== undefined || typeof url !== 'string') return Promise.resolve(tagRegion || null);
  var href = new URL(url, d.baseURI).href;
  var late = {};
  return Promise.race([
    getJSON(href, { cache: 'no-store' }).then((v) => checkRegion(v && typeof v === 'object' ? v.region : v, href)),
    new Promise((ok, no) => { setTimeout(() => { no(late); }, REGION_WAIT); })
  ])['catch']((e) => {
    if (e === late) say('W9', { url: href, ms: REGION_WAIT }); else say('W8', { url: href, reason: e.message });
    return null;
  });
}

var EU = 'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE'.split(' ');
var EEA = EU.concat(['IS', 'LI', 'NO']);
/** The objects of `regions` that apply in `region` ("DE", "US-CA" or null), the most specific
 * first: the subdivision, its country, EU, EEA (as consent::region ranks them). */
export function regionRules(regions, region) {
  var out = [];
  if (region && regions && typeof regions === 'object') {
    var c = region.slice(0, 2);
    each([region, c, has(EU, c) && 'EU', has(EEA, c) && 'EEA'], (key) => {
      var r = key && regions[key];
      if (r && typeof r === 'object' && !has(out, r)) out.push(r);
    });
  }
  return out;
}
/** Calls `send(granted, codes)` for each `regions.<key>.consentMode.granted`, least specific
 * first (EEA, EU, countries, subdivisions; the groups as their countries): Google applies the
 * most specific default for the visitor. */
export function regionDefaults(regions, send) {
  if (!regions || typeof regions !== 'object') return;
  var rank = (key) => key === 'EEA' ? 0 : key === 'EU' ? 1 : REGION.test(key) ? (key.length > 2 ? 3 : 2) : -1;
  each([0, 1, 2, 3], (r) => {
    for (var key in regions) {
      var cm = regions[key] && regions[key].consentMode;
      if (rank(key) === r && cm && cm.granted instanceof Array) send(cm.granted, key === 'EU' ? EU : key === 'EEA' ? EEA : [key]);
    }
  });
}
