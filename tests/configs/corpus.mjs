// The config corpus: configs the JSON Schema (src/noren.schema.json) and the checker
// (`noren check`) must judge alike. Each case is a small change to a valid base config.
// `crossField` cases break a rule JSON Schema cannot express (a reference to another part of
// the config, uniqueness across lists): the checker rejects them, the schema cannot.

/** A valid config to start from (a fresh copy). */
export function base() {
  return {
    revision: 1,
    policyUrl: '/privacy.html',
    categories: [
      { id: 'necessary', required: true, title: 'Necessary', description: 'Needed for the site to work.' },
      { id: 'analytics', title: { en: 'Analytics', ja: 'アクセス解析' }, description: 'Statistics.' },
    ],
    services: [
      { id: 'ga', category: 'analytics', name: 'Google Analytics', recipient: 'Google LLC', country: 'US',
        purpose: 'Statistics', data: ['Pages viewed'], cookies: ['_ga', '_ga_*'], hosts: ['google-analytics.com'] },
    ],
  };
}

/** A valid `tcf` object. */
const tcf = () => ({ cmpId: 300, gvlUrl: '/vendor-list.json', vendors: [8], publisherCountryCode: 'JP' });
const edit = (f) => { const c = base(); f(c); return c; };
const ga = (c) => c.services[0];

