//! The browser shell: reads the page, asks the core, applies its decisions. Everything here
//! moves data between the core and the page; the rules live in the core.
//!
//! The loader (`src/loader/`) calls [`api::start`] with the parsed config and an `emit`
//! function, then exposes the other exports of [`api`] as `window.noren`'s methods.
//!
//! The modules, from the page up: [`global`], [`dom`] (the document, event handlers, Trusted
//! Types sinks, console), [`js_json`], [`storage`] (cookies), [`records`], [`ui`] (the notice
//! and dialog), [`disclosure`] and [`embeds`] (Noren's parts in the site's page), [`tags`]
//! (held tags), `iab` (TCF and GPP, or its do-nothing twin `no_iab.rs` in the plain build),
//! [`app`] (the state), [`effects`] (acting on it), [`aftercare`] (what follows a withdrawal,
//! other tabs), [`later`] (what waits until the notice is on screen), [`screens`] (what is on
//! screen), [`choice`] (choosing, recording, announcing),
//! [`api`] (the exports), and this file: the events of the page and the interface, routed to
//! the rest. Each module registers the handlers of the events it answers (see
//! [`dom::Handler`]); no module imports one that imports it.

mod aftercare;
mod api;
mod app;
mod choice;
mod disclosure;
mod dom;
mod effects;
mod embeds;
mod global;
#[cfg_attr(not(feature = "iab"), path = "no_iab.rs")]
mod iab;
mod js_json;
mod later;
mod records;
#[cfg(not(feature = "std"))]
mod runtime;
mod screens;
mod storage;
mod tags;
mod ui;

#[cfg(test)]
mod tests;

use app::{read, set};
use choice::{choose, set_service, By};
use dom::{attr, document, gpc, listen, prop, Handler};
use effects::{act, run_allowed_tags};
use js_sys::Object;
use screens::{hide, show};
use ui::{Screen, View};
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlInputElement, KeyboardEvent};

use crate::consent::record::Action;
use crate::consent::{Choice, Consent};
use crate::prelude::*;

/// The document was parsed (`DOMContentLoaded`, when Noren started before that).
static DOM_READY: Handler = Handler::new(|_| on_dom_ready());

/// The page changed (a `MutationObserver` on the whole document).
static DOM_CHANGED: Handler = Handler::new(|_| on_dom_changed());

/// Another tab changed the choice (a `message` on the tabs' `BroadcastChannel`).
static OTHER_TAB: Handler = Handler::new(|_| choice::on_other_tab());

/// A click, switch or key in Noren's interface (the notice's shadow root, embed placeholders),
/// or a click or switch in the page (openers, disclosure notices).
static UI_EVENTS: Handler = Handler::new(|e| on_ui_event(e.unchecked_ref()));

/// Renders the interface, shows the notice if nothing is decided, runs allowed tags, and
/// watches for held tags added later and for other tabs' choices; what can wait follows
/// ([`later`]).
fn on_dom_ready() {
    act(&mut |app, fx| {
        let tcf = app.iab.markup(&app.config, &app.lang);
        match View::render(&app.config, &app.lang, tcf) {
            Ok(view) => {
                listen_to(&view);
                app.view = Some(view);
            }
            Err(e) => {
                dom::error("[noren] could not show the notice:", &e);
            }
        }
        let first = if app.decided {
            None
        } else {
            Some(Screen::Banner)
        };
        match app.pending.take().or(first) {
            Some(screen) => show(app, fx, screen),
            None => {
                if let Some(v) = app.view.as_mut() {
                    v.hide();
                }
            }
        }
        fx.tags_due = true;
    });
    watch_for_new_tags();
    aftercare::open_channel(&OTHER_TAB);
    // The rest once the notice is on screen (see `later` for what waits and what must not).
    later::after_notice();
}

/// The page changed: run held tags it added, fill notices it added.
fn on_dom_changed() {
    read(|app| disclosure::render_new(&app.config, &app.lang, &app.consent));
    run_allowed_tags();
}

/// Listens to the interface's events, and to the page's clicks and switches that are Noren's.
fn listen_to(view: &View) {
    for kind in ["click", "change", "keydown"] {
        listen(&view.root, kind, &UI_EVENTS);
    }
    // Any element of the page with `data-noren-open` reopens the preferences (links marked
    // `data-noren-open="disclosure"`, to the disclosure page, are followed).
    listen(&document(), "click", &UI_EVENTS);
    // The switches of disclosure notices on the page.
    listen(&document(), "change", &UI_EVENTS);
}

