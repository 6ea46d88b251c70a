//! Languages and wording: which language a visitor reads ([`choose`]), that language's wording
//! ([`Wording`], read from the file the loader fetched: src/wording/<tag>.json, shipped as
//! dist/wording.<hash>/<tag>.json; the module has no wording of its own), and localized config
//! text ([`Text`]).

use crate::json::Json;
use crate::prelude::*;

/// Declares the built-in languages: [`BUILT_IN`], and natively the files themselves.
macro_rules! built_in {
    ($($tag:literal)*) => {
        /// The languages Noren has wording for: the names (BCP 47 tags) of its wording files.
        pub const BUILT_IN: &[&str] = &[$($tag,)*];

        /// The wording files, compiled in natively (the checker, the server, tests) and into
        /// the checker for Node (feature `node`); the browser modules never hold them.
        #[cfg(any(not(target_arch = "wasm32"), feature = "node"))]
        const FILES: &[(&str, &str)] = &[$(($tag, include_str!(concat!("wording/", $tag, ".json"))),)*];
    };
}

built_in! {
    "ar" "bg" "cs" "da" "de" "el" "en" "es" "et" "fi" "fr" "ga" "he" "hr" "hu" "it" "ja" "ko"
    "lt" "lv" "mt" "nl" "pl" "pt" "pt-BR" "ro" "sk" "sl" "sv" "zh-Hans" "zh-Hant"
}

/// The punctuation keys every wording file has.
const PUNCT: [&str; 4] = ["punct.list", "punct.longList", "punct.then", "punct.aside"];

/// Languages written right to left (primary subtags).
const RTL: &[&str] = &["ar", "he", "fa", "ur", "yi", "ps", "dv", "ckb", "sd", "ug"];

/// Countries with a `regime.<CC>` note besides the EU members (which share `regime.EU`).
const REGIMES: &[&str] = &["CN", "GB", "KR", "SG", "US"];

/// EU member states (their recipients share one privacy regime note; the `EU` group of
/// `regions`).
pub const EU: &[&str] = &[
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
];

/// The language a visitor reads the notice in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// The notice's language tag: a built-in language, or a tag the site's `texts` add.
    pub lang: String,
    /// The built-in wording file under it: the language's own, or English under a language only
    /// the site's `texts` give (their keys override it).
    pub file: &'static str,
}

/// The built-in wording file for a BCP 47 tag (any case, `-` or `_`): its primary language,
/// with Chinese by script (`zh-Hant`, or the regions TW, HK and MO; else `zh-Hans`), Brazilian
/// Portuguese for `pt-BR` (other Portuguese: `pt`), `iw` for Hebrew.
pub fn builtin_file(tag: &str) -> Option<&'static str> {
    // Split as bytes (both separators are ASCII): smaller than a `str` split by two chars.
    let mut parts = tag.trim().as_bytes().split(|b| *b == b'-' || *b == b'_');
    let primary = parts.next().unwrap_or_default();
    // Subtags after the primary one: a Chinese script or region, Brazil.
    let (mut hans, mut hant, mut br) = (false, false, false);
    for p in parts {
        let is = |s: &str| p.eq_ignore_ascii_case(s.as_bytes());
        hans |= is("hans");
        hant |= is("hant") || is("tw") || is("hk") || is("mo");
        br |= is("br");
    }
    let is = |s: &str| primary.eq_ignore_ascii_case(s.as_bytes());
    if is("zh") {
        return Some(if hant && !hans { "zh-Hant" } else { "zh-Hans" });
    }
    if is("pt") && br {
        return Some("pt-BR");
    }
    let name = if is("iw") { b"he" } else { primary };
    BUILT_IN
        .iter()
        .copied()
        .find(|b| b.as_bytes().eq_ignore_ascii_case(name))
}

