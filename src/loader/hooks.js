// The gate's hooks: every way a page can make an element fetch something (properties, every
// attribute path, HTML sinks, nodes entering a document, same-origin frames and windows), each
// asking `gate` (blocking.js) about the table of sinks (sinks.js). docs/threat-model.md lists
// every vector with its test. Two generic wrappers do all of it: `prop` (a setter) and
// `method` (a method, with what runs before and after the native call).
import { each, nativeSet, HELD } from './common.js';
import { ROWS, str, once } from './sinks.js';
import { gate, checkTree, html } from './blocking.js';

var seen = new WeakSet(); // documents, prototypes and frames already hooked
var owners = new WeakMap(); // SVG animated strings and attribute maps → their element

// After HTML went in: queue what it held, and hook the frames it made.
// (Shadow roots too: HTML with declarative shadow DOM makes them.)
function landed(root) {
  if (!root) return;
  checkTree(root, root.baseURI);
  frames(root);
  if (root.querySelectorAll) each(root.querySelectorAll('*'), (e) => { landed(e.shadowRoot); });
}
function frames(root) {
  if (/^i?frame$/.test(root.localName)) enter(root.contentWindow);
  if (root.querySelectorAll) each(root.querySelectorAll('iframe,frame'), (f) => { enter(f.contentWindow); });
}
function enter(win) {
  try { if (win && win.document) install(win); } catch (e) { /* cross-origin: its own page */ }
}

// Parser-inserted elements (the page's HTML after this script): seen before a script runs.
var observer = new MutationObserver((records) => { each(records, (r) => { each(r.addedNodes, landed); }); });

