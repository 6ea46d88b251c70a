//! IAB TCF v2.2 and GPP in the page: the state behind `__tcfapi` and `__gpp`, their listeners,
//! the TC string's first-party cookie and the TCF switches of the dialog. Built only with the
//! `iab` feature (the `noren_iab` module, which the loader loads when the config has `tcf` or
//! `gpp`). The loader's stubs answer until the module is ready, then forward every call here.

use super::dom::{gpc, warn};
use super::js_json::from_js;
use super::storage;
use super::Effects;
use crate::config::Config;
use crate::consent::consent_mode;
use crate::consent::Consent;
use crate::iab::api::{self, GppOf, TcDataOf};
use crate::iab::gpp::{UsNat, UsState, TCFEUV2, USNAT};
use crate::iab::gvl::{self, Gvl};
use crate::iab::tc_string::{self, TcString};
use crate::iab::tcf::{self, Choices, Stale, Surface};
use crate::iab::tcf_notice;
use crate::json::{bool_text, Json};
use crate::prelude::*;
use crate::render::markup::Html;
use crate::text::Wording;
use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement};

/// The first-party cookie that keeps the TC string.
const COOKIE: &str = "euconsent-v2";

/// A registered listener.
struct Listener {
    id: u32,
    callback: Function,
    /// A legacy `getTCData` waiting for the first string: called once.
    once: bool,
}

/// The IAB state of the page.
pub struct Iab {
    gvl: Option<Gvl>,
    /// The GVL object as served, for `getVendorList`.
    gvl_js: JsValue,
    surface: Surface,
    choices: Choices,
    /// The TC string in force, decoded and encoded.
    tc: Option<(TcString, String)>,
    /// `tcloaded`, `cmpuishown`, `useractioncomplete`, or "" before the first.
    event: &'static str,
    visible: bool,
    usnat: Option<UsNat>,
    /// The US state sections in force (`usca` …), ascending.
    states: Vec<UsState>,
    tcf_listeners: Vec<Listener>,
    gpp_listeners: Vec<Listener>,
    next_id: u32,
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
    /// The state at start: the GVL read (`None` and a console error if it is unusable) and
    /// the stored string checked. Returns the state and whether the stored choice still holds
    /// for TCF (when it does not, the visitor is asked again).
    /// `file`: the wording file the loader fetched the list for (`{lang}` in `gvlUrl`).
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

    fn build(&mut self, config: &Config, now: f64) {
        if let (Some(s), Some(gvl)) = (&config.tcf, &self.gvl) {
            let tc = tcf::build(s, gvl, &self.surface, &self.choices, self.lang, now);
            let text = tc_string::encode(&tc);
            self.tc = Some((tc, text));
        }
    }

    /// The interface appeared: `cmpuishown` with the string of this moment (a new visitor's
    /// has legitimate interests only; a returning visitor's is their choice).
    pub fn on_shown(&mut self, config: &Config, fx: &mut Effects) {
        self.visible = true;
        let tcf = self.tcf_applies(config) && self.gvl.is_some();
        if tcf {
            // The visitor is about to choose: the section in force is not final.
            self.gpp_emit(config, fx, "signalStatus", "\"not ready\"");
        }
        let new_string = tcf && self.tc.is_none();
        if tcf {
            if new_string {
                self.build(config, js_sys::Date::now());
            }
            self.event = "cmpuishown";
            self.tcf_emit(config, fx);
        }
        self.gpp_emit(config, fx, "cmpDisplayStatus", "\"visible\"");
        if new_string {
            self.gpp_emit(config, fx, "sectionChange", "\"tcfeuv2\"");
        }
    }

    /// The interface closed without a new choice: a returning visitor re-confirmed theirs
    /// (`useractioncomplete` with the same string, and the GPP signal is ready again).
    pub fn on_hidden(&mut self, config: &Config, fx: &mut Effects) {
        if !self.visible {
            return;
        }
        self.visible = false;
        self.gpp_emit(config, fx, "cmpDisplayStatus", "\"hidden\"");
        if self.event == "cmpuishown" {
            self.event = "useractioncomplete";
            self.tcf_emit(config, fx);
            self.gpp_emit(config, fx, "signalStatus", "\"ready\"");
        }
    }

