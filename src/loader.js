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
  // denied but security_storage, with wait_for_update; the module's `update` follows as soon as
  // it runs, and a returning visitor's last state is applied at once. Commands are gtag's
  // Arguments objects (gtag.js ignores plain arrays). Settings come from an inline config; with
  // a config file the defaults apply, and `data-consent-mode="off"` on the tag turns it off.
  var CM_TYPES = ['ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage',
    'functionality_storage', 'personalization_storage', 'security_storage'];
  var CM_KEY = 'noren.consentMode';
  var stringify = JSON.stringify;
  function gtag() { (w.dataLayer = w.dataLayer || []).push(arguments); }
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
      var s = {};
      each(CM_TYPES, function (t) { s[t] = t === 'security_storage' || has(granted, t) ? 'granted' : 'denied'; });
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
    // A returning visitor: the state the last page sent, while the choice it came from holds.
    try {
      var kept = parseJSON(w.localStorage.getItem(CM_KEY));
      if (kept && kept.until > Date.now() && (!inline || kept.revision === inline.revision)) {
        gtag('consent', 'update', kept.state);
      }
    } catch (e) { /* no storage: the module's update follows */ }
    return true;
  }
  var consentModeOn = consentModeDefault((inline && inline.consentMode) || {});
  function consentModeUpdate(detail) {
    if (!consentModeOn) return;
    gtag('consent', 'update', detail.state);
    try {
      if (detail.until > 0) w.localStorage.setItem(CM_KEY, stringify(detail));
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
      nativeSet.call(i, 'data-noren', '');
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
    var usnat = config.gpp && config.gpp.sections instanceof Array && has(config.gpp.sections, 'usnat');
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
      var supported = [];
      if (tcf) supported.push('2:tcfeuv2');
      if (usnat) supported.push('7:usnat');
      var ping = function () {
        return { gppVersion: '1.1', cmpStatus: iab.status, cmpDisplayStatus: 'hidden', signalStatus: 'not ready',
          supportedAPIs: supported, cmpId: 0, sectionList: [], applicableSections: [applies ? 2 : usnat ? 7 : -1],
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
  // `{lang}` in gvlUrl: the language the notice will be in (the module's rule: the config's,
  // else <html lang>, else the first of navigator.languages it knows, else English), for a
  // vendor list with translated purposes.
  var language = function (config) {
    if (config.language === 'ja' || config.language === 'en') return config.language;
    var tags = [d.documentElement.getAttribute('lang') || ''];
    each(navigator.languages || [], function (t) { tags.push(t); });
    for (var i = 0; i < tags.length; i++) {
      var primary = String(tags[i]).split(/[-_]/)[0].trim().toLowerCase();
      if (primary === 'ja' || primary === 'en') return primary;
    }
    return 'en';
  };
  loadGvl = function (config) {
    var url = config && config.tcf && config.tcf.gvlUrl;
    if (typeof url !== 'string') return null;
    var href = new URL(url.replace('{lang}', language(config)), d.baseURI).href;
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
  // A script, iframe or img whose URL is set at run time (property, setAttribute, HTML strings,
  // document.write) or that the parser inserts after this script is checked before it can make
  // a request: a URL on a host of a configured service is held until that service is granted;
  // before the config is known every third-party URL is held. Held elements get `data-src`
  // and `data-noren-held` (the service id); scripts also `type="text/plain"`. They are released
  // here, in the order they were held, as consent allows. This must run synchronously before
  // the site's own tags, which is why it is JavaScript, in the loader.
  var rules = null; // [[host, serviceId]], strict, allowed hosts: from the config
  var heldList = [];
  var TAGS = { SCRIPT: 1, IFRAME: 1, IMG: 1 };
  var here = w.location.origin;

  function hostOf(url) {
    try {
      var u = new URL(url, d.baseURI);
      return /^https?:$/.test(u.protocol) && u.origin !== here ? u.hostname : null;
    } catch (e) { return null; }
  }
  function under(host, domain) {
    return host === domain || host.slice(-domain.length - 1) === '.' + domain;
  }
  // What to do with a URL: '' (load it) or the id of the service to wait for ('?' until the
  // config is known or, in strict mode, for a host nobody declared).
  function verdict(url) {
    var host = hostOf(url);
    if (!host) return '';
    if (!rules) return '?';
    for (var i = 0; i < rules.hosts.length; i++) {
      if (under(host, rules.hosts[i][0])) {
        var id = rules.hosts[i][1];
        return api && api.hasConsent(id) ? '' : id;
      }
    }
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
  function hold(el, url, id, untracked) {
    nativeSet.call(el, 'data-src', url);
    nativeSet.call(el, 'data-noren-held', id);
    if (el.tagName === 'SCRIPT') {
      var type = el.getAttribute('type');
      if (type && type !== 'text/plain') nativeSet.call(el, 'data-type', type);
      nativeSet.call(el, 'type', 'text/plain');
    }
    if (!untracked && !has(heldList, el)) heldList.push(el);
  }
  // Whether setting `url` on `el` was held (the caller then does not set it).
  function intercept(el, url) {
    if (!TAGS[el.tagName] || el.hasAttribute('data-noren')) return false;
    var id = verdict(String(url));
    if (id === '') return false;
    hold(el, String(url), id);
    return true;
  }
  var srcSetters = [];
  each([HTMLScriptElement, HTMLIFrameElement, HTMLImageElement], function (C) {
    var desc = Object.getOwnPropertyDescriptor(C.prototype, 'src');
    srcSetters.push([C, desc.set]);
    Object.defineProperty(C.prototype, 'src', {
      configurable: true, enumerable: desc.enumerable, get: desc.get,
      set: function (v) { if (!intercept(this, v)) desc.set.call(this, v); }
    });
  });
  function setSrc(el, url) {
    for (var i = 0; i < srcSetters.length; i++) if (el instanceof srcSetters[i][0]) return srcSetters[i][1].call(el, url);
  }
  var typeDesc = Object.getOwnPropertyDescriptor(HTMLScriptElement.prototype, 'type');
  Object.defineProperty(HTMLScriptElement.prototype, 'type', {
    configurable: true, enumerable: typeDesc.enumerable, get: typeDesc.get,
    set: function (v) {
      if (this.hasAttribute('data-noren-held')) nativeSet.call(this, 'data-type', v);
      else typeDesc.set.call(this, v);
    }
  });
  Element.prototype.setAttribute = function (name, value) {
    var n = String(name).toLowerCase();
    if (n === 'src' && intercept(this, value)) return;
    if (n === 'type' && this.tagName === 'SCRIPT' && this.hasAttribute('data-noren-held')) n = 'data-type';
    else n = name;
    return nativeSet.call(this, n, value);
  };
  // HTML strings: parsed first in an inert template, where held elements are rewritten.
  var MARKUP = /<(script|iframe|img)\b/i;
  function filterHtml(html) {
    if (typeof html !== 'string' || !MARKUP.test(html)) return html; // TrustedHTML: as is
    var t = d.createElement('template');
    innerDesc.set.call(t, html);
    var found = t.content.querySelectorAll('script[src],iframe[src],img[src]');
    var changed = false;
    for (var i = 0; i < found.length; i++) {
      var el = found[i];
      var url = el.getAttribute('src');
      var id = el.hasAttribute('data-noren') ? '' : verdict(url);
      if (id === '') continue;
      el.removeAttribute('src');
      hold(el, url, id, true); // release() finds the page's copy by its attribute
      changed = true;
    }
    return changed ? innerDesc.get.call(t) : html;
  }
  var innerDesc = Object.getOwnPropertyDescriptor(Element.prototype, 'innerHTML');
  var outerDesc = Object.getOwnPropertyDescriptor(Element.prototype, 'outerHTML');
  Object.defineProperty(Element.prototype, 'innerHTML', {
    configurable: true, enumerable: innerDesc.enumerable, get: innerDesc.get,
    set: function (v) { innerDesc.set.call(this, filterHtml(v)); }
  });
  Object.defineProperty(Element.prototype, 'outerHTML', {
    configurable: true, enumerable: outerDesc.enumerable, get: outerDesc.get,
    set: function (v) { outerDesc.set.call(this, filterHtml(v)); }
  });
  var adjacent = Element.prototype.insertAdjacentHTML;
  Element.prototype.insertAdjacentHTML = function (where, html) { return adjacent.call(this, where, filterHtml(html)); };
  var fragment = Range.prototype.createContextualFragment;
  Range.prototype.createContextualFragment = function (html) { return fragment.call(this, filterHtml(html)); };
  each(['write', 'writeln'], function (m) {
    var original = d[m];
    d[m] = function () {
      var parts = [];
      for (var i = 0; i < arguments.length; i++) parts.push(filterHtml(String(arguments[i])));
      return original.apply(d, parts);
    };
  });
  // Parser-inserted elements (the page's HTML after this script): seen before a script runs.
  function scan(node) {
    if (node.nodeType !== 1) return;
    var list = TAGS[node.tagName] ? [node] : [];
    if (node.querySelectorAll) each(node.querySelectorAll('script,iframe,img'), function (e) { list.push(e); });
    for (var i = 0; i < list.length; i++) {
      var el = list[i];
      if (el.hasAttribute('data-noren-held')) {
        // Held while an HTML string was parsed: it joins the queue as it enters the page.
        if (!has(heldList, el)) heldList.push(el);
        continue;
      }
      if (el.hasAttribute('data-noren')) continue;
      var type = el.getAttribute('type');
      if (el.tagName === 'SCRIPT' && el.hasAttribute('data-consent') && type !== 'text/plain') {
        console.warn(TAG, 'a tag has data-consent but not type="text/plain": held, but the browser may already have fetched ' +
          (el.getAttribute('src') || 'it') + '. Add type="text/plain" and data-src.');
        if (el.hasAttribute('src')) { nativeSet.call(el, 'data-src', el.getAttribute('src')); el.removeAttribute('src'); }
        if (type) nativeSet.call(el, 'data-type', type);
        nativeSet.call(el, 'type', 'text/plain');
        continue;
      }
      if (el.hasAttribute('src') && !el.hasAttribute('data-consent')) {
        var url = el.getAttribute('src');
        var id = verdict(url);
        if (id !== '') { el.removeAttribute('src'); hold(el, url, id); }
      }
    }
  }
  new MutationObserver(function (records) {
    for (var i = 0; i < records.length; i++) {
      for (var j = 0; j < records[i].addedNodes.length; j++) scan(records[i].addedNodes[j]);
    }
  }).observe(d.documentElement, { childList: true, subtree: true });

  // Releases what may load now, in the order it was held; a connected script is replaced by a
  // fresh copy (a script element runs once) and the next waits for it to load.
  var releasing = false;
  function release() {
    if (releasing) return;
    var inPage = d.querySelectorAll('[data-noren-held]');
    each(inPage, function (e) { if (!has(heldList, e)) heldList.push(e); });
    for (var i = 0; i < heldList.length; i++) {
      var el = heldList[i];
      var url = el.getAttribute('data-src');
      if (!url || verdict(url) !== '') continue;
      heldList.splice(i--, 1);
      // Marked, so a later withdrawal can tell the site that a reload is needed.
      nativeSet.call(el, 'data-noren-released', el.getAttribute('data-noren-held'));
      el.removeAttribute('data-noren-held');
      el.removeAttribute('data-src');
      if (el.tagName !== 'SCRIPT') { setSrc(el, url); continue; }
      var type = el.getAttribute('data-type');
      el.removeAttribute('data-type');
      if (!el.isConnected) {
        if (type) typeDesc.set.call(el, type); else el.removeAttribute('type');
        setSrc(el, url);
        continue;
      }
      var s = d.createElement('script');
      for (var a = 0; a < el.attributes.length; a++) {
        if (el.attributes[a].name !== 'type') nativeSet.call(s, el.attributes[a].name, el.attributes[a].value);
      }
      if (type) typeDesc.set.call(s, type);
      if (el.nonce) s.nonce = el.nonce;
      s.onload = el.onload;
      s.onerror = el.onerror;
      releasing = true;
      var next = function () { releasing = false; release(); };
      s.addEventListener('load', next);
      s.addEventListener('error', next);
      setSrc(s, url);
      el.replaceWith(s);
      return;
    }
  }
  function learn(config) {
    var hosts = [];
    var services = config && config.services instanceof Array ? config.services : [];
    for (var i = 0; i < services.length; i++) {
      var list = services[i] && services[i].hosts instanceof Array ? services[i].hosts : [];
      for (var j = 0; j < list.length; j++) hosts.push([String(list[j]).toLowerCase(), String(services[i].id)]);
    }
    var allow = [];
    if (config && config.allowHosts instanceof Array) each(config.allowHosts, function (h) { allow.push(String(h)); });
    rules = { hosts: hosts, allow: allow, strict: !!(config && config.blockUnknownHosts), told: {} };
    release();
  }

  function emit(name, detail) {
    if (name === 'consentmode') return consentModeUpdate(detail); // the module's, not an event
    if (name === 'ready' || name === 'change') release();
    var list = [];
    each(listeners[name] || [], function (f) { list.push(f); });
    for (var i = 0; i < list.length; i++) {
      try { list[i](detail); } catch (e) { console.error(TAG, 'a "' + name + '" listener threw:', e); }
    }
    try { w.dispatchEvent(new CustomEvent('noren:' + name, { detail: detail })); } catch (e) {
      console.error(TAG, 'a "noren:' + name + '" event listener threw:', e);
    }
  }

  var undecided = function () {
    return { decided: false, categories: {}, services: {}, updatedAt: null, revision: null, id: null };
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
    getConsent: function () { return api ? api.getConsent() : undecided(); },
    hasConsent: function (id) { return api ? api.hasConsent(id) : false; },
    getRecord: function () { return api ? api.getRecord() : null; }
  };
  each(['acceptAll', 'rejectAll', 'update', 'showBanner', 'showPreferences', 'reset'], function (m) {
    noren[m] = function () {
      if (api) return call(m, arguments);
      if (!failed) queue.push([m, arguments]);
    };
  });
  function call(m, args) {
    try { api[m].apply(null, args); } catch (e) { console.error(TAG, 'noren.' + m + '() failed:', e); }
  }
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

  // noren_tcf is noren_core with IAB TCF and GPP: only sites that configure them download it.
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

  var config = loadConfig();
  config.then(function (c) {
    if (IAB && !iab && c && (c.tcf || c.gpp)) {
      console.warn(TAG, 'tcf/gpp in a config file: __tcfapi and __gpp exist only once it has loaded, ' +
        'so ad tags that ran before found no CMP. Put the config inline (<script type="application/json" id="noren-config">).');
      stubs(c);
    }
    learn(c);
  }, function () {});
  // With an inline config the right module and the vendor list load at once; with a config
  // file, the module this loader is for loads while the file does (the other one after it, if
  // the file asks for it).
  var guess = IAB ? IAB_MODULE : CORE_MODULE;
  var early = inline || inlineError ? null : loadModule(guess);
  if (early) early['catch'](function () {});
  var module = config.then(function (c) {
    var name = moduleFor(c);
    return early && name === guess ? early : loadModule(name);
  });
  var gvl = inline ? loadGvl(inline) : config.then(loadGvl);
  Promise.all([config, module, gvl]).then(function (all) {
    var m = all[1];
    // `api` is set first: held tags the module runs during start ask it for consent.
    api = m;
    try { m.start(all[0], emit, all[2] || null); } catch (e) { api = null; throw e; }
    takeOver(m);
    var pending = queue;
    queue = [];
    for (var i = 0; i < pending.length; i++) call(pending[i][0], pending[i][1]);
    var consent = m.getConsent();
    settle[0](consent);
    emit('ready', consent);
  })['catch'](fail);
})(window, document);
