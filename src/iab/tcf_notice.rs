//! The IAB TCF part of the interface: a paragraph in the notice (how many partners, for which
//! purposes, that some rely on legitimate interest) and a section of the preferences dialog
//! with the purposes, special features and vendors, each vendor's declarations, and the
//! legitimate-interest objections the TCF policy requires. GVL text is escaped like config text.
//!
//! Switches carry `data-tp` (purpose consent), `data-tl` (purpose legitimate interest),
//! `data-tf` (special feature), `data-tv` (vendor consent) and `data-tw` (vendor legitimate
//! interest), each with the id.

use crate::iab::gvl::{find, Entry, Gvl, Vendor};
use crate::iab::tcf::Surface;
use crate::prelude::*;
use crate::render::disclosure::link;
use crate::render::markup::Html;
use crate::text::{pieces, switch_label, ui_strings, Lang, Piece};

ui_strings! {
    /// The TCF part's wording (the GVL supplies the names of purposes and features). Templates
    /// hold `{tokens}` ([`crate::text::pieces`]).
    TcfUi;
    /// The notice's TCF paragraph: `{n}` the number of vendors, `{purposes}` the purposes' names.
    Intro "tcf.intro" {
        en: "We and our {n} partners (IAB TCF vendors) store and/or access information on your device and process personal data, such as unique identifiers and browsing data, for these purposes: {purposes}.",
        ja: "当サイトと{n}社の提携事業者（IAB TCFの登録事業者）は、端末への情報の保存や端末内の情報へのアクセスを行い、利用者ごとの識別番号や閲覧履歴などの個人データを次の目的で処理します：{purposes}。"
    }
    /// The notice's TCF paragraph: `{features}` the special features' names.
    IntroSpecial "tcf.introSpecial" {
        en: "With your consent, partners may also: {features}.",
        ja: "同意いただいた場合、提携事業者は次のことも行います：{features}。"
    }
    /// The notice's TCF paragraph: legitimate interest.
    IntroLi "tcf.introLi" {
        en: "Some partners rely on their legitimate interest instead of your consent; you can object to it in the preferences.",
        ja: "一部の提携事業者は、同意ではなく正当な利益を根拠に処理を行います。この処理には、設定画面から異議を申し立てることができます。"
    }
    /// The dialog section's heading.
    Heading "tcf.heading" {
        en: "Advertising partners (IAB TCF)",
        ja: "広告の提携事業者（IAB TCF）"
    }
    /// Heading of the purposes.
    Purposes "tcf.purposes" { en: "Purposes", ja: "利用目的" }
    /// Heading of the special features.
    SpecialFeatures "tcf.specialFeatures" { en: "Special features (only with your consent)", ja: "特別な機能（同意いただいた場合のみ）" }
    /// Heading of the special purposes and features, which need no choice.
    NoChoice "tcf.noChoice" {
        en: "Special purposes and features (no choice: needed to deliver and secure the service)",
        ja: "特別な目的・機能（選択できません：サービスの提供と安全のために必要です）"
    }
    /// Heading of the vendors.
    Vendors "tcf.vendors" { en: "Partners", ja: "提携事業者" }
    /// A legitimate-interest box of `{name}` (a purpose or a vendor): ticked means no objection.
    LegInt "tcf.legInt" {
        en: "Legitimate interest (untick to object): {name}",
        ja: "{name}の正当な利益による処理（チェックを外すと異議を申し立てます）"
    }
    /// Vendor detail: purposes with consent.
    ConsentPurposes "tcf.consentPurposes" { en: "Purposes (consent)", ja: "利用目的（同意）" }
    /// Vendor detail: purposes on legitimate interest.
    LiPurposes "tcf.liPurposes" { en: "Purposes (legitimate interest)", ja: "利用目的（正当な利益）" }
    /// Vendor detail: special purposes.
    SpecialPurposes "tcf.specialPurposes" { en: "Special purposes", ja: "特別な目的" }
    /// Vendor detail: features.
    Features "tcf.features" { en: "Features", ja: "機能" }
    /// Vendor detail: data categories.
    DataCategories "tcf.dataCategories" { en: "Data collected", ja: "取得するデータ" }
    /// Vendor detail: the longest cookie lifetime.
    CookieAge "tcf.cookieAge" { en: "Longest cookie lifetime (days)", ja: "Cookieの最長保存期間（日）" }
    /// Vendor detail: access other than cookies.
    NonCookie "tcf.nonCookie" { en: "Also uses other means than cookies", ja: "Cookie以外の方法でも端末にアクセス" }
    /// Vendor detail: how long it keeps data.
    Retention "tcf.retention" { en: "Keeps data for (days)", ja: "データの保存期間（日）" }
    /// Vendor detail: privacy policy.
    Privacy "tcf.privacy" { en: "Privacy policy", ja: "プライバシーポリシー" }
    /// Vendor detail: the legitimate-interest claim.
    LiClaim "tcf.liClaim" { en: "Legitimate interest claim", ja: "正当な利益の説明" }
    /// Label of a vendor's consent switch: `{name}` is the vendor's name.
    Allow "tcf.allow" { en: "Allow {name}", ja: "{name}を許可する" }
    /// Vendor detail: yes.
    Yes "tcf.yes" { en: "Yes", ja: "はい" }
}

