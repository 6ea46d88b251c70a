//! The browser shell: reads the page, asks the core, applies its decisions. Everything here
//! moves data between the core and the page; the rules live in the core.
//!
//! The loader (`src/loader.js`) calls [`start`] with the parsed config and an `emit` function,
//! then exposes the other exports as `window.noren`'s methods.

mod aftercare;
mod disclosure;
mod dom;
mod embeds;
mod events;
mod global;
#[cfg(feature = "iab")]
mod iab;
mod js_json;
mod records;
#[cfg(not(feature = "std"))]
mod runtime;
mod storage;
mod tags;
mod ui;

#[cfg(test)]
mod tests;

use crate::config::Config;
use crate::consent::codec;
use crate::consent::consent_mode;
use crate::consent::cookie_rules;
use crate::consent::record::Action;
use crate::consent::{self, Choice, Consent};
use crate::prelude::*;
use crate::text::{Ui, Wording};
use dom::{document, gpc, warn, window};
use global::Global;
use js_sys::{Object, Reflect};
use ui::{Screen, View};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, KeyboardEvent};

/// The running banner's state.
struct App {
    config: Config,
    lang: Wording,
    /// The state in force (nothing but required when undecided).
    consent: Consent,
    decided: bool,
    /// The loader's event dispatcher: `emit(name, detail)`.
    emit: js_sys::Function,
    view: Option<View>,
    /// A screen asked for before the page was ready to show it.
    pending: Option<Screen>,
    /// Whether the choice can be stored (cookies may be blocked).
    storage_ok: bool,
    /// The latest consent record (JSON), for `getRecord()`.
    record: Option<String>,
    /// IAB TCF and GPP.
    #[cfg(feature = "iab")]
    iab: iab::Iab,
}

/// Side effects collected while the state is borrowed, applied after it is released (site
/// callbacks and held scripts may call back into Noren).
#[derive(Default)]
struct Effects {
    events: Vec<(&'static str, JsValue)>,
    run_tags: bool,
    reload: bool,
    /// A record to send to the config's `recordUrl`: (URL, JSON).
    send: Option<(String, String)>,
    /// `__tcfapi` / `__gpp` callbacks: (callback, value, success).
    #[cfg(feature = "iab")]
    callbacks: Vec<(js_sys::Function, JsValue, bool)>,
}

#[cfg(feature = "iab")]
impl Effects {
    /// Calls `callback(JSON.parse(json), success)` once the state is released.
    fn call(&mut self, callback: &js_sys::Function, json: &str, success: bool) {
        let value = js_sys::JSON::parse(json).unwrap_or(JsValue::NULL);
        self.call_value(callback, value, success);
    }

    /// Calls `callback(value, success)` once the state is released.
    fn call_value(&mut self, callback: &js_sys::Function, value: JsValue, success: bool) {
        self.callbacks.push((callback.clone(), value, success));
    }
}

static APP: Global<Option<App>> = Global::new(None);

/// Runs `f` on the app, then applies the effects it asked for (outside the borrow: site
/// callbacks and held scripts may call back into Noren).
#[inline(never)]
fn act(f: &mut dyn FnMut(&mut App, &mut Effects)) {
    let mut fx = Effects::default();
    let emit = APP.with(|cell| {
        let Ok(mut guard) = cell.try_borrow_mut() else {
            warn("ignored a call made while Noren was busy");
            return None;
        };
        let app = guard.as_mut()?;
        f(app, &mut fx);
        Some(app.emit.clone())
    });
    if let Some((url, json)) = &fx.send {
        records::send(url, json);
    }
    if let Some(emit) = emit {
        for (name, detail) in fx.events {
            let _ = emit.call2(&JsValue::NULL, &name.into(), &detail);
        }
    }
    #[cfg(feature = "iab")]
    for (callback, value, success) in fx.callbacks {
        if let Err(e) = callback.call2(&JsValue::NULL, &value, &success.into()) {
            web_sys::console::error_2(&"[noren] a __tcfapi/__gpp callback threw:".into(), &e);
        }
    }
    if fx.reload {
        let _ = window().location().reload();
    } else if fx.run_tags {
        run_tags();
    }
}

/// Reads from the app, if it is running and not busy.
fn read<R>(f: impl FnOnce(&App) -> R) -> Option<R> {
    APP.with(|cell| cell.try_borrow().ok()?.as_ref().map(f))
}

/// Runs the held tags the consent in force allows.
fn run_tags() {
    tags::run_allowed(&|category, service| {
        read(|app| {
            let known = app.config.category_index(category).is_some()
                && service.is_none_or(|s| app.config.service_index(s).is_some());
            known.then(|| consent::allows(&app.config, &app.consent, category, service))
        })
        .flatten()
    });
    read(|app| embeds::refresh(&app.config, &app.lang, &app.consent));
}

/// Allows or stops one service: a disclosure switch, or "Load this content" on an embed's
/// placeholder.
/// `by`: see [`By`] (a click a script made is not the visitor's).
fn set_service(service: usize, on: bool, by: By) {
    act(&mut |app, fx| {
        let choice = Choice::Changes {
            categories: Vec::new(),
            services: vec![(service, on)],
        };
        choose(app, fx, choice, Action::Custom, by)
    });
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &key.into(), value);
}

