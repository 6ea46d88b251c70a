//! The readers of the wording fields: `language`, `defaultLanguage` and `texts`, and the
//! check that every language a config names has words.

use crate::config::check::{join, Check};
use crate::config::*;
use crate::json::Json;
use crate::text::{is_tag, push_list};

/// `language` / `defaultLanguage`: a language tag; `"auto"` (for `language`: the choice by
/// the page and the browser) is none.
pub(super) fn read_language(c: &mut Check, path: &str, v: Option<&Json>) -> Option<String> {
    match v {
        None | Some(Json::Null) => None,
        Some(Json::Str(s)) if s == "auto" => None,
        Some(Json::Str(s)) if is_tag(s) => Some(s.clone()),
        Some(_) => {
            c.error(path, "E121", &[]);
            None
        }
    }
}

/// The checker's warnings on languages (the browser shows such a notice in English, or in the
/// default language): a fixed or default language nothing gives words for.
#[cfg(any(not(target_arch = "wasm32"), feature = "node"))]
pub(super) fn check_languages(
    c: &mut Check,
    tags: &[(&str, &Option<String>)],
    texts: &[(String, Ui, String)],
) {
    for &(path, tag) in tags {
        let Some(tag) = tag.as_deref() else { continue };
        let site = texts.iter().any(|(l, _, _)| l == tag);
        if crate::text::builtin_file(tag).is_none() && !site {
            c.warn(path, "W118", &[("tag", tag)]);
        }
    }
}

/// `texts` (at `at`: the top level's, or a region's).
pub(super) fn read_texts(c: &mut Check, at: &str, v: Option<&Json>) -> Vec<(String, Ui, String)> {
    let mut out = Vec::new();
    let Some(v) = v else { return out };
    let Json::Obj(langs) = v else {
        c.wrong_type(at, "E138", v);
        return out;
    };
    for (lang, strings) in langs {
        let path = join(at, lang);
        if !is_tag(lang) {
            c.warn(&path, "W102", &[]);
            continue;
        }
        let Json::Obj(members) = strings else {
            c.wrong_type(&path, "E139", strings);
            continue;
        };
        for (key, s) in members {
            let key_path = join(&path, key);
            match Ui::ALL.iter().find(|u| u.key() == key) {
                Some(ui) => {
                    if let Some(s) = c.string(&key_path, Some(s), true) {
                        out.push((lang.clone(), *ui, s));
                    }
                }
                // The TCF part's wording (`tcf.*` in src/wording) is not the site's to change:
                // the TCF policy prescribes what it discloses, and TCData says the texts are
                // the standard ones (`useNonStandardTexts: false`).
                None if key.starts_with("tcf.") => c.warn(&key_path, "W103", &[]),
                None => {
                    let mut list = String::new();
                    push_list(&mut list, &mut Ui::ALL.iter().map(|u| u.key()), ", ");
                    c.warn(&key_path, "W119", &[("known", &list)]);
                }
            }
        }
        #[cfg(any(not(target_arch = "wasm32"), feature = "node"))]
        if crate::text::builtin_file(lang).is_none() {
            let given = |k: &&str| out.iter().any(|(l, u, _)| l == lang && u.key() == *k);
            let mut missing = Ui::KEYS.iter().filter(|k| !given(k)).peekable();
            if missing.peek().is_some() {
                let mut list = String::new();
                push_list(&mut list, &mut missing.copied(), ", ");
                c.warn(&path, "W120", &[("keys", &list)]);
            }
        }
    }
    out
}