fn t(k: TcfUi, lang: Lang) -> &'static str {
    k.builtin(lang)
}

fn names(h: &mut Html, list: &[Entry], ids: &[u8], lang: Lang) {
    let sep = lang.punct().long_list;
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            h.text(sep);
        }
        match find(list, *id) {
            Some(e) => h.text(&e.name),
            None => h.num(usize::from(*id)),
        };
    }
}

/// Writes `template` with each `{token}` written by `fill`.
fn fill(h: &mut Html, template: &str, fill: &mut dyn FnMut(&mut Html, &str)) {
    for piece in pieces(template) {
        match piece {
            Piece::Text(t) => {
                h.text(t);
            }
            Piece::Token(name) => fill(h, name),
        }
    }
}

/// The notice's TCF paragraph.
pub fn first_layer(gvl: &Gvl, surface: &Surface, lang: Lang) -> Html {
    let mut h = Html::new();
    let sp = lang.punct().space;
    let mut all = surface.purposes.clone();
    all.extend_from_slice(&surface.li_purposes);
    crate::ids::normalize(&mut all);
    h.raw("<p class=tcf>");
    fill(&mut h, t(TcfUi::Intro, lang), &mut |h, token| match token {
        "n" => {
            h.num(surface.vendors.len());
        }
        "purposes" => names(h, &gvl.purposes, &all, lang),
        _ => {}
    });
    if !surface.special_features.is_empty() {
        h.text(sp);
        fill(&mut h, t(TcfUi::IntroSpecial, lang), &mut |h, token| {
            if token == "features" {
                names(h, &gvl.special_features, &surface.special_features, lang);
            }
        });
    }
    if !surface.li_vendors.is_empty() {
        h.text(sp).text(t(TcfUi::IntroLi, lang));
    }
    h.raw("</p>");
    h
}

/// A switch row: a heading, a consent switch (`attr`), a description.
fn choice(h: &mut Html, attr: &'static str, id: u8, e: Option<&Entry>, switch: bool) {
    h.raw("<div class=row><h5 id=n-")
        .raw(attr)
        .num(usize::from(id))
        .raw(">");
    h.text(e.map_or("", |e| e.name.as_str())).raw("</h5>");
    if switch {
        h.raw("<input class=sw type=checkbox role=switch data-")
            .raw(attr)
            .raw("=")
            .num(usize::from(id));
        h.raw(" aria-labelledby=n-")
            .raw(attr)
            .num(usize::from(id))
            .raw(">");
    }
    h.raw("</div>");
    if let Some(e) = e {
        h.raw("<p class=desc>").text(&e.description).raw("</p>");
    }
}

/// A legitimate-interest box (`attr`: `tl` or `tw`) of the purpose or vendor `name`; ticked
/// means no objection. The name is in the label, so screen readers tell the boxes apart.
fn li_box(h: &mut Html, attr: &'static str, id: u16, name: &str, lang: Lang) {
    h.raw("<label class=li><input type=checkbox data-")
        .raw(attr)
        .raw("=");
    h.num(usize::from(id)).raw("> ");
    h.text(&switch_label(t(TcfUi::LegInt, lang), name, lang))
        .raw("</label>");
}

