//! The markup of the notice (first layer), the preferences dialog and the floating button, built
//! from the config in the visitor's language. The shell puts it in Noren's shadow root.
//!
//! Buttons carry `data-a` (the action); switches carry `data-c` / `data-s` (the category's or
//! service's index). Everything starts hidden; the shell decides what shows.

use crate::config::{is_advertising, measures};
use crate::config::{Config, Layout, Regime};
use crate::prelude::*;
use crate::render::disclosure::{abroad, link, service_facts};
use crate::render::markup::Html;
use crate::text::{site_text, switch_label, Ui, Wording};

/// The notice (first layer) and the floating button for `config` in `lang`, in the element
/// that carries the layout; the shell puts [`dialog`] after the notice when it is first needed.
/// `gpc`: the browser sends Global Privacy Control, which the notice says it honours;
/// `tcf_first`: the IAB TCF paragraph of the notice ([`crate::iab::tcf_notice`]), when TCF is on.
pub fn notice(config: &Config, lang: &Wording, gpc: bool, tcf_first: Option<Html>) -> String {
    let t = |k| config.ui(k, lang);
    let p = lang.punct();
    let look = &config.look;
    let mut h = Html::new();
    h.raw("<div class=\"n ").raw(match look.layout {
        Layout::Bar => "l-bar",
        Layout::Box => "l-box",
        Layout::Modal => "l-modal",
    });
    h.raw(if look.top { " p-top" } else { "" });
    h.raw(if look.left { " p-left" } else { "" });
    h.raw("\"").lang(lang);
    // First layer.
    h.raw(concat!(
        "><section class=banner role=dialog aria-modal=false aria-labelledby=n-bt ",
        "aria-describedby=n-bd tabindex=-1 hidden><div class=b-in><div class=b-text>"
    ));
    if let Some((src, alt)) = &look.logo {
        h.raw("<img class=logo src=\"").text(src);
        h.raw("\" alt=\"").text(alt.get(lang)).raw("\">");
    }
    h.raw("<h2 id=n-bt>")
        .text(t(Ui::Title))
        .raw("</h2><div id=n-bd><p>");
    let opt_out = config.regime == Regime::OptOut;
    let ads = has_advertising(config);
    // Only the purposes the config has: advertising, measurement, both or neither.
    let text = match (opt_out, ads, measures(config)) {
        (false, true, true) => Ui::Text,
        (false, false, true) => variant(config, lang, Ui::Text, Ui::TextNoAds),
        (false, true, false) => variant(config, lang, Ui::Text, Ui::TextNoAnalytics),
        (false, false, false) => variant(config, lang, Ui::Text, Ui::TextNoAdsNoAnalytics),
        (true, true, true) => Ui::TextOptOut,
        (true, false, true) => variant(config, lang, Ui::TextOptOut, Ui::TextOptOutNoAds),
        (true, true, false) => variant(config, lang, Ui::TextOptOut, Ui::TextOptOutNoAnalytics),
        (true, false, false) => {
            variant(config, lang, Ui::TextOptOut, Ui::TextOptOutNoAdsNoAnalytics)
        }
    };
    h.text(t(text));
    if let Some(u) = &config.policy_url {
        h.text(&p.space);
        link(&mut h, t(Ui::Policy), u);
    }
    h.raw("</p>");
    // The GPC sentence says advertising stays off: only where there is advertising.
    if gpc && ads {
        h.raw("<p class=pd>").text(t(Ui::GpcHonoured)).raw("</p>");
    }
    personal_data_recipients(&mut h, config, lang);
    if let Some(p) = tcf_first {
        h.append(p);
    }
    h.raw("</div></div><div class=acts>");
    button(&mut h, t(Ui::AcceptAll), "accept");
    button(&mut h, t(Ui::RejectAll), "reject");
    button(&mut h, t(Ui::Manage), "manage");
    h.raw("</div></div>");
    // Closing refuses under opt-in; under opt-out it keeps the defaults the notice described.
    close_button(
        &mut h,
        t(if opt_out { Ui::Close } else { Ui::CloseBanner }),
        "dismiss",
    );
    h.raw("</section>");
    if config.floating_button {
        h.raw("<button class=fab type=button data-a=open hidden aria-label=\"")
            .text(t(Ui::Reopen))
            .raw("\"><span class=ico aria-hidden=true></span></button>");
    }
    h.raw("</div>");
    h.finish()
}

