// Sends consent records to `noren serve` at a rising rate from loopback clients (open loop:
// requests start on schedule whether or not earlier ones have answered, at most 512 in
// flight), for SQLite and PostgreSQL, and prints per step the achieved records/s (2xx
// answers), p50 and p99 latency, and the highest sustained rate. Run by scripts/bench-server.sh.
import { Agent, request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNorenServer } from './serve.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const RATES = (process.env.BENCH_RATES || '250,500,1000,2000,4000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS || 4);
const MAX_IN_FLIGHT = 512;

let serial = 0;
function record() {
  const id = `b${process.pid.toString(36)}${(serial++).toString(36).padStart(8, '0')}`;
  return JSON.stringify({
    version: 1, id, consentId: `c${id}`, time: new Date().toISOString(), action: 'accept-all',
    regime: 'opt-in', revision: 1, language: 'ja', categories: { necessary: true, analytics: true, ads: true },
    services: { ga: true, adnet: true }, personalData: [], signals: { gpc: false },
    url: 'https://shop.example/ja/', cmp: 'noren/0.1.0',
  });
}

function post(url, agent, body) {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'text/plain' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ ok: res.statusCode < 300, ms: Number(process.hrtime.bigint() - start) / 1e6 }));
    });
    req.on('error', () => resolve({ ok: false, ms: Number(process.hrtime.bigint() - start) / 1e6 }));
    req.end(body);
  });
}

const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : NaN);

async function step(url, agent, rate) {
  const total = rate * SECONDS;
  const pending = [];
  let inFlight = 0;
  let dropped = 0;
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    if (inFlight >= MAX_IN_FLIGHT) { dropped++; continue; }
    inFlight++;
    pending.push(post(url, agent, record()).then((r) => { inFlight--; return r; }));
  }
  const results = await Promise.all(pending);
  const elapsed = (performance.now() - t0) / 1000;
  const ok = results.filter((r) => r.ok);
  const ms = ok.map((r) => r.ms).sort((a, b) => a - b);
  return { rate, sent: results.length, ok: ok.length, failed: results.length - ok.length + dropped,
    perSecond: ok.length / elapsed, p50: pct(ms, 0.5), p99: pct(ms, 0.99) };
}

async function bench(name, database) {
  const server = await startNorenServer({
    database, bin: process.env.NOREN_BENCH_BIN || join(repo, 'target', 'server', 'noren'),
    args: ['--records-per-minute', '100000000', '--connections', '16'],
  });
  const agent = new Agent({ keepAlive: true, maxSockets: 128 });
  const url = `${server.url}/noren/records`;
  console.log(`\n${name}`);
  console.log('target/s  sent   2xx    failed  records/s   p50 ms   p99 ms');
  let best = 0;
  for (const rate of RATES) {
    const s = await step(url, agent, rate);
    console.log(`${String(rate).padStart(8)}  ${String(s.sent).padStart(5)}  ${String(s.ok).padStart(5)}  ${String(s.failed).padStart(6)}  ${s.perSecond.toFixed(0).padStart(9)}  ${s.p50.toFixed(1).padStart(7)}  ${s.p99.toFixed(1).padStart(7)}`);
    if (s.failed === 0 && s.p99 < 250) best = Math.max(best, s.perSecond);
  }
  console.log(`sustained (no failure, p99 < 250 ms): ${best.toFixed(0)} records/s`);
  agent.destroy();
  await server.stop();
}

const dir = await mkdtemp(join(tmpdir(), 'noren-bench-'));
try {
  await bench('SQLite (a file, WAL, synchronous=FULL)', `sqlite:${join(dir, 'bench.db')}`);
  const pg = process.env.NOREN_TEST_POSTGRES_URL;
  if (pg) await bench('PostgreSQL 15 (loopback, fsync on)', pg);
  else console.log('\nPostgreSQL: skipped (NOREN_TEST_POSTGRES_URL not set; run through scripts/bench-server.sh)');
} finally {
  await rm(dir, { recursive: true, force: true });
}
