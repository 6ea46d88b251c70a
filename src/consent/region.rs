//! Which rules a visitor gets: the config's `regions` ([`crate::config::regions`]) resolved
//! for the visitor's region, and whether a stored choice still holds there.
//!
//! **A known region** (`DE`, `US-CA`: see [`is_region`]): each field comes from the most
//! specific key of `regions` that sets it — the subdivision (`US-CA`), then its country
//! (`US`), then the group `EU`, then `EEA` — else from the top level. GPP sections that no key
//! sets follow the region: a US state whose section the top level lists gets that section
//! alone (`US-CA` → `usca`), the rest of the US gets `usnat` if it is listed (else no US
//! section), and a visitor outside the US gets no US section.
//!
//! **An unknown region** (none given, malformed, or the lookup failed): the strictest rules the
//! config declares, field by field over the top level and every key of `regions`:
//! - `regime`: opt-in if the top level or any region says opt-in;
//! - `tcf.gdprApplies`: true if the top level or any region says true;
//! - `gpp.sections`: every section the top level or any region lists (each reports opt-outs
//!   until the visitor accepts);
//! - Consent Mode: nothing granted before a choice (the loader's unscoped `default`);
//! - `defaultLanguage` and `texts`: the top level's (wording, not rules).
//!
//! **Stricter** ([`stricter`]): opt-in is stricter than opt-out, and TCF with `gdprApplies`
//! stricter than without. A choice made under rules that the visitor's region's rules are
//! stricter than does not hold ([`holds`]): the visitor is asked again. A choice stored without
//! a region was made under the strictest rules, so it never needs asking again for this.

use crate::config::regions::in_group;
use crate::config::Regions;
use crate::config::{Config, Regime};
use crate::consent::Consent;
use crate::prelude::*;

pub use crate::config::regions::is_region;

/// The rules in force for one region (or the strictest, for an unknown one).
#[derive(Clone, Debug, PartialEq)]
pub struct Rules {
    /// `regime`.
    pub regime: Regime,
    /// `tcf.gdprApplies` (`None`: no TCF).
    pub gdpr_applies: Option<bool>,
    /// `gpp.sections`: (`usnat`, the state sections' bits) (`None`: no GPP).
    pub gpp_sections: Option<(bool, u8)>,
    /// `defaultLanguage`.
    pub default_language: Option<String>,
}

/// How specific `key` is for `region` (higher wins), if it applies at all.
fn rank(key: &str, region: &str) -> Option<u8> {
    let country = region.get(..2).unwrap_or_default();
    if key == region {
        Some(4)
    } else if key == country {
        Some(3)
    } else if in_group(key, country) {
        Some(if key == "EU" { 2 } else { 1 })
    } else {
        None
    }
}

/// The US sections for `region` when no key of `regions` sets them: see the module's doc.
fn us_sections(declared: (bool, u8), region: &str) -> (bool, u8) {
    if region.get(..2) != Some("US") {
        return (false, 0);
    }
    let state = region.get(3..).unwrap_or_default().as_bytes();
    for (i, (_, prefix)) in crate::config::US_STATE_SECTIONS.iter().enumerate() {
        if declared.1 >> i & 1 == 1 && prefix.as_bytes()[2..].eq_ignore_ascii_case(state) {
            return (false, 1 << i);
        }
    }
    (declared.0, 0)
}

