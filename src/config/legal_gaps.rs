//! Legal gaps a config checker can see (`noren check`): what the Japanese external-transmission
//! rule, the APPI and EU regulators ask for that a valid config may still lack. Warnings only:
//! the banner runs without them, but the notice it shows is incomplete.

use crate::config::check::issue;
use crate::config::{Config, Issue, Regime};
use crate::prelude::*;
use crate::text::{has_regime_note, Text};

fn gap(out: &mut Vec<Issue>, path: String, code: &'static str, params: &[(&'static str, &str)]) {
    out.push(issue(&path, code, params));
}

fn service_path(i: usize, field: &str) -> String {
    let mut p = String::from("services[");
    crate::decimal::push(&mut p, i as u64);
    p.push_str("].");
    p.push_str(field);
    p
}

/// Whether a localized text given per language lacks Japanese (a plain string serves every
/// language and counts as given).
fn lacks_japanese(t: &Text) -> bool {
    !t.0.is_empty() && !t.0.iter().any(|(lang, _)| lang.is_empty() || lang == "ja")
}

/// Every gap, with the field's path and what to add.
pub fn legal_gaps(config: &Config) -> Vec<Issue> {
    let mut out = Vec::new();
    if config.policy_url.is_none() {
        gap(&mut out, "policyUrl".to_string(), "W108", &[]);
    }
    for (i, s) in config.services.iter().enumerate() {
        if s.exempt.is_some() {
            continue;
        }
        if s.recipient.0.is_empty() {
            gap(&mut out, service_path(i, "recipient"), "W109", &[]);
        }
        if s.purpose.0.is_empty() {
            gap(&mut out, service_path(i, "purpose"), "W110", &[]);
        }
        if s.data.is_empty() {
            gap(&mut out, service_path(i, "data"), "W111", &[]);
        }
        let category = &config.categories[s.category];
        if category.required {
            gap(
                &mut out,
                service_path(i, "category"),
                "W115",
                &[("category", &category.id)],
            );
        }
        let foreign = !s.country.is_empty() && s.country != "JP";
        if foreign && s.country_note.0.is_empty() && !has_regime_note(&s.country) {
            gap(
                &mut out,
                service_path(i, "countryNote"),
                "W116",
                &[("country", &s.country)],
            );
        }
        if foreign && s.links_personal_data && s.safeguards.0.is_empty() {
            gap(&mut out, service_path(i, "safeguards"), "W112", &[]);
        }
        if s.links_personal_data && config.regime == Regime::OptOut && s.recipient.0.is_empty() {
            gap(
                &mut out,
                service_path(i, "recipientLinksPersonalData"),
                "W113",
                &[],
            );
        }
    }
    let declares_japanese = config.language.as_deref() == Some("ja")
        || config.texts.iter().any(|(lang, _, _)| lang == "ja");
    if declares_japanese {
        let mut texts: Vec<(String, &Text)> = Vec::new();
        for (i, c) in config.categories.iter().enumerate() {
            let mut p = String::from("categories[");
            crate::decimal::push(&mut p, i as u64);
            p.push(']');
            texts.push((p.clone() + ".title", &c.title));
            texts.push((p + ".description", &c.description));
        }
        for (i, s) in config.services.iter().enumerate() {
            texts.push((service_path(i, "name"), &s.name));
            texts.push((service_path(i, "recipient"), &s.recipient));
            texts.push((service_path(i, "purpose"), &s.purpose));
            for (j, d) in s.data.iter().enumerate() {
                let mut p = service_path(i, "data[");
                crate::decimal::push(&mut p, j as u64);
                p.push(']');
                texts.push((p, d));
            }
        }
        for (path, t) in texts {
            if lacks_japanese(t) {
                gap(&mut out, path, "W114", &[]);
            }
        }
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::json::testing::parse;

    #[test]
    fn finds_each_gap_with_its_path() {
        let text = r#"{"revision": 1, "language": "ja", "policyUrl": "/privacy",
            "categories": [{"id": "n", "required": true, "title": "必須", "description": "必須"},
                           {"id": "ads", "title": {"en": "Ads"}, "description": "広告"}],
            "services": [
              {"id": "cart", "category": "n", "name": "Cart", "exempt": "necessary"},
              {"id": "tag", "category": "n", "name": "Tag", "recipient": "T", "purpose": "p",
               "data": ["d"]},
              {"id": "br", "category": "ads", "name": "BR", "country": "BR",
               "recipientLinksPersonalData": true}
            ]}"#;
        let config = Config::from_json(&parse(text)).config.unwrap();
        let lines: Vec<String> = legal_gaps(&config).iter().map(Issue::line).collect();
        let paths: Vec<&str> = lines.iter().map(|l| l.split(':').next().unwrap()).collect();
        assert_eq!(
            paths,
            vec![
                "services[1].category",
                "services[2].recipient",
                "services[2].purpose",
                "services[2].data",
                "services[2].countryNote",
                "services[2].safeguards",
                "categories[1].title",
            ],
            "{lines:#?}"
        );
    }

    #[test]
    fn a_missing_policy_link_is_a_gap() {
        let text = r#"{"revision": 1,
            "categories": [{"id": "n", "required": true, "title": "N", "description": "N"}]}"#;
        let config = Config::from_json(&parse(text)).config.unwrap();
        let lines: Vec<String> = legal_gaps(&config).iter().map(Issue::line).collect();
        assert_eq!(lines.len(), 1, "{lines:#?}");
        assert!(lines[0].starts_with("policyUrl: missing"), "{lines:#?}");
    }
}
