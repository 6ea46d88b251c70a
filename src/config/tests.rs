use super::*;
use crate::json::testing::parse;
use crate::text::tests::lang as words;

/// Each issue as the checker prints it (`path: message`).
pub(super) fn lines(issues: &[Issue]) -> Vec<String> {
    issues.iter().map(Issue::line).collect()
}

/// A config of one category (`ads`) and `extra` (top-level members, each after a comma), read.
pub(super) fn with_ads(extra: &str) -> Parsed {
    let text =
        r#"{"revision": 1, "categories": [{"id": "ads", "title": "A", "description": "A"}] EXTRA}"#
            .replace("EXTRA", extra);
    Config::from_json(&parse(&text))
}

const GOOD: &str = r#"{
    "revision": 3, "language": "ja", "policyUrl": "/privacy",
    "categories": [
        {"id": "necessary", "required": true, "title": "必須", "description": "x"},
        {"id": "analytics", "title": {"ja": "分析", "en": "Analytics"}, "description": "y"}
    ],
    "services": [{"id": "ga", "category": "analytics", "name": "Google Analytics",
        "recipient": "Google LLC", "country": "US", "data": ["閲覧ページ", {"en": "IP"}],
        "purpose": "分析", "optOutUrl": "https://tools.google.com/dlpage/gaoptout",
        "cookies": ["_ga", "_ga_*"], "hosts": ["www.Google-Analytics.com"]}],
    "cookie": {"name": "consent", "domain": ".example.jp", "acceptedDays": 30},
    "texts": {"en": {"acceptAll": "OK, all"}}
}"#;

#[test]
fn reads_a_good_config() {
    let p = Config::from_json(&parse(GOOD));
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    let c = p.config.unwrap();
    assert_eq!(c.revision, 3);
    assert_eq!(c.language.as_deref(), Some("ja"));
    assert_eq!(c.categories.len(), 2);
    assert!(c.categories[0].required);
    let s = &c.services[0];
    assert_eq!(s.category, 1);
    assert_eq!(s.data.len(), 2);
    assert_eq!(s.hosts, vec!["www.google-analytics.com"]);
    assert_eq!(c.cookie.name, "consent");
    assert_eq!(c.cookie.accepted_days, 30);
    assert_eq!(c.cookie.rejected_days, 182);
    assert_eq!(c.ui(Ui::AcceptAll, &words("en")), "OK, all");
    assert_eq!(c.ui(Ui::AcceptAll, &words("ja")), "すべて同意する");
    assert!(c.floating_button);
    assert!(!c.reload_on_withdraw);
    assert!(!c.programmatic_grants);
}

#[test]
fn reports_every_error_with_its_path() {
    let p = Config::from_json(&parse(
        r#"{"revision": 1.5, "language": "français",
        "categories": [{"id": "ads", "title": "Ads"}, {"id": "ads", "title": 3, "description": "d"}],
        "services": [{"id": "ads", "category": "analytics", "name": "X", "country": "usa",
                      "cookies": ["a;b"], "hosts": ["bad host"]}, "nope"],
        "cookie": {"acceptedDays": 0}, "floatingButton": "yes"}"#,
    ));
    assert!(p.config.is_none());
    assert_eq!(
        lines(&p.errors),
        vec![
            "revision: must be a whole number from 0 to 4294967295",
            "language: must be \"auto\" or a language tag such as \"de\", \"pt-BR\" or \"zh-Hant\"",
            "categories[0].description: is required",
            "categories[1].id: duplicate id \"ads\" (category and service ids share one namespace)",
            "categories[1].title: expected a string or an object of language → string ({\"ja\": …, \"en\": …}), found a number",
            "services[0].id: duplicate id \"ads\" (category and service ids share one namespace)",
            "services[0].category: unknown category \"analytics\" (declared: ads, ads)",
            "services[0].country: must be an ISO 3166-1 alpha-2 code such as \"JP\" or \"US\"",
            "services[0].cookies[0]: must be a cookie name, with * for any characters (\"_ga_*\")",
            "services[0].hosts[0]: must be a host name such as \"www.googletagmanager.com\"",
            "services[1]: expected an object, found a string",
            "cookie.acceptedDays: must be a whole number from 1 to 3650",
            "floatingButton: expected true or false, found a string",
        ]
    );
}

