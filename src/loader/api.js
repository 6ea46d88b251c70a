// window.noren: defined at once (calls made early are queued and replayed in order), with the
// events and listeners, so `noren.on()` works before the module has loaded; the start and the
// failure.
import { w, each, api, setApi, say, note, words } from './common.js';
import { consentModeUpdate } from './consent_mode.js';
import { iab, takeOver } from './iab_stubs.js';
import { released } from './sinks.js';
import { release } from './blocking.js';

var listeners = {};
var queue = [];
var failed = false;
var settle;
var ready = new Promise((resolve, reject) => { settle = [resolve, reject]; });
// The failure is reported on the console; a site that does not catch `ready` gets no second,
// unhandled-rejection message for the same problem.
ready['catch'](() => {});

/** What the module tells the page: its events, its Consent Mode state, and questions. */
function emit(name, detail) {
  if (name === 'consentmode') return consentModeUpdate(detail); // the module's, not an event
  if (name === 'released') return released.slice(); // the module asks, after a withdrawal
  if (name === 'ready' || name === 'change') release();
  detail = bare(detail);
  var list = [];
  each(listeners[name] || [], (f) => { list.push(f); });
  each(list, (f) => {
    try { f(detail); } catch (e) { say('E14', { name: name }, e); }
  });
  try { w.dispatchEvent(new CustomEvent('noren:' + name, { detail: detail })); } catch (e) {
    say('E15', { name: name }, e);
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
var undecided = () => bare({ decided: false, categories: {}, services: {}, updatedAt: null, revision: null, id: null });
/** Defines window.noren (once, for good). */
export function defineApi() {
  var noren = {
    __loader: 1,
    /** Noren's version (the consent records' `cmp` says `noren/<version>` too). */
    version: VERSION,
    ready: ready,
    on: (name, callback) => {
      if (typeof callback !== 'function') throw new TypeError('noren.on(name, callback): callback must be a function');
      (listeners[name] = listeners[name] || []).push(callback);
      return () => {
        var l = listeners[name] || [];
        for (var i = 0; i < l.length; i++) if (l[i] === callback) { l.splice(i, 1); return; }
      };
    },
    getConsent: () => api ? bare(api.getConsent()) : undecided(),
    hasConsent: (id) => api ? api.hasConsent(id) : false,
    getRecord: () => api ? bare(api.getRecord()) : null
  };
  // Whether the call runs in a user gesture (the site's own button), judged when it is made:
  // the module refuses grants without one unless the config has programmaticGrants.
  var activation = navigator.userActivation;
  each(['acceptAll', 'rejectAll', 'update', 'showBanner', 'showPreferences', 'reset'], (m) => {
    noren[m] = (arg) => {
      var gesture = activation ? activation.isActive : !!(w.event && w.event.isTrusted);
      var args = m === 'update' ? [arg, gesture] : [gesture];
      if (api) return call(m, args);
      if (!failed) queue.push([m, args]);
    };
  });
  // Nobody can replace window.noren or its methods, nor redefine or delete them.
  Object.freeze(ready);
  Object.freeze(noren);
  try {
    Object.defineProperty(w, 'noren', { value: noren, enumerable: true, writable: false, configurable: false });
  } catch (e) {
    w.noren = noren;
  }
}
function call(m, args) {
  try { api[m].apply(null, args); } catch (e) { say('E16', { method: m }, e); }
}

/** Gives up: the console says why, `noren.ready` rejects, nothing held runs. */
export function fail(e) {
  failed = true;
  queue = [];
  // The IAB stubs say so, and stop queueing: no vendor gets a signal.
  if (iab) { iab.status = 'error'; iab.queue = []; iab.gppQueue = []; }
  // A message of the loader's (from `note`), else the module's or the browser's words.
  var problem = e && e.c ? e : String(e && e.message || e);
  // The browser's words on the module (a raw error, or E10's reason) may say that the page's
  // CSP refused WebAssembly; a config's own words (a field such as `barrier`) never do.
  var why = problem.c ? problem.c === 'E10' && problem.p.reason : problem;
  if (/wasm-unsafe-eval|Content.Security.Policy|CSP/i.test(why)) problem = note('E5', { reason: problem });
  // `ready` rejects with the problem in the words the console uses.
  var reject = (all) => { settle[1](new Error(words(problem, all))); };
  say('E4', { problem: problem }).then(reject, () => { reject(); });
}

/** The module `m` has loaded: it starts with the config, the vendor list, the visitor's
 * region and the wording `file`'s `words`, takes over the IAB APIs, runs the calls queued so
 * far, and `noren.ready` resolves. When the module wants another wording file, nothing
 * starts: returns its name (and the loader calls `again` with that file). */
export function run(m, config, gvl, region, file, words, again) {
  // `api` is set first: held tags the module runs during start ask it for consent.
  setApi(m);
  var other;
  // The module says the config's warnings (src/config/messages.json), once: not `again` when
  // it asked for another wording file; its errors (an array of messages) fail in E100.
  try { other = m.start(config, emit, gvl || null, region || null, file, words, again ? () => {} : say); } catch (e) { setApi(null); throw e instanceof Array ? note('E100', { issues: e }) : e; }
  if (typeof other === 'string') { setApi(null); return other; }
  takeOver(m);
  var pending = queue;
  queue = [];
  each(pending, (c) => { call(c[0], c[1]); });
  var consent = bare(m.getConsent());
  settle[0](consent);
  emit('ready', consent);
}
