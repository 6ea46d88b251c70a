//! The plain build's twin of `iab/` (IAB TCF and GPP, built with the `iab` feature): the same
//! interface, doing nothing, so the flow calls it without a `cfg` line and the plain module
//! carries none of it. A config with `tcf` or `gpp` is refused at start ([`check`]): the loader
//! loads noren_iab for those.

use crate::config::Config;
use crate::consent::record::Action;
use crate::consent::Consent;
use crate::prelude::*;
use crate::render::markup::Html;
use crate::text::Wording;
use wasm_bindgen::JsValue;
use web_sys::ShadowRoot;

/// Noren's stylesheet.
pub const STYLES: &str = include_str!("styles.css");

/// Refuses a config with `tcf` or `gpp`: this module has no IAB support.
pub fn check(config: &Config) -> Result<(), JsValue> {
    if config.tcf.is_some() || config.gpp.is_some() {
        return Err("this module has no IAB TCF/GPP support: the loader loads noren_iab for configs with tcf or gpp".into());
    }
    Ok(())
}

/// No `__tcfapi` / `__gpp` callbacks here.
#[derive(Default)]
pub struct Callbacks;

impl Callbacks {
    /// Nothing to call.
    pub fn run(self) {}
}

/// No IAB state.
pub struct Iab;

impl Iab {
    /// No wording of its own.
    pub const KEYS: &'static [&'static str] = &[];

    /// No state; the stored choice holds as it is (`decided`).
    pub fn new(_: &Config, _: JsValue, decided: bool, _: &Wording, _: &str) -> (Iab, bool) {
        (Iab, decided)
    }

    /// No TCF part in the notice.
    pub fn markup(&self, _: &Config, _: &Wording) -> Option<(Html, Html)> {
        None
    }

    /// Nothing to tell when the interface appears.
    pub fn on_shown(&mut self, _: &Config, _: &mut Callbacks) {}

    /// Nothing to tell when the interface closes.
    pub fn on_hidden(&mut self, _: &Config, _: &mut Callbacks) {}

    /// Nothing to tell about a choice.
    pub fn on_choice(&mut self, _: &Config, _: &Consent, _: Action, _: u32, _: &mut Callbacks) {}

    /// Nothing to take from another tab.
    pub fn on_other_tab(&mut self, _: &Config, _: &Consent, _: &mut Callbacks) {}

    /// Nothing to forget.
    pub fn on_reset(&mut self, _: &Config, _: &Consent) {}

    /// Consent Mode follows Noren's choice alone.
    pub fn constrain_consent_mode(&self, _: &Config, _: &mut [(&'static str, bool)]) {}

    /// No US sections.
    pub fn update_us_sections(&mut self, _: &Config, _: &Consent) {}

    /// No TC or GPP string for the consent record.
    pub fn strings(&self, _: &Config) -> (Option<String>, Option<String>) {
        (None, None)
    }

    /// No TCF switches to set.
    pub fn fill(&self, _: &ShadowRoot) {}

    /// No TCF switches to read.
    pub fn read_switches(&mut self, _: &ShadowRoot) {}
}