/// The rules for `region` (`None`, or anything [`is_region`] refuses: the strictest).
pub fn rules_for(regions: &Regions, region: Option<&str>) -> Rules {
    let base = &regions.base;
    let mut out = Rules {
        regime: base.regime.unwrap_or(Regime::OptIn),
        gdpr_applies: base.gdpr_applies,
        gpp_sections: base.gpp_sections,
        default_language: base.default_language.clone(),
    };
    let Some(region) = region.filter(|r| is_region(r)) else {
        // The strictest, field by field (plain loops: iterator chains cost the module bytes).
        for r in &regions.rules {
            if r.regime == Some(Regime::OptIn) {
                out.regime = Regime::OptIn;
            }
            if let (Some(g), Some(true)) = (out.gdpr_applies.as_mut(), r.gdpr_applies) {
                *g = true;
            }
            if let (Some((u, s)), Some((u2, s2))) = (out.gpp_sections.as_mut(), r.gpp_sections) {
                *u |= u2;
                *s |= s2;
            }
        }
        return out;
    };
    // Each field from the most specific key that sets it: the rank of the key that set it.
    let mut set = [0u8; 4];
    let mut gpp = None;
    for r in &regions.rules {
        let Some(k) = rank(&r.key, region) else {
            continue;
        };
        if let Some(v) = r.regime.filter(|_| k > set[0]) {
            (out.regime, set[0]) = (v, k);
        }
        if let (Some(g), Some(v)) = (out.gdpr_applies.as_mut(), r.gdpr_applies) {
            if k > set[1] {
                (*g, set[1]) = (v, k);
            }
        }
        if r.gpp_sections.is_some() && k > set[2] {
            (gpp, set[2]) = (r.gpp_sections, k);
        }
        if r.default_language.is_some() && k > set[3] {
            (out.default_language, set[3]) = (r.default_language.clone(), k);
        }
    }
    if let Some(declared) = out.gpp_sections {
        out.gpp_sections = Some(gpp.unwrap_or_else(|| us_sections(declared, region)));
    }
    out
}

/// Whether rules `a` are stricter than `b`: opt-in where `b` is opt-out, or TCF's
/// `gdprApplies` where `b` has it off.
pub fn stricter(a: &Rules, b: &Rules) -> bool {
    (a.regime == Regime::OptIn && b.regime == Regime::OptOut)
        || (a.gdpr_applies == Some(true) && b.gdpr_applies == Some(false))
}

/// Resolves the config's top level for the visitor's `region` (`None` or malformed: the
/// strictest rules): `regime`, `tcf.gdprApplies`, `gpp.sections`, the resolved
/// `defaultLanguage`, and the region's `texts` ahead of the top level's. Call it once, on the
/// config as read.
pub fn apply(config: &mut Config, region: Option<&str>) {
    let region = region.filter(|r| is_region(r));
    let rules = rules_for(&config.regions, region);
    config.regime = rules.regime;
    if let (Some(t), Some(g)) = (config.tcf.as_mut(), rules.gdpr_applies) {
        t.gdpr_applies = g;
    }
    if let (Some(g), Some((usnat, states))) = (config.gpp.as_mut(), rules.gpp_sections) {
        g.usnat = usnat;
        g.states = states;
    }
    if let Some(region) = region {
        // `Config::ui` takes the first match: the most specific region's wording first.
        let mut texts = Vec::new();
        for k in (1..=4).rev() {
            for r in &config.regions.rules {
                if rank(&r.key, region) == Some(k) {
                    texts.extend_from_slice(&r.texts);
                }
            }
        }
        texts.append(&mut config.texts);
        config.texts = texts;
    }
    config.regions.visitor = region.map(String::from);
    config.default_language = rules.default_language;
}

