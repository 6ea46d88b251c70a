/*! Noren loader: the small synchronous part that must exist before the module loads.
 * - defines window.noren at once (calls made early are queued and replayed in order; api.js);
 * - finds the config (inline <script type="application/json" id="noren-config"> or the
 *   data-config URL of this script tag) and the module next to this file (config.js);
 * - sends the Google Consent Mode default before any other tag runs (consent_mode.js);
 * - on any failure, nothing held runs, the console says why, and noren.ready rejects;
 * - holds third-party scripts, iframes and images added at run time whose host belongs to a
 *   service until that service is consented: the gate (sinks.js, blocking.js, hooks.js);
 * - in the IAB build (dist/noren-iab.js, IAB = true), for configs with `tcf` / `gpp`: the
 *   `__tcfapi` and `__gpp` stubs (queue, locator frames, postMessage), the site's vendor list
 *   fetched alongside, and the module with TCF (iab_stubs.js). dist/noren.js is built with
 *   IAB = false: that code is not in it, so sites without TCF do not download it.
 * scripts/build.sh bundles these modules (esbuild) into one classic script per build. */
import { w, me, d, say, note } from './common.js';
import { readInline, inline, inlineError, loadConfig, moduleFor, loadModule } from './config.js';
import { consentModeDefault } from './consent_mode.js';
import { iab, stubs, loadGvl } from './iab_stubs.js';
import { learn } from './blocking.js';
import { install } from './hooks.js';
import { defineApi, fail, run } from './api.js';
import { loadRegion, tagRegion } from './region.js';
import { wordingFile, loadWording } from './wording.js';

if (w.noren && w.noren.__loader) {
  say('W1');
} else {
  readInline();
  // What the page needs from the network is asked for first, side by side: the module pair
  // (with an inline config the one it needs; with a config file the one this loader is for,
  // and the other after the file, if it asks for it), the config file, the region, the wording
  // and the vendor list.
  var guess = inline ? moduleFor(inline) : IAB ? IAB_MODULE : CORE_MODULE;
  var early = inlineError || !guess ? null : loadModule(guess);
  if (early) early['catch'](() => {});
  var config = loadConfig();
  var region = inline ? loadRegion(inline) : config.then(loadRegion);
  // The visitor's wording (and, with an inline config, the vendor list in its language) at
  // once: the guess from the page's and the browser's languages, an inline config and
  // data-region; a region regionUrl answers later may change it (`regions.X.defaultLanguage`),
  // the module has the last word.
  var guessed = wordingFile(inline, tagRegion);
  loadWording(guessed)['catch'](() => {});
  // One vendor list per language it is asked in (`{lang}` in tcf.gvlUrl), else one (none
  // without IAB).
  var gvls = {};
  var gvlFor = (c, file) => {
    if (!IAB) return null;
    var key = c && c.tcf && String(c.tcf.gvlUrl).indexOf('{lang}') >= 0 ? file : '';
    return gvls[key] || (gvls[key] = loadGvl(c, file));
  };
  if (inline) gvlFor(inline, guessed);
  consentModeDefault(inline);
  stubs(inline);
  var started = performance.now();
  if (!me || me.async || me.defer || d.readyState !== 'loading') {
    say('E2');
  }
  install(w);
  defineApi();

  config.then((c) => {
    if (IAB && !iab && c && (c.tcf || c.gpp)) {
      say('W2');
      stubs(c);
    }
    learn(c, started);
  }, () => {});
  var module = config.then((c) => {
    var name = moduleFor(c);
    if (!IAB && !name) throw note('E11');
    return early && name === guess ? early : loadModule(name);
  });
  // Its failure (or the config's) is reported once, through `parts` below.
  module['catch'](() => {});
  var parts = (c, where, file) => Promise.all([c, module, gvlFor(c, file), where, file, loadWording(file)]);
  var begin = (all, again) => {
    var other = run(all[1], all[0], all[2], all[3], all[4], all[5]);
    if (!other) return;
    // The module chose another language: its wording (and vendor list), then once more.
    if (again) throw note('E12', { file: other });
    return parts(all[0], all[3], other).then((a) => begin(a, true));
  };
  Promise.all([config, region]).then((a) => parts(a[0], a[1], wordingFile(a[0], a[1])))
    .then((all) => begin(all))['catch'](fail);
}
