// A new site owner's first five minutes, as issue 12 asks: given only the README, install the
// package, put Noren on a three-page site with GA4, an embed and an ad pixel, check the config
// with npx, and see a correct notice. The README read here is the one the package installed;
// its `file=` blocks (consent.json, index.html) are used as written, and the owner adds what
// the README's config reference describes: a video category and service, an advertising
// category and service, a page for each. Every third-party request is counted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { button } from '../e2e/helpers.mjs';
import { installPackage, serveInstalled, pkg } from './install.mjs';

let work, project, www, site, browser, base;

/** The `file=NAME` code blocks of a Markdown text, by name. */
function fileBlocks(md) {
  const out = {};
  for (const m of md.matchAll(/```\w+ ([^\n]*)\n([\s\S]*?)```/g)) {
    const file = m[1].split(/\s+/).map((a) => a.split('=')).find(([k]) => k === 'file');
    if (file) out[file[1]] = m[2];
  }
  return out;
}

before(async () => {
  let installed;
  ({ work, project, installed } = installPackage('noren-newcomer-', 'three-pages'));
  www = join(project, 'www');
  mkdirSync(www);

  // Step 2 and 3 of the README, as the installed README writes them.
  const readme = fileBlocks(readFileSync(join(installed, 'README.md'), 'utf8'));
  assert.ok(readme['consent.json'] && readme['index.html'], "the installed README has the three steps' files");
  const config = JSON.parse(readme['consent.json']);
  config.categories.push(
    { id: 'media', title: 'Videos', description: 'Videos embedded from other sites, which receive your visit.' },
    { id: 'ads', title: 'Advertising', description: 'Ads chosen from your visits to this and other sites.' },
  );
  config.services.push(
    { id: 'youtube', category: 'media', name: 'YouTube', recipient: 'Google LLC', country: 'US',
      purpose: 'Playing embedded videos', data: ['Page URL', 'Device and browser', 'IP address'],
      privacyPolicyUrl: 'https://policies.google.com/privacy', hosts: ['youtube-nocookie.com', 'youtube.com'] },
    { id: 'adpixel', category: 'ads', name: 'Ad network', recipient: 'Ads Inc.', country: 'US',
      purpose: 'Measuring and targeting ads', data: ['Pages viewed', 'A random visitor ID'],
      privacyPolicyUrl: 'https://ads.test/privacy', optOutUrl: 'https://ads.test/optout', hosts: ['ads.test'] },
  );
  writeFileSync(join(www, 'consent.json'), JSON.stringify(config, null, 2));
  const page = readme['index.html'];
  assert.match(page, /<h1>Welcome<\/h1>/);
  writeFileSync(join(www, 'index.html'), page);
  writeFileSync(join(www, 'video.html'), page.replace('<h1>Welcome</h1>', `<h1>Our video</h1>
<iframe data-consent="media" data-service="youtube" width="560" height="315" title="Our interview"
        data-src="https://www.youtube-nocookie.com/embed/VIDEO_ID" allowfullscreen></iframe>`));
  writeFileSync(join(www, 'offers.html'), page.replace('<h1>Welcome</h1>', `<h1>Offers</h1>
<img data-consent="ads" data-service="adpixel" data-src="https://px.ads.test/p.gif" width="1" height="1" alt="">`));
  writeFileSync(join(www, 'privacy.html'), '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Privacy</title></head><body><h1>Privacy</h1></body></html>');

  // Step 1: the installed dist/ served at /noren/.
  site = await serveInstalled(installed, www, work);
  ({ browser, base } = site);
});

after(async () => {
  await site?.close();
});

