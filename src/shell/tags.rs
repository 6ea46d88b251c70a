//! Held tags: finds `data-consent` scripts, iframes and images the consent allows, and runs or
//! loads them once each, in document order. An external script finishes loading (or fails)
//! before the next held script runs.
//!
//! The runner keeps its own state, apart from the app's, because running an inline script runs
//! site code at once, and that code may call `window.noren` again.

use super::dom::{
    all, attr, document, listen, prop, remove_attr, set_attr, set_prop, set_trusted, warn, Handler,
    Sink,
};
use super::global::Global;
use crate::prelude::*;
use alloc::collections::VecDeque;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlScriptElement};

/// Held elements not yet handled. `data-noren` marks those queued or done.
const HELD: &str = "script[type=\"text/plain\"][data-consent]:not([data-noren]),\
iframe[data-consent][data-src]:not([data-noren]),\
img[data-consent][data-src]:not([data-noren])";

/// The queue of held elements to run, and where the pump stands.
struct Runner {
    /// Allowed elements not run yet, in document order.
    queue: VecDeque<Element>,
    /// A pump is on the stack (an inline script may call back into Noren).
    pumping: bool,
    /// An external script is loading; the pump resumes from its load or error event.
    waiting: bool,
}

/// Every declared tag run on this page, kept apart from the DOM: a script may remove its own
/// element, and a withdrawal must still name it.
static RAN: Global<Vec<Element>> = Global::new(Vec::new());

/// The declared tags run so far on this page (their `data-consent` and `data-service` say
/// what they needed).
pub fn ran() -> Vec<Element> {
    RAN.with(|r| r.borrow().clone())
}

/// The held elements' runner.
static RUNNER: Global<Runner> = Global::new(Runner {
    queue: VecDeque::new(),
    pumping: false,
    waiting: false,
});

/// Queues every held element `allowed` says may run (in document order), then runs the queue.
/// `allowed` answers `None` for a category or service the config does not declare: such an
/// element never runs, and the console says so once.
pub fn run_allowed(allowed: &dyn Fn(&str, Option<&str>) -> Option<bool>) {
    let mut found = Vec::new();
    for e in all(&document(), HELD) {
        let category = attr(&e, "data-consent").unwrap_or_default();
        let service = attr(&e, "data-service");
        match allowed(category.trim(), service.as_deref().map(str::trim)) {
            Some(true) => {
                set_attr(&e, "data-noren", "queued");
                found.push(e);
            }
            Some(false) => {}
            None => {
                set_attr(&e, "data-noren", "unknown");
                let mut m = String::from("a held tag names a category or service the config does not declare, so it never runs: data-consent=\"");
                m.push_str(&category);
                if let Some(s) = &service {
                    m.push_str("\" data-service=\"");
                    m.push_str(s);
                }
                m.push('"');
                warn(&m);
            }
        }
    }
    if !found.is_empty() {
        RUNNER.with(|r| r.borrow_mut().queue.extend(found));
    }
    pump();
}

/// Runs queued elements until the queue is empty or an external script is loading.
fn pump() {
    // Whether this call is the pump (it found the runner idle and took the first element).
    let mut mine = false;
    loop {
        let next = RUNNER.with(|r| {
            let mut r = r.borrow_mut();
            if !mine && (r.pumping || r.waiting) {
                return None;
            }
            let e = r.queue.pop_front();
            r.pumping = e.is_some();
            e
        });
        let Some(e) = next else {
            return;
        };
        mine = true;
        if activate(&e) {
            RUNNER.with(|r| {
                let mut r = r.borrow_mut();
                r.waiting = true;
                r.pumping = false;
            });
            return;
        }
    }
}

/// A held external script finished loading (`load`) or failed (`error`): the next held
/// element may run.
static SCRIPT_DONE: Handler = Handler::new(|_| {
    RUNNER.with(|r| r.borrow_mut().waiting = false);
    pump();
});

/// Runs or loads one element. Returns whether the pump must wait for a script to load.
fn activate(old: &Element) -> bool {
    set_attr(old, "data-noren", "ran");
    RAN.with(|r| r.borrow_mut().push(old.clone()));
    if old.tag_name() != "SCRIPT" {
        if let Some(srcset) = attr(old, "data-srcset") {
            set_attr(old, "srcset", &srcset);
        }
        if let Some(src) = attr(old, "data-src") {
            remove_attr(old, "data-src");
            set_attr(old, "src", &src);
        }
        return false;
    }
    let Ok(script) = document().create_element("script") else {
        return false;
    };
    let script: HtmlScriptElement = script.unchecked_into();
    let names = old.get_attribute_names();
    for i in 0..names.length() {
        let Some(name) = names.get(i).as_string() else {
            continue;
        };
        if !matches!(name.as_str(), "type" | "data-src" | "data-type" | "src") {
            if let Some(v) = attr(old, &name) {
                set_attr(&script, &name, &v);
            }
        }
    }
    if let Some(t) = attr(old, "data-type") {
        set_attr(&script, "type", &t);
    }
    // The nonce attribute is hidden after parsing; only the property still has it.
    let nonce = prop(old, "nonce");
    if nonce.as_string().is_some_and(|n| !n.is_empty()) {
        set_prop(&script, "nonce", &nonce);
    }
    let src = attr(old, "data-src").or_else(|| attr(old, "src"));
    let external = src.is_some();
    let set = match src {
        Some(src) => {
            listen(&script, "load", &SCRIPT_DONE);
            listen(&script, "error", &SCRIPT_DONE);
            set_trusted(&script, "src", Sink::ScriptUrl, &src)
        }
        None => {
            let text = old.text_content().unwrap_or_default();
            set_trusted(&script, "text", Sink::Script, &text)
        }
    };
    if let Err(e) = set {
        super::dom::error("[noren] a held script cannot run:", &e);
        return false;
    }
    if old.replace_with_with_node_1(&script).is_err() {
        warn("a held script was detached before it could run");
        return false;
    }
    external
}
