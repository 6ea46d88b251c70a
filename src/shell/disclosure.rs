//! The external-transmission notice on the site's own page: every element with
//! `data-noren-disclosure` is filled with [`crate::render::disclosure::disclosure`], and its
//! per-service switches change the consent like the preferences dialog does.

use super::dom::{all, document, error, set_attr, set_trusted, Sink};
use crate::config::Config;
use crate::consent::Consent;
use crate::text::Wording;
use web_sys::Element;

/// Empty notice elements (a filled one is marked `data-noren`).
const EMPTY: &str = "[data-noren-disclosure]:not([data-noren])";
/// The switches in filled notices.
const SWITCHES: &str = "[data-noren-disclosure] input[data-s]";

/// Fills every notice element not filled yet (at start, and when the page adds one).
pub fn render_new(config: &Config, lang: &Wording, consent: &Consent) {
    let list = all(&document(), EMPTY);
    if list.is_empty() {
        return;
    }
    let html = crate::render::disclosure::disclosure(config, lang, Some(consent));
    for e in list {
        set_attr(&e, "data-noren", "shown");
        if let Err(err) = set_trusted(&e, "innerHTML", Sink::Html, &html) {
            error("[noren] could not show the disclosure:", &err);
        }
    }
}

/// Sets the notices' switches from the consent in force.
pub fn update(consent: &Consent) {
    for input in all(&document(), SWITCHES) {
        super::ui::set_checked(
            &input,
            consent.service(super::ui::index_of(&input, "data-s")),
        );
    }
}

/// The service index of a notice switch, if `e` is one.
pub fn switch_of(e: &Element) -> Option<usize> {
    let in_notice = e
        .closest("[data-noren-disclosure]")
        .ok()
        .flatten()
        .is_some();
    (in_notice && e.has_attribute("data-s")).then(|| super::ui::index_of(e, "data-s"))
}
