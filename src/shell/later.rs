//! What can wait until the notice is on screen (issue 14, render first): [`after_notice`] runs
//! it when the browser is idle after showing the notice (`requestIdleCallback`, at most
//! [`WITHIN_MS`] later; a `setTimeout` task where there is none).
//!
//! Decided per item, so that nothing runs, and no signal says granted, earlier or otherwise than
//! before:
//! - Waits: the preferences dialog's markup (every category and service with its facts: most
//!   of the interface's markup), rendered at once if it is asked for before (opening it stays
//!   instant); filling the disclosure notices in the page (facts and switches of the site's own
//!   page, not the notice; the `MutationObserver` fills any that appear meanwhile). Neither can
//!   grant anything: a switch that is not there yet cannot be used.
//! - Does not wait (in `on_dom_ready`): the notice itself; the held tags the consent in force
//!   allows and the placeholders of held embeds (what the site waits for); the
//!   `MutationObserver` that runs tags the page adds later (it must see every node from the
//!   start); the other tabs' channel: a withdrawal another tab sends before it opens would be
//!   lost, and reading the cookie again afterwards cannot tell a choice just made there from a
//!   stored one that does not hold here (a stale TC string, another region), so opening it late
//!   could leave a withdrawn tag running or apply a choice that must not. It costs one
//!   constructor call.
//! - Already off the notice's path (in `start`, only for a visitor whose stored choice holds,
//!   who gets no notice): deleting the cookies of services that choice refuses (before any tag
//!   it allows runs and could read one), and looking up the record an earlier page kept.
//!   Visitors who get the notice pay for neither.

use super::disclosure;
use super::dom::{call_method, set_prop, window, Handler};
use super::effects::act;
use js_sys::Object;

/// The longest the work waits for the browser to be idle, in milliseconds.
pub const WITHIN_MS: u32 = 200;

/// The browser is idle after the notice showed: the work that waited.
static IDLE: Handler = Handler::new(|_| {
    act(&mut |app, _| {
        if let Some(v) = app.view.as_mut() {
            if let Err(e) = v.render_dialog(&app.config, &app.lang, app.last_record.as_deref()) {
                super::dom::error("[noren] could not show the preferences:", &e);
            }
        }
        disclosure::render_new(&app.config, &app.lang, &app.consent)
    })
});

/// Runs the work that can wait once the notice is on screen.
pub fn after_notice() {
    let w = window();
    let run = IDLE.function();
    let options = Object::new();
    set_prop(&options, "timeout", &WITHIN_MS.into());
    if call_method(&w, "requestIdleCallback", &run, &options).is_none() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&run, 0);
    }
}
