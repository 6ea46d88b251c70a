// The shipped bytes (raw and gzip -9) of dist/, for sites without and with IAB TCF/GPP.
// `node scripts/size.mjs --budget N --iab-budget M` fails when either gzip total is over its
// budget (npm test holds the budget this way: the foundation was
// 39.7 KB against its 40 KB; raise the budget only with the measured cost of a feature);
// `npm run bench` prints the same table next to vanilla-cookieconsent's.
import { readFileSync, readdirSync } from 'node:fs';
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
    return `  ${label.padEnd(40)} ${String(b.length).padStart(8)} ${String(gz(b)).padStart(8)}`;
  });
  return { lines, raw, zipped };
}

/** The content-hashed file of a module in dist/ (`noren_core.<hash>.wasm`). */
export function hashed(name, ext) {
  const re = new RegExp(`^${name}\\.[0-9a-f]+\\.${ext}$`);
  const found = readdirSync(here('../dist')).filter((f) => re.test(f));
  if (found.length !== 1) throw new Error(`dist/ has ${found.length} files ${name}.<hash>.${ext} (build first)`);
  return found[0];
}

/** The content-hashed folder of the wording files (`wording.<hash>`). */
export function wordingDir() {
  const found = readdirSync(here('../dist')).filter((f) => /^wording\.[0-9a-f]+$/.test(f));
  if (found.length !== 1) throw new Error(`dist/ has ${found.length} folders wording.<hash> (build first)`);
  return found[0];
}

/** A loader, its module pair and one language's wording (`file`: English) as size rows. */
function set(loader, name, file) {
  const js = hashed(name, 'js'), wasm = hashed(name, 'wasm'), words = `${wordingDir()}/${file}`;
  return bytes([
    [`loader  dist/${loader}`, here(`../dist/${loader}`)],
    [`glue    dist/${js}`, here(`../dist/${js}`)],
    [`module  dist/${wasm}`, here(`../dist/${wasm}`)],
    [`wording dist/${words}`, here(`../dist/${words}`)],
  ]);
}

/** What a visitor downloads: loader, glue, module (the CSS is inside the module), one language. */
export const shipped = () => set('noren.js', 'noren_core', 'en.json');

/** What a visitor of a site with IAB TCF or GPP (`tcf` / `gpp` in its config) downloads. */
export const shippedIab = () => set('noren-iab.js', 'noren_iab', 'en.iab.json');

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
    console.log(`  ${'total'.padEnd(40)} ${String(set.raw).padStart(8)} ${String(set.zipped).padStart(8)}`);
    if (set.zipped > budget) {
      console.error(`over budget: ${set.zipped} bytes gzip -9, budget ${budget}`);
      over = true;
    }
  }
  if (over) process.exit(1);
}
