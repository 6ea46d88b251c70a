//! The IAB Global Vendor List (GVL v3) the site serves from its own origin: the purposes,
//! features and the vendors the site works with. Only the configured vendors are read (a full
//! list has about a thousand); a GVL this module cannot use is an error naming the field.

use crate::config::safe_link;
use crate::json::Json;
use crate::prelude::*;

/// A purpose, special purpose, feature, special feature or data category.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Entry {
    /// Its id within its kind.
    pub id: u8,
    /// Its name.
    pub name: String,
    /// What it means, for visitors.
    pub description: String,
}

/// A vendor as the GVL declares it.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Vendor {
    /// The vendor's GVL id.
    pub id: u16,
    /// Its name.
    pub name: String,
    /// Purposes it processes with consent.
    pub purposes: Vec<u8>,
    /// Purposes it processes on legitimate interest.
    pub leg_int_purposes: Vec<u8>,
    /// Purposes whose legal basis the publisher may change.
    pub flexible_purposes: Vec<u8>,
    /// Special purposes (no choice, disclosure only).
    pub special_purposes: Vec<u8>,
    /// Features (disclosure only).
    pub features: Vec<u8>,
    /// Special features (opt-in).
    pub special_features: Vec<u8>,
    /// Categories of data it collects.
    pub data_declaration: Vec<u8>,
    /// Longest cookie lifetime in seconds, if it uses cookies.
    pub cookie_max_age: Option<f64>,
    /// It accesses the device by other means than cookies.
    pub uses_non_cookie_access: bool,
    /// How long it keeps data, in days.
    pub retention_days: Option<u32>,
    /// Its privacy policy (http or https only).
    pub privacy_url: Option<String>,
    /// Its legitimate-interest claim (http or https only).
    pub leg_int_claim_url: Option<String>,
}

/// The parts of a GVL Noren uses.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Gvl {
    /// `vendorListVersion`.
    pub version: u16,
    /// `tcfPolicyVersion` (4 or more).
    pub policy_version: u8,
    /// Purposes 1–11.
    pub purposes: Vec<Entry>,
    /// Special purposes.
    pub special_purposes: Vec<Entry>,
    /// Features.
    pub features: Vec<Entry>,
    /// Special features.
    pub special_features: Vec<Entry>,
    /// Data categories.
    pub data_categories: Vec<Entry>,
    /// The configured vendors present in the list and not deleted, in the config's order.
    pub vendors: Vec<Vendor>,
    /// Configured vendor ids the list does not have (or has deleted).
    pub missing: Vec<u16>,
}

fn num(v: Option<&Json>) -> Option<f64> {
    match v {
        Some(Json::Num(n)) if n.is_finite() => Some(*n),
        _ => None,
    }
}

fn small(v: Option<&Json>, max: f64) -> Option<u32> {
    num(v)
        .filter(|n| *n >= 0.0 && *n <= max && f64::from(*n as u32) == *n)
        .map(|n| n as u32)
}

fn text(v: Option<&Json>) -> String {
    match v {
        Some(Json::Str(s)) => s.clone(),
        _ => String::new(),
    }
}

fn ids(v: Option<&Json>) -> Vec<u8> {
    // Loops rather than iterator adapters: smaller in the browser module.
    let mut out: Vec<u8> = Vec::new();
    if let Some(Json::Arr(a)) = v {
        for x in a {
            match small(Some(x), 63.0) {
                Some(n) if n > 0 => out.push(n as u8),
                _ => {}
            }
        }
    }
    crate::ids::normalize(&mut out);
    out
}

fn web_link(v: Option<&Json>) -> Option<String> {
    let s = text(v);
    let lower = s.trim().to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        safe_link(&s)
    } else {
        None
    }
}

fn entries(root: &Json, key: &str) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    if let Some(Json::Obj(members)) = root.get(key) {
        for (_, e) in members {
            match small(e.get("id"), 63.0) {
                Some(id) if id > 0 => out.push(Entry {
                    id: id as u8,
                    name: text(e.get("name")),
                    description: text(e.get("description")),
                }),
                _ => {}
            }
        }
    }
    crate::ids::sort_by(&mut out, |e| e.id);
    out
}

