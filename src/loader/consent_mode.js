// Google Consent Mode v2.
// The `default` command goes out at once, before any other tag on the page can run: everything
// denied but security_storage, with wait_for_update; for a visitor with a choice the module's
// `update` follows as soon as it runs, and the last page's state is applied at once when the
// choice it came from is still the one in force (see `inForce`). Commands are gtag's
// Arguments objects (gtag.js ignores plain arrays). Settings come from an inline config; with
// a config file the defaults apply, and `data-consent-mode="off"` on the tag turns it off.
import { w, d, each, has, list, parseJSON, stringify, me } from './common.js';
import { regionDefaults } from './region.js';

var CM_TYPES = ('ad_storage ad_user_data ad_personalization analytics_storage functionality_storage ' +
  'personalization_storage security_storage').split(' ');
var CM_KEY = 'noren.consentMode';
function gtag() { (w.dataLayer = w.dataLayer || []).push(arguments); }
// Whether Consent Mode is on for this page (set by `consentModeDefault`).
var consentModeOn = false;
// Whether this page was sent an `update` (a replayed or a module state) that a later
// "no choice" must take back.
var cmSent = false;
// A state: the types in `granted` and security_storage granted, the rest denied.
function cmState(granted) {
  var s = {};
  each(CM_TYPES, (t) => { s[t] = t === 'security_storage' || has(granted, t) ? 'granted' : 'denied'; });
  return s;
}
// Whether the choice `value` is the one in force: the only `name` cookie the browser sends.
// With several copies (other domains or paths) the module decides which is in force (the
// newest: `codec::newest`); until it has, nothing is replayed. Nothing else here reads the
// cookie.
function inForce(name, value) {
  var found = false, other = false;
  each(d.cookie.split(';'), (pair) => {
    var i = pair.indexOf('=');
    if (pair.slice(0, i).trim() === name) pair.slice(i + 1).trim() === value ? found = true : other = true;
  });
  return found && !other;
}
/** Sends the `default` (and a returning visitor's kept state) for the inline config `inline`
 * (null with a config file), unless Consent Mode is off. */
export function consentModeDefault(inline) {
  var cm = (inline && inline.consentMode) || {};
  if (cm.enabled === false || (me && me.getAttribute('data-consent-mode') === 'off')) return;
  consentModeOn = true;
  var wait = typeof cm.waitForUpdate === 'number' ? cm.waitForUpdate : 500;
  // A default (`where`: [its region], none for the last, general one).
  var send = (granted, where) => {
    var s = cmState(granted);
    s.wait_for_update = wait;
    if (where) s.region = where[0];
    gtag('consent', 'default', s);
  };
  each(list(cm.regions), (r) => { send(list(r && r.granted), [r && r.region]); });
  regionDefaults(inline && inline.regions, (granted, codes) => { send(granted, [codes]); });
  send([]);
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
}
/** The module's state for a choice, or `state: null` without one: then nothing is sent (the
 * defaults and regions stay), unless this page was told a state before, which is taken back. */
export function consentModeUpdate(detail) {
  if (!consentModeOn) return;
  if (detail.state || cmSent) gtag('consent', 'update', detail.state || cmState([]));
  cmSent = !!detail.state;
  try {
    if (detail.state && detail.until > 0) w.localStorage.setItem(CM_KEY, stringify(detail));
    else w.localStorage.removeItem(CM_KEY);
  } catch (e) { /* storage blocked: the next page waits for the module */ }
}
