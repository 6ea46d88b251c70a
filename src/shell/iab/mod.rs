//! IAB TCF v2.2 and GPP in the page: the state behind `__tcfapi` and `__gpp`, their listeners,
//! the TC string's first-party cookie and the TCF switches of the dialog. Built only with the
//! `iab` feature (the `noren_iab` module, which the loader loads when the config has `tcf` or
//! `gpp`); the plain build has a twin with the same interface that does nothing
//! (`no_iab.rs`). The loader's stubs answer until the module is ready, then forward every call
//! here ([`exports`]).
//!
//! This file holds the state and what happens to it as the visitor chooses; [`tcfapi`] and
//! [`gppapi`] answer the two APIs and tell their listeners; [`switches`] is the TCF part of the
//! dialog.

mod exports;
mod gppapi;
mod switches;
mod tcfapi;

use super::dom::{gpc, warn};
use super::js_json::from_js;
use super::storage;
use crate::config::Config;
use crate::consent::consent_mode;
use crate::consent::record::Action;
use crate::consent::Consent;
use crate::iab::gpp::UsSection;
use crate::iab::gvl::{self, Gvl};
use crate::iab::tc_string::{self, TcString};
use crate::iab::tcf::{self, Choices, Stale, Surface};
use crate::iab::tcf_notice::{self, TcfUi};
use crate::json::Json;
use crate::prelude::*;
use crate::render::markup::Html;
use crate::text::Wording;
use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;

/// Noren's stylesheet, with the rules of the TCF part of the dialog (only noren_iab carries
/// them).
pub const STYLES: &str = concat!(include_str!("../styles.css"), include_str!("../tcf.css"));

/// This module serves every config, `tcf` and `gpp` included.
pub fn check(_: &Config) -> Result<(), JsValue> {
    Ok(())
}

/// `__tcfapi` / `__gpp` callbacks to call once the app's state is released (a callback may
/// call back into Noren): (callback, value, success).
#[derive(Default)]
pub struct Callbacks(Vec<(Function, JsValue, bool)>);

impl Callbacks {
    /// Calls `callback(JSON.parse(json), success)` once the state is released.
    fn call(&mut self, callback: &Function, json: &str, success: bool) {
        let value = js_sys::JSON::parse(json).unwrap_or(JsValue::NULL);
        self.call_value(callback, value, success);
    }

    /// Calls `callback(value, success)` once the state is released.
    fn call_value(&mut self, callback: &Function, value: JsValue, success: bool) {
        self.0.push((callback.clone(), value, success));
    }

    /// Calls them all, in order (the state is released); a callback that throws is logged.
    pub fn run(self) {
        for (callback, value, success) in self.0 {
            if let Err(e) = callback.call2(&JsValue::NULL, &value, &success.into()) {
                super::dom::error("[noren] a __tcfapi/__gpp callback threw:", &e);
            }
        }
    }
}

/// The first-party cookie that keeps the TC string.
const COOKIE: &str = "euconsent-v2";

/// A registered listener.
struct Listener {
    /// Its id (`listenerId`), unique across both APIs; 0 for a one-off `getTCData`.
    id: u32,
    /// The site's function.
    callback: Function,
    /// A legacy `getTCData` waiting for the first string: called once.
    once: bool,
}

/// The IAB state of the page.
pub struct Iab {
    /// The vendor list, reduced to the configured vendors (`None`: TCF is off or it is
    /// unusable, and `__tcfapi` reports `cmpStatus` "error").
    gvl: Option<Gvl>,
    /// The GVL object as served, for `getVendorList`.
    gvl_js: JsValue,
    /// What the notice shows and asks about (purposes, features, vendors).
    surface: Surface,
    /// The visitor's TCF choices (or the defaults before a choice).
    choices: Choices,
    /// The TC string in force, decoded and encoded.
    tc: Option<(TcString, String)>,
    /// `tcloaded`, `cmpuishown`, `useractioncomplete`, or "" before the first.
    event: &'static str,
    /// Whether Noren's interface is on screen (`cmpDisplayStatus`).
    visible: bool,
    /// The GPP `usnat` section in force, if the config has it.
    usnat: Option<UsSection>,
    /// The US state sections in force (`usca` …), ascending.
    states: Vec<UsSection>,
    /// `__tcfapi` listeners.
    tcf_listeners: Vec<Listener>,
    /// `__gpp` listeners.
    gpp_listeners: Vec<Listener>,
    /// The next listener id.
    next_id: u32,
    /// The consent language, as the TC string writes it.
    lang: [u8; 2],
    /// The vendor list is in the notice's language (else the first layer counts purposes).
    translated: bool,
}

