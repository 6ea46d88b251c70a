//! The readers: [`Config::from_json`] walks the JSON with a [`Check`] and builds the model.

use super::check::{index, is_cookie_pattern, is_host, join, Check};
use super::regions::{is_region, GROUPS, REGION_KEYS};
use super::*;
use crate::json::Json;
use crate::text::{is_tag, push_list};

impl Config {
    /// Reads and validates a config, reporting every problem at once.
    pub fn from_json(root: &Json) -> Parsed {
        let mut c = Check {
            errors: Vec::new(),
            warnings: Vec::new(),
        };
        let config = read_config(&mut c, root);
        Parsed {
            config: if c.errors.is_empty() { config } else { None },
            errors: c.errors,
            warnings: c.warnings,
        }
    }
}

fn read_config(c: &mut Check, root: &Json) -> Option<Config> {
    c.object("", root, TOP_KEYS)?;
    let revision = match root.get("revision") {
        None => {
            c.error(
                "revision",
                "is required (a whole number; bump it to ask everyone again)",
            );
            0
        }
        v => c.integer("revision", v, 0, u32::MAX).unwrap_or(0),
    };
    let language = read_language(c, "language", root.get("language"));
    let default_language = read_language(c, "defaultLanguage", root.get("defaultLanguage"));
    let policy_url = c.link("policyUrl", root.get("policyUrl"));

    let categories = read_categories(c, root.get("categories"));
    let services = read_services(c, root.get("services"), &categories);

    let mut cookie = CookieSettings::default();
    if let Some(v) = root.get("cookie") {
        if c.object("cookie", v, COOKIE_KEYS).is_some() {
            if let Some(name) = c.string("cookie.name", v.get("name"), false) {
                if is_valid_id(&name) {
                    cookie.name = name;
                } else {
                    c.error("cookie.name", "use 1–64 letters, digits, _ or -");
                }
            }
            if let Some(domain) = c.string("cookie.domain", v.get("domain"), false) {
                if is_host(domain.trim_start_matches('.')) {
                    cookie.domain = Some(domain);
                } else {
                    c.error("cookie.domain", "must be a domain such as \"example.com\"");
                }
            }
            let days = c.integer("cookie.acceptedDays", v.get("acceptedDays"), 1, 3650);
            cookie.accepted_days = days.unwrap_or(cookie.accepted_days);
            let days = c.integer("cookie.rejectedDays", v.get("rejectedDays"), 1, 3650);
            cookie.rejected_days = days.unwrap_or(cookie.rejected_days);
        }
    }

    let reload_on_withdraw = c.boolean("reloadOnWithdraw", root.get("reloadOnWithdraw"), false);
    let programmatic_grants =
        c.boolean("programmaticGrants", root.get("programmaticGrants"), false);
    let floating_button = c.boolean("floatingButton", root.get("floatingButton"), true);
    let texts = read_texts(c, "texts", root.get("texts"));
    #[cfg(any(not(target_arch = "wasm32"), feature = "node"))]
    check_languages(
        c,
        &[
            ("language", &language),
            ("defaultLanguage", &default_language),
        ],
        &texts,
    );
    let regime = match c.one_of("regime", root.get("regime"), &["opt-in", "opt-out"]) {
        Some(1) => Regime::OptOut,
        _ => Regime::OptIn,
    };
    let look = read_look(c, root);
    // Automatic blocking happens in the loader, which reads these two itself; the policy of
    // the browser-enforced barrier (`crate::csp`) reads them from here.
    let block_unknown_hosts = c.boolean("blockUnknownHosts", root.get("blockUnknownHosts"), false);
    let mut allow_hosts = c.strings("allowHosts", root.get("allowHosts"));
    for (j, h) in allow_hosts.iter_mut().enumerate() {
        h.make_ascii_lowercase();
        if !is_host(h) {
            c.error(
                &index("allowHosts", j),
                "must be a host name such as \"cdn.example.com\"",
            );
        }
    }
    #[cfg(all(target_arch = "wasm32", not(feature = "node")))]
    let _ = (block_unknown_hosts, allow_hosts);
    let csp_barrier = c.one_of("barrier", root.get("barrier"), &["none", "csp"]) == Some(1);
    let record_url = c.link("recordUrl", root.get("recordUrl"));
    let consent_mode = read_consent_mode(c, root.get("consentMode"), &categories);
    // The loader fetches `regionUrl` itself; it is checked here like every field.
    let region_url = c.link("regionUrl", root.get("regionUrl"));
    for (key, url) in [("recordUrl", &record_url), ("regionUrl", &region_url)] {
        if url.as_deref().is_some_and(|u| u.starts_with("mailto:")) {
            c.error(key, "must be an http(s) or relative URL");
        }
    }
    // IAB TCF and GPP: read by the native checker and the noren_iab module. noren_core never
    // gets such a config (the loader sends it to noren_iab), so its validation stays out of it.
    #[cfg(any(feature = "iab", not(target_arch = "wasm32")))]
    let (tcf, gpp) = {
        let tcf = iab::read_tcf(c, root.get("tcf"));
        let gpp = iab::read_gpp(c, root.get("gpp"), tcf.is_some(), regime);
        (tcf, gpp)
    };
    #[cfg(not(any(feature = "iab", not(target_arch = "wasm32"))))]
    let (tcf, gpp) = {
        if root.get("tcf").is_some() || root.get("gpp").is_some() {
            c.error(
                "tcf",
                "needs the IAB build: load noren-iab.js instead of noren.js",
            );
        }
        (None, None)
    };
    let base = RegionRules {
        regime: Some(regime),
        gdpr_applies: tcf.as_ref().map(|t: &TcfSettings| t.gdpr_applies),
        gpp_sections: gpp.as_ref().map(|g: &GppSettings| (g.usnat, g.states)),
        default_language: default_language.clone(),
        ..Default::default()
    };
    let regions = read_regions(
        c,
        root.get("regions"),
        base,
        &texts,
        (tcf.is_some(), gpp.is_some()),
    );

    Some(Config {
        revision,
        language,
        default_language,
        policy_url,
        categories,
        services,
        cookie,
        reload_on_withdraw,
        programmatic_grants,
        floating_button,
        texts,
        regime,
        look,
        record_url,
        consent_mode,
        tcf,
        gpp,
        #[cfg(any(not(target_arch = "wasm32"), feature = "node"))]
        block_unknown_hosts,
        #[cfg(any(not(target_arch = "wasm32"), feature = "node"))]
        allow_hosts,
        csp_barrier,
        regions,
    })
}