    fn tcf_applies(&self, config: &Config) -> bool {
        config.tcf.as_ref().is_some_and(|t| t.gdpr_applies)
    }

    /// The visitor chose (`choices`: the TCF part, `None` to keep it): a new string, stored,
    /// `useractioncomplete`, and the GPP events in the spec's order.
    pub fn on_choice(
        &mut self,
        config: &Config,
        consent: &Consent,
        choices: Option<Choices>,
        max_age: u32,
        fx: &mut Effects,
    ) {
        if let Some(c) = choices {
            self.choices = c;
        }
        let was_visible = core::mem::replace(&mut self.visible, false);
        self.gpp_emit(config, fx, "signalStatus", "\"not ready\"");
        if was_visible {
            self.gpp_emit(config, fx, "cmpDisplayStatus", "\"hidden\"");
        }
        if self.tcf_applies(config) && self.gvl.is_some() {
            self.build(config, js_sys::Date::now());
            if let Some((_, text)) = &self.tc {
                if !storage::save_as(config, COOKIE, text, max_age) {
                    warn("could not store the TC string (cookies blocked?)");
                }
            }
            self.event = "useractioncomplete";
            self.tcf_emit(config, fx);
            self.gpp_emit(config, fx, "sectionChange", "\"tcfeuv2\"");
        }
        self.update_us_sections(config, consent);
        if self.usnat.is_some() {
            self.gpp_emit(config, fx, "sectionChange", "\"usnat\"");
        }
        for prefix in self.states.iter().map(|s| s.layout.prefix) {
            let mut data = String::new();
            crate::json::push_quoted(&mut data, prefix);
            self.gpp_emit(config, fx, "sectionChange", &data);
        }
        self.gpp_emit(config, fx, "signalStatus", "\"ready\"");
    }

