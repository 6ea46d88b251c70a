#!/usr/bin/env node
// `node scan/cli.mjs scan URL [options]`: runs scan(), prints a summary (or the JSON report
// with --json) and sets the exit code: 0 clean, 1 findings named by --fail-on, 2 could not scan.
import { parseArgs } from 'node:util';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scan, ScanError } from './scan.mjs';

export const USAGE = `usage: noren scan URL [--pages N] [--config consent.json] [--out DIR] [--lang en|ja]
                 [--browser PATH] [--fail-on leaks,undeclared] [--json] [--max-time SECONDS]
                 [--delay MS] [--browser-arg FLAG]...
  --pages N          visit at most N pages (20)
  --config FILE      compare with this config instead of the one the pages load
  --out DIR          write report.json, report.html, draft-services.json, consent.draft.json
  --lang ja          write the draft services' texts in Japanese (en)
  --browser PATH     the Chrome or Chromium to drive (default: /usr/bin/chromium, or on PATH)
  --fail-on LIST     findings that make the exit code 1: leaks, undeclared, cookies (declared
                     cookies after refusal), unmarked, stale, nonoren, or none (leaks,undeclared)
  --json             print the JSON report instead of the summary
  --max-time S       start no new page after S seconds (600)
  --delay MS         wait at least MS between pages (500; robots.txt's Crawl-delay if longer)
  --browser-arg F    one more Chromium flag (repeatable)
exit codes: 0 clean, 1 findings (see --fail-on), 2 could not scan`;

/** Which findings each --fail-on name covers. */
export const FAIL_ON = {
  leaks: ['leaks'],
  undeclared: ['undeclaredHosts', 'undeclaredCookies'],
  cookies: ['cookiesAfterRefusal'],
  unmarked: ['unmarkedTags'],
  stale: ['staleServices'],
  nonoren: ['pagesWithoutNoren'],
  none: [],
};

/** Reads argv (after `node cli.mjs`) into scan() options and output choices; throws ScanError on bad usage. */
export function parseCommandLine(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        pages: { type: 'string' }, config: { type: 'string' }, out: { type: 'string' }, lang: { type: 'string' },
        browser: { type: 'string' }, 'fail-on': { type: 'string' }, json: { type: 'boolean' },
        'max-time': { type: 'string' }, delay: { type: 'string' }, 'browser-arg': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new ScanError(e.message);
  }
  const { values: v, positionals } = parsed;
  if (v.help) return { help: true };
  if (positionals[0] !== 'scan' || positionals.length !== 2) throw new ScanError('expected: scan URL');
  const number = (name, fallback) => {
    if (v[name] === undefined) return fallback;
    const n = Number(v[name]);
    if (!Number.isInteger(n) || n < 0) throw new ScanError(`--${name} must be a whole number, not ${v[name]}`);
    return n;
  };
  const failOn = (v['fail-on'] ?? 'leaks,undeclared').split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of failOn) if (!FAIL_ON[name]) throw new ScanError(`--fail-on: unknown finding "${name}" (${Object.keys(FAIL_ON).join(', ')})`);
  return {
    options: {
      url: positionals[1], pages: number('pages', 20), maxTime: number('max-time', 600), delay: number('delay', 500),
      config: v.config, out: v.out, lang: v.lang ?? 'en', browser: v.browser, browserArgs: v['browser-arg'] || [],
    },
    failOn,
    json: !!v.json,
  };
}

/** The exit code for a report: 1 when any finding named by `failOn` is there, else 0. */
export function exitCode(report, failOn) {
  return failOn.some((name) => FAIL_ON[name].some((k) => report.findings[k].length)) ? 1 : 0;
}

const PASS = { none: 'no choice', reject: 'after Reject all', accept: 'after Accept all' };
const where = (i) => (i && i.url ? `${i.url}${i.line ? `:${i.line}` : ''} (${i.type})` : i?.type || 'unknown');

