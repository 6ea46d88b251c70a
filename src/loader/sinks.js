// The gate's table of sinks, and what it decides about a URL.
// One table of sinks: every way an element fetches or runs a URL. A row: the elements
// (localName), the interface whose properties set it (HTML…Element; SVG…Element for an
// animated `href`), and the attributes read as URLs (srcset-like ones and `ping` hold several;
// `srcdoc` is HTML). Every hook (hooks.js) asks `gate` (blocking.js) about these rows and
// nothing else: properties, every attribute path, HTML strings, nodes entering a document,
// same-origin frames and windows; docs/threat-model.md is the same list.
import { w, each, has, list, api, say } from './common.js';

var TABLE = 'script:Script:src,iframe:IFrame:src srcdoc,frame:Frame:src,img:Image:src srcset,' +
  'source:Source:src srcset,video audio:Media:src,video:Video:poster,track:Track:src,' +
  'link:Link:href imageSrcset,object:Object:data,embed:Embed:src,input:Input:src,base:Base:href,' +
  'a:Anchor:ping,area:Area:ping,body:Body:background,table td th::background,' +
  'script:SVGScript:href,image:SVGImage:href,use:SVGUse:href,feImage:SVGFEImage:href';
/** The table's rows, split: [elements, interface, attributes]; and each element's sinks. */
export var ROWS = [];
export var SINKS = Object.create(null);
each(TABLE.split(','), (row) => {
  ROWS.push(row = row.split(':'));
  each(row[0].split(' '), (tag) => { SINKS[tag] = (SINKS[tag] || ' ') + row[2].toLowerCase() + ' '; });
});
export var SELECTOR = Object.keys(SINKS).join() + ',template';
export var XLINK = 'http://www.w3.org/1999/xlink';
// From the config: [[host, serviceId]] (null until it is known), allowHosts, strict mode, and
// the undeclared hosts already named on the console.
var hosts = null;
var allow, strict, told;
export var released = []; // ids of the services whose held tags were let through on this page
var here = w.location.origin;
var tt = []; // Trusted Types' own toString: the page cannot make them answer twice
each(['TrustedHTML', 'TrustedScriptURL', 'TrustedScript'], (n) => { if (w[n]) tt.push(w[n].prototype.toString); });

// The text of a Trusted Types object (by its own toString), else the value itself.
export function str(v) {
  if (typeof v !== 'string') for (var i = 0; i < tt.length; i++) try { return tt[i].call(v); } catch (e) { /* another type */ }
  return v;
}
// A value read once: a Trusted Types object, else a string.
export function once(v) { return str(v) !== v ? v : String(v); }
// The third-party host a URL goes to (null if none); '?' for a frame's javascript:, data: or
// blob: document, which the hooks cannot see into before its parser runs.
function hostOf(url, base, frame) {
  try {
    var u = new URL(url, base);
    if (frame && /^(javascript|data|blob):$/.test(u.protocol)) {
      say('W4');
      return '?';
    }
    return /^https?:$/.test(u.protocol) && u.origin !== here ? u.hostname.replace(/\.+$/, '') : null;
  } catch (e) { return null; }
}
function norm(h) {
  h = String(h).trim();
  try { h = new URL('http://' + h).hostname; } catch (e) { h = h.toLowerCase(); }
  return h.replace(/\.+$/, '');
}
function under(host, domain) {
  return host === domain || host.slice(-domain.length - 1) === '.' + domain;
}
// The service whose most specific host covers `host` (the order of the config does not count;
// `hosts` is known).
function owner(host) {
  var best = null;
  each(hosts, (r) => { if (under(host, r[0]) && (!best || r[0].length > best[0].length)) best = r; });
  return best && best[1];
}
// What to do with a URL: '' (load it) or the id of the service to wait for ('?' until the
// config is known or, in strict mode, for a host nobody declared).
export function verdict(url, base, frame) {
  var host = hostOf(url, base, frame);
  if (!host) return '';
  if (!hosts || host === '?') return '?';
  var id = owner(host);
  if (id && api && api.hasConsent(id)) {
    // Let through: a later withdrawal tells the site that a reload is needed.
    if (!has(released, id)) released.push(id);
    return '';
  }
  if (id) return id;
  for (var j = 0; j < allow.length; j++) if (under(host, allow[j])) return '';
  if (strict) {
    if (!told[host]) {
      told[host] = 1;
      say('W5', { host: host });
    }
    return '?';
  }
  return '';
}
// The URLs an attribute value makes the browser fetch (srcset: every token, also split at
// commas, so no spelling slips a candidate past).
function urls(key, v) {
  if (key === 'ping') return v.split(/\s+/);
  if (!/srcset$/.test(key)) return [v];
  var out = [];
  each(v.split(/\s+/), (t) => { out.push(t.replace(/^,+|,+$/g, '')); each(t.split(','), (p) => { out.push(p); }); });
  return out;
}
export function verdictOf(el, key, v, base) {
  var list = urls(key, v);
  var frame = /^(i?frame|object|embed)$/.test(el.localName);
  for (var i = 0; i < list.length; i++) { var id = verdict(list[i], base, frame); if (id) return id; }
  return '';
}
// The sink `name` is on `el` ('' if none).
export function sink(el, name) {
  var key = String(name).replace(/^.*:/, '').toLowerCase();
  return (SINKS[el.localName] || '').indexOf(' ' + key + ' ') >= 0 ? key : '';
}
// Whether the config is known (until then every third-party URL is held).
export function known() { return !!hosts; }
/** Reads the services' hosts, `allowHosts` and strict mode from the config. */
export function setRules(config) {
  var c = config || {};
  var h = [];
  allow = [];
  each(list(c.services), (s) => { each(list(s && s.hosts), (x) => { h.push([norm(x), String(s.id)]); }); });
  each(list(c.allowHosts), (x) => { allow.push(norm(x)); });
  strict = !!c.blockUnknownHosts;
  told = {};
  hosts = h; // last: until here, nothing is known
}
