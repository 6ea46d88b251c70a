//! Acting on the app: [`act`] runs a change on the state, collecting the side effects it asks
//! for in [`Effects`], and applies them once the state is released (site callbacks and held
//! scripts may call back into Noren).

use super::app::{read, App, APP};
use super::dom::{call_method, prop, warn, window};
use super::iab::Callbacks;
use super::{embeds, records, tags};
use crate::consent;
use crate::prelude::*;
use wasm_bindgen::JsValue;

/// Side effects collected while the state is borrowed, applied after it is released.
#[derive(Default)]
pub struct Effects {
    /// Events for the site: `emit(name, detail)`, in order.
    pub events: Vec<(&'static str, JsValue)>,
    /// The consent in force changed: held tags it allows run ([`run_allowed_tags`]).
    pub tags_due: bool,
    /// Reload the page (which stops scripts that already ran); wins over `tags_due`.
    pub reload: bool,
    /// A record to send to the config's `recordUrl`: (URL, JSON).
    pub send: Option<(String, String)>,
    /// `__tcfapi` / `__gpp` callbacks (none in the plain build).
    pub callbacks: Callbacks,
}

/// Runs `f` on the app, then applies the effects it asked for (outside the borrow: site
/// callbacks and held scripts may call back into Noren).
#[inline(never)]
pub fn act(f: &mut dyn FnMut(&mut App, &mut Effects)) {
    let mut fx = Effects::default();
    let emit = APP.with(|cell| {
        let Ok(mut guard) = cell.try_borrow_mut() else {
            warn("ignored a call made while Noren was busy");
            return None;
        };
        let app = guard.as_mut()?;
        f(app, &mut fx);
        Some(app.emit.clone())
    });
    if let Some((url, json)) = &fx.send {
        records::send(url, json);
    }
    if let Some(emit) = emit {
        for (name, detail) in fx.events {
            let _ = emit.call2(&JsValue::NULL, &name.into(), &detail);
        }
    }
    fx.callbacks.run();
    // The floating button may have just shown over a placeholder.
    embeds::keep_clear();
    if fx.reload {
        // Through `call_method`: typed `location` and `reload` bindings would cost glue.
        let u = JsValue::UNDEFINED;
        call_method(&prop(&window(), "location"), "reload", &u, &u);
    } else if fx.tags_due {
        run_allowed_tags();
    }
}

/// Runs the held tags the consent in force allows, and shows placeholders for the held embeds
/// it does not.
pub fn run_allowed_tags() {
    tags::run_allowed(&|category, service| {
        read(|app| {
            let known = app.config.category_index(category).is_some()
                && service.is_none_or(|s| app.config.service_index(s).is_some());
            known.then(|| consent::allows(&app.config, &app.consent, category, service))
        })
        .flatten()
    });
    read(|app| embeds::refresh(&app.config, &app.lang, &app.consent, app.ui_events));
}