/** The terminal summary. */
export function summary(report, out) {
  const f = report.findings;
  const s = report.summary;
  const lines = [
    `Noren scan of ${report.url}: ${s.pages} page(s), ${s.pagesWithNoren} with Noren; ${s.requests} requests to ${s.hosts} hosts (${s.thirdPartyHosts} third-party); ${s.cookies} cookies; ${s.storageKeys} storage keys`,
    `config: ${report.config.kind}${report.config.location ? ` ${report.config.location}` : ''}${report.config.problem ? ` (${report.config.problem})` : ''}`,
  ];
  for (const other of report.config.others || []) {
    lines.push(`config also: ${other.kind} ${other.location}${other.problem ? ` (${other.problem})` : ''} on ${other.pages.join(' ')}`);
  }
  if (report.limits.truncated) lines.push(`stopped at the limit: ${report.limits.unvisited} page(s) not visited`);
  const section = (items, what, line) => {
    lines.push(`${items.length ? '✗' : '✓'} ${items.length} ${what}`);
    for (const x of items.slice(0, 20)) lines.push(`    ${line(x)}`);
    if (items.length > 20) lines.push(`    … and ${items.length - 20} more (see the report)`);
  };
  section(f.leaks, 'leak(s): requests to a service\'s hosts before consent or after refusal',
    (l) => `${l.page} [${PASS[l.pass]}, ${l.when}] ${l.service}: ${l.url} ← ${where(l.initiator)}`);
  section(f.undeclaredHosts, 'undeclared host(s)', (h) => `${h.host} [${h.passes.map((p) => PASS[p]).join(', ')}] loaded by ${h.initiators.join(' ') || 'the page'}`);
  section(f.undeclaredCookies, 'undeclared cookie(s)', (c) => `${c.name} (${c.domain}, ${c.thirdParty ? 'third' : 'first'} party, ${c.lifetimeDays == null ? 'session' : `${c.lifetimeDays} days`}) set by ${c.setBy.join(' ') || 'unknown'}`);
  section(f.cookiesAfterRefusal, 'declared cookie(s) still there after Reject all', (c) => `${c.page}: ${c.name} (${c.service})`);
  section(f.unmarkedTags, 'tag(s) that should be held but are not marked', (t) => `${t.page}: <${t.tag}> ${t.url} (${t.service}): ${t.problem}`);
  section(f.staleServices, 'declared service(s) never seen', (x) => `${x.id} (${x.name})`);
  section(f.pagesWithoutNoren, 'page(s) without Noren', (u) => u);
  if (f.passErrors.length) section(f.passErrors, 'pass(es) that went wrong', (e) => `${e.page} [${PASS[e.pass]}]: ${e.error}`);
  if (report.draft.services.length) lines.push(`draft: ${report.draft.services.length} service(s) for what is undeclared: ${report.draft.services.map((x) => x.id).join(', ')}`);
  if (out) lines.push(`written: ${out}/report.json, report.html, draft-services.json${report.config.kind !== 'none' ? ', consent.draft.json' : ''}`);
  return lines.join('\n');
}

/** A one-line progress bar for a TTY. */
function progress(stream) {
  return ({ done, total, url }) => {
    const width = 24;
    const filled = total ? Math.round((done / total) * width) : 0;
    const text = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${url || 'done'}`;
    stream.write(`\r\x1b[K${text.slice(0, (stream.columns || 100) - 1)}${url ? '' : '\n'}`);
  };
}

/** Runs the command; returns the exit code. */
export async function main(argv, io = { stdout: process.stdout, stderr: process.stderr }) {
  let cmd;
  try {
    cmd = parseCommandLine(argv);
  } catch (e) {
    io.stderr.write(`noren scan: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  if (cmd.help) { io.stdout.write(`${USAGE}\n`); return 0; }
  try {
    const onProgress = io.stderr.isTTY && !cmd.json ? progress(io.stderr) : undefined;
    const report = await scan({ ...cmd.options, onProgress });
    io.stdout.write(cmd.json ? `${JSON.stringify(report, null, 2)}\n` : `${summary(report, cmd.options.out)}\n`);
    return exitCode(report, cmd.failOn);
  } catch (e) {
    io.stderr.write(`noren scan: could not scan: ${e instanceof ScanError ? e.message : e.stack || e}\n`);
    return 2;
  }
}

// Run as a program (`node scan/cli.mjs scan URL`); the npm package's `noren` bin
// (bin/noren.mjs) calls main() itself.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