// The hooks, in this window and in every same-origin frame or window, before its scripts can
// use it (at insertion, on first access to it and after each load).
export function install(W) {
  var D = W.document;
  if (seen.has(D)) return;
  seen.add(D);
  observer.observe(D, { childList: true, subtree: true });
  // A frame's load event (synchronous for about:blank) reaches this document first, in the
  // capture phase: its document has the hooks before the page's own load listeners run.
  D.addEventListener('load', (e) => { enter(e.target.contentWindow); }, true);
  checkTree(D, D.baseURI); // what its parser made before (a srcdoc or a reused window)
  var E = W.Element.prototype;
  if (seen.has(E)) return;
  seen.add(E);
  var P = (name) => W[name] && W[name].prototype;
  var N = P('Node');
  var S = P('ShadowRoot');
  var Doc = P('Document');
  // A property: `set(node, value, put)` decides, and `put(value)` sets it (null where the
  // page's value was not null: held, not set; `textContent = null` still clears). Without
  // `set`, the getter records which element handed out the object it returns (an SVG animated
  // string, an attribute map).
  function prop(o, p, set) {
    var x = o && Object.getOwnPropertyDescriptor(o, p);
    if (x) {
      Object.defineProperty(o, p, {
        configurable: true, enumerable: x.enumerable,
        get: set ? x.get : function () { var a = x.get.call(this); owners.set(a, this); return a; },
        set: set ? function (v) { set(this, v, (u) => { if (u !== null || v === null) x.set.call(this, u); }); } : x.set
      });
    }
  }
  // A method: `before(node, args)` may change the arguments, and answers what `after(that,
  // result)` gets, or a false value: then the call does not happen and that value is the
  // result (a held attribute). Without `before` the call always happens (`open('')` written
  // bare has no `this`).
  function method(o, m, before, after) {
    var f = o && o[m];
    if (f) {
      o[m] = function (...a) {
        var at = before ? before(this, a) : 1;
        if (!at) return at;
        var r = f.apply(this, a);
        if (after) after(at, r);
        return r;
      };
    }
  }
  // Properties of the table's interfaces.
  each(ROWS, (row) => {
    var svg = /^SVG/.test(row[1]);
    var C = row[1] && W[(svg ? '' : 'HTML') + row[1] + 'Element'];
    if (C) each(row[2].split(' '), (p) => { prop(C.prototype, p, !svg && ((el, v, put) => { put(gate(el, p, v)); })); });
  });
  prop(P('SVGAnimatedString'), 'baseVal', (a, v, put) => {
    var el = owners.get(a);
    put(el ? gate(el, 'href', v) : v);
  });
  // A held script's type stays text/plain; the one asked for is kept for its release.
  prop(P('HTMLScriptElement'), 'type', (el, v, put) => {
    if (el.hasAttribute(HELD)) nativeSet.call(el, 'data-type', v); else put(v);
  });
  // Every attribute path.
  each(['setAttribute', 'setAttributeNS'], (m, ns) => {
    method(E, m, (el, a) => {
      var n = a[ns] = String(a[ns]);
      if ((a[ns + 1] = gate(el, n, a[ns + 1], ns ? a[0] : null)) === null) return;
      if (!ns && /^type$/i.test(n) && el.localName === 'script' && el.hasAttribute(HELD)) a[0] = 'data-type';
      return el;
    });
  });
  // An Attr is checked before it is attached (to the element, or the map's element).
  var viaNode = (t, a) => {
    var el = t.nodeType ? t : owners.get(t);
    var attr = a[0];
    if (el && attr && attr.nodeType === 2) {
      var v = gate(el, attr.name, attr.value, attr.namespaceURI);
      if (v === null) return null;
      attr.value = v;
    }
    return t;
  };
  each(['setAttributeNode', 'setAttributeNodeNS'], (m) => {
    method(E, m, viaNode);
    method(P('NamedNodeMap'), m.replace('AttributeNode', 'NamedItem'), viaNode);
  });
  prop(E, 'attributes');
  each([[P('Attr'), 'value'], [N, 'nodeValue'], [N, 'textContent']], (o) => {
    prop(o[0], o[1], (t, v, put) => {
      var el = t.nodeType === 2 && t.ownerElement;
      // An attribute's nodeValue and textContent take null as '' (its value takes it as text).
      if (el && v === null && o[1] !== 'value') v = '';
      put(el ? gate(el, t.name, v, t.namespaceURI) : v);
    });
  });
  // Every HTML sink, on elements and shadow roots.
  each([[E, 'innerHTML'], [E, 'outerHTML'], [S, 'innerHTML']], (o) => {
    prop(o[0], o[1], (el, v, put) => {
      var at = o[1] === 'outerHTML' ? el.parentNode : el;
      put(html(v, el.baseURI));
      landed(at);
    });
  });
  // setHTML: when the string holds something, the page's call runs first, with its sanitizer,
  // on an element like the context one in an inert document; what the sanitizer kept is
  // checked there and moved in. So the sanitizer never sees the hold's marks, and nothing it
  // removed comes back on release. Declarative shadow roots (maybe closed: out of reach once
  // made) take the string path: what they hold may stay held for good.
  var safe = E.setHTML;
  var inert = D.implementation.createHTMLDocument('');
  each([E, S], (o) => {
    method(o, 'setHTMLUnsafe', (el, a) => { a[0] = html(a[0], el.baseURI); return el; }, landed);
    method(o, 'setHTML', (el, a) => {
      var v = String(a[0]);
      var h = a[0] = html(v, el.baseURI);
      if (h === v || /shadowrootmode/i.test(v)) return el;
      var c = el.nodeType === 11 ? el.host : el;
      var x = inert.createElementNS(c.namespaceURI, c.localName);
      safe.call(x, v, a[1]);
      var t = c.localName === 'template'; // its content is the target
      var from = t ? x.content : x;
      checkTree(from, el.baseURI);
      var to = t ? el.content : el;
      to.replaceChildren.apply(to, from.childNodes); // checked again there, frames hooked
    }, landed);
  });
  method(E, 'insertAdjacentHTML', (el, a) => { a[1] = html(a[1], el.baseURI); return el.parentNode || el; }, landed);
  method(P('Range'), 'createContextualFragment', (r, a) => { a[0] = html(a[0], D.baseURI); return r; }, (r, frag) => { landed(frag); });
  each(['write', 'writeln'], (m) => {
    method(Doc, m, (doc, a) => {
      var text = '';
      // Each argument read once: what was checked is what the native write gets.
      each(a, (v, i) => { a[i] = v = once(v); text += str(v); });
      // One argument goes as itself (a Trusted Types object is parsed as itself); several as
      // their checked text, in one string.
      var one = a.length === 1 ? a[0] : text;
      var out = html(one, doc.baseURI, true);
      if (out !== one || a.length > 1) { a.length = 1; a[0] = out; }
      return doc;
    }, frames); // a frame it wrote may be reached at once (frames[0])
  });
  // Nodes entering a document (from templates, DOMParser, other frames, clones): checked
  // before they are in it; frames they bring are hooked once they are.
  var entering = (t, a) => {
    var kids = [];
    each(a, (n) => {
      if (n && n.nodeType) {
        checkTree(n, D.baseURI);
        if (n.nodeType === 11) each(n.childNodes, (c) => { kids.push(c); }); else kids.push(n);
      }
    });
    return kids;
  };
  each([N, E, P('CharacterData'), P('DocumentType'), Doc, P('DocumentFragment'), P('Range')], (o) => {
    each(['appendChild', 'insertBefore', 'replaceChild', 'append', 'prepend', 'before', 'after', 'replaceWith',
      'replaceChildren', 'insertAdjacentElement', 'moveBefore', 'insertNode', 'surroundContents', 'adoptNode'], (m) => {
      if (Object.prototype.hasOwnProperty.call(o, m)) method(o, m, entering, (kids) => { each(kids, frames); });
    });
  });
  var cloned = (t, r) => { checkTree(r, D.baseURI); };
  method(Doc, 'importNode', 0, cloned);
  method(N, 'cloneNode', 0, cloned);
  method(P('XSLTProcessor'), 'transformToFragment', 0, cloned);
  // Same-origin windows get these hooks before a script can reach them.
  method(W, 'open', 0, (t, r) => { enter(r); });
  // `new Audio(url)` sets its src inside the browser: through the property instead.
  var A = W.Audio;
  if (A) {
    W.Audio = function Audio(src) { var a = new A(); if (src !== undefined) a.src = src; return a; };
    W.Audio.prototype = A.prototype;
  }
}
