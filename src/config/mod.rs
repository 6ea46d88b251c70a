//! The site's config: its model and its validation.
//!
//! [`Config::from_json`] reads a parsed JSON value and reports every problem at once, each with
//! the path of the field it concerns (`services[2].category`), so a site owner can fix them all
//! in one go. Problems that would let a tag run wrongly are errors (the banner fails closed);
//! problems that only lose a detail (an unsafe link, an unknown key) are warnings.

use crate::prelude::*;

use crate::iab::tcf::TcfSettings;
use crate::json::Json;
use crate::text::{choose, is_tag, push_list, site_text, Choice, Text, Ui, Wording};

#[cfg(any(feature = "iab", not(target_arch = "wasm32")))]
mod iab;
pub mod legal_gaps;
#[cfg(any(feature = "iab", not(target_arch = "wasm32")))]
pub use iab::{GPP_KEYS, TCF_KEYS};

/// One problem found in a config.
#[derive(Clone, Debug, PartialEq)]
pub struct Issue {
    /// Where: `categories[1].id`, or `""` for the config as a whole.
    pub path: String,
    /// What is wrong, and where it helps, how to fix it.
    pub message: String,
}

impl Issue {
    /// `path: message`, as printed in the console.
    pub fn line(&self) -> String {
        if self.path.is_empty() {
            return self.message.clone();
        }
        let mut s = self.path.clone();
        s.push_str(": ");
        s.push_str(&self.message);
        s
    }
}

/// A purpose a visitor can allow or refuse (or a required one they cannot).
#[derive(Clone, Debug, PartialEq)]
pub struct Category {
    /// The id used in `data-consent` and the API.
    pub id: String,
    /// Always on, shown with a disabled switch.
    pub required: bool,
    /// Short title.
    pub title: Text,
    /// What it is for, in a sentence.
    pub description: Text,
}

/// A third-party tag or SDK and what it does with the visitor's information.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Service {
    /// The id used in `data-service` and the API.
    pub id: String,
    /// Index of its category in [`Config::categories`].
    pub category: usize,
    /// The service's name as visitors know it.
    pub name: Text,
    /// The legal name of the recipient of the information.
    pub recipient: Text,
    /// ISO 3166-1 alpha-2 code of the recipient's country.
    pub country: String,
    /// The items of information the tag sends.
    pub data: Vec<Text>,
    /// What the recipient uses the information for.
    pub purpose: Text,
    /// The recipient's opt-out page (http, https or mailto only).
    pub opt_out_url: Option<String>,
    /// The recipient's privacy policy (http, https or mailto only).
    pub privacy_policy_url: Option<String>,
    /// The cookies it sets, deleted when it is withdrawn.
    pub cookies: Vec<CookieInfo>,
    /// Domains it loads from or sends to.
    pub hosts: Vec<String>,
    /// Why it needs no consent under Japan's external-transmission rule, if it does not.
    pub exempt: Option<Exempt>,
    /// The recipient links what it receives to personal data (APPI Art. 31): it needs the
    /// visitor's consent even under the opt-out regime, with the recipient named.
    pub links_personal_data: bool,
    /// For a recipient outside Japan: that country's privacy regime, overriding the built-in
    /// note (APPI Art. 28).
    pub country_note: Text,
    /// For a recipient outside Japan: the safeguards it keeps (APPI Art. 28).
    pub safeguards: Text,
}

/// A cookie a service sets, as the second layer lists it.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct CookieInfo {
    /// Its name, or a pattern with `*` (`_ga_*`).
    pub name: String,
    /// How long it lasts, as visitors read it ("2 years", "セッション").
    pub duration: Text,
    /// Whether the site itself (first party) or another domain (third party) reads it, if
    /// the config says.
    pub third_party: Option<bool>,
}

/// Why a service needs no consent under Japan's external-transmission rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exempt {
    /// Strictly necessary to provide the service the visitor asked for.
    Necessary,
    /// A first-party identifier sent back only to the site itself.
    FirstParty,
}