/// `getConsent()`'s value.
fn snapshot(app: &App) -> JsValue {
    let o = Object::new();
    set(&o, "decided", &app.decided.into());
    let cats = Object::new();
    for (i, c) in app.config.categories.iter().enumerate() {
        set(&cats, &c.id, &app.consent.category(i).into());
    }
    set(&o, "categories", &cats);
    let svcs = Object::new();
    for (i, s) in app.config.services.iter().enumerate() {
        set(&svcs, &s.id, &app.consent.service(i).into());
    }
    set(&o, "services", &svcs);
    let (updated, id) = if app.decided {
        let date = js_sys::Date::new(&app.consent.updated_at.into());
        (date.to_iso_string().into(), app.consent.id.as_str().into())
    } else {
        (JsValue::NULL, JsValue::NULL)
    };
    set(&o, "updatedAt", &updated);
    set(&o, "revision", &app.config.revision.into());
    set(&o, "id", &id);
    o.into()
}

fn new_id() -> String {
    let mut bytes = [0u8; 16];
    let crypto = window().crypto().ok();
    let filled = crypto.is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        // Every browser that runs WebAssembly has crypto.getRandomValues; should it fail, the
        // clock still gives distinct ids (they identify choices, they are not secrets).
        let t = js_sys::Date::now() as u64;
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = (t >> ((i % 6) * 7)) as u8 ^ (i as u8).wrapping_mul(37);
        }
    }
    codec::consent_id(&bytes)
}

fn show(app: &mut App, fx: &mut Effects, screen: Screen) {
    let Some(view) = app.view.as_mut() else {
        app.pending = Some(screen);
        return;
    };
    let before = view.showing();
    match screen {
        Screen::Banner => view.show_banner(),
        Screen::Preferences => view.show_preferences(&app.consent),
    }
    if before == Some(screen) {
        return; // already on screen: focus moved back into it, nothing to announce
    }
    #[cfg(feature = "iab")]
    {
        if screen == Screen::Preferences {
            app.iab.fill(&view.root);
        }
        if before.is_none() {
            app.iab.on_shown(&app.config, fx);
        }
    }
    if let Some(b) = before {
        fx.events.push(("hide", screen_detail(b)));
    }
    fx.events.push(("show", screen_detail(screen)));
}

fn hide(app: &mut App, fx: &mut Effects) {
    if let Some(view) = app.view.as_mut() {
        if let Some(s) = view.showing() {
            view.hide();
            fx.events.push(("hide", screen_detail(s)));
        }
    }
    #[cfg(feature = "iab")]
    app.iab.on_hidden(&app.config, fx);
}

fn screen_detail(s: Screen) -> JsValue {
    let o = Object::new();
    set(&o, "view", &s.name().into());
    o.into()
}