/// Reads the configured vendors and the other parts Noren uses out of a (large) GVL object,
/// without converting the whole list.
fn reduced(gvl: &JsValue, wanted: &[u16]) -> Json {
    let get = |o: &JsValue, k: &str| Reflect::get(o, &k.into()).unwrap_or_default();
    let mut members: Vec<(String, Json)> = [
        "vendorListVersion",
        "tcfPolicyVersion",
        "purposes",
        "specialPurposes",
        "features",
        "specialFeatures",
        "dataCategories",
    ]
    .iter()
    .map(|k| (String::from(*k), from_js(&get(gvl, k))))
    .collect();
    let all = get(gvl, "vendors");
    let mut vendors = Vec::new();
    if all.is_object() {
        for id in wanted {
            let mut key = String::new();
            crate::decimal::push(&mut key, u64::from(*id));
            let v = get(&all, &key);
            if v.is_object() {
                vendors.push((key, from_js(&v)));
            }
        }
        members.push(("vendors".into(), Json::Obj(vendors)));
    }
    Json::Obj(members)
}

impl Iab {
    /// The keys of the TCF part's wording, which the wording file must have.
    pub const KEYS: &'static [&'static str] = TcfUi::KEYS;

    /// The state at start: the GVL read (`None` and a console error if it is unusable) and
    /// the stored string checked. Returns the state and whether the stored choice still holds
    /// for TCF (when it does not, the visitor is asked again). `file`: the wording file the
    /// loader fetched the list for (`{lang}` in `gvlUrl`).
    pub fn new(
        config: &Config,
        gvl_js: JsValue,
        decided: bool,
        lang: &Wording,
        file: &str,
    ) -> (Iab, bool) {
        let mut holds = decided;
        let mut iab = Iab {
            gvl: None,
            gvl_js: JsValue::NULL,
            surface: Surface::default(),
            choices: Choices::none(),
            tc: None,
            event: "",
            visible: false,
            usnat: None,
            states: Vec::new(),
            tcf_listeners: Vec::new(),
            gpp_listeners: Vec::new(),
            next_id: 1,
            lang: tcf::language(&lang.lang),
            translated: false,
        };
        let Some(settings) = &config.tcf else {
            return (iab, holds);
        };
        iab.translated = tcf_notice::list_speaks(&settings.gvl_url, file, &lang.lang);
        let read = if gvl_js.is_object() {
            gvl::read(&reduced(&gvl_js, &settings.vendors), &settings.vendors)
        } else {
            Err("it could not be loaded".into())
        };
        let mut gvl = match read {
            Ok(g) => g,
            Err(e) => {
                let mut m = String::from("[noren] tcf.gvlUrl: the vendor list ");
                m.push_str(&settings.gvl_url);
                m.push_str(" is unusable (");
                m.push_str(&e);
                m.push_str("): __tcfapi reports cmpStatus \"error\" and no vendor gets consent");
                web_sys::console::error_1(&m.into());
                return (iab, holds);
            }
        };
        for id in &gvl.missing {
            let mut m = String::from("tcf.vendors: vendor ");
            crate::decimal::push(&mut m, u64::from(*id));
            m.push_str(" is not in the vendor list (or was deleted): not shown, no consent");
            warn(&m);
        }
        iab.surface = Surface::restricted(&mut gvl, &settings.restrictions);
        iab.choices = Choices::shown(&iab.surface);
        if decided && settings.gdpr_applies {
            let stored = stored_string();
            match stored
                .as_deref()
                .map(|s| tcf::restore(s, &gvl, &iab.surface, js_sys::Date::now()))
            {
                Some(Ok((tc, choices))) => {
                    iab.choices = choices;
                    iab.tc = Some((tc, stored.unwrap_or_default()));
                    iab.event = "tcloaded";
                }
                other => {
                    let why = match other {
                        Some(Err(Stale::PolicyChanged)) => "the TCF policy version changed",
                        Some(Err(Stale::NewVendors)) => "vendors were added",
                        Some(Err(Stale::Unreadable)) => "the stored TC string is unreadable",
                        Some(Err(Stale::TooOld)) => "the choice is over 13 months old",
                        Some(Err(Stale::RestrictionsChanged)) => {
                            "the publisher's restrictions changed"
                        }
                        _ => "there is no TC string",
                    };
                    let mut m = String::from("[noren] asking again: ");
                    m.push_str(why);
                    web_sys::console::info_1(&m.into());
                    holds = false;
                }
            }
        }
        iab.gvl = Some(gvl);
        iab.gvl_js = gvl_js;
        (iab, holds)
    }

    /// The notice's TCF paragraph and dialog section, when TCF works and GDPR applies.
    pub fn markup(&self, config: &Config, lang: &Wording) -> Option<(Html, Html)> {
        let gvl = self.gvl.as_ref()?;
        if !self.tcf_applies(config) {
            return None;
        }
        Some((
            tcf_notice::first_layer(gvl, &self.surface, lang, self.translated),
            tcf_notice::dialog(gvl, &self.surface, lang),
        ))
    }

    /// Makes the TC string of the choices in force.
    fn build(&mut self, config: &Config, now: f64) {
        if let (Some(s), Some(gvl)) = (&config.tcf, &self.gvl) {
            let tc = tcf::build(s, gvl, &self.surface, &self.choices, self.lang, now);
            let text = tc_string::encode(&tc);
            self.tc = Some((tc, text));
        }
    }

    /// The interface appeared: `cmpuishown` with the string of this moment (a new visitor's
    /// has legitimate interests only; a returning visitor's is their choice).
    pub fn on_shown(&mut self, config: &Config, calls: &mut Callbacks) {
        self.visible = true;
        let tcf = self.tcf_applies(config) && self.gvl.is_some();
        if tcf {
            // The visitor is about to choose: the section in force is not final.
            self.gpp_emit(config, calls, "signalStatus", "\"not ready\"");
        }
        let new_string = tcf && self.tc.is_none();
        if tcf {
            if new_string {
                self.build(config, js_sys::Date::now());
            }
            self.event = "cmpuishown";
            self.tcf_emit(config, calls);
        }
        self.gpp_emit(config, calls, "cmpDisplayStatus", "\"visible\"");
        if new_string {
            self.gpp_emit(config, calls, "sectionChange", "\"tcfeuv2\"");
        }
    }

    /// The interface closed without a new choice: a returning visitor re-confirmed theirs
    /// (`useractioncomplete` with the same string, and the GPP signal is ready again).
    pub fn on_hidden(&mut self, config: &Config, calls: &mut Callbacks) {
        if !self.visible {
            return;
        }
        self.visible = false;
        self.gpp_emit(config, calls, "cmpDisplayStatus", "\"hidden\"");
        if self.event == "cmpuishown" {
            self.event = "useractioncomplete";
            self.tcf_emit(config, calls);
            self.gpp_emit(config, calls, "signalStatus", "\"ready\"");
        }
    }

    /// Whether TCF is configured and GDPR applies on this page.
    fn tcf_applies(&self, config: &Config) -> bool {
        config.tcf.as_ref().is_some_and(|t| t.gdpr_applies)
    }

    /// The visitor chose: a new string, stored, `useractioncomplete`, and the GPP events in
    /// the spec's order. TCF follows "Accept all" and "Reject all" (and closing the notice,
    /// which refuses); saved switches were read before ([`Iab::read_switches`]).
    pub fn on_choice(
        &mut self,
        config: &Config,
        consent: &Consent,
        action: Action,
        max_age: u32,
        calls: &mut Callbacks,
    ) {
        match action {
            Action::AcceptAll => self.choices = Choices::all(&self.surface),
            Action::RejectAll | Action::Close => self.choices = Choices::none(),
            _ => {}
        }
        let was_visible = core::mem::replace(&mut self.visible, false);
        self.gpp_emit(config, calls, "signalStatus", "\"not ready\"");
        if was_visible {
            self.gpp_emit(config, calls, "cmpDisplayStatus", "\"hidden\"");
        }
        if self.tcf_applies(config) && self.gvl.is_some() {
            self.build(config, js_sys::Date::now());
            if let Some((_, text)) = &self.tc {
                if !storage::save_as(config, COOKIE, text, max_age) {
                    warn("could not store the TC string (cookies blocked?)");
                }
            }
            self.event = "useractioncomplete";
            self.tcf_emit(config, calls);
            self.gpp_emit(config, calls, "sectionChange", "\"tcfeuv2\"");
        }
        self.update_us_sections(config, consent);
        if self.usnat.is_some() {
            self.gpp_emit(config, calls, "sectionChange", "\"usnat\"");
        }
        for prefix in self.states.iter().map(|s| s.layout.prefix) {
            let mut data = String::new();
            crate::json::push_quoted(&mut data, prefix);
            self.gpp_emit(config, calls, "sectionChange", &data);
        }
        self.gpp_emit(config, calls, "signalStatus", "\"ready\"");
    }

    /// Another tab stored a choice: take its string from the cookie (`useractioncomplete`).
    pub fn on_other_tab(&mut self, config: &Config, consent: &Consent, calls: &mut Callbacks) {
        self.update_us_sections(config, consent);
        let Some(gvl) = &self.gvl else { return };
        let Some(text) = stored_string() else {
            return;
        };
        if self.tc.as_ref().is_some_and(|(_, s)| *s == text) {
            return;
        }
        if let Ok((tc, choices)) = tcf::restore(&text, gvl, &self.surface, js_sys::Date::now()) {
            self.choices = choices;
            self.tc = Some((tc, text));
            self.event = "useractioncomplete";
            self.tcf_emit(config, calls);
            self.gpp_emit(config, calls, "sectionChange", "\"tcfeuv2\"");
            self.gpp_emit(config, calls, "signalStatus", "\"ready\"");
        }
    }

    /// The choice was forgotten (`noren.reset()`): the string goes with it.
    pub fn on_reset(&mut self, config: &Config, consent: &Consent) {
        storage::forget_named(config, COOKIE);
        self.choices = Choices::shown(&self.surface);
        self.tc = None;
        self.event = "";
        self.update_us_sections(config, consent);
    }

    /// Google Consent Mode follows the TCF purposes too: refused ones keep the advertising
    /// types denied, and so does a TCF that could not start (no vendor list).
    pub fn constrain_consent_mode(&self, config: &Config, types: &mut [(&'static str, bool)]) {
        if !self.tcf_applies(config) {
            return;
        }
        match self.gvl {
            Some(_) => {
                consent_mode::with_tcf(types, &self.surface.purposes, &self.choices.purposes)
            }
            None => consent_mode::with_tcf(types, &[1, 3, 4, 7], &[]),
        }
    }

    /// The US sections (`usnat` and the state sections the config lists) follow the consent
    /// in force.
    pub fn update_us_sections(&mut self, config: &Config, consent: &Consent) {
        let gpc = gpc();
        self.usnat = config
            .gpp
            .as_ref()
            .filter(|g| g.usnat)
            .map(|_| crate::iab::usnat::usnat(config, consent, gpc));
        self.states = config.gpp.as_ref().map_or_else(Vec::new, |g| {
            crate::iab::usnat::states(config, consent, gpc, &g.state_ids())
        });
    }

    /// The TC string (once made) and the GPP string in force, for the consent record.
    pub fn strings(&self, config: &Config) -> (Option<String>, Option<String>) {
        let tc = self.tc.as_ref().filter(|_| !self.event.is_empty());
        let gpp = config.gpp.as_ref().map(|_| self.gpp_of(config).string());
        (tc.map(|(_, s)| s.clone()), gpp.filter(|s| !s.is_empty()))
    }

    /// A listener id, unique across both APIs.
    fn new_id(&mut self) -> u32 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// `cmpDisplayStatus` / `displayStatus`.
    fn display(&self) -> &'static str {
        if self.visible {
            "visible"
        } else {
            "hidden"
        }
    }
}

/// The TC string in the first-party cookie, if there is one.
fn stored_string() -> Option<String> {
    let all = storage::read_all()?;
    crate::consent::cookie_rules::value(&all, COOKIE).map(String::from)
}

/// Removes the listener whose id is `id` (never a pending one-off `getTCData`); whether there
/// was one.
fn remove(list: &mut Vec<Listener>, id: &JsValue) -> bool {
    let id = id.as_f64();
    let before = list.len();
    list.retain(|l| l.once || Some(f64::from(l.id)) != id);
    list.len() < before
}
