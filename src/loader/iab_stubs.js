// IAB TCF v2.2 and GPP stubs (only in the IAB build, dist/noren-iab.js: IAB = true; in
// dist/noren.js these are no-ops and esbuild drops the code).
// Ad tags call __tcfapi / __gpp as soon as they run, so both must exist before any of them:
// `ping` (and GPP's generic commands) are answered here, everything else is queued and
// replayed in order by the module, which then answers every call. Frames without the API
// find it through the `__tcfapiLocator` / `__gppLocator` frames and postMessage.
import { w, d, say, each, has, parseJSON, stringify, nativeSet, getJSON } from './common.js';
import { tagRegion, regionRules } from './region.js';

/** The stubs' state once installed: {tcf, gpp, queue, gppQueue, events, status}. */
export var iab = null;
/** Installs the stubs for a config with `tcf` or `gpp` (once). */
export var stubs = () => {};
/** Hands the APIs over to the started module `m`. */
export var takeOver = stubs;
/** The site's vendor list for a config (a promise of it, or null without `tcf.gvlUrl`). */
export var loadGvl = () => null;
if (IAB) {
var locatorFrame = (name) => {
  // An ancestor's locator already answers for the frames below it.
  for (var f = w.parent; f && f !== w; f = f === w.top ? null : f.parent) {
    try { if (f.frames[name]) return; } catch (e) { /* cross-origin: keep looking */ }
  }
  (function add() {
    if (w.frames[name]) return;
    if (!d.body) return setTimeout(add, 5);
    var i = d.createElement('iframe');
    nativeSet.call(i, 'name', name);
    nativeSet.call(i, 'title', name);
    nativeSet.call(i, 'aria-hidden', 'true');
    nativeSet.call(i, 'tabindex', '-1');
    i.style.display = 'none';
    d.body.appendChild(i);
  })();
};
var answerMessages = (call, ret, invoke) => {
  w.addEventListener('message', (event) => {
    var asText = typeof event.data === 'string';
    var msg = event.data;
    if (asText) { try { msg = parseJSON(msg); } catch (e) { return; } }
    var c = msg && typeof msg === 'object' && msg[call];
    if (!c || typeof c !== 'object') return;
    invoke(c, (value, success) => {
      var out = {};
      out[ret] = { returnValue: value, success: success, callId: c.callId };
      if (event.source && event.source.postMessage) event.source.postMessage(asText ? stringify(out) : out, '*');
    });
  });
};
stubs = (config) => {
  if (iab || !config || (!config.tcf && !config.gpp)) return;
  var tcf = config.tcf && typeof config.tcf === 'object' ? config.tcf : null;
  var sections = config.gpp && config.gpp.sections instanceof Array ? config.gpp.sections : [];
  var applies = !!tcf && tcf.gdprApplies !== false;
  // The rules as the module will resolve them (consent::region::rules_for). A region known
  // from the tag: each field from its most specific key that sets it, else the top level's;
  // US sections no key sets follow the region (US-CA: usca if listed, the rest of the US:
  // usnat, elsewhere none). Unknown (regionUrl pending, none, malformed): the strictest the
  // config declares (GDPR applies if any says so; every section any lists).
  if (tagRegion) {
    var gdpr, own, state = 'us' + tagRegion.slice(3).toLowerCase();
    each(regionRules(config.regions, tagRegion), (r) => {
      if (gdpr == null && r.tcf) gdpr = r.tcf.gdprApplies;
      if (!own && r.gpp) own = r.gpp.sections;
    });
    if (tcf && gdpr != null) applies = gdpr;
    sections = own || (tagRegion.slice(0, 2) !== 'US' ? [] : has(sections, state) ? [state] : has(sections, 'usnat') ? ['usnat'] : []);
  } else {
    for (var key in config.regions) {
      var r = config.regions[key];
      if (tcf && r && r.tcf && r.tcf.gdprApplies === true) applies = true;
      if (r && r.gpp) sections = sections.concat(r.gpp.sections);
    }
  }
  // The US sections in force (usnat, then the states) as supportedAPIs entries: '7:usnat', '8:usca' …
  var us = [];
  each(['usnat', 'usca', 'usva', 'usco', 'usut', 'usct'], (name, i) => {
    if (has(sections, name)) us.push(7 + i + ':' + name);
  });
  iab = { tcf: tcf, gpp: !!config.gpp, queue: [], gppQueue: [], events: [], status: 'stub' };
  if (tcf) {
    w.__tcfapi = function (command, version, callback, parameter) {
      if (!arguments.length) return iab.queue;
      if (typeof callback !== 'function') return;
      if (command === 'setGdprApplies') {
        if (typeof parameter === 'boolean') { applies = parameter; callback(true, true); }
      } else if (command === 'ping') {
        if (version === 1 || (version != null && version !== 0 && version !== 2)) callback(null, false);
        else callback({ gdprApplies: applies, cmpLoaded: false, cmpStatus: iab.status, displayStatus: 'hidden', apiVersion: '2.2' }, true);
      } else if (iab.status === 'stub') iab.queue.push([command, version, callback, parameter]);
    };
    locatorFrame('__tcfapiLocator');
    answerMessages('__tcfapiCall', '__tcfapiReturn', (c, reply) => {
      w.__tcfapi(c.command, c.version, reply, c.parameter);
    });
  }
  if (config.gpp) {
    var supported = tcf ? ['2:tcfeuv2'].concat(us) : us;
    var ping = () => ({ gppVersion: '1.1', cmpStatus: iab.status, cmpDisplayStatus: 'hidden', signalStatus: 'not ready',
        supportedAPIs: supported, cmpId: 0, sectionList: [], applicableSections: applies ? [2] : us.length ? us.map(parseFloat) : [-1],
        gppString: '', parsedSections: {} });
    var lastId = 0;
    w.__gpp = function (command, callback, parameter, version) {
      if (!arguments.length || command === 'queue') return iab.gppQueue;
      if (command === 'events') return iab.events;
      if (typeof callback !== 'function') return;
      if (command === 'ping') callback(ping(), true);
      else if (command === 'addEventListener') {
        var id = ++lastId;
        iab.events.push({ id: id, callback: callback, parameter: parameter });
        callback({ eventName: 'listenerRegistered', listenerId: id, data: true, pingData: ping() }, true);
      } else if (command === 'removeEventListener') {
        var removed = false;
        for (var i = 0; i < iab.events.length; i++) {
          if (iab.events[i].id === parameter) { iab.events.splice(i, 1); removed = true; break; }
        }
        callback({ eventName: 'listenerRemoved', listenerId: parameter, data: removed, pingData: ping() }, true);
      } else if (command === 'hasSection' || command === 'getSection' || command === 'getField') callback(null, true);
      else if (iab.status === 'stub') iab.gppQueue.push([command, callback, parameter, version]);
    };
    locatorFrame('__gppLocator');
    answerMessages('__gppCall', '__gppReturn', (c, reply) => {
      w.__gpp(c.command, reply, c.parameter, c.version);
    });
  }
};
// The module answers from now on: queued calls first, in order; the stub's GPP listeners
// keep their ids.
takeOver = (m) => {
  if (!iab) return;
  if (iab.tcf) {
    w.__tcfapi = (command, version, callback, parameter) => { m.tcfapi(command, version, callback, parameter); };
    each(iab.queue, (a) => { m.tcfapi(a[0], a[1], a[2], a[3]); });
  }
  if (iab.gpp) {
    w.__gpp = (command, callback, parameter) => { m.gppapi(command, callback, parameter); };
    each(iab.events, (e) => { m.gppapi('addEventListener', e.callback, e.parameter, e.id); });
    each(iab.gppQueue, (a) => { m.gppapi(a[0], a[1], a[2]); });
  }
  iab.queue = iab.gppQueue = iab.events = [];
};
// The site's Global Vendor List, from its own origin (never the IAB's host from a browser).
// `{lang}` in gvlUrl: the built-in language the notice will be in (its wording `file`'s name in
// lower case: de, pt-br, zh-hant), for a vendor list with translated purposes.
loadGvl = (config, file) => {
  var url = config && config.tcf && config.tcf.gvlUrl;
  if (typeof url !== 'string') return null;
  var href = new URL(url.replace('{lang}', file.toLowerCase()), d.baseURI).href;
  return getJSON(href, { credentials: 'same-origin' })['catch']((e) => {
    say('E17', { url: href, reason: e.message });
    return null;
  });
};
}
