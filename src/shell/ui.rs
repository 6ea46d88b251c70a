//! The notice, the preferences dialog and the floating button on the page: the markup from
//! [`crate::render::notice`] in one open shadow root styled by one constructable stylesheet (no `<style>`
//! element, no inline styles: strict CSP works). Showing, hiding, focus and switches live here;
//! the app listens once on the shadow root.

use crate::prelude::*;

use super::dom::{document, set_prop, set_trusted, Sink};
use super::global::Global;
use super::iab::STYLES;
use crate::config::{Config, Theme};
use crate::consent::Consent;
use crate::render::notice::notice;
use crate::text::Wording;
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CssStyleSheet, Element, HtmlElement, HtmlInputElement, ShadowRoot};

/// The stylesheet, made once and shared by every shadow root Noren creates.
static SHEET: Global<Option<CssStyleSheet>> = Global::new(None);

/// An open shadow root on `host`, styled by Noren's stylesheet, holding `markup` (Noren's own,
/// see [`crate::render::markup`]): the notice's and every embed placeholder's.
pub fn styled_root(host: &Element, markup: &str) -> Result<ShadowRoot, JsValue> {
    let init = Object::new();
    Reflect::set(&init, &"mode".into(), &"open".into())?;
    let root = host.attach_shadow(init.unchecked_ref())?;
    let sheet = stylesheet().ok_or("the browser refused Noren's stylesheet")?;
    set_prop(&root, "adoptedStyleSheets", &js_sys::Array::of1(&sheet));
    set_trusted(&root, "innerHTML", Sink::Html, markup)?;
    Ok(root)
}

/// Noren's stylesheet (made on first use), or `None` if the browser refused it.
fn stylesheet() -> Option<CssStyleSheet> {
    SHEET.with(|s| {
        if s.borrow().is_none() {
            let sheet = CssStyleSheet::new().ok()?;
            sheet.replace_sync(STYLES).ok()?;
            *s.borrow_mut() = Some(sheet);
        }
        s.borrow().clone()
    })
}

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
    /// The first layer.
    banner: HtmlElement,
    /// The preferences dialog's backdrop (shown with the dialog).
    backdrop: HtmlElement,
    /// The preferences dialog.
    dialog: HtmlElement,
    /// The floating button that reopens the preferences, if the config shows one.
    fab: Option<HtmlElement>,
    /// The dialog's category switches, in config order (`data-c`).
    categories: Vec<HtmlInputElement>,
    /// The dialog's service switches (`data-s` holds the service index).
    services: Vec<HtmlInputElement>,
    /// Where focus was before Noren took it, to give it back.
    return_focus: Option<HtmlElement>,
}

impl View {
    /// Builds the interface (hidden) at the end of `<body>`.
    pub fn render(
        config: &Config,
        lang: &Wording,
        tcf: Option<(crate::render::markup::Html, crate::render::markup::Html)>,
    ) -> Result<View, JsValue> {
        let doc = document();
        // An autonomous custom element: site rules for div, section… do not match it.
        let host = doc.create_element("noren-root")?;
        host.set_attribute("id", "noren")?;
        // The stylesheet follows prefers-color-scheme unless the config fixes a theme.
        match config.look.theme {
            Theme::Auto => {}
            Theme::Light => host.set_attribute("data-theme", "light")?,
            Theme::Dark => host.set_attribute("data-theme", "dark")?,
        }
        let root = styled_root(&host, &notice(config, lang, super::dom::gpc(), tcf))?;

        let find = |selector| {
            let e = root.query_selector(selector).ok().flatten();
            e.map(JsCast::unchecked_into::<HtmlElement>)
        };
        let all = |selector| {
            let list = root.query_selector_all(selector).ok();
            let list = list.as_ref();
            (0..list.map_or(0, |l| l.length()))
                .filter_map(|i| list?.item(i))
                .map(JsCast::unchecked_into::<HtmlInputElement>)
                .collect()
        };
        let (Some(banner), Some(backdrop), Some(dialog)) =
            (find(".banner"), find(".backdrop"), find(".dialog"))
        else {
            return Err("the notice's markup is incomplete".into());
        };
        let view = View {
            banner,
            backdrop,
            dialog,
            fab: find(".fab"),
            categories: all("[data-c]"),
            services: all("[data-s]"),
            return_focus: None,
            root,
        };
        let parent: Element = match doc.body() {
            Some(b) => b.into(),
            None => doc.document_element().ok_or("no document element")?,
        };
        parent.append_child(&host)?;
        Ok(view)
    }

