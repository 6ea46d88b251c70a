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
