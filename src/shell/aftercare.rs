//! What happens after a choice beyond this page's own state: other tabs follow it (a
//! `BroadcastChannel`), cookies of refused services are deleted again if a script that already
//! ran sets them back (the Cookie Store API's change events, else a re-check for as long as the
//! page lives: every half second for ten seconds, then every five), and the
//! site is told when scripts that already ran were withdrawn (only a reload stops them).

use super::app::read;
use super::dom::{attr, call_method, listen, prop, window, Handler};
use super::global::Global;
use super::storage::delete_service_cookies;
use super::tags;
use crate::config::Config;
use crate::consent::{self, Consent};
use crate::prelude::*;
use js_sys::{Array, Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// The channel to the site's other tabs, once opened.
static CHANNEL: Global<Option<JsValue>> = Global::new(None);
/// Quick re-checks left before the slow pace (browsers without the Cookie Store API).
static CHECKS_LEFT: Global<u32> = Global::new(0);
/// Whether the re-check timer runs (once started, for the page's lifetime).
static TIMER: Global<bool> = Global::new(false);
/// Whether the Cookie Store listener is on.
static WATCHING: Global<bool> = Global::new(false);

/// Without the Cookie Store API, cookies are re-checked every `CHECK_MS` for `CHECKS` times
/// after each withdrawal (10 s, while scripts that ran are most active), then every `SLOW_MS`
/// until the page goes: reading `document.cookie` costs little at that pace.
const CHECK_MS: i32 = 500;
/// How many quick re-checks follow a withdrawal (see [`CHECK_MS`]).
const CHECKS: u32 = 20;
/// The slow pace of re-checks, after the quick ones (see [`CHECK_MS`]).
const SLOW_MS: i32 = 5000;

/// The re-check timer fired: delete refused services' cookies again, and set the next one.
static TIMER_FIRED: Handler = Handler::new(|_| {
    delete_refused_cookies();
    let quick = CHECKS_LEFT.with(|n| {
        let mut n = n.borrow_mut();
        *n = n.saturating_sub(1);
        *n > 0
    });
    schedule(if quick { CHECK_MS } else { SLOW_MS });
});

/// The Cookie Store API reported a cookie change: delete refused services' cookies again.
static COOKIE_CHANGED: Handler = Handler::new(|_| delete_refused_cookies());

/// Opens the channel to other tabs; their choices arrive as `message` events, for
/// `on_message`.
pub fn open_channel(on_message: &Handler) {
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
    listen(channel.unchecked_ref(), "message", on_message);
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
    let mut out = Vec::new();
    for i in 0..config.services.len() {
        if !consent.service(i) {
            out.push(i);
        }
    }
    out
}

/// After a withdrawal: watch for the refused services' cookies coming back.
pub fn watch_cookies() {
    let store = prop(&window(), "cookieStore");
    if store.is_object() {
        if !WATCHING.with(|w| w.replace(true)) {
            listen(store.unchecked_ref(), "change", &COOKIE_CHANGED);
        }
        return;
    }
    CHECKS_LEFT.with(|n| n.replace(CHECKS));
    if !TIMER.with(|t| t.replace(true)) {
        schedule(CHECK_MS);
    }
}

/// Sets the re-check timer to fire in `ms` milliseconds.
fn schedule(ms: i32) {
    let handler = TIMER_FIRED.function();
    let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&handler, ms);
}

/// Deletes the cookies of the services the consent in force refuses.
fn delete_refused_cookies() {
    read(|app| delete_service_cookies(&app.config, &refused(&app.config, &app.consent)));
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
    for e in tags::ran() {
        let category = attr(&e, "data-consent").unwrap_or_default();
        let service = attr(&e, "data-service");
        let ok = consent::allows(config, consent, category.trim(), service.as_deref());
        add(service.unwrap_or(category), ok);
    }
    let through = emit
        .call2(&JsValue::NULL, &"released".into(), &JsValue::UNDEFINED)
        .unwrap_or(JsValue::UNDEFINED);
    if Array::is_array(&through) {
        let ids: &Array = through.unchecked_ref();
        for i in 0..ids.length() {
            if let Some(id) = ids.get(i).as_string() {
                let ok = consent::has_consent(config, consent, &id);
                add(id, ok);
            }
        }
    }
    out
}
