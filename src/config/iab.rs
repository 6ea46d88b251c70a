//! The `tcf` and `gpp` objects of the config (IAB TCF v2.2 and the Global Privacy Platform).
//! Each is on only when present.

use super::check::{index, is_mailto, join, safe_link, Check};
use super::{
    GppSettings, PubRestriction, Regime, RestrictionKind, TcfSettings, GPP_KEYS, RESTRICTION_KEYS,
    TCF_KEYS, US_STATE_SECTIONS,
};
use crate::json::Json;
use crate::prelude::*;

pub(super) fn read_tcf(c: &mut Check, v: Option<&Json>) -> Option<TcfSettings> {
    let v = v?;
    c.object("tcf", v, TCF_KEYS)?;
    let cmp_id = c.integer("tcf.cmpId", v.get("cmpId"), 0, 4095).unwrap_or(0);
    if cmp_id < 2 {
        c.warn("tcf.cmpId", "W104", &[]);
    }
    let cmp_version = c
        .integer("tcf.cmpVersion", v.get("cmpVersion"), 0, 4095)
        .unwrap_or(1);
    let gvl_url = c
        .string("tcf.gvlUrl", v.get("gvlUrl"), true)
        .unwrap_or_default();
    // The IAB's host (no `str::contains`: its searcher costs kilobytes in the module).
    let iab_host = gvl_url
        .as_bytes()
        .windows(12)
        .any(|w| w.eq_ignore_ascii_case(b"consensu.org"));
    if iab_host {
        c.error("tcf.gvlUrl", "E122", &[]);
    } else if !gvl_url.is_empty() && safe_link(&gvl_url).is_none_or(|u| is_mailto(&u)) {
        c.error("tcf.gvlUrl", "E108", &[]);
    }
    let mut vendors: Vec<u16> = Vec::new();
    let list = c.array("tcf.vendors", v.get("vendors"));
    if list.is_empty() {
        c.error("tcf.vendors", "E123", &[]);
    }
    for (j, id) in list.iter().enumerate() {
        if let Some(id) = c.integer(&index("tcf.vendors", j), Some(id), 1, 65_535) {
            if vendors.contains(&(id as u16)) {
                c.warn(&index("tcf.vendors", j), "W105", &[]);
            } else {
                vendors.push(id as u16);
            }
        }
    }
    let cc = c
        .string(
            "tcf.publisherCountryCode",
            v.get("publisherCountryCode"),
            true,
        )
        .unwrap_or_default();
    let publisher_cc = match cc.as_bytes() {
        [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
            [a.to_ascii_uppercase(), b.to_ascii_uppercase()]
        }
        _ => {
            if !cc.is_empty() {
                c.error("tcf.publisherCountryCode", "E124", &[]);
            }
            *b"AA"
        }
    };
    let gdpr_applies = c.boolean("tcf.gdprApplies", v.get("gdprApplies"), true);
    let advertiser_consent_mode = c.boolean(
        "tcf.enableAdvertiserConsentMode",
        v.get("enableAdvertiserConsentMode"),
        false,
    );
    let restrictions = read_restrictions(c, v.get("publisherRestrictions"), &vendors);
    Some(TcfSettings {
        cmp_id: cmp_id as u16,
        cmp_version: cmp_version as u16,
        gvl_url,
        vendors,
        publisher_cc,
        gdpr_applies,
        advertiser_consent_mode,
        restrictions,
    })
}