/// The first `Some` of `f` for `tag` and each shorter tag it falls back to, longest first
/// (`de-CH-1996`, `de-CH`, `de`).
fn lookup<'a>(tag: &str, f: &dyn Fn(&str) -> Option<&'a str>) -> Option<&'a str> {
    let mut t = tag;
    loop {
        if let Some(found) = f(t) {
            return Some(found);
        }
        t = t.get(..t.bytes().rposition(|b| b == b'-')?)?;
    }
}

/// The language for one wanted tag: a site tag (a key of the config's `texts`) equal to it,
/// else the built-in language for it, else a site tag it falls back to (`de-CH` → `de`).
fn resolve(tag: &str, site: &[&str]) -> Option<Choice> {
    let tag = tag.trim();
    let by_site = |t: &str| site.iter().copied().find(|s| s.eq_ignore_ascii_case(t));
    let (lang, file) = match (by_site(tag), builtin_file(tag)) {
        (Some(s), _) => (s, builtin_file(s).unwrap_or("en")),
        (None, Some(f)) => (f, f),
        (None, None) => {
            let s = lookup(tag, &by_site)?;
            (s, builtin_file(s).unwrap_or("en"))
        }
    };
    Some(Choice {
        lang: lang.to_string(),
        file,
    })
}

/// Picks the language. A fixed `language` (the config's, unless `"auto"`) first; under
/// `"auto"`, `<html lang>`, then each of `navigator.languages`; then the config's
/// `defaultLanguage`; then English. The first of these that resolves wins: a tag of the site's
/// `texts` (`site`) equal to it, else the built-in language for it ([`builtin_file`]), else a
/// site tag it falls back to.
pub fn choose(
    fixed: Option<&str>,
    default: Option<&str>,
    site: &[&str],
    html_lang: &str,
    navigator: &[String],
) -> Choice {
    let found = match fixed {
        Some(f) => resolve(f, site),
        None => {
            resolve(html_lang, site).or_else(|| navigator.iter().find_map(|t| resolve(t, site)))
        }
    };
    found.or_else(|| resolve(default?, site)).unwrap_or(Choice {
        lang: "en".to_string(),
        file: "en",
    })
}

/// Whether `tag` has the shape of a language tag (at most 35 letters, digits and `-`, starting
/// with two letters, not ending with `-`), as `language`, `defaultLanguage` and the keys of `texts` must be.
pub fn is_tag(tag: &str) -> bool {
    let b = tag.as_bytes();
    (2..=35).contains(&b.len())
        && b.iter().take(2).all(u8::is_ascii_alphabetic)
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
        && b.last() != Some(&b'-')
}

/// How a language joins the pieces of its sentences (`punct.*` in the wording file).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Punct {
    /// Between the items of a list (`", "`, `"、"`).
    pub list: String,
    /// Between items that may hold commas themselves, such as TCF purpose names (`"; "`).
    pub long_list: String,
    /// Between two pieces of a sentence, e.g. a label and its value (`" "`; none in Japanese).
    pub space: String,
    /// Opens an aside after a name, such as a recipient's country (`" ("`, `"（"`).
    pub open: String,
    /// Closes the aside (`")"`, `"）"`).
    pub close: String,
}

/// The interface's wording in the notice's language: the strings of one wording file.
#[derive(Clone, Debug, PartialEq)]
pub struct Wording {
    /// The notice's language tag (its `lang` attribute; which of the site's `texts` apply).
    pub lang: String,
    strings: Vec<(String, Json)>,
    punct: Punct,
}

/// What comes between the two tokens of a `punct.then` or `punct.aside` template, and what
/// comes after the second (`{text} ({aside})`: `" ("`, `")"`). The files' shapes are checked
/// by tests/wording.rs.
fn around(template: &str) -> (String, String) {
    let (mut between, mut after) = (String::new(), String::new());
    let mut tokens = 0;
    for p in pieces(template) {
        match p {
            Piece::Token(_) => tokens += 1,
            Piece::Text(t) => (if tokens < 2 { &mut between } else { &mut after }).push_str(t),
        }
    }
    (between, after)
}