fn fact(h: &mut Html, label: TcfUi, lang: Lang, value: &dyn Fn(&mut Html)) {
    h.raw("<div><dt>").text(t(label, lang)).raw("</dt><dd>");
    value(h);
    h.raw("</dd></div>");
}

fn vendor_facts(h: &mut Html, gvl: &Gvl, v: &Vendor, lang: Lang) {
    h.raw("<dl>");
    let lists: [(TcfUi, &[Entry], &[u8]); 6] = [
        (TcfUi::ConsentPurposes, &gvl.purposes, &v.purposes),
        (TcfUi::LiPurposes, &gvl.purposes, &v.leg_int_purposes),
        (
            TcfUi::SpecialPurposes,
            &gvl.special_purposes,
            &v.special_purposes,
        ),
        (TcfUi::Features, &gvl.features, &v.features),
        (
            TcfUi::SpecialFeatures,
            &gvl.special_features,
            &v.special_features,
        ),
        (
            TcfUi::DataCategories,
            &gvl.data_categories,
            &v.data_declaration,
        ),
    ];
    for (label, list, ids) in lists {
        if !ids.is_empty() {
            fact(h, label, lang, &|h| names(h, list, ids, lang));
        }
    }
    if let Some(age) = v.cookie_max_age {
        // Whole days, rounded up (no_std: no `ceil`).
        let secs = age.max(0.0) as u64;
        let days = secs.div_ceil(86_400) as usize;
        fact(h, TcfUi::CookieAge, lang, &|h| {
            h.num(days);
        });
    }
    if v.uses_non_cookie_access {
        fact(h, TcfUi::NonCookie, lang, &|h| {
            h.text(t(TcfUi::Yes, lang));
        });
    }
    if let Some(days) = v.retention_days {
        fact(h, TcfUi::Retention, lang, &|h| {
            h.num(days as usize);
        });
    }
    for (label, url) in [
        (TcfUi::Privacy, &v.privacy_url),
        (TcfUi::LiClaim, &v.leg_int_claim_url),
    ] {
        if let Some(u) = url {
            fact(h, label, lang, &|h| link(h, u, u));
        }
    }
    h.raw("</dl>");
}