/// How consent works before the visitor chooses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Regime {
    /// Nothing non-essential runs until the visitor agrees (the EU; the default).
    OptIn,
    /// Notice only: everything runs unless refused, except services that need consent anyway
    /// (`recipientLinksPersonalData`).
    OptOut,
}

/// Where the first layer sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// A full-width bar.
    Bar,
    /// A box in a corner.
    Box,
    /// A centred modal.
    Modal,
}

/// Colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// Follows `prefers-color-scheme`.
    Auto,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

/// How the notice looks.
#[derive(Clone, Debug, PartialEq)]
pub struct Look {
    /// The first layer's shape.
    pub layout: Layout,
    /// At the top of the window rather than the bottom (bar and box).
    pub top: bool,
    /// In the left corner rather than the right (box).
    pub left: bool,
    /// Colours.
    pub theme: Theme,
    /// The site's logo: (image URL, alternative text).
    pub logo: Option<(String, Text)>,
}

/// Where and how long the choice is kept.
#[derive(Clone, Debug, PartialEq)]
pub struct CookieSettings {
    /// The cookie's name.
    pub name: String,
    /// `Domain` attribute, to share the choice across subdomains.
    pub domain: Option<String>,
    /// How long a choice that accepts anything non-essential is kept, in days.
    pub accepted_days: u32,
    /// How long a refusal of everything non-essential is kept, in days.
    pub rejected_days: u32,
}

impl Default for CookieSettings {
    fn default() -> Self {
        CookieSettings {
            name: "noren".into(),
            domain: None,
            accepted_days: 365,
            rejected_days: 182,
        }
    }
}

/// A validated config.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Bumping it asks every visitor again.
    pub revision: u32,
    /// A fixed language (a BCP 47 tag), or `None` for automatic choice (`"auto"`).
    pub language: Option<String>,
    /// The language when neither the page nor the browser names one Noren has.
    pub default_language: Option<String>,
    /// Link to the site's privacy policy.
    pub policy_url: Option<String>,
    /// The categories, in display order.
    pub categories: Vec<Category>,
    /// The services, in display order.
    pub services: Vec<Service>,
    /// Storage settings.
    pub cookie: CookieSettings,
    /// Reload the page after a visitor withdraws consent that was in force.
    pub reload_on_withdraw: bool,
    /// Let `noren.acceptAll()` and granting `noren.update()` calls made without a user gesture
    /// take effect (by default they are refused).
    pub programmatic_grants: bool,
    /// Show the floating button that reopens the preferences.
    pub floating_button: bool,
    /// Overrides of the built-in wording: (language tag, string key, text). A tag without
    /// built-in wording adds a language (its missing keys come from English).
    pub texts: Vec<(String, Ui, String)>,
    /// How consent works before a choice.
    pub regime: Regime,
    /// Layout, position, theme, logo.
    pub look: Look,
    /// Where consent records are sent (`navigator.sendBeacon`), if anywhere.
    pub record_url: Option<String>,
    /// Google Consent Mode settings.
    pub consent_mode: ConsentModeSettings,
    /// IAB TCF v2.2, when the config has a `tcf` object.
    pub tcf: Option<TcfSettings>,
    /// IAB GPP, when the config has a `gpp` object.
    pub gpp: Option<GppSettings>,
    /// Strict mode (`blockUnknownHosts`): third-party hosts no service names are refused.
    /// Read natively only (the loader reads it in the browser).
    #[cfg(not(target_arch = "wasm32"))]
    pub block_unknown_hosts: bool,
    /// Third-party hosts (and their subdomains) that always load (`allowHosts`), lower case.
    /// Read natively only (the loader reads it in the browser).
    #[cfg(not(target_arch = "wasm32"))]
    pub allow_hosts: Vec<String>,
    /// `"barrier": "csp"`: the page is served with the consent-derived policy of
    /// [`crate::csp`], so a choice that grants a host it refused reloads the page once.
    pub csp_barrier: bool,
}

