//! The wording as data (src/wording/): every file reads as the module reads it (every key the
//! interface uses), every language has exactly English's keys and tokens, and each language uses its own
//! glossary (terms.json) wherever English uses the English term. See src/wording/README.md.
#![cfg(not(target_arch = "wasm32"))]

use noren::iab::tcf_notice::TcfUi;
use noren::text::{builtin, has_regime_note, pieces, Piece, Ui, Wording, BUILT_IN, EU};
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Every language with a file.
const LANGUAGES: &[&str] = &[
    "ar", "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "he", "hr", "hu", "it",
    "ja", "ko", "lt", "lv", "mt", "nl", "pl", "pt", "pt-BR", "ro", "sk", "sl", "sv", "zh-Hans",
    "zh-Hant",
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

#[test]
fn every_file_reads_as_the_module_reads_it() {
    assert_eq!(BUILT_IN, LANGUAGES, "text::BUILT_IN lists the files");
    for lang in LANGUAGES {
        let path = dir().join(format!("{lang}.json"));
        let json = noren::json::parse_text(&std::fs::read_to_string(path).unwrap()).unwrap();
        let read = Wording::read(lang, json, &[Ui::KEYS, TcfUi::KEYS]);
        assert!(read.is_ok(), "{lang}.json: {read:?}");
        let w = builtin(lang).expect("compiled in natively");
        assert_eq!(Some(w), read.ok(), "{lang}");
    }
}

#[test]
fn regime_notes_and_countries_are_the_ones_the_module_knows() {
    let en = strings("en");
    let regimes: BTreeSet<String> = en
        .iter()
        .filter_map(|(k, _)| k.strip_prefix("regime.").map(str::to_string))
        .collect();
    let known: BTreeSet<String> = all_codes()
        .filter(|c| has_regime_note(c) && !EU.contains(&c.as_str()))
        .chain(["EU".to_string()])
        .collect();
    assert_eq!(regimes, known);
    let w = builtin("de").unwrap();
    for member in EU {
        assert!(has_regime_note(member));
        assert_eq!(w.regime_note(member), w.regime_note("FR"), "{member}");
    }
    assert_eq!(w.country_name("DE"), "Deutschland");
    assert_eq!(w.country_name("BR"), "BR");
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
    // The punctuation the module puts around asides and between list items, as it reads it.
    let ja = builtin("ja").expect("compiled in natively");
    let p = ja.punct();
    assert_eq!(
        (p.open.as_str(), p.close.as_str(), p.list.as_str()),
        ("（", "）", "、")
    );
}
