// The gate's hooks: every way a page can make an element fetch something (properties, every
// attribute path, HTML sinks, nodes entering a document, same-origin frames and windows), each
// asking `gate` (blocking.js) about the table of sinks (sinks.js). docs/threat-model.md lists
// every vector with its test.
import { each, nativeSet } from './common.js';
import { TABLE, str, once } from './sinks.js';
import { gate, checkTree, html } from './blocking.js';

var seen = new WeakSet(); // documents, prototypes and frames already hooked
var owners = new WeakMap(); // SVG animated strings and attribute maps → their element

// After HTML went in: queue what it held, and hook the frames it made.
// (Shadow roots too: HTML with declarative shadow DOM makes them.)
function landed(root) {
  if (!root) return;
  checkTree(root, (root.ownerDocument || root).baseURI);
  frames(root);
  if (root.querySelectorAll) each(root.querySelectorAll('*'), (e) => { if (e.shadowRoot) landed(e.shadowRoot); });
}
function frames(root) {
  if (/^i?frame$/.test(root.localName)) enter(root.contentWindow);
  if (root.querySelectorAll) each(root.querySelectorAll('iframe,frame'), (f) => { enter(f.contentWindow); });
}
function enter(win) {
  try { if (win && win.document) install(win); } catch (e) { /* cross-origin: its own page */ }
}

var OBSERVE = { childList: true, subtree: true };
// Parser-inserted elements (the page's HTML after this script): seen before a script runs.
var observer = new MutationObserver(function (records) {
  each(records, (r) => { each(r.addedNodes, landed); });
});