/// Google Consent Mode v2 (`consentMode`). The loader reads `waitForUpdate`, `regions`,
/// `adsDataRedaction` and `urlPassthrough` itself for the `default` command; they are checked
/// here like every field.
#[derive(Clone, Debug, PartialEq)]
pub struct ConsentModeSettings {
    /// Send consent mode commands at all.
    pub enabled: bool,
    /// Category index → the consent types it grants.
    pub map: Vec<(usize, Vec<&'static str>)>,
}

/// The `gpp` object: which sections `__gpp` carries besides `tcfeuv2`.
#[derive(Clone, Debug, PartialEq)]
pub struct GppSettings {
    /// Carry the `usnat` section (US National, with its GPC sub-section).
    pub usnat: bool,
    /// The US state sections to carry (`usca` …): bit `i` for [`crate::iab::gpp::STATES`]`[i]`.
    pub states: u8,
    /// The site's transactions are covered by the IAB's MSPA.
    pub mspa_covered: bool,
}

/// The result of reading a config: the config if there were no errors, and every issue.
#[derive(Debug)]
pub struct Parsed {
    /// `Some` when there were no errors.
    pub config: Option<Config>,
    /// Problems that make the config unusable.
    pub errors: Vec<Issue>,
    /// Problems that lose a detail but are safe.
    pub warnings: Vec<Issue>,
}

/// Top-level keys the config accepts (the JSON Schema lists the same; a test checks it).
pub const TOP_KEYS: &[&str] = &[
    "$schema",
    "revision",
    "language",
    "defaultLanguage",
    "policyUrl",
    "categories",
    "services",
    "cookie",
    "reloadOnWithdraw",
    "programmaticGrants",
    "floatingButton",
    "texts",
    "regime",
    "layout",
    "position",
    "theme",
    "logo",
    "recordUrl",
    "blockUnknownHosts",
    "allowHosts",
    "barrier",
    "consentMode",
    "tcf",
    "gpp",
];
/// Keys of the `consentMode` object.
pub const CONSENT_MODE_KEYS: &[&str] = &[
    "enabled",
    "map",
    "waitForUpdate",
    "regions",
    "adsDataRedaction",
    "urlPassthrough",
];
/// Keys of a category object.
pub const CATEGORY_KEYS: &[&str] = &["id", "required", "title", "description"];
/// Keys of a service object.
pub const SERVICE_KEYS: &[&str] = &[
    "id",
    "category",
    "name",
    "recipient",
    "country",
    "data",
    "purpose",
    "optOutUrl",
    "privacyPolicyUrl",
    "cookies",
    "hosts",
    "exempt",
    "recipientLinksPersonalData",
    "countryNote",
    "safeguards",
];
/// Keys of a cookie object in a service's `cookies`.
pub const SERVICE_COOKIE_KEYS: &[&str] = &["name", "duration", "thirdParty"];
/// Keys of the `logo` object.
pub const LOGO_KEYS: &[&str] = &["src", "alt"];
/// Keys of the `cookie` object.
pub const COOKIE_KEYS: &[&str] = &["name", "domain", "acceptedDays", "rejectedDays"];

/// Collects issues while walking the JSON.
struct Check {
    errors: Vec<Issue>,
    warnings: Vec<Issue>,
}

impl Check {
    fn error(&mut self, path: &str, message: &str) {
        self.errors.push(Issue {
            path: path.into(),
            message: message.into(),
        });
    }

    fn warn(&mut self, path: &str, message: &str) {
        self.warnings.push(Issue {
            path: path.into(),
            message: message.into(),
        });
    }

    fn wrong_type(&mut self, path: &str, expected: &str, found: &Json) {
        let mut m = String::from("expected ");
        m.push_str(expected);
        m.push_str(", found ");
        m.push_str(found.kind());
        self.error(path, &m);
    }

