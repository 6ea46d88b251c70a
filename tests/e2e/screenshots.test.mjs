// Screenshot tests: the notice, the preferences dialog with a service open, and the
// external-transmission (外部送信について) block, in light and dark, on a desktop (1280×800)
// and a phone (375×740), compared with the images committed in tests/e2e/screenshots/
// (tolerance and UPDATE_SCREENSHOTS=1: tests/e2e/compare.mjs). Each image is the element
// alone (the notice, the dialog, the block), so the files stay small. Fonts are the machine's
// (Debian's DejaVu here); animations, transitions and the caret are off, and every shot
// waits for the fonts and two frames.
//
// After an intended change of the look: UPDATE_SCREENSHOTS=1 node --test tests/e2e/screenshots.test.mjs
// rewrites the images; look at them (git diff shows which changed) before committing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, open, settled, button, basicConfig } from './helpers.mjs';
import { compareScreenshot, updating } from './compare.mjs';
import { copyFileSync, readFileSync } from 'node:fs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

const SIZES = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true },
};

/** Waits until what is on screen no longer changes: fonts loaded, layout settled. */
async function still(page) {
  await page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
}

/** The PNG of `target` (a page or a locator), with animations and the caret off. */
async function shot(page, target = page) {
  await still(page);
  return target.screenshot({ animations: 'disabled', caret: 'hide', scale: 'css' });
}

for (const scheme of ['light', 'dark']) {
  for (const [size, device] of Object.entries(SIZES)) {
    test(`screenshots: notice, dialog with a service open, disclosure (${scheme}, ${size})`, async () => {
      const context = await env.browser.newContext({
        ...device, deviceScaleFactor: 1, colorScheme: scheme, reducedMotion: 'reduce', locale: 'en-US',
      });
      const failures = [];
      const check = (name, png) => {
        const message = compareScreenshot(`${name}-${scheme}-${size}`, png);
        if (message) failures.push(message);
      };
      try {
        // The first layer, as a new visitor sees it.
        let { page } = await open(env, '/t/basic.html', { reuse: context });
        assert.equal(await settled(page), 'ok');
        await page.locator('#noren .banner').waitFor();
        check('notice', await shot(page, page.locator('#noren .banner')));

        // The preferences dialog, a service's details open (the one with the most facts).
        await button(page, 'Manage preferences').click();
        const dialog = page.getByRole('dialog', { name: 'Privacy preferences' });
        await dialog.waitFor();
        const summary = dialog.locator('summary', { hasText: 'Analytics One' });
        await summary.click();
        await summary.evaluate((e) => e.closest('.cat').scrollIntoView({ block: 'start' })); // its category too
        await page.mouse.move(0, 0); // no hover effect
        check('dialog', await shot(page, page.locator('#noren .dialog')));
        await page.close();

        // The disclosure block on a page with no styles of its own (the browser's light or dark
        // defaults), after a refusal so every switch is off; the floating button is left out.
        // Two of the services (one with every fact, one with few) keep the images small.
        const config = await basicConfig(env);
        config.services = config.services.filter((s) => s.id === 'ga' || s.id === 'pixel');
        ({ page } = await open(env, '/t/disclosure-plain.html', { reuse: context, config }));
        assert.equal(await settled(page), 'ok');
        await button(page, 'Reject all').click();
        await page.locator('#notice section').first().waitFor();
        await still(page);
        check('disclosure', await page.locator('main').screenshot({
          animations: 'disabled', caret: 'hide', scale: 'css', style: '#noren{display:none!important}',
        }));
      } finally {
        await context.close();
      }
      assert.deepEqual(failures, []);
    });
  }
}

// The README's picture, docs/noren.png (in the npm package, which does not ship tests/), is the
// committed light desktop notice, byte for byte; UPDATE_SCREENSHOTS=1 copies it after the
// tests above have rewritten it.
test("the README's picture is the committed notice image", () => {
  const committed = new URL('screenshots/notice-light-desktop.png', import.meta.url);
  const readme = new URL('../../docs/noren.png', import.meta.url);
  if (updating) copyFileSync(committed, readme);
  assert.ok(readFileSync(readme).equals(readFileSync(committed)),
    'docs/noren.png differs from tests/e2e/screenshots/notice-light-desktop.png (UPDATE_SCREENSHOTS=1 copies it)');
});
