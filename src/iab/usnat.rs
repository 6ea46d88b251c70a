//! The US privacy signal Noren writes in the GPP `usnat` section and the state sections
//! (`usca`, `usva`, `usco`, `usut`, `usct`): the visitor's opt-out of sale, sharing and
//! targeted advertising, from the advertising categories' consent and
//! Global Privacy Control (CONSENT-STANDARDS §3.4, §4.3).

use crate::config::{is_advertising, Config};
use crate::consent::Consent;
use crate::iab::gpp::{UsLayout, UsSection};
use crate::prelude::*;

/// What every US section says for the consent in force: (notice, opt-out, the three MSPA
/// fields). Notices of sale, sharing and targeted advertising are given (the notice and
/// preferences), unless there is no advertising category (0, not applicable); the opt-outs
/// hold unless every advertising category is granted, and always under GPC.
fn signal(config: &Config, consent: &Consent, gpc: bool) -> (u8, u8, [u8; 3]) {
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
    let mspa = if covered { [1, 1, 2] } else { [2, 0, 0] };
    (notice, opt_out, mspa)
}

/// The `usnat` (version 2) section for the consent in force (see [`section`]).
pub fn usnat(config: &Config, consent: &Consent, gpc: bool) -> UsSection {
    section(UsLayout::usnat(), config, consent, gpc)
}

/// A US section (`usnat` or a state's) for the consent in force (see [`signal`]): the notices
/// and opt-outs of sale, sharing and targeted advertising the section has, the MSPA fields,
/// every sensitive-data, known-child and consent field 0 (sensitive data is not processed and
/// there is no known child: not applicable), and the GPC sub-section, reporting the signal,
/// where the section has one.
pub fn section(
    layout: &'static UsLayout,
    config: &Config,
    consent: &Consent,
    gpc: bool,
) -> UsSection {
    let (notice, opt_out, mspa) = signal(config, consent, gpc);
    let mut values = Vec::new();
    for (name, width) in layout.fields() {
        // The opt-outs (SaleOptOut …) and the notices of them, but not those of sensitive data.
        let v = match name {
            "MspaCoveredTransaction" => mspa[0],
            "MspaOptOutOptionMode" => mspa[1],
            "MspaServiceProviderMode" => mspa[2],
            _ if name.ends_with("OptOut") => opt_out,
            _ if name.ends_with("Notice") && !name.starts_with("Sensitive") => notice,
            _ => 0,
        };
        values.resize(values.len() + width.count(), v);
    }
    UsSection {
        layout,
        values,
        gpc: layout.gpc.then_some(gpc),
    }
}

/// The state sections `ids` (known state section ids, ascending; others are skipped) for the
/// consent in force: the config's `gpp.sections` today, the visitor's region's later.
pub fn states(config: &Config, consent: &Consent, gpc: bool, ids: &[u16]) -> Vec<UsSection> {
    ids.iter()
        .filter_map(|id| UsLayout::state(*id))
        .map(|l| section(l, config, consent, gpc))
        .collect()
}

