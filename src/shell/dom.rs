//! Small page helpers: the document, event handlers, writing to Trusted Types sinks (markup,
//! held scripts) and console output.

use super::global::Global;
use crate::prelude::*;
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, EventTarget, Window};

#[wasm_bindgen]
extern "C" {
    /// The global object.
    #[wasm_bindgen(thread_local_v2, js_name = globalThis)]
    static GLOBAL: JsValue;
}

/// The global object: the page's window. The loader is a classic script in a page, so it is
/// one (this skips js-sys's search through `globalThis`, `self`, `window` and `global`).
fn global() -> JsValue {
    GLOBAL.with(JsValue::clone)
}

/// The page's window.
pub fn window() -> Window {
    global().unchecked_into()
}

/// The page's document.
pub fn document() -> Document {
    match window().document() {
        Some(d) => d,
        None => unreachable!("Noren runs in a window with a document"),
    }
}

/// A Rust function the page calls back (an event listener, a timer, an observer), declared as a
/// `static` beside the code it runs: the module that registers it says what happens. It becomes
/// one JavaScript function on first use, kept for the page's lifetime, so registering it twice
/// on one target adds one listener. Every handler has the same closure type, so each costs a
/// few bytes, not a wasm-bindgen closure shim of its own.
pub struct Handler {
    /// What runs; its argument is what the caller passes (an event, mutation records, nothing).
    run: fn(JsValue),
    /// The JavaScript function, once made.
    js: Global<Option<Callback>>,
}

/// The closure type of every [`Handler`].
type Callback = Closure<dyn Fn(JsValue)>;

impl Handler {
    /// A handler that runs `run`.
    pub const fn new(run: fn(JsValue)) -> Self {
        Handler {
            run,
            js: Global::new(None),
        }
    }

    /// The JavaScript function, for `addEventListener`, `setTimeout` or `MutationObserver`.
    pub fn function(&self) -> Function {
        self.js.with(|js| {
            js.borrow_mut()
                .get_or_insert_with(|| Closure::new(self.run))
                .as_ref()
                .unchecked_ref::<Function>()
                .clone()
        })
    }
}

/// `target.addEventListener(kind, handler)`.
pub fn listen(target: &EventTarget, kind: &str, handler: &Handler) {
    let _ = target.add_event_listener_with_callback(kind, &handler.function());
}

/// Noren's Trusted Types policy, created on first use.
static POLICY: Global<Option<JsValue>> = Global::new(None);

/// `target[name]`, or `undefined`. For properties read once or twice, this costs less than a
/// typed web-sys getter (each of which is a function in the module's JavaScript glue).
pub fn prop(target: &JsValue, name: &str) -> JsValue {
    Reflect::get(target, &name.into()).unwrap_or_default()
}

/// Calls `target[method](a, b)`, if it is a function; `None` if it is not or it threw. For
/// browser APIs called once or twice, where a typed web-sys binding would cost more glue.
pub fn call_method(target: &JsValue, method: &str, a: &JsValue, b: &JsValue) -> Option<JsValue> {
    let f = prop(target, method);
    if !f.is_function() {
        return None;
    }
    f.unchecked_ref::<Function>().call2(target, a, b).ok()
}

/// `target[name] = value`; false if it threw.
pub fn set_prop(target: &JsValue, name: &str, value: &JsValue) -> bool {
    Reflect::set(target, &name.into(), value).is_ok()
}

/// A Trusted Types sink Noren writes to.
#[derive(Clone, Copy)]
pub enum Sink {
    /// `innerHTML`: Noren's own markup (see [`crate::render::markup`]).
    Html,
    /// A held inline script's text.
    Script,
    /// A held external script's URL.
    ScriptUrl,
}

