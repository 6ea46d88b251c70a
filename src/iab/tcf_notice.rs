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
use crate::text::{pieces, switch_label, ui_strings, Piece, Wording};

ui_strings! {
    /// The TCF part's wording (the GVL supplies the names of purposes and features). Templates
    /// hold `{tokens}` ([`crate::text::pieces`]).
    TcfUi;
    /// The notice's TCF paragraph: `{n}` the number of vendors, `{purposes}` the purposes' names.
    Intro "tcf.intro"
    /// The notice's TCF paragraph: `{features}` the special features' names.
    IntroSpecial "tcf.introSpecial"
    /// The notice's TCF paragraph when the vendor list is not in the notice's language:
    /// `{count}` purposes, named only in the dialog (the first layer never mixes languages).
    IntroCount "tcf.introCount"
    /// The same for the special features: `{count}` of them.
    IntroSpecialCount "tcf.introSpecialCount"
    /// The notice's TCF paragraph: legitimate interest.
    IntroLi "tcf.introLi"
    /// The dialog section's heading.
    Heading "tcf.heading"
    /// Heading of the purposes.
    Purposes "tcf.purposes"
    /// Heading of the special features.
    SpecialFeatures "tcf.specialFeatures"
    /// Heading of the special purposes and features, which need no choice.
    NoChoice "tcf.noChoice"
    /// Heading of the vendors.
    Vendors "tcf.vendors"
    /// A legitimate-interest box of `{name}` (a purpose or a vendor): ticked means no objection.
    LegInt "tcf.legInt"
    /// Vendor detail: purposes with consent.
    ConsentPurposes "tcf.consentPurposes"
    /// Vendor detail: purposes on legitimate interest.
    LiPurposes "tcf.liPurposes"
    /// Vendor detail: special purposes.
    SpecialPurposes "tcf.specialPurposes"
    /// Vendor detail: features.
    Features "tcf.features"
    /// Vendor detail: data categories.
    DataCategories "tcf.dataCategories"
    /// Vendor detail: the longest cookie lifetime.
    CookieAge "tcf.cookieAge"
    /// Vendor detail: access other than cookies.
    NonCookie "tcf.nonCookie"
    /// Vendor detail: how long it keeps data.
    Retention "tcf.retention"
    /// Vendor detail: privacy policy.
    Privacy "tcf.privacy"
    /// Vendor detail: the legitimate-interest claim.
    LiClaim "tcf.liClaim"
    /// Label of a vendor's consent switch: `{name}` is the vendor's name.
    Allow "tcf.allow"
    /// Vendor detail: yes.
    Yes "tcf.yes"
}

fn t(k: TcfUi, lang: &Wording) -> &str {
    lang.get(k.key())
}

