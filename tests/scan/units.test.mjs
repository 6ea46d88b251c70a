// Unit tests of the scanner's pure parts: rules from a config, robots.txt and sitemaps, the
// analysis of observations, the draft services and the catalogue, the command line.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { cookiePattern, readRules, registrableDomain, serviceForCookie, serviceForHost } from '../../scan/rules.mjs';
import { notAPage, pageKey, readRobots, readSitemap, sameSite } from '../../scan/crawl.mjs';
import { analyze } from '../../scan/analyze.mjs';
import { catalogueForCookie, catalogueForHost, draftServices, durationText, mergeDraft } from '../../scan/draft.mjs';
import { cookiesSet, initiatorOf } from '../../scan/visit.mjs';
import { exitCode, parseCommandLine } from '../../scan/cli.mjs';
import { esc, renderHtml } from '../../scan/html.mjs';
import { configKey, unionOf } from '../../scan/scan.mjs';

const catalogue = JSON.parse(await readFile(new URL('../../scan/catalogue.json', import.meta.url), 'utf8'));
const config = {
  categories: [{ id: 'necessary', required: true }, { id: 'analytics' }, { id: 'ads' }],
  services: [
    { id: 'session', category: 'necessary', cookies: ['sid'] },
    { id: 'ga', category: 'analytics', hosts: ['www.google-analytics.com'], cookies: ['_ga', { name: '_ga_*' }] },
    { id: 'adnet', category: 'ads', hosts: ['ads.test'] },
    { id: 'exempted', category: 'ads', exempt: 'necessary', hosts: ['fraud.test'] },
    { id: 'old', category: 'ads', hosts: ['gone.test'] },
  ],
  allowHosts: ['cdn.test'],
};
const rules = readRules(config);

test('registrable domains come from the Public Suffix List', () => {
  assert.equal(registrableDomain('www.googletagmanager.com'), 'googletagmanager.com');
  assert.equal(registrableDomain('a.b.example.co.jp'), 'example.co.jp');
  assert.equal(registrableDomain('user.github.io'), 'user.github.io'); // a private suffix
  assert.equal(registrableDomain('127.0.0.1'), '127.0.0.1');
  assert.equal(registrableDomain('.Shop.test'), 'shop.test');
});

test('hosts and cookies map to services as Noren matches them', () => {
  assert.equal(serviceForHost(rules, 'www.google-analytics.com').id, 'ga');
  assert.equal(serviceForHost(rules, 'px.ads.test').id, 'adnet');
  assert.equal(serviceForHost(rules, 'notads.test'), null);
  assert.equal(serviceForCookie(rules, '_ga_ABC123').id, 'ga');
  assert.equal(serviceForCookie(rules, '_gab'), null);
  assert.ok(cookiePattern('a.b*').test('a.bc') && !cookiePattern('a.b*').test('axbc'));
  assert.deepEqual(rules.services.map((s) => s.needsConsent), [false, true, true, false, true]);
  assert.deepEqual(readRules('not a config'), { categories: [], services: [], allowHosts: [], ownCookies: ['noren', 'euconsent-v2'] });
  assert.deepEqual(readRules({ services: [null, { id: 1 }, { id: 'x', hosts: [3, 'A.test'] }] }).services[0].hosts, ['a.test']);
});

