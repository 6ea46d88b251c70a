// What a visitor and a site see: held tags, the three choices, persistence, withdrawal,
// re-asking, in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, open, settled, ran, tagRequests, button, basicConfig } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

const ALL_TAGS = ['/t/tags/ext.js?name=A&slow=1', '/t/tags/ext.js?name=C', '/t/tags/pixel.gif', '/t/tags/frame.html'];

async function banner(page) {
  const b = page.getByRole('dialog', { name: 'Your privacy choices' });
  await b.waitFor();
  return b;
}

async function noLeakBeforeChoice(page, log) {
  assert.equal(await settled(page), 'ok');
  await banner(page);
  await page.waitForTimeout(400); // give a wrongly released tag time to show up
  assert.deepEqual(await ran(page), ['N'], 'only the required tag ran');
  assert.deepEqual(tagRequests(log), [], 'no request reached a held URL');
}

test('before any choice: the notice shows, nothing held runs or is requested', async () => {
  const { page, log, context } = await open(env, '/t/basic.html');
  await noLeakBeforeChoice(page, log);
  const b = await banner(page);
  for (const name of ['Accept all', 'Reject all', 'Manage preferences']) {
    assert.ok(await b.getByRole('button', { name, exact: true }).isVisible(), name);
  }
  // Equal size and weight.
  const boxes = await Promise.all(['Accept all', 'Reject all', 'Manage preferences']
    .map((n) => button(page, n).boundingBox()));
  for (const box of boxes) {
    assert.ok(Math.abs(box.width - boxes[0].width) < 1 && Math.abs(box.height - boxes[0].height) < 1);
  }
  const styles = await Promise.all(['Accept all', 'Reject all', 'Manage preferences'].map((n) =>
    button(page, n).evaluate((e) => { const s = getComputedStyle(e); return [s.backgroundColor, s.color, s.fontWeight, s.fontSize].join(); })));
  assert.equal(new Set(styles).size, 1, 'same colours and weight');
  assert.ok(await b.getByRole('link', { name: 'Privacy policy' }).isVisible());
  assert.equal(await page.evaluate(() => window.noren.getConsent().decided), false);
  assert.deepEqual((await context.cookies()).map((c) => c.name), [], 'no cookie before a choice');
  // Waiting and scrolling are not consent.
  await page.mouse.wheel(0, 2000);
  await page.waitForTimeout(300);
  assert.deepEqual(await ran(page), ['N']);
  assert.deepEqual(log.errors, []);
  assert.ok(log.console.some((m) => m.includes('does not declare, so it never runs: data-consent="bogus"')), log.console.join('\n'));
});

test('accept all: every held tag runs once, in document order, and again at the next load', async () => {
  const { page, log, context } = await open(env, '/t/basic.html');
  await noLeakBeforeChoice(page, log);
  await button(page, 'Accept all').click();
  await page.waitForFunction(() => window.order.length === 4);
  // A (slow external) finished before B (inline) ran, then C.
  assert.deepEqual(await ran(page), ['N', 'A', 'B', 'C']);
  await page.waitForFunction(() => document.querySelector('iframe').contentDocument?.body?.textContent.trim() === 'embedded');
  await page.waitForFunction(() => document.querySelector('img').complete);
  assert.deepEqual(tagRequests(log).sort(), [...ALL_TAGS].sort(), 'each held URL requested once');
  assert.equal(await page.getByRole('dialog', { name: 'Your privacy choices' }).isVisible(), false);
  assert.ok(await button(page, 'Privacy settings').isVisible(), 'the floating button stays');
  const consent = await page.evaluate(() => window.noren.getConsent());
  assert.equal(consent.decided, true);
  assert.deepEqual(consent.categories, { necessary: true, analytics: true, ads: true, media: true });
  assert.deepEqual(consent.services, { ga: true, adnet: true, pixel: true, video: true });
  assert.match(consent.id, /^[A-Za-z0-9_-]{16}$/);
  assert.ok(Date.now() - Date.parse(consent.updatedAt) < 60_000);
  const stored = (await context.cookies()).find((c) => c.name === 'noren');
  assert.equal(stored.sameSite, 'Lax');
  assert.equal(stored.path, '/');
  assert.ok(stored.expires * 1000 - Date.now() > 364 * 86400e3, 'an acceptance is kept 12 months');
  // Clicking again runs nothing twice.
  await page.evaluate(() => window.noren.acceptAll());
  await page.waitForTimeout(200);
  assert.deepEqual(await ran(page), ['N', 'A', 'B', 'C']);

  const again = await open(env, '/t/basic.html', { reuse: context });
  assert.equal(await settled(again.page), 'ok');
  await again.page.waitForFunction(() => window.order.length === 4);
  assert.deepEqual(await ran(again.page), ['N', 'A', 'B', 'C']);
  assert.equal(await again.page.getByRole('dialog', { name: 'Your privacy choices' }).isVisible(), false);
});

