// The config (inline, or the data-config file) and the module pair to load for it.
import { d, parseJSON, me, base, note } from './common.js';

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
    throw note('E6');
  }
  try { return parseJSON(text); } catch (e) {
    throw note('E7', { url: where, reason: e.message });
  }
}

/** The config: the inline one, else the data-config file's (a rejected promise says why not). */
export function loadConfig() {
  var url = me && me.getAttribute('data-config');
  if (inlineTag) return inlineError ? Promise.reject(inlineError) : Promise.resolve(inline);
  if (!url) {
    return Promise.reject(note('E8'));
  }
  var href = new URL(url, d.baseURI).href;
  return fetch(href, { credentials: 'same-origin' }).then((r) => {
    if (!r.ok) throw note('E9', { url: href, reason: 'HTTP ' + r.status });
    return r.text();
  }, (e) => {
    throw note('E9', { url: href, reason: e.message });
  }).then((text) => parse(text, href));
}

// noren_iab is noren_core with IAB TCF and GPP: only sites that configure them download it.
// CORE_MODULE and IAB_MODULE are their content-hashed names (`noren_core.<hash>`), given by
// the build: this loader loads exactly the pair it was built with.
/** The module pair a config needs ('' when this loader cannot load it). */
export function moduleFor(config) {
  return !config || (!config.tcf && !config.gpp) ? CORE_MODULE : IAB ? IAB_MODULE : '';
}
/** Loads and instantiates the module pair `name` (its glue's exports once ready). */
export function loadModule(name) {
  var glue = new URL(name + '.js', base).href;
  var wasm = new URL(name + '.wasm', base).href;
  // Both requests go out now, side by side (not the module after the glue): the glue compiles
  // the module from this response as its bytes arrive (WebAssembly.instantiateStreaming). A
  // `<link rel="preload" as="fetch" crossorigin>` for it is this very request.
  var bytes = fetch(wasm);
  bytes['catch'](() => {}); // reported below, once the glue has it
  return import(glue).then((m) => m['default']({ module_or_path: bytes }).then(() => m, (e) => {
    throw note('E10', { url: wasm, reason: e.message });
  }), (e) => {
    throw note('E10', { url: glue, reason: e.message });
  });
}