test('robots.txt and sitemaps', () => {
  const robots = readRobots('http://s.test/robots.txt', 'User-agent: *\nDisallow: /private/\nCrawl-delay: 2\nSitemap: http://s.test/map.xml\n');
  assert.equal(robots.allowed('http://s.test/private/x.html'), false);
  assert.equal(robots.allowed('http://s.test/about'), true);
  assert.equal(robots.crawlDelay(), 2);
  assert.deepEqual(robots.sitemaps(), ['http://s.test/map.xml']);
  assert.equal(readRobots('http://s.test/robots.txt', null).allowed('http://s.test/x'), true);
  assert.equal(readRobots('http://s.test/robots.txt', 'User-agent: NorenScan\nDisallow: /\n').allowed('http://s.test/x'), false);
  const map = readSitemap('<?xml version="1.0"?><urlset><url><loc> http://s.test/a?x=1&amp;y=2 </loc></url><url><loc><![CDATA[http://s.test/b]]></loc></url><url><loc>http://s.test/&#x63;</loc></url></urlset>');
  assert.deepEqual(map, { index: false, urls: ['http://s.test/a?x=1&y=2', 'http://s.test/b', 'http://s.test/c'] });
  assert.equal(readSitemap('<sm:sitemapindex><sm:sitemap><sm:loc>http://s.test/m2.xml</sm:loc></sm:sitemap></sm:sitemapindex>').index, true);
  assert.deepEqual(readSitemap('<loc>&#99999999;&bogus;</loc>'), { index: false, urls: ['&#99999999;&bogus;'] });
  assert.deepEqual(readSitemap(null), { index: false, urls: [] });
  assert.equal(pageKey('/a#top', 'http://s.test/'), 'http://s.test/a');
  assert.equal(pageKey('mailto:x@s.test', 'http://s.test/'), null);
  assert.equal(pageKey('http://[bad', 'http://s.test/'), null);
  assert.ok(sameSite('http://www.s.test/x', 'http://s.test/') && !sameSite('http://t.test/', 'http://s.test/'));
  assert.ok(notAPage('http://s.test/a.PDF') && !notAPage('http://s.test/a.html') && !notAPage('http://s.test/dir/'));
});

test('initiators and Set-Cookie headers from the DevTools protocol', () => {
  assert.deepEqual(initiatorOf({ type: 'parser', url: 'http://s.test/', lineNumber: 5 }), { type: 'parser', url: 'http://s.test/', line: 6 });
  assert.deepEqual(initiatorOf({ type: 'script', stack: { callFrames: [], parent: { callFrames: [{ url: 'http://t.test/t.js', lineNumber: 0 }] } } }),
    { type: 'script', url: 'http://t.test/t.js', line: 1 });
  assert.deepEqual(initiatorOf(undefined), { type: 'other' });
  assert.deepEqual(cookiesSet({ 'Set-Cookie': 'a=1; Path=/\nb=2', other: 'c=3' }, [{ cookieLine: 'b=2' }]), ['a']);
});

/** One page's observations, as visit() returns them. */
function observed(requests, cookies = [], extra = {}) {
  return {
    requests: requests.map(([url, phase = 'before', initiator = { type: 'parser', url: 'http://shop.test/', line: 3 }]) => {
      const host = new URL(url).hostname;
      return { url, host, domain: registrableDomain(host), type: 'script', phase, initiator };
    }),
    cookies, cookieWrites: [], storage: [], ...extra,
  };
}

