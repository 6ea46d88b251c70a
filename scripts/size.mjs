// The shipped bytes (raw and gzip -9) of dist/, for sites without and with IAB TCF/GPP.
// `node scripts/size.mjs --budget N --iab-budget M` fails when either gzip total is over its
// budget (npm test holds the budget this way: the foundation was
// 39.7 KB against its 40 KB; raise the budget only with the measured cost of a feature);
// `npm run bench` prints the same table next to vanilla-cookieconsent's.
import { readFileSync } from 'node:fs';
import { gzipSync, constants } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
export const gz = (buf) => gzipSync(buf, { level: constants.Z_BEST_COMPRESSION }).length;

/** Sizes of [label, file] rows: printable lines and the raw and gzip totals. */
export function bytes(rows) {
  let raw = 0, zipped = 0;
  const lines = rows.map(([label, file]) => {
    const b = readFileSync(file);
    raw += b.length; zipped += gz(b);
    return `  ${label.padEnd(34)} ${String(b.length).padStart(8)} ${String(gz(b)).padStart(8)}`;
  });
  return { lines, raw, zipped };
}

/** What a visitor downloads: loader, glue, module (the CSS is inside the module). */
export function shipped() {
  return bytes([
    ['loader  dist/noren.js', here('../dist/noren.js')],
    ['glue    dist/noren_core.js', here('../dist/noren_core.js')],
    ['module  dist/noren_core_bg.wasm', here('../dist/noren_core_bg.wasm')],
  ]);
}

/** What a visitor of a site with IAB TCF or GPP (`tcf` / `gpp` in its config) downloads. */
export function shippedIab() {
  return bytes([
    ['loader  dist/noren-iab.js', here('../dist/noren-iab.js')],
    ['glue    dist/noren_tcf.js', here('../dist/noren_tcf.js')],
    ['module  dist/noren_tcf_bg.wasm', here('../dist/noren_tcf_bg.wasm')],
  ]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : Infinity;
  };
  let over = false;
  for (const [title, set, budget] of [
    ['every site (noren.js)', shipped(), arg('--budget')],
    ['sites with tcf or gpp (noren-iab.js)', shippedIab(), arg('--iab-budget')],
  ]) {
    console.log(`${title}:`);
    console.log(set.lines.join('\n'));
    console.log(`  ${'total'.padEnd(34)} ${String(set.raw).padStart(8)} ${String(set.zipped).padStart(8)}`);
    if (set.zipped > budget) {
      console.error(`over budget: ${set.zipped} bytes gzip -9, budget ${budget}`);
      over = true;
    }
  }
  if (over) process.exit(1);
}
