//! What each service does with the visitor's information, in the words Japanese, EU and US
//! rules ask for: the facts of one service (used by the preferences dialog too), and the
//! external-transmission notice (外部送信について) that lists them all.

use crate::config::{Config, Exempt, Service};
use crate::consent::Consent;
use crate::prelude::*;
use crate::render::markup::Html;
use crate::text::{switch_label, Ui, Wording};

/// A definition row (`<div><dt>term</dt><dd>value</dd></div>`); nothing when `value` is empty.
pub fn row(h: &mut Html, term: &str, value: &str) {
    if !value.is_empty() {
        h.raw("<div><dt>").text(term).raw("</dt><dd>");
        h.text(value).raw("</dd></div>");
    }
}

/// A link that opens in a new tab. `href` has passed [`crate::config::safe_link`].
pub fn link(h: &mut Html, label: &str, href: &str) {
    h.raw("<a href=\"").text(href);
    h.raw("\" target=_blank rel=\"noopener noreferrer\">");
    h.text(label).raw("</a>");
}

/// The service's label under Japan's rules, if it has one: exempt, or needing consent.
pub fn status<'a>(config: &'a Config, s: &Service, lang: &'a Wording) -> Option<&'a str> {
    let key = match (s.exempt, s.links_personal_data) {
        (Some(Exempt::Necessary), _) => Ui::ExemptNecessary,
        (Some(Exempt::FirstParty), _) => Ui::ExemptFirstParty,
        (None, true) => Ui::NeedsConsent,
        (None, false) => return None,
    };
    Some(config.ui(key, lang))
}

/// A service's facts as a definition list: recipient, country (with its privacy law and the
/// recipient's safeguards when outside Japan), information sent, purpose, cookies (with
/// duration and who reads them), then its opt-out and privacy policy links.
pub fn service_facts(h: &mut Html, config: &Config, s: &Service, lang: &Wording) {
    let t = |k| config.ui(k, lang);
    if let Some(label) = status(config, s, lang) {
        h.raw("<p class=status>").text(label).raw("</p>");
    }
    h.raw("<dl>");
    row(h, t(Ui::Recipient), s.recipient.get(lang));
    if !s.country.is_empty() {
        row(h, t(Ui::Country), lang.country_name(&s.country));
        abroad(h, config, s, lang);
    }
    let p = lang.punct();
    // Loops rather than iterator adapters: smaller in the browser module.
    let mut data = Vec::new();
    for d in &s.data {
        data.push(d.get(lang));
    }
    list_row(h, t(Ui::DataSent), &data);
    row(h, t(Ui::Purpose), s.purpose.get(lang));
    let mut cookies: Vec<String> = Vec::new();
    for c in &s.cookies {
        let mut cookie = c.name.clone();
        let party = c.third_party.map(|third| {
            t(if third {
                Ui::ThirdParty
            } else {
                Ui::FirstParty
            })
        });
        let mut open = false;
        for d in [c.duration.get(lang), party.unwrap_or_default()] {
            if d.is_empty() {
                continue;
            }
            cookie.push_str(if open { &p.list } else { &p.open });
            open = true;
            cookie.push_str(d);
        }
        if open {
            cookie.push_str(&p.close);
        }
        cookies.push(cookie);
    }
    let mut names = Vec::new();
    for c in &cookies {
        names.push(c.as_str());
    }
    let cookies = names;
    list_row(h, t(Ui::Cookies), &cookies);
    h.raw("</dl>");
    if s.opt_out_url.is_some() || s.privacy_policy_url.is_some() {
        // A separator between the links, so they stay apart on a page without styles
        // (styled, `.links` lays them out and hides it).
        h.raw("<p class=links>");
        if let Some(u) = &s.opt_out_url {
            link(h, t(Ui::OptOut), u);
        }
        if let Some(u) = &s.privacy_policy_url {
            if s.opt_out_url.is_some() {
                h.raw("<span aria-hidden=true> · </span>");
            }
            link(h, t(Ui::ServicePolicy), u);
        }
        h.raw("</p>");
    }
}

