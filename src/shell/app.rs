//! The running banner's state: one [`App`] for the page, reached through [`read`] and
//! [`super::effects::act`].

use super::dom::Handler;
use super::global::Global;
use super::iab::Iab;
use super::ui::{Screen, View};
use crate::config::Config;
use crate::consent::record::iso_time;
use crate::consent::Consent;
use crate::json::JsonWriter;
use crate::prelude::*;
use crate::text::Wording;
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::JsValue;

/// The running banner's state.
pub struct App {
    /// The site's config, checked.
    pub config: Config,
    /// The language of the interface and the records.
    pub lang: Wording,
    /// The state in force (nothing but required when undecided).
    pub consent: Consent,
    /// Whether the visitor has made a choice that still holds.
    pub decided: bool,
    /// The loader's event dispatcher: `emit(name, detail)`.
    pub emit: Function,
    /// The interface, once the document is ready (and if it could be rendered).
    pub view: Option<View>,
    /// A screen asked for before the page was ready to show it.
    pub pending: Option<Screen>,
    /// Whether the choice can be stored (cookies may be blocked).
    pub storage_ok: bool,
    /// The latest consent record (JSON), for `getRecord()`.
    pub last_record: Option<String>,
    /// IAB TCF and GPP (nothing in the plain build).
    pub iab: Iab,
    /// The handler of the interface's events (clicks, switches, keys), for interface parts
    /// made after start: embed placeholders.
    pub ui_events: &'static Handler,
}

/// The app, once `start` has run.
pub static APP: Global<Option<App>> = Global::new(None);

/// Reads from the app, if it is running and not busy.
pub fn read<R>(f: impl FnOnce(&App) -> R) -> Option<R> {
    APP.with(|cell| cell.try_borrow().ok()?.as_ref().map(f))
}

/// `obj[key] = value`.
pub fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &key.into(), value);
}

/// `getConsent()`'s value: `{decided, categories, services, updatedAt, revision, id}`. Written
/// as JSON and parsed once: fewer calls across to JavaScript than setting each member.
pub fn snapshot(app: &App) -> JsValue {
    let mut w = JsonWriter::new();
    w.open()
        .key("decided")
        .bool(app.decided)
        .key("categories")
        .open();
    for (i, c) in app.config.categories.iter().enumerate() {
        w.key(&c.id).bool(app.consent.category(i));
    }
    w.close().key("services").open();
    for (i, s) in app.config.services.iter().enumerate() {
        w.key(&s.id).bool(app.consent.service(i));
    }
    w.close().key("updatedAt");
    if app.decided {
        w.str(&iso_time(app.consent.updated_at));
    } else {
        w.null();
    }
    w.key("revision").num(app.config.revision.into()).key("id");
    if app.decided {
        w.str(&app.consent.id);
    } else {
        w.null();
    }
    w.close();
    super::records::parse(&w.finish())
}