test('reject all: nothing runs, before or after reload; the refusal is kept 6 months', async () => {
  const { page, log, context } = await open(env, '/t/basic.html');
  await noLeakBeforeChoice(page, log);
  await button(page, 'Reject all').click();
  await page.waitForTimeout(400);
  assert.deepEqual(await ran(page), ['N']);
  assert.deepEqual(tagRequests(log), []);
  const stored = (await context.cookies()).find((c) => c.name === 'noren');
  const days = (stored.expires * 1000 - Date.now()) / 86400e3;
  assert.ok(days > 181 && days < 183, `kept ${days} days`);
  await page.reload();
  assert.equal(await settled(page), 'ok');
  await page.waitForTimeout(400);
  assert.deepEqual(await ran(page), ['N']);
  assert.deepEqual(tagRequests(log), []);
  assert.equal(await page.getByRole('dialog', { name: 'Your privacy choices' }).isVisible(), false);
  assert.equal(await page.evaluate(() => window.noren.hasConsent('analytics')), false);
});

test('closing the notice means refusal', async () => {
  const { page, log } = await open(env, '/t/basic.html');
  await noLeakBeforeChoice(page, log);
  await button(page, 'Close without accepting').click();
  const c = await page.evaluate(() => window.noren.getConsent());
  assert.equal(c.decided, true);
  assert.deepEqual(c.categories, { necessary: true, analytics: false, ads: false, media: false });
  assert.deepEqual(tagRequests(log), []);
});

test('custom choices: only the chosen categories and services run', async () => {
  const { page, log } = await open(env, '/t/basic.html');
  await noLeakBeforeChoice(page, log);
  await button(page, 'Manage preferences').click();
  const dialog = page.getByRole('dialog', { name: 'Privacy preferences' });
  await dialog.waitFor();
  // Every non-essential switch starts off; the required one is on and disabled.
  const necessary = dialog.getByRole('switch', { name: 'Necessary' });
  assert.equal(await necessary.isChecked(), true);
  assert.equal(await necessary.isDisabled(), true);
  for (const name of ['Analytics', 'Advertising', 'External media', 'Allow Analytics One', 'Allow Ad Network', 'Allow Ad Pixel', 'Allow Video']) {
    assert.equal(await dialog.getByRole('switch', { name, exact: true }).isChecked(), false, name);
  }
  // Advertising on turns its services on; then the pixel off.
  await dialog.getByRole('switch', { name: 'Advertising', exact: true }).check();
  assert.equal(await dialog.getByRole('switch', { name: 'Allow Ad Network' }).isChecked(), true);
  await dialog.getByRole('switch', { name: 'Allow Ad Pixel' }).uncheck();
  // Service details are there.
  await dialog.getByText('Analytics One').click();
  assert.ok(await dialog.getByText('Analytics Inc.').isVisible());
  assert.ok(await dialog.getByText('Pages viewed', { exact: true }).isVisible());
  assert.ok(await dialog.getByText('Cookie ID', { exact: true }).isVisible());
  assert.ok(await dialog.getByText('_ga_*', { exact: true }).isVisible());
  assert.equal(await dialog.getByRole('link', { name: 'Opt-out page' }).getAttribute('href'), 'https://analytics.example/optout');
  await button(page, 'Save preferences').click();
  await page.waitForFunction(() => window.order.includes('C'));
  await page.waitForTimeout(300);
  assert.deepEqual(await ran(page), ['N', 'C']);
  assert.deepEqual(tagRequests(log), ['/t/tags/ext.js?name=C']);
  const c = await page.evaluate(() => window.noren.getConsent());
  assert.deepEqual(c.categories, { necessary: true, analytics: false, ads: true, media: false });
  assert.deepEqual(c.services, { ga: false, adnet: true, pixel: false, video: false });
  await page.reload();
  assert.equal(await settled(page), 'ok');
  await page.waitForFunction(() => window.order.includes('C'));
  await page.waitForTimeout(300);
  assert.deepEqual(await ran(page), ['N', 'C']);
});

