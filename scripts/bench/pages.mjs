// The benchmark's pages: the same minimal page (a heading, a paragraph, two categories with one
// held inline script each) without a banner, with Noren (as a script tag, with the preload tags
// of docs/loading.md, inlined; and with IAB TCF/GPP), with
// vanilla-cookieconsent and with Klaro, each integrated as its documentation says. `notice` is
// the probe's path to the first layer of the notice (see probe.mjs).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bytes, shipped, shippedIab } from '../size.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const version = (pkg) => JSON.parse(readFileSync(here(`../../node_modules/${pkg}/package.json`))).version;

const dist = (f) => here(`../../dist/${f}`);
const noren = () => readFileSync(here('pages/noren.html'), 'utf8');
/** What docs/loading.md tells a site to put in <head> for noren.js (from dist/noren-head.json). */
const head = () => JSON.parse(readFileSync(dist('noren-head.json'), 'utf8'))['noren.js'];

/** Folders and files the pages load, by URL prefix (for the bench server). */
export const MOUNTS = {
  // The Noren page with the preload tags of docs/loading.md before the loader.
  '/bench/noren-preload.html': () => noren().replace('<title>bench: Noren</title>', `<title>bench: Noren + preload</title>
<link rel="modulepreload" href="/noren/${head().glue}">
<link rel="preload" href="/noren/${head().module}" as="fetch" crossorigin>`),
  // The Noren page with the loader inlined (docs/loading.md).
  '/bench/noren-inline.html': () => noren().replace('<title>bench: Noren</title>', '<title>bench: Noren inline</title>')
    .replace('<script src="/noren/noren.js"></script>', () => `<script data-base="/noren/">${readFileSync(dist('noren.js'), 'utf8')}</script>`),
  '/bench/': here('pages'),
  '/noren/': here('../../dist'),
  '/vcc/': here('../../node_modules/vanilla-cookieconsent/dist'),
  '/klaro/': here('../../node_modules/klaro/dist'),
  '/vendor-list.json': here('../../www/vendor-list.json'),
};

/**
 * The pages, in the order of the tables' columns; `shipped()` gives the sizes of the files the
 * banner ships (size.mjs's `bytes` shape).
 */
export const PAGES = [
  { name: 'no banner', path: '/bench/none.html', notice: null },
  { name: 'Noren', path: '/bench/noren.html', notice: ['#noren', '.banner'], shipped },
  { name: 'Noren + preload', path: '/bench/noren-preload.html', notice: ['#noren', '.banner'] },
  { name: 'Noren inline', path: '/bench/noren-inline.html', notice: ['#noren', '.banner'] },
  { name: 'Noren + TCF/GPP', path: '/bench/noren-tcf.html', notice: ['#noren', '.banner'], shipped: shippedIab },
  {
    name: `vanilla-cookieconsent ${version('vanilla-cookieconsent')}`, path: '/bench/vcc.html', notice: ['#cc-main .cm'],
    shipped: () => bytes([
      ['js  cookieconsent.umd.js', `${MOUNTS['/vcc/']}/cookieconsent.umd.js`],
      ['css cookieconsent.css', `${MOUNTS['/vcc/']}/cookieconsent.css`],
    ]),
  },
  {
    name: `Klaro ${version('klaro')}`, path: '/bench/klaro.html', notice: ['#klaro .cookie-notice'],
    shipped: () => bytes([['js  klaro.js (CSS inside)', `${MOUNTS['/klaro/']}/klaro.js`]]),
  },
];

/**
 * What the probe waits for on a page (see probe.mjs): its content (the heading) and, if it has
 * one, the notice drawn and the notice fully opaque.
 */
export const targets = (page) => ({
  page: { path: ['h1'] },
  ...(page.notice ? { notice: { path: page.notice }, opaque: { path: page.notice, opaque: true } } : {}),
});
