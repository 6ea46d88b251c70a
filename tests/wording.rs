//! The wording as data (src/wording/): en.json and ja.json equal the module's built-in tables,
//! every other language has exactly English's keys and tokens, and each language uses its own
//! glossary (terms.json) wherever English uses the English term. See src/wording/README.md.
#![cfg(not(target_arch = "wasm32"))]

use noren::iab::tcf_notice::TcfUi;
use noren::text::{country_name, pieces, regime_note, Lang, Piece, Ui};
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Every language with a file, besides English and Japanese.
const LANGUAGES: &[&str] = &[
    "ar", "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "he", "hr", "hu", "it",
    "ja", "ko", "lt", "lv", "mt", "nl", "pl", "pt", "pt-BR", "ro", "sk", "sl", "sv", "zh-Hans",
    "zh-Hant",
];

/// EU member states: their recipients share `regime.EU`.
const EU: &[&str] = &[
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
];

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/wording")
}

/// A JSON file of the folder, checked to be UTF-8 without a byte-order mark.
fn read(name: &str) -> Map<String, Value> {
    let path = dir().join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = String::from_utf8(bytes).unwrap_or_else(|_| panic!("{name}: not UTF-8"));
    assert!(!text.starts_with('\u{feff}'), "{name}: byte-order mark");
    match serde_json::from_str(&text) {
        Ok(Value::Object(m)) => m,
        other => panic!("{name}: not a JSON object: {other:?}"),
    }
}

/// A language file as key → string (anything else fails).
fn strings(lang: &str) -> Vec<(String, String)> {
    read(&format!("{lang}.json"))
        .into_iter()
        .map(|(k, v)| match v {
            Value::String(s) => (k, s),
            other => panic!("{lang}.json {k}: not a string: {other}"),
        })
        .collect()
}

/// The keys of a language file, in order.
fn keys(v: &[(String, String)]) -> Vec<&str> {
    v.iter().map(|(k, _)| k.as_str()).collect()
}

fn all_codes() -> impl Iterator<Item = String> {
    (b'A'..=b'Z').flat_map(|a| (b'A'..=b'Z').map(move |b| String::from_utf8(vec![a, b]).unwrap()))
}

/// What the module has built in for `lang`, under the data's keys, in the data's order.
fn builtin(lang: Lang) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut put = |k: &str, v: &str| out.push((k.to_string(), v.to_string()));
    for ui in Ui::ALL {
        put(ui.key(), ui.builtin(lang));
    }
    for ui in TcfUi::ALL {
        put(ui.key(), ui.builtin(lang));
    }
    let p = lang.punct();
    put("punct.list", p.list);
    put("punct.longList", p.long_list);
    put("punct.then", &format!("{{a}}{}{{b}}", p.space));
    put(
        "punct.aside",
        &format!("{{text}}{}{{aside}}{}", p.open, p.close),
    );
    let eu = regime_note("FR", lang).expect("EU note");
    put("regime.EU", eu);
    for code in all_codes().filter(|c| !EU.contains(&c.as_str())) {
        if let Some(note) = regime_note(&code, lang) {
            put(&format!("regime.{code}"), note);
        }
    }
    for code in all_codes() {
        let name = country_name(&code, lang);
        if name != code {
            put(&format!("country.{code}"), name);
        }
    }
    out
}

#[test]
fn english_and_japanese_files_equal_the_built_in_tables() {
    for (lang, code) in [(Lang::En, "en"), (Lang::Ja, "ja")] {
        let file = strings(code);
        let module = builtin(lang);
        assert_eq!(
            keys(&file),
            keys(&module),
            "{code}.json: keys or their order"
        );
        for ((k, data), (_, built)) in file.iter().zip(&module) {
            assert_eq!(data, built, "{code}.json {k}");
        }
        for member in EU {
            assert_eq!(
                regime_note(member, lang),
                regime_note("FR", lang),
                "{member}"
            );
        }
    }
}

/// The `{token}` names of a template, sorted (with repeats).
fn tokens(s: &str) -> Vec<&str> {
    let mut t: Vec<&str> = pieces(s)
        .into_iter()
        .filter_map(|p| match p {
            Piece::Token(name) => Some(name),
            Piece::Text(_) => None,
        })
        .collect();
    t.sort_unstable();
    t
}

