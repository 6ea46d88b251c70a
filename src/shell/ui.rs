//! The notice, the preferences dialog and the floating button, in one open shadow root styled
//! by one constructable stylesheet (no `<style>` element, no inline styles: strict CSP works).
//!
//! Buttons carry `data-a` (the action); switches carry `data-c` / `data-s` (the category or
//! service index). The app listens once on the shadow root.

use crate::prelude::*;

use super::dom::{attrs, document, el, text_el};
use crate::config::{Config, Service};
use crate::consent::Consent;
use crate::text::{country_name, push_list, Lang, Ui};
use wasm_bindgen::JsCast;
use web_sys::{CssStyleSheet, Element, HtmlElement, HtmlInputElement, ShadowRoot};

const STYLES: &str = include_str!("styles.css");

/// What can be on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    /// The first layer.
    Banner,
    /// The preferences dialog.
    Preferences,
}

impl Screen {
    /// The name used in `show` / `hide` events.
    pub fn name(self) -> &'static str {
        match self {
            Screen::Banner => "banner",
            Screen::Preferences => "preferences",
        }
    }
}

/// The rendered interface.
pub struct View {
    /// The shadow root holding everything.
    pub root: ShadowRoot,
    banner: HtmlElement,
    backdrop: HtmlElement,
    dialog: HtmlElement,
    fab: Option<HtmlElement>,
    categories: Vec<HtmlInputElement>,
    services: Vec<HtmlInputElement>,
    /// Where focus was before Noren took it, to give it back.
    return_focus: Option<HtmlElement>,
}

fn button(label: &str, action: &str, parent: &Element) -> HtmlElement {
    let b = text_el("button", "btn", label, parent);
    attrs(&b, &[("type", "button"), ("data-a", action)]);
    b
}

fn close_button(label: &str, action: &str, parent: &Element) -> HtmlElement {
    let b = el("button", "x", Some(parent));
    attrs(
        &b,
        &[
            ("type", "button"),
            ("data-a", action),
            ("aria-label", label),
        ],
    );
    let glyph = text_el("span", "", "×", &b);
    attrs(&glyph, &[("aria-hidden", "true")]);
    b
}

fn link(label: &str, href: &str, parent: &Element) {
    let a = text_el("a", "", label, parent);
    attrs(
        &a,
        &[
            ("href", href),
            ("target", "_blank"),
            ("rel", "noopener noreferrer"),
        ],
    );
}

fn switch(parent: &Element, data: (&str, usize), label_id: Option<&str>) -> HtmlInputElement {
    let input: HtmlInputElement = el("input", "sw", Some(parent)).unchecked_into();
    let index = crate::decimal::string(data.1 as u64);
    attrs(
        &input,
        &[("type", "checkbox"), ("role", "switch"), (data.0, &index)],
    );
    if let Some(id) = label_id {
        attrs(&input, &[("aria-labelledby", id)]);
    }
    input
}

fn detail_row(dl: &Element, term: &str, value: &str) {
    if value.is_empty() {
        return;
    }
    let row = el("div", "", Some(dl));
    text_el("dt", "", term, &row);
    text_el("dd", "", value, &row);
}

fn service_details(config: &Config, s: &Service, lang: Lang, parent: &Element) {
    let t = |k| config.ui(k, lang);
    let dl = el("dl", "", Some(parent));
    detail_row(&dl, t(Ui::Recipient), s.recipient.get(lang));
    if !s.country.is_empty() {
        detail_row(&dl, t(Ui::Country), country_name(&s.country, lang));
    }
    let sep = if lang == Lang::Ja { "、" } else { ", " };
    let mut data = String::new();
    push_list(&mut data, &mut s.data.iter().map(|d| d.get(lang)), sep);
    detail_row(&dl, t(Ui::DataSent), &data);
    detail_row(&dl, t(Ui::Purpose), s.purpose.get(lang));
    let mut cookies = String::new();
    push_list(
        &mut cookies,
        &mut s.cookies.iter().map(String::as_str),
        ", ",
    );
    detail_row(&dl, t(Ui::Cookies), &cookies);
    if s.opt_out_url.is_some() || s.privacy_policy_url.is_some() {
        let links = el("p", "links", Some(parent));
        if let Some(u) = &s.opt_out_url {
            link(t(Ui::OptOut), u, &links);
        }
        if let Some(u) = &s.privacy_policy_url {
            link(t(Ui::ServicePolicy), u, &links);
        }
    }
}

impl View {
    /// Builds the interface (hidden) at the end of `<body>`.
    pub fn render(config: &Config, lang: Lang) -> Result<View, wasm_bindgen::JsValue> {
        let doc = document();
        let t = |k| config.ui(k, lang);
        // An autonomous custom element: site rules for div, section… do not match it.
        let host = el("noren-root", "", None);
        host.set_id("noren");
        let init = web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open);
        let root = host.attach_shadow(&init)?;
        let sheet = CssStyleSheet::new()?;
        sheet.replace_sync(STYLES)?;
        root.set_adopted_style_sheets(&js_sys::Array::of1(&sheet));

