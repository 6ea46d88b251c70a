// Issue 13 §1: every visitor in their own language. The wording is one file per language in
// dist/wording.<hash>/, fetched by the loader in parallel with the module; the module confirms
// the choice. German visitors on an EU page with TCF, a wrong guess corrected by the module, a
// wording file that cannot load (fail closed), and axe over every built-in language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TCString } from '@iabtcf/core';
import AxeBuilder from '@axe-core/playwright';
import { setup, open, settled, button, basicConfig, tagRequests, logged } from './helpers.mjs';

let env;
let base;
before(async () => {
  env = await setup();
  base = await basicConfig(env);
});
after(async () => { await env.close(); });

const wordingDir = fileURLToPath(new URL('../../src/wording/', import.meta.url));
const LANGUAGES = readdirSync(wordingDir).filter((f) => f.endsWith('.json') && f !== 'terms.json').map((f) => f.slice(0, -5));
const words = (lang) => JSON.parse(readFileSync(`${wordingDir}${lang}.json`, 'utf8'));
const isWording = (u, lang) => new RegExp(`^/noren/wording\\.[0-9a-f]+/${lang}(\\.iab)?\\.json$`).test(u);
const wordingRequests = (log) => log.requests.filter((u) => /^\/noren\/wording\./.test(u));

/** A page without `lang`, its config inline, with the IAB loader when the config has `tcf`. */
function pageHtml(config, htmlLang = '') {
  const loader = config.tcf ? 'noren-iab.js' : 'noren.js';
  return `<!doctype html><html${htmlLang ? ` lang="${htmlLang}"` : ''}><head><meta charset="utf-8"><title>Languages</title>
<script type="application/json" id="noren-config">${JSON.stringify(config)}</script>
<script src="/noren/${loader}"></script>
</head><body><h1>Languages</h1>
<script type="text/plain" data-consent="analytics" data-service="ga" data-src="/t/tags/ext.js?name=A"></script>
</body></html>`;
}

async function openPage(config, { locale = 'en-US', htmlLang = '', context, routes = {} } = {}) {
  const ctx = context || (await env.browser.newContext({ locale }));
  await ctx.route('**/t/lang.html', (route) => route.fulfill({ contentType: 'text/html', body: pageHtml(config, htmlLang) }));
  for (const [glob, handler] of Object.entries(routes)) await ctx.route(glob, handler);
  const opened = await open(env, '/t/lang.html', { reuse: ctx });
  return { ...opened, context: ctx };
}

test('navigator.languages = [de-DE] on an EU page: German notice, dialog and TCF purposes, ConsentLanguage DE', async () => {
  const de = words('de');
  const gvl = JSON.parse(await (await fetch(env.base + '/t/vendor-list.json')).text());
  gvl.purposes['1'].name = 'Informationen auf einem Gerät speichern und/oder abrufen';
  gvl.purposes['2'].name = 'Eingeschränkte Daten zur Auswahl von Werbung verwenden';
  const config = {
    ...base,
    tcf: { cmpId: 300, cmpVersion: 3, gvlUrl: '/t/vendor-list-{lang}.json', vendors: [8, 21, 32, 45], publisherCountryCode: 'DE' },
  };
  const { page, log, context } = await openPage(config, {
    locale: 'de-DE',
    routes: { '**/t/vendor-list-de.json': (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(gvl) }) },
  });
  assert.equal(await settled(page), 'ok');
  assert.deepEqual(await page.evaluate(() => navigator.languages), ['de-DE']);
  // One wording file, the visitor's; the vendor list in the same language.
  assert.deepEqual(wordingRequests(log).map((u) => u.split('/').pop()), ['de.iab.json'], 'with the TCF part');
  assert.ok(log.requests.includes('/t/vendor-list-de.json'), log.requests.join(' '));
  const notice = page.getByRole('dialog', { name: de.title });
  await notice.waitFor();
  assert.equal(await page.locator('#noren .n').getAttribute('lang'), 'de');
  assert.equal(await page.locator('#noren .n').getAttribute('dir'), null);
  const tcf = await page.locator('#noren .banner p.tcf').textContent();
  assert.ok(tcf.startsWith('Wir und unsere 4 Partner (IAB-TCF-Anbieter)'), tcf);
  assert.ok(tcf.includes('Informationen auf einem Gerät speichern und/oder abrufen; Eingeschränkte Daten'), tcf);
  for (const key of ['acceptAll', 'rejectAll', 'manage']) await button(notice, de[key]).waitFor();
  await button(notice, de.manage).click();
  const dialog = page.getByRole('dialog', { name: de.preferencesTitle });
  await dialog.waitFor();
  await dialog.getByRole('heading', { name: de['tcf.heading'] }).waitFor();
  await dialog.getByRole('switch', { name: 'Informationen auf einem Gerät speichern und/oder abrufen' }).waitFor();
  await button(dialog, de.save).waitFor();
  await button(dialog, de.acceptAll).click();
  const tc = await page.evaluate(() => new Promise((resolve) => {
    window.__tcfapi('getTCData', 2, (d) => resolve(d.tcString));
  }));
  const m = TCString.decode(tc);
  assert.equal(m.consentLanguage, 'DE');
  assert.equal(m.publisherCountryCode, 'DE');
  await context.close();
});