/// Tells the loader the Consent Mode state (it sends `gtag('consent', 'update', …)` and keeps
/// the state so the next page can apply it before any tag, with the cookie value it comes
/// from): at start and after every change. Without a choice there is no state (`null`): the
/// loader sends nothing, or takes back with everything denied what this page was told before.
fn consent_mode_update(app: &App, fx: &mut Effects) {
    if !app.config.consent_mode.enabled {
        return;
    }
    let detail = Object::new();
    if !app.decided {
        set(&detail, "state", &JsValue::NULL);
        fx.events.push(("consentmode", detail.into()));
        return;
    }
    #[allow(unused_mut)]
    let mut types = consent_mode::state(&app.config, &app.consent);
    #[cfg(feature = "iab")]
    app.iab.constrain_consent_mode(&app.config, &mut types);
    let state = Object::new();
    for (t, on) in types {
        set(&state, t, &(if on { "granted" } else { "denied" }).into());
    }
    set(&detail, "state", &state);
    // How long the next page may apply it at once: as long as the stored choice holds, and
    // only while the cookie still holds that very choice.
    let until = if app.storage_ok {
        let max_age = consent::max_age_seconds(&app.config, &app.consent);
        app.consent.updated_at + max_age as f64 * 1000.0
    } else {
        0.0
    };
    set(&detail, "until", &until.into());
    set(&detail, "revision", &app.config.revision.into());
    set(&detail, "name", &app.config.cookie.name.as_str().into());
    let value = codec::encode(&app.config, &app.consent);
    set(&detail, "cookie", &value.into());
    fx.events.push(("consentmode", detail.into()));
}

/// The consent in force changed: the disclosure switches, Google's tags and the site follow.
fn announce(app: &App, fx: &mut Effects) {
    disclosure::update(&app.consent);
    consent_mode_update(app, fx);
    fx.events.push(("change", snapshot(app)));
}

/// Makes the consent record of what was just done: kept for `getRecord()` and the dialog,
/// stored for the next page, sent to `recordUrl`.
/// `from_api`: it came through `window.noren`.
fn record(app: &mut App, fx: &mut Effects, action: Action, from_api: bool) {
    let id = new_id();
    #[cfg(feature = "iab")]
    let (tc, gpp) = app.iab.strings(&app.config);
    #[cfg(not(feature = "iab"))]
    let (tc, gpp): (Option<String>, Option<String>) = (None, None);
    let iab = (tc.as_deref(), gpp.as_deref());
    let json = records::make(
        &app.config,
        &app.consent,
        &id,
        action,
        from_api,
        &app.lang,
        iab,
    );
    if let Some(v) = &app.view {
        v.show_record_id(&id);
    }
    records::keep(&json);
    if let Some(url) = &app.config.record_url {
        fx.send = Some((url.clone(), json.clone()));
    }
    app.record = Some(json);
}

/// Who made a choice.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum By {
    /// Noren's interface, or Noren itself (an expiry, Global Privacy Control).
    Ui,
    /// `window.noren`; `true` when the call ran in a user gesture
    /// (`navigator.userActivation.isActive` when it was made, which the loader captures, also
    /// for calls queued before the module was ready).
    Api(bool),
}

