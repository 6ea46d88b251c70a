// The gate's decisions on elements: what is held (and how it is kept), what is released once
// consent allows, what is dropped for good.
// A URL on a host of a service not consented (before the config is known: any third-party URL,
// '?') is held: the attribute is not set but kept in `data-noren-attrs`, `data-noren-held`
// names the service, a held script gets `type="text/plain"`. Held elements are released in the
// order they were held, once consent allows; a refusal drops what was held for the refused
// services (`data-noren-dropped`), so nothing made while refused is replayed by a later grant.
// This runs synchronously before the site's own tags, which is why it is in the loader.
import { d, warn, error, each, has, parseJSON, stringify, nativeSet, api, HELD } from './common.js';
import { SINKS, SELECTOR, XLINK, str, once, verdict, verdictOf, sink, known, setRules } from './sinks.js';

var heldList = [];
var mine = new WeakSet(); // the loader's own elements; no attribute can claim this
var nativeSetNS = Element.prototype.setAttributeNS;
var innerDesc = Object.getOwnPropertyDescriptor(Element.prototype, 'innerHTML');
var ATTRS = 'data-noren-attrs';
var TYPE = 'data-type';

// What may be set now (read once): the value, srcdoc's HTML with its sinks held, or null (held).
export function gate(el, name, v, ns, base) {
  v = once(v);
  var key = sink(el, name);
  if (!key || mine.has(el)) return v;
  base = base || el.baseURI;
  if (key === 'srcdoc') return html(v, base);
  var text = str(v);
  var id = verdictOf(el, key, text, base);
  // A Trusted Types object goes on only where the sink takes it as itself (a script's URL);
  // elsewhere the browser would convert it again, with a toString the page may have replaced.
  if (!id) return el.localName === 'script' ? v : text;
  hold(el, name, ns || (/^xlink:/i.test(name) ? XLINK : null), text, id);
  return null;
}
// What a hold kept ([[name, namespace, value]]); the page may have written it: only URLs
// consent allows ever leave it.
function stored(el) {
  try { return parseJSON(el.getAttribute(ATTRS)) || []; } catch (e) { return []; }
}
// A script that must not run (yet): text/plain, the type it asked for kept in data-type.
function plain(el) {
  var type = el.getAttribute('type');
  if (type && type !== 'text/plain') nativeSet.call(el, TYPE, type);
  nativeSet.call(el, 'type', 'text/plain');
}
function unmark(el) {
  el.removeAttribute(HELD);
  el.removeAttribute(ATTRS);
}
var inert = false; // checking an HTML string's parse: nothing there is queued
function hold(el, name, ns, v, id) {
  var list = stored(el);
  list.push([name, ns, v]);
  nativeSet.call(el, ATTRS, stringify(list));
  nativeSet.call(el, HELD, id);
  if (el.localName === 'script') plain(el);
  if (!inert) { if (refused(id)) drop(el, id); else enqueue(el); }
}
function drop(el, id) {
  nativeSet.call(el, 'data-noren-dropped', id);
  unmark(el);
}
function enqueue(el) {
  if (!has(heldList, el)) heldList.push(el);
}
// Whether what waits for `id` can never be let through: a refused service, or (strict mode)
// a host nobody declared.
function refused(id) {
  var c;
  return known() && (id === '?' || (c = api && api.getConsent()) && c.decided && !api.hasConsent(id));
}
// Checks every sink attribute of `el`; whether anything was held.
function check(el, base) {
  if (mine.has(el) || !SINKS[el.localName]) return false;
  if (el.hasAttribute(HELD) && !inert) enqueue(el);
  // A declared tag (data-consent) written with `src`: the module's, through data-src.
  if (el.hasAttribute('data-consent') && !el.hasAttribute('data-noren') && /^(script|iframe|img)$/.test(el.localName)) {
    var src = el.getAttribute('src');
    if (el.localName === 'script' && el.getAttribute('type') !== 'text/plain') {
      warn('a tag has data-consent but not type="text/plain": held, but the browser may already have fetched ' +
        (src || 'it') + '. Add type="text/plain" and data-src.');
      plain(el);
    }
    if (src !== null) {
      nativeSet.call(el, 'data-src', src);
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
  var one = (el) => { if (check(el, base) | (el.localName === 'template' && checkTree(el.content, base))) held = true; };
  if (root.nodeType === 1) one(root);
  if (root.querySelectorAll) each(root.querySelectorAll(SELECTOR), one);
  return held;
}
// HTML strings (read once): parsed first in an inert template, where sinks are checked; the
// string with them held is what the page's parser gets (the page's Trusted Types object when
// unchanged). `open` (document.write): a string that ends inside a tag, a comment or a script
// is kept until the next write completes it.
var tail = '';
// Whether HTML text ends inside a tag (quoted values read as such), or on a `<` that the next
// write could make one.
function cut(s) {
  var q = '', tag = false;
  for (var i = 0; i < s.length; i++) {
    var c = s[i];
    if (q) { if (c === q) q = ''; } else if (tag) { if (c === '>') tag = false; else if (c === '"' || c === "'") q = c; } else if (c === '<') tag = i + 1 === s.length || /[a-z/!?]/i.test(s[i + 1]);
  }
  return tag;
}
export function html(v, base, open) {
  // null: innerHTML and outerHTML clear (LegacyNullToEmptyString), other sinks write 'null'
  // themselves; passed on as it is (document.write keeps its order with a pending tail).
  if (v === null && !open) return v;
  v = once(v);
  var text = str(v);
  var out = text;
  if (open) { out = tail + out; tail = ''; }
  if (/<[a-z!]/i.test(out)) {
    var t = d.createElement('template');
    // A Trusted Types object is parsed as itself (no violation under enforced Trusted Types);
    // a string that such a page cannot parse here, its own sink refuses too.
    // document.write's Trusted Types object is parsed as itself too (a marked string would be
    // refused under enforced Trusted Types): judged on what it holds, and one that ends inside
    // a tag (quoted values read as such) goes on as its text, which such a page refuses
    // (docs/threat-model.md).
    var obj = open && out === text && v !== text;
    if (obj && cut(text)) return text;
    try { innerDesc.set.call(t, open && !obj ? out + '<i data-noren-end></i>' : v); } catch (e) { return out === text ? v : out; }
    if (obj) open = false;
    var end = open && t.content.querySelector('[data-noren-end]');
    if (open && !end) { tail = out; return ''; }
    if (end) end.remove();
    var was = inert;
    inert = true;
    var held = checkTree(t.content, base);
    inert = was;
    if (held) out = innerDesc.get.call(t);
  }
  return out === text ? v : out;
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
    if (id && !refused(id)) { nativeSet.call(el, HELD, id); continue; }
    heldList.splice(i--, 1);
    if (id) { drop(el, id); continue; }
    unmark(el);
    if (!list.length) continue; // marked by the page, not by a hold: nothing to let through
    var s = el;
    if (el.localName === 'script') {
      var type = el.getAttribute(TYPE);
      el.removeAttribute(TYPE);
      if (el.isConnected) {
        s = el.ownerDocument.createElementNS(el.namespaceURI, el.localName);
        mine.add(s);
        each(el.attributes, (a) => { nativeSet.call(s, a.name, a.value); });
        if (el.nonce) s.nonce = el.nonce;
        s.onload = el.onload;
        s.onerror = el.onerror;
      }
      if (type) nativeSet.call(s, 'type', type); else s.removeAttribute('type');
    }
    each(list, (a) => { if (a[1]) nativeSetNS.call(s, a[1], a[0], a[2]); else nativeSet.call(s, a[0], a[2]); });
    if (s !== el) {
      releasing = true;
      var next = () => { releasing = false; release(); };
      s.addEventListener('load', next);
      s.addEventListener('error', next);
      el.replaceWith(s);
      return;
    }
    // A media element reads a <source>, and a link its imagesrcset, when they are inserted:
    // inserted again where they are.
    var p = el.parentNode;
    if (p && (el.localName === 'source' || el.hasAttribute('imagesrcset'))) p.insertBefore(el, el.nextSibling);
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
  if (leaked.length) error('requests before the loader, not held: ' + leaked.join(' '));
  release();
}