/// Whether a stored choice still holds in the visitor's region (the one `config` was
/// resolved for by [`apply`]): not when the region's rules are stricter than those of the
/// region it was made under.
pub fn holds(config: &Config, stored: &Consent) -> bool {
    let made_under = Some(stored.region.as_str()).filter(|r| !r.is_empty());
    let now = rules_for(&config.regions, config.regions.visitor.as_deref());
    !stricter(&now, &rules_for(&config.regions, made_under))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::consent::{decide, Choice};
    use crate::json::testing::parse;
    use crate::text::tests::lang;
    use crate::text::Ui;

    /// One config for the EU, California, the rest of the US and Japan.
    fn config() -> Config {
        let text = r#"{"revision": 1, "categories": [
              {"id": "analytics", "title": "A", "description": "A"},
              {"id": "ads", "title": "Ads", "description": "Ads"}],
            "tcf": {"cmpId": 300, "gvlUrl": "/gvl.json", "vendors": [8], "publisherCountryCode": "JP"},
            "gpp": {"sections": ["usnat", "usca", "usva"]},
            "texts": {"en": {"title": "Cookies", "acceptAll": "Accept"}},
            "regions": {
              "EEA": {"texts": {"en": {"title": "EEA cookies"}}},
              "EU": {"texts": {"en": {"title": "EU cookies"}}},
              "DE": {"defaultLanguage": "de"},
              "US": {"regime": "opt-out", "tcf": {"gdprApplies": false}},
              "US-CA": {"texts": {"en": {"title": "Your privacy choices"}}},
              "US-TX": {"gpp": {"sections": ["usnat", "usva"]}},
              "JP": {"regime": "opt-out", "tcf": {"gdprApplies": false}, "defaultLanguage": "ja"}
            }}"#;
        let p = Config::from_json(&parse(text));
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        p.config.unwrap()
    }

    fn resolved(region: Option<&str>) -> Config {
        let mut c = config();
        apply(&mut c, region);
        c
    }

    #[test]
    fn the_most_specific_key_wins_field_by_field() {
        let ca = resolved(Some("US-CA"));
        assert_eq!(ca.regime, Regime::OptOut, "from US");
        assert!(!ca.tcf.as_ref().unwrap().gdpr_applies);
        assert_eq!(ca.ui(Ui::Title, &lang("en")), "Your privacy choices");
        assert_eq!(
            ca.ui(Ui::AcceptAll, &lang("en")),
            "Accept",
            "the top level's"
        );
        assert_eq!(ca.regions.visitor.as_deref(), Some("US-CA"));
        let de = resolved(Some("DE"));
        assert_eq!(de.regime, Regime::OptIn);
        assert!(de.tcf.as_ref().unwrap().gdpr_applies);
        assert_eq!(de.ui(Ui::Title, &lang("en")), "EU cookies", "EU over EEA");
        assert_eq!(de.default_language.as_deref(), Some("de"));
        let no = resolved(Some("NO"));
        assert_eq!(no.ui(Ui::Title, &lang("en")), "EEA cookies");
        assert_eq!(no.default_language, None);
        let jp = resolved(Some("JP"));
        assert_eq!(jp.regime, Regime::OptOut);
        assert_eq!(jp.default_language.as_deref(), Some("ja"));
        assert_eq!(jp.ui(Ui::Title, &lang("en")), "Cookies");
        // A region no key names: the top level.
        let br = resolved(Some("BR"));
        assert_eq!(br.regime, Regime::OptIn);
        assert!(br.tcf.as_ref().unwrap().gdpr_applies);
    }

    #[test]
    fn a_regions_default_language_overrides_the_top_levels() {
        let text = r#"{"revision": 1, "defaultLanguage": "fr",
            "categories": [{"id": "a", "title": "A", "description": "A"}],
            "texts": {"is": {"title": "Persónuvernd"}},
            "regions": {"DE": {"defaultLanguage": "de"}, "EU": {"defaultLanguage": "it"},
                        "IS": {"defaultLanguage": "is"}}}"#;
        let chosen = |region: Option<&str>, html: &str, nav: &[&str]| {
            let mut c = Config::from_json(&parse(text)).config.unwrap();
            apply(&mut c, region);
            let nav: Vec<String> = nav.iter().map(|t| t.to_string()).collect();
            let choice = c.choose_language(html, &nav);
            (choice.lang, choice.file)
        };
        let own = |l: &str, f: &'static str| (l.to_string(), f);
        assert_eq!(
            chosen(Some("DE"), "", &[]),
            own("de", "de"),
            "the country's"
        );
        assert_eq!(
            chosen(Some("AT"), "", &["tlh"]),
            own("it", "it"),
            "the group's"
        );
        assert_eq!(
            chosen(Some("IS"), "", &[]),
            own("is", "en"),
            "a language texts add"
        );
        assert_eq!(
            chosen(Some("BR"), "", &[]),
            own("fr", "fr"),
            "the top level's"
        );
        assert_eq!(
            chosen(None, "", &[]),
            own("fr", "fr"),
            "unknown: the top level's"
        );
        // The page and the browser still come first.
        assert_eq!(chosen(Some("DE"), "ja", &["de"]), own("ja", "ja"));
        assert_eq!(chosen(Some("DE"), "", &["es-MX"]), own("es", "es"));
    }

    #[test]
    fn gpp_sections_follow_the_region() {
        let sections = |r: &str| {
            let g = resolved(Some(r)).gpp.unwrap();
            (g.usnat, g.state_ids())
        };
        assert_eq!(sections("US-CA"), (false, vec![8]));
        assert_eq!(sections("US-VA"), (false, vec![9]));
        // Colorado's section is not listed: usnat.
        assert_eq!(sections("US-CO"), (true, vec![]));
        assert_eq!(sections("US"), (true, vec![]));
        // A key's own list wins.
        assert_eq!(sections("US-TX"), (true, vec![9]));
        // No US section outside the US.
        assert_eq!(sections("DE"), (false, vec![]));
        assert_eq!(sections("JP"), (false, vec![]));
    }

    #[test]
    fn an_unknown_or_malformed_region_gets_the_strictest_rules() {
        for region in [
            None,
            Some(""),
            Some("de"),
            Some("Germany"),
            Some("US-"),
            Some("D1"),
        ] {
            let c = resolved(region);
            assert_eq!(c.regime, Regime::OptIn, "{region:?}");
            assert!(c.tcf.as_ref().unwrap().gdpr_applies);
            let g = c.gpp.as_ref().unwrap();
            assert_eq!((g.usnat, g.state_ids()), (true, vec![8, 9]));
            assert_eq!(c.regions.visitor, None);
            assert_eq!(c.default_language, None);
            assert_eq!(c.ui(Ui::Title, &lang("en")), "Cookies");
        }
        // Strictest over every key: the top level may be the lax one.
        let p = Config::from_json(&parse(
            r#"{"revision": 1, "regime": "opt-out", "categories": [{"id": "a", "title": "A", "description": "A"}],
              "tcf": {"cmpId": 300, "gvlUrl": "/g.json", "vendors": [8], "publisherCountryCode": "JP", "gdprApplies": false},
              "regions": {"FR": {"regime": "opt-in", "tcf": {"gdprApplies": true}}}}"#,
        ));
        let mut c = p.config.unwrap();
        let lax = rules_for(&c.regions, Some("US"));
        assert_eq!(
            (lax.regime, lax.gdpr_applies),
            (Regime::OptOut, Some(false))
        );
        apply(&mut c, None);
        assert_eq!(c.regime, Regime::OptIn);
        assert!(c.tcf.unwrap().gdpr_applies);
        // A config without regions keeps its rules whatever the region.
        let plain = Config::from_json(&parse(
            r#"{"revision": 1, "regime": "opt-out", "categories": [{"id": "a", "title": "A", "description": "A"}]}"#,
        ));
        let mut c = plain.config.unwrap();
        apply(&mut c, None);
        assert_eq!(c.regime, Regime::OptOut);
    }

    #[test]
    fn stricter_is_opt_in_over_opt_out_and_gdpr_over_none() {
        let r = config().regions;
        let (de, ca, jp, unknown) = (
            rules_for(&r, Some("DE")),
            rules_for(&r, Some("US-CA")),
            rules_for(&r, Some("JP")),
            rules_for(&r, None),
        );
        assert!(stricter(&de, &ca) && stricter(&de, &jp) && stricter(&unknown, &ca));
        assert!(!stricter(&ca, &de) && !stricter(&ca, &jp) && !stricter(&jp, &ca));
        assert!(!stricter(&de, &unknown) && !stricter(&de, &de));
    }

    #[test]
    fn a_choice_is_asked_again_only_where_the_rules_are_stricter() {
        let chosen_in = |region: Option<&str>| {
            let c = resolved(region);
            let none = Consent::nothing(&c);
            decide(&c, &none, &Choice::AcceptAll, "AAAAAAAA".into(), 1.0, false).consent
        };
        let in_ca = chosen_in(Some("US-CA"));
        assert_eq!(in_ca.region, "US-CA");
        let in_de = chosen_in(Some("DE"));
        let unknown = chosen_in(None);
        assert_eq!(unknown.region, "");
        // Made in California (opt-out): asked again in Germany and wherever the region is
        // unknown; not in Japan (also opt-out) nor in California.
        assert!(!holds(&resolved(Some("DE")), &in_ca));
        assert!(!holds(&resolved(None), &in_ca));
        assert!(holds(&resolved(Some("JP")), &in_ca));
        assert!(holds(&resolved(Some("US-CA")), &in_ca));
        // Made under the EU's rules or the strictest: holds everywhere.
        for region in [Some("DE"), Some("US-CA"), Some("JP"), None] {
            assert!(holds(&resolved(region), &in_de));
            assert!(holds(&resolved(region), &unknown));
        }
    }
}
