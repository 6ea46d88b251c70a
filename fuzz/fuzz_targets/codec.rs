//! Any cookie value (a hand-edited or damaged cookie) given to the storage decoder: it must
//! answer Ok or Err, never panic. The input's lines are also taken as several `noren` cookies
//! sent at once: `codec::newest` picks one of them, and none that decodes is newer.
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
    if let Ok(consent) = noren::consent::codec::decode(config(), value) {
        // Whatever decodes re-encodes to a value that decodes to the same state.
        let again = noren::consent::codec::encode(config(), &consent);
        assert_eq!(noren::consent::codec::decode(config(), &again).ok(), Some(consent));
    }
    let values: Vec<&str> = value.split('\n').collect();
    if let Ok(chosen) = noren::consent::codec::newest(config(), &values) {
        let decoded: Vec<_> = values
            .iter()
            .filter_map(|v| noren::consent::codec::decode(config(), v).ok())
            .collect();
        assert!(decoded.contains(&chosen), "the choice is one of the values");
        assert!(
            decoded.iter().all(|c| c.updated_at <= chosen.updated_at),
            "no value that decodes is newer than the choice"
        );
    }
});