/// The site's GPC support resource, `/.well-known/gpc.json` (W3C GPC, R45): the site honours
/// the signal (Noren does: see [`usnat`] and [`crate::consent::Consent::initial`]), as of
/// `last_update` (`YYYY-MM-DD`).
pub fn well_known_gpc(last_update: &str) -> String {
    let mut w = crate::json::JsonWriter::new();
    w.open().key("gpc").bool(true);
    w.key("lastUpdate").str(last_update).close();
    let mut s = w.finish();
    s.push('\n');
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
    use crate::iab::gpp::{encode, encode_us, USNAT};
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
        let s = encode(&[(USNAT, encode_us(&usnat(&c, &consent, true)))]);
        assert_eq!(s, "DBABLA~CVQVAAAAAACA.YA");
    }

    #[test]
    fn opt_out_follows_the_advertising_categories() {
        let c = config(r#"{"sections": ["usnat"], "mspaCoveredTransaction": true}"#);
        let on = Consent::initial(&c, false);
        let u = usnat(&c, &on, false);
        assert_eq!(
            (opt_outs(&u), u.gpc, mspa(&u)),
            ([2; 3], Some(false), [1, 1, 2])
        );
        let off =
            crate::consent::decide(&c, &on, &Choice::RejectAll, "x".into(), 0.0, false).consent;
        assert_eq!(opt_outs(&usnat(&c, &off, false)), [1; 3]);
        // GPC never grants: an accepted category still reports the opt-out.
        let all =
            crate::consent::decide(&c, &on, &Choice::AcceptAll, "x".into(), 0.0, false).consent;
        assert_eq!(opt_outs(&usnat(&c, &all, true)), [1; 3]);
    }

    /// `usnat`'s SaleOptOut, SharingOptOut and TargetedAdvertisingOptOut.
    fn opt_outs(u: &UsSection) -> [u8; 3] {
        ["SaleOptOut", "SharingOptOut", "TargetedAdvertisingOptOut"].map(|n| field(u, n)[0])
    }

    /// A section's three MSPA fields.
    fn mspa(u: &UsSection) -> [u8; 3] {
        [
            "MspaCoveredTransaction",
            "MspaOptOutOptionMode",
            "MspaServiceProviderMode",
        ]
        .map(|n| field(u, n)[0])
    }

    /// The named field's values in a US section.
    fn field(u: &UsSection, name: &str) -> Vec<u8> {
        let mut at = 0;
        for (n, w) in u.layout.fields() {
            if n == name {
                return u.values[at..at + w.count()].to_vec();
            }
            at += w.count();
        }
        panic!("{} has no {name}", u.layout.prefix)
    }

    #[test]
    fn state_sections_say_what_usnat_says() {
        let c = config(r#"{"sections": ["usca", "usva", "usco", "usut", "usct"]}"#);
        let ids = &c.gpp.as_ref().unwrap().state_ids();
        let on = Consent::initial(&c, false);
        let off =
            crate::consent::decide(&c, &on, &Choice::RejectAll, "x".into(), 0.0, false).consent;
        let all =
            crate::consent::decide(&c, &on, &Choice::AcceptAll, "x".into(), 0.0, false).consent;
        for (consent, gpc, opt_out) in [(&all, false, 2), (&off, false, 1), (&all, true, 1)] {
            let sections = states(&c, consent, gpc, ids);
            assert_eq!(sections.len(), 5);
            for u in &sections {
                let p = u.layout.prefix;
                assert_eq!(u.values.len(), u.layout.values(), "{p}");
                for (name, _) in u.layout.fields() {
                    let v = field(u, name);
                    let expected = match name {
                        "SaleOptOut" | "SharingOptOut" | "TargetedAdvertisingOptOut" => opt_out,
                        "SharingNotice"
                        | "SaleOptOutNotice"
                        | "SharingOptOutNotice"
                        | "TargetedAdvertisingOptOutNotice" => 1,
                        "MspaCoveredTransaction" => 2,
                        _ => 0,
                    };
                    assert!(v.iter().all(|x| *x == expected), "{p}.{name}: {v:?}");
                }
                assert_eq!(u.gpc, u.layout.gpc.then_some(gpc), "{p}");
            }
        }
        // California under GPC (as @iabgpp/cmpapi writes it), and only the sections asked for.
        let ca = states(&c, &all, true, &[8, 7, 99]);
        assert_eq!(ca.len(), 1);
        assert_eq!(encode(&[(8, encode_us(&ca[0]))]), "DBABBg~BUUAAACA.YA");
        // Covered by the MSPA, in opt-out option mode, as usnat says.
        let m = config(r#"{"sections": ["usva"], "mspaCoveredTransaction": true}"#);
        let va = &states(&m, &on, false, &[9])[0];
        assert_eq!(mspa(va), [1, 1, 2]);
    }

    #[test]
    fn no_advertising_category_is_not_applicable() {
        let text = r#"{"revision": 1, "regime": "opt-out",
            "categories": [{"id": "analytics", "title": "A", "description": "A"}],
            "gpp": {"sections": ["usco"]}}"#;
        let c = Config::from_json(&parse(text)).config.expect("valid");
        let co = &states(&c, &Consent::initial(&c, true), true, &[10])[0];
        assert_eq!(field(co, "SaleOptOut"), vec![0]);
        assert_eq!(field(co, "SharingNotice"), vec![0]);
        assert_eq!(co.gpc, Some(true));
    }

    #[test]
    fn the_well_known_resource() {
        assert_eq!(
            well_known_gpc("2026-11-22"),
            "{\"gpc\":true,\"lastUpdate\":\"2026-11-22\"}\n"
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
