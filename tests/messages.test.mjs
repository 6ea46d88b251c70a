// The loader's console messages: one source (src/loader/messages.json) for the loader's codes,
// one (src/config/messages.json) for the config's, which the module finds and the checker
// prints, dist/messages.<hash>.json and docs/messages.md. Every code the loader or the config
// reader says has a sentence, every sentence is said, each parameter a sentence names is given
// where it is said, and the doc is the one the sources make.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { messages, doc, DOC, isConfig, read, CONFIG } from '../scripts/messages.mjs';

const loader = fileURLToPath(new URL('../src/loader/', import.meta.url));
const sources = readdirSync(loader).filter((f) => f.endsWith('.js')).map((f) => readFileSync(loader + f, 'utf8'));
const all = messages();
const core = fileURLToPath(new URL('../src/config/', import.meta.url));
const rust = readdirSync(core, { recursive: true }).filter((f) => f.endsWith('.rs')).map((f) => readFileSync(core + f, 'utf8'));

/** The codes the loader's sources say (`say('W7', …)`, `note('E9', …)`, `x ? 'W7' : 'W6'`). */
function said() {
  const codes = new Set();
  for (const s of sources) for (const m of s.matchAll(/'([EW]\d+)'/g)) codes.add(m[1]);
  return codes;
}

/** The codes the config's readers say (`c.error(path, "E105", &[])`, `wrong_type(…, "E131", …)`). */
function saidByRust() {
  const codes = new Set();
  for (const s of rust) for (const m of s.matchAll(/"([EW]1\d\d)"/g)) codes.add(m[1]);
  return codes;
}

test('every code the loader says has a sentence, and every sentence is said', () => {
  const codes = new Set([...said(), ...saidByRust()]);
  assert.deepEqual([...codes].filter((c) => !(c in all)), [], 'codes without a sentence');
  assert.deepEqual(Object.keys(all).filter((c) => !codes.has(c)), [], 'sentences nobody says');
});

test('each code is E<n> (an error) or W<n> (a warning), with a sentence and when it happens', () => {
  for (const [code, m] of Object.entries(all)) {
    assert.match(code, /^[EW][1-9]\d*$/);
    assert.equal(typeof m.text, 'string', code);
    if (!isConfig(code)) assert.ok(m.when?.length > 20, `${code} says when it happens`);
    assert.ok(!m.text.includes('`'), `${code}: no backtick (the doc shows the sentence as code)`);
  }
});

test("each parameter a sentence names is given where it is said, and only those", () => {
  for (const s of sources) {
    // say('E9', { url: …, reason: … }) and note(…): the call's code(s) and its object's keys.
    for (const m of s.matchAll(/\b(?:say|note)\(([^,{;]+)(?:, \{([^}]*)\})?/g)) {
      const codes = [...m[1].matchAll(/'([EW]\d+)'/g)].map((c) => c[1]);
      const keys = (m[2] || '').split(',').map((k) => k.trim().split(':')[0]).filter(Boolean).sort();
      for (const code of codes) {
        const named = [...new Set([...all[code].text.matchAll(/\{(\w+)\}/g)].map((p) => p[1]))].sort();
        // data-region's warning is said with regionUrl's (the url is undefined then: not shown).
        const given = code === 'W6' ? keys.filter((k) => k !== 'url') : keys;
        assert.deepEqual(given, named, `${code} in ${m[0]}`);
      }
    }
  }
});

test("the config's codes are from 100 up, and each sentence but the whole config's starts at its field's path", () => {
  for (const [code, m] of Object.entries(read(CONFIG))) {
    assert.ok(isConfig(code), code);
    if (code !== 'E100' && code !== 'E130') assert.ok(m.text.startsWith('{path}: '), code);
  }
});

test("the config readers give each parameter a sentence names (besides the path), and only those", () => {
  const names = (code) => [...new Set([...all[code].text.matchAll(/\{(\w+)\}/g)].map((p) => p[1]))].filter((p) => p !== 'path').sort();
  let calls = 0;
  for (const s of rust) {
    // c.error(path, "E140", &[("min", &from), ("max", &to)]), gap(…, "W115", &[("category", …)])
    for (const m of s.matchAll(/"([EW]1\d\d)",\s*&\[((?:\([^()]*(?:\([^()]*\)[^()]*)*\)|[^\]])*)\]/g)) {
      calls++;
      const keys = [...m[2].matchAll(/\(\s*"(\w+)"/g)].map((k) => k[1]).sort();
      assert.deepEqual(keys, names(m[1]), m[0]);
    }
    // wrong_type(path, "E131", found): the found value's type is the one parameter.
    for (const m of s.matchAll(/wrong_type\([^;]*?"(E1\d\d)"|"(E1\d\d)" \} else \{ "(E1\d\d)"/g)) {
      for (const code of m.slice(1).filter(Boolean)) { calls++; assert.deepEqual(names(code), ['found'], m[0]); }
    }
  }
  assert.ok(calls > 60, `${calls} calls checked`);
});

test('docs/messages.md is the one src/loader/messages.json makes (node scripts/messages.mjs)', () => {
  assert.equal(readFileSync(DOC, 'utf8'), doc(all));
});