#[test]
fn missing_and_wrongly_typed_top_level() {
    let p = Config::from_json(&parse("[]"));
    assert_eq!(lines(&p.errors), vec!["expected an object, found an array"]);
    let p = Config::from_json(&parse("{}"));
    assert_eq!(
        lines(&p.errors),
        vec![
            "revision: is required (a whole number; bump it to ask everyone again)",
            "categories: is required: a list of categories such as analytics and ads",
        ]
    );
    let p = Config::from_json(&parse(r#"{"revision": 1, "categories": []}"#));
    assert_eq!(
        lines(&p.errors),
        vec!["categories: must list at least one category"]
    );
    let p = Config::from_json(&parse(r#"{"revision": "1", "categories": {}}"#));
    assert_eq!(
        lines(&p.errors),
        vec![
            "revision: expected a whole number, found a string",
            "categories: expected an array, found an object"
        ]
    );
}

#[test]
fn unknown_keys_and_unsafe_links_are_warnings() {
    let p = Config::from_json(&parse(
        r#"{"revision": 1, "polcyUrl": "x", "policyUrl": "java\tscript:alert(1)",
        "categories": [{"id": "a", "title": "A", "description": "d"}],
        "services": [{"id": "s", "category": "a", "name": "S", "optOutUrl": " JAVASCRIPT:x",
                      "privacyPolicyUrl": "data:text/html,x"}],
        "texts": {"en": {"acceptAl": "x", "tcf.intro": "We share data."}}}"#,
    ));
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    let w = lines(&p.warnings);
    assert_eq!(w.len(), 6, "{w:?}");
    assert!(w[0].starts_with("polcyUrl: unknown field \"polcyUrl\" is ignored"));
    assert!(w[1].starts_with("policyUrl: link dropped"));
    assert!(w[2].starts_with("services[0].optOutUrl: link dropped"));
    assert!(w[3].starts_with("services[0].privacyPolicyUrl: link dropped"));
    assert!(w[4].starts_with("texts.en.acceptAl: unknown text key"));
    assert!(w[5].starts_with("texts.en.tcf.intro: is IAB TCF wording, which a site cannot change"));
    let c = p.config.unwrap();
    assert!(c.texts.is_empty());
    assert_eq!(c.policy_url, None);
    assert_eq!(c.services[0].opt_out_url, None);
}

#[test]
fn consent_mode_settings_are_checked() {
    let p = Config::from_json(&parse(
        r#"{"revision": 1, "categories": [{"id": "ads", "title": "A", "description": "A"}],
        "consentMode": {"map": {"ads": ["ad_storage", "ad_cookies"], "stats": []},
                        "waitForUpdate": -5,
                        "regions": [{"region": ["EU", "US-CA", "de"], "granted": ["x"]}]}}"#,
    ));
    assert_eq!(
        lines(&p.errors),
        vec![
            "consentMode.waitForUpdate: must be a whole number from 0 to 60000",
            "consentMode.map.ads[1]: unknown consent type (known: ad_storage, ad_user_data, ad_personalization, analytics_storage, functionality_storage, personalization_storage, security_storage)",
            "consentMode.map.stats: is not a category id",
            "consentMode.regions[0].region[0]: must be an ISO 3166-1 country (\"DE\") or ISO 3166-2 subdivision (\"US-CA\"); list EU countries one by one",
            "consentMode.regions[0].region[2]: must be an ISO 3166-1 country (\"DE\") or ISO 3166-2 subdivision (\"US-CA\"); list EU countries one by one",
            "consentMode.regions[0].granted[0]: unknown consent type (known: ad_storage, ad_user_data, ad_personalization, analytics_storage, functionality_storage, personalization_storage, security_storage)",
        ]
    );
    let ok = Config::from_json(&parse(
        r#"{"revision": 1, "categories": [{"id": "ads", "title": "A", "description": "A"}]}"#,
    ));
    let map = ok.config.unwrap().consent_mode.map;
    assert_eq!(
        map,
        vec![(0, vec!["ad_storage", "ad_user_data", "ad_personalization"])]
    );
}

#[test]
fn safe_links() {
    for ok in [
        "https://a.example/x",
        "HTTP://a",
        "mailto:privacy@example.jp",
        "/privacy",
        "policy.html",
        "#top",
        "//cdn.example/x",
        "/a:b",
    ] {
        assert!(safe_link(ok).is_some(), "{ok}");
    }
    for bad in [
        "javascript:alert(1)",
        " javascript:x",
        "java\nscript:x",
        "JaVaScRiPt:x",
        "data:text/html,x",
        "vbscript:x",
        "\u{1}javascript:x",
        "",
        "  ",
    ] {
        assert!(safe_link(bad).is_none(), "{bad:?}");
    }
    // Tabs and newlines removed, outer spaces and controls trimmed; other controls refused; a
    // `:` after the path, query or fragment starts no scheme.
    assert_eq!(
        safe_link(" \u{1}ht\ttps://a\r\n/b ").as_deref(),
        Some("https://a/b")
    );
    assert_eq!(safe_link("a?b:c").as_deref(), Some("a?b:c"));
    assert_eq!(
        safe_link("x#javascript:y").as_deref(),
        Some("x#javascript:y")
    );
    assert_eq!(safe_link("mailto:\u{85}x"), None);
    assert_eq!(safe_link("\t\n"), None);
}

#[test]
fn ids() {
    assert!(is_valid_id("ads_2-x"));
    assert!(!is_valid_id(""));
    assert!(!is_valid_id("a b"));
    assert!(!is_valid_id("a.b"));
    assert!(!is_valid_id(&"a".repeat(65)));
}

#[test]
fn languages_are_tags_and_the_checker_names_what_would_show_in_english() {
    let p = Config::from_json(&parse(
        r#"{"revision": 1, "language": "auto", "defaultLanguage": "de-AT",
            "categories": [{"id": "a", "title": "A", "description": "A"}],
            "texts": {"de-CH": {"title": "Datenschutz"}, "is": {"title": "Persónuvernd"}, "1x": {"title": "x"}}}"#,
    ));
    let c = p.config.expect("valid");
    assert_eq!(c.language, None);
    assert_eq!(c.default_language.as_deref(), Some("de-AT"));
    assert_eq!(c.site_languages(), vec!["de-CH", "is"]);
    let w = lines(&p.warnings);
    assert_eq!(w[0], "texts.is: a language Noren has no wording for: these keys show in English: text, acceptAll, rejectAll, manage, save, preferencesTitle, preferencesText, policyLink, closeBanner, close, reopen, alwaysOn, recipient, country, dataSent, purpose, cookies, optOut, servicePolicy, allow, services, textOptOut, personalData, needsConsent, countryRegime, safeguards, firstParty, thirdParty, exemptNecessary, exemptFirstParty, disclosureTitle, disclosureText, gpcHonoured, embedLoad, embedMore, embedText, recordId, textNoAds, textOptOutNoAds, textNoAnalytics, textOptOutNoAnalytics, textNoAdsNoAnalytics, textOptOutNoAdsNoAnalytics, preferencesTextNoRequired, embedTextNoData");
    assert_eq!(
        w[1],
        "texts.1x: is not a language tag (such as \"de\" or \"pt-BR\"): not used"
    );
    assert_eq!(w.len(), 2, "{w:?}");
    // The visitor's choice: a Swiss German browser gets the site's de-CH over German words.
    let choice = c.choose_language("", &["de-CH".to_string()]);
    assert_eq!((choice.lang.as_str(), choice.file), ("de-CH", "de"));
    let de = crate::text::tests::lang("de");
    let mut swiss = de.clone();
    swiss.lang = choice.lang;
    assert_eq!(c.ui(Ui::Title, &swiss), "Datenschutz");
    assert_eq!(c.ui(Ui::AcceptAll, &swiss), de.get("acceptAll"));
    // No browser language Noren has: the default.
    assert_eq!(c.choose_language("tlh", &[]).file, "de");
    let fixed = Config::from_json(&parse(
        r#"{"revision": 1, "language": "tlh", "defaultLanguage": "xx-YY",
            "categories": [{"id": "a", "title": "A", "description": "A"}]}"#,
    ));
    assert_eq!(
        lines(&fixed.warnings),
        vec![
            "language: Noren has no wording for \"tlh\" and texts does not add it: add texts.tlh (its missing keys come from English), or the notice falls back",
            "defaultLanguage: Noren has no wording for \"xx-YY\" and texts does not add it: add texts.xx-YY (its missing keys come from English), or the notice falls back",
        ]
    );
    assert_eq!(fixed.config.unwrap().choose_language("de", &[]).file, "en");
}

#[test]
fn issues_are_codes_whose_sentences_the_line_fills_in() {
    // A sentence's own braces stay (E134's example), the parameters and the path are filled in
    // once (a field named `{path}` is not filled in again), the whole config has no path.
    let p = with_ads(r#", "{path}": 1, "logo": {"src": "/l.png", "alt": 5}"#);
    assert_eq!(p.warnings[0].code, "W117");
    assert_eq!(p.warnings[0].params[0], ("field", "{path}".to_string()));
    assert!(lines(&p.warnings)[0]
        .starts_with(r#"{path}: unknown field "{path}" is ignored (known: $schema, "#));
    assert_eq!(
        lines(&p.errors),
        vec![
            r#"logo.alt: expected a string or an object of language → string ({"ja": …, "en": …}), found a number"#
        ]
    );
    let root = Config::from_json(&parse("[]"));
    assert_eq!(
        lines(&root.errors),
        vec!["expected an object, found an array"]
    );
    // A code without a sentence (none should be) prints as the loader prints it without the file.
    let unknown = Issue {
        path: "x".into(),
        code: "E999",
        params: vec![("n", "1".into())],
    };
    assert_eq!(unknown.line(), "E999 path=x n=1");
}