    /// The object's members, or an error.
    fn object<'a>(&mut self, path: &str, v: &'a Json, known: &[&str]) -> Option<&'a Json> {
        match v {
            Json::Obj(members) => {
                for (k, _) in members {
                    if !known.contains(&k.as_str()) {
                        let mut m = String::from("unknown field \"");
                        m.push_str(k);
                        m.push_str("\" is ignored (known: ");
                        push_list(&mut m, &mut known.iter().copied(), ", ");
                        m.push(')');
                        self.warn(&join(path, k), &m);
                    }
                }
                Some(v)
            }
            _ => {
                self.wrong_type(path, "an object", v);
                None
            }
        }
    }

    fn string(&mut self, path: &str, v: Option<&Json>, required: bool) -> Option<String> {
        match v {
            Some(Json::Str(s)) if !s.trim().is_empty() => Some(s.clone()),
            Some(Json::Str(_)) => {
                self.error(path, "must not be empty");
                None
            }
            None | Some(Json::Null) if !required => None,
            None => {
                self.error(path, "is required");
                None
            }
            Some(other) => {
                self.wrong_type(path, "a string", other);
                None
            }
        }
    }

    fn boolean(&mut self, path: &str, v: Option<&Json>, default: bool) -> bool {
        match v {
            None | Some(Json::Null) => default,
            Some(Json::Bool(b)) => *b,
            Some(other) => {
                self.wrong_type(path, "true or false", other);
                default
            }
        }
    }

    fn integer(&mut self, path: &str, v: Option<&Json>, min: u32, max: u32) -> Option<u32> {
        match v {
            Some(Json::Num(n))
                if *n >= min as f64 && *n <= max as f64 && (*n as u32) as f64 == *n =>
            {
                Some(*n as u32)
            }
            Some(Json::Num(_)) => {
                let mut m = String::from("must be a whole number from ");
                crate::decimal::push(&mut m, min as u64);
                m.push_str(" to ");
                crate::decimal::push(&mut m, max as u64);
                self.error(path, &m);
                None
            }
            None => None,
            Some(other) => {
                self.wrong_type(path, "a whole number", other);
                None
            }
        }
    }

    /// A localized text: a string, or an object of language code → string.
    fn text(&mut self, path: &str, v: Option<&Json>, required: bool) -> Text {
        match v {
            Some(Json::Str(s)) => Text::any(s),
            Some(Json::Obj(members)) if !members.is_empty() => {
                let mut t = Text::default();
                for (lang, s) in members {
                    match s {
                        Json::Str(s) if is_tag(lang) => t.0.push((lang.clone(), s.clone())),
                        Json::Str(_) => self.error(
                            &join(path, lang),
                            "is not a language code (use \"ja\", \"en\", …)",
                        ),
                        other => self.wrong_type(&join(path, lang), "a string", other),
                    }
                }
                t
            }
            None | Some(Json::Null) if !required => Text::default(),
            None => {
                self.error(path, "is required");
                Text::default()
            }
            Some(other) => {
                self.wrong_type(
                    path,
                    "a string or an object of language → string ({\"ja\": …, \"en\": …})",
                    other,
                );
                Text::default()
            }
        }
    }

    /// A link, checked by [`safe_link`]; an unsafe one is dropped with a warning.
    fn link(&mut self, path: &str, v: Option<&Json>) -> Option<String> {
        let s = self.string(path, v, false)?;
        let safe = safe_link(&s);
        if safe.is_none() {
            self.warn(
                path,
                "link dropped: only http:, https:, mailto: and relative links are allowed",
            );
        }
        safe
    }

    /// One of `options` (index), or `None` when absent; anything else is an error.
    fn one_of(&mut self, path: &str, v: Option<&Json>, options: &[&str]) -> Option<usize> {
        match v {
            None | Some(Json::Null) => None,
            Some(Json::Str(s)) if options.contains(&s.as_str()) => {
                options.iter().position(|o| o == s)
            }
            Some(_) => {
                let mut m = String::from("must be one of: ");
                push_list(&mut m, &mut options.iter().copied(), ", ");
                self.error(path, &m);
                None
            }
        }
    }

    fn array<'a>(&mut self, path: &str, v: Option<&'a Json>) -> &'a [Json] {
        match v {
            None | Some(Json::Null) => &[],
            Some(Json::Arr(items)) => items,
            Some(other) => {
                self.wrong_type(path, "an array", other);
                &[]
            }
        }
    }

    fn strings(&mut self, path: &str, v: Option<&Json>) -> Vec<String> {
        let mut out = Vec::new();
        for (i, item) in self.array(path, v).iter().enumerate() {
            if let Some(s) = self.string(&index(path, i), Some(item), true) {
                out.push(s);
            }
        }
        out
    }
}