test('the analysis finds leaks, undeclared hosts and cookies, cookies after refusal, stale services and unmarked tags', () => {
  const now = 1_000_000;
  const pages = [{
    url: 'http://shop.test/', noren: true,
    passes: {
      none: observed([['http://shop.test/'], ['http://ads.test/a.js'], ['http://fraud.test/f.js'], ['http://cdn.test/lib.js']], [], {
        tags: [{ tag: 'script', url: 'http://ads.test/a.js', consent: null }, { tag: 'img', url: 'http://px.ads.test/p.gif', consent: 'ads' },
          { tag: 'script', url: 'http://www.google-analytics.com/x.js', consent: 'analytics', textPlain: true }],
      }),
      reject: observed([['http://shop.test/'], ['http://www.google-analytics.com/c', 'after', { type: 'script', url: 'http://shop.test/s.js', line: 9 }]],
        [{ name: '_ga', domain: 'shop.test', path: '/', expires: now + 86400 * 400 }, { name: 'noren', domain: 'shop.test', path: '/', expires: now + 86400 * 182 }]),
      accept: observed([['http://shop.test/'], ['http://new.tracker.test/t.js', 'after', { type: 'script', url: 'http://ads.test/a.js', line: 1 }]],
        [{ name: '_t', domain: 'tracker.test', path: '/', expires: null }], { cookieWrites: [] }),
    },
  }, { url: 'http://shop.test/plain', noren: false, passes: { none: observed([['http://shop.test/plain']]) } }];
  const r = analyze({ pages, rules, site: 'shop.test', now });
  assert.deepEqual(r.findings.leaks.map((l) => [l.pass, l.when, l.service, l.host]), [
    ['none', 'before consent', 'adnet', 'ads.test'],
    ['reject', 'after refusal', 'ga', 'www.google-analytics.com'],
  ]);
  assert.deepEqual(r.findings.leaks[1].initiator, { type: 'script', url: 'http://shop.test/s.js', line: 9 });
  assert.deepEqual(r.findings.undeclaredHosts.map((h) => [h.host, h.passes, h.initiators]), [['new.tracker.test', ['accept'], ['http://ads.test/a.js']]]);
  assert.deepEqual(r.findings.undeclaredCookies.map((c) => [c.name, c.thirdParty, c.lifetimeDays]), [['_t', true, null]]);
  assert.deepEqual(r.findings.cookiesAfterRefusal.map((c) => [c.name, c.service]), [['_ga', 'ga']]);
  assert.deepEqual(r.findings.staleServices.map((s) => s.id), ['session', 'old']);
  assert.deepEqual(r.findings.unmarkedTags.map((t) => [t.url, t.problem.split(' ')[0]]), [['http://ads.test/a.js', 'not'], ['http://px.ads.test/p.gif', 'marked']]);
  assert.deepEqual(r.findings.pagesWithoutNoren, ['http://shop.test/plain']);
  assert.equal(r.cookies.find((c) => c.name === 'noren').noren, true);
  assert.equal(r.cookies.find((c) => c.name === '_ga').lifetimeDays, 400);
  assert.equal(r.hosts.find((h) => h.host === 'cdn.test').allowed, true);
  assert.equal(r.summary.leaks, 2);
});

test('the draft groups undeclared hosts by domain, fills known services from the catalogue, in English or Japanese', () => {
  const report = {
    site: 'shop.test',
    findings: {
      undeclaredHosts: [
        { host: 'www.clarity.ms', initiators: [] }, { host: 'c.clarity.ms', initiators: [] },
        { host: 'cdn.mystery.test', initiators: ['http://ads.test/tm.js'] }, { host: 'px.mystery.test', initiators: [] },
      ],
      undeclaredCookies: [
        { name: '_clck', domain: 'shop.test', thirdParty: false, lifetimeDays: 365, setBy: ['www.clarity.ms'] },
        { name: 'mys', domain: 'shop.test', thirdParty: false, lifetimeDays: 10, setBy: ['cdn.mystery.test'] },
        { name: 'extra', domain: 'shop.test', thirdParty: false, lifetimeDays: null, setBy: ['ads.test'] },
        { name: 'own', domain: 'shop.test', thirdParty: false, lifetimeDays: 1, setBy: ['shop.test'] },
      ],
    },
  };
  const draft = draftServices({ report, config, rules, catalogue, lang: 'en' });
  assert.deepEqual(draft.services, [
    {
      id: 'clarity', category: 'analytics', name: 'Microsoft Clarity', recipient: 'Microsoft Corporation', country: 'US',
      data: ['Clicks, scrolling and mouse movement', 'Pages viewed', 'Cookie ID', 'Device and browser information'],
      purpose: 'Heatmaps and session recordings to improve the site', privacyPolicyUrl: 'https://privacy.microsoft.com/privacystatement',
      cookies: [{ name: '_clck', duration: '1 year', thirdParty: false }], hosts: ['c.clarity.ms', 'www.clarity.ms'],
    },
    { id: 'mystery-test', category: 'ads', name: 'mystery.test', cookies: [{ name: 'mys', duration: '10 days', thirdParty: false }], hosts: ['cdn.mystery.test', 'px.mystery.test'] },
  ]);
  assert.deepEqual(draft.addCookies, [{ service: 'adnet', cookies: [{ name: 'extra', duration: 'until the browser closes', thirdParty: false }] }]);
  assert.deepEqual(draft.unattributed.map((c) => c.name), ['own']);
  const ja = draftServices({ report, config, rules, catalogue, lang: 'ja' });
  assert.equal(ja.services[0].purpose, 'ヒートマップとセッション録画によるサイト改善');
  assert.equal(ja.services[0].cookies[0].duration, '1年');
  const merged = mergeDraft(config, draft);
  assert.deepEqual(merged.services.map((s) => s.id), ['session', 'ga', 'adnet', 'exempted', 'old', 'clarity', 'mystery-test']);
  assert.equal(merged.services[2].cookies[0].name, 'extra');
  assert.equal(config.services.length, 5, 'the config itself is left alone');
});

