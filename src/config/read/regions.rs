//! The reader of `regions`: each region's overrides of the top level's rules.

use super::consent_mode::consent_types;
#[cfg(any(not(target_arch = "wasm32"), feature = "node"))]
use super::texts::check_languages;
use super::texts::read_texts;
use crate::config::check::{join, Check};
use crate::config::regions::{is_region, GROUPS, REGION_KEYS};
use crate::config::*;
use crate::json::Json;
use crate::text::is_tag;

/// Reads `regions` ([`crate::config::regions`]). `base` holds the top level's rules (already read).
/// `top_texts`: the top level's `texts` (a region's `defaultLanguage` may be one they add);
/// `(has_tcf, has_gpp)`: whether the top level has `tcf` and `gpp`.
pub(super) fn read_regions(
    c: &mut Check,
    v: Option<&Json>,
    base: RegionRules,
    top_texts: &[(String, Ui, String)],
    (has_tcf, has_gpp): (bool, bool),
) -> Regions {
    let mut out = Regions {
        base,
        ..Regions::default()
    };
    let Some(v) = v else { return out };
    let Json::Obj(members) = v else {
        c.wrong_type("regions", "E137", v);
        return out;
    };
    for (key, rules) in members {
        let path = join("regions", key);
        if !is_region(key) && !GROUPS.contains(&key.as_str()) {
            c.error(&path, "E117", &[]);
            continue;
        }
        if c.object(&path, rules, REGION_KEYS).is_none() {
            continue;
        }
        let regime = match c.one_of(
            &join(&path, "regime"),
            rules.get("regime"),
            &["opt-in", "opt-out"],
        ) {
            Some(0) => Some(Regime::OptIn),
            Some(_) => Some(Regime::OptOut),
            None => None,
        };
        let gdpr_applies = rules.get("tcf").and_then(|t| {
            let p = join(&path, "tcf");
            if !has_tcf {
                c.error(&p, "E118", &[]);
                return None;
            }
            c.object(&p, t, &["gdprApplies"])?;
            let p = join(&p, "gdprApplies");
            t.get("gdprApplies").map(|b| c.boolean(&p, Some(b), true))
        });
        let gpp_sections = rules
            .get("gpp")
            .and_then(|g| read_region_gpp(c, &join(&path, "gpp"), g, has_tcf, has_gpp));
        // Checked here; the loader reads it for the Consent Mode `default` command.
        if let Some(m) = rules.get("consentMode") {
            let p = join(&path, "consentMode");
            if c.object(&p, m, &["granted"]).is_some() {
                consent_types(c, &join(&p, "granted"), m.get("granted"));
            }
        }
        let lang_path = join(&path, "defaultLanguage");
        let default_language = c.string(&lang_path, rules.get("defaultLanguage"), false);
        if default_language.as_deref().is_some_and(|l| !is_tag(l)) {
            c.error(&lang_path, "E119", &[]);
        }
        let texts = read_texts(c, &join(&path, "texts"), rules.get("texts"));
        // A language neither Noren, the region's texts nor the top level's give words for
        // (the checker's warning; the browser modules do not carry it).
        #[cfg(all(target_arch = "wasm32", not(feature = "node")))]
        let _ = top_texts;
        #[cfg(any(not(target_arch = "wasm32"), feature = "node"))]
        check_languages(
            c,
            &[(&lang_path, &default_language.clone().filter(|l| is_tag(l)))],
            &[texts.as_slice(), top_texts].concat(),
        );
        out.rules.push(RegionRules {
            key: key.clone(),
            regime,
            gdpr_applies,
            gpp_sections,
            default_language,
            texts,
        });
    }
    out
}

/// `regions.X.gpp`: `{"sections": […]}`, read as the top-level `gpp.sections`.
pub(super) fn read_region_gpp(
    c: &mut Check,
    path: &str,
    v: &Json,
    tcf: bool,
    gpp: bool,
) -> Option<(bool, u8)> {
    if !gpp {
        c.error(path, "E120", &[]);
        return None;
    }
    c.object(path, v, &["sections"])?;
    let sections = v.get("sections")?;
    #[cfg(any(feature = "iab", not(target_arch = "wasm32")))]
    return Some(crate::config::iab::read_sections(
        c,
        &join(path, "sections"),
        sections,
        tcf,
    ));
    // noren_core never gets a config with `gpp` (the loader sends it to noren_iab).
    #[cfg(not(any(feature = "iab", not(target_arch = "wasm32"))))]
    {
        let _ = (sections, tcf);
        None
    }
}
