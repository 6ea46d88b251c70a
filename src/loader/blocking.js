// The gate's decisions on elements: what is held (and how it is kept), what is released once
// consent allows, what is dropped for good.
// A URL on a host of a service not consented (before the config is known: any third-party URL,
// '?') is held: the attribute is not set but kept in `data-noren-attrs`, `data-noren-held`
// names the service, a held script gets `type="text/plain"`. Held elements are released in the
// order they were held, once consent allows; a refusal drops what was held for the refused
// services (`data-noren-dropped`), so nothing made while refused is replayed by a later grant.
// This runs synchronously before the site's own tags, which is why it is in the loader.
import { d, TAG, each, has, parseJSON, stringify, nativeSet, api } from './common.js';
import { SINKS, SELECTOR, XLINK, str, once, verdict, verdictOf, sink, known, setRules } from './sinks.js';

var heldList = [];
var mine = new WeakSet(); // the loader's own elements; no attribute can claim this
var nativeSetNS = Element.prototype.setAttributeNS;
var innerDesc = Object.getOwnPropertyDescriptor(Element.prototype, 'innerHTML');
var typeDesc = Object.getOwnPropertyDescriptor(HTMLScriptElement.prototype, 'type');

// What may be set now: the value, srcdoc's HTML with its sinks held, or null (held).
export function gate(el, name, v, ns, base) {
  var key = sink(el, name);
  if (!key || mine.has(el)) return v;
  var text = String(str(v));
  if (key === 'srcdoc') { var f = filterHtml(text, base || el.baseURI, 0, v); return f === text ? v : f; }
  var id = verdictOf(el, key, text, base || el.baseURI);
  if (id === '') return v;
  hold(el, name, ns || (/^xlink:/i.test(name) ? XLINK : null), text, id);
  return null;
}
// What a hold kept ([[name, namespace, value]]); the page may have written it: only URLs
// consent allows ever leave it.
function stored(el) {
  try { return parseJSON(el.getAttribute('data-noren-attrs')) || []; } catch (e) { return []; }
}
var inert = false; // checking an HTML string's parse: nothing there is queued
function hold(el, name, ns, v, id) {
  var list = stored(el);
  list.push([name, ns, v]);
  nativeSet.call(el, 'data-noren-attrs', stringify(list));
  nativeSet.call(el, 'data-noren-held', id);
  if (el.localName === 'script') {
    var type = el.getAttribute('type');
    if (type && type !== 'text/plain') nativeSet.call(el, 'data-type', type);
    nativeSet.call(el, 'type', 'text/plain');
  }
  if (!inert) { if (refused(id)) drop(el, id); else enqueue(el); }
}
function drop(el, id) {
  nativeSet.call(el, 'data-noren-dropped', id);
  el.removeAttribute('data-noren-held');
  el.removeAttribute('data-noren-attrs');
}
function enqueue(el) {
  if (!has(heldList, el)) heldList.push(el);
}
// Whether what waits for `id` can never be let through: a refused service, or (strict mode)
// a host nobody declared.
function refused(id) {
  if (!known()) return false;
  if (id === '?') return true;
  var c = api && api.getConsent();
  return !!(c && c.decided) && !api.hasConsent(id);
}
// Checks every sink attribute of `el`; whether anything was held.
function check(el, base) {
  if (mine.has(el) || !SINKS[el.localName]) return false;
  if (el.hasAttribute('data-noren-held') && !inert) enqueue(el);
  // A declared tag (data-consent) written with `src`: the module's, through data-src.
  if (el.hasAttribute('data-consent') && !el.hasAttribute('data-noren') && /^(script|iframe|img)$/.test(el.localName)) {
    var type = el.getAttribute('type');
    if (el.localName === 'script' && type !== 'text/plain') {
      console.warn(TAG, 'a tag has data-consent but not type="text/plain": held, but the browser may already have fetched ' +
        (el.getAttribute('src') || 'it') + '. Add type="text/plain" and data-src.');
      if (type) nativeSet.call(el, 'data-type', type);
      nativeSet.call(el, 'type', 'text/plain');
    }
    if (el.hasAttribute('src')) {
      nativeSet.call(el, 'data-src', el.getAttribute('src'));
      // A frame the parser inserted has started loading: it is sent away (the request may
      // have gone out: mark embeds with data-src, not src).
      if (el.localName === 'iframe') nativeSet.call(el, 'src', 'about:blank');
      el.removeAttribute('src');
    }
  }
  var held = false;
  for (var i = el.attributes.length; i--;) { // backwards: a held attribute is removed
    var a = el.attributes[i];
    var v = gate(el, a.name, a.value, a.namespaceURI, base);
    if (v === null) { el.removeAttributeNode(a); held = true; } else if (v !== a.value) { a.value = v; held = true; }
  }
  return held;
}
// Checks `root` and every sink under it (template contents too).
export function checkTree(root, base) {
  var held = false;
  var list = root.nodeType === 1 ? [root] : [];
  if (root.querySelectorAll) each(root.querySelectorAll(SELECTOR), (e) => { list.push(e); });
  each(list, (el) => {
    if (check(el, base)) held = true;
    if (el.localName === 'template' && checkTree(el.content, base)) held = true;
  });
  return held;
}
// HTML strings: parsed first in an inert template, where sinks are checked; the string with
// them held is what the page's parser gets. `open` (document.write): a string that ends
// inside a tag, a comment or a script is kept until the next write completes it.
var tail = '';
function filterHtml(html, base, open, value) {
  if (open) { html = tail + html; tail = ''; }
  if (!/<[a-z!]/i.test(html)) return html;
  var t = d.createElement('template');
  // A Trusted Types object is parsed as itself (no violation under enforced Trusted Types);
  // a string that such a page cannot parse here, its own sink refuses too.
  try { innerDesc.set.call(t, open ? html + '<i data-noren-end></i>' : value || html); } catch (e) { return html; }
  if (open && !t.content.querySelector('[data-noren-end]')) { tail = html; return ''; }
  if (open) t.content.querySelector('[data-noren-end]').remove();
  var was = inert;
  inert = true;
  var held = checkTree(t.content, base);
  inert = was;
  return held ? innerDesc.get.call(t) : html;
}
// An HTML sink's value: read once, checked; the page's Trusted Types object when unchanged.
export function html(v, node, open) {
  v = once(v);
  var text = String(str(v));
  var f = filterHtml(text, (node.ownerDocument || node).baseURI, open, v);
  return f === text ? v : f;
}
// Releases what may load now, in the order it was held, and drops what can never load; a
// connected script is replaced by a fresh copy (a script element runs once) and the next
// waits for it to load.
var releasing = false;
export function release() {
  if (releasing) return;
  for (var i = 0; i < heldList.length; i++) {
    var el = heldList[i];
    var list = stored(el);
    var id = '';
    each(list, (a) => { id = id || verdictOf(el, sink(el, a[0]), a[2], el.baseURI); });
    if (id && !refused(id)) { nativeSet.call(el, 'data-noren-held', id); continue; }
    heldList.splice(i--, 1);
    if (id) { drop(el, id); continue; }
    el.removeAttribute('data-noren-held');
    el.removeAttribute('data-noren-attrs');
    if (!list.length) continue; // marked by the page, not by a hold: nothing to let through
    var put = function (e) { each(list, (a) => { if (a[1]) nativeSetNS.call(e, a[1], a[0], a[2]); else nativeSet.call(e, a[0], a[2]); }); };
    if (el.localName !== 'script') {
      put(el);
      // A media element reads a <source>, and a link its imagesrcset, when they are inserted:
      // inserted again where they are.
      var p = el.parentNode;
      if (p && (el.localName === 'source' || el.hasAttribute('imagesrcset'))) p.insertBefore(el, el.nextSibling);
      continue;
    }
    var type = el.getAttribute('data-type');
    el.removeAttribute('data-type');
    if (!el.isConnected) {
      if (type) typeDesc.set.call(el, type); else el.removeAttribute('type');
      put(el);
      continue;
    }
    var s = el.ownerDocument.createElementNS(el.namespaceURI, el.localName);
    mine.add(s);
    each(el.attributes, (a) => { if (a.name !== 'type') nativeSet.call(s, a.name, a.value); });
    if (type) nativeSet.call(s, 'type', type);
    if (el.nonce) s.nonce = el.nonce;
    s.onload = el.onload;
    s.onerror = el.onerror;
    releasing = true;
    var next = function () { releasing = false; release(); };
    s.addEventListener('load', next);
    s.addEventListener('error', next);
    put(s);
    el.replaceWith(s);
    return;
  }
}
/** Reads the config's hosts, reports what went out before the loader (`started`), and
 * releases what may load. */
export function learn(config, started) {
  setRules(config);
  // Requests that went out before this script ran: nothing could hold them.
  var leaked = [];
  each(performance.getEntriesByType('resource'), (e) => {
    if (e.startTime <= started && verdict(e.name, d.baseURI)) leaked.push(e.name);
  });
  if (leaked.length) console.error(TAG, 'requests before the loader, not held: ' + leaked.join(' '));
  release();
}
