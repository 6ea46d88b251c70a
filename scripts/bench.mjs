// `npm run bench`: shipped bytes, then load-time figures in headless Chromium for the same page
// without a banner, with Noren (without and with IAB TCF/GPP), vanilla-cookieconsent and Klaro
// (both from the npm registry), on loopback and on a mobile-like network, files served gzipped.
// Each figure is the median over fresh browser contexts; the pages take turns run by run, so
// a busy machine weighs on all of them alike. A benchmark, not a test. docs/benchmark.md
// explains every figure.
//
//   node scripts/bench.mjs [--json] [--profile loopback|mobile] [--smoke]
//
// BENCH_RUNS sets the runs per page (default: 9 on loopback, 5 on the mobile-like profile).
// --json prints the medians and every run as JSON (progress goes to stderr). --smoke: one run
// of each page on loopback, no warm-up (checks that the harness works; figures meaningless).
import { chromium } from 'playwright-core';
import { cpus, loadavg } from 'node:os';
import { CHROMIUM_ARGS } from '../tests/e2e/helpers.mjs';
import { startBenchServer } from './bench/server.mjs';
import { MOUNTS, PAGES } from './bench/pages.mjs';
import { PROFILES } from './bench/profiles.mjs';
import { measure } from './bench/measure.mjs';
import { summarize, table } from './bench/report.mjs';

const args = process.argv.slice(2);
const json = args.includes('--json');
const smoke = args.includes('--smoke');
const only = args.includes('--profile') ? String(args[args.indexOf('--profile') + 1]) : smoke ? 'loopback' : null;
if (only && !PROFILES[only]) {
  console.error(`unknown profile ${only}: ${Object.keys(PROFILES).join(', ')}`);
  process.exit(2);
}
const profiles = Object.entries(PROFILES).filter(([name]) => !only || name === only);
const runsOf = (profile) => (smoke ? 1 : Number(process.env.BENCH_RUNS) || profile.runs);
const log = (line) => (json ? console.error : console.log)(line);

const sizes = Object.fromEntries(PAGES.filter((p) => p.shipped).map((p) => [p.name, p.shipped()]));
log(`${'Shipped bytes'.padEnd(42)} ${'raw'.padStart(8)} ${'gzip -9'.padStart(8)}`);
for (const [name, set] of Object.entries(sizes)) {
  log(`${name}:\n${set.lines.join('\n')}\n  ${'total'.padEnd(40)} ${String(set.raw).padStart(8)} ${String(set.zipped).padStart(8)}`);
}

const server = await startBenchServer(MOUNTS);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
const output = {
  date: new Date().toISOString(),
  chromium: browser.version(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model, loadBefore: loadavg()[0] },
  shipped: Object.fromEntries(Object.entries(sizes).map(([n, s]) => [n, { raw: s.raw, gzip9: s.zipped }])),
  profiles: {},
};
try {
  for (const [key, profile] of profiles) {
    const runs = runsOf(profile);
    const byPage = Object.fromEntries(PAGES.map((p) => [p.name, []]));
    if (!smoke) {
      log(`\n${profile.title}: warming up`);
      for (const page of PAGES) await measure(browser, server, page, profile);
    }
    for (let i = 0; i < runs; i++) {
      log(`${profile.title}: run ${i + 1} of ${runs}`);
      for (const page of PAGES) byPage[page.name].push(await measure(browser, server, page, profile));
    }
    const medians = summarize(byPage);
    const load = loadavg()[0];
    output.profiles[key] = { title: profile.title, network: profile.network, runs, load, medians, all: byPage };
    log(`\n### ${profile.title}: headless Chromium ${output.chromium}, a probed and a clean load in fresh contexts per run, median of ${runs}`);
    log(`(${output.machine.cpus} cores, load average ${output.machine.loadBefore.toFixed(1)} at the start, ${load.toFixed(1)} now)\n`);
    log(table(medians));
  }
} finally {
  await browser.close();
  await server.close();
}
if (json) console.log(JSON.stringify(output, null, 2));
