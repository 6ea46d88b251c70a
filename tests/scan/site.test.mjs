// The scanner end to end in headless Chromium: the fixture site (every *.test host is the
// local fixture server; every other request is aborted) gives exactly the committed expected
// report; its draft services pass the config checker and, served as the site's config, make
// a second scan free of undeclared hosts and cookies; the CLI's exit codes; the demo.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { scan } from '../../scan/scan.mjs';
import { startServer } from '../../scripts/serve.mjs';
import { startFixtureServer } from './server.mjs';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../..', import.meta.url));
const expectedFile = fileURLToPath(new URL('expected-report.json', import.meta.url));
const cli = join(repo, 'scan/cli.mjs');

/** The report without what changes from run to run: times, the browser, the server's port. */
function normalise(report, port) {
  const { startedAt, finishedAt, durationMs, browser, ...rest } = report;
  assert.ok(startedAt && finishedAt && durationMs >= 0 && browser, 'the volatile fields are there');
  // The module's and the wording's file names carry a content hash that changes with every build.
  return JSON.parse(JSON.stringify(rest).replaceAll(`:${port}`, ':PORT')
    .replace(/noren_(core|tcf)\.[0-9a-f]{10}\.(js|wasm)/g, 'noren_$1.HASH.$2')
    .replace(/wording\.[0-9a-f]{10}\//g, 'wording.HASH/')
    .replace(/messages\.[0-9a-f]{10}\.json/g, 'messages.HASH.json'));
}

/** Runs the CLI; resolves to {code, stdout, stderr}. */
async function runCli(args) {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { cwd: repo, maxBuffer: 1 << 26 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    if (typeof e.code !== 'number') throw e;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

test('the fixture site: the exact report, a draft the checker accepts, and a clean second scan', async (t) => {
  const server = await startFixtureServer();
  const out = await mkdtemp(join(tmpdir(), 'noren-scan-'));
  t.after(async () => { await server.close(); await rm(out, { recursive: true, force: true }); });
  const { port } = server;
  const start = `http://shop.test:${port}/`;
  const only = (url) => { const u = new URL(url); return u.hostname.endsWith('.test') && u.port === String(port); };
  const report = await scan({ url: start, only, delay: 0, out, browserArgs: ['--host-resolver-rules=MAP *.test 127.0.0.1'] });

  const actual = normalise(report, port);
  if (process.env.UPDATE_EXPECTED) await writeFile(expectedFile, JSON.stringify(actual, null, 2) + '\n');
  assert.deepEqual(actual, JSON.parse(await readFile(expectedFile, 'utf8')));
  // What the fixtures plant, said once more in words.
  const f = report.findings;
  assert.ok(f.leaks.some((l) => l.url.includes('/collect?from=site') && l.initiator.url.endsWith('/site.js')), 'the planted fetch() leak, with its script');
  assert.ok(f.leaks.some((l) => l.url.includes('ads.test') && l.initiator.type === 'parser'), 'the unmarked ad tag in <head>');
  assert.deepEqual(f.undeclaredHosts.map((h) => h.host), ['undeclared.test']);
  assert.deepEqual(f.undeclaredCookies.map((c) => c.name), ['_und']);
  assert.deepEqual(f.staleServices.map((s) => s.id), ['chat']);
  assert.deepEqual(f.pagesWithoutNoren, [`http://shop.test:${port}/plain.html`]);
  assert.deepEqual(report.skipped, [{ url: `http://shop.test:${port}/private/secret.html`, reason: 'disallowed by robots.txt' }]);
  assert.equal(server.hits.get('shop.test/private/secret.html'), undefined, 'robots.txt kept the scan out');
  assert.equal(server.hits.get('shop.test/robots.txt'), 1);
  assert.equal(server.hits.get('shop.test/sitemap.xml'), 1);
  assert.equal(server.hits.get('shop.test/'), 3, 'three visits of the home page, one per pass');
  assert.equal(server.hits.get('shop.test/plain.html'), 3, 'a page without Noren is loaded in each pass, reported once');
  // Held tags reached only after "Accept all".
  for (const host of ['tagman.test', 'px.ads.test', 'video.test']) {
    assert.deepEqual(report.hosts.find((h) => h.host === host).passes, ['accept'], host);
  }
  const html = await readFile(join(out, 'report.html'), 'utf8');
  assert.ok(html.includes('undeclared.test') && (html.match(/<svg /g) || []).length === report.pages.length);

  // The draft, added to the config, passes the checker.
  const draftConfig = join(out, 'consent.draft.json');
  const check = await run('cargo', ['run', '-q', '-p', 'noren-cli', '--bin', 'noren', '--', 'check', draftConfig], { cwd: repo });
  assert.match(check.stdout, / 0 error\(s\)/);

  // Served as the site's config, it leaves nothing undeclared: exit 0 when failing on undeclared
  // only; the planted leak is a markup bug no config fixes, so the default still exits 1.
  server.override('shop.test/consent.json', await readFile(draftConfig, 'utf8'));
  const second = await runCli(['scan', start, '--json', '--delay', '0', '--fail-on', 'undeclared', '--browser-arg=--host-resolver-rules=MAP * 127.0.0.1']);
  assert.equal(second.code, 0, second.stderr);
  const again = JSON.parse(second.stdout);
  assert.deepEqual([again.findings.undeclaredHosts, again.findings.undeclaredCookies], [[], []]);
  assert.deepEqual(again.findings.leaks, report.findings.leaks, 'the same leaks');
  assert.deepEqual(again.findings.staleServices.map((s) => s.id), ['chat']);
});

test('the CLI: usage errors and an unreachable site exit 2', async () => {
  const usage = await runCli(['scan']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /expected: scan URL/);
  const bad = await runCli(['scan', 'ftp://x.test/']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /only http and https/);
  const closed = createServer();
  await new Promise((r) => closed.listen(0, '127.0.0.1', r));
  const port = closed.address().port;
  await new Promise((r) => closed.close(r));
  const none = await runCli(['scan', `http://127.0.0.1:${port}/`, '--browser-arg=--host-resolver-rules=MAP * 127.0.0.1']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, new RegExp(`could not scan: no page could be scanned: http://127\\.0\\.0\\.1:${port}/: could not load: .*ERR_CONNECTION_REFUSED`));
  const noBrowser = await runCli(['scan', 'http://127.0.0.1:9/', '--browser', '/nonexistent/chromium']);
  assert.equal(noBrowser.code, 2);
  assert.match(noBrowser.stderr, /cannot run the browser/);
});

test('the demo: Noren on every page, nothing undeclared, no leak, with both of its configs', async (t) => {
  const server = await startServer({ port: 0 });
  t.after(() => new Promise((r) => server.close(r)));
  const base = `http://127.0.0.1:${server.address().port}`;
  // The ads page has its own inline config (with TCF); the pages it links to load /consent.json.
  const report = await scan({ url: `${base}/ads.html`, only: (u) => u.startsWith(base), delay: 0, pages: 3 });
  assert.equal(report.pages.length, 3);
  assert.ok(report.pages.every((p) => p.noren && Object.keys(p.passes).join() === 'none,reject,accept'));
  assert.equal(report.config.kind, 'inline');
  assert.match(report.pages[0].config, /^#noren-config sha256:[0-9a-f]{16}$/);
  assert.deepEqual(report.config.others.map((o) => [o.kind, o.location, o.pages.length]), [['url', `${base}/consent.json`, 2]]);
  const f = report.findings;
  assert.deepEqual([f.leaks, f.undeclaredHosts, f.undeclaredCookies, f.cookiesAfterRefusal, f.unmarkedTags, f.passErrors], [[], [], [], [], [], []]);
  // The demo's analytics and ad tags set their declared cookies only after "Accept all".
  const cookie = (name) => report.cookies.find((c) => c.name === name);
  assert.deepEqual([cookie('_ga').service, cookie('_ga').passes], ['ga', ['accept']]);
  assert.deepEqual([cookie('noren').noren, cookie('noren').passes], [true, ['reject', 'accept']]);
});