/// For a recipient outside Japan (APPI Art. 28): its country's privacy regime (the service's
/// `countryNote`, else the built-in note) and the recipient's safeguards, as definition rows.
pub fn abroad(h: &mut Html, config: &Config, s: &Service, lang: &Wording) {
    if s.country.is_empty() || s.country == "JP" {
        return;
    }
    let note = match s.country_note.get(lang) {
        "" => lang.regime_note(&s.country).unwrap_or_default(),
        n => n,
    };
    row(h, config.ui(Ui::CountryRegime, lang), note);
    row(h, config.ui(Ui::Safeguards, lang), s.safeguards.get(lang));
}

/// A definition row whose value is a list: one item as text, several as a `<ul>`, so they
/// read as separate items on a page without styles; nothing when the list is empty.
fn list_row(h: &mut Html, term: &str, items: &[&str]) {
    match items {
        [] => {}
        [one] => row(h, term, one),
        _ => {
            h.raw("<div><dt>").text(term).raw("</dt><dd><ul>");
            for item in items {
                h.raw("<li>").text(item).raw("</li>");
            }
            h.raw("</ul></dd></div>");
        }
    }
}

/// The external-transmission notice: every service of the config with its facts. With
/// `consent`, each service a visitor can refuse gets a switch (`data-s`, its index) showing
/// whether it is allowed; without, the notice is static (the checker's standalone page).
pub fn disclosure(config: &Config, lang: &Wording, consent: Option<&Consent>) -> String {
    let t = |k| config.ui(k, lang);
    let mut h = Html::new();
    h.raw("<div class=noren-disclosure").lang(lang);
    h.raw("><p>").text(t(Ui::DisclosureText)).raw("</p>");
    for (j, s) in config.services.iter().enumerate() {
        h.raw("<section class=noren-service><h2>")
            .text(s.name.get(lang));
        h.raw("</h2>");
        service_facts(&mut h, config, s, lang);
        let refusable = s.exempt.is_none() && !config.categories[s.category].required;
        if let (Some(c), true) = (consent, refusable) {
            h.raw("<p><label><input type=checkbox data-s=").num(j);
            h.raw(if c.service(j) { " checked> " } else { "> " });
            h.text(&switch_label(t(Ui::Allow), s.name.get(lang), lang))
                .raw("</label></p>");
        }
        h.raw("</section>");
    }
    h.raw("</div>");
    h.finish()
}