/// The preferences dialog (hidden) for `config` in `lang`, which goes right after the notice:
/// every category and service with its switch and facts. `gpc` as for [`notice`]; `tcf_dialog`:
/// the IAB TCF section of the dialog, when TCF is on.
pub fn dialog(config: &Config, lang: &Wording, gpc: bool, tcf_dialog: Option<Html>) -> String {
    let t = |k| config.ui(k, lang);
    let p = lang.punct();
    let mut h = Html::new();
    h.raw(concat!(
        "<div class=backdrop hidden><div class=dialog role=dialog aria-modal=true ",
        "aria-labelledby=n-pt tabindex=-1><div class=d-head><h2 id=n-pt>"
    ))
    .text(t(Ui::PrefsTitle))
    .raw("</h2>");
    close_button(&mut h, t(Ui::Close), "close");
    let prefs_text = if config.categories.iter().any(|c| c.required) {
        Ui::PrefsText
    } else {
        variant(config, lang, Ui::PrefsText, Ui::PrefsTextNoRequired)
    };
    h.raw("</div><div class=d-body><p>")
        .text(t(prefs_text))
        .raw("</p>");
    // The GPC sentence says advertising stays off: only where there is advertising.
    if gpc && has_advertising(config) {
        h.raw("<p class=gpc>").text(t(Ui::GpcHonoured)).raw("</p>");
    }
    for (i, cat) in config.categories.iter().enumerate() {
        h.raw("<section class=cat><div class=row><h3 id=n-c")
            .num(i)
            .raw(">");
        h.text(cat.title.get(lang)).raw("</h3>");
        if cat.required {
            h.raw("<span class=always>")
                .text(t(Ui::AlwaysOn))
                .raw("</span>");
        }
        h.raw("<input class=sw type=checkbox role=switch data-c=")
            .num(i);
        h.raw(" aria-labelledby=n-c").num(i);
        locked_if(&mut h, cat.required);
        h.raw("</div><p class=desc>")
            .text(cat.description.get(lang))
            .raw("</p>");
        // Loops rather than iterator adapters: smaller in the browser module.
        let mut listed = false;
        for (j, s) in config.services.iter().enumerate() {
            if s.category != i {
                continue;
            }
            if !listed {
                listed = true;
                h.raw("<ul class=svcs aria-label=\"")
                    .text(t(Ui::Services))
                    .raw("\">");
            }
            h.raw("<li><div class=row><details><summary>");
            h.text(s.name.get(lang)).raw("</summary>");
            service_facts(&mut h, config, s, lang);
            h.raw("</details><input class=sw type=checkbox role=switch data-s=")
                .num(j);
            h.raw(" aria-label=\"")
                .text(&switch_label(t(Ui::Allow), s.name.get(lang), lang))
                .raw("\"");
            locked_if(&mut h, cat.required);
            h.raw("</div></li>");
        }
        if listed {
            h.raw("</ul>");
        }
        h.raw("</section>");
    }
    if let Some(s) = tcf_dialog {
        h.append(s);
    }
    h.raw("<p class=rec hidden>")
        .text(t(Ui::RecordId))
        .text(&p.space);
    h.raw("<span class=rid></span></p></div><div class=acts>");
    button(&mut h, t(Ui::Save), "save");
    button(&mut h, t(Ui::AcceptAll), "accept");
    button(&mut h, t(Ui::RejectAll), "reject");
    h.raw("</div></div></div>");
    h.finish()
}

