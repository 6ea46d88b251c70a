// The checker without Rust: every case runs through the native `noren` (what
// `cargo run -p noren-cli --bin noren` builds) and through the npm package's `noren`
// (bin/noren.mjs and the Rust checker compiled to wasm for Node, node/, which scripts/build.sh
// builds), from cli/ as cli/tests/checker.rs runs them: their stdout, stderr and exit code must
// be the same, byte for byte. The cases are cli/tests/checker.rs's (its golden .out files
// included), the help and version texts, usage errors, unreadable files, and every config of
// the corpus (tests/configs/corpus.mjs) plus IAB TCF/GPP ones.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CASES as CORPUS, base } from '../configs/corpus.mjs';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const cwd = join(repo, 'cli');
const dir = mkdtempSync(join(tmpdir(), 'noren-golden-'));
let native;

before(() => {
  assert.ok(existsSync(join(repo, 'node/noren_check.js')), 'the Node build is in node/: run scripts/build.sh first');
  // The checker as `cargo run -p noren-cli` builds it (the binary cargo reports).
  const out = execFileSync('cargo', ['build', '-q', '-p', 'noren-cli', '--bin', 'noren', '--message-format=json'], { cwd: repo, encoding: 'utf8' });
  native = out.split('\n').filter(Boolean).map((l) => JSON.parse(l))
    .find((m) => m.reason === 'compiler-artifact' && m.executable && m.target.name === 'noren').executable;
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a command from cli/: {code, stdout, stderr}. NOREN_DATABASE is left out: the native
 * help shows its value (the Node build has no environment variables). */
function run(cmd, argv) {
  const { NOREN_DATABASE, ...env } = process.env;
  const r = spawnSync(cmd, argv, { cwd, env, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const viaNode = (args) => run(process.execPath, [join(repo, 'bin/noren.mjs'), ...args]);
/** `noren ARGS…` both ways: [native, node]. */
const both = (args) => [run(native, args), viaNode(args)];

/** Writes a file into the test's folder; returns its path. */
function file(name, content) {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const CSP = 'tests/checker/csp.json';
/** A `noren` cookie value written now for tests/checker/csp.json (revision 2, its fingerprint
 * 1dku3cd), with its category and service bits (see src/consent/codec.rs). */
const cookie = (categories, services) => ['1', 'AAAAAAAAAAAA', Date.now().toString(36), '2', '1dku3cd', categories, services].join('.');
/** The same config with regions (the EU opt-in, Japan and the US opt-out; same fingerprint). */
const CSP_REGIONS = 'tests/checker/csp-regions.json';
/** "Accept all" stored under Japan's rules. */
const acceptedInJapan = () => `${cookie('H', 'D')}.JP`;

/** [arguments, exit code, the golden file stdout must equal, or a text it must (not) contain] */
const CASES = [
  [['check', 'tests/checker/bad.json'], 1, { golden: 'tests/checker/bad.out' }],
  [['check', 'tests/checker/gaps.json'], 0, { golden: 'tests/checker/gaps.out' }],
  [['check', 'tests/checker/gaps.json', '--deny-warnings'], 1, { golden: 'tests/checker/gaps.out' }],
  [['check', '../www/consent.json', '--deny-warnings'], 0, { contains: '0 error(s), 0 warning(s), 0 legal gap(s)' }],
  [['check', 'tests/checker/notjson.json'], 2],
  [['check', 'missing.json'], 2],
  [['check', 'tests'], 2],
  [['check', file('latin1.json', Buffer.from('{"revision": 1, "x": "\xe9"}', 'latin1'))], 2],
  [['check'], 2],
  [['check', 'tests/checker/gaps.json', '--frobnicate'], 2],
  [['frobnicate'], 2],
  [[], 2],
  [['--help'], 0, { contains: 'Commands:' }],
  [['-h'], 0],
  [['--version'], 0],
  [['-V'], 0],
  [['help'], 0],
  [['help', 'csp'], 0],
  [['check', '--help'], 0],
  [['disclosure', '--help'], 0],
  [['gpc', '--help'], 0],
  [['csp', '--help'], 0],
  [['serve', '--help'], 0],
  [['records', '--help'], 0],
  [['disclosure', 'tests/checker/gaps.json'], 0, { contains: '<dt>送信先</dt><dd>DMP Ltda.</dd>' }],
  [['disclosure', 'tests/checker/gaps.json', '--lang', 'en'], 0, { contains: '<html lang=en>' }],
  [['disclosure', 'tests/checker/bad.json'], 1],
  // Every built-in language is in the Node build too (text::builtin under the `node` feature).
  [['disclosure', '../www/consent.json', '--lang', 'fr'], 0, { contains: '<dt>Destinataire</dt><dd>Google LLC</dd>' }],
  [['disclosure', 'tests/checker/gaps.json', '--lang', 'ar-EG'], 0, { contains: '<html lang=ar dir=rtl>' }],
  [['disclosure', '../www/consent.json', '--lang', 'tlh'], 2],
  [['gpc', '--date', '2026-11-22'], 0],
  [['gpc'], 0],
  [['gpc', '--date', '22/11/2026'], 2],
  [['csp', CSP], 0],
  [['csp', CSP, '--cookie', '1.garbage'], 0],
  [['csp', CSP, '--cookie', cookie('D', 'B')], 0, { contains: 'stats.example.com *.stats.example.com static.example.net' }],
  [['csp', CSP, '--cookie', cookie('B', 'A')], 0],
  [['csp', CSP, '--module-origin', 'https://cdn.noren.example', '--cookie', cookie('H', 'D')], 0,
    { contains: 'blob: https://cdn.noren.example stats.example.com' }],
  [['csp', CSP, '--gpc'], 0],
  [['csp', 'tests/checker/bad.json'], 1],
  [['csp', CSP, '--cookie'], 2],
  [['csp', CSP, '--module-origin', 'cdn.example.com'], 2],
  [['csp', CSP, '--module-origin', 'https://x.com; script-src *'], 2],
  [['csp', CSP, '--frobnicate'], 2],
  [['csp', 'missing.json'], 2],
  // The visitor's region: a choice made under less strict rules opens nothing in a stricter one.
  [['csp', CSP_REGIONS, '--cookie', acceptedInJapan(), '--region', 'JP'], 0, { contains: ' ads.example.org' }],
  [['csp', CSP_REGIONS, '--cookie', acceptedInJapan(), '--region', 'US-CA'], 0, { contains: ' ads.example.org' }],
  [['csp', CSP_REGIONS, '--cookie', acceptedInJapan(), '--region', 'DE'], 0, { lacks: 'example.org' }],
  [['csp', CSP_REGIONS, '--cookie', acceptedInJapan()], 0, { lacks: 'example.org' }],
  [['csp', CSP_REGIONS, '--region', 'JP', '--gpc'], 0, { contains: ' stats.example.com', lacks: 'ads.example.org' }],
  [['csp', CSP_REGIONS, '--cookie', acceptedInJapan(), '--region', 'Germany'], 2, { lacks: 'example.org' }],
  [['csp', CSP_REGIONS, '--region', 'de'], 2],
];

for (const [args, code, want = {}] of CASES) {
  test(`noren ${args.join(' ')}`, () => {
    const [rust, node] = both(args);
    assert.equal(rust.code, code, `${rust.stdout}${rust.stderr}`);
    if (want.golden) assert.equal(rust.stdout, readFileSync(join(cwd, want.golden), 'utf8'));
    if (want.contains) assert.ok(rust.stdout.includes(want.contains), rust.stdout);
    if (want.lacks) assert.ok(!rust.stdout.includes(want.lacks), rust.stdout);
    assert.ok(rust.stdout || rust.stderr, 'the native noren printed something');
    assert.deepEqual(node, rust);
  });
}

// The IAB blocks are validated in the Node build too (the core's `node` feature has `iab`).
const tcf = { cmpId: 300, cmpVersion: 3, gvlUrl: '/vendor-list.json', vendors: [8, 21], publisherCountryCode: 'JP' };
const CONFIGS = [
  ...CORPUS.map(([name, , config]) => [name, config]),
  ['TCF and GPP', { ...base(), tcf, gpp: { sections: ['usnat'] } }],
  ['TCF and GPP, both wrong', { ...base(), tcf: { ...tcf, cmpId: 'x', vendors: [-1] }, gpp: { sections: ['nope'] } }],
];

test('every config of the corpus, and IAB ones: check, disclosure and csp alike', async () => {
  // The Node build in this process (the bin's own runs are the cases above): one load of the
  // module rather than a Node start for each of these runs.
  const { run: wasm } = await import('../../node/noren_check.js');
  CONFIGS.forEach(([name, config], i) => {
    const path = file(`config-${i}.json`, JSON.stringify(config));
    for (const args of [['check', path], ['disclosure', path, '--lang', 'en'], ['csp', path]]) {
      const rust = run(native, args);
      assert.deepEqual({ ...wasm(args, Date.now(), readFileSync) }, rust, `${name}: noren ${args.join(' ')}`);
    }
  });
  const [wrong] = both(['check', join(dir, `config-${CONFIGS.length - 1}.json`)]);
  assert.equal(wrong.code, 1);
  assert.match(wrong.stdout, /^error: tcf\.cmpId: /m);
});

test('serve and records are the native noren\'s: the Node build says so (exit 2)', () => {
  for (const args of [['serve'], ['records', 'verify']]) {
    const node = viaNode(args);
    assert.equal(node.code, 2);
    assert.equal(node.stdout, '');
    assert.match(node.stderr, /^noren: serve and records run in the native noren only/);
  }
});
