//! The readers: [`Config::from_json`] walks the JSON with a [`Check`] and builds the model.

use super::check::{index, is_cookie_pattern, is_host, is_mailto, join, Check};
use super::*;
use crate::json::Json;
use crate::text::push_list;

mod consent_mode;
mod regions;
mod texts;

use consent_mode::read_consent_mode;
use regions::read_regions;
#[cfg(any(not(target_arch = "wasm32"), feature = "node"))]
use texts::check_languages;
use texts::{read_language, read_texts};

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
            c.error("revision", "E104", &[]);
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
                    c.error("cookie.name", "E105", &[]);
                }
            }
            if let Some(domain) = c.string("cookie.domain", v.get("domain"), false) {
                if is_host(domain.trim_start_matches('.')) {
                    cookie.domain = Some(domain);
                } else {
                    c.error("cookie.domain", "E106", &[]);
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
    let allow_hosts = read_hosts(c, "allowHosts", root.get("allowHosts"), "E107");
    #[cfg(all(target_arch = "wasm32", not(feature = "node")))]
    let _ = (block_unknown_hosts, allow_hosts);
    let csp_barrier = c.one_of("barrier", root.get("barrier"), &["none", "csp"]) == Some(1);
    let record_url = c.link("recordUrl", root.get("recordUrl"));
    let consent_mode = read_consent_mode(c, root.get("consentMode"), &categories);
    // The loader fetches `regionUrl` itself; it is checked here like every field.
    let region_url = c.link("regionUrl", root.get("regionUrl"));
    for (key, url) in [("recordUrl", &record_url), ("regionUrl", &region_url)] {
        if url.as_deref().is_some_and(is_mailto) {
            c.error(key, "E108", &[]);
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
            c.error("tcf", "E109", &[]);
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
                c.error("logo.src", "E102", &[]);
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

/// The `id` of the category or service at `path`, unique among the categories and services
/// read before it.
fn read_id(
    c: &mut Check,
    path: &str,
    v: Option<&Json>,
    categories: &[Category],
    services: &[Service],
) -> String {
    let id_path = join(path, "id");
    let Some(id) = c.string(&id_path, v, true) else {
        return String::new();
    };
    if !is_valid_id(&id) {
        c.error(&id_path, "E105", &[]);
    } else if categories.iter().any(|k| k.id == id) || services.iter().any(|s| s.id == id) {
        c.error(&id_path, "E142", &[("id", &id)]);
    }
    id
}

fn read_categories(c: &mut Check, v: Option<&Json>) -> Vec<Category> {
    if v.is_none() {
        c.error("categories", "E110", &[]);
        return Vec::new();
    }
    let items = c.array("categories", v);
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = index("categories", i);
        if c.object(&path, item, CATEGORY_KEYS).is_none() {
            continue;
        }
        out.push(Category {
            id: read_id(c, &path, item.get("id"), &out, &[]),
            required: c.boolean_in(&path, item, "required", false),
            title: c.text_in(&path, item, "title", true),
            description: c.text_in(&path, item, "description", true),
        });
    }
    if out.is_empty() && matches!(v, Some(Json::Arr(_))) {
        c.error("categories", "E111", &[]);
    }
    out
}

fn read_services(c: &mut Check, v: Option<&Json>, categories: &[Category]) -> Vec<Service> {
    let items = c.array("services", v);
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = index("services", i);
        if c.object(&path, item, SERVICE_KEYS).is_none() {
            continue;
        }
        let id = read_id(c, &path, item.get("id"), categories, &out);
        let cat_path = join(&path, "category");
        let category = match c.string(&cat_path, item.get("category"), true) {
            Some(cat) => match categories.iter().position(|k| k.id == cat) {
                Some(i) => i,
                None => {
                    let mut list = String::new();
                    push_list(
                        &mut list,
                        &mut categories.iter().map(|k| k.id.as_str()),
                        ", ",
                    );
                    c.error(
                        &cat_path,
                        "E143",
                        &[("category", &cat), ("declared", &list)],
                    );
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
            c.error(&country_path, "E112", &[]);
        }
        let data_path = join(&path, "data");
        let data = match item.get("data") {
            Some(Json::Arr(items)) => {
                let mut data = Vec::new();
                for (j, d) in items.iter().enumerate() {
                    data.push(c.text(&index(&data_path, j), Some(d), true));
                }
                data
            }
            None | Some(Json::Null) => Vec::new(),
            single => vec![c.text(&data_path, single, true)],
        };
        let cookies = read_cookies(c, &join(&path, "cookies"), item.get("cookies"));
        let hosts = read_hosts(c, &join(&path, "hosts"), item.get("hosts"), "E113");
        out.push(Service {
            id,
            category,
            name: c.text_in(&path, item, "name", true),
            recipient: c.text_in(&path, item, "recipient", false),
            country,
            data,
            purpose: c.text_in(&path, item, "purpose", false),
            opt_out_url: c.link_in(&path, item, "optOutUrl"),
            privacy_policy_url: c.link_in(&path, item, "privacyPolicyUrl"),
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
            links_personal_data: c.boolean_in(&path, item, "recipientLinksPersonalData", false),
            country_note: c.text_in(&path, item, "countryNote", false),
            safeguards: c.text_in(&path, item, "safeguards", false),
        });
    }
    out
}

/// A list of host names (lowercased), each checked by [`is_host`] (`code`: the message for one
/// that is not).
fn read_hosts(c: &mut Check, path: &str, v: Option<&Json>, code: &'static str) -> Vec<String> {
    let mut hosts = c.strings(path, v);
    for (j, h) in hosts.iter_mut().enumerate() {
        h.make_ascii_lowercase();
        if !is_host(h) {
            c.error(&index(path, j), code, &[]);
        }
    }
    hosts
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
                    duration: c.text_in(&at, item, "duration", false),
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
            c.error(&name_path, "E114", &[]);
        }
        out.push(CookieInfo { name, ..cookie });
    }
    out
}
