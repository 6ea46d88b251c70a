//! The site's config: its model and its vocabulary.
//!
//! [`Config::from_json`] (in [`read`]) reads a parsed JSON value and reports every problem at
//! once, each with the path of the field it concerns (`services[2].category`), so a site owner
//! can fix them all in one go. Problems that would let a tag run wrongly are errors (the banner
//! fails closed); problems that only lose a detail (an unsafe link, an unknown key) are
//! warnings. [`check`] holds the validators, [`iab`] the readers of the `tcf` and `gpp`
//! objects, [`legal_gaps`] what `noren check` reports as legal gaps.
//!
//! This module owns the config's vocabulary (the TCF settings, the Consent Mode types, the GPP
//! state sections), so nothing under `config/` imports `consent`, `iab` or `render`.

use crate::prelude::*;

use crate::text::{choose, site_text, Choice, Text, Ui, Wording};

pub mod check;
#[cfg(any(feature = "iab", not(target_arch = "wasm32")))]
pub mod iab;
pub mod legal_gaps;
pub mod read;
pub mod regions;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

pub use check::{is_valid_id, safe_link, Issue};

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
    /// The language when neither the page nor the browser names one Noren has: the top
    /// level's `defaultLanguage`, or the visitor's region's once `consent::region::apply` ran.
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
    /// Read natively and by the checker for Node (the loader reads it in the browser).
    #[cfg(any(not(target_arch = "wasm32"), feature = "node"))]
    pub block_unknown_hosts: bool,
    /// Third-party hosts (and their subdomains) that always load (`allowHosts`), lower case.
    /// Read natively and by the checker for Node (the loader reads it in the browser).
    #[cfg(any(not(target_arch = "wasm32"), feature = "node"))]
    pub allow_hosts: Vec<String>,
    /// `"barrier": "csp"`: the page is served with the consent-derived policy of
    /// [`crate::csp`], so a choice that grants a host it refused reloads the page once.
    pub csp_barrier: bool,
    /// Per-region rules (`regions`), and the region the top level was resolved for.
    pub regions: Regions,
}

/// What one key of `regions` overrides (`None`: the top level, or a less specific key, decides).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct RegionRules {
    /// `DE`, `US-CA`, `EU` or `EEA`.
    pub key: String,
    /// `regime`.
    pub regime: Option<Regime>,
    /// `tcf.gdprApplies`.
    pub gdpr_applies: Option<bool>,
    /// `gpp.sections`: (`usnat`, the state sections' bits as in [`GppSettings::states`]).
    pub gpp_sections: Option<(bool, u8)>,
    /// `defaultLanguage`: a BCP 47 tag.
    pub default_language: Option<String>,
    /// `texts`: overrides of the wording, as the top-level `texts`.
    pub texts: Vec<(String, Ui, String)>,
}

/// The `regions` object, and the region the config was resolved for.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Regions {
    /// Each key's overrides, in the config's order.
    pub rules: Vec<RegionRules>,
    /// The top level's rules (every field set), kept so that any region's rules can be
    /// worked out again after `consent::region::apply` has replaced the top level's.
    pub base: RegionRules,
    /// The visitor's region the config's top level was resolved for (`None`: not resolved, or
    /// unknown: the strictest rules apply).
    pub visitor: Option<String>,
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
    /// The US state sections to carry (`usca` …): bit `i` for [`US_STATE_SECTIONS`]`[i]`.
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

/// The `tcf` object of the config.
#[derive(Clone, Debug, PartialEq)]
pub struct TcfSettings {
    /// The CMP's IAB id (0 until registered).
    pub cmp_id: u16,
    /// The CMP's version as registered.
    pub cmp_version: u16,
    /// Where the site serves the GVL (its own origin).
    pub gvl_url: String,
    /// The GVL ids of the vendors the site works with, in display order.
    pub vendors: Vec<u16>,
    /// The publisher's country (ISO 3166-1 alpha-2, upper case).
    pub publisher_cc: [u8; 2],
    /// Whether GDPR applies to this page's visitors.
    pub gdpr_applies: bool,
    /// `TCData.enableAdvertiserConsentMode`: Google derives Consent Mode from the string.
    pub advertiser_consent_mode: bool,
    /// The publisher's restrictions on what vendors may do (`publisherRestrictions`).
    pub restrictions: Vec<PubRestriction>,
}

