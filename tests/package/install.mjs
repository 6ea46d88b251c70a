// The npm package as a site installs it, shared by the package tests: `npm pack` of this
// repository (dist/ already built by npm test), then `npm install` of the tarball into an
// empty project in a temporary folder.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';
import { CHROMIUM_ARGS } from '../e2e/helpers.mjs';

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

/**
 * Serves the installed dist/ at /noren/ and the site's folder `www` at /, with a headless
 * Chromium to visit it: { server, browser, base, close() } (close also removes `work`).
 */
export async function serveInstalled(installed, www, work) {
  const server = await startServer({ port: 0, mounts: { '/noren/': join(installed, 'dist'), '/': www } });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  return {
    server, browser, base: `http://127.0.0.1:${server.address().port}`,
    close: async () => {
      await browser.close();
      await new Promise((r) => server.close(r));
      rmSync(work, { recursive: true, force: true });
    },
  };
}
