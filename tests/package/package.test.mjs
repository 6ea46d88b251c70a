// The npm package as a site installs it: `npm pack`, then `npm install` of the tarball into an
// empty project, then a page served from the installed files (with Subresource Integrity on
// the loader) shows the notice and runs a held tag after "Accept all".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { installPackage, serveInstalled, pkg, repo } from './install.mjs';

let work, project, installed, site, browser, base;

before(async () => {
  ({ work, project, installed } = installPackage('noren-pack-', 'site'));
  const www = join(project, 'www');
  mkdirSync(www);
  const loader = readFileSync(join(installed, 'dist', 'noren.js'));
  const sri = 'sha384-' + createHash('sha384').update(loader).digest('base64');
  writeFileSync(join(www, 'consent.json'), JSON.stringify({
    revision: 1,
    categories: [
      { id: 'necessary', required: true, title: 'Necessary', description: 'The site needs these.' },
      { id: 'analytics', title: 'Analytics', description: 'How the site is used.' },
    ],
  }));
  writeFileSync(join(www, 'index.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Installed</title>
<script src="/noren/noren.js" integrity="${sri}" crossorigin="anonymous" data-config="/consent.json"></script>
<script src="/held.js" type="text/plain" data-consent="analytics"></script>
</head><body><h1>Installed from the package</h1></body></html>`);
  writeFileSync(join(www, 'held.js'), 'window.heldRan = true;');
  site = await serveInstalled(installed, www, work);
  ({ browser, base } = site);
});

after(async () => {
  await site?.close();
});

test('the package holds what ships and nothing else', () => {
  const files = [];
  const walk = (dir, prefix) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name), prefix + e.name + '/');
      else files.push(prefix + e.name);
    }
  };
  walk(installed, '');
  files.sort();
  const hashed = (name, ext) => files.some((f) => new RegExp(`^dist/${name}\\.[0-9a-f]{10}\\.${ext}$`).test(f));
  for (const [name, ext] of [['noren_core', 'js'], ['noren_core', 'wasm'], ['noren_iab', 'js'], ['noren_iab', 'wasm']]) {
    assert.ok(hashed(name, ext), `${name}.<hash>.${ext} is in the package`);
  }
  // The wording: one folder, two files per language (without and with the TCF part).
  const wording = files.filter((f) => /^dist\/wording\.[0-9a-f]{10}\//.test(f));
  const languages = readdirSync(join(repo, 'src/wording')).filter((f) => f !== 'terms.json' && f.endsWith('.json'));
  assert.deepEqual(wording.map((f) => f.split('/').pop()).sort(),
    languages.flatMap((f) => [f, f.replace(/\.json$/, '.iab.json')]).sort());
  assert.equal(new Set(wording.map((f) => f.split('/')[1])).size, 1, 'one wording folder');
  // The loaders' console messages (docs/messages.md): one content-hashed file.
  assert.equal(files.filter((f) => /^dist\/messages\.[0-9a-f]{10}\.json$/.test(f)).length, 1, 'one file of messages');
  const fixed = files.filter((f) => !/\.[0-9a-f]{10}\.(js|wasm|json)$/.test(f) && !f.startsWith('scan/') && !wording.includes(f));
  assert.deepEqual(files.filter((f) => f.startsWith('scan/')).sort(), readdirSync(join(repo, 'scan')).map((f) => 'scan/' + f).sort(),
    'the scanner, as in the repo');
  assert.deepEqual(fixed, ['CHANGELOG.md', 'LICENSE-APACHE', 'LICENSE-MIT', 'README.md', 'bin/noren.mjs', 'dist/noren-disclosure.css',
    'dist/noren-head.json', 'dist/noren-iab.js', 'dist/noren.d.ts', 'dist/noren.js', 'dist/noren.schema.json', 'docs/messages.md', 'docs/noren.png', 'node/noren_check.js',
    'node/noren_check_bg.wasm', 'package.json']);
  assert.equal(files.filter((f) => /\.[0-9a-f]{10}\.(js|wasm)$/.test(f)).length, 4);
});

test("the README's pictures are in the package (npmjs.com shows the README from it)", () => {
  const readme = readFileSync(join(installed, 'README.md'), 'utf8');
  const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)[^)]*\)|<img[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1] ?? m[2]);
  assert.ok(images.includes('docs/noren.png'), `the README shows docs/noren.png: ${images}`);
  for (const src of images.filter((s) => !/^[a-z][a-z0-9+.-]*:/i.test(s))) {
    assert.ok(existsSync(join(installed, src.split('#')[0])), `${src} is in the package`);
  }
  assert.ok(readFileSync(join(installed, 'docs/noren.png')).subarray(1, 4).equals(Buffer.from('PNG')), 'a PNG');
});

test('the exports resolve from an installing project', () => {
  const resolve = (spec) => execFileSync('node', ['--input-type=module', '-e', `console.log(import.meta.resolve(${JSON.stringify(spec)}))`],
    { cwd: project, encoding: 'utf8' }).trim();
  assert.ok(resolve(pkg.name).endsWith('/dist/noren.js'));
  assert.ok(resolve(`${pkg.name}/iab`).endsWith('/dist/noren-iab.js'));
  assert.ok(resolve(`${pkg.name}/types`).endsWith('/dist/noren.d.ts'));
  assert.ok(resolve(`${pkg.name}/schema`).endsWith('/dist/noren.schema.json'));
});

test('one version: package.json, Cargo.toml, noren.version and the records agree', async () => {
  const cargo = readFileSync(join(repo, 'Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];
  assert.equal(pkg.version, cargo);
  assert.match(pkg.version, /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(base + '/');
  assert.equal(await page.evaluate(() => window.noren.version), pkg.version);
  await context.close();
});

test('a page served from the installed files works, loader under Subresource Integrity', async () => {
  const context = await browser.newContext();
  await context.route((url) => !url.href.startsWith(base), (route) => route.abort());
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(base + '/');
  await page.getByRole('button', { name: 'Accept all', exact: true }).click();
  await page.waitForFunction(() => window.heldRan === true);
  const consent = await page.evaluate(() => window.noren.getConsent());
  assert.equal(consent.categories.analytics, true);
  assert.deepEqual(errors, []);
  await context.close();
});

test('npm run release: the zip holds the package files, the manifest their sizes and SRI hashes', async () => {
  const { unzipSync } = await import('fflate');
  execFileSync('node', [join(repo, 'scripts/release.mjs')], { cwd: repo });
  const name = `noren-${pkg.version}`;
  const manifest = JSON.parse(readFileSync(join(repo, 'release', `${name}.manifest.json`), 'utf8'));
  const zip = unzipSync(readFileSync(join(repo, 'release', `${name}.zip`)));
  const inZip = Object.keys(zip).map((p) => p.slice(name.length + 1)).sort();
  assert.deepEqual(inZip, Object.keys(manifest.files).sort());
  for (const [path, { size, integrity }] of Object.entries(manifest.files)) {
    const bytes = readFileSync(join(repo, path));
    assert.equal(size, bytes.length, path);
    assert.equal(integrity, 'sha384-' + createHash('sha384').update(bytes).digest('base64'), path);
    assert.ok(Buffer.from(zip[`${name}/${path}`]).equals(bytes), path);
  }
  for (const f of ['dist/noren.js', 'dist/noren-iab.js', 'LICENSE-MIT', 'LICENSE-APACHE', 'CHANGELOG.md']) assert.ok(manifest.files[f], f);
});

test('npx noren-cmp check, offline: the installed checker prints what the native noren prints', () => {
  const out = execFileSync('cargo', ['build', '-q', '-p', 'noren-cli', '--bin', 'noren', '--message-format=json'], { cwd: repo, encoding: 'utf8' });
  const native = out.split('\n').filter(Boolean).map((l) => JSON.parse(l))
    .find((m) => m.reason === 'compiler-artifact' && m.executable && m.target.name === 'noren').executable;
  const { npm_config_offline, ...env } = process.env;
  const run = (cmd, args) => {
    const r = spawnSync(cmd, args, { cwd: project, encoding: 'utf8', env: { ...env, npm_config_offline: 'true' } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  writeFileSync(join(project, 'broken.json'), '{"revision": -1, "categories": []}');
  for (const args of [['check', 'www/consent.json'], ['check', 'broken.json'], ['csp', 'www/consent.json'], ['--help']]) {
    const npx = run('npx', ['--offline', pkg.name, ...args]);
    assert.deepEqual(npx, run(native, args), `npx ${pkg.name} ${args.join(' ')}`);
  }
  assert.equal(run('npx', ['--offline', pkg.name, 'check', 'broken.json']).code, 1);
  assert.deepEqual(run('npx', ['--offline', pkg.name, '--version']), { code: 0, stdout: `noren ${pkg.version}\n`, stderr: '' });
});

test('npx noren-cmp scan: the installed bin scans the installed page in headless Chromium', async () => {
  const bin = join(project, 'node_modules', '.bin', 'noren');
  // Asynchronously: the page's server runs in this process.
  const { stdout } = await promisify(execFile)(bin, ['scan', base + '/', '--pages', '1', '--json', '--delay', '0'],
    { cwd: project, maxBuffer: 1 << 26 });
  const report = JSON.parse(stdout);
  assert.equal(report.pages.length, 1);
  assert.equal(report.pages[0].noren, true, 'Noren found on the page');
  assert.deepEqual(Object.keys(report.pages[0].passes), ['none', 'reject', 'accept']);
});
