//! Google Consent Mode v2: which of its seven consent types the consent in force grants.
//!
//! Categories map to types by config (`consentMode.map`); a type is granted when every
//! category that maps to it is granted, and `security_storage` always is. Global Privacy
//! Control acts on the consent itself (no advertising category is granted while it is sent,
//! see [`crate::consent::decide`]); it never grants anything. The loader sends the `default`
//! command before any tag runs; the shell sends `update` with this state for a choice (stored,
//! at start, or new), never for a visitor who has not chosen.

use crate::config::{Config, CONSENT_MODE_TYPES};
use crate::consent::Consent;
use crate::prelude::*;

/// Each type and whether it is granted.
pub fn state(config: &Config, consent: &Consent) -> Vec<(&'static str, bool)> {
    // Loops rather than iterator adapters: smaller in the browser module.
    let mut out = Vec::new();
    for t in CONSENT_MODE_TYPES {
        // Granted when at least one category maps to it and every one that does is granted.
        let mut any = false;
        let mut all = true;
        for (c, ts) in &config.consent_mode.map {
            if ts.contains(&t) {
                any = true;
                all &= consent.category(*c);
            }
        }
        out.push((t, t == "security_storage" || (any && all)));
    }
    out
}

/// With IAB TCF, the purposes the visitor refused keep Google's advertising types denied, as
/// Google derives them from a TC string (CONSENT-STANDARDS §2.6, R29): purpose 1 →
/// `ad_storage` and `ad_user_data`, purposes 3 and 4 → `ad_personalization`, purpose 7 →
/// `ad_user_data`. `offered`: the purposes the interface offered (one it did not offer
/// constrains nothing); `granted`: those consented to. It only ever denies.
pub fn with_tcf(state: &mut [(&'static str, bool)], offered: &[u8], granted: &[u8]) {
    let refused = |p: u8| offered.contains(&p) && !granted.contains(&p);
    for (t, on) in state.iter_mut() {
        let denied = match *t {
            "ad_storage" => refused(1),
            "ad_user_data" => refused(1) || refused(7),
            "ad_personalization" => refused(3) || refused(4),
            _ => false,
        };
        if denied {
            *on = false;
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::json::testing::parse;

    fn config(extra: &str) -> Config {
        let text = r#"{"revision": 1,
            "categories": [{"id": "n", "required": true, "title": "N", "description": "N"},
                           {"id": "analytics", "title": "A", "description": "A"},
                           {"id": "ads", "title": "Ads", "description": "Ads"}]EXTRA}"#
            .replace("EXTRA", extra);
        Config::from_json(&parse(&text)).config.expect("valid")
    }

    fn granted(s: &[(&str, bool)]) -> Vec<String> {
        s.iter()
            .filter(|(_, g)| *g)
            .map(|(t, _)| t.to_string())
            .collect()
    }

    #[test]
    fn default_map() {
        let c = config("");
        let mut consent = Consent::nothing(&c);
        assert_eq!(granted(&state(&c, &consent)), vec!["security_storage"]);
        consent.categories = vec![true, true, true];
        assert_eq!(
            granted(&state(&c, &consent)),
            vec![
                "ad_storage",
                "ad_user_data",
                "ad_personalization",
                "analytics_storage",
                "security_storage"
            ]
        );
        assert!(crate::config::is_advertising(&c, 2) && !crate::config::is_advertising(&c, 1));
    }

    #[test]
    fn a_type_two_categories_map_needs_both() {
        let c = config(
            r#", "consentMode": {"map": {"analytics": ["analytics_storage", "functionality_storage"],
                                      "ads": ["ad_storage", "functionality_storage"]}}"#,
        );
        let mut consent = Consent::nothing(&c);
        consent.categories = vec![true, true, false];
        assert_eq!(
            granted(&state(&c, &consent)),
            vec!["analytics_storage", "security_storage"]
        );
        consent.categories = vec![true, true, true];
        assert!(granted(&state(&c, &consent)).contains(&"functionality_storage".to_string()));
        assert!(!granted(&state(&c, &consent)).contains(&"ad_user_data".to_string()));
    }

    #[test]
    fn tcf_purposes_only_deny() {
        let c = config("");
        let mut consent = Consent::nothing(&c);
        consent.categories = vec![true, true, true];
        let all = [1, 2, 3, 4, 7];
        let mut s = state(&c, &consent);
        with_tcf(&mut s, &all, &all);
        assert_eq!(granted(&s).len(), 5, "everything granted stays granted");
        let mut s = state(&c, &consent);
        with_tcf(&mut s, &all, &[1, 2, 3, 4]);
        assert_eq!(
            granted(&s),
            vec![
                "ad_storage",
                "ad_personalization",
                "analytics_storage",
                "security_storage"
            ]
        );
        let mut s = state(&c, &consent);
        with_tcf(&mut s, &all, &[7, 3]);
        assert_eq!(granted(&s), vec!["analytics_storage", "security_storage"]);
        // A purpose no vendor asked for constrains nothing; a refused category stays refused.
        let mut s = state(&c, &consent);
        with_tcf(&mut s, &[1], &[1]);
        assert_eq!(granted(&s).len(), 5);
        consent.categories = vec![true, true, false];
        let mut s = state(&c, &consent);
        with_tcf(&mut s, &all, &all);
        assert_eq!(granted(&s), vec!["analytics_storage", "security_storage"]);
    }
}
