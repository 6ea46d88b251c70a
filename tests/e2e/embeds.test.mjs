// Issue 5: a held embed shows a placeholder in its place: the service, what loading it sends,
// "Load this content" (consent to that service only) and the preferences.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import { setup, open, settled, ran, tagRequests } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

test('a held iframe shows an accessible placeholder of its size; loading it consents to that service only', async () => {
  const config = await (await fetch(env.base + '/t/basic.json')).json();
  config.services[3].data = ['Page URL', 'Device information'];
  const { page, log } = await open(env, '/t/basic.html', { config });
  assert.equal(await settled(page), 'ok');
  const frameBox = await page.evaluate(() => {
    const f = document.querySelector('iframe');
    return { hidden: f.hidden, width: f.getAttribute('width') };
  });
  assert.equal(frameBox.hidden, true, 'the empty frame is hidden behind its placeholder');
  const placeholder = page.getByRole('group', { name: 'Video' });
  await placeholder.waitFor();
  assert.ok((await placeholder.textContent()).includes('Video (Video LLC)'));
  assert.ok((await placeholder.textContent()).includes('Loading it sends: Page URL, Device information'));
  const box = await page.locator('noren-embed').boundingBox();
  // A default frame: 300×150 and a 2 px border.
  assert.deepEqual([Math.round(box.width), Math.round(box.height)], [304, 154], 'the size of the frame it stands for');
  // Taller than the frame, it scrolls from its start: the name is not cut off above.
  const title = await placeholder.locator('.ph-t').boundingBox();
  assert.ok(title.y >= box.y, `the name shows: ${title.y} < ${box.y}`);
  const axe = await new AxeBuilder({ page }).include('noren-embed')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  assert.deepEqual(axe.violations.map((v) => v.id), []);
  assert.deepEqual(tagRequests(log), []);

  await placeholder.getByRole('button', { name: 'Load this content' }).click();
  await page.waitForFunction(() => !document.querySelector('noren-embed'));
  assert.ok(tagRequests(log).includes('/t/tags/frame.html'), 'the frame loads');
  assert.equal(await page.evaluate(() => document.querySelector('iframe').hidden), false);
  const consent = await page.evaluate(() => window.noren.getConsent());
  assert.deepEqual(consent.services, { ga: false, adnet: false, pixel: false, video: true });
  assert.equal((await page.evaluate(() => window.noren.getRecord())).services.video, true, 'recorded');
  assert.deepEqual((await ran(page)).filter((t) => t !== 'N'), [], 'no other tag ran');
  assert.deepEqual(log.errors, []);
});

test("the placeholder's other button opens the preferences", async () => {
  const { page } = await open(env, '/t/basic.html');
  assert.equal(await settled(page), 'ok');
  await page.evaluate(() => window.noren.rejectAll());
  await page.getByRole('group', { name: 'Video' }).getByRole('button', { name: 'All privacy settings' }).click();
  await page.getByRole('dialog', { name: 'Privacy preferences' }).waitFor();
});

test('the floating button never covers a placeholder: at a bottom corner, on a desktop and a phone', async () => {
  const sizes = {
    desktop: { viewport: { width: 1280, height: 800 } },
    phone: { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true },
  };
  for (const [size, device] of Object.entries(sizes)) {
    const context = await env.browser.newContext(device);
    const { page } = await open(env, '/t/embed-corners.html', { reuse: context });
    assert.equal(await settled(page), 'ok');
    await page.getByRole('button', { name: 'Reject all', exact: true }).click(); // the button shows
    assert.equal(await page.locator('noren-embed').count(), 2);
    // Scrolls the placeholder in `id` to the bottom of the window (or to the top of the page)
    // and measures the floating button and every button of that placeholder.
    const at = (id) => page.evaluate(async (id) => {
      if (id) {
        const box = document.getElementById(id).getBoundingClientRect();
        window.scrollTo(0, box.bottom + window.scrollY - window.innerHeight);
      } else {
        window.scrollTo(0, 0);
      }
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const rect = (e) => { const r = e.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, bottom: r.bottom }; };
      const fab = document.getElementById('noren').shadowRoot.querySelector('.fab');
      const buttons = id ? [...document.querySelector(`#${id} noren-embed`).shadowRoot.querySelectorAll('button')] : [];
      return {
        fabShown: !fab.hidden && getComputedStyle(fab).visibility === 'visible',
        fab: rect(fab),
        buttons: buttons.map(rect),
        placeholderBottom: id && rect(document.querySelector(`#${id} noren-embed`)).bottom,
      };
    }, id);
    const meets = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    for (const id of ['left', 'right']) {
      const m = await at(id);
      assert.ok(Math.abs(m.placeholderBottom - device.viewport.height) < 2, `${size} ${id}: at the bottom`);
      assert.equal(m.buttons.length, 2, `${size} ${id}: its two buttons`);
      for (const b of m.buttons) {
        assert.ok(!(m.fabShown && meets(m.fab, b)), `${size} ${id}: the button covers ${JSON.stringify(b)}`);
      }
      if (size === 'desktop' && id === 'right') assert.ok(m.fabShown, 'away from the placeholder, it shows');
    }
    assert.ok((await at(null)).fabShown, `${size}: with no placeholder near it, it shows`);
    await context.close();
  }
});