/// A list of Google Consent Mode types (`["ad_storage", …]`).
fn consent_types(c: &mut Check, path: &str, v: Option<&Json>) -> Vec<&'static str> {
    let mut out = Vec::new();
    for (j, name) in c.strings(path, v).iter().enumerate() {
        match CONSENT_MODE_TYPES.iter().find(|t| **t == name.as_str()) {
            Some(t) => out.push(*t),
            None => {
                let mut m = String::from("unknown consent type (known: ");
                push_list(&mut m, &mut CONSENT_MODE_TYPES.iter().copied(), ", ");
                m.push(')');
                c.error(&index(path, j), &m);
            }
        }
    }
    out
}

fn read_consent_mode(
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
                    None => c.error(&path, "is not a category id"),
                }
            }
        } else {
            c.wrong_type(
                "consentMode.map",
                "an object of category id → consent types",
                m,
            );
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
                c.error(
                    &index(&region_path, j),
                    "must be an ISO 3166-1 country (\"DE\") or ISO 3166-2 subdivision (\"US-CA\"); list EU countries one by one",
                );
            }
        }
        consent_types(c, &join(&path, "granted"), r.get("granted"));
    }
    out
}

fn read_look(c: &mut Check, root: &Json) -> Look {
    let layout = match c.one_of("layout", root.get("layout"), &["bar", "box", "modal"]) {
        Some(1) => Layout::Box,
        Some(2) => Layout::Modal,
        _ => Layout::Bar,
    };
    const POSITIONS: &[&str] = &[
        "bottom",
        "top",
        "bottom-right",
        "bottom-left",
        "top-right",
        "top-left",
    ];
    let position = c
        .one_of("position", root.get("position"), POSITIONS)
        .map_or("bottom", |i| POSITIONS[i]);
    let theme = match c.one_of("theme", root.get("theme"), &["auto", "light", "dark"]) {
        Some(1) => Theme::Light,
        Some(2) => Theme::Dark,
        _ => Theme::Auto,
    };
    let logo = match root.get("logo") {
        Some(v) if c.object("logo", v, LOGO_KEYS).is_some() => {
            let src = c.link("logo.src", v.get("src"));
            let alt = c.text("logo.alt", v.get("alt"), true);
            if src.is_none() && v.get("src").is_none() {
                c.error("logo.src", "is required");
            }
            src.map(|s| (s, alt))
        }
        _ => None,
    };
    Look {
        layout,
        top: position.starts_with("top"),
        left: position.ends_with("left"),
        theme,
        logo,
    }
}