        let wrap = el("div", "n", None);
        attrs(&wrap, &[("lang", lang.code())]);
        let _ = root.append_child(&wrap);

        // First layer.
        let banner = el("section", "banner", Some(&wrap));
        attrs(
            &banner,
            &[
                ("role", "dialog"),
                ("aria-modal", "false"),
                ("aria-labelledby", "n-bt"),
                ("aria-describedby", "n-bd"),
                ("tabindex", "-1"),
                ("hidden", ""),
            ],
        );
        let inner = el("div", "b-in", Some(&banner));
        let texts = el("div", "b-text", Some(&inner));
        text_el("h2", "", t(Ui::Title), &texts).set_id("n-bt");
        let p = text_el("p", "", t(Ui::Text), &texts);
        p.set_id("n-bd");
        if let Some(u) = &config.policy_url {
            let _ = p.append_with_str_1(" ");
            link(t(Ui::Policy), u, &p);
        }
        let acts = el("div", "acts", Some(&inner));
        button(t(Ui::AcceptAll), "accept", &acts);
        button(t(Ui::RejectAll), "reject", &acts);
        button(t(Ui::Manage), "manage", &acts);
        close_button(t(Ui::CloseBanner), "dismiss", &banner);

        // Preferences dialog.
        let backdrop = el("div", "backdrop", Some(&wrap));
        attrs(&backdrop, &[("hidden", "")]);
        let dialog = el("div", "dialog", Some(&backdrop));
        attrs(
            &dialog,
            &[
                ("role", "dialog"),
                ("aria-modal", "true"),
                ("aria-labelledby", "n-pt"),
                ("tabindex", "-1"),
            ],
        );
        let head = el("div", "d-head", Some(&dialog));
        text_el("h2", "", t(Ui::PrefsTitle), &head).set_id("n-pt");
        close_button(t(Ui::Close), "close", &head);
        let body = el("div", "d-body", Some(&dialog));
        text_el("p", "", t(Ui::PrefsText), &body);
        let mut categories = Vec::new();
        let mut services = vec![None; config.services.len()];
        for (i, cat) in config.categories.iter().enumerate() {
            let sec = el("section", "cat", Some(&body));
            let row = el("div", "row", Some(&sec));
            let mut title_id = String::from("n-c");
            crate::decimal::push(&mut title_id, i as u64);
            text_el("h3", "", cat.title.get(lang), &row).set_id(&title_id);
            if cat.required {
                text_el("span", "always", t(Ui::AlwaysOn), &row);
            }
            let sw = switch(&row, ("data-c", i), Some(&title_id));
            if cat.required {
                sw.set_checked(true);
                sw.set_disabled(true);
            }
            categories.push(sw);
            text_el("p", "desc", cat.description.get(lang), &sec);
            let in_cat: Vec<usize> = (0..config.services.len())
                .filter(|&j| config.services[j].category == i)
                .collect();
            if in_cat.is_empty() {
                continue;
            }
            let list = el("ul", "svcs", Some(&sec));
            attrs(&list, &[("aria-label", t(Ui::Services))]);
            for j in in_cat {
                let s = &config.services[j];
                let li = el("li", "", Some(&list));
                let top = el("div", "row", Some(&li));
                let details = el("details", "", Some(&top));
                text_el("summary", "", s.name.get(lang), &details);
                service_details(config, s, lang, &details);
                let sw = switch(&top, ("data-s", j), None);
                let mut label = String::from(t(Ui::Allow));
                if lang == Lang::En {
                    label.push(' ');
                }
                label.push_str(s.name.get(lang));
                attrs(&sw, &[("aria-label", &label)]);
                if cat.required {
                    sw.set_checked(true);
                    sw.set_disabled(true);
                }
                services[j] = Some(sw);
            }
        }
        let acts = el("div", "acts", Some(&dialog));
        button(t(Ui::Save), "save", &acts);
        button(t(Ui::AcceptAll), "accept", &acts);
        button(t(Ui::RejectAll), "reject", &acts);

        let fab = config.floating_button.then(|| {
            let b = el("button", "fab", Some(&wrap));
            attrs(
                &b,
                &[
                    ("type", "button"),
                    ("data-a", "open"),
                    ("aria-label", t(Ui::Reopen)),
                    ("hidden", ""),
                ],
            );
            let icon = el("span", "ico", Some(&b));
            attrs(&icon, &[("aria-hidden", "true")]);
            b
        });