fn vendor(v: &Json) -> Option<Vendor> {
    if v.get("deletedDate")
        .is_some_and(|d| !matches!(d, Json::Null))
    {
        return None;
    }
    let urls = match v.get("urls") {
        Some(Json::Arr(a)) => a.as_slice(),
        _ => &[],
    };
    // The English entry if there is one, else the first.
    let url = urls
        .iter()
        .find(|u| text(u.get("langId")) == "en")
        .or(urls.first());
    Some(Vendor {
        id: small(v.get("id"), 65_535.0)? as u16,
        name: text(v.get("name")),
        purposes: ids(v.get("purposes")),
        leg_int_purposes: ids(v.get("legIntPurposes")),
        flexible_purposes: ids(v.get("flexiblePurposes")),
        special_purposes: ids(v.get("specialPurposes")),
        features: ids(v.get("features")),
        special_features: ids(v.get("specialFeatures")),
        data_declaration: ids(v.get("dataDeclaration")),
        cookie_max_age: match v.get("usesCookies") {
            Some(Json::Bool(false)) => None,
            _ => num(v.get("cookieMaxAgeSeconds")),
        },
        uses_non_cookie_access: matches!(v.get("usesNonCookieAccess"), Some(Json::Bool(true))),
        retention_days: v
            .get("dataRetention")
            .and_then(|r| small(r.get("stdRetention"), 100_000.0)),
        privacy_url: url.and_then(|u| web_link(u.get("privacy"))),
        leg_int_claim_url: url.and_then(|u| web_link(u.get("legIntClaim"))),
    })
}

/// Reads a GVL, keeping the vendors in `wanted` (in that order). The error names the field.
pub fn read(root: &Json, wanted: &[u16]) -> Result<Gvl, String> {
    if !matches!(root, Json::Obj(_)) {
        return Err("the vendor list is not a JSON object".into());
    }
    let version = small(root.get("vendorListVersion"), 4095.0)
        .filter(|n| *n > 0)
        .ok_or("vendorListVersion: missing or not a whole number from 1 to 4095")?;
    let policy = small(root.get("tcfPolicyVersion"), 63.0)
        .ok_or("tcfPolicyVersion: missing or not a whole number")?;
    if policy < 4 {
        return Err(
            "tcfPolicyVersion: below 4 (TCF v2.2 needs a GVL v3 with policy 4 or later)".into(),
        );
    }
    let all = match root.get("vendors") {
        Some(Json::Obj(members)) => members.as_slice(),
        _ => return Err("vendors: missing or not an object".into()),
    };
    let mut vendors = Vec::new();
    let mut missing = Vec::new();
    for &id in wanted {
        let found = all
            .iter()
            .find(|(_, v)| small(v.get("id"), 65_535.0) == Some(u32::from(id)))
            .and_then(|(_, v)| vendor(v));
        match found {
            Some(v) => vendors.push(v),
            None => missing.push(id),
        }
    }
    Ok(Gvl {
        version: version as u16,
        policy_version: policy as u8,
        purposes: entries(root, "purposes"),
        special_purposes: entries(root, "specialPurposes"),
        features: entries(root, "features"),
        special_features: entries(root, "specialFeatures"),
        data_categories: entries(root, "dataCategories"),
        vendors,
        missing,
    })
}