/// Applies a choice: store it, delete refused services' cookies, hide the interface, tell the
/// site, record it, run what is now allowed (or reload after a withdrawal, if configured).
/// A grant through the API without a user gesture is refused (console error, nothing changes)
/// unless the config has `programmaticGrants`; refusals always go through.
fn choose(app: &mut App, fx: &mut Effects, choice: Choice, action: Action, by: By) {
    let id = if app.decided && !app.consent.id.is_empty() {
        app.consent.id.clone()
    } else {
        new_id()
    };
    let now = js_sys::Date::now();
    let out = consent::decide(&app.config, &app.consent, &choice, id, now, gpc());
    if by == By::Api(false) && out.granted_something && !app.config.programmatic_grants {
        web_sys::console::error_1(&"[noren] refused: a grant through the API without a user gesture (see programmaticGrants)".into());
        return;
    }
    // With `"barrier": "csp"` the page's policy allows the hosts of what was granted before
    // this choice (a grant reloads the page): a newly granted host needs a reload. Not when the
    // choice could not be stored (the reloaded page would not know it).
    let barrier = app.config.csp_barrier
        && consent::needs_reload(&app.config, &app.consent.services, &out.consent.services);
    app.consent = out.consent;
    app.decided = true;
    let value = codec::encode(&app.config, &app.consent);
    let max_age = consent::max_age_seconds(&app.config, &app.consent);
    if app.storage_ok && !storage::save(&app.config, &value, max_age) {
        app.storage_ok = false;
        warn("could not store the choice (cookies blocked?): it applies to this page only");
    }
    storage::delete_service_cookies(&app.config, &out.delete_cookies_of);
    #[cfg(feature = "iab")]
    {
        // TCF follows the buttons; saved switches were read before (see `on_action`).
        let tcf = match action {
            Action::AcceptAll => Some(app.iab.all_or_none(true)),
            Action::RejectAll | Action::Close => Some(app.iab.all_or_none(false)),
            _ => None,
        };
        app.iab
            .on_choice(&app.config, &app.consent, tcf, max_age, fx);
    }
    hide(app, fx);
    let action = match action {
        Action::Custom if out.withdrew_something => Action::Withdrawal,
        a => a,
    };
    record(app, fx, action, by != By::Ui);
    announce(app, fx);
    fx.run_tags = true;
    fx.reload =
        (app.config.reload_on_withdraw && out.withdrew_something) || (barrier && app.storage_ok);
    if out.withdrew_something {
        after_withdrawal(app, fx);
    }
    aftercare::tell_other_tabs();
}

/// Consent was taken back: keep the refused services' cookies deleted, and tell the site if
/// scripts that already ran were withdrawn (only a reload stops them).
fn after_withdrawal(app: &App, fx: &mut Effects) {
    aftercare::watch_cookies();
    if fx.reload {
        return;
    }
    let ran = aftercare::ran_but_withdrawn(&app.config, &app.consent, &app.emit);
    if ran.is_empty() {
        return;
    }
    let ids = js_sys::Array::new();
    for id in &ran {
        ids.push(&id.as_str().into());
    }
    let detail = Object::new();
    set(&detail, "services", &ids);
    web_sys::console::info_2(
        &"[noren] withdrawn, but their scripts already ran on this page; a reload stops them:"
            .into(),
        &ids,
    );
    fx.events.push(("reloadneeded", detail.into()));
}

/// Another tab changed the choice: follow what it stored.
fn on_other_tab() {
    act(&mut |app, fx| {
        let stored = stored_choice(&app.config);
        let Some(consent) = stored.consent else {
            // The other tab forgot the choice (reset): ask again here too.
            if app.decided {
                app.decided = false;
                app.consent = Consent::initial(&app.config, gpc());
                #[cfg(feature = "iab")]
                app.iab.on_reset(&app.config, &app.consent);
                announce(app, fx);
                show(app, fx, Screen::Banner);
            }
            return;
        };
        #[cfg(feature = "iab")]
        app.iab.on_other_tab(&app.config, &consent, fx);
        if app.decided && consent == app.consent {
            return;
        }
        let before = core::mem::replace(&mut app.consent, consent);
        app.decided = true;
        hide(app, fx);
        announce(app, fx);
        fx.run_tags = true;
        let withdrew =
            (0..app.config.services.len()).any(|i| before.service(i) && !app.consent.service(i));
        if withdrew {
            storage::delete_service_cookies(
                &app.config,
                &aftercare::refused(&app.config, &app.consent),
            );
            fx.reload = app.config.reload_on_withdraw;
            after_withdrawal(app, fx);
        }
    });
}

/// What storage holds.
struct Stored {
    /// The stored choice, if it still holds.
    consent: Option<Consent>,
    /// Whether the choice can be stored (cookies may be blocked).
    ok: bool,
    /// The id of a stored choice that has expired (or predates the config's revision).
    expired: Option<String>,
}

