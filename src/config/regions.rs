//! Per-region rules: the config's `regions` object.
//!
//! ```json
//! "regions": {
//!   "EU": {"regime": "opt-in", "tcf": {"gdprApplies": true}},
//!   "US": {"regime": "opt-out", "tcf": {"gdprApplies": false}, "gpp": {"sections": ["usnat"]}},
//!   "US-CA": {"consentMode": {"granted": ["analytics_storage"]}},
//!   "JP": {"defaultLanguage": "ja", "texts": {"ja": {"title": "…"}}}
//! }
//! ```
//!
//! A key is an ISO 3166-1 alpha-2 country (`DE`), an ISO 3166-2 subdivision (`US-CA`) or one
//! of the groups `EU` and `EEA`. Each value overrides, for visitors there, `regime`,
//! `tcf.gdprApplies`, `gpp.sections`, the Consent Mode defaults (`consentMode.granted`: the
//! types granted before any choice, which the loader sends as Google's region-specific
//! `default`; checked here), `defaultLanguage` and the notice's `texts`. Which rules a visitor
//! gets is decided in [`crate::consent::region`]. The model ([`super::Regions`]) is in the
//! config's model, the reader in [`super::read`]; here: the vocabulary.

/// Keys of one region's object.
pub const REGION_KEYS: &[&str] = &[
    "regime",
    "tcf",
    "gpp",
    "consentMode",
    "defaultLanguage",
    "texts",
];

/// The groups a key may name besides countries and subdivisions.
pub const GROUPS: &[&str] = &["EU", "EEA"];

/// The EEA members outside the EU.
const EEA_ONLY: &[&str] = &["IS", "LI", "NO"];

/// A region as Noren reads it: `DE` (ISO 3166-1 alpha-2) or `US-CA` (ISO 3166-2: the country,
/// a hyphen, 1–3 letters or digits), upper case. Anything else is not a region.
pub fn is_region(s: &str) -> bool {
    let b = s.as_bytes();
    let country = b.len() >= 2 && b[..2].iter().all(u8::is_ascii_uppercase);
    country
        && (b.len() == 2
            || (b.len() <= 6
                && b[2] == b'-'
                && b[3..]
                    .iter()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
                && b.len() > 3))
}

