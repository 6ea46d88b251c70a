// What every part of the loader shares: the window, the document, the console tag, the
// page's natives captured before any other tag can replace them, this script tag, and the
// module once it has started.
export var w = window;
export var d = document;
export var TAG = '[noren]';
// Pages may have replaced Array methods (old libraries did): plain loops only.
export function each(list, f) { for (var i = 0; i < list.length; i++) f(list[i], i); }
export function has(list, x) { for (var i = 0; i < list.length; i++) if (list[i] === x) return true; return false; }
// `x` if it is an array, else an empty one (config values are not trusted to be arrays).
export function list(x) { return x instanceof Array ? x : []; }
export var parseJSON = JSON.parse;
// The console, with the tag (looked up at each call, so a page's console wrappers see it).
export function warn(m) { console.warn(TAG, m); }
export function error(m) { console.error(TAG, m); }
/** A GET's JSON (a rejection says why: network, `HTTP <status>` or JSON). Credentials:
 * same-origin, fetch's default. */
export function getJSON(href, init) {
  return fetch(href, init).then((r) => { if (!r.ok) throw new Error('HTTP ' + r.status); return r.text(); }).then(parseJSON);
}
export var stringify = JSON.stringify;
export var nativeSet = Element.prototype.setAttribute;
// The attribute that marks a held element (it names the service waited for).
export var HELD = 'data-noren-held';
export var me = d.currentScript;
// Where the module pair is: the folder the `data-base` attribute names (ending in `/`: for the
// loader inlined in the page, docs/loading.md), else next to this file.
var at = (me && (me.getAttribute('data-base') || me.src)) || '';
export var base = d.baseURI;
try { base = new URL(at, base).href; } catch (e) { error('data-base="' + at + '" is not a URL'); }
// The module's API once it has started (null before, and after a failed start).
export var api = null;
export function setApi(m) { api = m; }