fn read_id(c: &mut Check, path: &str, v: Option<&Json>, seen: &mut Vec<String>) -> String {
    let id_path = join(path, "id");
    let Some(id) = c.string(&id_path, v, true) else {
        return String::new();
    };
    if !is_valid_id(&id) {
        c.error(&id_path, "use 1–64 letters, digits, _ or -");
    } else if seen.contains(&id) {
        let mut m = String::from("duplicate id \"");
        m.push_str(&id);
        m.push_str("\" (category and service ids share one namespace)");
        c.error(&id_path, &m);
    } else {
        seen.push(id.clone());
    }
    id
}

fn read_categories(c: &mut Check, v: Option<&Json>) -> Vec<Category> {
    if v.is_none() {
        c.error(
            "categories",
            "is required: a list of categories such as analytics and ads",
        );
        return Vec::new();
    }
    let items = c.array("categories", v);
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = index("categories", i);
        if c.object(&path, item, CATEGORY_KEYS).is_none() {
            continue;
        }
        out.push(Category {
            id: read_id(c, &path, item.get("id"), &mut seen),
            required: c.boolean(&join(&path, "required"), item.get("required"), false),
            title: c.text(&join(&path, "title"), item.get("title"), true),
            description: c.text(&join(&path, "description"), item.get("description"), true),
        });
    }
    if out.is_empty() && matches!(v, Some(Json::Arr(_))) {
        c.error("categories", "must list at least one category");
    }
    out
}

fn read_services(c: &mut Check, v: Option<&Json>, categories: &[Category]) -> Vec<Service> {
    let items = c.array("services", v);
    let mut seen: Vec<String> = categories.iter().map(|k| k.id.clone()).collect();
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = index("services", i);
        if c.object(&path, item, SERVICE_KEYS).is_none() {
            continue;
        }
        let id = read_id(c, &path, item.get("id"), &mut seen);
        let cat_path = join(&path, "category");
        let category = match c.string(&cat_path, item.get("category"), true) {
            Some(cat) => match categories.iter().position(|k| k.id == cat) {
                Some(i) => i,
                None => {
                    let mut m = String::from("unknown category \"");
                    m.push_str(&cat);
                    m.push_str("\" (declared: ");
                    push_list(&mut m, &mut categories.iter().map(|k| k.id.as_str()), ", ");
                    m.push(')');
                    c.error(&cat_path, &m);
                    0
                }
            },
            None => 0,
        };
        let country_path = join(&path, "country");
        let country = c
            .string(&country_path, item.get("country"), false)
            .unwrap_or_default();
        if !country.is_empty()
            && (country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()))
        {
            c.error(
                &country_path,
                "must be an ISO 3166-1 alpha-2 code such as \"JP\" or \"US\"",
            );
        }
        let data_path = join(&path, "data");
        let data = match item.get("data") {
            Some(Json::Arr(items)) => items
                .iter()
                .enumerate()
                .map(|(j, d)| c.text(&index(&data_path, j), Some(d), true))
                .collect(),
            None | Some(Json::Null) => Vec::new(),
            single => vec![c.text(&data_path, single, true)],
        };
        let cookies = read_cookies(c, &join(&path, "cookies"), item.get("cookies"));
        let hosts: Vec<String> = c
            .strings(&join(&path, "hosts"), item.get("hosts"))
            .into_iter()
            .map(|h| h.to_ascii_lowercase())
            .collect();
        for (j, h) in hosts.iter().enumerate() {
            if !is_host(h) {
                c.error(
                    &index(&join(&path, "hosts"), j),
                    "must be a host name such as \"www.googletagmanager.com\"",
                );
            }
        }
        out.push(Service {
            id,
            category,
            name: c.text(&join(&path, "name"), item.get("name"), true),
            recipient: c.text(&join(&path, "recipient"), item.get("recipient"), false),
            country,
            data,
            purpose: c.text(&join(&path, "purpose"), item.get("purpose"), false),
            opt_out_url: c.link(&join(&path, "optOutUrl"), item.get("optOutUrl")),
            privacy_policy_url: c.link(
                &join(&path, "privacyPolicyUrl"),
                item.get("privacyPolicyUrl"),
            ),
            cookies,
            hosts,
            exempt: match c.one_of(
                &join(&path, "exempt"),
                item.get("exempt"),
                &["necessary", "first-party"],
            ) {
                Some(0) => Some(Exempt::Necessary),
                Some(_) => Some(Exempt::FirstParty),
                None => None,
            },
            links_personal_data: c.boolean(
                &join(&path, "recipientLinksPersonalData"),
                item.get("recipientLinksPersonalData"),
                false,
            ),
            country_note: c.text(&join(&path, "countryNote"), item.get("countryNote"), false),
            safeguards: c.text(&join(&path, "safeguards"), item.get("safeguards"), false),
        });
    }
    out
}

