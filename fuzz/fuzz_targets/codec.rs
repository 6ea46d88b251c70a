//! Any cookie value (a hand-edited or damaged cookie) given to the storage decoder: it must
//! answer Ok or Err, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use noren::config::Config;
use std::sync::OnceLock;

const CONFIG: &str = r#"{"revision": 3,
  "categories": [{"id": "n", "required": true, "title": "N", "description": "N"},
                 {"id": "a", "title": "A", "description": "A"},
                 {"id": "b", "title": "B", "description": "B"}],
  "services": [{"id": "s1", "category": "a", "name": "1"}, {"id": "s2", "category": "b", "name": "2"},
               {"id": "s3", "category": "b", "name": "3"}]}"#;

fn config() -> &'static Config {
    static C: OnceLock<Config> = OnceLock::new();
    C.get_or_init(|| {
        let json = noren::json::parse_text(CONFIG).expect("JSON");
        Config::from_json(&json).config.expect("valid")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(value) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(consent) = noren::codec::decode(config(), value) {
        // Whatever decodes re-encodes to a value that decodes to the same state.
        let again = noren::codec::encode(config(), &consent);
        assert_eq!(noren::codec::decode(config(), &again).ok(), Some(consent));
    }
});