test('withdrawal: declared cookies are deleted and the new choice persists', async () => {
  const { page, log, context } = await open(env, '/t/basic.html');
  await noLeakBeforeChoice(page, log);
  // A cookie of the same name on the parent path and one the service does not declare.
  await button(page, 'Accept all').click();
  await page.waitForFunction(() => window.order.length === 4);
  await page.evaluate(() => { document.cookie = 'site_pref=1; Path=/'; });
  // The page writes cookies to the browser's store asynchronously: wait until it has them.
  const cookieNames = async (want) => {
    let names = [];
    for (let i = 0; i < 40; i++) {
      names = (await context.cookies()).map((c) => c.name).sort();
      if (JSON.stringify(names) === JSON.stringify(want)) break;
      await page.waitForTimeout(50);
    }
    return names;
  };
  let names = await cookieNames(['_ga', '_ga_XYZ', '_sadid', 'noren', 'site_pref']);
  assert.deepEqual(names, ['_ga', '_ga_XYZ', '_sadid', 'noren', 'site_pref']);
  // Withdraw analytics from the floating button, as easily as it was given.
  await button(page, 'Privacy settings').click();
  const dialog = page.getByRole('dialog', { name: 'Privacy preferences' });
  await dialog.waitFor();
  assert.equal(await dialog.getByRole('switch', { name: 'Analytics', exact: true }).isChecked(), true, 'switches show the choice in force');
  await dialog.getByRole('switch', { name: 'Analytics', exact: true }).uncheck();
  await button(page, 'Save preferences').click();
  names = await cookieNames(['_sadid', 'noren', 'site_pref']);
  assert.deepEqual(names, ['_sadid', 'noren', 'site_pref'], 'analytics cookies gone, others kept');
  const changed = await page.evaluate(() => window.noren.getConsent());
  assert.equal(changed.categories.analytics, false);
  assert.equal(changed.services.ga, false);
  await page.reload();
  assert.equal(await settled(page), 'ok');
  await page.waitForFunction(() => window.order.includes('C'));
  await page.waitForTimeout(300);
  assert.deepEqual(await ran(page), ['N', 'C']);
  assert.equal(await page.evaluate(() => window.noren.hasConsent('ga')), false);
});

test('reloadOnWithdraw reloads the page after consent in force is withdrawn', async () => {
  const config = await basicConfig(env);
  config.reloadOnWithdraw = true;
  const { page } = await open(env, '/t/basic.html', { config });
  assert.equal(await settled(page), 'ok');
  await button(page, 'Accept all').click();
  await page.waitForFunction(() => window.order.length === 4);
  await page.evaluate(() => { window.marker = 1; });
  await Promise.all([page.waitForEvent('load'), page.evaluate(() => window.noren.rejectAll())]);
  assert.equal(await page.evaluate(() => window.marker), undefined, 'the page was reloaded');
  assert.equal(await settled(page), 'ok');
  await page.waitForTimeout(300);
  assert.deepEqual(await ran(page), ['N']);
});

