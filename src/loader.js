/*! Noren loader: the small synchronous part that must exist before the module loads.
 * - defines window.noren at once (calls made early are queued and replayed in order);
 * - finds the config (inline <script type="application/json" id="noren-config"> or the
 *   data-config URL of this script tag) and the module next to this file;
 * - on any failure, nothing held runs, the console says why, and noren.ready rejects.
 * Events and listeners live here so `noren.on()` works before the module has loaded. */
(function (w, d) {
  'use strict';
  var TAG = '[noren]';
  if (w.noren && w.noren.__loader) {
    console.warn(TAG, 'the loader is on this page twice: the second copy does nothing');
    return;
  }
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

  function emit(name, detail) {
    var list = (listeners[name] || []).slice();
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
    ready: ready,
    on: function (name, callback) {
      if (typeof callback !== 'function') throw new TypeError('noren.on(name, callback): callback must be a function');
      (listeners[name] = listeners[name] || []).push(callback);
      return function off() {
        var l = listeners[name] || [];
        var i = l.indexOf(callback);
        if (i >= 0) l.splice(i, 1);
      };
    },
    getConsent: function () { return api ? api.getConsent() : undecided(); },
    hasConsent: function (id) { return api ? api.hasConsent(id) : false; },
    getRecord: function () { return api ? api.getRecord() : null; }
  };
  ['acceptAll', 'rejectAll', 'update', 'showBanner', 'showPreferences', 'reset'].forEach(function (m) {
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
    var message = String(error && error.message || error);
    if (/wasm-unsafe-eval|Content.Security.Policy|CSP/i.test(message)) {
      message = "the page's Content-Security-Policy blocks WebAssembly: add 'wasm-unsafe-eval' to script-src (" + message + ')';
    }
    console.error(TAG, 'not started, so no held tag will run. ' + message);
    settle[1](error instanceof Error ? new Error(message) : new Error(message));
  }

  function parse(text, where) {
    try { return JSON.parse(text); } catch (e) {
      throw new Error('the config in ' + where + ' is not valid JSON: ' + e.message);
    }
  }

  function loadConfig() {
    var inline = d.getElementById('noren-config');
    var url = me && me.getAttribute('data-config');
    if (inline) return new Promise(function (ok) { ok(parse(inline.textContent, '#noren-config')); });
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

  function loadModule() {
    var glue = new URL('noren_core.js', base).href;
    var wasm = new URL('noren_core_bg.wasm', base).href;
    return import(glue).then(function (m) {
      return m['default']({ module_or_path: wasm }).then(function () { return m; }, function (e) {
        throw new Error('could not load the module ' + wasm + ': ' + e.message);
      });
    }, function (e) {
      throw new Error('could not load the module ' + glue + ': ' + e.message);
    });
  }

  Promise.all([loadConfig(), loadModule()]).then(function (both) {
    var m = both[1];
    m.start(both[0], emit);
    api = m;
    var pending = queue;
    queue = [];
    for (var i = 0; i < pending.length; i++) call(pending[i][0], pending[i][1]);
    var consent = m.getConsent();
    settle[0](consent);
    emit('ready', consent);
  })['catch'](fail);
})(window, document);