/// The dialog's TCF section.
pub fn dialog(gvl: &Gvl, surface: &Surface, lang: Lang) -> Html {
    let mut h = Html::new();
    h.raw("<section class=\"cat tcf\"><h3>")
        .text(t(TcfUi::Heading, lang))
        .raw("</h3><h4>")
        .text(t(TcfUi::Purposes, lang))
        .raw("</h4><ul class=tp>");
    let mut all = surface.purposes.clone();
    all.extend_from_slice(&surface.li_purposes);
    crate::ids::normalize(&mut all);
    for id in all {
        h.raw("<li>");
        choice(
            &mut h,
            "tp",
            id,
            find(&gvl.purposes, id),
            surface.purposes.contains(&id),
        );
        if surface.li_purposes.contains(&id) {
            let name = find(&gvl.purposes, id).map_or("", |e| e.name.as_str());
            li_box(&mut h, "tl", u16::from(id), name, lang);
        }
        h.raw("</li>");
    }
    h.raw("</ul>");
    if !surface.special_features.is_empty() {
        h.raw("<h4>")
            .text(t(TcfUi::SpecialFeatures, lang))
            .raw("</h4><ul class=tp>");
        for &id in &surface.special_features {
            h.raw("<li>");
            choice(&mut h, "tf", id, find(&gvl.special_features, id), true);
            h.raw("</li>");
        }
        h.raw("</ul>");
    }
    let declared = |f: &dyn Fn(&Vendor) -> &[u8]| {
        let mut ids: Vec<u8> = gvl.vendors.iter().flat_map(|v| f(v).to_vec()).collect();
        crate::ids::normalize(&mut ids);
        ids
    };
    let sp = declared(&|v| &v.special_purposes);
    let features = declared(&|v| &v.features);
    if !sp.is_empty() || !features.is_empty() {
        h.raw("<details><summary>")
            .text(t(TcfUi::NoChoice, lang))
            .raw("</summary><dl>");
        for (list, ids) in [(&gvl.special_purposes, &sp), (&gvl.features, &features)] {
            for &id in ids {
                if let Some(e) = find(list, id) {
                    h.raw("<div><dt>")
                        .text(&e.name)
                        .raw("</dt><dd>")
                        .text(&e.description)
                        .raw("</dd></div>");
                }
            }
        }
        h.raw("</dl></details>");
    }
    h.raw("<h4>")
        .text(t(TcfUi::Vendors, lang))
        .raw("</h4><ul class=svcs aria-label=\"");
    h.text(t(TcfUi::Vendors, lang)).raw("\">");
    for v in &gvl.vendors {
        h.raw("<li><div class=row><details><summary>")
            .text(&v.name)
            .raw("</summary>");
        vendor_facts(&mut h, gvl, v, lang);
        h.raw("</details>");
        if surface.consent_vendors.contains(&v.id) {
            h.raw("<input class=sw type=checkbox role=switch data-tv=")
                .num(usize::from(v.id));
            h.raw(" aria-label=\"")
                .text(&switch_label(t(TcfUi::Allow, lang), &v.name, lang))
                .raw("\">");
        }
        h.raw("</div>");
        if surface.li_vendors.contains(&v.id) {
            li_box(&mut h, "tw", v.id, &v.name, lang);
        }
        h.raw("</li>");
    }
    h.raw("</ul></section>");
    h
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::iab::gvl::tests::sample;

    #[test]
    fn notice_paragraph_counts_vendors_and_names_purposes() {
        let g = sample(&[8, 21, 32]);
        let p = first_layer(&g, &Surface::of(&g), Lang::En).finish();
        assert!(p.starts_with("<p class=tcf>We and our 3 partners (IAB TCF vendors)"));
        assert!(p.contains("Store and/or access information on a device; Use limited data"));
        assert!(p.contains("partners may also: Use precise geolocation data."));
        assert!(p.contains("you can object to it in the preferences"));
    }

    #[test]
    fn japanese_paragraph_and_labels_read_naturally() {
        let g = sample(&[8, 21, 32]);
        let s = Surface::of(&g);
        let p = first_layer(&g, &s, Lang::Ja).finish();
        assert!(p.starts_with("<p class=tcf>当サイトと3社の提携事業者（IAB TCFの登録事業者）は"));
        assert!(p.contains("次の目的で処理します：Store and/or access information on a device、"));
        assert!(p.contains("。同意いただいた場合、提携事業者は次のことも行います：Use precise geolocation data。一部"));
        let d = dialog(&g, &s, Lang::Ja).finish();
        assert!(d.contains("data-tv=8 aria-label=\"Ads &lt;Inc&gt;を許可する\">"));
        assert!(d.contains("data-tw=21> Measure Coの正当な利益による処理（チェックを外すと異議を申し立てます）</label>"));
    }

    #[test]
    fn dialog_has_every_choice_and_escapes_gvl_text() {
        let g = sample(&[8, 21, 32]);
        let d = dialog(&g, &Surface::of(&g), Lang::En).finish();
        for s in [
            "data-tp=1 aria-labelledby=n-tp1>",
            "data-tl=2> Legitimate interest (untick to object): Use limited data to select advertising</label>",
            "data-tl=7>",
            "data-tf=1 aria-labelledby=n-tf1>",
            "data-tv=8 aria-label=\"Allow Ads &lt;Inc&gt;\">",
            "data-tw=21>",
            "data-tw=32>",
            "<summary>Ads &lt;Inc&gt;</summary>",
            "<div><dt>Longest cookie lifetime (days)</dt><dd>365</dd></div>",
            "href=\"https://ads.example/privacy\"",
            "<dt>Ensure security</dt>",
        ] {
            assert!(d.contains(s), "missing {s}");
        }
        // Purpose 7 is legitimate interest only: no consent switch; vendor 32 asks no consent.
        assert!(!d.contains("data-tp=7 "));
        assert!(!d.contains("data-tv=32"));
        assert!(!d.contains("javascript:"));
        for tag in [
            "section", "ul", "li", "details", "dl", "div", "label", "h4", "h5",
        ] {
            let opens =
                d.matches(&format!("<{tag}>")).count() + d.matches(&format!("<{tag} ")).count();
            assert_eq!(opens, d.matches(&format!("</{tag}>")).count(), "{tag}");
        }
    }
}