/// `parent.key` (or `key` at the top).
fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        return key.to_string();
    }
    let mut s = String::with_capacity(parent.len() + key.len() + 1);
    s.push_str(parent);
    s.push('.');
    s.push_str(key);
    s
}

/// `parent[i]`.
fn index(parent: &str, i: usize) -> String {
    let mut s = String::from(parent);
    s.push('[');
    crate::decimal::push(&mut s, i as u64);
    s.push(']');
    s
}

/// An id usable in attributes, the API and the storage codec: 1–64 of `A-Z a-z 0-9 _ -`.
pub fn is_valid_id(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A cookie name pattern: cookie-name characters, with `*` standing for any run of them.
fn is_cookie_pattern(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().all(|b| {
            b.is_ascii_graphic()
                && !matches!(b, b'(' | b')' | b'<' | b'>' | b'@' | b',' | b';')
                && !matches!(b, b':' | b'\\' | b'"' | b'/' | b'[' | b']' | b'?' | b'=')
                && !matches!(b, b'{' | b'}')
        })
}

/// A host name: labels of letters, digits and hyphens separated by dots.
fn is_host(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// The link if it is safe to put in an `href`: http, https, mailto, or relative. Browsers strip
/// tabs and newlines from URLs and ignore leading control characters and spaces, so those are
/// removed before the scheme is checked (`java\tscript:` is `javascript:` to a browser).
pub fn safe_link(raw: &str) -> Option<String> {
    let cleaned: String = raw
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    if cleaned.is_empty() || cleaned.chars().any(|c| c.is_control()) {
        return None;
    }
    let scheme_end = cleaned.find(':');
    let path_start = cleaned.find(['/', '?', '#']).unwrap_or(cleaned.len());
    match scheme_end {
        Some(i) if i < path_start => {
            let scheme = cleaned.get(..i).unwrap_or_default().to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto").then_some(cleaned)
        }
        // No scheme: a relative link (`/privacy`, `policy.html`, `#top`). `//host` is
        // protocol-relative, so it inherits http(s).
        _ => Some(cleaned),
    }
}

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

    /// Index of the category with this id.
    pub fn category_index(&self, id: &str) -> Option<usize> {
        self.categories.iter().position(|c| c.id == id)
    }

    /// Index of the service with this id.
    pub fn service_index(&self, id: &str) -> Option<usize> {
        self.services.iter().position(|s| s.id == id)
    }

    /// The wording for `key` in `lang`: the site's override (for the language or a tag it
    /// falls back to), else the built-in text.
    pub fn ui<'a>(&'a self, key: Ui, lang: &'a Wording) -> &'a str {
        site_text(&self.texts, &key, &lang.lang).unwrap_or_else(|| lang.get(key.key()))
    }

    /// The languages the site's `texts` give (a tag once per text it gives).
    pub fn site_languages(&self) -> Vec<&str> {
        self.texts.iter().map(|(tag, _, _)| tag.as_str()).collect()
    }

    /// The visitor's language ([`choose`]) from the page's `<html lang>` and the browser's
    /// `navigator.languages`.
    pub fn choose_language(&self, html_lang: &str, navigator: &[String]) -> Choice {
        choose(
            self.language.as_deref(),
            self.default_language.as_deref(),
            &self.site_languages(),
            html_lang,
            navigator,
        )
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
    let texts = read_texts(c, root.get("texts"));
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
    #[cfg(target_arch = "wasm32")]
    let _ = (block_unknown_hosts, allow_hosts);
    let csp_barrier = c.one_of("barrier", root.get("barrier"), &["none", "csp"]) == Some(1);
    let record_url = c.link("recordUrl", root.get("recordUrl"));
    let consent_mode = read_consent_mode(c, root.get("consentMode"), &categories);
    if record_url
        .as_deref()
        .is_some_and(|u| u.starts_with("mailto:"))
    {
        c.error("recordUrl", "must be an http(s) or relative URL");
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

    // The checker's warnings (the browser shows such a notice in English or the default).
    #[cfg(not(target_arch = "wasm32"))]
    for (path, tag) in [
        ("language", &language),
        ("defaultLanguage", &default_language),
    ] {
        let site = texts
            .iter()
            .any(|(l, _, _)| l == tag.as_deref().unwrap_or_default());
        if let Some(tag) = tag
            .as_deref()
            .filter(|t| crate::text::builtin_file(t).is_none() && !site)
        {
            let mut m = String::from("Noren has no wording for \"");
            m.push_str(tag);
            m.push_str("\" and texts does not add it: add texts.");
            m.push_str(tag);
            m.push_str(" (its missing keys come from English), or the notice falls back");
            c.warn(path, &m);
        }
    }

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
        #[cfg(not(target_arch = "wasm32"))]
        block_unknown_hosts,
        #[cfg(not(target_arch = "wasm32"))]
        allow_hosts,
        csp_barrier,
    })
}

fn read_consent_mode(
    c: &mut Check,
    v: Option<&Json>,
    categories: &[Category],
) -> ConsentModeSettings {
    use crate::consent::consent_mode::TYPES;
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
    let types_of = |c: &mut Check, path: &str, v: Option<&Json>| -> Vec<&'static str> {
        let mut out = Vec::new();
        for (j, name) in c.strings(path, v).iter().enumerate() {
            match TYPES.iter().find(|t| **t == name.as_str()) {
                Some(t) => out.push(*t),
                None => {
                    let mut m = String::from("unknown consent type (known: ");
                    push_list(&mut m, &mut TYPES.iter().copied(), ", ");
                    m.push(')');
                    c.error(&index(path, j), &m);
                }
            }
        }
        out
    };
    if let Some(m) = v.get("map") {
        if let Json::Obj(members) = m {
            out.map.clear();
            for (id, types) in members {
                let path = join("consentMode.map", id);
                let list = types_of(c, &path, Some(types));
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
        types_of(c, &join(&path, "granted"), r.get("granted"));
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

fn read_texts(c: &mut Check, v: Option<&Json>) -> Vec<(String, Ui, String)> {
    let mut out = Vec::new();
    let Some(v) = v else { return out };
    let Json::Obj(langs) = v else {
        c.wrong_type("texts", "an object of language → {key: text}", v);
        return out;
    };
    for (lang, strings) in langs {
        let path = join("texts", lang);
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
                None => {
                    let mut m = String::from("unknown text key (known: ");
                    push_list(&mut m, &mut Ui::ALL.iter().map(|u| u.key()), ", ");
                    m.push(')');
                    c.warn(&key_path, &m);
                }
            }
        }
        #[cfg(not(target_arch = "wasm32"))]
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

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::json::testing::parse;
    use crate::text::tests::lang as words;

    fn lines(issues: &[Issue]) -> Vec<String> {
        issues.iter().map(Issue::line).collect()
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
            "texts": {"en": {"acceptAl": "x"}}}"#,
        ));
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        let w = lines(&p.warnings);
        assert_eq!(w.len(), 5, "{w:?}");
        assert!(w[0].starts_with("polcyUrl: unknown field \"polcyUrl\" is ignored"));
        assert!(w[1].starts_with("policyUrl: link dropped"));
        assert!(w[2].starts_with("services[0].optOutUrl: link dropped"));
        assert!(w[3].starts_with("services[0].privacyPolicyUrl: link dropped"));
        assert!(w[4].starts_with("texts.en.acceptAl: unknown text key"));
        let c = p.config.unwrap();
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
    }

    #[test]
    fn ids() {
        assert!(is_valid_id("ads_2-x"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("a b"));
        assert!(!is_valid_id("a.b"));
        assert!(!is_valid_id(&"a".repeat(65)));
    }
}