/// Reads the stored choice.
fn stored_choice(config: &Config) -> Stored {
    let mut out = Stored {
        consent: None,
        ok: true,
        expired: None,
    };
    let Some(all) = storage::read_all() else {
        warn("cookies are blocked here: the visitor's choice will apply to this page only");
        out.ok = false;
        return out;
    };
    // The browser may send several copies (other domains or paths): the newest choice wins.
    let values = cookie_rules::values(&all, &config.cookie.name);
    if values.is_empty() {
        return out;
    }
    match codec::newest(config, &values) {
        Ok(c) if consent::still_valid(config, &c, js_sys::Date::now()) => out.consent = Some(c),
        Ok(c) => {
            web_sys::console::info_1(
                &"[noren] the stored choice has expired or predates this config revision: asking again".into(),
            );
            out.expired = Some(c.id);
        }
        Err(e) => {
            let why = match e {
                codec::DecodeError::Corrupt => {
                    "[noren] the stored choice is unreadable (edited or damaged): asking again"
                }
                codec::DecodeError::ConfigChanged => {
                    "[noren] categories or services changed since the stored choice: asking again"
                }
            };
            web_sys::console::info_1(&why.into());
        }
    }
    out
}

fn html_lang() -> String {
    document()
        .document_element()
        .and_then(|e| e.get_attribute("lang"))
        .unwrap_or_default()
}

fn navigator_languages() -> Vec<String> {
    window()
        .navigator()
        .languages()
        .iter()
        .filter_map(|l| l.as_string())
        .collect()
}

/// Starts Noren with the config object (from `JSON.parse`) and the loader's `emit` function.
/// Fails with every config error, one per line, each with its field path.
///
/// `gvl`: the Global Vendor List object the loader fetched from `tcf.gvlUrl` (`null` when TCF
/// is off or it could not be loaded). `file` and `wording`: the built-in wording file the
/// loader guessed (`"de"`) and its object. When the visitor's language needs another file,
/// nothing starts and the result is that file's name (a string): the loader fetches it and
/// calls again. A wording file that lacks a key is an error.
#[wasm_bindgen]
pub fn start(
    config: JsValue,
    emit: js_sys::Function,
    gvl: JsValue,
    file: String,
    wording: JsValue,
) -> Result<JsValue, JsValue> {
    if APP.with(|a| a.borrow().is_some()) {
        return Err("Noren is already running on this page".into());
    }
    let parsed = Config::from_json(&js_json::from_js(&config));
    for w in &parsed.warnings {
        warn(&w.line());
    }
    let Some(config) = parsed.config else {
        let mut msg = String::from("invalid config:");
        for e in &parsed.errors {
            msg.push('\n');
            msg.push_str(&e.line());
        }
        return Err(js_sys::Error::new(&msg).into());
    };
    #[cfg(not(feature = "iab"))]
    if config.tcf.is_some() || config.gpp.is_some() {
        let _ = gvl;
        return Err("this module has no IAB TCF/GPP support: the loader loads noren_iab for configs with tcf or gpp".into());
    }
    let choice = config.choose_language(&html_lang(), &navigator_languages());
    if choice.file != file {
        return Ok(choice.file.into());
    }
    #[cfg(feature = "iab")]
    let required = [Ui::KEYS, crate::iab::tcf_notice::TcfUi::KEYS];
    #[cfg(not(feature = "iab"))]
    let required = [Ui::KEYS];
    let lang = match Wording::read(&choice.lang, js_json::from_js(&wording), &required) {
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
    #[cfg(feature = "iab")]
    let (iab, holds) = iab::Iab::new(&config, gvl, stored.consent.is_some(), &lang, &file);
    #[cfg(not(feature = "iab"))]
    let holds = true;
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
            record: kept,
            #[cfg(feature = "iab")]
            iab,
        })
    });
    act(&mut |app, fx| {
        if stored.expired.is_some() {
            record(app, fx, Action::Expiry, false);
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
            consent_mode_update(app, fx);
            #[cfg(feature = "iab")]
            app.iab.update_us_sections(&app.config, &app.consent);
        }
    });
    let doc = document();
    if doc.ready_state() == "loading" {
        let _ = doc.add_event_listener_with_callback("DOMContentLoaded", &events::handler());
    } else {
        on_dom_ready();
    }
    Ok(read(snapshot).unwrap_or(JsValue::NULL))
}

