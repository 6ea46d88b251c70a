// The loader's console messages: one source (src/loader/messages.json) for the loader's codes,
// dist/messages.<hash>.json and docs/messages.md. Every code the loader says has a sentence,
// every sentence is said, each parameter a sentence names is given where it is said, and the
// doc is the one the source makes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { messages, doc, DOC } from '../scripts/messages.mjs';

const loader = fileURLToPath(new URL('../src/loader/', import.meta.url));
const sources = readdirSync(loader).filter((f) => f.endsWith('.js')).map((f) => readFileSync(loader + f, 'utf8'));
const all = messages();

/** The codes the loader's sources say (`say('W7', …)`, `note('E9', …)`, `x ? 'W7' : 'W6'`). */
function said() {
  const codes = new Set();
  for (const s of sources) for (const m of s.matchAll(/'([EW]\d+)'/g)) codes.add(m[1]);
  return codes;
}

test('every code the loader says has a sentence, and every sentence is said', () => {
  const codes = said();
  assert.deepEqual([...codes].filter((c) => !(c in all)), [], 'codes without a sentence');
  assert.deepEqual(Object.keys(all).filter((c) => !codes.has(c)), [], 'sentences nobody says');
});

test('each code is E<n> (an error) or W<n> (a warning), with a sentence and when it happens', () => {
  for (const [code, m] of Object.entries(all)) {
    assert.match(code, /^[EW][1-9]\d*$/);
    assert.equal(typeof m.text, 'string', code);
    assert.ok(m.when?.length > 20, `${code} says when it happens`);
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

test('docs/messages.md is the one src/loader/messages.json makes (node scripts/messages.mjs)', () => {
  assert.equal(readFileSync(DOC, 'utf8'), doc(all));
});
