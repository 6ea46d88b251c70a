//! The notice, the preferences dialog and the floating button on the page: the markup from
//! [`crate::render::notice`] in one open shadow root styled by one constructable stylesheet (no `<style>`
//! element, no inline styles: strict CSP works). Showing, hiding, focus and switches live here;
//! the app listens once on the shadow root.

use crate::prelude::*;

use super::dom::{
    all, attr, document, first, gpc, insert_after, prop, remove_attr, set_attr, set_prop,
    set_trusted, Sink,
};
use super::global::Global;
use super::iab::STYLES;
use super::records;
use crate::config::{Config, Theme};
use crate::consent::Consent;
use crate::render::markup::Html;
use crate::render::notice::{dialog, notice};
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
    /// The preferences dialog, once rendered ([`View::render_dialog`]).
    prefs: Option<Prefs>,
    /// The TCF section of the dialog, until the dialog is rendered.
    tcf_dialog: Option<Html>,
    /// The floating button that reopens the preferences, if the config shows one.
    fab: Option<HtmlElement>,
    /// Where focus was before Noren took it, to give it back.
    return_focus: Option<HtmlElement>,
}

/// The preferences dialog's elements.
struct Prefs {
    /// The dialog's backdrop (shown with the dialog).
    backdrop: HtmlElement,
    /// The dialog itself.
    dialog: HtmlElement,
    /// The category switches, in config order (`data-c`).
    categories: Vec<Element>,
    /// The service switches (`data-s` holds the service index).
    services: Vec<Element>,
}

/// The element of `root` matching `selector`.
fn find(root: &ShadowRoot, selector: &str) -> Option<HtmlElement> {
    first(root, selector).map(JsCast::unchecked_into::<HtmlElement>)
}

impl View {
    /// Builds the notice and the floating button (hidden) at the end of `<body>`; the dialog
    /// follows when first needed ([`View::render_dialog`]). `tcf`: the TCF paragraph of the
    /// notice and section of the dialog.
    pub fn render(
        config: &Config,
        lang: &Wording,
        tcf: Option<(Html, Html)>,
    ) -> Result<View, JsValue> {
        let (tcf_first, tcf_dialog) = match tcf {
            Some((a, b)) => (Some(a), Some(b)),
            None => (None, None),
        };
        let doc = document();
        // An autonomous custom element: site rules for div, section… do not match it.
        let host = doc.create_element("noren-root")?;
        set_attr(&host, "id", "noren");
        // The stylesheet follows prefers-color-scheme unless the config fixes a theme.
        match config.look.theme {
            Theme::Auto => {}
            Theme::Light => set_attr(&host, "data-theme", "light"),
            Theme::Dark => set_attr(&host, "data-theme", "dark"),
        }
        let root = styled_root(&host, &notice(config, lang, gpc(), tcf_first))?;
        let Some(banner) = find(&root, ".banner") else {
            return Err("the notice's markup is incomplete".into());
        };
        let view = View {
            banner,
            prefs: None,
            tcf_dialog,
            fab: find(&root, ".fab"),
            return_focus: None,
            root,
        };
        // `body` (else `documentElement`) read as a property (an element or null): typed
        // getters would cost glue.
        let mut parent = prop(&doc, "body");
        if !parent.is_object() {
            parent = prop(&doc, "documentElement");
        }
        if !parent.is_object() {
            return Err("no document element".into());
        }
        let parent: Element = parent.unchecked_into();
        parent.append_child(&host)?;
        Ok(view)
    }

    /// Puts the preferences dialog (hidden) after the notice, if it is not there yet, with the
    /// id of the latest consent record (`record`, JSON), if any.
    pub fn render_dialog(
        &mut self,
        config: &Config,
        lang: &Wording,
        record: Option<&str>,
    ) -> Result<(), JsValue> {
        if self.prefs.is_some() {
            return Ok(());
        }
        let markup = dialog(config, lang, gpc(), self.tcf_dialog.take());
        insert_after(&self.banner, &markup)?;
        let (Some(backdrop), Some(dialog)) =
            (find(&self.root, ".backdrop"), find(&self.root, ".dialog"))
        else {
            return Err("the dialog's markup is incomplete".into());
        };
        self.prefs = Some(Prefs {
            backdrop,
            dialog,
            categories: all(&self.root, "[data-c]"),
            services: all(&self.root, "[data-s]"),
        });
        if let Some(id) = record.and_then(records::id_of) {
            self.show_record_id(id);
        }
        Ok(())
    }

    /// Shows the id of the latest consent record in the dialog, if it is rendered (else
    /// [`View::render_dialog`] shows it).
    pub fn show_record_id(&self, id: &str) {
        let Some(prefs) = &self.prefs else { return };
        if let Some(rec) = first(&prefs.dialog, ".rec") {
            if let Some(span) = first(&rec, ".rid") {
                span.set_text_content(Some(id));
            }
            set_visible(&rec, true);
        }
    }