/// Global Privacy Control is a choice: under the opt-out regime, a visitor without a stored
/// choice gets the defaults with advertising refused, recorded and stored (the notice shows
/// once, saying the signal is honoured); over a stored choice that grants advertising, the
/// signal refuses it. Either way the refusal stays when a later page lacks the signal.
/// Returns whether it made a choice.
fn honour_gpc(app: &mut App, fx: &mut Effects) -> bool {
    let opt_out = app.config.regime == crate::config::Regime::OptOut;
    let choice = gpc()
        && if app.decided {
            consent::grants_advertising(&app.config, &app.consent)
        } else {
            opt_out && app.storage_ok
        };
    if choice {
        if !app.decided {
            app.pending = Some(Screen::Banner);
        }
        // No change but the signal's: `decide` refuses advertising under GPC (and the
        // undecided defaults, `Consent::initial`, already do).
        let keep = Choice::Changes {
            categories: Vec::new(),
            services: Vec::new(),
        };
        choose(app, fx, keep, Action::Gpc, By::Ui);
    }
    choice
}

/// Renders the interface, shows the notice if nothing is decided, runs allowed tags, and
/// watches for held tags added later.
fn on_dom_ready() {
    act(&mut |app, fx| {
        #[cfg(feature = "iab")]
        let tcf = app.iab.markup(&app.config, &app.lang);
        #[cfg(not(feature = "iab"))]
        let tcf = None;
        match View::render(&app.config, &app.lang, tcf) {
            Ok(view) => {
                listen(&view);
                if let Some(id) = app.record.as_deref().and_then(records::id_of) {
                    view.show_record_id(id);
                }
                app.view = Some(view);
            }
            Err(e) => {
                web_sys::console::error_2(&"[noren] could not show the notice:".into(), &e);
            }
        }
        let first = if app.decided {
            None
        } else {
            Some(Screen::Banner)
        };
        match app.pending.take().or(first) {
            Some(screen) => show(app, fx, screen),
            None => {
                if let Some(v) = app.view.as_mut() {
                    v.hide();
                }
            }
        }
        disclosure::render_new(&app.config, &app.lang, &app.consent);
        fx.run_tags = true;
    });
    watch_for_new_tags();
    aftercare::open_channel();
}

/// The page changed: run held tags it added, fill notices it added.
fn on_dom_changed() {
    read(|app| disclosure::render_new(&app.config, &app.lang, &app.consent));
    run_tags();
}

fn listen(view: &View) {
    let handler = events::handler();
    for kind in ["click", "change", "keydown"] {
        let _ = view.root.add_event_listener_with_callback(kind, &handler);
    }
    // Any element of the page with `data-noren-open` reopens the preferences (links marked
    // `data-noren-open="disclosure"`, to the disclosure page, are followed).
    let _ = document().add_event_listener_with_callback("click", &handler);
    // The switches of disclosure notices on the page.
    let _ = document().add_event_listener_with_callback("change", &handler);
}

fn on_key(e: &KeyboardEvent) {
    let key = e.key();
    if key == "Escape" {
        if read(|app| app.view.as_ref().and_then(View::showing)).flatten()
            == Some(Screen::Preferences)
        {
            e.prevent_default();
            on_action("close", By::Ui);
        }
    } else if key == "Tab"
        && read(|app| app.view.as_ref().is_some_and(|v| v.trap_tab(e.shift_key()))) == Some(true)
    {
        e.prevent_default();
    }
}

fn on_switch(input: &HtmlInputElement) {
    read(|app| {
        if let Some(v) = &app.view {
            v.on_switch(&app.config, input);
        }
    });
}

