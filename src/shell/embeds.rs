//! Placeholders for held embeds (`<iframe data-consent data-src>`): in place of the frame, at
//! its size, a box naming the service and what loading it sends, with "Load this content"
//! (which consents to that service only) and a way to the preferences. Each placeholder is an
//! open shadow root styled by Noren's stylesheet; sizes are set through the CSSOM, which strict
//! CSP allows. The floating button steps aside while it would cover a placeholder.

use super::dom::{
    all, attr, call_method, document, first, listen, prop, remove_attr, set_attr, set_prop, window,
    Handler,
};
use super::ui::styled_root;
use crate::config::Config;
use crate::consent::{self, Consent};
use crate::prelude::*;
use crate::render::notice::placeholder;
use crate::text::Wording;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlElement;

/// Held frames not queued to run.
const HELD_FRAMES: &str = "iframe[data-consent][data-src]:not([data-noren])";

/// Puts a placeholder before every held frame the consent does not allow, and removes those of
/// frames that now run. `on_click` handles clicks in the placeholders (their buttons are
/// Noren's interface).
pub fn refresh(config: &Config, lang: &Wording, consent: &Consent, on_click: &Handler) {
    place(config, lang, consent, on_click);
    keep_clear();
}

/// Scrolling the page or resizing the window: placeholders may have moved under the floating
/// button.
static MOVED: Handler = Handler::new(|_| keep_clear());

/// Adds the placeholders of held frames the consent does not allow and removes the others
/// (all of [`refresh`] but the floating button's check).
fn place(config: &Config, lang: &Wording, consent: &Consent, on_click: &Handler) {
    let doc = document();
    for host in all(&doc, "noren-embed") {
        let frame = host.next_element_sibling();
        let still_held = frame
            .as_ref()
            .is_some_and(|f| f.has_attribute("data-noren-ph") && !f.has_attribute("data-noren"));
        if !still_held {
            if let Some(f) = frame.filter(|f| f.has_attribute("data-noren-ph")) {
                remove_attr(&f, "data-noren-ph");
                remove_attr(&f, "hidden");
            }
            host.remove();
        }
    }
    for frame in all(&doc, HELD_FRAMES) {
        if frame.has_attribute("data-noren-ph") {
            continue;
        }
        let frame: HtmlElement = frame.unchecked_into();
        let category = attr(&frame, "data-consent").unwrap_or_default();
        let service = attr(&frame, "data-service");
        let Some(j) = service.as_deref().and_then(|s| config.service_index(s)) else {
            continue; // a placeholder names a service; frames without one just wait
        };
        if consent::allows(config, consent, category.trim(), service.as_deref()) {
            continue;
        }
        if let Err(e) = add(&frame, &placeholder(config, lang, j), on_click) {
            super::dom::error("[noren] could not show an embed's placeholder:", &e);
        }
    }
}

/// Puts a placeholder holding `markup` before `frame`, at its size, and hides the frame.
fn add(frame: &HtmlElement, markup: &str, on_click: &Handler) -> Result<(), JsValue> {
    let doc = document();
    let host: HtmlElement = doc.create_element("noren-embed")?.unchecked_into();
    let root = styled_root(&host, markup)?;
    // The frame's size (its layout box; 300×150, a frame's default, if it has none yet).
    let px = |measured: i32, default: u64| {
        let mut s = String::new();
        crate::decimal::push(
            &mut s,
            if measured > 0 {
                measured as u64
            } else {
                default
            },
        );
        s.push_str("px");
        s
    };
    let style = prop(&host, "style");
    set_prop(&style, "width", &px(frame.offset_width(), 300).into());
    set_prop(&style, "height", &px(frame.offset_height(), 150).into());
    listen(&root, "click", on_click);
    // The same listener added twice is one listener.
    listen(&document(), "scroll", &MOVED);
    listen(&window(), "resize", &MOVED);
    frame.before_with_node_1(&host)?;
    set_attr(frame, "data-noren-ph", "");
    set_attr(frame, "hidden", "");
    Ok(())
}

/// Hides the floating button while its box meets a placeholder's (`data-fab-off` on Noren's
/// host; the placeholder has its own way to the preferences), so it never covers a
/// placeholder's buttons; shows it again once it is clear.
pub fn keep_clear() {
    // Typed bindings already in the module (each new one costs glue).
    let doc = document();
    let Some(host) = all(&doc, "#noren").into_iter().next() else {
        return;
    };
    let Some(fab) = first(&prop(&host, "shadowRoot"), ".fab") else {
        return;
    };
    let f = rect(&fab);
    let mut covers = false;
    for e in all(&doc, "noren-embed") {
        let p = rect(&e);
        // [left, top, right, bottom]; a hidden button has no box.
        covers |= f[2] > f[0] && p[0] < f[2] && f[0] < p[2] && p[1] < f[3] && f[1] < p[3];
    }
    if covers {
        set_attr(&host, "data-fab-off", "")
    } else {
        remove_attr(&host, "data-fab-off")
    }
}

/// An element's box in the window: [left, top, right, bottom].
fn rect(e: &JsValue) -> [f64; 4] {
    let r = call_method(
        e,
        "getBoundingClientRect",
        &JsValue::UNDEFINED,
        &JsValue::UNDEFINED,
    )
    .unwrap_or_default();
    let side = |k| prop(&r, k).as_f64().unwrap_or_default();
    [side("left"), side("top"), side("right"), side("bottom")]
}