/// `value` as the given sink accepts it: through the policy `noren` where the browser has
/// Trusted Types (a page enforcing them must allow that name in its `trusted-types`
/// directive), else the string itself. The policy passes values through unchanged: markup is
/// Noren's own, with page and config text escaped; scripts are the ones the site's own markup
/// holds for consent.
fn trusted(sink: Sink, value: &str) -> Result<JsValue, JsValue> {
    let global = global();
    let factory = prop(&global, "trustedTypes");
    if !factory.is_object() {
        return Ok(value.into());
    }
    let policy = POLICY.with(|p| p.borrow().clone());
    let policy = match policy {
        Some(p) => p,
        None => {
            // `String` returns its argument.
            let identity = prop(&global, "String");
            let rules = Object::new();
            for method in ["createHTML", "createScript", "createScriptURL"] {
                Reflect::set(&rules, &method.into(), &identity)?;
            }
            let create: Function = prop(&factory, "createPolicy").unchecked_into();
            let p = create
                .call2(&factory, &"noren".into(), &rules)
                .map_err(|_| {
                    JsValue::from_str(
                        "this page enforces Trusted Types: add `noren` to the trusted-types \
                     directive of its Content-Security-Policy",
                    )
                })?;
            POLICY.with(|slot| *slot.borrow_mut() = Some(p.clone()));
            p
        }
    };
    let method = match sink {
        Sink::Html => "createHTML",
        Sink::Script => "createScript",
        Sink::ScriptUrl => "createScriptURL",
    };
    let create: Function = prop(&policy, method).unchecked_into();
    create.call1(&policy, &value.into())
}

/// Sets `node[property]` to `value`, which goes to the Trusted Types `sink`.
pub fn set_trusted(node: &JsValue, property: &str, sink: Sink, value: &str) -> Result<(), JsValue> {
    Reflect::set(node, &property.into(), &trusted(sink, value)?)?;
    Ok(())
}

/// Puts `markup` (Noren's own, through the Trusted Types sink) right after `e`:
/// `e.insertAdjacentHTML("afterend", markup)`.
pub fn insert_after(e: &JsValue, markup: &str) -> Result<(), JsValue> {
    let insert: Function = prop(e, "insertAdjacentHTML").unchecked_into();
    insert.call2(e, &"afterend".into(), &trusted(Sink::Html, markup)?)?;
    Ok(())
}

/// Whether the browser sends Global Privacy Control (`navigator.globalPrivacyControl`).
pub fn gpc() -> bool {
    prop(&prop(&window(), "navigator"), "globalPrivacyControl") == JsValue::TRUE
}

/// The elements matching `selector` under `root` (the document, an element or a shadow root),
/// in document order; none if the selector is refused. One loop for every caller: web-sys's
/// `NodeList` walk, inlined, costs more at each.
#[inline(never)]
pub fn all(root: &JsValue, selector: &str) -> Vec<Element> {
    // `querySelectorAll` is the same method on all three; one binding serves them.
    let Ok(list) = root.unchecked_ref::<Element>().query_selector_all(selector) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for i in 0..list.length() {
        if let Some(e) = list.item(i) {
            out.push(e.unchecked_into());
        }
    }
    out
}

/// The first element matching `selector` under `root` (as [`all`]).
#[inline(never)]
pub fn first(root: &JsValue, selector: &str) -> Option<Element> {
    root.unchecked_ref::<Element>()
        .query_selector(selector)
        .ok()
        .flatten()
}

/// `e.getAttribute(name)`.
#[inline(never)]
pub fn attr(e: &Element, name: &str) -> Option<String> {
    e.get_attribute(name)
}

/// `e.setAttribute(name, value)` (it throws only for an invalid name, and Noren's are valid).
#[inline(never)]
pub fn set_attr(e: &Element, name: &str, value: &str) {
    let _ = e.set_attribute(name, value);
}

/// `e.removeAttribute(name)`.
#[inline(never)]
pub fn remove_attr(e: &Element, name: &str) {
    let _ = e.remove_attribute(name);
}

/// Logs an error: `message` (which starts with `[noren]`), then `detail` (what was thrown).
#[inline(never)]
pub fn error(message: &str, detail: &JsValue) {
    web_sys::console::error_2(&message.into(), detail);
}

/// Logs a warning prefixed with `[noren]`.
pub fn warn(message: &str) {
    web_sys::console::warn_2(&"[noren]".into(), &message.into());
}