// The hooks, in this window and in every same-origin frame or window, before its scripts can
// use it (at insertion, on first access to it and after each load).
export function install(W) {
  var D = W.document;
  if (seen.has(D)) return;
  seen.add(D);
  observer.observe(D, OBSERVE);
  // A frame's load event (synchronous for about:blank) reaches this document first, in the
  // capture phase: its document has the hooks before the page's own load listeners run.
  D.addEventListener('load', (e) => { enter(e.target.contentWindow); }, true);
  checkTree(D, D.baseURI); // what its parser made before (a srcdoc or a reused window)
  var E = W.Element.prototype;
  if (seen.has(E)) return;
  seen.add(E);
  var N = W.Node.prototype;
  function desc(o, p) { return o && Object.getOwnPropertyDescriptor(o, p); }
  function prop(o, p, set, get) {
    var x = desc(o, p);
    if (!x) return;
    Object.defineProperty(o, p, {
      configurable: true, enumerable: x.enumerable,
      get: get ? function () { return get.call(this, x.get.call(this)); } : x.get,
      set: set ? function (v) { set.call(this, v, x.set); } : x.set
    });
  }
  function method(o, m, wrap) { if (o && o[m]) o[m] = wrap(o[m]); }
  // Properties of the table's interfaces.
  each(TABLE.split(','), (row) => {
    row = row.split(':');
    var svg = /^SVG/.test(row[1]);
    var C = row[1] && W[(svg ? '' : 'HTML') + row[1] + 'Element'];
    if (!C) return;
    each(row[2].split(' '), (p) => {
      if (svg) prop(C.prototype, p, null, function (a) { owners.set(a, this); return a; });
      else prop(C.prototype, p, function (v, set) { v = gate(this, p, once(v)); if (v !== null) set.call(this, v); });
    });
  });
  prop(W.SVGAnimatedString && W.SVGAnimatedString.prototype, 'baseVal', function (v, set) {
    var el = owners.get(this);
    v = el ? gate(el, 'href', once(v)) : v;
    if (v !== null) set.call(this, v);
  });
  // A held script's type stays text/plain; the one asked for is kept for its release.
  prop(W.HTMLScriptElement.prototype, 'type', function (v, set) {
    if (this.hasAttribute('data-noren-held')) nativeSet.call(this, 'data-type', v); else set.call(this, v);
  });
  // Every attribute path.
  method(E, 'setAttribute', function (f) {
    return function (name, v) {
      var n = String(name);
      v = gate(this, n, once(v));
      if (v === null) return;
      if (/^type$/i.test(n) && this.localName === 'script' && this.hasAttribute('data-noren-held')) n = 'data-type';
      return f.call(this, n, v);
    };
  });
  method(E, 'setAttributeNS', function (f) {
    return function (ns, name, v) {
      var n = String(name);
      v = gate(this, n, once(v), ns);
      if (v !== null) return f.call(this, ns, n, v);
    };
  });
  function viaNode(f, element) {
    return function (attr) {
      var el = element(this);
      if (el && attr && attr.nodeType === 2) {
        var v = gate(el, attr.name, attr.value, attr.namespaceURI);
        if (v === null) return null;
        attr.value = v;
      }
      return f.apply(this, arguments);
    };
  }
  each(['setAttributeNode', 'setAttributeNodeNS'], (m) => {
    method(E, m, function (f) { return viaNode(f, function (el) { return el; }); });
    method(W.NamedNodeMap.prototype, m.replace('AttributeNode', 'NamedItem'), function (f) {
      return viaNode(f, function (map) { return owners.get(map); });
    });
  });
  prop(E, 'attributes', null, function (map) { owners.set(map, this); return map; });
  each([[W.Attr.prototype, 'value'], [N, 'nodeValue'], [N, 'textContent']], (o) => {
    prop(o[0], o[1], function (v, set) {
      var el = this.nodeType === 2 && this.ownerElement;
      if (el) { v = gate(el, this.name, once(v), this.namespaceURI); if (v === null) return; }
      set.call(this, v);
    });
  });
  // Every HTML sink, on elements and shadow roots.
  var S = W.ShadowRoot && W.ShadowRoot.prototype;
  each([[E, 'innerHTML'], [E, 'outerHTML'], [S, 'innerHTML']], (o) => {
    prop(o[0], o[1], function (v, set) {
      var at = o[1] === 'outerHTML' ? this.parentNode : this;
      set.call(this, html(v, this));
      landed(at);
    });
  });
  each([E, S], (o) => {
    method(o, 'setHTMLUnsafe', function (f) {
      return function (v) { var r = f.apply(this, [html(v, this)].concat([].slice.call(arguments, 1))); landed(this); return r; };
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
    method(o, 'setHTML', function (f) {
      return function (v, opt) {
        v = String(v);
        var h = html(v, this);
        if (h === v || /shadowrootmode/i.test(v)) { f.call(this, h, opt); landed(this); return; }
        var c = this.nodeType === 11 ? this.host : this;
        var x = inert.createElementNS(c.namespaceURI, c.localName);
        safe.call(x, v, opt);
        var t = c.localName === 'template'; // its content is the target
        var from = t ? x.content : x;
        checkTree(from, this.ownerDocument.baseURI);
        var to = t ? this.content : this;
        to.replaceChildren.apply(to, from.childNodes); // checked again there, frames hooked
      };
    });
  });
  method(E, 'insertAdjacentHTML', function (f) {
    return function (where, v) { var at = this.parentNode || this; var r = f.call(this, where, html(v, this)); landed(at); return r; };
  });
  method(W.Range.prototype, 'createContextualFragment', function (f) {
    return function (v) { var r = f.call(this, html(v, D)); landed(r); return r; };
  });
  each(['write', 'writeln'], (m) => {
    method(W.Document.prototype, m, function (f) {
      return function () {
        var text = '';
        each(arguments, (a) => { text += str(once(a)); });
        var out = html(text, this, true);
        var r = out === text ? f.apply(this, arguments) : f.call(this, out);
        frames(this); // a frame it wrote may be reached at once (frames[0])
        return r;
      };
    });
  });
  // Nodes entering a document (from templates, DOMParser, other frames, clones): checked
  // before they are in it; frames they bring are hooked once they are.
  function entering(f) {
    return function () {
      var at = [];
      each(arguments, (a) => { if (a && a.nodeType) { checkTree(a, D.baseURI); at.push(a); } });
      var kids = [];
      each(at, (a) => { if (a.nodeType === 11) each(a.childNodes, (c) => { kids.push(c); }); else kids.push(a); });
      var r = f.apply(this, arguments);
      each(kids, frames);
      return r;
    };
  }
  each([N, E, W.CharacterData.prototype, W.DocumentType.prototype, W.Document.prototype,
    W.DocumentFragment.prototype, W.Range.prototype], function (o) {
    each(['appendChild', 'insertBefore', 'replaceChild', 'append', 'prepend', 'before', 'after', 'replaceWith',
      'replaceChildren', 'insertAdjacentElement', 'moveBefore', 'insertNode', 'surroundContents', 'adoptNode'], function (m) {
      if (Object.prototype.hasOwnProperty.call(o, m)) method(o, m, entering);
    });
  });
  each([[W.Document.prototype, 'importNode'], [N, 'cloneNode'], [W.XSLTProcessor && W.XSLTProcessor.prototype, 'transformToFragment']], (o) => {
    method(o[0], o[1], function (f) {
      return function () { var r = f.apply(this, arguments); checkTree(r, D.baseURI); return r; };
    });
  });
  // Same-origin windows get these hooks before a script can reach them.
  // `new Audio(url)` sets its src inside the browser: through the property instead.
  method(W, 'Audio', function (A) {
    var F = function Audio(src) { var a = new A(); if (src !== undefined) a.src = src; return a; };
    F.prototype = A.prototype;
    return F;
  });
  method(W, 'open', function (f) { return function () { var r = f.apply(this, arguments); enter(r); return r; }; });
}
