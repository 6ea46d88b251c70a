//! Small helpers for building DOM nodes. Text is always set with `textContent`, never parsed
//! as HTML, so config text cannot inject markup.

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement};

/// The page's document. Noren only runs in a window.
pub fn document() -> Document {
    match web_sys::window().and_then(|w| w.document()) {
        Some(d) => d,
        None => unreachable!("Noren runs in a window with a document"),
    }
}

/// A new element `tag` with `class` (if not empty), appended to `parent` when given.
pub fn el(tag: &str, class: &str, parent: Option<&Element>) -> HtmlElement {
    // Only Noren's own tag names come here, and they are valid; no JsValue is formatted.
    let e: HtmlElement = match document().create_element(tag) {
        Ok(e) => e.unchecked_into(),
        Err(_) => unreachable!("valid tag"),
    };
    if !class.is_empty() {
        e.set_class_name(class);
    }
    if let Some(p) = parent {
        let _ = p.append_child(&e);
    }
    e
}

/// A new element holding `text`, appended to `parent`.
pub fn text_el(tag: &str, class: &str, text: &str, parent: &Element) -> HtmlElement {
    let e = el(tag, class, Some(parent));
    e.set_text_content(Some(text));
    e
}

/// Sets attributes given as (name, value) pairs.
pub fn attrs(e: &Element, pairs: &[(&str, &str)]) {
    for (k, v) in pairs {
        let _ = e.set_attribute(k, v);
    }
}

/// Logs a warning prefixed with `[noren]`.
pub fn warn(message: &str) {
    web_sys::console::warn_2(&"[noren]".into(), &message.into());
}