fn names(h: &mut Html, list: &[Entry], ids: &[u8], lang: &Wording) {
    let sep = &lang.punct().long_list;
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

/// Whether the vendor list speaks the notice's language `lang`: the loader fetched the list
/// for the wording file `file` (`{lang}` in `gvl_url`; without it, the list is the IAB's, in
/// English), and the notice is in that file's language (not a language only the site's texts
/// add, shown over another file).
pub fn list_speaks(gvl_url: &str, file: &str, lang: &str) -> bool {
    let primary = |t: &str| -> String {
        let end = t.bytes().position(|b| b == b'-').unwrap_or(t.len());
        t.get(..end).unwrap_or_default().to_ascii_lowercase()
    };
    let per_language = pieces(gvl_url).contains(&Piece::Token("lang"));
    primary(lang) == primary(file) && (per_language || primary(file) == "en")
}

/// The notice's TCF paragraph. `translated`: the vendor list is in the notice's language
/// ([`list_speaks`]), so the purposes and special features are named; else only counted.
pub fn first_layer(gvl: &Gvl, surface: &Surface, lang: &Wording, translated: bool) -> Html {
    let mut h = Html::new();
    let sp = &lang.punct().space;
    let mut all = surface.purposes.clone();
    all.extend_from_slice(&surface.li_purposes);
    crate::ids::normalize(&mut all);
    let special = &surface.special_features;
    h.raw("<p class=tcf>");
    let intro = if translated {
        TcfUi::Intro
    } else {
        TcfUi::IntroCount
    };
    fill(&mut h, t(intro, lang), &mut |h, token| match token {
        "n" => {
            h.num(surface.vendors.len());
        }
        "count" => {
            h.num(all.len());
        }
        "purposes" => names(h, &gvl.purposes, &all, lang),
        _ => {}
    });
    if !special.is_empty() {
        h.text(sp);
        let intro = if translated {
            TcfUi::IntroSpecial
        } else {
            TcfUi::IntroSpecialCount
        };
        fill(&mut h, t(intro, lang), &mut |h, token| match token {
            "features" => names(h, &gvl.special_features, special, lang),
            "count" => {
                h.num(special.len());
            }
            _ => {}
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
fn li_box(h: &mut Html, attr: &'static str, id: u16, name: &str, lang: &Wording) {
    h.raw("<label class=li><input type=checkbox data-")
        .raw(attr)
        .raw("=");
    h.num(usize::from(id)).raw("> ");
    h.text(&switch_label(t(TcfUi::LegInt, lang), name, lang))
        .raw("</label>");
}

fn fact(h: &mut Html, label: TcfUi, lang: &Wording, value: &dyn Fn(&mut Html)) {
    h.raw("<div><dt>").text(t(label, lang)).raw("</dt><dd>");
    value(h);
    h.raw("</dd></div>");
}

fn vendor_facts(h: &mut Html, gvl: &Gvl, v: &Vendor, lang: &Wording) {
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
pub fn dialog(gvl: &Gvl, surface: &Surface, lang: &Wording) -> Html {
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
    use crate::text::tests::lang as words;

    #[test]
    fn notice_paragraph_counts_vendors_and_names_purposes() {
        let g = sample(&[8, 21, 32]);
        let p = first_layer(&g, &Surface::of(&g), &words("en"), true).finish();
        assert!(p.starts_with("<p class=tcf>We and our 3 partners (IAB TCF vendors)"));
        assert!(p.contains("Store and/or access information on a device; Use limited data"));
        assert!(p.contains("partners may also: Use precise geolocation data."));
        assert!(p.contains("you can object to it in the preferences"));
    }

    #[test]
    fn japanese_paragraph_and_labels_read_naturally() {
        let g = sample(&[8, 21, 32]);
        let s = Surface::of(&g);
        let p = first_layer(&g, &s, &words("ja"), true).finish();
        assert!(p.starts_with("<p class=tcf>当サイトと3社の提携事業者（IAB TCFの登録事業者）は"));
        assert!(p.contains("次の目的で処理します：Store and/or access information on a device、"));
        assert!(p.contains("。同意いただいた場合、提携事業者は次のことも行います：Use precise geolocation data。一部"));
        let d = dialog(&g, &s, &words("ja")).finish();
        assert!(d.contains("data-tv=8 aria-label=\"Ads &lt;Inc&gt;を許可する\">"));
        assert!(d.contains("data-tw=21> Measure Coの正当な利益による処理（チェックを外すと異議を申し立てます）</label>"));
    }

    #[test]
    fn an_untranslated_list_is_counted_not_named_in_the_first_layer() {
        let g = sample(&[8, 21, 32]);
        let s = Surface::of(&g);
        let p = first_layer(&g, &s, &words("de"), false).finish();
        assert!(
            p.starts_with("<p class=tcf>Wir und unsere 3 Partner (IAB-TCF-Anbieter)"),
            "{p}"
        );
        assert!(p.contains("aufgeführten Zwecke (insgesamt 8)."), "{p}");
        assert!(p.contains("besondere Merkmale nutzen, die in den Einstellungen aufgeführt sind (insgesamt 1)."), "{p}");
        for english in g.purposes.iter().chain(&g.special_features) {
            assert!(!p.contains(english.name.as_str()), "{p}");
        }
        let named = first_layer(&g, &s, &words("de"), true).finish();
        assert!(named.contains("Store and/or access information on a device"));
    }

    #[test]
    fn the_list_speaks_the_notice_language_only_when_fetched_for_it() {
        assert!(list_speaks("/gvl-{lang}.json", "de", "de"));
        assert!(list_speaks("/gvl-{lang}.json", "pt-BR", "pt-BR"));
        assert!(
            list_speaks("/gvl-{lang}.json", "de", "de-CH"),
            "a site's variant of German"
        );
        assert!(
            !list_speaks("/gvl.json", "de", "de"),
            "the IAB's list is English"
        );
        assert!(list_speaks("/gvl.json", "en", "en"));
        assert!(
            !list_speaks("/gvl-{lang}.json", "en", "is"),
            "a site's own language over English"
        );
        assert!(!list_speaks("/gvl-{LANG}.json", "de", "de"));
    }

    #[test]
    fn dialog_has_every_choice_and_escapes_gvl_text() {
        let g = sample(&[8, 21, 32]);
        let d = dialog(&g, &Surface::of(&g), &words("en")).finish();
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
