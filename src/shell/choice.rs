//! Choices: applying one ([`choose`]), recording it, announcing it to the site and to Google's
//! tags, what follows a withdrawal, forgetting it, and following the site's other tabs.

use super::aftercare;
use super::app::{set, snapshot, App};
use super::dom::{gpc, prop, warn, window};
use super::effects::{act, Effects};
use super::screens::{hide, show};
use super::ui::Screen;
use super::{disclosure, records, storage};
use crate::config::{Config, Regime};
use crate::consent::codec;
use crate::consent::consent_mode;
use crate::consent::cookie_rules;
use crate::consent::record::Action;
use crate::consent::{self, Choice, Consent};
use crate::json::JsonWriter;
use crate::prelude::*;
use js_sys::Object;
use wasm_bindgen::JsCast;

/// Who made a choice.
#[derive(Clone, Copy, PartialEq)]
pub enum By {
    /// Noren's interface, or Noren itself (an expiry, Global Privacy Control).
    Ui,
    /// `window.noren`; `true` when the call ran in a user gesture
    /// (`navigator.userActivation.isActive` when it was made, which the loader captures, also
    /// for calls queued before the module was ready).
    Api(bool),
}

/// Applies a choice: store it, delete refused services' cookies, hide the interface, tell the
/// site, record it, run what is now allowed (or reload after a withdrawal, if configured).
/// A grant through the API without a user gesture is refused (console error, nothing changes)
/// unless the config has `programmaticGrants`; refusals always go through.
pub fn choose(app: &mut App, fx: &mut Effects, choice: Choice, action: Action, by: By) {
    let id = if app.decided && !app.consent.id.is_empty() {
        app.consent.id.clone()
    } else {
        new_id()
    };
    let now = js_sys::Date::now();
    let out = consent::decide(&app.config, &app.consent, &choice, id, now, gpc());
    if by == By::Api(false) && out.granted_something && !app.config.programmatic_grants {
        web_sys::console::error_1(&"[noren] refused: a grant through the API without a user gesture (see programmaticGrants)".into());
        return;
    }
    // With `"barrier": "csp"` the page's policy allows the hosts of what was granted before
    // this choice (a grant reloads the page): a newly granted host needs a reload. Not when the
    // choice could not be stored (the reloaded page would not know it).
    let barrier = app.config.csp_barrier
        && consent::needs_reload(&app.config, &app.consent.services, &out.consent.services);
    app.consent = out.consent;
    app.decided = true;
    let value = codec::encode(&app.config, &app.consent);
    let max_age = consent::max_age_seconds(&app.config, &app.consent);
    if app.storage_ok && !storage::save(&app.config, &value, max_age) {
        app.storage_ok = false;
        warn("could not store the choice (cookies blocked?): it applies to this page only");
    }
    storage::delete_service_cookies(&app.config, &out.delete_cookies_of);
    app.iab.on_choice(
        &app.config,
        &app.consent,
        action,
        max_age,
        &mut fx.callbacks,
    );
    hide(app, fx);
    let action = match action {
        Action::Custom if out.withdrew_something => Action::Withdrawal,
        a => a,
    };
    record_action(app, fx, action, by != By::Ui);
    announce(app, fx);
    fx.tags_due = true;
    fx.reload =
        (app.config.reload_on_withdraw && out.withdrew_something) || (barrier && app.storage_ok);
    if out.withdrew_something {
        after_withdrawal(app, fx);
    }
    aftercare::tell_other_tabs();
}

/// Allows or stops one service: a disclosure switch, or "Load this content" on an embed's
/// placeholder.
/// `by`: see [`By`] (a click a script made is not the visitor's).
pub fn set_service(service: usize, on: bool, by: By) {
    act(&mut |app, fx| {
        let choice = Choice::Changes {
            categories: Vec::new(),
            services: vec![(service, on)],
        };
        choose(app, fx, choice, Action::Custom, by)
    });
}

/// A new random consent or record id.
fn new_id() -> String {
    let mut bytes = [0u8; 16];
    // `crypto` read as a property (a typed getter costs glue); the call throws, and fails
    // here, if it is missing.
    let crypto: web_sys::Crypto = prop(&window(), "crypto").unchecked_into();
    let filled = crypto.get_random_values_with_u8_array(&mut bytes).is_ok();
    if !filled {
        // Every browser that runs WebAssembly has crypto.getRandomValues; should it fail, the
        // clock still gives distinct ids (they identify choices, they are not secrets).
        let t = js_sys::Date::now() as u64;
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = (t >> ((i % 6) * 7)) as u8 ^ (i as u8).wrapping_mul(37);
        }
    }
    codec::consent_id(&bytes)
}