impl Wording {
    /// Reads a wording file (the object `JSON.parse` made of it) for the notice's language
    /// `lang`: every key of `required` (lists of keys, such as [`Ui::KEYS`]) and of `punct.*`
    /// must be a string, else the error names the first missing key.
    pub fn read(lang: &str, json: Json, required: &[&[&str]]) -> Result<Wording, String> {
        let Json::Obj(strings) = json else {
            return Err("it is not a JSON object".to_string());
        };
        let mut w = Wording {
            lang: lang.to_string(),
            strings,
            punct: Punct::default(),
        };
        for keys in required.iter().chain(&[PUNCT.as_slice()]) {
            for key in keys.iter() {
                if w.find(key).is_none() {
                    let mut m = String::from("it has no text for ");
                    m.push_str(key);
                    return Err(m);
                }
            }
        }
        let (space, _) = around(w.get("punct.then"));
        let (open, close) = around(w.get("punct.aside"));
        w.punct = Punct {
            list: w.get("punct.list").to_string(),
            long_list: w.get("punct.longList").to_string(),
            space,
            open,
            close,
        };
        Ok(w)
    }

    fn find(&self, key: &str) -> Option<&str> {
        self.strings.iter().find_map(|(k, v)| match v {
            Json::Str(s) if k == key => Some(s.as_str()),
            _ => None,
        })
    }

    /// The text under `key` (empty if the file lacks it: [`Wording::read`] checked the keys
    /// the interface uses).
    pub fn get(&self, key: &str) -> &str {
        self.find(key).unwrap_or_default()
    }

    /// This language's punctuation.
    pub fn punct(&self) -> &Punct {
        &self.punct
    }

    /// Whether the language is written right to left (Arabic, Hebrew…).
    pub fn rtl(&self) -> bool {
        let b = self.lang.as_bytes();
        RTL.iter()
            .any(|r| b.starts_with(r.as_bytes()) && matches!(b.get(r.len()), None | Some(b'-')))
    }

    /// A short note on the privacy law of a recipient's country (APPI Art. 28), for the EU,
    /// the UK, the US, South Korea, China and Singapore.
    pub fn regime_note(&self, code: &str) -> Option<&str> {
        let code = if EU.contains(&code) { "EU" } else { code };
        self.prefixed("regime.", code)
    }

    /// The name of a country code Noren knows, else the code itself.
    pub fn country_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.prefixed("country.", code).unwrap_or(code)
    }

    /// The text under `prefix` + `code` (`regime.US`).
    fn prefixed(&self, prefix: &str, code: &str) -> Option<&str> {
        self.strings.iter().find_map(|(k, v)| match v {
            Json::Str(s) if k.strip_prefix(prefix) == Some(code) => Some(s.as_str()),
            _ => None,
        })
    }
}

/// Whether Noren has a note on the privacy law of this country (ISO 3166-1 alpha-2).
pub fn has_regime_note(code: &str) -> bool {
    EU.contains(&code) || REGIMES.contains(&code)
}

/// A built-in language's wording, compiled in natively and into the checker for Node (the
/// checker's `noren disclosure`, tests); `None` for a tag that is not in [`BUILT_IN`] or a file that does not read.
#[cfg(any(not(target_arch = "wasm32"), feature = "node"))]
pub fn builtin(file: &str) -> Option<Wording> {
    let (_, text) = FILES.iter().find(|(tag, _)| *tag == file)?;
    let json = crate::json::parse_text(text).ok()?;
    Wording::read(file, json, &[Ui::KEYS]).ok()
}

/// A text from the config: one string for every language, or one per language tag.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Text(pub Vec<(String, String)>);

impl Text {
    /// The same string for every language.
    pub fn any(s: &str) -> Text {
        Text(vec![(String::new(), s.to_string())])
    }