/// A service's `cookies`: names (`"_ga"`), or objects with a duration and whether a third
/// party reads them (`{"name": "_ga", "duration": "2 years", "thirdParty": false}`).
fn read_cookies(c: &mut Check, path: &str, v: Option<&Json>) -> Vec<CookieInfo> {
    let mut out = Vec::new();
    for (j, item) in c.array(path, v).iter().enumerate() {
        let at = index(path, j);
        let (name_path, name, cookie) = match item {
            Json::Obj(_) => {
                if c.object(&at, item, SERVICE_COOKIE_KEYS).is_none() {
                    continue;
                }
                let name_path = join(&at, "name");
                let name = c.string(&name_path, item.get("name"), true);
                let info = CookieInfo {
                    name: String::new(),
                    duration: c.text(&join(&at, "duration"), item.get("duration"), false),
                    third_party: match item.get("thirdParty") {
                        None | Some(Json::Null) => None,
                        v => Some(c.boolean(&join(&at, "thirdParty"), v, false)),
                    },
                };
                (name_path, name, info)
            }
            _ => {
                let name = c.string(&at, Some(item), true);
                (at, name, CookieInfo::default())
            }
        };
        let Some(name) = name else { continue };
        if !is_cookie_pattern(&name) {
            c.error(
                &name_path,
                "must be a cookie name, with * for any characters (\"_ga_*\")",
            );
        }
        out.push(CookieInfo { name, ..cookie });
    }
    out
}

/// `language` / `defaultLanguage`: a language tag; `"auto"` (for `language`: the choice by
/// the page and the browser) is none.
fn read_language(c: &mut Check, path: &str, v: Option<&Json>) -> Option<String> {
    match v {
        None | Some(Json::Null) => None,
        Some(Json::Str(s)) if s == "auto" => None,
        Some(Json::Str(s)) if is_tag(s) => Some(s.clone()),
        Some(_) => {
            c.error(
                path,
                "must be \"auto\" or a language tag such as \"de\", \"pt-BR\" or \"zh-Hant\"",
            );
            None
        }
    }
}