/// A button of Noren's interface; `by`: [`By::Ui`] for the visitor's own click, else (a click a
/// script made, `isTrusted` false) `By::Api(false)`, which may refuse but not grant.
fn on_action(action: &str, by: By) {
    act(&mut |app, fx| match action {
        "accept" => choose(app, fx, Choice::AcceptAll, Action::AcceptAll, by),
        "reject" => choose(app, fx, Choice::RejectAll, Action::RejectAll, by),
        // Closing the notice refuses under opt-in; under opt-out it keeps the defaults.
        "dismiss" => {
            let keep = Consent::initial(&app.config, gpc());
            let choice = Choice::Exact {
                categories: keep.categories,
                services: keep.services,
            };
            choose(app, fx, choice, Action::Close, by)
        }
        "manage" | "open" => show(app, fx, Screen::Preferences),
        "save" => {
            let Some((categories, services)) = app.view.as_ref().map(|v| v.switches(&app.config))
            else {
                return;
            };
            #[cfg(feature = "iab")]
            if let Some(v) = &app.view {
                let tcf = iab::read_switches(&v.root);
                app.iab.set_choices(tcf);
            }
            choose(
                app,
                fx,
                Choice::Exact {
                    categories,
                    services,
                },
                Action::Custom,
                by,
            )
        }
        "close" => {
            if app.decided {
                hide(app, fx);
            } else {
                show(app, fx, Screen::Banner);
            }
        }
        _ => {}
    });
}

fn watch_for_new_tags() {
    let Ok(observer) = web_sys::MutationObserver::new(&events::handler()) else {
        return;
    };
    let init = Object::new();
    set(&init, "childList", &true.into());
    set(&init, "subtree", &true.into());
    if let Some(root) = document().document_element() {
        let _ = observer.observe_with_options(&root, init.unchecked_ref());
    }
}

/// `noren.getConsent()`: `{decided, categories, services, updatedAt, revision, id}`.
#[wasm_bindgen(js_name = getConsent)]
pub fn get_consent() -> JsValue {
    read(snapshot).unwrap_or(JsValue::NULL)
}

/// `noren.getRecord()`: the latest consent record (see the README), or `null`.
#[wasm_bindgen(js_name = getRecord)]
pub fn get_record() -> JsValue {
    read(|app| app.record.as_deref().map(records::parse))
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
    for k in Object::keys(obj.unchecked_ref::<Object>()).iter() {
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
    act(&mut |app, fx| {
        let previous = core::mem::replace(&mut app.consent, Consent::initial(&app.config, gpc()));
        let withdrawn = aftercare::refused(&app.config, &app.consent);
        let withdrew = (0..app.config.categories.len())
            .any(|i| previous.category(i) && !app.consent.category(i));
        app.decided = false;
        storage::forget(&app.config);
        storage::delete_service_cookies(&app.config, &withdrawn);
        #[cfg(feature = "iab")]
        app.iab.on_reset(&app.config, &app.consent);
        record(app, fx, Action::Withdrawal, true);
        announce(app, fx);
        aftercare::tell_other_tabs();
        show(app, fx, Screen::Banner);
        fx.reload = app.config.reload_on_withdraw && withdrew;
    });
}

/// `__tcfapi(command, version, callback, parameter)`, once the module is ready (the loader's
/// stub forwards every call, queued ones first).
#[cfg(feature = "iab")]
#[wasm_bindgen]
pub fn tcfapi(command: JsValue, version: JsValue, callback: JsValue, parameter: JsValue) {
    let (Some(command), Some(callback)) =
        (command.as_string(), callback.dyn_ref::<js_sys::Function>())
    else {
        return;
    };
    act(&mut |app, fx| {
        app.iab.tcfapi(
            &app.config,
            &command,
            &version,
            callback.clone(),
            &parameter,
            fx,
        )
    });
}

/// `__gpp(command, callback, parameter, version)`; `adopt`: the id of a listener the loader's
/// stub registered before the module was ready.
#[cfg(feature = "iab")]
#[wasm_bindgen]
pub fn gppapi(command: JsValue, callback: JsValue, parameter: JsValue, adopt: JsValue) {
    let (Some(command), Some(callback)) =
        (command.as_string(), callback.dyn_ref::<js_sys::Function>())
    else {
        return;
    };
    let adopt = adopt.as_f64().map(|id| id.clamp(0.0, 4e9) as u32);
    act(&mut |app, fx| {
        app.iab.gppapi(
            &app.config,
            &command,
            callback.clone(),
            &parameter,
            adopt,
            fx,
        )
    });
}