#[test]
fn every_language_has_english_keys_and_tokens_and_clean_text() {
    let files: BTreeSet<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter_map(|n| n.strip_suffix(".json").map(str::to_string))
        .filter(|n| n != "terms")
        .collect();
    let expected: BTreeSet<String> = LANGUAGES.iter().map(|s| s.to_string()).collect();
    assert_eq!(files, expected, "language files");
    let en = strings("en");
    for lang in LANGUAGES {
        let file = strings(lang);
        assert_eq!(
            keys(&file),
            keys(&en),
            "{lang}.json: keys (and order) of en.json"
        );
        for ((k, s), (_, english)) in file.iter().zip(&en) {
            assert!(!s.trim().is_empty(), "{lang}.json {k}: empty");
            assert_eq!(tokens(s), tokens(english), "{lang}.json {k}: tokens");
            assert!(
                !s.chars().any(char::is_control),
                "{lang}.json {k}: control character"
            );
            assert!(
                !s.contains('\u{fffd}'),
                "{lang}.json {k}: replacement character"
            );
            if !k.starts_with("punct.") {
                assert_eq!(s.trim(), s, "{lang}.json {k}: spaces at an end");
            }
        }
    }
}

#[test]
fn every_language_uses_its_glossary() {
    let terms = read("terms.json");
    let glossary = terms["terms"].as_object().expect("terms");
    let exceptions = terms["exceptions"].as_object().expect("exceptions");
    let en = strings("en");
    for (term, per_lang) in glossary {
        let per_lang = per_lang.as_object().expect("term per language");
        let langs: BTreeSet<&str> = per_lang.keys().map(String::as_str).collect();
        assert_eq!(
            langs,
            LANGUAGES.iter().copied().collect(),
            "{term}: every language"
        );
        let english = per_lang["en"].as_str().unwrap().to_lowercase();
        for lang in LANGUAGES {
            let word = per_lang[*lang].as_str().unwrap().to_lowercase();
            let file = strings(lang);
            for ((k, s), (_, e)) in file.iter().zip(&en) {
                let excused = exceptions
                    .get(*lang)
                    .and_then(|x| x.get(format!("{k} {term}")))
                    .is_some();
                if e.to_lowercase().contains(&english) && !excused {
                    assert!(
                        s.to_lowercase().contains(&word),
                        "{lang}.json {k}: English says \"{english}\", so it uses \"{word}\": {s}"
                    );
                }
            }
        }
    }
    for (lang, list) in exceptions {
        for (key_term, why) in list.as_object().expect("exceptions per language") {
            let (key, term) = key_term.split_once(' ').expect("\"key term\"");
            assert!(
                glossary.contains_key(term),
                "{lang}: exception for unknown term {term}"
            );
            let english = glossary[term]["en"].as_str().unwrap().to_lowercase();
            let e = en
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, e)| e.to_lowercase());
            assert!(
                e.is_some_and(|e| e.contains(&english)),
                "{lang}: exception {key_term}: the English does not use the term"
            );
            let word = glossary[term][lang.as_str()]
                .as_str()
                .unwrap()
                .to_lowercase();
            let text = strings(lang)
                .into_iter()
                .find(|(k, _)| k == key)
                .map(|(_, s)| s);
            assert!(
                text.is_some_and(|s| !s.to_lowercase().contains(&word)),
                "{lang}: exception {key_term} excuses nothing"
            );
            assert!(
                why.as_str().is_some_and(|w| !w.is_empty()),
                "{lang}: {key_term}: why"
            );
        }
    }
}

#[test]
fn buttons_are_short_and_accept_and_reject_weigh_the_same() {
    for lang in LANGUAGES {
        let file = strings(lang);
        let get = |key: &str| {
            let (_, s) = file.iter().find(|(k, _)| k == key).unwrap();
            s.chars().count()
        };
        for key in ["acceptAll", "rejectAll", "manage", "save", "embedLoad"] {
            assert!(
                get(key) <= 30,
                "{lang}.json {key}: a button label over 30 characters"
            );
        }
        let (accept, reject) = (get("acceptAll"), get("rejectAll"));
        assert!(
            accept.max(reject) * 2 <= accept.min(reject) * 3,
            "{lang}.json: accept ({accept}) and reject ({reject}) differ by more than half"
        );
    }
}

#[test]
fn japanese_uses_full_width_punctuation_and_plain_words() {
    for (k, s) in strings("ja") {
        if k.starts_with("punct.") {
            continue;
        }
        for bad in [
            ":",
            "(",
            ")",
            ",",
            "ファーストパーティ",
            "サードパーティ",
            "オプトアウト",
        ] {
            assert!(!s.contains(bad), "ja.json {k}: {bad} in {s}");
        }
    }
}