/** [name, valid, config, crossField?] */
export const CASES = [
  ['the base config', true, base()],
  ['the smallest config', true, { revision: 0, categories: [{ id: 'a', title: 'A', description: 'A.' }] }],
  ['a host in capitals (read in lower case)', true, edit((c) => { ga(c).hosts = ['WWW.Google-Analytics.com']; })],
  ['a subdomain host', true, edit((c) => { ga(c).hosts = ['region1.google-analytics.com', 'xn--bcher-kva.example'] })],
  ['cookie.domain with a leading dot', true, edit((c) => { c.cookie = { domain: '.example.jp' }; })],
  ['a mailto policy link', true, edit((c) => { c.policyUrl = 'mailto:privacy@example.jp'; })],
  ['allowHosts', true, edit((c) => { c.allowHosts = ['cdn.example.net']; c.blockUnknownHosts = true; })],
  ['a host with a scheme', false, edit((c) => { ga(c).hosts = ['https://google-analytics.com']; })],
  ['a host with a port', false, edit((c) => { ga(c).hosts = ['google-analytics.com:443']; })],
  ['a host with a wildcard', false, edit((c) => { ga(c).hosts = ['*.google-analytics.com']; })],
  ['a host with a path', false, edit((c) => { ga(c).hosts = ['google-analytics.com/collect']; })],
  ['a host with a trailing dot', false, edit((c) => { ga(c).hosts = ['google-analytics.com.']; })],
  ['a host with a space', false, edit((c) => { ga(c).hosts = ['google analytics.com']; })],
  ['an empty host', false, edit((c) => { ga(c).hosts = ['']; })],
  ['allowHosts with a scheme', false, edit((c) => { c.allowHosts = ['https://cdn.example.net']; })],
  ['a URL as cookie.domain', false, edit((c) => { c.cookie = { domain: 'https://example.jp' }; })],
  ['cookie.domain with a port', false, edit((c) => { c.cookie = { domain: 'example.jp:8080' }; })],
  ['an empty category list', false, edit((c) => { c.categories = []; c.services = []; })],
  ['no categories', false, edit((c) => { delete c.categories; c.services = []; })],
  ['no revision', false, edit((c) => { delete c.revision; })],
  ['a revision as text', false, edit((c) => { c.revision = '1'; })],
  ['a negative revision', false, edit((c) => { c.revision = -1; })],
  ['a fractional revision', false, edit((c) => { c.revision = 1.5; })],
  ['an unknown top-level field', false, edit((c) => { c.colour = 'red'; })],
  ['an unknown category field', false, edit((c) => { c.categories[1].colour = 'red'; })],
  ['an unknown service field', false, edit((c) => { ga(c).colour = 'red'; })],
  ['an unknown cookie field', false, edit((c) => { c.cookie = { name: 'consent', colour: 'red' }; })],
  ['an id with a space', false, edit((c) => { c.categories[1].id = 'web analytics'; ga(c).category = 'web analytics'; })],
  ['an id of 65 characters', false, edit((c) => { c.categories[1].id = 'a'.repeat(65); ga(c).category = 'a'.repeat(65); })],
  ['a category without a title', false, edit((c) => { delete c.categories[1].title; })],
  ['a service without a name', false, edit((c) => { delete ga(c).name; })],
  ['a javascript: policy link', false, edit((c) => { c.policyUrl = 'javascript:alert(1)'; })],
  ['a data: opt-out link', false, edit((c) => { ga(c).optOutUrl = 'data:text/html,hi'; })],
  ['a country in lower case', false, edit((c) => { ga(c).country = 'us'; })],
  ['a country of three letters', false, edit((c) => { ga(c).country = 'USA'; })],
  ['an empty localized text', false, edit((c) => { c.categories[1].title = {}; })],
  ['a cookie pattern with a semicolon', false, edit((c) => { ga(c).cookies = ['_ga;path=/']; })],
  ['an unknown regime', false, edit((c) => { c.regime = 'opt-maybe'; })],
  ['an unknown layout', false, edit((c) => { c.layout = 'popup'; })],
  ['acceptedDays of 0', false, edit((c) => { c.cookie = { acceptedDays: 0 }; })],
  ['a service in an unknown category', false, edit((c) => { ga(c).category = 'marketing'; }), true],
  ['a duplicate id', false, edit((c) => { ga(c).id = 'analytics'; }), true],
  // Regions (issue 13 §2).
  ['regions for the EU, a US state and Japan', true, edit((c) => {
    c.tcf = tcf(); c.gpp = { sections: ['usnat', 'usca'] };
    c.regions = {
      EU: { regime: 'opt-in', tcf: { gdprApplies: true } }, EEA: { texts: { en: { title: 'Cookies' } } },
      US: { regime: 'opt-out', tcf: { gdprApplies: false }, gpp: { sections: ['usnat'] } },
      'US-CA': { gpp: { sections: ['usca'] }, consentMode: { granted: ['analytics_storage'] } },
      JP: { regime: 'opt-out', defaultLanguage: 'ja', texts: { ja: { title: 'クッキーについて' } } },
      'GB-ENG': {},
    };
  })],
  ['a regionUrl', true, edit((c) => { c.regionUrl = '/noren/region'; })],
  ['a javascript: regionUrl', false, edit((c) => { c.regionUrl = 'javascript:alert(1)'; })],
  ['a mailto: recordUrl, in any case', false, edit((c) => { c.recordUrl = 'MAILTO:records@example.jp'; })],
  ['a mailto: regionUrl, in any case', false, edit((c) => { c.regionUrl = 'Mailto:x@example.jp'; })],
  ['a mailto: tcf.gvlUrl, in any case', false, edit((c) => { c.tcf = { ...tcf(), gvlUrl: 'MAILTO:x@example.jp' }; })],
  ['a region in lower case', false, edit((c) => { c.regions = { 'us-ca': { regime: 'opt-out' } }; })],
  ['a region by name', false, edit((c) => { c.regions = { Germany: { regime: 'opt-in' } }; })],
  ['a region with a long subdivision', false, edit((c) => { c.regions = { 'US-CALI': {} }; })],
  ['an unknown region field', false, edit((c) => { c.regions = { DE: { language: 'de' } }; })],
  ['an unknown regime in a region', false, edit((c) => { c.regions = { DE: { regime: 'strict' } }; })],
  ['a region that is not an object', false, edit((c) => { c.regions = { DE: 'opt-in' }; })],
  ['an unknown Consent Mode type in a region', false, edit((c) => { c.regions = { DE: { consentMode: { granted: ['ad_cookies'] } } }; })],
  ['an unknown GPP section in a region', false, edit((c) => { c.gpp = { sections: ['usnat'] }; c.regime = 'opt-out'; c.regions = { 'US-NY': { gpp: { sections: ['usny'] } } }; })],
  ['a region default language that is not a tag', false, edit((c) => { c.regions = { JP: { defaultLanguage: 'Japanese!' } }; })],
  ['a region tcf field other than gdprApplies', false, edit((c) => { c.tcf = tcf(); c.regions = { DE: { tcf: { cmpId: 5 } } }; })],
  ['a region tcf without the top-level tcf', false, edit((c) => { c.regions = { DE: { tcf: { gdprApplies: true } } }; }), true],
  ['a region gpp without the top-level gpp', false, edit((c) => { c.regions = { 'US-CA': { gpp: { sections: ['usca'] } } }; }), true],
];
