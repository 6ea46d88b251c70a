//! Any text given as a config (or as a vendor list): parsing, validation, the legal-gap audit
//! and every rendering of the markup, in a left-to-right and a right-to-left language, and the
//! wording reader and the language choice must not panic, whatever the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use noren::config::Config;
use noren::text::{builtin, Ui, Wording};
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(json) = noren::json::parse_text(text) else {
        return;
    };
    static LANGS: OnceLock<Vec<Wording>> = OnceLock::new();
    let langs = LANGS.get_or_init(|| ["ja", "en", "ar"].iter().filter_map(|t| builtin(t)).collect());
    // As a wording file: read (any shape is refused or read, never a panic).
    let _ = Wording::read("xx", json.clone(), &[Ui::KEYS]);
    // As the site's Global Vendor List: read, decided on, rendered.
    if let Ok(gvl) = noren::iab::gvl::read(&json, &[1, 2, 8, 21, 755]) {
        let surface = noren::iab::tcf::Surface::of(&gvl);
        for lang in langs {
            let notice = noren::iab::tcf_notice::first_layer(&gvl, &surface, lang, true);
            let counted = noren::iab::tcf_notice::first_layer(&gvl, &surface, lang, false);
            assert!(!counted.finish().is_empty());
            let dialog = noren::iab::tcf_notice::dialog(&gvl, &surface, lang);
            assert!(!notice.finish().is_empty() && !dialog.finish().is_empty());
        }
    }
    let parsed = Config::from_json(&json);
    if let Some(config) = parsed.config {
        noren::config::legal_gaps::legal_gaps(&config);
        let nav = [text.chars().take(12).collect::<String>()];
        let _ = config.choose_language(text, &nav);
        let mut consent = noren::consent::Consent::initial(&config, false);
        consent.id = noren::consent::codec::consent_id(&[7; 16]);
        for lang in langs {
            noren::render::notice::notice(&config, lang, false, None);
            noren::render::disclosure::disclosure(&config, lang, Some(&consent));
        }
        let value = noren::consent::codec::encode(&config, &consent);
        assert!(
            noren::consent::codec::decode(&config, &value).is_ok(),
            "round trip: {value}"
        );
    }
});