fn read_restrictions(c: &mut Check, v: Option<&Json>, vendors: &[u16]) -> Vec<PubRestriction> {
    const PATH: &str = "tcf.publisherRestrictions";
    let mut out = Vec::new();
    for (j, r) in c.array(PATH, v).iter().enumerate() {
        let path = index(PATH, j);
        if c.object(&path, r, RESTRICTION_KEYS).is_none() {
            continue;
        }
        let purpose = c.integer(&join(&path, "purpose"), r.get("purpose"), 1, 11);
        if r.get("purpose").is_none() {
            c.error(&join(&path, "purpose"), "E125", &[]);
        }
        let kinds = ["not-allowed", "require-consent", "require-li"];
        let kind = match c.one_of(&join(&path, "restriction"), r.get("restriction"), &kinds) {
            Some(0) => Some(RestrictionKind::NotAllowed),
            Some(1) => Some(RestrictionKind::RequireConsent),
            Some(2) => Some(RestrictionKind::RequireLi),
            _ => {
                if r.get("restriction").is_none() {
                    c.error(&join(&path, "restriction"), "E126", &[]);
                }
                None
            }
        };
        if kind == Some(RestrictionKind::RequireLi)
            && purpose.is_some_and(|p| matches!(p, 1 | 3 | 4 | 5 | 6))
        {
            c.error(&join(&path, "restriction"), "E145", &[]);
        }
        let mut ids = Vec::new();
        for (k, id) in c
            .array(&join(&path, "vendors"), r.get("vendors"))
            .iter()
            .enumerate()
        {
            let at = index(&join(&path, "vendors"), k);
            match c.integer(&at, Some(id), 1, 65_535) {
                Some(id) if vendors.contains(&(id as u16)) => ids.push(id as u16),
                Some(_) => c.warn(&at, "W106", &[]),
                None => {}
            }
        }
        if let (Some(purpose), Some(kind)) = (purpose, kind) {
            out.push(PubRestriction {
                purpose: purpose as u8,
                kind,
                vendors: ids,
            });
        }
    }
    out
}

pub(super) fn read_gpp(
    c: &mut Check,
    v: Option<&Json>,
    tcf: bool,
    regime: Regime,
) -> Option<GppSettings> {
    let v = v?;
    c.object("gpp", v, GPP_KEYS)?;
    let mut out = GppSettings {
        usnat: false,
        states: 0,
        mspa_covered: c.boolean(
            "gpp.mspaCoveredTransaction",
            v.get("mspaCoveredTransaction"),
            false,
        ),
    };
    if let Some(sections) = v.get("sections") {
        (out.usnat, out.states) = read_sections(c, "gpp.sections", sections, tcf);
    }
    if (out.usnat || out.states != 0) && regime == Regime::OptIn && !tcf {
        c.warn("gpp.sections", "W107", &[]);
    }
    Some(out)
}