/// The checker's warnings on languages (the browser shows such a notice in English, or in the
/// default language): a fixed or default language nothing gives words for.
#[cfg(any(not(target_arch = "wasm32"), feature = "node"))]
fn check_languages(
    c: &mut Check,
    tags: &[(&str, &Option<String>)],
    texts: &[(String, Ui, String)],
) {
    for &(path, tag) in tags {
        let Some(tag) = tag.as_deref() else { continue };
        let site = texts.iter().any(|(l, _, _)| l == tag);
        if crate::text::builtin_file(tag).is_none() && !site {
            let mut m = String::from("Noren has no wording for \"");
            m.push_str(tag);
            m.push_str("\" and texts does not add it: add texts.");
            m.push_str(tag);
            m.push_str(" (its missing keys come from English), or the notice falls back");
            c.warn(path, &m);
        }
    }
}

/// `texts` (at `at`: the top level's, or a region's).
fn read_texts(c: &mut Check, at: &str, v: Option<&Json>) -> Vec<(String, Ui, String)> {
    let mut out = Vec::new();
    let Some(v) = v else { return out };
    let Json::Obj(langs) = v else {
        c.wrong_type(at, "an object of language → {key: text}", v);
        return out;
    };
    for (lang, strings) in langs {
        let path = join(at, lang);
        if !is_tag(lang) {
            c.warn(
                &path,
                "is not a language tag (such as \"de\" or \"pt-BR\"): not used",
            );
            continue;
        }
        let Json::Obj(members) = strings else {
            c.wrong_type(&path, "an object of key → text", strings);
            continue;
        };
        for (key, s) in members {
            let key_path = join(&path, key);
            match Ui::ALL.iter().find(|u| u.key() == key) {
                Some(ui) => {
                    if let Some(s) = c.string(&key_path, Some(s), true) {
                        out.push((lang.clone(), *ui, s));
                    }
                }
                // The TCF part's wording (`tcf.*` in src/wording) is not the site's to change:
                // the TCF policy prescribes what it discloses, and TCData says the texts are
                // the standard ones (`useNonStandardTexts: false`).
                None if key.starts_with("tcf.") => c.warn(
                    &key_path,
                    "is IAB TCF wording, which a site cannot change (the TCF policy prescribes what it says); ignored",
                ),
                None => {
                    let mut m = String::from("unknown text key (known: ");
                    push_list(&mut m, &mut Ui::ALL.iter().map(|u| u.key()), ", ");
                    m.push(')');
                    c.warn(&key_path, &m);
                }
            }
        }
        #[cfg(any(not(target_arch = "wasm32"), feature = "node"))]
        if crate::text::builtin_file(lang).is_none() {
            let given = |k: &&str| out.iter().any(|(l, u, _)| l == lang && u.key() == *k);
            let mut missing = Ui::KEYS.iter().filter(|k| !given(k)).peekable();
            if missing.peek().is_some() {
                let mut m = String::from(
                    "a language Noren has no wording for: these keys show in English: ",
                );
                push_list(&mut m, &mut missing.copied(), ", ");
                c.warn(&path, &m);
            }
        }
    }
    out
}

/// Reads `regions` ([`super::regions`]). `base` holds the top level's rules (already read).
/// `top_texts`: the top level's `texts` (a region's `defaultLanguage` may be one they add);
/// `(has_tcf, has_gpp)`: whether the top level has `tcf` and `gpp`.
fn read_regions(
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
        c.wrong_type("regions", "an object of region → rules", v);
        return out;
    };
    for (key, rules) in members {
        let path = join("regions", key);
        if !is_region(key) && !GROUPS.contains(&key.as_str()) {
            c.error(
                &path,
                "must be an ISO 3166-1 country (\"DE\"), an ISO 3166-2 subdivision (\"US-CA\"), \"EU\" or \"EEA\"",
            );
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
                c.error(&p, "needs the top-level \"tcf\" object");
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
            c.error(
                &lang_path,
                "must be a language tag such as \"ja\" or \"pt-BR\"",
            );
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
fn read_region_gpp(
    c: &mut Check,
    path: &str,
    v: &Json,
    tcf: bool,
    gpp: bool,
) -> Option<(bool, u8)> {
    if !gpp {
        c.error(path, "needs the top-level \"gpp\" object");
        return None;
    }
    c.object(path, v, &["sections"])?;
    let sections = v.get("sections")?;
    #[cfg(any(feature = "iab", not(target_arch = "wasm32")))]
    return Some(super::iab::read_sections(
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
