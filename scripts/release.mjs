// `npm run release`: writes release/noren-<version>.zip (what the npm package ships: the
// loaders, the content-hashed modules, the types, the schema, the scanner, the licences, the
// changelog and the README) and release/noren-<version>.manifest.json with each file's size and Subresource
// Integrity hash (sha384), then prints the <script integrity=…> tag for the loader.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(root + 'package.json', 'utf8'));

/** The package's `files` patterns (a `*` matches within one file or folder name; `dir/` is the
 * whole folder) expanded, sorted. */
export function releaseFiles() {
  const out = [];
  const walk = (dir) => readdirSync(root + dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(dir + e.name + '/') : [dir + e.name]));
  for (const pattern of [...pkg.files, 'README.md']) {
    if (pattern.endsWith('/')) { out.push(...walk(pattern)); continue; } // a whole folder
    // Each `/`-separated part is matched in turn (`dist/wording.*/*.json`).
    const parts = pattern.split('/');
    let paths = [''];
    parts.forEach((part, i) => {
      const glob = new RegExp('^' + part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*') + '$');
      const last = i === parts.length - 1;
      paths = paths.flatMap((dir) => readdirSync(root + (dir || '.')).filter((f) => glob.test(f)).map((f) => dir + f + (last ? '' : '/')));
    });
    if (!paths.length) throw new Error(`nothing matches ${pattern}: run npm run build first`);
    out.push(...paths);
  }
  return [...new Set(out)].sort();
}

/** `sha384-<base64>`, the form `integrity` attributes take. */
export const integrity = (bytes) => 'sha384-' + createHash('sha384').update(bytes).digest('base64');

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const name = `noren-${pkg.version}`;
  const files = {};
  const zip = {};
  for (const path of releaseFiles()) {
    const bytes = readFileSync(root + path);
    files[path] = { size: bytes.length, integrity: integrity(bytes) };
    // A fixed date: the same files make the same archive.
    zip[`${name}/${path}`] = [bytes, { mtime: new Date('2026-01-01T00:00:00Z'), level: 9 }];
  }
  mkdirSync(root + 'release', { recursive: true });
  const archive = zipSync(zip);
  writeFileSync(`${root}release/${name}.zip`, archive);
  const manifest = { name: pkg.name, version: pkg.version, zip: { file: `${name}.zip`, size: archive.length, integrity: integrity(archive) }, files };
  writeFileSync(`${root}release/${name}.manifest.json`, JSON.stringify(manifest, null, 2) + '\n');
  console.log(`release/${name}.zip (${archive.length} bytes, ${Object.keys(files).length} files) and release/${name}.manifest.json`);
  console.log('The loader with Subresource Integrity:');
  console.log(`<script src="/noren/noren.js" integrity="${files['dist/noren.js'].integrity}" crossorigin="anonymous" data-config="/consent.json"></script>`);
}
