//! One JavaScript function handles every event Noren listens to (clicks, switches, keys, the
//! document becoming ready, held scripts loading, DOM mutations). Each distinct closure type
//! costs wasm-bindgen glue in the module, so there is exactly one.

use super::global::Global;
use crate::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlInputElement, KeyboardEvent};

/// The one closure behind every listener.
type Handler = Closure<dyn Fn(JsValue)>;

static HANDLER: Global<Option<Handler>> = Global::new(None);

/// The shared handler, for `addEventListener`, `onload` and `MutationObserver`.
pub fn handler() -> js_sys::Function {
    HANDLER.with(|h| {
        h.borrow_mut()
            .get_or_insert_with(|| Closure::new(dispatch))
            .as_ref()
            .unchecked_ref::<js_sys::Function>()
            .clone()
    })
}

fn dispatch(v: JsValue) {
    if js_sys::Array::is_array(&v) {
        // A MutationObserver calls with its records: the DOM changed.
        super::on_dom_changed();
        return;
    }
    if v.is_undefined() {
        // A timer: re-check cookies that should stay deleted.
        super::aftercare::recheck(true);
        return;
    }
    let e: &Event = v.unchecked_ref();
    let target = e.target().and_then(|t| t.dyn_into::<Element>().ok());
    // A click or switch a script made is not the visitor's: it counts as an API call without
    // a user gesture (it may refuse, not grant).
    let by = if e.is_trusted() {
        super::By::Ui
    } else {
        super::By::Api(false)
    };
    match e.type_().as_str() {
        "DOMContentLoaded" => super::on_dom_ready(),
        "load" | "error" => super::tags::resume(),
        "keydown" => super::on_key(e.unchecked_ref::<KeyboardEvent>()),
        "message" => super::on_other_tab(),
        "scroll" | "resize" => super::embeds::keep_clear(),
        "change" => {
            // Not an element: the Cookie Store reports a cookie change.
            let Some(t) = target else {
                super::aftercare::recheck(false);
                return;
            };
            let input = t.unchecked_ref::<HtmlInputElement>();
            match super::disclosure::switch_of(&t) {
                Some(service) => super::set_service(service, input.checked(), by),
                // Only Noren's own switches are in its shadow root.
                None => super::on_switch(input),
            }
        }
        "click" => {
            let Some(t) = target else { return };
            // Inside the notice: a button's action. In the page: an opener element.
            if let Some(button) = t.closest("[data-a]").ok().flatten() {
                let action = button.get_attribute("data-a").unwrap_or_default();
                if action == "embed" {
                    super::set_service(super::ui::index_of(&button, "data-s"), true, by);
                } else {
                    super::on_action(&action, by);
                }
            } else if closest_attr(&t, "[data-noren-open]", "data-noren-open")
                .is_some_and(|to| to != "disclosure")
            {
                // `data-noren-open="disclosure"` marks a link to the disclosure page: followed.
                e.prevent_default();
                super::on_action("open", by);
            }
        }
        _ => {}
    }
}

fn closest_attr(e: &Element, selector: &str, attr: &str) -> Option<String> {
    e.closest(selector).ok().flatten()?.get_attribute(attr)
}
