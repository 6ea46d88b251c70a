//! The reader of `consentMode`: the Google Consent Mode types each category grants, the
//! defaults, and the region-specific defaults.

use crate::config::check::{index, join, Check};
use crate::config::*;
use crate::json::Json;
use crate::text::push_list;

/// A list of Google Consent Mode types (`["ad_storage", …]`).
pub(super) fn consent_types(c: &mut Check, path: &str, v: Option<&Json>) -> Vec<&'static str> {
    let mut out = Vec::new();
    for (j, name) in c.strings(path, v).iter().enumerate() {
        match CONSENT_MODE_TYPES.iter().find(|t| **t == name.as_str()) {
            Some(t) => out.push(*t),
            None => {
                let mut list = String::new();
                push_list(&mut list, &mut CONSENT_MODE_TYPES.iter().copied(), ", ");
                c.error(&index(path, j), "E144", &[("known", &list)]);
            }
        }
    }
    out
}

pub(super) fn read_consent_mode(
    c: &mut Check,
    v: Option<&Json>,
    categories: &[Category],
) -> ConsentModeSettings {
    let find = |id: &str| categories.iter().position(|k| k.id == id);
    // Sane defaults: analytics → analytics_storage; ads → the three advertising types.
    let mut map: Vec<(usize, Vec<&'static str>)> = Vec::new();
    if let Some(i) = find("analytics") {
        map.push((i, vec!["analytics_storage"]));
    }
    if let Some(i) = find("ads") {
        map.push((i, vec!["ad_storage", "ad_user_data", "ad_personalization"]));
    }
    let mut out = ConsentModeSettings { enabled: true, map };
    let Some(v) = v else { return out };
    if c.object("consentMode", v, CONSENT_MODE_KEYS).is_none() {
        return out;
    }
    out.enabled = c.boolean("consentMode.enabled", v.get("enabled"), true);
    c.integer(
        "consentMode.waitForUpdate",
        v.get("waitForUpdate"),
        0,
        60_000,
    );
    c.boolean(
        "consentMode.adsDataRedaction",
        v.get("adsDataRedaction"),
        false,
    );
    c.boolean("consentMode.urlPassthrough", v.get("urlPassthrough"), false);
    if let Some(m) = v.get("map") {
        if let Json::Obj(members) = m {
            out.map.clear();
            for (id, types) in members {
                let path = join("consentMode.map", id);
                let list = consent_types(c, &path, Some(types));
                match find(id) {
                    Some(i) => out.map.push((i, list)),
                    None => c.error(&path, "E115", &[]),
                }
            }
        } else {
            c.wrong_type("consentMode.map", "E136", m);
        }
    }
    for (i, r) in c
        .array("consentMode.regions", v.get("regions"))
        .iter()
        .enumerate()
    {
        let path = index("consentMode.regions", i);
        if c.object(&path, r, &["region", "granted"]).is_none() {
            continue;
        }
        let region_path = join(&path, "region");
        for (j, code) in c.strings(&region_path, r.get("region")).iter().enumerate() {
            let b = code.as_bytes();
            let country = b.len() >= 2 && b.iter().take(2).all(u8::is_ascii_uppercase);
            let subdivision = b.len() == 2
                || (b.len() > 3
                    && b.get(2) == Some(&b'-')
                    && b.iter().skip(3).all(u8::is_ascii_alphanumeric));
            if !country || !subdivision || code == "EU" {
                c.error(&index(&region_path, j), "E116", &[]);
            }
        }
        consent_types(c, &join(&path, "granted"), r.get("granted"));
    }
    out
}
