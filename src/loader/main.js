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
import { w, TAG, me, d } from './common.js';
import { readInline, inline, inlineError, loadConfig, moduleFor, loadModule } from './config.js';
import { consentModeDefault } from './consent_mode.js';
import { iab, stubs, loadGvl } from './iab_stubs.js';
import { learn } from './blocking.js';
import { install } from './hooks.js';
import { defineApi, fail, run } from './api.js';
import { wordingFile, loadWording } from './wording.js';

if (w.noren && w.noren.__loader) {
  console.warn(TAG, 'the loader is on this page twice: the second copy does nothing');
} else {
  readInline();
  consentModeDefault(inline);
  stubs(inline);
  var started = performance.now();
  if (!me || me.async || me.defer || d.readyState !== 'loading') {
    console.error(TAG, 'load noren.js first, with a plain <script> in <head> (not async, defer or added later): tags before it are not held');
  }
  install(w);
  defineApi();
  // The visitor's wording at once (before a config file is in: the page's and the browser's
  // languages).
  loadWording(wordingFile(inline))['catch'](function () {});

  var config = loadConfig();
  config.then(function (c) {
    if (IAB && !iab && c && (c.tcf || c.gpp)) {
      console.warn(TAG, 'tcf/gpp in a config file: __tcfapi and __gpp exist only once it has loaded, ' +
        'so ad tags that ran before found no CMP. Put the config inline (<script type="application/json" id="noren-config">).');
      stubs(c);
    }
    learn(c, started);
  }, function () {});
  // With an inline config the right module, the wording and the vendor list load at once; with
  // a config file, the module this loader is for loads while the file does (the other one after
  // it, if the file asks for it), and the wording the config names, if another, after it.
  var guess = IAB ? IAB_MODULE : CORE_MODULE;
  var early = inline || inlineError ? null : loadModule(guess);
  if (early) early['catch'](function () {});
  var module = config.then(function (c) {
    var name = moduleFor(c);
    return early && name === guess ? early : loadModule(name);
  });
  // Its failure (or the config's) is reported once, through `parts` below.
  module['catch'](function () {});
  var parts = function (c, file) {
    return Promise.all([c, module, loadGvl(c, file), file, loadWording(file)]);
  };
  var begin = function (all, again) {
    var other = run(all[1], all[0], all[2], all[3], all[4]);
    if (!other) return;
    // The module chose another language: its wording (and vendor list), then once more.
    if (again) throw new Error('the module asked twice for another wording file (' + other + ')');
    return parts(all[0], other).then(function (a) { return begin(a, true); });
  };
  config.then(function (c) { return parts(c, wordingFile(c)); }).then(function (all) { return begin(all); })['catch'](fail);
}