test('an untranslated vendor list: the German first layer counts the purposes, only the dialog names them', async () => {
  const de = words('de');
  const config = {
    ...base,
    tcf: { cmpId: 300, cmpVersion: 3, gvlUrl: '/t/vendor-list.json', vendors: [8, 21, 32, 45], publisherCountryCode: 'DE' },
  };
  const { page, context } = await openPage(config, { locale: 'de-DE' });
  assert.equal(await settled(page), 'ok');
  await page.getByRole('dialog', { name: de.title }).waitFor();
  const tcf = await page.locator('#noren .banner p.tcf').textContent();
  assert.ok(tcf.startsWith('Wir und unsere 4 Partner (IAB-TCF-Anbieter)'), tcf);
  assert.match(tcf, /für die in den Einstellungen aufgeführten Zwecke \(insgesamt \d+\)\./);
  assert.ok(!/Store and\/or access|Use limited data|precise geolocation/i.test(tcf), `no English in the first layer: ${tcf}`);
  await button(page, de.manage).click();
  const dialog = page.getByRole('dialog', { name: de.preferencesTitle });
  await dialog.getByRole('switch', { name: 'Store and/or access information on a device' }).waitFor();
  await context.close();
});

test('a config file naming another language: the guess is replaced before the module starts', async () => {
  const fr = words('fr');
  const context = await env.browser.newContext({ locale: 'de-DE' });
  const { page, log } = await open(env, '/t/nolang.html', { reuse: context, config: { ...base, language: 'fr' } });
  assert.equal(await settled(page), 'ok');
  await page.getByRole('dialog', { name: fr.title }).waitFor();
  // The loader could only guess German before the file was in; then it loaded French.
  assert.deepEqual(wordingRequests(log).map((u) => u.split('/').pop()).sort(), ['de.json', 'fr.json']);
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('the module confirms the language: when it wants another file, that one loads and it starts', async () => {
  // "1x" is not a language tag: the module drops it from `texts` (a warning), the loader's quick
  // guess does not, so the loader guesses English for <html lang="1x-y"> and the module wants
  // the browser's German.
  const de = words('de');
  const config = { ...base, texts: { '1x': { title: 'Nope' } } };
  const { page, log, context } = await openPage(config, { locale: 'de-DE', htmlLang: '1x-y' });
  assert.equal(await settled(page), 'ok');
  await page.getByRole('dialog', { name: de.title }).waitFor();
  const files = wordingRequests(log).map((u) => u.split('/').pop());
  assert.deepEqual(files, ['en.json', 'de.json']);
  await logged(log, 'texts.1x'); // said once the module starts (the sentence is fetched)
  await context.close();
});

test('a wording file that cannot be loaded: nothing starts, no held tag runs, the page stays usable', async () => {
  const context = await env.browser.newContext({ locale: 'de-DE' });
  await context.route(/\/noren\/wording\.[0-9a-f]+\/de\.json$/, (route) => route.fulfill({ status: 404, body: 'gone' }));
  const { page, log } = await open(env, '/t/nolang.html', { reuse: context });
  const outcome = await settled(page);
  assert.match(outcome, /^rejected: could not load the wording file .*\/de\.json \(HTTP 404\)/);
  assert.ok(log.console.some((l) => l.startsWith('error: [noren] not started, so no held tag will run. could not load the wording file')),
    log.console.join('\n'));
  await page.waitForTimeout(200);
  assert.deepEqual(tagRequests(log), [], 'no held tag ran');
  assert.equal(await page.locator('#noren').count(), 0, 'no notice');
  await page.click('#other');
  assert.equal(await page.evaluate(() => window.clicked), true, 'the page works');
  await context.close();
});

test('every built-in language: its own wording, no missing key, and axe finds nothing on the notice and the dialog', async () => {
  const context = await env.browser.newContext();
  const failures = [];
  for (const lang of LANGUAGES) {
    const w = words(lang);
    const config = { ...base, language: lang };
    const { page, log } = await openPage(config, { context });
    const outcome = await settled(page);
    if (outcome !== 'ok') { failures.push(`${lang}: ${outcome}`); continue; }
    assert.ok(wordingRequests(log).some((u) => isWording(u, lang)), `${lang}: ${wordingRequests(log)}`);
    await page.getByRole('dialog', { name: w.title }).waitFor();
    const n = page.locator('#noren .n');
    assert.equal(await n.getAttribute('lang'), lang);
    assert.equal(await n.getAttribute('dir'), ['ar', 'he'].includes(lang) ? 'rtl' : null, lang);
    // The dialog open, its details too, and the notice shown beside it: one axe run sees both.
    await button(page, w.manage).click();
    await page.getByRole('dialog', { name: w.preferencesTitle }).waitFor();
    await page.evaluate(() => {
      const root = document.getElementById('noren').shadowRoot;
      root.querySelectorAll('details').forEach((d) => { d.open = true; });
      root.querySelector('.banner').hidden = false;
    });
    const r = await new AxeBuilder({ page })
      .include('#noren')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
      // The colours do not change with the language (a11y.test.mjs checks their contrast in
      // light, dark and on a phone); the rest of axe runs in every language.
      .disableRules(['region', 'color-contrast'])
      .analyze();
    for (const v of r.violations) failures.push(`${lang}: ${v.id} (${v.nodes.map((x) => x.target.join(' ')).join(', ')})`);
    assert.deepEqual(log.errors, [], lang);
    await page.close();
  }
  assert.deepEqual(failures, []);
  await context.close();
});
