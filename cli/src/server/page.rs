//! The visitor's region on the site's pages: `noren serve --site` fills `data-region` on Noren's
//! own script tag (the loader, `…/noren.js` or `…/noren-iab.js`) from the CDN's region header,
//! so the region reaches the page before the module runs. Pure: a header value in, the region
//! code or nothing out; a page in, the page with the attribute out. The HTML is rewritten by
//! lol_html (a real HTML tokenizer: a `<script` inside a comment, a string or another script's
//! text is not a tag), everything else passes through byte for byte.

use lol_html::{element, HtmlRewriter, Settings};

/// The region a header value names: ISO 3166-1 alpha-2 (`DE`) or ISO 3166-2 (`US-CA`), upper
/// case; anything else (empty, `XX` — Cloudflare's "unknown" —, `T1`, markup) is no region.
pub fn region_code(value: &str) -> Option<String> {
    let v = value.trim().to_ascii_uppercase();
    let (country, subdivision) = match v.split_once('-') {
        Some((c, s)) => (c, Some(s)),
        None => (v.as_str(), None),
    };
    let country_ok =
        country.len() == 2 && country.bytes().all(|b| b.is_ascii_uppercase()) && country != "XX";
    let subdivision_ok = subdivision.is_none_or(|s| {
        (1..=3).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    });
    (country_ok && subdivision_ok).then_some(v)
}

/// Whether a script's `src` is Noren's loader: its file name (before any query or fragment)
/// is `noren.js` or `noren-iab.js`.
pub fn is_loader_src(src: &str) -> bool {
    let path = src.split(['?', '#']).next().unwrap_or_default();
    let file = path.rsplit('/').next().unwrap_or_default();
    file == "noren.js" || file == "noren-iab.js"
}

/// `html` with `data-region="{region}"` on every Noren loader tag (set, or replaced when the
/// page has one); other tags, text and bytes untouched. `region` must come from
/// [`region_code`] (the attribute is escaped all the same). Errs when the page cannot be
/// tokenized (the caller then serves it unchanged).
pub fn fill_region(html: &[u8], region: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(html.len() + 32);
    let mut rewriter = HtmlRewriter::new(
        Settings::new().append_element_content_handler(element!("script[src]", |el| {
            if el.get_attribute("src").is_some_and(|s| is_loader_src(&s)) {
                el.set_attribute("data-region", region)?;
            }
            Ok(())
        })),
        |c: &[u8]| out.extend_from_slice(c),
    );
    rewriter.write(html).map_err(|e| e.to_string())?;
    rewriter.end().map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_codes_are_iso_3166_upper_case_or_nothing() {
        for (value, code) in [
            ("DE", Some("DE")),
            (" jp ", Some("JP")),
            ("us-ca", Some("US-CA")),
            ("GB-ENG", Some("GB-ENG")),
            ("FR-75", Some("FR-75")),
            ("", None),
            ("XX", None),
            ("T1", None),
            ("D", None),
            ("DEU", None),
            ("US-", None),
            ("US-CALI", None),
            ("US_CA", None),
            ("\"><script>alert(1)</script>", None),
            ("DE\" onload=\"x", None),
            ("ÄB", None),
        ] {
            assert_eq!(region_code(value).as_deref(), code, "{value:?}");
        }
    }

    #[test]
    fn only_the_loader_is_noren() {
        for src in [
            "/noren/noren.js",
            "noren.js",
            "https://cdn.example/npm/noren-cmp@1/dist/noren-iab.js?v=3",
            "/noren.js#x",
        ] {
            assert!(is_loader_src(src), "{src}");
        }
        for src in [
            "/noren/noren.wasm",
            "/js/not-noren.js",
            "/noren.js/evil.js",
            "/x.js?u=/noren.js",
            "",
        ] {
            assert!(!is_loader_src(src), "{src}");
        }
    }

    #[test]
    fn the_region_goes_on_the_loader_tag_only() {
        let page = concat!(
            "<!doctype html><html><head>",
            "<!-- <script src=\"/noren/noren.js\"></script> -->",
            "<script src=\"/noren/noren.js\" data-config=\"/consent.json\" data-region=\"JP\"></script>",
            "<script src=\"/app.js\"></script>",
            "<script>var s = '<script src=\"/noren/noren.js\">';</script>",
            "</head><body><p>\u{3053}\u{3093}\u{306b}\u{3061}\u{306f}</p></body></html>"
        );
        let out = String::from_utf8(fill_region(page.as_bytes(), "US-CA").unwrap()).unwrap();
        assert_eq!(
            out,
            page.replace(
                "data-config=\"/consent.json\" data-region=\"JP\"",
                "data-config=\"/consent.json\" data-region=\"US-CA\""
            )
        );
        let bare = b"<script src=/noren/noren-iab.js></script>";
        assert_eq!(
            fill_region(bare, "DE").unwrap(),
            b"<script src=/noren/noren-iab.js data-region=\"DE\"></script>"
        );
    }

    #[test]
    fn other_bytes_pass_through() {
        // Shift_JIS text (not UTF-8) around the tag is left as it is.
        let mut page = b"<html><meta charset=shift_jis><p>\x82\xb1\x82\xf1</p>".to_vec();
        page.extend_from_slice(b"<script src=\"/noren.js\"></script>");
        let out = fill_region(&page, "JP").unwrap();
        let mut expected = b"<html><meta charset=shift_jis><p>\x82\xb1\x82\xf1</p>".to_vec();
        expected.extend_from_slice(b"<script src=\"/noren.js\" data-region=\"JP\"></script>");
        assert_eq!(out, expected);
        // An attribute value is escaped even if a caller skipped region_code.
        let out = fill_region(b"<script src=noren.js></script>", "\"><b>").unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<script src=noren.js data-region=\"&quot;><b>\"></script>"
        );
    }
}
