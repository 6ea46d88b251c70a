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
// The console. A message is a code (E…: console.error, W…: console.warn) and its parameters;
// its sentence is in src/loader/messages.json (docs/messages.md lists them), built into
// MESSAGES (dist/messages.<hash>.json), fetched beside the module only when there is something
// to say, or into the loader (INLINE: the few that must not depend on that file). Messages are
// printed in the order they were said, as `[noren] <sentence>`; without the file, as the code
// and its parameters with a pointer to the list. Nothing the gate decides waits for them.
var said = Promise.resolve();
var file;
var lacking; // whether a sentence was not at hand (set by `text`)
// A message's text: its sentence (from `all`, the file's, or built in) with its parameters, a
// parameter that is itself a message in its own words; else the code and the parameters given.
function text(c, p, all) {
  var t = INLINE[c] || all && all[c];
  if (typeof t === 'string') return t.replace(/\{(\w+)\}/g, (m, k) => words(p[k], all));
  lacking = 1;
  each(Object.keys(p), (k) => { if (p[k] !== undefined) c += ' ' + k + '=' + words(p[k], all); });
  return c;
}
/** A parameter or a problem in words: a message (an error from `note`) in its sentence, a list
 * of them one a line. */
export function words(v, all) {
  var s = '';
  if (v instanceof Array) { each(v, (x) => { s += '\n' + words(x, all); }); return s; }
  return v && v.c ? text(v.c, v.p, all) : String(v);
}
/** The message `c` with parameters `p` as an error (thrown, then printed by `fail`). */
export function note(c, p) {
  var e = new Error(text(c, p = p || {}));
  e.c = c;
  e.p = p;
  return e;
}
/** Prints the message `c` with parameters `p` (and `x`: an exception), after those said before;
 * a promise of the sentences in force (undefined without the file). */
export function say(c, p, ...x) {
  p = p || {};
  lacking = 0;
  text(c, p);
  var got = lacking && (file || (file = Promise.race([getJSON(new URL(MESSAGES, base).href),
    new Promise((ok) => { setTimeout(ok, 3000); })])['catch'](() => {})));
  var out = said.then(() => got).then((all) => {
    lacking = 0;
    var m = text(c, p, all);
    console[c[0] === 'E' ? 'error' : 'warn'](TAG, lacking ? m + ' (see docs/messages.md)' : m, ...x);
    return all;
  });
  said = out['catch'](() => {});
  return out;
}
// Where the module pair is: the folder the `data-base` attribute names (ending in `/`: for the
// loader inlined in the page, docs/loading.md), else next to this file.
var at = (me && (me.getAttribute('data-base') || me.src)) || '';
export var base = d.baseURI;
try { base = new URL(at, base).href; } catch (e) { say('E1', { base: at }); }
// The module's API once it has started (null before, and after a failed start).
export var api = null;
export function setApi(m) { api = m; }