/// What a publisher restriction demands (TC string restriction types 0, 1, 2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RestrictionKind {
    /// The vendors may not process the purpose at all.
    NotAllowed = 0,
    /// Only with consent (a flexible purpose claimed on legitimate interest moves to consent).
    RequireConsent = 1,
    /// Only on legitimate interest (a flexible purpose claimed on consent moves to it).
    RequireLi = 2,
}

/// One publisher restriction: `kind` for `purpose`, for `vendors` (empty: every vendor).
#[derive(Clone, Debug, PartialEq)]
pub struct PubRestriction {
    /// Purpose id (1–11).
    pub purpose: u8,
    /// What it demands.
    pub kind: RestrictionKind,
    /// The vendors it applies to; empty for all configured vendors.
    pub vendors: Vec<u16>,
}

impl PubRestriction {
    /// Whether the restriction applies to `vendor`.
    pub fn covers(&self, vendor: u16) -> bool {
        self.vendors.is_empty() || self.vendors.contains(&vendor)
    }
}

/// The seven Google Consent Mode v2 consent types, in Google's order.
pub const CONSENT_MODE_TYPES: [&str; 7] = [
    "ad_storage",
    "ad_user_data",
    "ad_personalization",
    "analytics_storage",
    "functionality_storage",
    "personalization_storage",
    "security_storage",
];

/// Types an opt-out of sale, sharing and targeted advertising (GPC) keeps denied.
pub const ADVERTISING_TYPES: [&str; 3] = ["ad_storage", "ad_user_data", "ad_personalization"];

/// Whether category `i` maps to any advertising type (what GPC switches off).
pub fn is_advertising(config: &Config, i: usize) -> bool {
    config
        .consent_mode
        .map
        .iter()
        .any(|(c, types)| *c == i && types.iter().any(|t| ADVERTISING_TYPES.contains(t)))
}

/// Whether the config measures: a category Consent Mode maps to `analytics_storage` (by
/// default, the one with id `analytics`), or IAB TCF (whose purposes include measurement).
pub fn measures(config: &Config) -> bool {
    let map = &config.consent_mode.map;
    config.tcf.is_some()
        || map
            .iter()
            .any(|(_, types)| types.contains(&"analytics_storage"))
}

/// The US state sections of GPP a config may name in `gpp.sections`: (section id, API
/// prefix), ascending by id. [`crate::iab::gpp::STATES`] lays out the same sections.
pub const US_STATE_SECTIONS: [(u16, &str); 5] = [
    (8, "usca"),
    (9, "usva"),
    (10, "usco"),
    (11, "usut"),
    (12, "usct"),
];

// `GppSettings::states` has a bit for each state section.
const _: () = assert!(US_STATE_SECTIONS.len() <= 8);

impl GppSettings {
    /// The section ids of the state sections to carry, ascending.
    pub fn state_ids(&self) -> Vec<u16> {
        US_STATE_SECTIONS
            .iter()
            .enumerate()
            .filter(|(i, _)| self.states >> i & 1 == 1)
            .map(|(_, (id, _))| *id)
            .collect()
    }
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
    "regions",
    "regionUrl",
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

/// Keys of the `tcf` object.
pub const TCF_KEYS: &[&str] = &[
    "cmpId",
    "cmpVersion",
    "gvlUrl",
    "vendors",
    "publisherCountryCode",
    "gdprApplies",
    "enableAdvertiserConsentMode",
    "publisherRestrictions",
];
/// Keys of a `tcf.publisherRestrictions` entry.
pub const RESTRICTION_KEYS: &[&str] = &["purpose", "restriction", "vendors"];
/// Keys of the `gpp` object.
pub const GPP_KEYS: &[&str] = &["sections", "mspaCoveredTransaction"];

impl Config {
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
