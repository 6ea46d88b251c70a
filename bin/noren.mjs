#!/usr/bin/env node
// The npm package's `noren` command. `noren scan URL …` is the scanner (scan/cli.mjs); every
// other command (check, disclosure, gpc, csp, --help, --version) is the Rust checker compiled
// to wasm for Node (node/noren_check.js, built by scripts/build.sh from checker/node/), which
// prints byte for byte what the native `noren` prints, with the same exit codes. This file only
// hands it the arguments, the clock and the files, and writes out what it returns.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args[0] === 'scan') {
  const { main } = await import('../scan/cli.mjs');
  process.exitCode = await main(args);
} else {
  const { run } = await import('../node/noren_check.js');
  // A file's bytes, or Node's error for the checker to word as the native noren does.
  const read = (path) => {
    try {
      return readFileSync(path);
    } catch (e) {
      return { code: String(e.code ?? ''), errno: Number(e.errno ?? 0), message: String(e.message) };
    }
  };
  const { code, stdout, stderr } = run(args, Date.now(), read);
  process.stdout.write(stdout);
  process.stderr.write(stderr);
  process.exitCode = code;
}