test('a revision bump asks again and grants nothing', async () => {
  const { page, context } = await open(env, '/t/basic.html');
  assert.equal(await settled(page), 'ok');
  await button(page, 'Accept all').click();
  await page.waitForFunction(() => window.order.length === 4);
  const config = await basicConfig(env);
  config.revision = 2;
  const next = await open(env, '/t/basic.html', { reuse: context, config });
  await noLeakBeforeChoice(next.page, next.log);
  assert.equal(await next.page.evaluate(() => window.noren.getConsent().decided), false);
  assert.ok(next.log.console.some((m) => m.includes('predates this config revision')), next.log.console.join('\n'));
});

test('a changed service list asks again', async () => {
  const { page, context } = await open(env, '/t/basic.html');
  assert.equal(await settled(page), 'ok');
  await button(page, 'Accept all').click();
  const config = await basicConfig(env);
  config.services.push({ id: 'newcomer', category: 'ads', name: 'New ad partner' });
  const next = await open(env, '/t/basic.html', { reuse: context, config });
  await noLeakBeforeChoice(next.page, next.log);
  assert.ok(next.log.console.some((m) => m.includes('categories or services changed')));
});

for (const [label, value] of [
  ['garbage', 'not-a-consent'],
  ['another format version', '2.AAAAAAAAAAAAAAAA.mhd3k2xs.1.1ab2cd.P.P'],
  ['a hand-edited grant', null],
  ['an expired choice', 'expired'],
  ['a choice from the future', 'future'],
  ['percent signs and quotes', '%22%3Cscript%3E"\'\\'],
  ['a 3 KB value', 'x'.repeat(3000)],
]) {
  test(`a corrupt cookie (${label}) asks again, grants nothing, breaks nothing`, async () => {
    const first = await open(env, '/t/basic.html');
    assert.equal(await settled(first.page), 'ok');
    await button(first.page, 'Reject all').click();
    const real = (await first.context.cookies()).find((c) => c.name === 'noren').value;
    const parts = real.split('.');
    let v = value;
    if (value === null) { parts[5] = '_'; parts[6] = '_'; v = parts.join('.'); }
    if (value === 'expired') { parts[2] = (Date.now() - 200 * 86400e3).toString(36); v = parts.join('.'); }
    if (value === 'future') { parts[2] = (Date.now() + 400 * 86400e3).toString(36); v = parts.join('.'); }
    const context = await env.browser.newContext();
    await context.addCookies([{ name: 'noren', value: v, url: env.base }]);
    const { page, log } = await open(env, '/t/basic.html', { reuse: context });
    await noLeakBeforeChoice(page, log);
    assert.equal(await page.evaluate(() => window.noren.getConsent().decided), false);
    assert.deepEqual(log.errors, []);
    await button(page, 'Accept all').click();
    await page.waitForFunction(() => window.order.length === 4);
  });
}

/** Adds a held analytics script that records `name` when it runs. */
function injectHeld(page, name) {
  return page.evaluate((n) => {
    const s = document.createElement('script');
    s.type = 'text/plain';
    s.dataset.consent = 'analytics';
    s.textContent = `window.order.push(${JSON.stringify(n)})`;
    document.body.append(s);
  }, name);
}

test('held tags added later run once consent allows them', async () => {
  const { page } = await open(env, '/t/basic.html');
  assert.equal(await settled(page), 'ok');
  await injectHeld(page, 'late');
  await page.waitForTimeout(200);
  assert.deepEqual(await ran(page), ['N']);
  await page.evaluate(() => window.noren.update({ categories: { analytics: true } }));
  await page.waitForFunction(() => window.order.includes('late'));
  await injectHeld(page, 'later');
  await page.waitForFunction(() => window.order.includes('later'));
  assert.deepEqual(await ran(page), ['N', 'A', 'B', 'late', 'later']);
});