    /// Shows the id of the latest consent record in the dialog.
    pub fn show_record_id(&self, id: &str) {
        if let Ok(Some(rec)) = self.dialog.query_selector(".rec") {
            if let Ok(Some(span)) = rec.query_selector(".rid") {
                span.set_text_content(Some(id));
            }
            set_visible(&rec, true);
        }
    }

    /// What is on screen now, if anything.
    pub fn showing(&self) -> Option<Screen> {
        if visible(&self.backdrop) {
            Some(Screen::Preferences)
        } else if visible(&self.banner) {
            Some(Screen::Banner)
        } else {
            None
        }
    }

    /// Remembers where focus is, unless it is already inside the notice.
    fn remember_focus(&mut self) {
        let active = document().active_element();
        if active
            .as_ref()
            .is_some_and(|a| a.get_attribute("id").as_deref() == Some("noren"))
        {
            return;
        }
        self.return_focus = active.and_then(|e| e.dyn_into::<HtmlElement>().ok());
    }

    /// Shows the first layer and moves focus into it.
    pub fn show_banner(&mut self) {
        self.remember_focus();
        set_visible(&self.backdrop, false);
        set_visible(&self.banner, true);
        self.set_fab(false);
        let _ = self.banner.focus();
    }

    /// Shows the preferences dialog with the switches set from `consent` (all non-essential
    /// switches off when nothing was decided yet) and moves focus into it. If it is already open,
    /// the visitor's unsaved switches stay as they are.
    pub fn show_preferences(&mut self, consent: &Consent) {
        self.remember_focus();
        if visible(&self.backdrop) {
            // Already open: keep the visitor's unsaved switches, just take focus back.
            let _ = self.dialog.focus();
            return;
        }
        for (i, sw) in self.categories.iter().enumerate() {
            if !sw.has_attribute("disabled") {
                sw.set_checked(consent.category(i));
            }
        }
        let switches = self.services.iter();
        for sw in switches.filter(|sw| !sw.has_attribute("disabled")) {
            sw.set_checked(consent.service(index_of(sw, "data-s")));
        }
        set_visible(&self.banner, false);
        set_visible(&self.backdrop, true);
        self.set_fab(false);
        let _ = self.dialog.focus();
    }

    /// Hides everything, shows the floating button, and gives focus back.
    pub fn hide(&mut self) {
        set_visible(&self.banner, false);
        set_visible(&self.backdrop, false);
        self.set_fab(true);
        if let Some(e) = self.return_focus.take() {
            if e.is_connected() {
                let _ = e.focus();
            }
        }
    }

    /// Shows or hides the floating button (which reopens the preferences).
    fn set_fab(&self, visible: bool) {
        if let Some(f) = &self.fab {
            set_visible(f, visible);
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
        if !self.root.contains(Some(changed)) {
            return; // an input of the page's own
        }
        if changed.has_attribute("data-c") {
            let i = index_of(changed, "data-c");
            for sw in &self.services {
                let j = index_of(sw, "data-s");
                if config.services.get(j).is_some_and(|s| s.category == i)
                    && !sw.has_attribute("disabled")
                {
                    sw.set_checked(changed.checked());
                }
            }
        } else if changed.has_attribute("data-s") && changed.checked() {
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
        if !visible(&self.backdrop) {
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
        let item = |i| list.item(i).map(JsCast::unchecked_into::<HtmlElement>);
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

/// Whether `e` is shown (it has no `hidden` attribute).
fn visible(e: &Element) -> bool {
    !e.has_attribute("hidden")
}

/// Shows or hides `e` with the `hidden` attribute.
fn set_visible(e: &Element, visible: bool) {
    let _ = if visible {
        e.remove_attribute("hidden")
    } else {
        e.set_attribute("hidden", "")
    };
}

/// The index stored in a switch's `data-c` / `data-s` attribute.
pub fn index_of(e: &Element, attr: &str) -> usize {
    e.get_attribute(attr)
        .and_then(|v| v.parse().ok())
        .unwrap_or(usize::MAX)
}