    /// Another tab stored a choice: take its string from the cookie (`useractioncomplete`).
    pub fn on_other_tab(&mut self, config: &Config, consent: &Consent, fx: &mut Effects) {
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
            self.tcf_emit(config, fx);
            self.gpp_emit(config, fx, "sectionChange", "\"tcfeuv2\"");
            self.gpp_emit(config, fx, "signalStatus", "\"ready\"");
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

    /// Sets the dialog's TCF switches from the choices.
    pub fn fill(&self, root: &web_sys::ShadowRoot) {
        for_each_input(root, &mut |attr, id, input| {
            input.set_checked(self.has(attr, id));
        });
    }

    fn has(&self, attr: &str, id: u16) -> bool {
        let c = &self.choices;
        let small = |list: &[u8]| u8::try_from(id).is_ok_and(|i| list.contains(&i));
        match attr {
            "data-tp" => small(&c.purposes),
            "data-tl" => small(&c.li_purposes),
            "data-tf" => small(&c.special_features),
            "data-tv" => c.vendors.contains(&id),
            _ => c.li_vendors.contains(&id),
        }
    }

    /// Takes the choices of the dialog's switches (before a save).
    pub fn set_choices(&mut self, choices: Choices) {
        self.choices = choices;
    }

    /// "Accept all" / "Reject all" for TCF.
    pub fn all_or_none(&self, all: bool) -> Choices {
        if all {
            Choices::all(&self.surface)
        } else {
            Choices::none()
        }
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

    fn display(&self) -> &'static str {
        if self.visible {
            "visible"
        } else {
            "hidden"
        }
    }

    fn tc_data(
        &self,
        config: &Config,
        listener: Option<u32>,
        only: Option<&[u16]>,
    ) -> Option<String> {
        let (settings, gvl) = (config.tcf.as_ref()?, self.gvl.as_ref()?);
        if !settings.gdpr_applies {
            // Nothing to wait for: the page says GDPR does not apply.
            return Some(api::outside_gdpr(settings, Some(gvl), listener));
        }
        let (tc, text) = self.tc.as_ref()?;
        if self.event.is_empty() {
            return None;
        }
        let d = TcDataOf {
            settings,
            gvl,
            surface: &self.surface,
            tc,
            text,
            event: self.event,
        };
        Some(api::tc_data(&d, listener, only))
    }

    fn tcf_emit(&mut self, config: &Config, fx: &mut Effects) {
        for l in &self.tcf_listeners {
            if let Some(json) = self.tc_data(config, (!l.once).then_some(l.id), None) {
                fx.call(&l.callback, &json, true);
            }
        }
        self.tcf_listeners.retain(|l| !l.once);
    }

    fn gpp_of<'a>(&'a self, config: &'a Config) -> GppOf<'a> {
        // The US sections configured: usnat, then the states (ascending ids).
        let mut us: Vec<u16> = Vec::new();
        if let Some(g) = &config.gpp {
            us.extend(g.usnat.then_some(USNAT));
            us.extend(g.state_ids());
        }
        let mut supported: Vec<u16> = config.tcf.iter().map(|_| TCFEUV2).collect();
        supported.extend(&us);
        let applicable = match &config.tcf {
            Some(t) if t.gdpr_applies => vec![TCFEUV2],
            _ => us,
        };
        let ready = !applicable.contains(&TCFEUV2)
            || matches!(self.event, "tcloaded" | "useractioncomplete");
        GppOf {
            cmp_id: config.tcf.as_ref().map_or(1, |t| t.cmp_id.max(1)),
            display: self.display(),
            ready,
            supported,
            applicable,
            tc: if self.event.is_empty() {
                None
            } else {
                self.tc.as_ref().map(|(tc, s)| (tc, s.as_str()))
            },
            usnat: self.usnat.as_ref(),
            states: &self.states,
        }
    }

    fn gpp_emit(&self, config: &Config, fx: &mut Effects, name: &str, data: &str) {
        if config.gpp.is_none() {
            return;
        }
        // One PingReturn for every listener of this event.
        let ping = api::gpp_ping(&self.gpp_of(config));
        for l in &self.gpp_listeners {
            let event = api::gpp_event(&ping, name, l.id, data);
            fx.call(&l.callback, &event, true);
        }
    }

    /// `__tcfapi(command, version, callback, parameter)`.
    pub fn tcfapi(
        &mut self,
        config: &Config,
        command: &str,
        version: &JsValue,
        callback: Function,
        parameter: &JsValue,
        fx: &mut Effects,
    ) {
        let Some(settings) = &config.tcf else { return };
        let v = version.as_f64();
        let version_ok =
            version.is_undefined() || version.is_null() || v == Some(0.0) || v == Some(2.0);
        if !version_ok {
            fx.call(&callback, "null", false);
            return;
        }
        if command == "ping" {
            fx.call(
                &callback,
                &api::tcf_ping(settings, self.gvl.as_ref(), self.display()),
                true,
            );
            return;
        }
        let Some(gvl) = &self.gvl else {
            return; // cmpStatus "error": no other command is answered
        };
        match command {
            "addEventListener" | "getTCData" => {
                let only: Option<Vec<u16>> =
                    (command == "getTCData" && js_sys::Array::is_array(parameter)).then(|| {
                        js_sys::Array::from(parameter)
                            .iter()
                            .filter_map(|x| x.as_f64())
                            .filter(|x| (1.0..65_536.0).contains(x))
                            .map(|x| x as u16)
                            .collect()
                    });
                let listener = (command == "addEventListener").then(|| self.new_id());
                match self.tc_data(config, listener, only.as_deref()) {
                    Some(json) => fx.call(&callback, &json, true),
                    // Nothing to say yet: the first event answers.
                    None if listener.is_none() => self.tcf_listeners.push(Listener {
                        id: 0,
                        callback: callback.clone(),
                        once: true,
                    }),
                    None => {}
                }
                if let Some(id) = listener {
                    self.tcf_listeners.push(Listener {
                        id,
                        callback,
                        once: false,
                    });
                }
            }
            "removeEventListener" => {
                let removed = remove(&mut self.tcf_listeners, parameter);
                fx.call(&callback, bool_text(removed), removed);
            }
            "getVendorList" => {
                let wanted = parameter.as_f64().or_else(|| {
                    parameter
                        .as_string()
                        .and_then(|s| s.parse::<u16>().ok())
                        .map(f64::from)
                });
                let latest = parameter.is_undefined()
                    || parameter.is_null()
                    || parameter.as_string().as_deref() == Some("LATEST")
                    || wanted == Some(f64::from(gvl.version));
                if latest {
                    fx.call_value(&callback, self.gvl_js.clone(), true);
                } else {
                    fx.call(&callback, "null", false);
                }
            }
            _ => fx.call(&callback, "null", false),
        }
    }

    /// `__gpp(command, callback, parameter, version)`; `adopt`: the id of a listener the stub
    /// registered (it already had its `listenerRegistered` answer).
    pub fn gppapi(
        &mut self,
        config: &Config,
        command: &str,
        callback: Function,
        parameter: &JsValue,
        adopt: Option<u32>,
        fx: &mut Effects,
    ) {
        if config.gpp.is_none() {
            return;
        }
        let prefix = parameter.as_string().unwrap_or_default();
        match command {
            "ping" => fx.call(&callback, &api::gpp_ping(&self.gpp_of(config)), true),
            "addEventListener" => {
                let id = adopt.unwrap_or_else(|| self.new_id());
                self.next_id = self.next_id.max(id + 1);
                let g = self.gpp_of(config);
                let ping = api::gpp_ping(&g);
                let (name, data) = if adopt.is_some() {
                    ("cmpStatus", "\"loaded\"")
                } else {
                    ("listenerRegistered", "true")
                };
                fx.call(&callback, &api::gpp_event(&ping, name, id, data), true);
                if adopt.is_some() {
                    // Registered with the stub: it also hears where the signal stands now.
                    let signal = if g.ready {
                        "\"ready\""
                    } else {
                        "\"not ready\""
                    };
                    let event = api::gpp_event(&ping, "signalStatus", id, signal);
                    fx.call(&callback, &event, true);
                }
                self.gpp_listeners.push(Listener {
                    id,
                    callback,
                    once: false,
                });
            }
            "removeEventListener" => {
                let removed = remove(&mut self.gpp_listeners, parameter);
                let ping = api::gpp_ping(&self.gpp_of(config));
                let id = parameter.as_f64().unwrap_or(0.0).clamp(0.0, 4e9) as u32;
                let data = bool_text(removed);
                let event = api::gpp_event(&ping, "listenerRemoved", id, data);
                fx.call(&callback, &event, true);
            }
            "hasSection" => {
                let has = api::has_section(&self.gpp_of(config), &prefix);
                fx.call(&callback, bool_text(has), true);
            }
            "getSection" => {
                fx.call(
                    &callback,
                    &api::get_section(&self.gpp_of(config), &prefix),
                    true,
                );
            }
            "getField" => {
                fx.call(
                    &callback,
                    &api::get_field(&self.gpp_of(config), &prefix),
                    true,
                );
            }
            "tcfeuv2.getVendorList" => {
                self.tcfapi(config, "getVendorList", &2.into(), callback, parameter, fx);
            }
            _ => fx.call(&callback, "null", false),
        }
    }
}

/// The choices the dialog's TCF switches show.
pub fn read_switches(root: &web_sys::ShadowRoot) -> Choices {
    let mut c = Choices::none();
    for_each_input(root, &mut |attr, id, input| {
        if !input.checked() {
            return;
        }
        let small = u8::try_from(id).unwrap_or(0);
        match attr {
            "data-tp" => c.purposes.push(small),
            "data-tl" => c.li_purposes.push(small),
            "data-tf" => c.special_features.push(small),
            "data-tv" => c.vendors.push(id),
            _ => c.li_vendors.push(id),
        }
    });
    c
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

/// Calls `f(attribute, id, input)` for each TCF switch of the dialog.
fn for_each_input(root: &web_sys::ShadowRoot, f: &mut dyn FnMut(&str, u16, &HtmlInputElement)) {
    let Ok(list) = root.query_selector_all("[data-tp],[data-tl],[data-tf],[data-tv],[data-tw]")
    else {
        return;
    };
    for i in 0..list.length() {
        let Some(node) = list.item(i) else { continue };
        let e: &Element = node.unchecked_ref();
        for attr in ["data-tp", "data-tl", "data-tf", "data-tv", "data-tw"] {
            if let Some(v) = e.get_attribute(attr) {
                let id = v.parse::<u16>().unwrap_or(0);
                f(attr, id, e.unchecked_ref());
            }
        }
    }
}