/// Whether the two-letter `country` is in the group `EU` or `EEA`.
pub fn in_group(group: &str, country: &str) -> bool {
    let eu = crate::text::EU.contains(&country);
    match group {
        "EU" => eu,
        "EEA" => eu || EEA_ONLY.contains(&country),
        _ => false,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::config::tests::{lines, with_ads as read};
    use crate::config::Regime;
    use crate::text::Ui;

    #[test]
    fn region_codes() {
        for ok in ["DE", "US", "US-CA", "GB-ENG", "FR-75C", "JP-13", "CN-A"] {
            assert!(is_region(ok), "{ok}");
        }
        for bad in [
            "", "D", "de", "DEU", "US-", "US-ca", "US_CA", "US-CALI", "U1", "EU-", " DE", "US-C A",
        ] {
            assert!(!is_region(bad), "{bad:?}");
        }
        assert!(in_group("EU", "DE") && in_group("EEA", "DE") && in_group("EEA", "NO"));
        assert!(!in_group("EU", "NO") && !in_group("EU", "GB") && !in_group("DE", "DE"));
    }

    #[test]
    fn reads_every_override() {
        let p = read(
            r#", "tcf": {"cmpId": 300, "gvlUrl": "/gvl.json", "vendors": [8], "publisherCountryCode": "JP"},
            "gpp": {"sections": ["usnat", "usca"]},
            "regions": {
              "US": {"regime": "opt-out", "tcf": {"gdprApplies": false}, "gpp": {"sections": ["usnat"]}},
              "US-CA": {"gpp": {"sections": ["usca"]}, "consentMode": {"granted": ["analytics_storage"]}},
              "JP": {"defaultLanguage": "ja", "texts": {"ja": {"title": "クッキー"}}},
              "EU": {"regime": "opt-in"}
            }"#,
        );
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
        let r = p.config.unwrap().regions;
        assert_eq!(r.rules.len(), 4);
        let us = &r.rules[0];
        assert_eq!(us.key, "US");
        assert_eq!(us.regime, Some(Regime::OptOut));
        assert_eq!(us.gdpr_applies, Some(false));
        assert_eq!(us.gpp_sections, Some((true, 0)));
        assert_eq!(r.rules[1].gpp_sections, Some((false, 1)));
        assert_eq!(r.rules[1].regime, None);
        assert_eq!(r.rules[2].default_language.as_deref(), Some("ja"));
        assert_eq!(
            r.rules[2].texts,
            vec![("ja".to_string(), Ui::Title, "クッキー".to_string())]
        );
        assert_eq!(r.base.regime, Some(Regime::OptIn));
        assert_eq!(r.base.gdpr_applies, Some(true));
        assert_eq!(r.base.gpp_sections, Some((true, 1)));
        assert_eq!(r.visitor, None);
    }

    #[test]
    fn a_regions_language_without_wording_is_named() {
        let p = read(
            r#", "texts": {"is": {"title": "Persónuvernd"}}, "regions": {
              "IS": {"defaultLanguage": "is"}, "NO": {"defaultLanguage": "nb"},
              "FO": {"defaultLanguage": "fo", "texts": {"fo": {"title": "Privatlív"}}},
              "DE": {"defaultLanguage": "de"}}"#,
        );
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        let w: Vec<String> = lines(&p.warnings)
            .into_iter()
            .filter(|l| l.contains("defaultLanguage"))
            .collect();
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].starts_with("regions.NO.defaultLanguage: Noren has no wording for \"nb\""));
    }

    #[test]
    fn every_problem_has_its_path() {
        let p = read(
            r#", "regions": {
              "us-ca": {"regime": "opt-out"},
              "California": {},
              "DE": {"regime": "notice", "tcf": {"gdprApplies": true}, "gpp": {"sections": ["usnat"]},
                     "consentMode": {"granted": ["ad_cookies"], "waitForUpdate": 5},
                     "defaultLanguage": "deutsch!", "texts": {"de!": {"title": "x"}, "de": {"titel": "x"}}, "colour": 1},
              "FR": "opt-in"
            }"#,
        );
        assert_eq!(
            lines(&p.errors),
            vec![
                "regions.us-ca: must be an ISO 3166-1 country (\"DE\"), an ISO 3166-2 subdivision (\"US-CA\"), \"EU\" or \"EEA\"",
                "regions.California: must be an ISO 3166-1 country (\"DE\"), an ISO 3166-2 subdivision (\"US-CA\"), \"EU\" or \"EEA\"",
                "regions.DE.regime: must be one of: opt-in, opt-out",
                "regions.DE.tcf: needs the top-level \"tcf\" object",
                "regions.DE.gpp: needs the top-level \"gpp\" object",
                "regions.DE.consentMode.granted[0]: unknown consent type (known: ad_storage, ad_user_data, ad_personalization, analytics_storage, functionality_storage, personalization_storage, security_storage)",
                "regions.DE.defaultLanguage: must be a language tag such as \"ja\" or \"pt-BR\"",
                "regions.FR: expected an object, found a string",
            ]
        );
        let w = lines(&p.warnings);
        assert_eq!(w.len(), 4, "{w:?}");
        assert!(
            w[0].starts_with("regions.DE.colour: unknown field"),
            "{w:?}"
        );
        assert!(w[1].starts_with("regions.DE.consentMode.waitForUpdate: unknown field"));
        assert!(
            w[2].starts_with("regions.DE.texts.de!: is not a language tag"),
            "{w:?}"
        );
        assert!(w[3].starts_with("regions.DE.texts.de.titel: unknown text key"));
        let p = read(r#", "regions": []"#);
        assert_eq!(
            lines(&p.errors),
            vec!["regions: expected an object of region → rules, found an array"]
        );
    }

    #[test]
    fn region_gpp_sections_are_checked_like_the_top_level() {
        let p = read(
            r#", "gpp": {"sections": ["usnat"]}, "regime": "opt-out",
            "regions": {"US-CA": {"gpp": {"sections": ["usca", "usny", "tcfeuv2"], "mspa": true}}}"#,
        );
        assert_eq!(
            lines(&p.errors),
            vec![
                "regions.US-CA.gpp.sections[1]: unknown section (known: usnat, usca, usva, usco, usut, usct, tcfeuv2)",
                "regions.US-CA.gpp.sections[2]: needs the \"tcf\" object",
            ]
        );
        assert_eq!(lines(&p.warnings).len(), 1);
    }
}