        let parent: Element = match doc.body() {
            Some(b) => b.into(),
            None => doc.document_element().ok_or("no document element")?,
        };
        parent.append_child(&host)?;
        Ok(View {
            root,
            banner,
            backdrop,
            dialog,
            fab,
            categories,
            services: services.into_iter().flatten().collect(),
            return_focus: None,
        })
    }

    /// What is on screen now, if anything.
    pub fn showing(&self) -> Option<Screen> {
        if !self.backdrop.hidden() {
            Some(Screen::Preferences)
        } else if !self.banner.hidden() {
            Some(Screen::Banner)
        } else {
            None
        }
    }

    /// Remembers where focus is, unless it is already inside the notice.
    fn remember_focus(&mut self) {
        let active = document().active_element();
        if active.as_ref().is_some_and(|a| a.id() == "noren") {
            return;
        }
        self.return_focus = active.and_then(|e| e.dyn_into::<HtmlElement>().ok());
    }

    /// Shows the first layer and moves focus into it.
    pub fn show_banner(&mut self) {
        self.remember_focus();
        self.backdrop.set_hidden(true);
        self.banner.set_hidden(false);
        self.set_fab(false);
        let _ = self.banner.focus();
    }

    /// Shows the preferences dialog with the switches set from `consent` (all non-essential
    /// switches off when nothing was decided yet) and moves focus into it. If it is already open,
    /// the visitor's unsaved switches stay as they are.
    pub fn show_preferences(&mut self, consent: &Consent) {
        self.remember_focus();
        if !self.backdrop.hidden() {
            // Already open: keep the visitor's unsaved switches, just take focus back.
            let _ = self.dialog.focus();
            return;
        }
        for (i, sw) in self.categories.iter().enumerate() {
            if !sw.disabled() {
                sw.set_checked(consent.category(i));
            }
        }
        let switches = self.services.iter();
        for sw in switches.filter(|sw| !sw.disabled()) {
            sw.set_checked(consent.service(index_of(sw, "data-s")));
        }
        self.banner.set_hidden(true);
        self.backdrop.set_hidden(false);
        self.set_fab(false);
        let _ = self.dialog.focus();
    }

    /// Hides everything, shows the floating button, and gives focus back.
    pub fn hide(&mut self) {
        self.banner.set_hidden(true);
        self.backdrop.set_hidden(true);
        self.set_fab(true);
        if let Some(e) = self.return_focus.take() {
            if e.is_connected() {
                let _ = e.focus();
            }
        }
    }

    fn set_fab(&self, visible: bool) {
        if let Some(f) = &self.fab {
            f.set_hidden(!visible);
        }
    }

    /// The switches' states: (categories, services).
    pub fn switches(&self, config: &Config) -> (Vec<bool>, Vec<bool>) {
        let cats = self.categories.iter().map(|s| s.checked()).collect();
        let mut svcs = vec![false; config.services.len()];
        for sw in &self.services {
            let j = index_of(sw, "data-s");
            if j < svcs.len() {
                svcs[j] = sw.checked();
            }
        }
        (cats, svcs)
    }

    /// Keeps switches consistent after one changed: a category sets its services; a service
    /// switched on switches its category on.
    pub fn on_switch(&self, config: &Config, changed: &HtmlInputElement) {
        if changed.has_attribute("data-c") {
            let i = index_of(changed, "data-c");
            for sw in &self.services {
                let j = index_of(sw, "data-s");
                if config.services.get(j).is_some_and(|s| s.category == i) && !sw.disabled() {
                    sw.set_checked(changed.checked());
                }
            }
        } else if changed.checked() {
            let j = index_of(changed, "data-s");
            if let Some(s) = config.services.get(j) {
                if let Some(c) = self.categories.get(s.category) {
                    c.set_checked(true);
                }
            }
        }
    }

    /// Keeps Tab inside the open dialog. Returns whether the key was handled.
    pub fn trap_tab(&self, backwards: bool) -> bool {
        if self.backdrop.hidden() {
            return false;
        }
        let Ok(list) = self
            .dialog
            .query_selector_all("button,input:not([disabled]),summary,a[href]")
        else {
            return false;
        };
        let n = list.length();
        if n == 0 {
            return false;
        }
        let item = |i| list.item(i).and_then(|e| e.dyn_into::<HtmlElement>().ok());
        let (first, last) = (item(0), item(n - 1));
        let active = self.root.active_element();
        let at = |e: &Option<HtmlElement>| matches!((e, &active), (Some(a), Some(b)) if a.is_same_node(Some(b)));
        let on_dialog = active
            .as_ref()
            .is_none_or(|a| a.is_same_node(Some(&self.dialog)));
        let target = if backwards && (at(&first) || on_dialog) {
            last
        } else if !backwards && at(&last) {
            first
        } else {
            return false;
        };
        if let Some(t) = target {
            let _ = t.focus();
        }
        true
    }
}

/// The index stored in a switch's `data-c` / `data-s` attribute.
pub fn index_of(e: &Element, attr: &str) -> usize {
    e.get_attribute(attr)
        .and_then(|v| v.parse().ok())
        .unwrap_or(usize::MAX)
}
