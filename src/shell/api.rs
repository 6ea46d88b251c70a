//! The module's exports: [`start`], which the loader calls once, then `window.noren`'s methods
//! in the order of `src/noren.d.ts`. (`__tcfapi` and `__gpp` forward to the exports of the IAB
//! module, `iab/exports.rs`, which only noren_iab has.)

use super::app::{read, set, snapshot, App, APP};
use super::choice::{self, choose, honour_gpc, record_action, stored_choice, By};
use super::dom::{attr, document, gpc, listen, prop, warn, window};
use super::effects::act;
use super::iab::{self, Iab};
use super::screens::show;
use super::ui::Screen;
use super::{aftercare, js_json, records, storage};
use crate::config::{Config, Issue};
use crate::consent::record::Action;
use crate::consent::{self, Choice, Consent};
use crate::prelude::*;
use crate::text::{Ui, Wording};
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// A config issue's parameters as the loader's `say` takes them: `{path, name: value, …}`.
fn params(i: &Issue) -> Object {
    let p = Object::new();
    set(&p, "path", &i.path.as_str().into());
    for (k, v) in &i.params {
        set(&p, k, &v.as_str().into());
    }
    p
}

/// Starts Noren with the config object (from `JSON.parse`) and the loader's `emit` function.
/// Fails with every config error, one per line, each with its field path.
///
/// `gvl`: the Global Vendor List object the loader fetched from `tcf.gvlUrl` (`null` when TCF
/// is off or it could not be loaded). `region`: the visitor's region (`data-region` or
/// `regionUrl`'s answer; `null` when unknown: the strictest rules, see `consent::region`).
/// `file` and `wording`: the built-in wording file the loader guessed (`"de"`) and its
/// object. When the visitor's language needs another file (the region's `defaultLanguage`
/// counts), nothing starts and the result is that file's name (a string): the loader fetches
/// it and calls again. A wording file that lacks a key is an error.
///
/// The config's issues are the loader's to print (their sentences are not in the module): each
/// warning is handed to the loader's `say` (its code and parameters), and an invalid config
/// fails with the array of its errors as the loader's messages (`{c: code, p: parameters}`).
#[wasm_bindgen]
pub fn start(
    config: JsValue,
    emit: js_sys::Function,
    gvl: JsValue,
    region: JsValue,
    file: String,
    wording: JsValue,
    say: js_sys::Function,
) -> Result<JsValue, JsValue> {
    if APP.with(|a| a.borrow().is_some()) {
        return Err("Noren is already running on this page".into());
    }
    let parsed = Config::from_json(&js_json::from_js(&config));
    // Said on every call: the loader passes a `say` that says nothing when it calls again
    // after fetching the wording file the module asked for.
    for w in &parsed.warnings {
        let _ = say.call2(&JsValue::NULL, &w.code.into(), &params(w));
    }
    let Some(mut config) = parsed.config else {
        let errors = js_sys::Array::new();
        for e in &parsed.errors {
            let m = Object::new();
            set(&m, "c", &e.code.into());
            set(&m, "p", &params(e));
            errors.push(&m);
        }
        return Err(errors.into());
    };
    iab::check(&config)?;
    // The region's rules, `defaultLanguage` and `texts` first: they decide the language.
    crate::consent::region::apply(&mut config, region.as_string().as_deref());
    let choice = config.choose_language(&html_lang(), &navigator_languages());
    if choice.file != file {
        return Ok(choice.file.into());
    }
    let lang = match Wording::read(
        &choice.lang,
        js_json::from_js(&wording),
        &[Ui::KEYS, Iab::KEYS],
    ) {
        Ok(w) => w,
        Err(e) => {
            let mut msg = String::from("the wording file ");
            msg.push_str(&file);
            msg.push_str(".json is unusable: ");
            msg.push_str(&e);
            return Err(js_sys::Error::new(&msg).into());
        }
    };
    let stored = stored_choice(&config);
    let (iab, holds) = Iab::new(&config, gvl, stored.consent.is_some(), &lang, &file);
    let decided = stored.consent.is_some() && holds;
    let mut consent = stored
        .consent
        .filter(|_| holds)
        .unwrap_or_else(|| Consent::initial(&config, gpc()));
    // The last record, if this browser kept it for the choice in force (storage is read only
    // when there is a choice).
    let kept = if decided {
        records::kept().filter(|r| records::is_of(r, &consent.id))
    } else {
        None
    };
    if let Some(id) = &stored.expired {
        consent.id = id.clone();
    }
    APP.with(|a| {
        *a.borrow_mut() = Some(App {
            config,
            lang,
            consent,
            decided,
            emit,
            view: None,
            pending: None,
            storage_ok: stored.ok,
            last_record: kept,
            iab,
            ui_events: &super::UI_EVENTS,
        })
    });
    act(&mut |app, fx| {
        if stored.expired.is_some() {
            record_action(app, fx, Action::Expiry, false);
        }
        if app.decided {
            // Cookies of refused services this page can see (set on a path or domain the
            // withdrawal could not reach) go now.
            storage::delete_service_cookies(
                &app.config,
                &aftercare::refused(&app.config, &app.consent),
            );
        }
        // Global Privacy Control first (it may make a choice that tells everyone); else the
        // stored choice (or nothing, for a visitor who has not chosen) for Google's tags.
        if !honour_gpc(app, fx) {
            choice::consent_mode_update(app, fx);
            app.iab.update_us_sections(&app.config, &app.consent);
        }
    });
    let doc = document();
    if prop(&doc, "readyState") == "loading" {
        listen(&doc, "DOMContentLoaded", &super::DOM_READY);
    } else {
        super::on_dom_ready();
    }
    Ok(read(snapshot).unwrap_or(JsValue::NULL))
}

