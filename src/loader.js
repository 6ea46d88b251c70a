/*! Noren loader: the small synchronous part that must exist before the module loads.
 * - defines window.noren at once (calls made early are queued and replayed in order);
 * - finds the config (inline <script type="application/json" id="noren-config"> or the
 *   data-config URL of this script tag) and the module next to this file;
 * - on any failure, nothing held runs, the console says why, and noren.ready rejects;
 * - holds third-party scripts, iframes and images added at run time whose host belongs to a
 *   service until that service is consented (see `block` below);
 * - in the IAB build (dist/noren-iab.js, IAB = true), for configs with `tcf` / `gpp`: the
 *   `__tcfapi` and `__gpp` stubs (queue, locator frames, postMessage), the site's vendor list
 *   fetched alongside, and the module with TCF. dist/noren.js is built with IAB = false: that
 *   code is not in it, so sites without TCF do not download it.
 * Events and listeners live here so `noren.on()` works before the module has loaded. */
(function (w, d) {
  'use strict';
  var TAG = '[noren]';
  // Pages may have replaced Array methods (old libraries did): plain loops only.
  function each(list, f) { for (var i = 0; i < list.length; i++) f(list[i], i); }
  function has(list, x) { for (var i = 0; i < list.length; i++) if (list[i] === x) return true; return false; }
  if (w.noren && w.noren.__loader) {
    console.warn(TAG, 'the loader is on this page twice: the second copy does nothing');
    return;
  }
  var parseJSON = JSON.parse;
  var nativeSet = Element.prototype.setAttribute;
  var me = d.currentScript;
  var base = (me && me.src) || d.baseURI;
  var listeners = {};
  var queue = [];
  var api = null;
  var failed = false;
  var settle;
  var ready = new Promise(function (resolve, reject) { settle = [resolve, reject]; });
  // The failure is reported on the console; a site that does not catch `ready` gets no second,
  // unhandled-rejection message for the same problem.
  ready['catch'](function () {});

  // --- Google Consent Mode v2 ----------------------------------------------------------------
  // The `default` command goes out now, before any other tag on the page can run: everything
  // denied but security_storage, with wait_for_update; for a visitor with a choice the module's
  // `update` follows as soon as it runs, and the last page's state is applied at once when the
  // choice it came from is still the one in force (see `inForce`). Commands are gtag's
  // Arguments objects (gtag.js ignores plain arrays). Settings come from an inline config; with
  // a config file the defaults apply, and `data-consent-mode="off"` on the tag turns it off.
  var CM_TYPES = ['ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage',
    'functionality_storage', 'personalization_storage', 'security_storage'];
  var CM_KEY = 'noren.consentMode';
  var stringify = JSON.stringify;
  function gtag() { (w.dataLayer = w.dataLayer || []).push(arguments); }
  // Whether this page was sent an `update` (a replayed or a module state) that a later
  // "no choice" must take back.
  var cmSent = false;
  // A state: the types in `granted` and security_storage granted, the rest denied.
  function cmState(granted) {
    var s = {};
    each(CM_TYPES, function (t) { s[t] = t === 'security_storage' || has(granted, t) ? 'granted' : 'denied'; });
    return s;
  }
  // Whether the choice `value` is the one in force: the only `name` cookie the browser sends.
  // With several copies (other domains or paths) the module decides which is in force (the
  // newest: `codec::newest`); until it has, nothing is replayed. Nothing else here reads the
  // cookie.
  function inForce(name, value) {
    var found = false, other = false;
    each(d.cookie.split(';'), function (pair) {
      var i = pair.indexOf('=');
      if (pair.slice(0, i).trim() === name) pair.slice(i + 1).trim() === value ? found = true : other = true;
    });
    return found && !other;
  }
  // An inline config is read once, now (Consent Mode needs it before anything else runs).
  var inlineTag = d.getElementById('noren-config');
  var inline = null;
  var inlineError = null;
  if (inlineTag) {
    try { inline = parse(inlineTag.textContent, '#noren-config'); } catch (e) { inlineError = e; }
  }
  function consentModeDefault(cm) {
    if (cm.enabled === false || (me && me.getAttribute('data-consent-mode') === 'off')) return false;
    var wait = typeof cm.waitForUpdate === 'number' ? cm.waitForUpdate : 500;
    function state(granted) {
      var s = cmState(granted);
      s.wait_for_update = wait;
      return s;
    }
    each(cm.regions instanceof Array ? cm.regions : [], function (r) {
      var s = state(r && r.granted instanceof Array ? r.granted : []);
      s.region = r && r.region;
      gtag('consent', 'default', s);
    });
    gtag('consent', 'default', state([]));
    if (cm.adsDataRedaction) gtag('set', 'ads_data_redaction', true);
    if (cm.urlPassthrough) gtag('set', 'url_passthrough', true);
    // A returning visitor: the state the last page sent, only while the cookie still holds the
    // very choice it came from (not after a refusal on another subdomain sharing the cookie,
    // not once the cookie is gone or unreadable) and, with an inline config, under the same
    // revision and cookie name. With a config file, a new revision is seen by the module,
    // which takes back (all denied) a replayed state whose choice is not in force.
    try {
      var kept = parseJSON(w.localStorage.getItem(CM_KEY));
      var cookie = inline && inline.cookie && inline.cookie.name;
      if (kept && kept.state && kept.until > Date.now() && inForce(kept.name, kept.cookie) &&
          (!inline || (kept.revision === inline.revision && kept.name === (cookie || 'noren')))) {
        gtag('consent', 'update', kept.state);
        cmSent = true;
      }
    } catch (e) { /* no storage or no cookies: denied until the module's update */ }
    return true;
  }
  var consentModeOn = consentModeDefault((inline && inline.consentMode) || {});
  // The module's state for a choice, or `state: null` without one: then nothing is sent (the
  // defaults and regions stay), unless this page was told a state before, which is taken back.
  function consentModeUpdate(detail) {
    if (!consentModeOn) return;
    if (detail.state || cmSent) gtag('consent', 'update', detail.state || cmState([]));
    cmSent = !!detail.state;
    try {
      if (detail.state && detail.until > 0) w.localStorage.setItem(CM_KEY, stringify(detail));
      else w.localStorage.removeItem(CM_KEY);
    } catch (e) { /* storage blocked: the next page waits for the module */ }
  }


  // --- IAB TCF v2.2 and GPP stubs ------------------------------------------------------------
  // Ad tags call __tcfapi / __gpp as soon as they run, so both must exist before any of them:
  // `ping` (and GPP's generic commands) are answered here, everything else is queued and
  // replayed in order by the module, which then answers every call. Frames without the API
  // find it through the `__tcfapiLocator` / `__gppLocator` frames and postMessage.
  var iab = null; // {tcf, gpp, queue, gppQueue, events, status}
  var stubs = function () {};
  var takeOver = stubs;
  var loadGvl = function () { return null; };
  if (IAB) {
  var locatorFrame = function (name) {
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
  var answerMessages = function (call, ret, invoke) {
    w.addEventListener('message', function (event) {
      var asText = typeof event.data === 'string';
      var msg = event.data;
      if (asText) { try { msg = parseJSON(msg); } catch (e) { return; } }
      var c = msg && typeof msg === 'object' && msg[call];
      if (!c || typeof c !== 'object') return;
      invoke(c, function (value, success) {
        var out = {};
        out[ret] = { returnValue: value, success: success, callId: c.callId };
        if (event.source && event.source.postMessage) event.source.postMessage(asText ? stringify(out) : out, '*');
      });
    });
  };
  stubs = function (config) {
    if (iab || !config || (!config.tcf && !config.gpp)) return;
    var tcf = config.tcf && typeof config.tcf === 'object' ? config.tcf : null;
    // The US sections configured (usnat, then the states) as supportedAPIs entries: '7:usnat', '8:usca' …
    var us = [];
    each(['usnat', 'usca', 'usva', 'usco', 'usut', 'usct'], function (name, i) {
      if (config.gpp && config.gpp.sections instanceof Array && has(config.gpp.sections, name)) us.push(7 + i + ':' + name);
    });
    var applies = tcf ? tcf.gdprApplies !== false : false;
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
      answerMessages('__tcfapiCall', '__tcfapiReturn', function (c, reply) {
        w.__tcfapi(c.command, c.version, reply, c.parameter);
      });
    }
    if (config.gpp) {
      var supported = tcf ? ['2:tcfeuv2'].concat(us) : us;
      var ping = function () {
        return { gppVersion: '1.1', cmpStatus: iab.status, cmpDisplayStatus: 'hidden', signalStatus: 'not ready',
          supportedAPIs: supported, cmpId: 0, sectionList: [], applicableSections: applies ? [2] : us.length ? us.map(parseFloat) : [-1],
          gppString: '', parsedSections: {} };
      };
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
      answerMessages('__gppCall', '__gppReturn', function (c, reply) {
        w.__gpp(c.command, reply, c.parameter, c.version);
      });
    }
  };
  // The module answers from now on: queued calls first, in order; the stub's GPP listeners
  // keep their ids.
  takeOver = function (m) {
    if (!iab) return;
    if (iab.tcf) {
      w.__tcfapi = function (command, version, callback, parameter) { m.tcfapi(command, version, callback, parameter); };
      each(iab.queue, function (a) { m.tcfapi(a[0], a[1], a[2], a[3]); });
    }
    if (iab.gpp) {
      w.__gpp = function (command, callback, parameter) { m.gppapi(command, callback, parameter); };
      each(iab.events, function (e) { m.gppapi('addEventListener', e.callback, e.parameter, e.id); });
      each(iab.gppQueue, function (a) { m.gppapi(a[0], a[1], a[2]); });
    }
    iab.queue = iab.gppQueue = iab.events = [];
  };
  // The site's Global Vendor List, from its own origin (never the IAB's host from a browser).
  // `{lang}` in gvlUrl: the built-in language the notice will be in (its wording file's name in
  // lower case: de, pt-br, zh-hant), for a vendor list with translated purposes.
  loadGvl = function (config, file) {
    var url = config && config.tcf && config.tcf.gvlUrl;
    if (typeof url !== 'string') return null;
    var href = new URL(url.replace('{lang}', file.toLowerCase()), d.baseURI).href;
    return fetch(href, { credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.text();
    }).then(function (text) { return parseJSON(text); })['catch'](function (e) {
      console.error(TAG, 'tcf.gvlUrl: could not load the vendor list ' + href + ': ' + e.message);
      return null;
    });
  };
  }
  stubs(inline);

  // --- Automatic blocking --------------------------------------------------------------------
  // One table of sinks: every way an element fetches or runs a URL. A row: the elements
  // (localName), the interface whose properties set it (HTML…Element; SVG…Element for an
  // animated `href`), and the attributes read as URLs (srcset-like ones and `ping` hold several;
  // `srcdoc` is HTML). Every hook asks `gate` about these rows and nothing else: properties,
  // every attribute path, HTML strings, nodes entering a document, same-origin frames and
  // windows; docs/threat-model.md is the same list. A URL on a host of a service not consented
  // (before the config is known: any third-party URL, '?') is held: the attribute is not set
  // but kept in `data-noren-attrs`, `data-noren-held` names the service, a held script gets
  // `type="text/plain"`. Held elements are released in the order they were held, once consent
  // allows; a refusal drops what was held for the refused services (`data-noren-dropped`), so
  // nothing made while refused is replayed by a later grant. This runs synchronously before
  // the site's own tags, which is why it is in the loader.
  var TABLE = 'script:Script:src,iframe:IFrame:src srcdoc,frame:Frame:src,img:Image:src srcset,' +
    'source:Source:src srcset,video audio:Media:src,video:Video:poster,track:Track:src,' +
    'link:Link:href imageSrcset,object:Object:data,embed:Embed:src,input:Input:src,base:Base:href,' +
    'a:Anchor:ping,area:Area:ping,body:Body:background,table td th::background,' +
    'script:SVGScript:href,image:SVGImage:href,use:SVGUse:href,feImage:SVGFEImage:href';
  var SINKS = {};
  each(TABLE.split(','), (row) => {
    row = row.split(':');
    each(row[0].split(' '), (tag) => { SINKS[tag] = (SINKS[tag] || ' ') + row[2].toLowerCase() + ' '; });
  });
  var SELECTOR = Object.keys(SINKS).join() + ',template';
  var XLINK = 'http://www.w3.org/1999/xlink';
  var rules = null; // {hosts: [[host, serviceId]], allow, strict, told}: from the config
  var heldList = [];
  var released = []; // ids of the services whose held tags were let through on this page
  var mine = new WeakSet(); // the loader's own elements; no attribute can claim this
  var seen = new WeakSet(); // documents, prototypes and frames already hooked
  var owners = new WeakMap(); // SVG animated strings and attribute maps → their element
  var here = w.location.origin;
  var nativeSetNS = Element.prototype.setAttributeNS;
  var innerDesc = Object.getOwnPropertyDescriptor(Element.prototype, 'innerHTML');
  var typeDesc = Object.getOwnPropertyDescriptor(HTMLScriptElement.prototype, 'type');
  var tt = []; // Trusted Types' own toString: the page cannot make them answer twice
  each(['TrustedHTML', 'TrustedScriptURL', 'TrustedScript'], (n) => { if (w[n]) tt.push(w[n].prototype.toString); });
  var started = performance.now();
  if (!me || me.async || me.defer || d.readyState !== 'loading') {
    console.error(TAG, 'load noren.js first, with a plain <script> in <head> (not async, defer or added later): tags before it are not held');
  }

  // The text of a Trusted Types object (by its own toString), else the value itself.
  function str(v) {
    for (var i = 0; i < tt.length; i++) try { return tt[i].call(v); } catch (e) { /* another type */ }
    return v;
  }
  // A value read once: a Trusted Types object, else a string.
  function once(v) { return str(v) !== v ? v : String(v); }
  // The third-party host a URL goes to (null if none); '?' for a frame's javascript:, data: or
  // blob: document, which the hooks cannot see into before its parser runs.
  function hostOf(url, base, frame) {
    try {
      var u = new URL(url, base);
      if (frame && /^(javascript|data|blob):$/.test(u.protocol)) {
        console.warn(TAG, 'held a frame with a javascript:, data: or blob: URL (out of reach of the gate)');
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
  // The service whose most specific host covers `host` (the order of the config does not count).
  function owner(host) {
    var best = null;
    if (host && rules) {
      each(rules.hosts, (r) => { if (under(host, r[0]) && (!best || r[0].length > best[0].length)) best = r; });
    }
    return best && best[1];
  }
  // What to do with a URL: '' (load it) or the id of the service to wait for ('?' until the
  // config is known or, in strict mode, for a host nobody declared).
  function verdict(url, base, frame) {
    var host = hostOf(url, base, frame);
    if (!host) return '';
    if (!rules || host === '?') return '?';
    var id = owner(host);
    if (id && api && api.hasConsent(id)) {
      // Let through: a later withdrawal tells the site that a reload is needed.
      if (!has(released, id)) released.push(id);
      return '';
    }
    if (id) return id;
    for (var j = 0; j < rules.allow.length; j++) if (under(host, rules.allow[j])) return '';
    if (rules.strict) {
      if (!rules.told[host]) {
        rules.told[host] = 1;
        console.warn(TAG, 'held a tag from ' + host + ', which no service or allowHosts names (blockUnknownHosts is on)');
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
  function verdictOf(el, key, v, base) {
    var list = urls(key, v);
    var frame = /^(i?frame|object|embed)$/.test(el.localName);
    for (var i = 0; i < list.length; i++) { var id = verdict(list[i], base, frame); if (id) return id; }
    return '';
  }
  // The sink `name` is on `el` ('' if none).
  function sink(el, name) {
    var key = String(name).replace(/^.*:/, '').toLowerCase();
    return (SINKS[el.localName] || '').indexOf(' ' + key + ' ') >= 0 ? key : '';
  }
  // What may be set now: the value, srcdoc's HTML with its sinks held, or null (held).
  function gate(el, name, v, ns, base) {
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
    if (!rules) return false;
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
  function checkTree(root, base) {
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
  function html(v, node, open) {
    v = once(v);
    var text = String(str(v));
    var f = filterHtml(text, (node.ownerDocument || node).baseURI, open, v);
    return f === text ? v : f;
  }
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
  function install(W) {
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
    each([E, S, E, S], (o, i) => {
      method(o, i < 2 ? 'setHTMLUnsafe' : 'setHTML', function (f) {
        return function (v) { var r = f.apply(this, [html(v, this)].concat([].slice.call(arguments, 1))); landed(this); return r; };
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
  install(w);

  // Releases what may load now, in the order it was held, and drops what can never load; a
  // connected script is replaced by a fresh copy (a script element runs once) and the next
  // waits for it to load.
  var releasing = false;
  function release() {
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
      if (el.localName !== 'script') { put(el); continue; }
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
  function learn(config) {
    var hosts = [];
    var services = config && config.services instanceof Array ? config.services : [];
    for (var i = 0; i < services.length; i++) {
      var list = services[i] && services[i].hosts instanceof Array ? services[i].hosts : [];
      for (var j = 0; j < list.length; j++) hosts.push([norm(list[j]), String(services[i].id)]);
    }
    var allow = [];
    if (config && config.allowHosts instanceof Array) each(config.allowHosts, (h) => { allow.push(norm(h)); });
    rules = { hosts: hosts, allow: allow, strict: !!(config && config.blockUnknownHosts), told: {} };
    // Requests that went out before this script ran: nothing could hold them.
    var leaked = [];
    each(performance.getEntriesByType('resource'), (e) => {
      if (e.startTime <= started && verdict(e.name, d.baseURI)) leaked.push(e.name);
    });
    if (leaked.length) console.error(TAG, 'requests before the loader, not held: ' + leaked.join(' '));
    release();
  }

  function emit(name, detail) {
    if (name === 'consentmode') return consentModeUpdate(detail); // the module's, not an event
    if (name === 'released') return released.slice(); // the module asks, after a withdrawal
    if (name === 'ready' || name === 'change') release();
    detail = bare(detail);
    var list = [];
    each(listeners[name] || [], function (f) { list.push(f); });
    for (var i = 0; i < list.length; i++) {
      try { list[i](detail); } catch (e) { console.error(TAG, 'a "' + name + '" listener threw:', e); }
    }
    try { w.dispatchEvent(new CustomEvent('noren:' + name, { detail: detail })); } catch (e) {
      console.error(TAG, 'a "noren:' + name + '" event listener threw:', e);
    }
  }

  // Objects the API hands out have no prototype, so `categories.constructor` or
  // `services.__proto__` is never mistaken for an answer (arrays stay arrays).
  function bare(v) {
    if (!v || typeof v !== 'object' || v instanceof Array) return v;
    var o = Object.create(null);
    for (var k in v) if (Object.prototype.hasOwnProperty.call(v, k)) o[k] = bare(v[k]);
    return o;
  }
  var undecided = function () {
    return bare({ decided: false, categories: {}, services: {}, updatedAt: null, revision: null, id: null });
  };
  var noren = {
    __loader: 1,
    /** Noren's version (the consent records' `cmp` says `noren/<version>` too). */
    version: VERSION,
    ready: ready,
    on: function (name, callback) {
      if (typeof callback !== 'function') throw new TypeError('noren.on(name, callback): callback must be a function');
      (listeners[name] = listeners[name] || []).push(callback);
      return function off() {
        var l = listeners[name] || [];
        for (var i = 0; i < l.length; i++) if (l[i] === callback) { l.splice(i, 1); return; }
      };
    },
    getConsent: function () { return api ? bare(api.getConsent()) : undecided(); },
    hasConsent: function (id) { return api ? api.hasConsent(id) : false; },
    getRecord: function () { return api ? bare(api.getRecord()) : null; }
  };
  // Whether the call runs in a user gesture (the site's own button), judged when it is made:
  // the module refuses grants without one unless the config has programmaticGrants.
  var activation = navigator.userActivation;
  each(['acceptAll', 'rejectAll', 'update', 'showBanner', 'showPreferences', 'reset'], function (m) {
    noren[m] = function (arg) {
      var gesture = activation ? activation.isActive : !!(w.event && w.event.isTrusted);
      var args = m === 'update' ? [arg, gesture] : [gesture];
      if (api) return call(m, args);
      if (!failed) queue.push([m, args]);
    };
  });
  function call(m, args) {
    try { api[m].apply(null, args); } catch (e) { console.error(TAG, 'noren.' + m + '() failed:', e); }
  }
  // Nobody can replace window.noren or its methods, nor redefine or delete them.
  Object.freeze(ready);
  Object.freeze(noren);
  try {
    Object.defineProperty(w, 'noren', { value: noren, configurable: false, writable: false, enumerable: true });
  } catch (e) {
    w.noren = noren;
  }

  function fail(error) {
    failed = true;
    queue = [];
    // The IAB stubs say so, and stop queueing: no vendor gets a signal.
    if (iab) { iab.status = 'error'; iab.queue = []; iab.gppQueue = []; }
    var message = String(error && error.message || error);
    if (/wasm-unsafe-eval|Content.Security.Policy|CSP/i.test(message)) {
      message = "the page's Content-Security-Policy blocks WebAssembly: add 'wasm-unsafe-eval' to script-src (" + message + ')';
    }
    console.error(TAG, 'not started, so no held tag will run. ' + message);
    settle[1](error instanceof Error ? new Error(message) : new Error(message));
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

  function loadConfig() {
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
  function moduleFor(config) {
    if (!config || (!config.tcf && !config.gpp)) return CORE_MODULE;
    if (IAB) return IAB_MODULE;
    throw new Error('the config has tcf or gpp: load noren-iab.js instead of noren.js (it has the __tcfapi and __gpp stubs)');
  }
  function loadModule(name) {
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

  // --- Wording --------------------------------------------------------------------------------
  // One file per built-in language in WORDING/ (the build's content-hashed folder; the IAB
  // loader's files also have the TCF part's wording); the visitor downloads only theirs, from
  // the loader's first lines, in parallel with the module. The
  // choice is the module's (text::choose), repeated here on the files only: the config's fixed
  // `language`, else <html lang> and navigator.languages, then `defaultLanguage`, then English;
  // a tag of the config's `texts` first, then the built-in language for it (zh-TW, zh-HK: zh-Hant;
  // zh, zh-CN: zh-Hans; pt-BR; other pt: pt), then a `texts` tag it falls back to (de-CH: de).
  // The module confirms it; if it wanted another file, that one loads and it starts again.
  // A wording file that cannot be loaded fails closed: nothing starts, no held tag runs.
  var BUILT_IN = 'ar bg cs da de el en es et fi fr ga he hr hu it ja ko lt lv mt nl pl pt pt-BR ro sk sl sv zh-Hans zh-Hant'.split(' ');
  var norm = function (t) { return String(t).trim().replace(/_/g, '-').toLowerCase(); };
  var builtinFile = function (tag) {
    var p = norm(tag).split('-');
    var has = function (s) { return p.indexOf(s, 1) > 0; };
    var n = p[0];
    if (n === 'zh') n = !has('hans') && (has('hant') || has('tw') || has('hk') || has('mo')) ? 'zh-Hant' : 'zh-Hans';
    else if (n === 'pt' && has('br')) n = 'pt-BR';
    else if (n === 'iw') n = 'he';
    return BUILT_IN.indexOf(n) >= 0 ? n : null;
  };
  var wordingFile = function (config) {
    var c = config || {};
    var site = c.texts && typeof c.texts === 'object' ? Object.keys(c.texts) : [];
    var bySite = function (t) {
      for (var i = 0; i < site.length; i++) if (norm(site[i]) === norm(t)) return builtinFile(site[i]) || 'en';
      return null;
    };
    var wanted = typeof c.language === 'string' && c.language !== 'auto' ? [c.language]
      : [d.documentElement.getAttribute('lang') || ''].concat([].slice.call(navigator.languages || []));
    if (typeof c.defaultLanguage === 'string') wanted.push(c.defaultLanguage);
    for (var i = 0; i < wanted.length; i++) {
      var t = String(wanted[i]).trim();
      var f = t && (bySite(t) || builtinFile(t));
      while (t && !f && /[-_]/.test(t)) f = bySite(t = t.replace(/[-_][^-_]*$/, ''));
      if (f) return f;
    }
    return 'en';
  };
  var wordings = {};
  var loadWording = function (file) {
    var href = new URL(WORDING + '/' + file + (IAB ? '.iab.json' : '.json'), base).href;
    return wordings[file] || (wordings[file] = fetch(href).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.json();
    })['catch'](function (e) {
      throw new Error('could not load the wording file ' + href + ' (' + e.message + '): the notice cannot be shown');
    }));
  };
  // At once, before the config file (if any) is in: the page's and the browser's languages.
  loadWording(wordingFile(inline))['catch'](function () {});

  var config = loadConfig();
  config.then(function (c) {
    if (IAB && !iab && c && (c.tcf || c.gpp)) {
      console.warn(TAG, 'tcf/gpp in a config file: __tcfapi and __gpp exist only once it has loaded, ' +
        'so ad tags that ran before found no CMP. Put the config inline (<script type="application/json" id="noren-config">).');
      stubs(c);
    }
    learn(c);
  }, function () {});
  // With an inline config the right module, the wording and the vendor list load at once; with
  // a config file, the module this loader is for loads while the file does (the other one after
  // it, if the file asks for it), and the wording the config names (if another) after it.
  var guess = IAB ? IAB_MODULE : CORE_MODULE;
  var early = inline || inlineError ? null : loadModule(guess);
  if (early) early['catch'](function () {});
  var module = config.then(function (c) {
    var name = moduleFor(c);
    return early && name === guess ? early : loadModule(name);
  });
  var parts = function (c, file) {
    return [c, module, loadGvl(c, file), file, loadWording(file)];
  };
  function begin(all, again) {
    var m = all[1];
    // `api` is set first: held tags the module runs during start ask it for consent.
    api = m;
    var started;
    try { started = m.start(all[0], emit, all[2] || null, all[3], all[4]); } catch (e) { api = null; throw e; }
    if (typeof started === 'string') {
      // The module chose another language: its wording (and vendor list), then again.
      api = null;
      if (again) throw new Error('the module asked twice for another wording file (' + started + ')');
      return Promise.all(parts(all[0], started)).then(function (a) { begin(a, true); });
    }
    takeOver(m);
    var pending = queue;
    queue = [];
    for (var i = 0; i < pending.length; i++) call(pending[i][0], pending[i][1]);
    var consent = bare(m.getConsent());
    settle[0](consent);
    emit('ready', consent);
  }
  config.then(function (c) { return Promise.all(parts(c, wordingFile(c))); }).then(function (all) {
    return begin(all);
  })['catch'](fail);
})(window, document);