/// The placeholder of a held embed (video, map, post) of service `j`: what it is, what
/// loading it sends, a button that consents to that service only, and the preferences.
pub fn placeholder(config: &Config, lang: &Wording, j: usize) -> String {
    let t = |k| config.ui(k, lang);
    let p = lang.punct();
    let mut h = Html::new();
    let Some(s) = config.services.get(j) else {
        return h.finish();
    };
    let name = s.name.get(lang);
    h.raw("<div class=\"n ph\" role=group").lang(lang);
    h.raw(" aria-label=\"")
        .text(name)
        .raw("\"><p class=ph-t>")
        .text(name);
    let recipient = s.recipient.get(lang);
    if !recipient.is_empty() {
        h.text(&p.open).text(recipient).text(&p.close);
    }
    h.raw("</p><p>");
    if s.data.is_empty() {
        // Nothing listed: no sentence that announces a list.
        h.text(t(variant(config, lang, Ui::EmbedText, Ui::EmbedTextNoData)));
    } else {
        h.text(t(Ui::EmbedText)).text(&p.space);
    }
    for (i, d) in s.data.iter().enumerate() {
        h.text(if i == 0 { "" } else { &p.list }).text(d.get(lang));
    }
    h.raw("</p><div class=ph-a><button class=btn type=button data-a=embed data-s=")
        .num(j);
    h.raw(">").text(t(Ui::EmbedLoad)).raw("</button>");
    // Its own name: "Manage preferences" and "Privacy settings" belong to the notice's buttons.
    h.raw("<button class=lnk type=button data-a=open>")
        .text(t(Ui::EmbedMore));
    h.raw("</button></div></div>");
    h.finish()
}

/// Names the recipients that link what they receive to personal data (APPI Art. 31: the
/// request for consent names them), with their countries, and for those abroad the country's
/// privacy regime and the recipient's safeguards (APPI Art. 28).
fn personal_data_recipients(h: &mut Html, config: &Config, lang: &Wording) {
    let p = lang.punct();
    let mut first = true;
    for s in &config.services {
        if !s.links_personal_data {
            continue;
        }
        if first {
            h.raw("<p class=pd>")
                .text(config.ui(Ui::PersonalData, lang));
        }
        h.text(if first { &p.space } else { &p.list });
        first = false;
        h.text(who(s, lang));
        if !s.country.is_empty() {
            h.text(&p.open)
                .text(lang.country_name(&s.country))
                .text(&p.close);
        }
    }
    if first {
        return; // none
    }
    h.raw("</p>");
    // APPI Art. 28: "Accept all" is consent to a recipient abroad, so its country's regime and
    // its safeguards are one click away here, as in the dialog.
    for s in &config.services {
        if !s.links_personal_data || s.country.is_empty() || s.country == "JP" {
            continue;
        }
        h.raw("<details class=pd><summary>")
            .text(who(s, lang))
            .text(&p.open)
            .text(lang.country_name(&s.country))
            .text(&p.close);
        h.raw("</summary><dl>");
        abroad(h, config, s, lang);
        h.raw("</dl></details>");
    }
}

/// Who receives a service's information: its recipient, else its name.
fn who<'a>(s: &'a crate::config::Service, lang: &Wording) -> &'a str {
    match s.recipient.get(lang) {
        "" => s.name.get(lang),
        r => r,
    }
}

/// Whether the config has advertising: a category Consent Mode maps to an advertising type
/// (by default, the one with id `ads`), or IAB TCF.
fn has_advertising(config: &Config) -> bool {
    config.tcf.is_some() || (0..config.categories.len()).any(|i| is_advertising(config, i))
}