    /// What is on screen now, if anything.
    pub fn showing(&self) -> Option<Screen> {
        if self.open_prefs().is_some() {
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
            .is_some_and(|a| attr(a, "id").as_deref() == Some("noren"))
        {
            return;
        }
        // Not checked to be an `HTMLElement` (an `instanceof` binding costs glue): whatever can
        // be focused (HTML, SVG, MathML elements) has `focus`, and [`View::hide`] ignores a throw.
        self.return_focus = active.map(JsCast::unchecked_into);
    }

    /// Shows the first layer and moves focus into it.
    pub fn show_banner(&mut self) {
        self.remember_focus();
        self.hide_prefs();
        set_visible(&self.banner, true);
        self.set_fab(false);
        let _ = self.banner.focus();
    }

    /// Shows the preferences dialog (rendering it if it is not yet) with the switches set from
    /// `consent` (all non-essential switches off when nothing was decided yet) and moves focus
    /// into it. If it is already open, the visitor's unsaved switches stay as they are.
    pub fn show_preferences(
        &mut self,
        config: &Config,
        lang: &Wording,
        consent: &Consent,
        record: Option<&str>,
    ) -> Result<(), JsValue> {
        self.render_dialog(config, lang, record)?;
        self.remember_focus();
        let Some(prefs) = &self.prefs else {
            return Ok(());
        };
        if visible(&prefs.backdrop) {
            // Already open: keep the visitor's unsaved switches, just take focus back.
            let _ = prefs.dialog.focus();
            return Ok(());
        }
        for (i, sw) in prefs.categories.iter().enumerate() {
            if !sw.has_attribute("disabled") {
                set_checked(sw, consent.category(i));
            }
        }
        for sw in &prefs.services {
            if !sw.has_attribute("disabled") {
                set_checked(sw, consent.service(index_of(sw, "data-s")));
            }
        }
        set_visible(&self.banner, false);
        set_visible(&prefs.backdrop, true);
        self.set_fab(false);
        let _ = prefs.dialog.focus();
        Ok(())
    }

    /// The dialog, if it is open.
    fn open_prefs(&self) -> Option<&Prefs> {
        self.prefs.as_ref().filter(|p| visible(&p.backdrop))
    }

    /// Hides the dialog, if it is rendered.
    fn hide_prefs(&self) {
        if let Some(p) = &self.prefs {
            set_visible(&p.backdrop, false);
        }
    }

    /// Hides everything, shows the floating button, and gives focus back.
    pub fn hide(&mut self) {
        set_visible(&self.banner, false);
        self.hide_prefs();
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

    /// The dialog's switches' states: (categories, services); `None` before it is rendered.
    pub fn switches(&self, config: &Config) -> Option<(Vec<bool>, Vec<bool>)> {
        let prefs = self.prefs.as_ref()?;
        let mut cats = Vec::new();
        for sw in &prefs.categories {
            cats.push(checked(sw));
        }
        let mut svcs = vec![false; config.services.len()];
        for sw in &prefs.services {
            let j = index_of(sw, "data-s");
            if j < svcs.len() {
                svcs[j] = checked(sw);
            }
        }
        Some((cats, svcs))
    }

    /// Keeps switches consistent after one changed: a category sets its services; a service
    /// switched on switches its category on.
    pub fn on_switch(&self, config: &Config, changed: &HtmlInputElement) {
        let Some(prefs) = &self.prefs else { return };
        if !self.root.contains(Some(changed)) {
            return; // an input of the page's own
        }
        if changed.has_attribute("data-c") {
            let i = index_of(changed, "data-c");
            for sw in &prefs.services {
                let j = index_of(sw, "data-s");
                if config.services.get(j).is_some_and(|s| s.category == i)
                    && !sw.has_attribute("disabled")
                {
                    set_checked(sw, changed.checked());
                }
            }
        } else if changed.has_attribute("data-s") && changed.checked() {
            let j = index_of(changed, "data-s");
            if let Some(s) = config.services.get(j) {
                if let Some(c) = prefs.categories.get(s.category) {
                    set_checked(c, true);
                }
            }
        }
    }

    /// Keeps Tab inside the open dialog. Returns whether the key was handled.
    pub fn trap_tab(&self, backwards: bool) -> bool {
        let Some(prefs) = self.open_prefs() else {
            return false;
        };
        let list = all(
            &prefs.dialog,
            "button,input:not([disabled]),summary,a[href]",
        );
        let (Some(head), Some(tail)) = (list.first(), list.last()) else {
            return false;
        };
        // `activeElement` is the same property on a shadow root as on the document.
        let active = self
            .root
            .unchecked_ref::<web_sys::Document>()
            .active_element();
        // The same node is the same object: `===` (a binding the module has) rather than an
        // `isSameNode` binding.
        let same =
            |a: &Element, b: &Element| a.unchecked_ref::<JsValue>() == b.unchecked_ref::<JsValue>();
        let at = |e: &Element| active.as_ref().is_some_and(|a| same(e, a));
        let on_dialog = active.as_ref().is_none_or(|a| same(a, &prefs.dialog));
        let target = if backwards && (at(head) || on_dialog) {
            tail
        } else if !backwards && at(tail) {
            head
        } else {
            return false;
        };
        let _ = target.unchecked_ref::<HtmlElement>().focus();
        true
    }
}

/// Whether the switch `e` is on.
pub fn checked(e: &Element) -> bool {
    e.unchecked_ref::<HtmlInputElement>().checked()
}

/// Turns the switch `e` on or off.
pub fn set_checked(e: &Element, on: bool) {
    e.unchecked_ref::<HtmlInputElement>().set_checked(on);
}

/// Whether `e` is shown (it has no `hidden` attribute).
fn visible(e: &Element) -> bool {
    !e.has_attribute("hidden")
}

/// Shows or hides `e` with the `hidden` attribute.
fn set_visible(e: &Element, visible: bool) {
    if visible {
        remove_attr(e, "hidden")
    } else {
        set_attr(e, "hidden", "")
    }
}

/// The index stored in a switch's `data-c` / `data-s` attribute.
pub fn index_of(e: &Element, name: &str) -> usize {
    attr(e, name)
        .and_then(|v| v.parse().ok())
        .unwrap_or(usize::MAX)
}
