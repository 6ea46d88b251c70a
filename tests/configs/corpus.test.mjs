// The JSON Schema and the checker judge every config of the corpus alike: the schema accepts
// a config exactly when `noren check` reports neither an error nor a warning (legal gaps are
// advice, not validity). Cross-field rules, which JSON Schema cannot express, are the
// checker's alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import { CASES } from './corpus.mjs';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const schema = JSON.parse(readFileSync(join(repo, 'src/noren.schema.json'), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
const dir = mkdtempSync(join(tmpdir(), 'noren-corpus-'));
let noren;

before(() => {
  // The checker as `cargo run -p noren-cli` builds it (the binary cargo reports).
  const out = execFileSync('cargo', ['build', '-q', '-p', 'noren-cli', '--bin', 'noren', '--message-format=json'], { cwd: repo, encoding: 'utf8' });
  noren = out.split('\n').filter(Boolean).map((l) => JSON.parse(l))
    .find((m) => m.reason === 'compiler-artifact' && m.executable && m.target.name === 'noren').executable;
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** The checker's verdict: {errors, warnings} from its summary line. */
function check(config, name) {
  const file = join(dir, name.replace(/[^a-z0-9]+/gi, '-') + '.json');
  writeFileSync(file, JSON.stringify(config));
  const r = spawnSync(noren, ['check', file], { encoding: 'utf8' });
  const m = r.stdout.match(/(\d+) error\(s\), (\d+) warning\(s\), \d+ legal gap\(s\)\s*$/);
  assert.ok(m, `noren check printed a summary for ${name}: ${r.stdout} ${r.stderr}`);
  return { errors: Number(m[1]), warnings: Number(m[2]), output: r.stdout, status: r.status };
}

for (const [name, valid, config, crossField] of CASES) {
  test(`${valid ? 'valid' : 'invalid'}: ${name}`, () => {
    const c = check(config, name);
    const checkerValid = c.errors === 0 && c.warnings === 0;
    assert.equal(checkerValid, valid, `noren check: ${c.output}`);
    assert.equal(c.status, c.errors ? 1 : 0);
    const schemaValid = validate(config);
    if (crossField) {
      assert.equal(schemaValid, true, 'a cross-field rule the schema cannot express');
    } else {
      assert.equal(schemaValid, valid, `schema: ${JSON.stringify(validate.errors)}`);
    }
  });
}

test('the demo and the recipes configs are valid to both', () => {
  const configs = [['www/consent.json', JSON.parse(readFileSync(join(repo, 'www/consent.json'), 'utf8'))]];
  for (const recipe of readdirSync(join(repo, 'docs/recipes')).filter((f) => f.endsWith('.md'))) {
    const md = readFileSync(join(repo, 'docs/recipes', recipe), 'utf8');
    for (const m of md.matchAll(/```json file=consent\.json\n([\s\S]*?)```/g)) configs.push([recipe, JSON.parse(m[1])]);
  }
  assert.ok(configs.length >= 7);
  for (const [name, config] of configs) {
    assert.ok(validate(config), `${name}: ${JSON.stringify(validate.errors)}`);
    const c = check(config, name);
    assert.equal(c.errors + c.warnings, 0, c.output);
  }
});

test('the schema has an absolute, versioned $id', () => {
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  assert.equal(schema.$id, `https://unpkg.com/${pkg.name}@${pkg.version}/dist/noren.schema.json`);
});
