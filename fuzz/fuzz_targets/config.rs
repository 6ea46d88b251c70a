//! Any text given as a config (or as a vendor list): parsing, validation, the legal-gap audit
//! and every rendering of the markup must not panic, whatever the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use noren::config::Config;
use noren::text::Lang;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(json) = noren::json::parse_text(text) else {
        return;
    };
    // As the site's Global Vendor List: read, decided on, rendered.
    if let Ok(gvl) = noren::gvl::read(&json, &[1, 2, 8, 21, 755]) {
        let surface = noren::tcf::Surface::of(&gvl);
        for lang in [Lang::Ja, Lang::En] {
            let notice = noren::tcf_notice::first_layer(&gvl, &surface, lang);
            let dialog = noren::tcf_notice::dialog(&gvl, &surface, lang);
            assert!(!notice.finish().is_empty() && !dialog.finish().is_empty());
        }
    }
    let parsed = Config::from_json(&json);
    if let Some(config) = parsed.config {
        noren::audit::legal_gaps(&config);
        let mut consent = noren::consent::Consent::initial(&config, false);
        consent.id = noren::codec::consent_id(&[7; 16]);
        for lang in [Lang::Ja, Lang::En] {
            noren::notice::notice(&config, lang, false, None);
            noren::disclosure::disclosure(&config, lang, Some(&consent));
        }
        let value = noren::codec::encode(&config, &consent);
        assert!(
            noren::codec::decode(&config, &value).is_ok(),
            "round trip: {value}"
        );
    }
});