test('an id the config already uses gets a suffix', () => {
  const cfg = { categories: [{ id: 'ads' }], services: [{ id: 'clarity', category: 'ads' }] };
  const report = { site: 's.test', findings: { undeclaredHosts: [{ host: 'www.clarity.ms', initiators: [] }], undeclaredCookies: [] } };
  const draft = draftServices({ report, config: cfg, rules: readRules(cfg), catalogue });
  assert.equal(draft.services[0].id, 'clarity-2');
  assert.equal(draft.services[0].category, 'ads', 'no analytics category: the first optional one');
});

test('the catalogue: every entry complete, in both languages, hosts and cookie patterns the checker accepts', () => {
  const ids = new Set();
  for (const e of catalogue.services) {
    assert.ok(!ids.has(e.id) && /^[A-Za-z0-9_-]{1,64}$/.test(e.id), e.id);
    ids.add(e.id);
    assert.ok(['analytics', 'ads', 'media', 'functional'].includes(e.category), e.id);
    for (const field of ['name', 'recipient', 'purpose', ...e.data.map((_, i) => i)]) {
      const v = typeof field === 'number' ? e.data[field] : e[field];
      assert.ok(v.en && v.ja, `${e.id}.${field}`);
    }
    assert.match(e.country, /^[A-Z]{2}$/);
    assert.ok(e.hosts.length && e.hosts.every((h) => /^[a-z0-9.-]+\.[a-z]{2,}$/.test(h)), e.id);
    assert.ok(e.cookies.every((c) => /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(c)), e.id);
    for (const u of [e.optOutUrl, e.privacyPolicyUrl].filter(Boolean)) assert.match(u, /^https:\/\//);
  }
  assert.equal(catalogueForHost(catalogue, 'www.googletagmanager.com').id, 'gtm');
  assert.equal(catalogueForHost(catalogue, 'googleads.g.doubleclick.net').id, 'google-ads');
  assert.equal(catalogueForCookie(catalogue, '_ga_XYZ').pattern, '_ga_*');
  for (const id of ['ga4', 'gtm', 'google-ads', 'youtube', 'vimeo', 'meta-pixel', 'x-ads', 'tiktok-pixel', 'line-tag', 'yahoo-japan-ads', 'clarity', 'hotjar', 'criteo']) {
    assert.ok(ids.has(id), id);
  }
});

test('cookie lifetimes in words', () => {
  assert.deepEqual([null, 0, 1, 10, 30, 90, 365, 730].map((d) => durationText(d, 'en')),
    ['until the browser closes', 'less than a day', '1 day', '10 days', '1 month', '3 months', '1 year', '2 years']);
  assert.deepEqual([null, 0, 10, 90, 730].map((d) => durationText(d, 'ja')), ['ブラウザを閉じるまで', '1日未満', '10日', '3か月', '2年']);
});

test('the command line', () => {
  const cmd = parseCommandLine(['scan', 'http://s.test/', '--pages', '3', '--fail-on', 'leaks', '--json', '--browser-arg=--a', '--browser-arg=--b']);
  assert.equal(cmd.options.pages, 3);
  assert.deepEqual(cmd.options.browserArgs, ['--a', '--b']);
  assert.deepEqual(cmd.failOn, ['leaks']);
  assert.equal(cmd.json, true);
  assert.deepEqual(parseCommandLine(['--help']), { help: true });
  for (const bad of [[], ['scan'], ['crawl', 'http://s.test/'], ['scan', 'u', '--pages', 'x'], ['scan', 'u', '--fail-on', 'bogus'], ['scan', 'u', '--nope']]) {
    assert.throws(() => parseCommandLine(bad), { name: 'Error' }, bad.join(' '));
  }
  const findings = { leaks: [], undeclaredHosts: [{}], undeclaredCookies: [], cookiesAfterRefusal: [], unmarkedTags: [], staleServices: [{}], pagesWithoutNoren: [] };
  assert.equal(exitCode({ findings }, ['leaks', 'undeclared']), 1);
  assert.equal(exitCode({ findings }, ['leaks']), 0);
  assert.equal(exitCode({ findings }, ['stale']), 1);
  assert.equal(exitCode({ findings }, ['none']), 0);
});

test('the HTML report escapes what the site controls', () => {
  assert.equal(esc('<a href="x">&\''), '&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
  const evil = 'http://s.test/"><script>alert(1)</script>';
  const html = renderHtml({
    url: evil, site: 's.test', startedAt: 'now', config: { kind: 'none', problem: '<b id=p>' }, limits: { truncated: false },
    summary: { pages: 1, requests: 0, thirdPartyHosts: 0, cookies: 0 },
    findings: { leaks: [], undeclaredHosts: [], undeclaredCookies: [{ name: '<img src=x>', domain: 'd', passes: [], setBy: [], lifetimeDays: null }], cookiesAfterRefusal: [], unmarkedTags: [], staleServices: [], pagesWithoutNoren: [evil], passErrors: [] },
    pages: [{ url: evil, noren: false, passes: { none: { hosts: ['<x>'] } } }], hosts: [], cookies: [], storage: [], skipped: [],
    draft: { services: [], notes: ['<i id=n>'] },
  });
  assert.ok(!html.includes('<script>') && !html.includes('<img src=x>') && !html.includes('<i id=n>') && !html.includes('<b id=p>') && !html.includes('<x>'));
  assert.match(html, /<svg [^>]*role="img"/);
});

test('several configs are compared together; each is known by its URL or a digest of its text', () => {
  const a = { revision: 1, categories: [{ id: 'ads' }], services: [{ id: 'x', category: 'ads', hosts: ['x.test'] }] };
  const b = { categories: [{ id: 'ads' }], services: [{ id: 'y', category: 'ads', cookies: ['_y'] }], allowHosts: ['cdn.test'] };
  const u = readRules(unionOf([a, null, b]));
  assert.deepEqual([serviceForHost(u, 'x.test').id, serviceForCookie(u, '_y').id, u.allowHosts], ['x', 'y', ['cdn.test']]);
  assert.equal(unionOf([a, b]).revision, 1);
  assert.deepEqual(unionOf([]), { categories: [], services: [], allowHosts: [], ownCookieNames: [] });
  // Each config's own consent cookie stays Noren's own.
  const own = readRules(unionOf([a, { ...b, cookie: { name: 'noren_ads' } }])).ownCookies;
  assert.deepEqual(own, ['noren', 'noren_ads', 'euconsent-v2']);
  assert.equal(configKey({ kind: 'url', url: 'http://s.test/c.json' }), 'http://s.test/c.json');
  assert.equal(configKey({ kind: 'inline', text: '{}' }), configKey({ kind: 'inline', text: '{}' }));
  assert.notEqual(configKey({ kind: 'inline', text: '{}' }), configKey({ kind: 'inline', text: '{ }' }));
  assert.equal(configKey(null), null);
});