    /// The string for the notice's language (or a tag it falls back to, `pt-BR` → `pt`); else
    /// English, else Japanese, else the first one given.
    pub fn get(&self, lang: &Wording) -> &str {
        let find = |tag: &str| {
            self.0
                .iter()
                .find(|(k, _)| k.is_empty() || k == tag)
                .map(|(_, v)| v.as_str())
        };
        lookup(&lang.lang, &find)
            .or_else(|| find("en"))
            .or_else(|| find("ja"))
            .or_else(|| self.0.first().map(|(_, v)| v.as_str()))
            .unwrap_or_default()
    }
}

/// The site's override of a wording key for the notice's language `lang` (or a tag it falls
/// back to): `texts` holds (language tag, key, text).
pub fn site_text<'a, K: PartialEq>(
    texts: &'a [(String, K, String)],
    key: &K,
    lang: &str,
) -> Option<&'a str> {
    lookup(lang, &|tag| {
        texts
            .iter()
            .find(|(l, k, _)| k == key && l == tag)
            .map(|(_, _, s)| s.as_str())
    })
}

/// Defines a table of wording keys: an enum, each variant with its key in the wording files.
macro_rules! ui_strings {
    ($(#[$edoc:meta])* $name:ident; $($(#[$doc:meta])* $variant:ident $key:literal)*) => {
        $(#[$edoc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name { $($(#[$doc])* $variant,)* }

        impl $name {
            /// Every string, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// Every key, in declaration order (what a wording file must have).
            pub const KEYS: &'static [&'static str] = &[$($key,)*];

            /// The key in the wording files and the config's `texts` overrides.
            pub fn key(self) -> &'static str {
                Self::KEYS.get(self as usize).copied().unwrap_or_default()
            }
        }
    };
}
pub(crate) use ui_strings;