/// The wording for a config that lacks what `base` speaks of (advertising, measurement, a
/// required category, the data an embed sends): `shorter`, unless the site rewrote `base` in
/// this language and not `shorter`, in which case its own words stay.
fn variant(config: &Config, lang: &Wording, base: Ui, shorter: Ui) -> Ui {
    let rewritten = |k: Ui| site_text(&config.texts, &k, &lang.lang).is_some();
    if rewritten(base) && !rewritten(shorter) {
        base
    } else {
        shorter
    }
}

/// Ends a switch's `<input`: a required one is on and cannot be changed.
fn locked_if(h: &mut Html, required: bool) {
    h.raw(if required { " checked disabled>" } else { ">" });
}

fn button(h: &mut Html, label: &str, action: &'static str) {
    h.raw("<button class=btn type=button data-a=")
        .raw(action)
        .raw(">");
    h.text(label).raw("</button>");
}

fn close_button(h: &mut Html, label: &str, action: &'static str) {
    h.raw("<button class=x type=button data-a=").raw(action);
    h.raw(" aria-label=\"").text(label);
    h.raw("\"><span aria-hidden=true>×</span></button>");
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::json::testing::parse;
    use crate::text::tests::lang as words;

    /// The notice with the dialog where the shell puts it, right after the first layer.
    fn notice(c: &Config, lang: &Wording, gpc: bool, tcf: Option<Html>) -> String {
        let mut html = super::notice(c, lang, gpc, tcf);
        let at = html.find("</section>").expect("the first layer") + "</section>".len();
        html.insert_str(at, &dialog(c, lang, gpc, None));
        html
    }

    fn config(extra: &str) -> Config {
        let text = r#"{"revision": 1, "policyUrl": "/privacy?a=1&b=2",
            "categories": [
              {"id": "necessary", "required": true, "title": "Necessary", "description": "Needed."},
              {"id": "ads", "title": "Ads <b>", "description": "Ads \"quoted\"."}
            ],
            "services": [
              {"id": "x", "category": "ads", "name": "X & Co", "recipient": "X Inc.",
               "country": "US", "data": ["page URL", "<cookie id>"], "purpose": "Ads",
               "optOutUrl": "https://x.example/opt-out", "cookies": ["_x", "_x_*"]}
            ]EXTRA}"#
            .replace("EXTRA", extra);
        Config::from_json(&parse(&text)).config.expect("valid")
    }

    #[test]
    fn config_text_is_escaped() {
        let html = notice(&config(""), &words("en"), false, None);
        assert!(html.contains("<h3 id=n-c1>Ads &lt;b&gt;</h3>"));
        assert!(html.contains("Ads &quot;quoted&quot;."));
        assert!(html.contains("<summary>X &amp; Co</summary>"));
        assert!(html.contains("&lt;cookie id&gt;"));
        assert!(html.contains("href=\"/privacy?a=1&amp;b=2\""));
        assert!(!html.contains("<b>"));
    }

    #[test]
    fn switches_carry_indexes_and_required_ones_are_locked() {
        let html = notice(&config(""), &words("en"), false, None);
        assert!(html.contains("data-c=0 aria-labelledby=n-c0 checked disabled>"));
        assert!(html.contains("data-c=1 aria-labelledby=n-c1>"));
        assert!(html.contains("data-s=0 aria-label=\"Allow X &amp; Co\">"));
    }

    #[test]
    fn service_details_list_what_is_known() {
        let html = notice(&config(""), &words("en"), false, None);
        assert!(html.contains("<dt>Recipient</dt><dd>X Inc.</dd>"));
        assert!(html.contains("<dd><ul><li>page URL</li><li>&lt;cookie id&gt;</li></ul></dd>"));
        assert!(html.contains("<dd><ul><li>_x</li><li>_x_*</li></ul></dd>"));
        assert!(html.contains("<p class=links><a href=\"https://x.example/opt-out\""));
        assert!(html.contains("href=\"https://x.example/opt-out\""));
        assert!(!html.contains("Recipient&#39;s privacy policy"));
    }

    #[test]
    fn japanese_builtins_and_no_floating_button_when_off() {
        let html = notice(
            &config(r#", "floatingButton": false"#),
            &words("ja"),
            false,
            None,
        );
        assert!(html.starts_with("<div class=\"n l-bar\" lang=ja>"));
        assert!(html.contains(">すべて同意する</button>"));
        assert!(html.contains(">設定を保存</button>"));
        assert!(!html.contains("class=fab"));
        let with_fab = notice(&config(""), &words("ja"), false, None);
        assert!(with_fab.contains("class=fab"));
    }

    #[test]
    fn japanese_punctuation_is_full_width_and_switches_read_naturally() {
        let mut c = config("");
        c.services[0].links_personal_data = true;
        let html = notice(&c, &words("ja"), false, None);
        assert!(html.contains("aria-label=\"X &amp; Coを許可する\">"));
        assert!(html.contains("同意したことになります：X Inc.（アメリカ合衆国）</p>"));
        assert!(html.contains("同意記録ID：<span class=rid>"));
        let ph = placeholder(&c, &words("ja"), 0);
        assert!(ph.contains("<p class=ph-t>X &amp; Co（X Inc.）</p>"));
        assert!(ph.contains("次の情報が送信されます：page URL、&lt;cookie id&gt;</p>"));
    }

    #[test]
    fn look_regime_logo_and_personal_data_recipients() {
        let extra = r#", "layout": "box", "position": "top-left", "theme": "dark",
            "regime": "opt-out", "logo": {"src": "/logo.svg", "alt": "Shop \"A\""}"#;
        let mut c = config(extra);
        c.services[0].links_personal_data = true;
        let html = notice(&c, &words("en"), false, None);
        assert!(html.starts_with("<div class=\"n l-box p-top p-left\" lang=en>"));
        assert!(html.contains("<img class=logo src=\"/logo.svg\" alt=\"Shop &quot;A&quot;\">"));
        assert!(html.contains("You can refuse any of them here"));
        assert!(
            html.contains("aria-label=\"Close\""),
            "closing is not a refusal under opt-out"
        );
        assert!(html.contains("as personal data: X Inc. (United States)</p>"));
        // APPI Art. 28: the regime of the recipient's country and its safeguards, in the
        // first layer too.
        let first = &html[..html.find("class=backdrop").unwrap()];
        assert!(first.contains(concat!(
            "<details class=pd><summary>X Inc. (United States)</summary><dl><div><dt>Privacy law there</dt>",
            "<dd>There is no comprehensive federal privacy law;"
        )));
        c.services[0].safeguards = crate::text::Text::any("Standard contractual clauses");
        let html = notice(&c, &words("ja"), false, None);
        let first = &html[..html.find("class=backdrop").unwrap()];
        assert!(first.contains("<details class=pd><summary>X Inc.（アメリカ合衆国）</summary>"));
        assert!(
            first.contains("<dt>送信先が講じる保護措置</dt><dd>Standard contractual clauses</dd>")
        );
        // Not for a recipient in Japan.
        c.services[0].country = "JP".into();
        assert!(!notice(&c, &words("en"), false, None).contains("<details class=pd>"));
        let gpc = notice(&config(""), &words("en"), true, None);
        assert!(gpc.contains("Global Privacy Control signal is honoured"));
        let plain = notice(&config(""), &words("en"), false, None);
        assert!(!plain.contains("class=pd"));
        assert!(plain.contains("aria-label=\"Close without accepting\""));
    }

    #[test]
    fn wording_follows_the_config_in_every_language() {
        let plain = |extra: &str| {
            let text = r#"{"revision": 1, "categories": [
                {"id": "analytics", "title": "A", "description": "A"},
                {"id": "media", "title": "M", "description": "M"}]EXTRA}"#
                .replace("EXTRA", extra);
            Config::from_json(&parse(&text)).config.expect("valid")
        };
        // Words that only the advertising and the required-category sentences use.
        for (tag, ad, always, gpc_ad) in [
            ("en", "ads", "always on", "advertising"),
            ("ja", "広告", "常に有効", "広告"),
        ] {
            let lang = &words(tag);
            for regime in ["", r#", "regime": "opt-out""#] {
                // Neither advertising nor a required category: neither sentence, no GPC line.
                let html = notice(&plain(regime), lang, true, None);
                assert!(!html.contains(ad), "{tag} {regime}: {html}");
                assert!(!html.contains(always), "{tag} {regime}");
                assert!(!html.contains(gpc_ad), "{tag} {regime}");
                assert!(!html.contains("<p class=pd>"), "no GPC line");
                // Both: both sentences, and GPC is honoured aloud.
                let html = notice(&config(regime), lang, true, None);
                assert!(html.contains(ad), "{tag} {regime}");
                assert!(
                    html.contains(lang.get(Ui::PrefsText.key())),
                    "{tag} {regime}"
                );
                assert!(html.contains("<p class=pd>"), "the GPC line");
            }
            // An advertising category by the config's Consent Mode map, whatever its id.
            let mapped = plain(
                r#", "consentMode": {"map": {"analytics": ["analytics_storage"], "media": ["ad_storage"]}}"#,
            );
            assert!(notice(&mapped, lang, false, None).contains(lang.get(Ui::Text.key())));
        }
        // A site that rewrote the text keeps its words; one that rewrote the shorter one too
        // gets that.
        let own =
            plain(r#", "texts": {"en": {"text": "Own words.", "preferencesText": "Own prefs."}}"#);
        let html = notice(&own, &words("en"), false, None);
        assert!(html.contains("<p>Own words.") && html.contains("<p>Own prefs.</p>"));
        let ja = words("ja");
        assert!(notice(&own, &ja, false, None).contains(ja.get(Ui::TextNoAds.key())));
        let both =
            plain(r#", "texts": {"en": {"text": "Own words.", "textNoAds": "No ads here."}}"#);
        assert!(notice(&both, &words("en"), false, None).contains("<p>No ads here."));
    }

    #[test]
    fn notice_names_only_the_purposes_the_config_has() {
        let with = |categories: &str, extra: &str| {
            let text = format!(
                r#"{{"revision": 1, "categories": [{categories}
                    {{"id": "media", "title": "M", "description": "M"}}]{extra}}}"#
            );
            Config::from_json(&parse(&text)).config.expect("valid")
        };
        let analytics = r#"{"id": "analytics", "title": "A", "description": "A"},"#;
        let ads = r#"{"id": "ads", "title": "Ad", "description": "Ad"},"#;
        let both = format!("{analytics}{ads}");
        // What only the measurement and the advertising clauses say, per language.
        for (tag, measure, advert) in [
            ("en", "measure", "ads"),
            ("ja", "分析", "広告"),
            ("de", "Nutzung", "Werbung"),
            ("fr", "mesurer", "publicité"),
            ("zh-Hans", "统计", "广告"),
            ("ar", "لقياس", "إعلانات"),
        ] {
            let w = &words(tag);
            for (regime, keys) in [
                (
                    "",
                    [
                        Ui::Text,
                        Ui::TextNoAds,
                        Ui::TextNoAnalytics,
                        Ui::TextNoAdsNoAnalytics,
                    ],
                ),
                (
                    r#", "regime": "opt-out""#,
                    [
                        Ui::TextOptOut,
                        Ui::TextOptOutNoAds,
                        Ui::TextOptOutNoAnalytics,
                        Ui::TextOptOutNoAdsNoAnalytics,
                    ],
                ),
            ] {
                let cases = [
                    (with(&both, regime), keys[0], true, true),
                    (with(analytics, regime), keys[1], true, false),
                    (with(ads, regime), keys[2], false, true),
                    (with("", regime), keys[3], false, false),
                ];
                for (config, key, measures, advertises) in &cases {
                    let html = notice(config, w, false, None);
                    for other in keys {
                        let shown = html.contains(w.get(other.key()));
                        assert_eq!(shown, other == *key, "{tag} {regime} {}", other.key());
                    }
                    let first = w.get(key.key());
                    assert_eq!(first.contains(measure), *measures, "{tag}: {first}");
                    assert_eq!(first.contains(advert), *advertises, "{tag}: {first}");
                }
            }
            // Measurement by the config's Consent Mode map, whatever the category's id; a
            // category called analytics that the map gives nothing does not measure.
            let stats = with(
                r#"{"id": "stats", "title": "S", "description": "S"},"#,
                r#", "consentMode": {"map": {"stats": ["analytics_storage"]}}"#,
            );
            assert!(notice(&stats, w, false, None).contains(w.get(Ui::TextNoAds.key())));
            let unmapped = with(analytics, r#", "consentMode": {"map": {}}"#);
            let html = notice(&unmapped, w, false, None);
            assert!(
                html.contains(w.get(Ui::TextNoAdsNoAnalytics.key())),
                "{tag}"
            );
        }
        // A site that rewrote only `text` keeps its words; one that rewrote the shorter text
        // too gets that.
        let own = with("", r#", "texts": {"en": {"text": "Own words."}}"#);
        assert!(notice(&own, &words("en"), false, None).contains("<p>Own words."));
        let own = with(
            "",
            r#", "texts": {"en": {"text": "Own words.", "textNoAdsNoAnalytics": "Own, neither."}}"#,
        );
        assert!(notice(&own, &words("en"), false, None).contains("<p>Own, neither."));
    }

    #[test]
    fn embed_placeholder_names_the_service_and_what_loading_sends() {
        let html = placeholder(&config(""), &words("en"), 0);
        assert!(html.contains("aria-label=\"X &amp; Co\"><p class=ph-t>X &amp; Co (X Inc.)</p>"));
        assert!(html.contains("Loading it sends: page URL, &lt;cookie id&gt;</p>"));
        assert!(html.contains("data-a=embed data-s=0>Load this content</button>"));
        assert!(html.contains("data-a=open>All privacy settings</button>"));
        assert_eq!(placeholder(&config(""), &words("en"), 9), "");
    }

    #[test]
    fn embed_placeholder_of_a_service_without_data_announces_no_list() {
        let text = r#"{"revision": 1, "categories": [{"id": "media", "title": "Media", "description": "Videos."}],
            "services": [{"id": "v", "category": "media", "name": "Video"}]EXTRA}"#;
        let config = |extra: &str| {
            let text = text.replace("EXTRA", extra);
            Config::from_json(&parse(&text)).config.expect("valid")
        };
        for tag in ["en", "ja", "de", "ar"] {
            let w = words(tag);
            let html = placeholder(&config(""), &w, 0);
            let short = w.get(Ui::EmbedTextNoData.key());
            assert!(html.contains(&format!("<p>{short}</p>")), "{tag}: {html}");
            assert!(!html.contains(w.get(Ui::EmbedText.key())), "{tag}");
        }
        // A site that rewrote only the longer text keeps its words.
        let own = config(r#", "texts": {"en": {"embedText": "Our own words."}}"#);
        assert!(placeholder(&own, &words("en"), 0).contains("<p>Our own words.</p>"));
    }

    #[test]
    fn tags_balance() {
        let html = notice(&config(""), &words("en"), false, None);
        for tag in [
            "div", "section", "button", "ul", "li", "details", "dl", "p", "a",
        ] {
            let opens = html.matches(&format!("<{tag}>")).count()
                + html.matches(&format!("<{tag} ")).count();
            let closes = html.matches(&format!("</{tag}>")).count();
            assert_eq!(
                opens, closes,
                "<{tag}> opened {opens} times, closed {closes}"
            );
        }
    }
}
