//! What happens after a choice beyond this page's own state: other tabs follow it (a
//! `BroadcastChannel`), cookies of refused services are deleted again if a script that already
//! ran sets them back (the Cookie Store API's change events, else a bounded re-check), and the
//! site is told when scripts that already ran were withdrawn (only a reload stops them).

use super::dom::{call_method, prop, window};
use super::global::Global;
use crate::config::Config;
use crate::consent::{self, Consent};
use crate::prelude::*;
use js_sys::{Array, Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::EventTarget;

/// The channel to the site's other tabs, once opened.
static CHANNEL: Global<Option<JsValue>> = Global::new(None);
/// Re-checks left on the bounded timer (browsers without the Cookie Store API).
static CHECKS_LEFT: Global<u32> = Global::new(0);
/// Whether the Cookie Store listener is on.
static WATCHING: Global<bool> = Global::new(false);

/// How often and how many times to re-check cookies without the Cookie Store API: 10 s.
const CHECK_MS: i32 = 500;
const CHECKS: u32 = 20;

/// Opens the channel to other tabs; their choices arrive as `message` events.
pub fn open_channel() {
    let ctor = prop(&window(), "BroadcastChannel");
    if !ctor.is_function() {
        return;
    }
    let Ok(channel) = Reflect::construct(
        ctor.unchecked_ref::<Function>(),
        &Array::of1(&"noren".into()),
    ) else {
        return;
    };
    let target: &EventTarget = channel.unchecked_ref();
    let _ = target.add_event_listener_with_callback("message", &super::events::handler());
    CHANNEL.with(|c| *c.borrow_mut() = Some(channel));
}

/// Tells the other tabs that the choice changed (they read it from the cookie).
pub fn tell_other_tabs() {
    if let Some(channel) = CHANNEL.with(|c| c.borrow().clone()) {
        let _ = call_method(
            &channel,
            "postMessage",
            &"changed".into(),
            &JsValue::UNDEFINED,
        );
    }
}

/// Services not granted now, whose cookies must stay deleted.
pub fn refused(config: &Config, consent: &Consent) -> Vec<usize> {
    (0..config.services.len())
        .filter(|&i| !consent.service(i))
        .collect()
}

/// After a withdrawal: watch for the refused services' cookies coming back.
pub fn watch_cookies() {
    let store = prop(&window(), "cookieStore");
    if store.is_object() {
        if !WATCHING.with(|w| w.replace(true)) {
            let target: &EventTarget = store.unchecked_ref();
            let _ = target.add_event_listener_with_callback("change", &super::events::handler());
        }
        return;
    }
    let idle = CHECKS_LEFT.with(|n| n.replace(CHECKS)) == 0;
    if idle {
        schedule();
    }
}

fn schedule() {
    let handler = super::events::handler();
    let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&handler, CHECK_MS);
}

/// A cookie changed (Cookie Store API) or a re-check is due: delete refused services'
/// cookies again.
pub fn recheck(timer: bool) {
    super::read(|app| {
        super::storage::delete_service_cookies(&app.config, &refused(&app.config, &app.consent))
    });
    if timer {
        let more = CHECKS_LEFT.with(|n| {
            let mut n = n.borrow_mut();
            *n = n.saturating_sub(1);
            *n > 0
        });
        if more {
            schedule();
        }
    }
}

/// Ids of the services (or, for tags without one, categories) whose tags already ran on this
/// page and are no longer allowed: only a reload stops them. Declared tags come from the
/// runner's own list (a script may have removed its element); what the loader let through
/// automatically, it names itself when `emit("released")` is called (service ids, never '?').
pub fn ran_but_withdrawn(config: &Config, consent: &Consent, emit: &Function) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |id: String, allowed: bool| {
        if !allowed && !out.contains(&id) {
            out.push(id);
        }
    };
    for e in super::tags::ran() {
        let category = e.get_attribute("data-consent").unwrap_or_default();
        let service = e.get_attribute("data-service");
        let ok = consent::allows(config, consent, category.trim(), service.as_deref());
        add(service.unwrap_or(category), ok);
    }
    let through = emit
        .call2(&JsValue::NULL, &"released".into(), &JsValue::UNDEFINED)
        .unwrap_or(JsValue::UNDEFINED);
    if Array::is_array(&through) {
        for id in Array::from(&through).iter().filter_map(|v| v.as_string()) {
            let ok = consent::has_consent(config, consent, &id);
            add(id, ok);
        }
    }
    out
}
