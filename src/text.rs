//! Languages, localized config text, and the built-in Japanese and English strings.

use crate::prelude::*;

/// A language Noren has built-in strings for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// Japanese.
    Ja,
    /// English.
    En,
}

impl Lang {
    /// The BCP 47 code (`"ja"` / `"en"`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// The built-in language for a BCP 47 tag such as `ja-JP` or `en-GB`, if there is one.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.trim().to_ascii_lowercase();
        match primary.as_str() {
            "ja" => Some(Lang::Ja),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// Picks the language: the config's fixed choice, else `<html lang>`, else the first of
/// `navigator.languages` Noren knows, else English.
pub fn choose_language(fixed: Option<Lang>, html_lang: &str, navigator: &[String]) -> Lang {
    fixed
        .or_else(|| Lang::from_tag(html_lang))
        .or_else(|| navigator.iter().find_map(|t| Lang::from_tag(t)))
        .unwrap_or(Lang::En)
}

/// A text from the config: one string for every language, or one per language code.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Text(pub Vec<(String, String)>);

impl Text {
    /// The same string for every language.
    pub fn any(s: &str) -> Text {
        Text(vec![(String::new(), s.to_string())])
    }

    /// The string for `lang`; else English, else Japanese, else the first one given.
    pub fn get(&self, lang: Lang) -> &str {
        let find = |code: &str| self.0.iter().find(|(k, _)| k == code || k.is_empty());
        find(lang.code())
            .or_else(|| find("en"))
            .or_else(|| find("ja"))
            .or_else(|| self.0.first())
            .map_or("", |(_, v)| v.as_str())
    }
}

/// Defines a table of wording: an enum, each variant with its key and its English and Japanese.
macro_rules! ui_strings {
    ($(#[$edoc:meta])* $name:ident; $($(#[$doc:meta])* $variant:ident $key:literal { en: $en:literal, ja: $ja:literal })*) => {
        $(#[$edoc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name { $($(#[$doc])* $variant,)* }

        impl $name {
            /// Every string, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The key in the wording files (src/wording/*.json); for [`Ui`], also the key
            /// of the config's `texts` overrides (the TCF wording cannot be overridden).
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key,)* }
            }

            /// The built-in wording.
            pub fn builtin(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $(($name::$variant, Lang::En) => $en, ($name::$variant, Lang::Ja) => $ja,)*
                }
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
    Title "title" {
        en: "Your privacy choices",
        ja: "Cookie等の利用について"
    }
    /// The notice's short text.
    Text "text" {
        en: "We use cookies and similar technologies, and send information to the services listed in the preferences, to measure how this site is used and to show ads based on your interests. They run only if you agree, and you can change your choice at any time.",
        ja: "当サイトでは、利用状況の分析や興味・関心に基づく広告の配信のため、Cookie等を利用し、設定画面に記載の外部サービスへ情報を送信します。これらは同意いただいた場合にのみ動作し、選択はいつでも変更できます。"
    }
    /// The button that grants every category and service.
    AcceptAll "acceptAll" { en: "Accept all", ja: "すべて同意する" }
    /// The button that refuses every non-essential category and service.
    RejectAll "rejectAll" { en: "Reject all", ja: "すべて拒否する" }
    /// The button that opens the preferences dialog.
    Manage "manage" { en: "Manage preferences", ja: "設定を管理" }
    /// The dialog's save button.
    Save "save" { en: "Save preferences", ja: "設定を保存" }
    /// The preferences dialog's heading.
    PrefsTitle "preferencesTitle" { en: "Privacy preferences", ja: "プライバシー設定" }
    /// The preferences dialog's introduction.
    PrefsText "preferencesText" {
        en: "Choose which categories and services may run on this site. Non-essential ones stay off unless you turn them on. Strictly necessary ones are always on.",
        ja: "カテゴリやサービスごとに、当サイトで動作させるかどうかを選べます。必須以外のものは、オンにしない限り動作しません。必須のものは常に有効です。"
    }
    /// The link to the site's privacy policy.
    Policy "policyLink" { en: "Privacy policy", ja: "プライバシーポリシー" }
    /// The banner's close button (closing means refusal).
    CloseBanner "closeBanner" { en: "Close without accepting", ja: "同意せずに閉じる" }
    /// The dialog's close button.
    Close "close" { en: "Close", ja: "閉じる" }
    /// The floating button that reopens the preferences.
    Reopen "reopen" { en: "Privacy settings", ja: "プライバシー設定を開く" }
    /// Shown next to a required category's switch.
    AlwaysOn "alwaysOn" { en: "Always on", ja: "常に有効" }
    /// Service detail: the recipient's legal name.
    Recipient "recipient" { en: "Recipient", ja: "送信先" }
    /// Service detail: the recipient's country.
    Country "country" { en: "Country", ja: "送信先の国" }
    /// Service detail: the information the tag sends.
    DataSent "dataSent" { en: "Information sent", ja: "送信される情報" }
    /// Service detail: the purpose of use.
    Purpose "purpose" { en: "Purpose", ja: "利用目的" }
    /// Service detail: the cookies it sets.
    Cookies "cookies" { en: "Cookies", ja: "Cookie" }
    /// Service detail: the recipient's opt-out page.
    OptOut "optOut" { en: "Opt-out page", ja: "送信先での利用停止の手続き" }
    /// Service detail: the recipient's privacy policy.
    ServicePolicy "servicePolicy" { en: "Recipient's privacy policy", ja: "送信先のプライバシーポリシー" }
    /// Label of a service's switch, read by screen readers: `{name}` is the service's name
    /// ("Allow Google Analytics"). A config text without `{name}` is a prefix ([`switch_label`]).
    Allow "allow" { en: "Allow {name}", ja: "{name}を許可する" }
    /// Heading of the list of services in a category.
    Services "services" { en: "Services", ja: "サービス" }
    /// The notice's short text under the opt-out regime.
    TextOptOut "textOptOut" {
        en: "We use cookies and similar technologies, and send information to the services listed in the preferences, to measure how this site is used and to show ads based on your interests. You can refuse any of them here, or at any time in the preferences.",
        ja: "当サイトでは、利用状況の分析や興味・関心に基づく広告の配信のため、Cookie等を利用し、設定画面に記載の外部サービスへ情報を送信します。これらはこの画面または設定画面から、いつでも停止できます。"
    }
    /// Before the recipients that link what they receive to personal data (APPI Art. 31).
    PersonalData "personalData" {
        en: "Accepting also means you agree that these recipients receive information about you as personal data:",
        ja: "「すべて同意する」を選ぶと、次の送信先が利用者に関する情報を個人データとして取得することにも同意したことになります："
    }
    /// Label of a service whose recipient links what it receives to personal data.
    NeedsConsent "needsConsent" {
        en: "Sent only with your consent: the recipient links it to personal data",
        ja: "送信先で個人データとして取得されるため、同意いただいた場合のみ送信します"
    }
    /// Service detail: the privacy law of the recipient's country.
    CountryRegime "countryRegime" { en: "Privacy law there", ja: "送信先の国の個人情報保護制度" }
    /// Service detail: what the recipient does to protect the information.
    Safeguards "safeguards" { en: "Recipient's safeguards", ja: "送信先が講じる保護措置" }
    /// A cookie the site itself reads.
    FirstParty "firstParty" { en: "first party", ja: "当サイト自身が利用" }
    /// A cookie another domain reads.
    ThirdParty "thirdParty" { en: "third party", ja: "外部の事業者が利用" }
    /// Label of a service exempt as strictly necessary.
    ExemptNecessary "exemptNecessary" {
        en: "No consent needed: necessary to provide the service you use",
        ja: "サービスの提供に必要な送信のため、同意は不要です"
    }
    /// Label of a service exempt as a first-party identifier sent back to the site itself.
    ExemptFirstParty "exemptFirstParty" {
        en: "No consent needed: an identifier this site issued, sent back only to this site",
        ja: "当サイトが発行した識別番号を当サイトにのみ送信するため、同意は不要です"
    }
    /// The external-transmission notice's heading.
    DisclosureTitle "disclosureTitle" { en: "Information sent to external services", ja: "外部送信について" }
    /// The external-transmission notice's introduction.
    DisclosureText "disclosureText" {
        en: "This site has your browser send information to the services below. For each one you can see what is sent, to whom and for what, and stop it with its switch or at the recipient's opt-out page.",
        ja: "当サイトでは、以下のサービスに利用者に関する情報を送信しています。サービスごとに、送信される情報・送信先・利用目的を確認でき、スイッチまたは送信先での利用停止の手続きにより、送信を止めることができます。"
    }
    /// Shown when the browser sends Global Privacy Control.
    GpcHonoured "gpcHonoured" {
        en: "Your browser's Global Privacy Control signal is honoured: advertising that uses your information stays off.",
        ja: "ブラウザのグローバル・プライバシー・コントロール（GPC）の設定に従い、広告を目的とした情報の利用を停止しています。"
    }
    /// The button of an embed's placeholder: consents to that service only.
    EmbedLoad "embedLoad" { en: "Load this content", ja: "このコンテンツを読み込む" }
    /// An embed's placeholder: the button that opens the preferences.
    EmbedMore "embedMore" { en: "All privacy settings", ja: "すべての設定を見る" }
    /// An embed's placeholder: before the information loading it sends.
    EmbedText "embedText" {
        en: "This content comes from another service and is not loaded until you allow it. Loading it sends:",
        ja: "このコンテンツは外部サービスのもので、許可するまで読み込みません。読み込むと次の情報が送信されます："
    }
    /// Before the visitor's consent record id in the preferences dialog.
    RecordId "recordId" { en: "Your consent record ID:", ja: "同意記録ID：" }
    /// [`Ui::Text`] for a config without an advertising category (and without TCF).
    TextNoAds "textNoAds" {
        en: "We use cookies and similar technologies, and send information to the services listed in the preferences, to measure how this site is used. They run only if you agree, and you can change your choice at any time.",
        ja: "当サイトでは、利用状況の分析のため、Cookie等を利用し、設定画面に記載の外部サービスへ情報を送信します。これらは同意いただいた場合にのみ動作し、選択はいつでも変更できます。"
    }
    /// [`Ui::TextOptOut`] for a config without an advertising category (and without TCF).
    TextOptOutNoAds "textOptOutNoAds" {
        en: "We use cookies and similar technologies, and send information to the services listed in the preferences, to measure how this site is used. You can refuse any of them here, or at any time in the preferences.",
        ja: "当サイトでは、利用状況の分析のため、Cookie等を利用し、設定画面に記載の外部サービスへ情報を送信します。これらはこの画面または設定画面から、いつでも停止できます。"
    }
    /// [`Ui::PrefsText`] for a config without a required category.
    PrefsTextNoRequired "preferencesTextNoRequired" {
        en: "Choose which categories and services may run on this site. Non-essential ones stay off unless you turn them on.",
        ja: "カテゴリやサービスごとに、当サイトで動作させるかどうかを選べます。必須以外のものは、オンにしない限り動作しません。"
    }
}

/// EU member states (their recipients share one privacy regime note; the `EU` group of
/// `regions`).
pub const EU: &[&str] = &[
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
];

/// A short note on the privacy law of a recipient's country (APPI Art. 28), for the EU, the
/// US, the UK, South Korea, China and Singapore.
pub fn regime_note(code: &str, lang: Lang) -> Option<&'static str> {
    let (en, ja) = match code {
        c if EU.contains(&c) => (
            "The EU's General Data Protection Regulation applies; Japan recognises it as giving equivalent protection.",
            "EU一般データ保護規則（GDPR）が適用されます。日本と同等の水準の保護制度として認められています。",
        ),
        "GB" => (
            "The UK GDPR and the Data Protection Act 2018 apply; Japan recognises them as giving equivalent protection.",
            "英国GDPRおよび2018年データ保護法が適用されます。日本と同等の水準の保護制度として認められています。",
        ),
        "US" => (
            "There is no comprehensive federal privacy law; federal laws for some sectors and state laws such as the California Consumer Privacy Act apply.",
            "連邦レベルの包括的な個人情報保護法はなく、分野ごとの連邦法と、カリフォルニア州消費者プライバシー法（CCPA）などの州法が適用されます。",
        ),
        "KR" => (
            "The Personal Information Protection Act applies, overseen by the Personal Information Protection Commission.",
            "個人情報保護法（PIPA）が適用され、個人情報保護委員会が監督しています。",
        ),
        "CN" => (
            "The Personal Information Protection Law applies; laws on national security may give the government broad access to data.",
            "個人情報保護法（PIPL）が適用されます。国家安全等に関する法令により、政府が広くデータにアクセスできる場合があります。",
        ),
        "SG" => (
            "The Personal Data Protection Act 2012 applies, overseen by the Personal Data Protection Commission.",
            "個人データ保護法（PDPA）が適用され、個人データ保護委員会が監督しています。",
        ),
        _ => return None,
    };
    Some(if lang == Lang::Ja { ja } else { en })
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

/// How a language joins the pieces of its sentences: Japanese uses full-width punctuation and
/// no spaces between words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Punct {
    /// Between the items of a list (`", "`, `"、"`).
    pub list: &'static str,
    /// Between items that may hold commas themselves, such as TCF purpose names (`"; "`).
    pub long_list: &'static str,
    /// Between two pieces of a sentence, e.g. a label and its value (`" "`; none in Japanese).
    pub space: &'static str,
    /// Opens an aside after a name, such as a recipient's country (`" ("`, `"（"`).
    pub open: &'static str,
    /// Closes the aside (`")"`, `"）"`).
    pub close: &'static str,
}

impl Lang {
    /// This language's punctuation.
    pub fn punct(self) -> Punct {
        match self {
            Lang::En => Punct {
                list: ", ",
                long_list: "; ",
                space: " ",
                open: " (",
                close: ")",
            },
            Lang::Ja => Punct {
                list: "、",
                long_list: "、",
                space: "",
                open: "（",
                close: "）",
            },
        }
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
pub fn switch_label(template: &str, name: &str, lang: Lang) -> String {
    let parts = pieces(template);
    let mut out = String::new();
    if !parts.contains(&Piece::Token("name")) {
        out.push_str(template);
        out.push_str(lang.punct().space);
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

/// The English or Japanese name of a country code Noren knows, else the code itself.
pub fn country_name(code: &str, lang: Lang) -> &str {
    const NAMES: &[(&str, &str, &str)] = &[
        ("JP", "Japan", "日本"),
        ("US", "United States", "アメリカ合衆国"),
        ("GB", "United Kingdom", "イギリス"),
        ("IE", "Ireland", "アイルランド"),
        ("DE", "Germany", "ドイツ"),
        ("FR", "France", "フランス"),
        ("NL", "Netherlands", "オランダ"),
        ("SG", "Singapore", "シンガポール"),
        ("KR", "South Korea", "韓国"),
        ("CN", "China", "中国"),
        ("IN", "India", "インド"),
        ("AU", "Australia", "オーストラリア"),
        ("CA", "Canada", "カナダ"),
        ("TW", "Taiwan", "台湾"),
        ("HK", "Hong Kong", "香港"),
    ];
    NAMES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or(code, |(_, en, ja)| if lang == Lang::Ja { ja } else { en })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn language_order_is_config_then_html_then_navigator_then_english() {
        let nav = vec!["fr-FR".to_string(), "ja-JP".to_string()];
        assert_eq!(choose_language(Some(Lang::En), "ja", &nav), Lang::En);
        assert_eq!(choose_language(None, "ja-JP", &[]), Lang::Ja);
        assert_eq!(choose_language(None, "", &nav), Lang::Ja);
        assert_eq!(choose_language(None, "de", &["fr".into()]), Lang::En);
        assert_eq!(choose_language(None, "EN_us", &[]), Lang::En);
    }

    #[test]
    fn localized_text_falls_back_to_english_then_japanese() {
        let t = Text(vec![
            ("ja".into(), "日本語".into()),
            ("en".into(), "English".into()),
        ]);
        assert_eq!(t.get(Lang::Ja), "日本語");
        assert_eq!(t.get(Lang::En), "English");
        let ja_only = Text(vec![("ja".into(), "日本語".into())]);
        assert_eq!(ja_only.get(Lang::En), "日本語");
        assert_eq!(Text::any("x").get(Lang::Ja), "x");
        assert_eq!(Text::default().get(Lang::Ja), "");
    }

    #[test]
    fn contract_button_names() {
        assert_eq!(Ui::AcceptAll.builtin(Lang::En), "Accept all");
        assert_eq!(Ui::RejectAll.builtin(Lang::En), "Reject all");
        assert_eq!(Ui::Manage.builtin(Lang::En), "Manage preferences");
        assert_eq!(Ui::Save.builtin(Lang::En), "Save preferences");
        assert_eq!(Ui::AcceptAll.builtin(Lang::Ja), "すべて同意する");
        assert_eq!(Ui::RejectAll.builtin(Lang::Ja), "すべて拒否する");
        assert_eq!(Ui::Manage.builtin(Lang::Ja), "設定を管理");
        assert_eq!(Ui::Save.builtin(Lang::Ja), "設定を保存");
    }

    #[test]
    fn keys_are_unique() {
        for (i, a) in Ui::ALL.iter().enumerate() {
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
        let label = |l| switch_label(Ui::Allow.builtin(l), "GA", l);
        assert_eq!(label(Lang::En), "Allow GA");
        assert_eq!(label(Lang::Ja), "GAを許可する");
        assert_eq!(switch_label("Erlauben", "GA", Lang::En), "Erlauben GA");
        assert_eq!(switch_label("許可：", "GA", Lang::Ja), "許可：GA");
        assert_eq!(switch_label("{name} {other}", "GA", Lang::En), "GA ");
    }

    #[test]
    fn japanese_text_uses_full_width_punctuation_and_plain_words() {
        for ui in Ui::ALL {
            let ja = ui.builtin(Lang::Ja);
            for jargon in [
                ":",
                "(",
                ")",
                ",",
                "ファーストパーティ",
                "サードパーティ",
                "オプトアウト",
            ] {
                assert!(!ja.contains(jargon), "{}: {jargon} in {ja}", ui.key());
            }
        }
        let p = Lang::Ja.punct();
        assert_eq!((p.open, p.close, p.list), ("（", "）", "、"));
    }

    #[test]
    fn country_names() {
        assert_eq!(country_name("US", Lang::Ja), "アメリカ合衆国");
        assert_eq!(country_name("JP", Lang::En), "Japan");
        assert_eq!(country_name("BR", Lang::En), "BR");
    }
}
