//! Consent records in the browser: made by [`crate::consent::record`], kept in `localStorage` so
//! `noren.getRecord()` still answers on the next page, and sent to the config's `recordUrl`
//! with `navigator.sendBeacon` (else `fetch` with `keepalive`). Nothing here can block the page
//! or the choice: every failure is ignored.

use super::dom::{call_method, prop, window};
use crate::config::Config;
use crate::consent::record::{to_json, Action, Facts};
use crate::consent::Consent;
use crate::prelude::*;
use crate::text::Wording;
use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

/// The `localStorage` key of the kept record.
const KEY: &str = "noren.record";

/// The record of what was just done, as JSON.
/// `from_api`: it came through `window.noren`. `iab`: the TC and GPP strings in force, on
/// sites with TCF or GPP.
pub fn make(
    config: &Config,
    consent: &Consent,
    id: &str,
    action: Action,
    from_api: bool,
    lang: &Wording,
    iab: (Option<&str>, Option<&str>),
) -> String {
    let w = window();
    let location = prop(&w, "location");
    let mut url = prop(&location, "origin").as_string().unwrap_or_default();
    url.push_str(&prop(&location, "pathname").as_string().unwrap_or_default());
    let facts = Facts {
        id,
        time: js_sys::Date::now(),
        action,
        from_api,
        lang,
        gpc: super::dom::gpc(),
        tc_string: iab.0,
        gpp_string: iab.1,
        url: &url,
    };
    to_json(config, consent, &facts)
}

/// Keeps the record for the next page (where storage allows).
pub fn keep(json: &str) {
    let storage = prop(&window(), "localStorage");
    let _ = call_method(&storage, "setItem", &KEY.into(), &json.into());
}

/// The record kept by an earlier page, if any.
pub fn kept() -> Option<String> {
    let storage = prop(&window(), "localStorage");
    call_method(&storage, "getItem", &KEY.into(), &JsValue::UNDEFINED)?.as_string()
}

/// Whether a kept record belongs to the consent with this id (the JSON is Noren's own, so
/// the member is written exactly so).
pub fn is_of(json: &str, consent_id: &str) -> bool {
    let mut member = String::from("\"consentId\":\"");
    member.push_str(consent_id);
    member.push('"');
    // A byte search: `str::contains` would bring in core's panicking string slicing.
    let member = member.as_bytes();
    !consent_id.is_empty() && json.as_bytes().windows(member.len()).any(|w| w == member)
}

/// A record's own id (the JSON is Noren's own: `{"version":1,"id":"…",…`).
pub fn id_of(json: &str) -> Option<&str> {
    let rest = json.strip_prefix("{\"version\":1,\"id\":\"")?;
    rest.split('"').next()
}

/// The record as an object (`null` if it is not JSON).
pub fn parse(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap_or(JsValue::NULL)
}

/// Sends the record to `url`: a beacon if the browser queues it, else a keepalive `fetch`
/// whose failure is swallowed. The body is the JSON as text/plain, which needs no CORS
/// preflight.
pub fn send(url: &str, json: &str) {
    let w = window();
    let navigator = prop(&w, "navigator");
    let queued = call_method(&navigator, "sendBeacon", &url.into(), &json.into());
    if queued.is_some_and(|q| q.is_truthy()) {
        return;
    }
    let init = Object::new();
    let _ = Reflect::set(&init, &"method".into(), &"POST".into());
    let _ = Reflect::set(&init, &"body".into(), &json.into());
    let _ = Reflect::set(&init, &"keepalive".into(), &JsValue::TRUE);
    if let Some(promise) = call_method(&w, "fetch", &url.into(), &init) {
        // `String` as the rejection handler: a failed request is ignored, not reported.
        let _ = call_method(&promise, "catch", &prop(&w, "String"), &JsValue::UNDEFINED);
    }
}
