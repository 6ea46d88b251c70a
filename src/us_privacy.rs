//! The US state privacy signal Noren writes in the GPP `usnat` section: the visitor's opt-out
//! of sale, sharing and targeted advertising, from the advertising categories' consent and
//! Global Privacy Control (CONSENT-STANDARDS §3.4, §4.3).

use crate::config::Config;
use crate::consent::Consent;
use crate::consent_mode::is_advertising;
use crate::gpp::UsNat;
use crate::prelude::*;

/// The `usnat` (version 2) section for the consent in force. Notices of sale, sharing and
/// targeted advertising are given (the notice and preferences); sensitive data is not
/// processed (0, not applicable). The opt-outs hold unless every advertising category is
/// granted, and always under GPC, which the GPC sub-section reports.
pub fn usnat(config: &Config, consent: &Consent, gpc: bool) -> UsNat {
    let ads: Vec<usize> = (0..config.categories.len())
        .filter(|&i| is_advertising(config, i))
        .collect();
    let (notice, opt_out) = if ads.is_empty() {
        (0, 0)
    } else if gpc || ads.iter().any(|&i| !consent.category(i)) {
        (1, 1)
    } else {
        (1, 2)
    };
    let covered = config.gpp.as_ref().is_some_and(|g| g.mspa_covered);
    UsNat {
        version: 2,
        notices: [notice, notice, notice, notice, 0, 0],
        opt_outs: [opt_out; 3],
        sensitive: vec![0; 16],
        child: vec![0; 3],
        personal_data_consents: 0,
        mspa: if covered { [1, 1, 2] } else { [2, 0, 0] },
        gpc: Some(gpc),
    }
}

/// The site's GPC support resource, `/.well-known/gpc.json` (W3C GPC, R45): the site honours
/// the signal (Noren does: see [`usnat`] and [`crate::consent::Consent::initial`]), as of
/// `last_update` (`YYYY-MM-DD`).
pub fn well_known_gpc(last_update: &str) -> String {
    let mut s = String::from("{\"gpc\": true, \"lastUpdate\": ");
    crate::json::push_quoted(&mut s, last_update);
    s.push_str("}\n");
    s
}

/// Whether `s` is a calendar date written `YYYY-MM-DD`.
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: core::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let num = |r: core::ops::Range<usize>| {
        b.get(r).map_or(0, |d| {
            d.iter().fold(0u32, |n, c| n * 10 + u32::from(c - b'0'))
        })
    };
    b.len() == 10
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && (1..=12).contains(&num(5..7))
        && (1..=31).contains(&num(8..10))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::consent::Choice;
    use crate::gpp::{encode, encode_usnat, USNAT};
    use crate::json::testing::parse;

    fn config(gpp: &str) -> Config {
        let text = r#"{"revision": 1, "regime": "opt-out",
            "categories": [{"id": "necessary", "required": true, "title": "N", "description": "N"},
                           {"id": "ads", "title": "A", "description": "A"}],
            "gpp": GPP}"#
            .replace("GPP", gpp);
        Config::from_json(&parse(&text)).config.expect("valid")
    }

    #[test]
    fn gpc_under_opt_out_is_the_digest_vector() {
        let c = config(r#"{"sections": ["usnat"]}"#);
        let consent = Consent::initial(&c, true);
        let s = encode(&[(USNAT, encode_usnat(&usnat(&c, &consent, true)))]);
        assert_eq!(s, "DBABLA~CVQVAAAAAACA.YA");
    }

    #[test]
    fn opt_out_follows_the_advertising_categories() {
        let c = config(r#"{"sections": ["usnat"], "mspaCoveredTransaction": true}"#);
        let on = Consent::initial(&c, false);
        let u = usnat(&c, &on, false);
        assert_eq!(
            (u.opt_outs, u.gpc, u.mspa),
            ([2; 3], Some(false), [1, 1, 2])
        );
        let off =
            crate::consent::decide(&c, &on, &Choice::RejectAll, "x".into(), 0.0, false).consent;
        assert_eq!(usnat(&c, &off, false).opt_outs, [1; 3]);
        // GPC never grants: an accepted category still reports the opt-out.
        let all =
            crate::consent::decide(&c, &on, &Choice::AcceptAll, "x".into(), 0.0, false).consent;
        assert_eq!(usnat(&c, &all, true).opt_outs, [1; 3]);
    }

    #[test]
    fn the_well_known_resource() {
        assert_eq!(
            well_known_gpc("2026-11-22"),
            "{\"gpc\": true, \"lastUpdate\": \"2026-11-22\"}\n"
        );
        assert!(is_iso_date("2026-11-22"));
        for bad in [
            "2026-13-01",
            "2026-1-01",
            "26-11-22",
            "2026/11/22",
            "2026-11-22T",
            "",
        ] {
            assert!(!is_iso_date(bad), "{bad}");
        }
    }
}
