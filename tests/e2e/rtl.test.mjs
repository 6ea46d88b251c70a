// Right to left (issue 13 §1): in Arabic (and Hebrew) Noren's interface is dir=rtl and its
// layout mirrors: the text starts at the right, the close button sits at the top left, a
// switch's knob starts at the right. Screenshots of the notice and the dialog in Arabic,
// compared with the committed images (tests/e2e/compare.mjs; UPDATE_SCREENSHOTS=1 rewrites).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setup, open, settled, button, basicConfig } from './helpers.mjs';
import { compareScreenshot } from './compare.mjs';

let env;
let base;
before(async () => {
  env = await setup();
  base = await basicConfig(env);
});
after(async () => { await env.close(); });

const ar = JSON.parse(readFileSync(new URL('../../src/wording/ar.json', import.meta.url), 'utf8'));

async function shot(page, target) {
  await page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
  return target.screenshot({ animations: 'disabled', caret: 'hide', scale: 'css' });
}

/** Left edges (CSS px) of the elements matching `selector` in Noren's shadow root. */
const boxes = (page, selector) => page.evaluate((sel) => [...document.getElementById('noren').shadowRoot.querySelectorAll(sel)]
  .map((e) => { const r = e.getBoundingClientRect(); return { left: r.left, right: r.right }; }), selector);

test('Arabic: dir=rtl, the layout mirrored, screenshots of the notice and the dialog', async () => {
  const context = await env.browser.newContext({
    viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, reducedMotion: 'reduce', locale: 'ar-EG',
  });
  const failures = [];
  const check = (name, png) => {
    const message = compareScreenshot(name, png);
    if (message) failures.push(message);
  };
  // An Arabic site's config: its own texts in Arabic too.
  const arabic = {
    necessary: ['ضرورية', 'لازمة لعمل الموقع.'],
    analytics: ['التحليلات', 'إحصاءات عن الزيارات.'],
    ads: ['الإعلانات', 'إعلانات تستند إلى اهتماماتك.'],
    media: ['الوسائط الخارجية', 'مقاطع فيديو مضمّنة.'],
  };
  const config = {
    ...base,
    categories: base.categories.map((c) => ({
      ...c, title: { ...c.title, ar: arabic[c.id][0] }, description: { ...c.description, ar: arabic[c.id][1] },
    })),
    services: base.services.map((s) => (s.id === 'ga'
      ? { ...s, data: [{ en: 'Pages viewed', ar: 'الصفحات التي تمت زيارتها' }, { en: 'Cookie ID', ar: 'معرّف ملف تعريف الارتباط' }], purpose: { en: 'Statistics', ar: 'الإحصاءات' } }
      : s)),
  };
  const { page } = await open(env, '/t/nolang.html', { reuse: context, config });
  assert.equal(await settled(page), 'ok');
  const notice = page.getByRole('dialog', { name: ar.title });
  await notice.waitFor();
  const n = page.locator('#noren .n');
  assert.deepEqual([await n.getAttribute('lang'), await n.getAttribute('dir')], ['ar', 'rtl']);
  assert.equal(await page.evaluate(() => getComputedStyle(document.getElementById('noren').shadowRoot.querySelector('.banner h2')).direction), 'rtl');
  // The close button is at the top left, the heading starts at the right.
  const [x] = await boxes(page, '.banner .x');
  const [h] = await boxes(page, '.banner h2');
  assert.ok(x.left < 100, `close button at the left: ${JSON.stringify(x)}`);
  assert.ok(h.right > 1000, `heading from the right: ${JSON.stringify(h)}`);
  check('notice-ar-desktop', await shot(page, page.locator('#noren .banner')));

  await button(notice, ar.manage).click();
  const dialog = page.getByRole('dialog', { name: ar.preferencesTitle });
  await dialog.waitFor();
  await page.evaluate(() => document.getElementById('noren').shadowRoot.querySelector('.svcs details').open = true);
  // A switch sits at the left end of its row; its knob starts at the right (off).
  const [sw] = await boxes(page, '.svcs .row > .sw');
  const [row] = await boxes(page, '.svcs .row');
  assert.ok(sw.left - row.left < 60, `switch at the row's left: ${JSON.stringify([sw, row])}`);
  const knob = await page.evaluate(() => {
    const s = document.getElementById('noren').shadowRoot.querySelector('.svcs .row > .sw');
    const r = s.getBoundingClientRect();
    return { switchRight: r.right, knobRight: parseFloat(getComputedStyle(s, '::before').right) };
  });
  assert.ok(knob.knobRight <= 3, `knob at the right while off: ${JSON.stringify(knob)}`);
  check('dialog-ar-desktop', await shot(page, page.locator('#noren .dialog')));
  await context.close();
  assert.deepEqual(failures, []);
});