/// Tells the loader the Consent Mode state (it sends `gtag('consent', 'update', …)` and keeps
/// the state so the next page can apply it before any tag, with the cookie value it comes
/// from): at start and after every change. Without a choice there is no state (`null`): the
/// loader sends nothing, or takes back with everything denied what this page was told before.
pub fn consent_mode_update(app: &App, fx: &mut Effects) {
    if !app.config.consent_mode.enabled {
        return;
    }
    // Written as JSON and parsed once: fewer calls across to JavaScript than an object's members.
    let mut w = JsonWriter::new();
    w.open().key("state");
    if app.decided {
        let mut types = consent_mode::state(&app.config, &app.consent);
        app.iab.constrain_consent_mode(&app.config, &mut types);
        w.open();
        for (t, on) in types {
            w.key(t).str(if on { "granted" } else { "denied" });
        }
        w.close();
        // How long the next page may apply it at once: as long as the stored choice holds,
        // and only while the cookie still holds that very choice.
        let until = if app.storage_ok {
            let max_age = consent::max_age_seconds(&app.config, &app.consent);
            app.consent.updated_at as u64 + u64::from(max_age) * 1000
        } else {
            0
        };
        w.key("until").num(until);
        w.key("revision").num(app.config.revision.into());
        w.key("name").str(&app.config.cookie.name);
        w.key("cookie")
            .str(&codec::encode(&app.config, &app.consent));
    } else {
        w.null();
    }
    w.close();
    fx.events.push(("consentmode", records::parse(&w.finish())));
}

/// The consent in force changed: the disclosure switches, Google's tags and the site follow.
fn announce(app: &App, fx: &mut Effects) {
    disclosure::update(&app.consent);
    consent_mode_update(app, fx);
    fx.events.push(("change", snapshot(app)));
}

/// Makes the consent record of what was just done: kept for `getRecord()` and the dialog,
/// stored for the next page, sent to `recordUrl`.
/// `from_api`: it came through `window.noren`.
pub fn record_action(app: &mut App, fx: &mut Effects, action: Action, from_api: bool) {
    let id = new_id();
    let (tc, gpp) = app.iab.strings(&app.config);
    let iab = (tc.as_deref(), gpp.as_deref());
    let json = records::make(
        &app.config,
        &app.consent,
        &id,
        action,
        from_api,
        &app.lang,
        iab,
    );
    if let Some(v) = &app.view {
        v.show_record_id(&id);
    }
    records::keep(&json);
    if let Some(url) = &app.config.record_url {
        fx.send = Some((url.clone(), json.clone()));
    }
    app.last_record = Some(json);
}

/// Consent was taken back: keep the refused services' cookies deleted, and tell the site if
/// scripts that already ran were withdrawn (only a reload stops them).
fn after_withdrawal(app: &App, fx: &mut Effects) {
    aftercare::watch_cookies();
    if fx.reload {
        return;
    }
    let ran = aftercare::ran_but_withdrawn(&app.config, &app.consent, &app.emit);
    if ran.is_empty() {
        return;
    }
    let ids = js_sys::Array::new();
    for id in &ran {
        ids.push(&id.as_str().into());
    }
    let detail = Object::new();
    set(&detail, "services", &ids);
    web_sys::console::info_2(
        &"[noren] withdrawn, but their scripts already ran on this page; a reload stops them:"
            .into(),
        &ids,
    );
    fx.events.push(("reloadneeded", detail.into()));
}

/// Global Privacy Control is a choice: under the opt-out regime, a visitor without a stored
/// choice gets the defaults with advertising refused, recorded and stored (the notice shows
/// once, saying the signal is honoured); over a stored choice that grants advertising, the
/// signal refuses it. Either way the refusal stays when a later page lacks the signal.
/// Returns whether it made a choice.
pub fn honour_gpc(app: &mut App, fx: &mut Effects) -> bool {
    let opt_out = app.config.regime == Regime::OptOut;
    let choice = gpc()
        && if app.decided {
            consent::grants_advertising(&app.config, &app.consent)
        } else {
            opt_out && app.storage_ok
        };
    if choice {
        if !app.decided {
            app.pending = Some(Screen::Banner);
        }
        // No change but the signal's: `decide` refuses advertising under GPC (and the
        // undecided defaults, `Consent::initial`, already do).
        let keep = Choice::Changes {
            categories: Vec::new(),
            services: Vec::new(),
        };
        choose(app, fx, keep, Action::Gpc, By::Ui);
    }
    choice
}