/// Watches the whole document for added nodes ([`DOM_CHANGED`]).
fn watch_for_new_tags() {
    let Ok(observer) = web_sys::MutationObserver::new(&DOM_CHANGED.function()) else {
        return;
    };
    let init = Object::new();
    set(&init, "childList", &true.into());
    set(&init, "subtree", &true.into());
    // Without a document element, `observe` throws (and nothing is watched).
    let root = prop(&document(), "documentElement");
    let _ = observer.observe_with_options(root.unchecked_ref(), init.unchecked_ref());
}

/// Routes a click, switch or key ([`UI_EVENTS`]) by its type.
fn on_ui_event(e: &Event) {
    // `target` read as a property: its typed getter would cost glue.
    let target = prop(e, "target").dyn_into::<Element>().ok();
    // A click or switch a script made is not the visitor's: it counts as an API call without
    // a user gesture (it may refuse, not grant).
    let by = if e.is_trusted() {
        By::Ui
    } else {
        By::Api(false)
    };
    match e.type_().as_str() {
        "keydown" => on_key(e.unchecked_ref::<KeyboardEvent>()),
        "change" => {
            let Some(t) = target else { return };
            let input = t.unchecked_ref::<HtmlInputElement>();
            match disclosure::switch_of(&t) {
                Some(service) => set_service(service, input.checked(), by),
                // Only Noren's own switches are in its shadow root.
                None => on_switch(input),
            }
        }
        "click" => {
            let Some(t) = target else { return };
            // Inside the notice: a button's action. In the page: an opener element.
            if let Some(button) = t.closest("[data-a]").ok().flatten() {
                let action = attr(&button, "data-a").unwrap_or_default();
                if action == "embed" {
                    set_service(ui::index_of(&button, "data-s"), true, by);
                } else {
                    on_action(&action, by);
                }
            } else if closest_attr(&t, "[data-noren-open]", "data-noren-open")
                .is_some_and(|to| to != "disclosure")
            {
                // `data-noren-open="disclosure"` marks a link to the disclosure page: followed.
                e.prevent_default();
                on_action("open", by);
            }
        }
        _ => {}
    }
}

/// The value of `name` on the closest element to `e` (itself included) matching `selector`.
fn closest_attr(e: &Element, selector: &str, name: &str) -> Option<String> {
    attr(&e.closest(selector).ok().flatten()?, name)
}

/// A key in the interface: Escape closes the dialog, Tab stays inside it.
fn on_key(e: &KeyboardEvent) {
    let key = e.key();
    if key == "Escape" {
        if read(|app| app.view.as_ref().and_then(View::showing)).flatten()
            == Some(Screen::Preferences)
        {
            e.prevent_default();
            on_action("close", By::Ui);
        }
    } else if key == "Tab"
        && read(|app| app.view.as_ref().is_some_and(|v| v.trap_tab(e.shift_key()))) == Some(true)
    {
        e.prevent_default();
    }
}

/// A switch of the dialog changed: keep the others consistent with it.
fn on_switch(input: &HtmlInputElement) {
    read(|app| {
        if let Some(v) = &app.view {
            v.on_switch(&app.config, input);
        }
    });
}

/// A button of Noren's interface; `by`: [`By::Ui`] for the visitor's own click, else (a click a
/// script made, `isTrusted` false) `By::Api(false)`, which may refuse but not grant.
fn on_action(action: &str, by: By) {
    act(&mut |app, fx| match action {
        "accept" => choose(app, fx, Choice::AcceptAll, Action::AcceptAll, by),
        "reject" => choose(app, fx, Choice::RejectAll, Action::RejectAll, by),
        // Closing the notice refuses under opt-in; under opt-out it keeps the defaults.
        "dismiss" => {
            let keep = Consent::initial(&app.config, gpc());
            let choice = Choice::Exact {
                categories: keep.categories,
                services: keep.services,
            };
            choose(app, fx, choice, Action::Close, by)
        }
        "manage" | "open" => show(app, fx, Screen::Preferences),
        "save" => {
            let Some((categories, services)) =
                app.view.as_ref().and_then(|v| v.switches(&app.config))
            else {
                return;
            };
            if let Some(v) = &app.view {
                app.iab.read_switches(&v.root);
            }
            choose(
                app,
                fx,
                Choice::Exact {
                    categories,
                    services,
                },
                Action::Custom,
                by,
            )
        }
        "close" => {
            if app.decided {
                hide(app, fx);
            } else {
                show(app, fx, Screen::Banner);
            }
        }
        _ => {}
    });
}
