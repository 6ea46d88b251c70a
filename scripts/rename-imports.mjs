// Build step: applies wasm-opt's --minify-imports-and-exports-and-modules renaming to the
// wasm-bindgen glue. wasm-bindgen names every import `__wbg_<name>_<16 hex digits>`; those
// names appear in both files and do not compress, so shortening them saves ~3 KB gzip.
// Usage: node scripts/rename-imports.mjs <map.json from wasm-opt> <glue.js in> <glue.js out>
import { readFileSync, writeFileSync } from 'node:fs';

const [mapFile, input, output] = process.argv.slice(2);
const map = JSON.parse(readFileSync(mapFile, 'utf8'));
let glue = readFileSync(input, 'utf8');

function replaceAll(pattern, to, what) {
  let count = 0;
  glue = glue.replace(pattern, () => (count++, to));
  if (count === 0 && what) throw new Error(`rename-imports: ${what} not found in the glue`);
}
const word = (s) => s.replace(/[$.]/g, '\\$&');

const modules = new Set();
for (const [module, name, to] of map.imports) {
  modules.add(module);
  replaceAll(new RegExp(`(?<![\\w$])${word(name)}(?=\\s*:)`, 'g'), to, `import ${name}`);
}
// The module names are minified as well; wasm-opt reports the new one as "a".
if (modules.size !== 1) throw new Error(`rename-imports: expected one import module, got ${[...modules]}`);
const [module] = modules;
replaceAll(new RegExp(`"${word(module)}"\\s*:`, 'g'), '"a":', `module ${module}`);
for (const [name, to] of map.exports) {
  // Some exports are for wasm-bindgen's own runtime only and never named in the glue.
  replaceAll(new RegExp(`\\bwasm\\.${word(name)}(?![\\w$])`, 'g'), `wasm.${to}`, null);
}
const unrenamed = glue.match(/\bwasm\.(?!memory\b)[a-z_]\w{2,}/);
if (unrenamed) throw new Error(`rename-imports: ${unrenamed[0]} is not a wasm export`);
const left = glue.match(/__wbg_\w+_[0-9a-f]{16}\b/);
if (left) throw new Error(`rename-imports: ${left[0]} was not renamed`);
writeFileSync(output, glue);