test('npx noren-cmp check: the three-page config passes, as the README promises', () => {
  const { npm_config_offline, ...env } = process.env;
  const r = spawnSync('npx', ['--offline', pkg.name, 'check', 'www/consent.json'], { cwd: project, encoding: 'utf8', env: { ...env, npm_config_offline: 'true' } });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.equal(r.stdout, 'www/consent.json: 0 error(s), 0 warning(s), 0 legal gap(s)\n');
});

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
/** Stand-ins for the third parties: gtag.js sends a page view carrying the consent state. */
const FAKES = [
  [/^https:\/\/www\.googletagmanager\.com\/gtag\/js/, { contentType: 'text/javascript', body: `(function () {
    var state = {};
    function run(a) {
      if (a[0] === 'consent') for (var k in a[2]) state[k] = a[2][k];
      if (a[0] === 'config') navigator.sendBeacon('https://www.google-analytics.com/g/collect?tid=' + a[1] + '&analytics=' + state.analytics_storage);
    }
    var dl = window.dataLayer = window.dataLayer || [];
    for (var i = 0; i < dl.length; i++) run(dl[i]);
    var push = dl.push;
    dl.push = function (a) { run(a); return push.apply(dl, arguments); };
    window.gtagLoaded = true;
  })();` }],
  [/^https:\/\/www\.google-analytics\.com\//, { status: 204 }],
  [/^https:\/\/www\.youtube-nocookie\.com\/embed\//, { contentType: 'text/html', body: '<p>player</p>' }],
  [/^https:\/\/px\.ads\.test\//, { contentType: 'image/gif', body: GIF }],
];

/** A visitor: one browser profile across the site; `hits` counts third-party requests. */
async function visitor() {
  const context = await browser.newContext();
  const hits = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(base)) return route.continue();
    hits.push(url);
    const fake = FAKES.find(([re]) => re.test(url));
    return fake ? route.fulfill(fake[1]) : route.abort();
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const open = async (path) => {
    await page.goto(base + path);
    await page.evaluate(() => window.noren.ready);
    await page.evaluate(() => new Promise((r) => setTimeout(r, 200)));
  };
  const hitsTo = (host) => hits.filter((u) => new URL(u).hostname.endsWith(host));
  /** Waits (up to 10 s) until a request to `host` was made. */
  const requested = async (host) => {
    for (let t = 0; t < 100 && hitsTo(host).length === 0; t++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(hitsTo(host).length > 0, `a request to ${host}`);
  };
  return { context, page, hits, errors, open, hitsTo, requested };
}

test('three pages, accepted: nothing before the choice, then GA4, the video and the pixel, and no notice again', async () => {
  const v = await visitor();
  for (const path of ['/index.html', '/video.html', '/offers.html']) {
    await v.open(path);
    await button(v.page, 'Accept all').waitFor({ state: 'visible' });
    assert.ok(await button(v.page, 'Reject all').isVisible(), `${path}: Reject all beside Accept all`);
  }
  await v.open('/video.html');
  await v.page.getByRole('group', { name: 'YouTube' }).waitFor();
  assert.deepEqual(v.hits, [], 'no third party before a choice, on any page');

  await v.open('/offers.html');
  await button(v.page, 'Accept all').click();
  await v.requested('ads.test');
  assert.equal(v.hitsTo('ads.test').length, 1, 'the pixel, once');

  await v.open('/index.html');
  assert.equal(await button(v.page, 'Accept all').isVisible(), false, 'the choice is remembered');
  await v.page.waitForFunction(() => window.gtagLoaded === true);
  await v.requested('google-analytics.com');
  // Every page carries the README's GA4 snippets: a page view on /offers.html after the click,
  // then one here, each with analytics_storage granted.
  assert.deepEqual(v.hitsTo('google-analytics.com').map((u) => new URL(u).searchParams.get('analytics')), ['granted', 'granted']);

  await v.open('/video.html');
  await v.requested('youtube-nocookie.com');
  assert.equal(v.hitsTo('youtube-nocookie.com').length, 1, 'the video loads');
  assert.deepEqual(v.errors, [], 'no console error, no "gtag is not defined"');
  await v.context.close();
});

test('three pages, refused: no notice after the choice, the placeholder stays, nothing is sent', async () => {
  const v = await visitor();
  await v.open('/index.html');
  await button(v.page, 'Reject all').click();
  for (const path of ['/video.html', '/offers.html', '/index.html']) {
    await v.open(path);
    assert.equal(await button(v.page, 'Accept all').isVisible(), false, `${path}: no notice again`);
  }
  await v.open('/video.html');
  await v.page.getByRole('group', { name: 'YouTube' }).waitFor();
  assert.deepEqual(v.hits, [], 'nothing sent after "Reject all"');
  assert.deepEqual(v.errors, []);
  await v.context.close();
});