/// `noren.reset()`: forgets the choice (deleting what it had allowed), records the withdrawal
/// and asks again.
pub fn forget(app: &mut App, fx: &mut Effects) {
    let previous = core::mem::replace(&mut app.consent, Consent::initial(&app.config, gpc()));
    let withdrawn = aftercare::refused(&app.config, &app.consent);
    let withdrew =
        (0..app.config.categories.len()).any(|i| previous.category(i) && !app.consent.category(i));
    app.decided = false;
    storage::forget(&app.config);
    storage::delete_service_cookies(&app.config, &withdrawn);
    app.iab.on_reset(&app.config, &app.consent);
    record_action(app, fx, Action::Withdrawal, true);
    announce(app, fx);
    aftercare::tell_other_tabs();
    show(app, fx, Screen::Banner);
    fx.reload = app.config.reload_on_withdraw && withdrew;
}

/// Another tab changed the choice: follow what it stored.
pub fn on_other_tab() {
    act(&mut |app, fx| {
        let stored = stored_choice(&app.config);
        let Some(consent) = stored.consent else {
            // The other tab forgot the choice (reset): ask again here too.
            if app.decided {
                app.decided = false;
                app.consent = Consent::initial(&app.config, gpc());
                app.iab.on_reset(&app.config, &app.consent);
                announce(app, fx);
                show(app, fx, Screen::Banner);
            }
            return;
        };
        app.iab
            .on_other_tab(&app.config, &consent, &mut fx.callbacks);
        if app.decided && consent == app.consent {
            return;
        }
        let before = core::mem::replace(&mut app.consent, consent);
        app.decided = true;
        hide(app, fx);
        announce(app, fx);
        fx.tags_due = true;
        let withdrew =
            (0..app.config.services.len()).any(|i| before.service(i) && !app.consent.service(i));
        if withdrew {
            storage::delete_service_cookies(
                &app.config,
                &aftercare::refused(&app.config, &app.consent),
            );
            fx.reload = app.config.reload_on_withdraw;
            after_withdrawal(app, fx);
        }
    });
}

/// What storage holds.
pub struct Stored {
    /// The stored choice, if it still holds.
    pub consent: Option<Consent>,
    /// Whether the choice can be stored (cookies may be blocked).
    pub ok: bool,
    /// The id of a stored choice that has expired (or predates the config's revision).
    pub expired: Option<String>,
}

/// Reads the stored choice.
pub fn stored_choice(config: &Config) -> Stored {
    let mut out = Stored {
        consent: None,
        ok: true,
        expired: None,
    };
    let Some(all) = storage::read_all() else {
        warn("cookies are blocked here: the visitor's choice will apply to this page only");
        out.ok = false;
        return out;
    };
    // The browser may send several copies (other domains or paths): the newest choice wins.
    let values = cookie_rules::values(&all, &config.cookie.name);
    if values.is_empty() {
        return out;
    }
    match codec::newest(config, &values) {
        Ok(c)
            if consent::still_valid(config, &c, js_sys::Date::now())
                && consent::region::holds(config, &c) =>
        {
            out.consent = Some(c)
        }
        Ok(c) => {
            web_sys::console::info_1(
                &if consent::region::holds(config, &c) {
                    "[noren] the stored choice has expired or predates this config revision: asking again"
                } else {
                    "[noren] the stored choice was made in a region with less strict rules than this one's: asking again"
                }
                .into(),
            );
            out.expired = Some(c.id);
        }
        Err(e) => {
            let why = match e {
                codec::DecodeError::Corrupt => {
                    "[noren] the stored choice is unreadable (edited or damaged): asking again"
                }
                codec::DecodeError::ConfigChanged => {
                    "[noren] categories or services changed since the stored choice: asking again"
                }
            };
            web_sys::console::info_1(&why.into());
        }
    }
    out
}