/// The entry with `id`, if the list has it.
pub fn find(list: &[Entry], id: u8) -> Option<&Entry> {
    list.iter().find(|e| e.id == id)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) mod tests {
    use super::*;
    use crate::json::testing::parse;

    /// A small GVL in the v3 shape, for tests here and in `tcf`.
    pub const SAMPLE: &str = r#"{
      "gvlSpecificationVersion": 3, "vendorListVersion": 120, "tcfPolicyVersion": 5,
      "purposes": {
        "1": {"id": 1, "name": "Store and/or access information on a device", "description": "Cookies."},
        "2": {"id": 2, "name": "Use limited data to select advertising", "description": "Ads."},
        "3": {"id": 3, "name": "Create profiles for personalised advertising", "description": "P."},
        "4": {"id": 4, "name": "Use profiles to select personalised advertising", "description": "P."},
        "7": {"id": 7, "name": "Measure advertising performance", "description": "M."},
        "8": {"id": 8, "name": "Measure content performance", "description": "M."},
        "9": {"id": 9, "name": "Understand audiences", "description": "S."},
        "10": {"id": 10, "name": "Develop and improve services", "description": "D."}
      },
      "specialPurposes": {"1": {"id": 1, "name": "Ensure security", "description": "S."},
                          "2": {"id": 2, "name": "Deliver advertising", "description": "D."}},
      "features": {"1": {"id": 1, "name": "Match and combine data", "description": "M."}},
      "specialFeatures": {"1": {"id": 1, "name": "Use precise geolocation data", "description": "G."},
                          "2": {"id": 2, "name": "Actively scan device characteristics", "description": "S."}},
      "dataCategories": {"1": {"id": 1, "name": "IP addresses", "description": "IP."}},
      "vendors": {
        "8": {"id": 8, "name": "Ads <Inc>", "purposes": [1, 3, 4], "legIntPurposes": [2, 7],
              "flexiblePurposes": [2], "specialPurposes": [1, 2], "features": [1],
              "specialFeatures": [1], "dataDeclaration": [1], "cookieMaxAgeSeconds": 31536000,
              "usesCookies": true, "usesNonCookieAccess": true,
              "dataRetention": {"stdRetention": 365},
              "urls": [{"langId": "en", "privacy": "https://ads.example/privacy",
                        "legIntClaim": "javascript:alert(1)"}]},
        "21": {"id": 21, "name": "Measure Co", "purposes": [1, 8], "legIntPurposes": [9, 10],
               "specialPurposes": [], "features": [], "specialFeatures": [],
               "usesCookies": false, "cookieMaxAgeSeconds": 100,
               "urls": [{"langId": "fr", "privacy": "https://m.example/fr"}]},
        "32": {"id": 32, "name": "Only special", "purposes": [], "legIntPurposes": [],
               "specialPurposes": [1]},
        "99": {"id": 99, "name": "Gone", "purposes": [1], "deletedDate": "2024-01-01T00:00:00Z"}
      }
    }"#;

    pub fn sample(wanted: &[u16]) -> Gvl {
        read(&parse(SAMPLE), wanted).expect("sample GVL reads")
    }

    #[test]
    fn reads_the_wanted_vendors_in_order() {
        let g = sample(&[21, 8, 99, 500, 32]);
        assert_eq!((g.version, g.policy_version), (120, 5));
        assert_eq!(
            g.vendors.iter().map(|v| v.id).collect::<Vec<_>>(),
            vec![21, 8, 32]
        );
        assert_eq!(g.missing, vec![99, 500]);
        let ads = &g.vendors[1];
        assert_eq!(
            (ads.purposes.as_slice(), ads.leg_int_purposes.as_slice()),
            (&[1, 3, 4][..], &[2, 7][..])
        );
        assert_eq!(ads.cookie_max_age, Some(31_536_000.0));
        assert_eq!(ads.retention_days, Some(365));
        assert_eq!(
            ads.privacy_url.as_deref(),
            Some("https://ads.example/privacy")
        );
        assert_eq!(ads.leg_int_claim_url, None, "only http(s) links");
        let m = &g.vendors[0];
        assert_eq!(m.cookie_max_age, None, "usesCookies false");
        assert_eq!(m.privacy_url.as_deref(), Some("https://m.example/fr"));
        assert_eq!(g.purposes.len(), 8);
        assert_eq!(
            find(&g.special_features, 2).map(|e| e.name.as_str()),
            Some("Actively scan device characteristics")
        );
    }

    #[test]
    fn unusable_lists_are_errors() {
        for (text, why) in [
            ("[]", "not a JSON object"),
            (
                r#"{"tcfPolicyVersion": 5, "vendors": {}}"#,
                "vendorListVersion",
            ),
            (
                r#"{"vendorListVersion": 3, "tcfPolicyVersion": 2, "vendors": {}}"#,
                "below 4",
            ),
            (
                r#"{"vendorListVersion": 3, "tcfPolicyVersion": 4}"#,
                "vendors",
            ),
        ] {
            let e = read(&parse(text), &[1]).unwrap_err();
            assert!(e.contains(why), "{text}: {e}");
        }
    }
}