/// A list of GPP sections (`gpp.sections`, or a region's): (`usnat`, the state sections' bits).
pub(super) fn read_sections(c: &mut Check, path: &str, v: &Json, tcf: bool) -> (bool, u8) {
    let (mut usnat, mut states) = (false, 0);
    for (j, s) in c.strings(path, Some(v)).iter().enumerate() {
        match (
            s.as_str(),
            US_STATE_SECTIONS.iter().position(|(_, p)| p == s),
        ) {
            ("usnat", _) => usnat = true,
            (_, Some(i)) => states |= 1 << i,
            ("tcfeuv2", _) if tcf => {}
            ("tcfeuv2", _) => c.error(&index(path, j), "E127", &[]),
            _ => c.error(&index(path, j), "E128", &[]),
        }
    }
    (usnat, states)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use crate::config::tests::with_ads as read;
    use crate::config::{PubRestriction, RestrictionKind};

    fn paths(issues: &[crate::config::Issue]) -> Vec<&str> {
        issues.iter().map(|i| i.path.as_str()).collect()
    }

    #[test]
    fn tcf_is_read_and_off_without_the_object() {
        assert!(read("").config.unwrap().tcf.is_none());
        let p = read(
            r#", "tcf": {"cmpId": 300, "gvlUrl": "/vendor-list.json", "vendors": [8, 21],
            "publisherCountryCode": "jp"}, "gpp": {"sections": ["usnat", "tcfeuv2"]}"#,
        );
        assert!(
            p.errors.is_empty() && p.warnings.is_empty(),
            "{:?} {:?}",
            p.errors,
            p.warnings
        );
        let c = p.config.unwrap();
        let t = c.tcf.unwrap();
        assert_eq!(
            (t.cmp_id, t.cmp_version, t.vendors, t.publisher_cc),
            (300, 1, vec![8, 21], *b"JP")
        );
        assert!(t.gdpr_applies && !t.advertiser_consent_mode);
        assert!(c.gpp.unwrap().usnat);
    }

    #[test]
    fn tcf_mistakes_name_their_field() {
        let p = read(
            r#", "tcf": {"gvlUrl": "https://vendor-list.consensu.org/v3/vendor-list.json",
            "vendors": [0, "x"], "publisherCountryCode": "JPN", "cmpVersion": -1}"#,
        );
        let mut got = paths(&p.errors);
        got.sort_unstable();
        assert_eq!(
            got,
            vec![
                "tcf.cmpVersion",
                "tcf.gvlUrl",
                "tcf.publisherCountryCode",
                "tcf.vendors[0]",
                "tcf.vendors[1]"
            ]
        );
        assert_eq!(paths(&p.warnings), vec!["tcf.cmpId"]);
        let p = read(
            r#", "tcf": {"gvlUrl": "javascript:x", "vendors": [], "publisherCountryCode": "JP"}"#,
        );
        let mut got = paths(&p.errors);
        got.sort_unstable();
        assert_eq!(got, vec!["tcf.gvlUrl", "tcf.vendors"]);
    }

    #[test]
    fn publisher_restrictions() {
        let p = read(
            r#", "tcf": {"gvlUrl": "/v.json", "vendors": [8, 21], "publisherCountryCode": "JP", "cmpId": 300,
            "publisherRestrictions": [
              {"purpose": 2, "restriction": "require-consent"},
              {"purpose": 7, "restriction": "not-allowed", "vendors": [8, 99]},
              {"purpose": 3, "restriction": "require-li"},
              {"purpose": 12, "restriction": "nope"},
              {"restriction": "not-allowed"}
            ]}"#,
        );
        let mut errors = paths(&p.errors);
        errors.sort_unstable();
        assert_eq!(
            errors,
            vec![
                "tcf.publisherRestrictions[2].restriction",
                "tcf.publisherRestrictions[3].purpose",
                "tcf.publisherRestrictions[3].restriction",
                "tcf.publisherRestrictions[4].purpose",
            ]
        );
        assert_eq!(
            paths(&p.warnings),
            vec!["tcf.publisherRestrictions[1].vendors[1]"]
        );
        let ok = read(
            r#", "tcf": {"gvlUrl": "/v.json", "vendors": [8, 21], "publisherCountryCode": "JP", "cmpId": 300,
            "publisherRestrictions": [{"purpose": 7, "restriction": "not-allowed", "vendors": [8]}]}"#,
        );
        let t = ok.config.unwrap().tcf.unwrap();
        assert_eq!(
            t.restrictions,
            vec![PubRestriction {
                purpose: 7,
                kind: RestrictionKind::NotAllowed,
                vendors: vec![8]
            }]
        );
    }

    #[test]
    fn gpp_sections() {
        let p = read(r#", "gpp": {"sections": ["tcfeuv2", "usny", "USCA"]}"#);
        assert_eq!(
            paths(&p.errors),
            vec!["gpp.sections[0]", "gpp.sections[1]", "gpp.sections[2]"]
        );
        let p = read(r#", "regime": "opt-out", "gpp": {"sections": ["usnat"]}"#);
        assert!(p.errors.is_empty() && p.warnings.is_empty());
        let g = p.config.unwrap().gpp.unwrap();
        assert!(g.usnat && g.state_ids().is_empty());
        let p = read(r#", "gpp": {"sections": ["usnat"]}"#);
        assert_eq!(paths(&p.warnings), vec!["gpp.sections"]);
        // The state sections: ascending ids, once each, whatever the order written.
        let p = read(
            r#", "regime": "opt-out", "gpp": {"sections": ["usct", "usca", "usva", "usco", "usut", "usca"]}"#,
        );
        assert!(
            p.errors.is_empty() && p.warnings.is_empty(),
            "{:?}",
            p.errors
        );
        let g = p.config.unwrap().gpp.unwrap();
        assert!(!g.usnat);
        assert_eq!(g.state_ids(), vec![8, 9, 10, 11, 12]);
        let p = read(r#", "gpp": {"sections": ["usca"]}"#);
        assert_eq!(paths(&p.warnings), vec!["gpp.sections"]);
    }
}
