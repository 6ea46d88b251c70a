//! What is on screen: showing the banner or the preferences dialog, hiding them, and the
//! `show` / `hide` events that tell the site.

use super::app::{set, App};
use super::effects::Effects;
use super::ui::Screen;
use js_sys::Object;
use wasm_bindgen::JsValue;

/// Shows `screen` (or keeps it for when the interface is rendered), telling the site and the
/// IAB APIs.
pub fn show(app: &mut App, fx: &mut Effects, screen: Screen) {
    let Some(view) = app.view.as_mut() else {
        app.pending = Some(screen);
        return;
    };
    let before = view.showing();
    match screen {
        Screen::Banner => view.show_banner(),
        Screen::Preferences => {
            if let Err(e) = view.show_preferences(
                &app.config,
                &app.lang,
                &app.consent,
                app.last_record.as_deref(),
            ) {
                super::dom::error("[noren] could not show the preferences:", &e);
                return;
            }
        }
    }
    if before == Some(screen) {
        return; // already on screen: focus moved back into it, nothing to announce
    }
    if screen == Screen::Preferences {
        app.iab.fill(&view.root);
    }
    if before.is_none() {
        app.iab.on_shown(&app.config, &mut fx.callbacks);
    }
    if let Some(b) = before {
        fx.events.push(("hide", screen_detail(b)));
    }
    fx.events.push(("show", screen_detail(screen)));
}

/// Hides whatever is on screen, telling the site and the IAB APIs.
pub fn hide(app: &mut App, fx: &mut Effects) {
    if let Some(view) = app.view.as_mut() {
        if let Some(s) = view.showing() {
            view.hide();
            fx.events.push(("hide", screen_detail(s)));
        }
    }
    app.iab.on_hidden(&app.config, &mut fx.callbacks);
}

/// What `show` and `hide` events carry: `{view}`.
fn screen_detail(s: Screen) -> JsValue {
    let o = Object::new();
    set(&o, "view", &s.name().into());
    o.into()
}