/// The notice as a standalone HTML page (`noren disclosure consent.json`), for sites that
/// publish a static one.
pub fn standalone_page(config: &Config, lang: &Wording) -> String {
    let title = config.ui(Ui::DisclosureTitle, lang);
    let mut h = Html::new();
    h.raw("<!doctype html>\n<html").lang(lang);
    h.raw("><head><meta charset=utf-8>");
    h.raw("<meta name=viewport content=\"width=device-width, initial-scale=1\"><title>");
    h.text(title).raw("</title><style>");
    h.raw(concat!(
        "body{font:16px/1.7 system-ui,sans-serif;max-width:46em;margin:2em auto;padding:0 1em}",
        "section{border-top:1px solid #ccc;padding:.5em 0}dt{font-weight:600}dd{margin:0 0 .5em}",
        ".status{font-weight:600}a{margin-inline-end:1em}"
    ));
    h.raw("</style></head><body><main><h1>")
        .text(title)
        .raw("</h1>");
    let mut page = h.finish();
    page.push_str(&disclosure(config, lang, None));
    page.push_str("</main></body></html>\n");
    page
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::json::testing::parse;
    use crate::text::tests::lang as words;

    fn config() -> Config {
        let text = r#"{"revision": 1, "language": "ja",
            "categories": [
              {"id": "necessary", "required": true, "title": "必須", "description": "必須"},
              {"id": "ads", "title": "広告", "description": "広告"}
            ],
            "services": [
              {"id": "cart", "category": "necessary", "name": "カート", "exempt": "necessary",
               "recipient": "当社", "data": ["カートの中身"], "purpose": "購入手続き"},
              {"id": "adnet", "category": "ads", "name": "AdNet <x>", "recipient": "AdNet Inc.",
               "country": "US", "recipientLinksPersonalData": true,
               "safeguards": {"ja": "標準契約条項を締結", "en": "Standard clauses"},
               "data": ["閲覧ページ", "Cookie ID"], "purpose": "行動ターゲティング広告",
               "optOutUrl": "https://adnet.example/optout",
               "cookies": [{"name": "_an", "duration": {"ja": "13か月", "en": "13 months"},
                            "thirdParty": true}, "_an_*"]},
              {"id": "sg", "category": "ads", "name": "SG", "country": "SG"},
              {"id": "br", "category": "ads", "name": "BR", "country": "BR",
               "countryNote": "LGPD"}
            ]}"#;
        Config::from_json(&parse(text)).config.expect("valid")
    }

    #[test]
    fn lists_every_service_with_the_three_items_and_labels() {
        let c = config();
        let html = disclosure(&c, &words("ja"), None);
        assert_eq!(html.matches("<section class=noren-service>").count(), 4);
        assert!(html.contains("<h2>AdNet &lt;x&gt;</h2>"));
        assert!(html.contains(
            "<dt>送信される情報</dt><dd><ul><li>閲覧ページ</li><li>Cookie ID</li></ul></dd>"
        ));
        assert!(html.contains("<dt>送信先</dt><dd>AdNet Inc.</dd>"));
        assert!(html.contains("<dt>利用目的</dt><dd>行動ターゲティング広告</dd>"));
        assert!(html.contains("<dd>アメリカ合衆国</dd>"));
        assert!(html.contains("<dt>送信先が講じる保護措置</dt><dd>標準契約条項を締結</dd>"));
        assert!(html.contains("連邦レベルの包括的な個人情報保護法はなく"));
        assert!(
            html.contains("個人データ保護法（PDPA）"),
            "built-in note for SG"
        );
        assert!(
            html.contains("<dd>LGPD</dd>"),
            "the config's note for a country without one"
        );
        assert!(html.contains(
            "<dd><ul><li>_an（13か月、外部の事業者が利用）</li><li>_an_*</li></ul></dd>"
        ));
        assert!(
            html.contains(">送信先での利用停止の手続き</a>"),
            "plain words for the opt-out link"
        );
        assert!(html.contains("サービスの提供に必要な送信のため、同意は不要です"));
        assert!(html.contains("同意いただいた場合のみ送信します"));
        assert!(html.contains("href=\"https://adnet.example/optout\""));
        assert!(!html.contains("<input"), "static without a consent");
    }

    #[test]
    fn switches_show_the_consent_and_skip_what_cannot_be_refused() {
        let c = config();
        let mut consent = Consent::nothing(&c);
        consent.categories[1] = true;
        consent.services[2] = true;
        let html = disclosure(&c, &words("en"), Some(&consent));
        assert!(!html.contains("data-s=0"), "the exempt cart has no switch");
        assert!(html.contains("<input type=checkbox data-s=1> Allow AdNet &lt;x&gt;</label>"));
        assert!(html.contains("<input type=checkbox data-s=2 checked> Allow SG</label>"));
        let ja = disclosure(&c, &words("ja"), Some(&consent));
        assert!(ja.contains("<input type=checkbox data-s=2 checked> SGを許可する</label>"));
    }

    #[test]
    fn standalone_page_is_a_whole_document() {
        let page = standalone_page(&config(), &words("ja"));
        assert!(page.starts_with("<!doctype html>\n<html lang=ja>"));
        assert!(page.contains("<title>外部送信について</title>"));
        assert!(page.ends_with("</main></body></html>\n"));
    }
}