ui_strings! {
    /// A piece of the notice's own wording; each can be overridden per language in the
    /// config's `texts` object under its key.
    Ui;
    /// The notice's heading.
    Title "title"
    /// The notice's short text.
    Text "text"
    /// The button that grants every category and service.
    AcceptAll "acceptAll"
    /// The button that refuses every non-essential category and service.
    RejectAll "rejectAll"
    /// The button that opens the preferences dialog.
    Manage "manage"
    /// The dialog's save button.
    Save "save"
    /// The preferences dialog's heading.
    PrefsTitle "preferencesTitle"
    /// The preferences dialog's introduction.
    PrefsText "preferencesText"
    /// The link to the site's privacy policy.
    Policy "policyLink"
    /// The banner's close button (closing means refusal).
    CloseBanner "closeBanner"
    /// The dialog's close button.
    Close "close"
    /// The floating button that reopens the preferences.
    Reopen "reopen"
    /// Shown next to a required category's switch.
    AlwaysOn "alwaysOn"
    /// Service detail: the recipient's legal name.
    Recipient "recipient"
    /// Service detail: the recipient's country.
    Country "country"
    /// Service detail: the information the tag sends.
    DataSent "dataSent"
    /// Service detail: the purpose of use.
    Purpose "purpose"
    /// Service detail: the cookies it sets.
    Cookies "cookies"
    /// Service detail: the recipient's opt-out page.
    OptOut "optOut"
    /// Service detail: the recipient's privacy policy.
    ServicePolicy "servicePolicy"
    /// Label of a service's switch, read by screen readers: `{name}` is the service's name
    /// ("Allow Google Analytics"). A config text without `{name}` is a prefix ([`switch_label`]).
    Allow "allow"
    /// Heading of the list of services in a category.
    Services "services"
    /// The notice's short text under the opt-out regime.
    TextOptOut "textOptOut"
    /// Before the recipients that link what they receive to personal data (APPI Art. 31).
    PersonalData "personalData"
    /// Label of a service whose recipient links what it receives to personal data.
    NeedsConsent "needsConsent"
    /// Service detail: the privacy law of the recipient's country.
    CountryRegime "countryRegime"
    /// Service detail: what the recipient does to protect the information.
    Safeguards "safeguards"
    /// A cookie the site itself reads.
    FirstParty "firstParty"
    /// A cookie another domain reads.
    ThirdParty "thirdParty"
    /// Label of a service exempt as strictly necessary.
    ExemptNecessary "exemptNecessary"
    /// Label of a service exempt as a first-party identifier sent back to the site itself.
    ExemptFirstParty "exemptFirstParty"
    /// The external-transmission notice's heading.
    DisclosureTitle "disclosureTitle"
    /// The external-transmission notice's introduction.
    DisclosureText "disclosureText"
    /// Shown when the browser sends Global Privacy Control.
    GpcHonoured "gpcHonoured"
    /// The button of an embed's placeholder: consents to that service only.
    EmbedLoad "embedLoad"
    /// An embed's placeholder: the button that opens the preferences.
    EmbedMore "embedMore"
    /// An embed's placeholder: before the information loading it sends.
    EmbedText "embedText"
    /// Before the visitor's consent record id in the preferences dialog.
    RecordId "recordId"
    /// [`Ui::Text`] for a config without an advertising category (and without TCF).
    TextNoAds "textNoAds"
    /// [`Ui::TextOptOut`] for a config without an advertising category (and without TCF).
    TextOptOutNoAds "textOptOutNoAds"
    /// [`Ui::Text`] for a config with advertising but without an analytics category.
    TextNoAnalytics "textNoAnalytics"
    /// [`Ui::TextOptOut`] for a config with advertising but without an analytics category.
    TextOptOutNoAnalytics "textOptOutNoAnalytics"
    /// [`Ui::Text`] for a config with neither advertising nor an analytics category.
    TextNoAdsNoAnalytics "textNoAdsNoAnalytics"
    /// [`Ui::TextOptOut`] for a config with neither advertising nor an analytics category.
    TextOptOutNoAdsNoAnalytics "textOptOutNoAdsNoAnalytics"
    /// [`Ui::PrefsText`] for a config without a required category.
    PrefsTextNoRequired "preferencesTextNoRequired"
    /// [`Ui::EmbedText`] for a service whose config lists no `data`: without the sentence that
    /// introduces that list.
    EmbedTextNoData "embedTextNoData"
}

/// Appends `items` separated by `sep` (what `[&str]::join` does, with one copy of the code
/// for every caller instead of one per item type).
pub fn push_list(out: &mut String, items: &mut dyn Iterator<Item = &str>, sep: &str) {
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(item);
    }
}

/// A piece of a wording template: literal text, or the name of a `{token}` to fill in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text shown as it is.
    Text(&'a str),
    /// A token's name (`n` for `{n}`).
    Token(&'a str),
}

/// Splits `template` into text and `{token}`s (a token is ASCII letters only; any other brace
/// is text).
pub fn pieces(template: &str) -> Vec<Piece<'_>> {
    // Byte positions and `get` only: slicing a `str` by index links core's formatting
    // machinery (its panic message) into the no_std module.
    let bytes = template.as_bytes();
    let part = |from: usize, to: usize| template.get(from..to).unwrap_or_default();
    let mut out = Vec::new();
    let (mut text_from, mut i) = (0, 0);
    while let Some(&b) = bytes.get(i) {
        i += 1;
        if b != b'{' {
            continue;
        }
        let name_len = bytes
            .get(i..)
            .unwrap_or_default()
            .iter()
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
        if name_len == 0 || bytes.get(i + name_len) != Some(&b'}') {
            continue;
        }
        if i - 1 > text_from {
            out.push(Piece::Text(part(text_from, i - 1)));
        }
        out.push(Piece::Token(part(i, i + name_len)));
        i += name_len + 1;
        text_from = i;
    }
    if text_from < bytes.len() {
        out.push(Piece::Text(part(text_from, bytes.len())));
    }
    out
}