/// The page's language (`<html lang>`), or "".
fn html_lang() -> String {
    // `documentElement` read as a property: its typed getter would cost glue.
    let html = prop(&document(), "documentElement");
    if !html.is_object() {
        return String::new();
    }
    attr(html.unchecked_ref(), "lang").unwrap_or_default()
}

/// The browser's languages, in the visitor's order of preference.
fn navigator_languages() -> Vec<String> {
    let mut out = Vec::new();
    // Read as properties: typed bindings used only here would each cost glue.
    let langs: js_sys::Array = prop(&prop(&window(), "navigator"), "languages").unchecked_into();
    for i in 0..langs.length() {
        if let Some(l) = langs.get(i).as_string() {
            out.push(l);
        }
    }
    out
}

/// `noren.getConsent()`: `{decided, categories, services, updatedAt, revision, id}`.
#[wasm_bindgen(js_name = getConsent)]
pub fn get_consent() -> JsValue {
    read(snapshot).unwrap_or(JsValue::NULL)
}

/// `noren.getRecord()`: the latest consent record (see docs/records.md), or `null`.
#[wasm_bindgen(js_name = getRecord)]
pub fn get_record() -> JsValue {
    read(|app| app.last_record.as_deref().map(records::parse))
        .flatten()
        .unwrap_or(JsValue::NULL)
}

/// `noren.hasConsent(id)`: whether a category or service is granted.
#[wasm_bindgen(js_name = hasConsent)]
pub fn has_consent(id: JsValue) -> bool {
    let Some(id) = id.as_string() else {
        return false;
    };
    read(|app| consent::has_consent(&app.config, &app.consent, &id)).unwrap_or(false)
}

/// `noren.acceptAll()`; `gesture` from the loader (see [`By::Api`]).
#[wasm_bindgen(js_name = acceptAll)]
pub fn accept_all(gesture: bool) {
    act(&mut |app, fx| {
        choose(
            app,
            fx,
            Choice::AcceptAll,
            Action::AcceptAll,
            By::Api(gesture),
        )
    });
}

/// `noren.rejectAll()`.
#[wasm_bindgen(js_name = rejectAll)]
pub fn reject_all() {
    act(&mut |app, fx| choose(app, fx, Choice::RejectAll, Action::RejectAll, By::Api(true)));
}

/// `noren.update({categories?, services?})`: changes some switches, keeping the rest. Without
/// a single valid switch it is an error and changes nothing. `gesture`: see [`By::Api`].
#[wasm_bindgen]
pub fn update(changes: JsValue, gesture: bool) {
    act(&mut |app, fx| {
        let categories = read_changes(&changes, "categories", &|id| app.config.category_index(id));
        let services = read_changes(&changes, "services", &|id| app.config.service_index(id));
        if categories.is_empty() && services.is_empty() {
            web_sys::console::error_1(&"[noren] update(): no known id set to true or false".into());
            return;
        }
        let choice = Choice::Changes {
            categories,
            services,
        };
        choose(app, fx, choice, Action::Custom, By::Api(gesture));
    });
}

/// Reads `{id: boolean}` pairs of `changes[key]`, warning about unknown ids and non-booleans.
fn read_changes(
    changes: &JsValue,
    key: &str,
    index: &dyn Fn(&str) -> Option<usize>,
) -> Vec<(usize, bool)> {
    let Ok(obj) = Reflect::get(changes, &key.into()) else {
        return Vec::new();
    };
    if !obj.is_object() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let keys = Object::keys(obj.unchecked_ref::<Object>());
    for i in 0..keys.length() {
        let k = keys.get(i);
        let id = k.as_string().unwrap_or_default();
        let value = Reflect::get(&obj, &k).ok().and_then(|v| v.as_bool());
        match (index(&id), value) {
            (Some(i), Some(on)) => out.push((i, on)),
            (None, _) => {
                let mut m = String::from("update(): unknown ");
                m.push_str(key);
                m.push_str(" id \"");
                m.push_str(&id);
                m.push('"');
                warn(&m);
            }
            (_, None) => {
                let mut m = String::from("update(): ");
                m.push_str(key);
                m.push('.');
                m.push_str(&id);
                m.push_str(" must be true or false");
                warn(&m);
            }
        }
    }
    out
}

/// `noren.showBanner()`.
#[wasm_bindgen(js_name = showBanner)]
pub fn show_banner() {
    act(&mut |app, fx| show(app, fx, Screen::Banner));
}

/// `noren.showPreferences()`.
#[wasm_bindgen(js_name = showPreferences)]
pub fn show_preferences() {
    act(&mut |app, fx| show(app, fx, Screen::Preferences));
}

/// `noren.reset()`: forgets the choice (deleting what it had allowed) and asks again.
#[wasm_bindgen]
pub fn reset() {
    act(&mut |app, fx| choice::forget(app, fx));
}
