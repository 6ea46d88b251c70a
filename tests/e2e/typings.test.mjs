// What window.noren really returns matches src/noren.d.ts: the typings a site's developers
// compile against. The JSON objects the core writes (the record, TCData, the pings) are checked
// natively (src/typings.rs); the getConsent() snapshot and the events' payloads are built by
// the shell with js-sys, so they are checked here, in the browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { setup, open, settled, button } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

/** The members of `export interface <name>` in noren.d.ts: member name → TypeScript type. */
async function members(name) {
  const dts = await readFile(new URL('../../src/noren.d.ts', import.meta.url), 'utf8');
  const start = dts.indexOf(`export interface ${name} {`);
  assert.ok(start >= 0, `noren.d.ts declares ${name}`);
  const body = dts.slice(dts.indexOf('{', start) + 1, dts.indexOf('\n}', start));
  const out = {};
  for (const line of body.replace(/\/\*\*[\s\S]*?\*\//g, '').split('\n')) {
    const m = line.match(/^\s{2}(\w+)(\?)?:\s*(.+);\s*$/);
    if (m) out[m[1]] = m[3];
  }
  assert.ok(Object.keys(out).length > 0, `${name} has members`);
  return out;
}

/** Whether `value` is of the TypeScript type `type` (the forms noren.d.ts uses here). */
function fits(value, type) {
  return type.split('|').map((t) => t.trim()).some((t) => {
    if (t === 'null') return value === null;
    if (t === 'boolean' || t === 'number' || t === 'string') return typeof value === t;
    if (t === 'string[]') return Array.isArray(value) && value.every((v) => typeof v === 'string');
    const record = t.match(/^Record<string, (\w+)>$/);
    if (record) {
      return value !== null && typeof value === 'object' && !Array.isArray(value)
        && Object.values(value).every((v) => fits(v, record[1]));
    }
    const literal = t.match(/^'([^']*)'$/);
    if (literal) return value === literal[1];
    throw new Error(`the test does not know the type ${t}: teach fits() it`);
  });
}

/** Asserts that `value` has exactly the members of `name`, each of its declared type. */
async function assertShape(value, name, when) {
  const declared = await members(name);
  assert.deepEqual(Object.keys(value).sort(), Object.keys(declared).sort(), `${name} keys (${when})`);
  for (const [key, type] of Object.entries(declared)) {
    assert.ok(fits(value[key], type), `${name}.${key} is ${JSON.stringify(value[key])}, declared ${type} (${when})`);
  }
}

test('getConsent() and the events carry what noren.d.ts declares, before and after a choice', async () => {
  const { page, log } = await open(env, '/t/basic.html');
  assert.equal(await settled(page), 'ok');
  await page.evaluate(() => {
    window.payloads = [];
    for (const type of ['change', 'show', 'hide']) window.noren.on(type, (d) => window.payloads.push([type, d]));
  });
  await assertShape(await page.evaluate(() => window.noren.getConsent()), 'NorenConsent', 'undecided');
  await page.evaluate(() => window.noren.showPreferences());
  await page.getByRole('dialog').waitFor();
  await button(page, 'Accept all').click();
  await page.waitForFunction(() => window.payloads.some(([t]) => t === 'change'));
  const consent = await page.evaluate(() => window.noren.getConsent());
  assert.equal(consent.decided, true);
  await assertShape(consent, 'NorenConsent', 'after accepting');
  for (const [type, payload] of await page.evaluate(() => window.payloads)) {
    await assertShape(payload, type === 'change' ? 'NorenConsent' : 'NorenViewEvent', `${type} event`);
  }
  assert.deepEqual(log.errors, []);
});