/// A switch's label from `template` and the service's `name`: `{name}` is replaced; a
/// template without it (a config text written as a prefix, such as `"Allow"`) comes before
/// the name.
pub fn switch_label(template: &str, name: &str, lang: &Wording) -> String {
    let parts = pieces(template);
    let mut out = String::new();
    if !parts.contains(&Piece::Token("name")) {
        out.push_str(template);
        out.push_str(&lang.punct().space);
        out.push_str(name);
        return out;
    }
    for p in parts {
        out.push_str(match p {
            Piece::Text(t) => t,
            Piece::Token("name") => name,
            Piece::Token(_) => "",
        });
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) mod tests {
    use super::*;

    /// A built-in language's wording, for tests.
    pub fn lang(file: &str) -> Wording {
        builtin(file).expect("built-in wording")
    }

    fn nav(tags: &[&str]) -> Vec<String> {
        tags.iter().map(|t| t.to_string()).collect()
    }

    fn chosen(
        fixed: Option<&str>,
        default: Option<&str>,
        site: &[&str],
        html: &str,
        n: &[&str],
    ) -> (String, &'static str) {
        let c = choose(fixed, default, site, html, &nav(n));
        (c.lang, c.file)
    }

    #[test]
    fn language_order_is_fixed_then_html_then_navigator_then_default_then_english() {
        let own = |s: &str, f: &'static str| (s.to_string(), f);
        assert_eq!(
            chosen(Some("en"), None, &[], "ja", &["fr-FR"]),
            own("en", "en")
        );
        assert_eq!(chosen(None, None, &[], "ja-JP", &[]), own("ja", "ja"));
        assert_eq!(
            chosen(None, None, &[], "", &["tlh", "de-DE", "ja"]),
            own("de", "de")
        );
        assert_eq!(
            chosen(None, Some("fr"), &[], "x-klingon", &["tlh"]),
            own("fr", "fr")
        );
        assert_eq!(chosen(None, None, &[], "tlh", &[]), own("en", "en"));
        assert_eq!(chosen(None, None, &[], "EN_us", &[]), own("en", "en"));
        // A fixed language that nothing gives: the default, then English (not the page's).
        assert_eq!(
            chosen(Some("tlh"), Some("de"), &[], "fr", &[]),
            own("de", "de")
        );
        assert_eq!(chosen(Some("tlh"), None, &[], "fr", &[]), own("en", "en"));
    }

    #[test]
    fn fallbacks_map_regions_and_scripts_to_the_built_in_files() {
        for (tag, file) in [
            ("pt-BR", "pt-BR"),
            ("pt-br", "pt-BR"),
            ("pt-PT", "pt"),
            ("pt", "pt"),
            ("zh-TW", "zh-Hant"),
            ("zh-HK", "zh-Hant"),
            ("zh-Hant-HK", "zh-Hant"),
            ("zh-hant", "zh-Hant"),
            ("zh-CN", "zh-Hans"),
            ("zh", "zh-Hans"),
            ("zh-Hans-HK", "zh-Hans"),
            ("de-AT", "de"),
            ("ar-EG", "ar"),
            ("iw", "he"),
            ("he-IL", "he"),
            ("ga-IE", "ga"),
            ("zh_TW", "zh-Hant"),
            ("pt_br", "pt-BR"),
            (" de-AT ", "de"),
            ("\u{a0}fr_CA\u{2003}", "fr"),
        ] {
            assert_eq!(builtin_file(tag), Some(file), "{tag}");
        }
        for tag in ["", "-", "tlh", "nb-NO", "x", "zz-ZZ"] {
            assert_eq!(builtin_file(tag), None, "{tag}");
        }
    }

    #[test]
    fn site_languages_come_from_texts_on_english_wording() {
        // A language only the site's texts give: its tag, on the English file.
        assert_eq!(
            chosen(None, None, &["is"], "", &["is-IS"]),
            ("is".to_string(), "en")
        );
        // A regional variant the site adds wins over the built-in language it extends.
        assert_eq!(
            chosen(None, None, &["de-CH"], "", &["de-ch"]),
            ("de-CH".to_string(), "de")
        );
        // …but not over a built-in language that matches the visitor's tag better.
        assert_eq!(
            chosen(None, None, &["pt"], "", &["pt-BR"]),
            ("pt-BR".to_string(), "pt-BR")
        );
        assert_eq!(
            chosen(Some("is"), None, &["is"], "de", &[]),
            ("is".to_string(), "en")
        );
    }

    #[test]
    fn tags_are_checked_for_shape() {
        for ok in ["en", "pt-BR", "zh-Hant-TW", "de-CH-1996", "fil"] {
            assert!(is_tag(ok), "{ok}");
        }
        for bad in [
            "",
            "e",
            "en_US",
            "en-",
            "-en",
            "1x",
            "日本",
            "<b>",
            "en-US-aaaaaaaa-bbbbbbbb-cccccccc-dddd",
        ] {
            assert!(!is_tag(bad), "{bad}");
        }
    }

    #[test]
    fn every_built_in_file_reads_with_its_punctuation() {
        for tag in BUILT_IN {
            let w = lang(tag);
            assert_eq!(w.lang, *tag);
            assert!(!w.punct().list.is_empty(), "{tag}");
        }
        let ja = lang("ja");
        assert_eq!(ja.punct().space, "");
        assert_eq!(
            (ja.punct().open.as_str(), ja.punct().close.as_str()),
            ("（", "）")
        );
        let en = lang("en");
        assert_eq!(
            (en.punct().space.as_str(), en.punct().open.as_str()),
            (" ", " (")
        );
        assert!(lang("ar").rtl() && lang("he").rtl() && !en.rtl());
    }

    #[test]
    fn a_file_without_a_key_is_refused_and_punctuation_is_read() {
        let json = |text: &str| crate::json::parse_text(text).unwrap();
        let en = json(FILES.iter().find(|f| f.0 == "en").unwrap().1);
        assert!(Wording::read("en", en.clone(), &[Ui::KEYS]).is_ok());
        let Json::Obj(mut members) = en else {
            unreachable!()
        };
        members.retain(|(k, _)| k != "acceptAll");
        let err = Wording::read("en", Json::Obj(members), &[Ui::KEYS]).unwrap_err();
        assert_eq!(err, "it has no text for acceptAll");
        assert!(Wording::read("en", json("[]"), &[]).is_err());
        assert!(Wording::read("en", json(r#"{"punct.list": ", "}"#), &[]).is_err());
        let punct = |then: &str, aside: &str| {
            let text = format!(
                r#"{{"punct.list": ", ", "punct.longList": "; ", "punct.then": "{then}", "punct.aside": "{aside}"}}"#
            );
            let p = Wording::read("xx", json(&text), &[])
                .unwrap()
                .punct()
                .clone();
            (p.space, p.open, p.close)
        };
        let s = |x: &str| x.to_string();
        assert_eq!(
            punct("{a} – {b}", "{text} [{aside}]"),
            (s(" – "), s(" ["), s("]"))
        );
        assert_eq!(punct("{a}{b}", "{text}{aside}"), (s(""), s(""), s("")));
    }

    #[test]
    fn localized_text_falls_back_by_tag_then_english_then_japanese() {
        let t = Text(vec![
            ("ja".into(), "日本語".into()),
            ("en".into(), "English".into()),
            ("pt".into(), "Português".into()),
        ]);
        assert_eq!(t.get(&lang("ja")), "日本語");
        assert_eq!(t.get(&lang("en")), "English");
        assert_eq!(t.get(&lang("pt-BR")), "Português");
        assert_eq!(t.get(&lang("de")), "English");
        let ja_only = Text(vec![("ja".into(), "日本語".into())]);
        assert_eq!(ja_only.get(&lang("en")), "日本語");
        assert_eq!(Text::any("x").get(&lang("ja")), "x");
        assert_eq!(Text::default().get(&lang("ja")), "");
    }

    #[test]
    fn contract_button_names() {
        let (en, ja) = (lang("en"), lang("ja"));
        assert_eq!(en.get(Ui::AcceptAll.key()), "Accept all");
        assert_eq!(en.get(Ui::RejectAll.key()), "Reject all");
        assert_eq!(en.get(Ui::Manage.key()), "Manage preferences");
        assert_eq!(en.get(Ui::Save.key()), "Save preferences");
        assert_eq!(ja.get(Ui::AcceptAll.key()), "すべて同意する");
        assert_eq!(ja.get(Ui::RejectAll.key()), "すべて拒否する");
        assert_eq!(ja.get(Ui::Manage.key()), "設定を管理");
        assert_eq!(ja.get(Ui::Save.key()), "設定を保存");
    }

    #[test]
    fn keys_are_unique_and_match_their_variants() {
        for (i, a) in Ui::ALL.iter().enumerate() {
            assert_eq!(a.key(), Ui::KEYS[i]);
            for b in &Ui::ALL[i + 1..] {
                assert_ne!(a.key(), b.key());
            }
        }
    }

    #[test]
    fn templates_split_at_tokens_only() {
        use Piece::{Text as T, Token as K};
        assert_eq!(
            pieces("We and our {n} partners: {purposes}."),
            vec![
                T("We and our "),
                K("n"),
                T(" partners: "),
                K("purposes"),
                T(".")
            ]
        );
        assert_eq!(pieces("{name}を許可する"), vec![K("name"), T("を許可する")]);
        assert_eq!(pieces("a {b c} {} {x"), vec![T("a {b c} {} {x")]);
        assert_eq!(pieces("{{n}}"), vec![T("{"), K("n"), T("}")]);
        assert_eq!(pieces(""), vec![]);
    }

    #[test]
    fn switch_labels_fill_the_name_or_follow_a_prefix() {
        let (en, ja) = (lang("en"), lang("ja"));
        let label = |l: &Wording| switch_label(l.get(Ui::Allow.key()), "GA", l);
        assert_eq!(label(&en), "Allow GA");
        assert_eq!(label(&ja), "GAを許可する");
        assert_eq!(switch_label("Erlauben", "GA", &en), "Erlauben GA");
        assert_eq!(switch_label("許可：", "GA", &ja), "許可：GA");
        assert_eq!(switch_label("{name} {other}", "GA", &en), "GA ");
    }

    #[test]
    fn country_names_and_regime_notes() {
        let (en, ja) = (lang("en"), lang("ja"));
        assert_eq!(ja.country_name("US"), "アメリカ合衆国");
        assert_eq!(en.country_name("JP"), "Japan");
        assert_eq!(en.country_name("BR"), "BR");
        assert_eq!(en.regime_note("SE"), en.regime_note("FR"));
        assert!(en
            .regime_note("FR")
            .unwrap()
            .contains("General Data Protection Regulation"));
        assert_eq!(en.regime_note("BR"), None);
        assert!(has_regime_note("US") && !has_regime_note("BR"));
    }

    #[test]
    fn site_texts_apply_to_the_language_and_those_it_falls_back_to() {
        let texts = vec![
            ("de".to_string(), Ui::Title, "Datenschutz".to_string()),
            ("de-CH".to_string(), Ui::Save, "Speichern".to_string()),
        ];
        assert_eq!(site_text(&texts, &Ui::Title, "de-CH"), Some("Datenschutz"));
        assert_eq!(
            site_text(&texts, &Ui::Save, "de-CH-1996"),
            Some("Speichern")
        );
        assert_eq!(site_text(&texts, &Ui::Save, "de"), None);
        assert_eq!(site_text(&texts, &Ui::Title, "fr"), None);
    }
}
