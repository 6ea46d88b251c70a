// The config (inline, or the data-config file) and the module pair to load for it.
import { d, parseJSON, me, base } from './common.js';

// An inline config is read once, by `readInline` (Consent Mode needs it before anything else
// runs).
export var inlineTag = null;
export var inline = null;
export var inlineError = null;
/** Reads the inline config (<script type="application/json" id="noren-config">), if any. */
export function readInline() {
  inlineTag = d.getElementById('noren-config');
  if (inlineTag) {
    try { inline = parse(inlineTag.textContent, '#noren-config'); } catch (e) { inlineError = e; }
  }
}

function parse(text, where) {
  var probe;
  try { probe = parseJSON('{"a":[1]}'); } catch (e) { /* checked below */ }
  if (!probe || !probe.a || probe.a[0] !== 1) {
    throw new Error('this page has replaced JSON.parse, so the config cannot be read');
  }
  try { return parseJSON(text); } catch (e) {
    throw new Error('the config in ' + where + ' is not valid JSON: ' + e.message);
  }
}

/** The config: the inline one, else the data-config file's (a rejected promise says why not). */
export function loadConfig() {
  var url = me && me.getAttribute('data-config');
  if (inlineTag) return inlineError ? Promise.reject(inlineError) : Promise.resolve(inline);
  if (!url) {
    return Promise.reject(new Error('no config: add data-config="/consent.json" to the Noren script tag, ' +
      'or put <script type="application/json" id="noren-config">…</script> before it'));
  }
  var href = new URL(url, d.baseURI).href;
  return fetch(href, { credentials: 'same-origin' }).then(function (r) {
    if (!r.ok) throw new Error('could not load the config ' + href + ': HTTP ' + r.status);
    return r.text();
  }, function (e) {
    throw new Error('could not load the config ' + href + ': ' + e.message);
  }).then(function (text) { return parse(text, href); });
}

// noren_iab is noren_core with IAB TCF and GPP: only sites that configure them download it.
// CORE_MODULE and IAB_MODULE are their content-hashed names (`noren_core.<hash>`), given by
// the build: this loader loads exactly the pair it was built with.
/** The module pair a config needs (throws when this loader cannot load it). */
export function moduleFor(config) {
  if (!config || (!config.tcf && !config.gpp)) return CORE_MODULE;
  if (IAB) return IAB_MODULE;
  throw new Error('the config has tcf or gpp: load noren-iab.js instead of noren.js (it has the __tcfapi and __gpp stubs)');
}
/** Loads and instantiates the module pair `name` (its glue's exports once ready). */
export function loadModule(name) {
  var glue = new URL(name + '.js', base).href;
  var wasm = new URL(name + '.wasm', base).href;
  return import(glue).then(function (m) {
    return m['default']({ module_or_path: wasm }).then(function () { return m; }, function (e) {
      throw new Error('could not load the module ' + wasm + ': ' + e.message);
    });
  }, function (e) {
    throw new Error('could not load the module ' + glue + ': ' + e.message);
  });
}
