// Writes dist/noren-head.json: what a site may put in <head> for each loader (docs/loading.md).
// For the loader inlined in the page, the Content-Security-Policy source that allows it (the
// sha256 of the file's exact bytes, which are the inline script's text when pasted verbatim);
// for `<link rel="modulepreload">` / `<link rel="preload" as="fetch" crossorigin>`, the module
// pair the loader loads (content-hashed names, so both change with every build).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hashed } from './size.mjs';

const dist = (f) => fileURLToPath(new URL(`../dist/${f}`, import.meta.url));

/** `'sha256-<base64>'`: the CSP source expression for an inline script with this text. */
export const cspHash = (bytes) => `'sha256-${createHash('sha256').update(bytes).digest('base64')}'`;

/** Each loader's CSP hash and module pair, from the files in dist/. */
export function head() {
  const out = {};
  for (const [loader, name] of [['noren.js', 'noren_core'], ['noren-iab.js', 'noren_iab']]) {
    out[loader] = { scriptSrc: cspHash(readFileSync(dist(loader))), glue: hashed(name, 'js'), module: hashed(name, 'wasm') };
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(dist('noren-head.json'), JSON.stringify(head(), null, 2) + '\n');
}
