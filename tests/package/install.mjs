// The npm package as a site installs it, shared by the package tests: `npm pack` of this
// repository (dist/ already built by npm test), then `npm install` of the tarball into an
// empty project in a temporary folder.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('../..', import.meta.url));
export const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));

/** Packs and installs the package into `<tmp>/site` (named `name`): { work, project, installed }. */
export function installPackage(prefix, name) {
  const work = mkdtempSync(join(tmpdir(), prefix));
  const project = join(work, 'site');
  // --ignore-scripts: npm test has just built dist/ (prepack would build it otherwise).
  const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: repo, encoding: 'utf8' });
  const [{ filename }] = JSON.parse(out);
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true }));
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', join(work, filename)], { cwd: project });
  return { work, project, installed: join(project, 'node_modules', pkg.name) };
}
