//! The validators: [`Check`] collects every [`Issue`] while the readers walk the JSON, and the
//! value checks ([`safe_link`], [`is_valid_id`], hosts, cookie patterns) the readers share.

use crate::json::Json;
use crate::prelude::*;
use crate::text::{push_list, Text};

/// One problem found in a config.
#[derive(Clone, Debug, PartialEq)]
pub struct Issue {
    /// Where: `categories[1].id`, or `""` for the config as a whole.
    pub path: String,
    /// What is wrong, and where it helps, how to fix it.
    pub message: String,
}

impl Issue {
    /// `path: message`, as printed in the console.
    pub fn line(&self) -> String {
        if self.path.is_empty() {
            return self.message.clone();
        }
        let mut s = self.path.clone();
        s.push_str(": ");
        s.push_str(&self.message);
        s
    }
}

/// Collects issues while walking the JSON.
pub(super) struct Check {
    pub(super) errors: Vec<Issue>,
    pub(super) warnings: Vec<Issue>,
}

impl Check {
    pub(super) fn error(&mut self, path: &str, message: &str) {
        self.errors.push(Issue {
            path: path.into(),
            message: message.into(),
        });
    }

    pub(super) fn warn(&mut self, path: &str, message: &str) {
        self.warnings.push(Issue {
            path: path.into(),
            message: message.into(),
        });
    }

    pub(super) fn wrong_type(&mut self, path: &str, expected: &str, found: &Json) {
        let mut m = String::from("expected ");
        m.push_str(expected);
        m.push_str(", found ");
        m.push_str(found.kind());
        self.error(path, &m);
    }

    /// The object's members, or an error.
    pub(super) fn object<'a>(
        &mut self,
        path: &str,
        v: &'a Json,
        known: &[&str],
    ) -> Option<&'a Json> {
        match v {
            Json::Obj(members) => {
                for (k, _) in members {
                    if !known.contains(&k.as_str()) {
                        let mut m = String::from("unknown field \"");
                        m.push_str(k);
                        m.push_str("\" is ignored (known: ");
                        push_list(&mut m, &mut known.iter().copied(), ", ");
                        m.push(')');
                        self.warn(&join(path, k), &m);
                    }
                }
                Some(v)
            }
            _ => {
                self.wrong_type(path, "an object", v);
                None
            }
        }
    }

    pub(super) fn string(
        &mut self,
        path: &str,
        v: Option<&Json>,
        required: bool,
    ) -> Option<String> {
        match v {
            Some(Json::Str(s)) if !s.trim().is_empty() => Some(s.clone()),
            Some(Json::Str(_)) => {
                self.error(path, "must not be empty");
                None
            }
            None | Some(Json::Null) if !required => None,
            None => {
                self.error(path, "is required");
                None
            }
            Some(other) => {
                self.wrong_type(path, "a string", other);
                None
            }
        }
    }

    pub(super) fn boolean(&mut self, path: &str, v: Option<&Json>, default: bool) -> bool {
        match v {
            None | Some(Json::Null) => default,
            Some(Json::Bool(b)) => *b,
            Some(other) => {
                self.wrong_type(path, "true or false", other);
                default
            }
        }
    }

    pub(super) fn integer(
        &mut self,
        path: &str,
        v: Option<&Json>,
        min: u32,
        max: u32,
    ) -> Option<u32> {
        match v {
            Some(Json::Num(n))
                if *n >= min as f64 && *n <= max as f64 && (*n as u32) as f64 == *n =>
            {
                Some(*n as u32)
            }
            Some(Json::Num(_)) => {
                let mut m = String::from("must be a whole number from ");
                crate::decimal::push(&mut m, min as u64);
                m.push_str(" to ");
                crate::decimal::push(&mut m, max as u64);
                self.error(path, &m);
                None
            }
            None => None,
            Some(other) => {
                self.wrong_type(path, "a whole number", other);
                None
            }
        }
    }

    /// A localized text: a string, or an object of language code → string.
    pub(super) fn text(&mut self, path: &str, v: Option<&Json>, required: bool) -> Text {
        match v {
            Some(Json::Str(s)) => Text::any(s),
            Some(Json::Obj(members)) if !members.is_empty() => {
                let mut t = Text::default();
                for (lang, s) in members {
                    match s {
                        Json::Str(s) if crate::text::is_tag(lang) => {
                            t.0.push((lang.clone(), s.clone()))
                        }
                        Json::Str(_) => self.error(
                            &join(path, lang),
                            "is not a language code (use \"ja\", \"en\", …)",
                        ),
                        other => self.wrong_type(&join(path, lang), "a string", other),
                    }
                }
                t
            }
            None | Some(Json::Null) if !required => Text::default(),
            None => {
                self.error(path, "is required");
                Text::default()
            }
            Some(other) => {
                self.wrong_type(
                    path,
                    "a string or an object of language → string ({\"ja\": …, \"en\": …})",
                    other,
                );
                Text::default()
            }
        }
    }

    /// A link, checked by [`safe_link`]; an unsafe one is dropped with a warning.
    pub(super) fn link(&mut self, path: &str, v: Option<&Json>) -> Option<String> {
        let s = self.string(path, v, false)?;
        let safe = safe_link(&s);
        if safe.is_none() {
            self.warn(
                path,
                "link dropped: only http:, https:, mailto: and relative links are allowed",
            );
        }
        safe
    }

    /// One of `options` (index), or `None` when absent; anything else is an error.
    pub(super) fn one_of(
        &mut self,
        path: &str,
        v: Option<&Json>,
        options: &[&str],
    ) -> Option<usize> {
        match v {
            None | Some(Json::Null) => None,
            Some(Json::Str(s)) if options.contains(&s.as_str()) => {
                options.iter().position(|o| o == s)
            }
            Some(_) => {
                let mut m = String::from("must be one of: ");
                push_list(&mut m, &mut options.iter().copied(), ", ");
                self.error(path, &m);
                None
            }
        }
    }

    pub(super) fn array<'a>(&mut self, path: &str, v: Option<&'a Json>) -> &'a [Json] {
        match v {
            None | Some(Json::Null) => &[],
            Some(Json::Arr(items)) => items,
            Some(other) => {
                self.wrong_type(path, "an array", other);
                &[]
            }
        }
    }

    pub(super) fn strings(&mut self, path: &str, v: Option<&Json>) -> Vec<String> {
        let mut out = Vec::new();
        for (i, item) in self.array(path, v).iter().enumerate() {
            if let Some(s) = self.string(&index(path, i), Some(item), true) {
                out.push(s);
            }
        }
        out
    }
}

/// `parent.key` (or `key` at the top).
pub(super) fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        return key.to_string();
    }
    let mut s = String::with_capacity(parent.len() + key.len() + 1);
    s.push_str(parent);
    s.push('.');
    s.push_str(key);
    s
}

/// `parent[i]`.
pub(super) fn index(parent: &str, i: usize) -> String {
    let mut s = String::from(parent);
    s.push('[');
    crate::decimal::push(&mut s, i as u64);
    s.push(']');
    s
}

/// An id usable in attributes, the API and the storage codec: 1–64 of `A-Z a-z 0-9 _ -`.
pub fn is_valid_id(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A cookie name pattern: cookie-name characters, with `*` standing for any run of them.
pub(super) fn is_cookie_pattern(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().all(|b| {
            b.is_ascii_graphic()
                && !matches!(b, b'(' | b')' | b'<' | b'>' | b'@' | b',' | b';')
                && !matches!(b, b':' | b'\\' | b'"' | b'/' | b'[' | b']' | b'?' | b'=')
                && !matches!(b, b'{' | b'}')
        })
}

/// A host name: labels of letters, digits and hyphens separated by dots.
pub(super) fn is_host(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// The link if it is safe to put in an `href`: http, https, mailto, or relative. Browsers strip
/// tabs and newlines from URLs and ignore leading control characters and spaces, so those are
/// removed before the scheme is checked (`java\tscript:` is `javascript:` to a browser).
pub fn safe_link(raw: &str) -> Option<String> {
    let cleaned: String = raw
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    if cleaned.is_empty() || cleaned.chars().any(|c| c.is_control()) {
        return None;
    }
    let scheme_end = cleaned.find(':');
    let path_start = cleaned.find(['/', '?', '#']).unwrap_or(cleaned.len());
    match scheme_end {
        Some(i) if i < path_start => {
            let scheme = cleaned.get(..i).unwrap_or_default().to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto").then_some(cleaned)
        }
        // No scheme: a relative link (`/privacy`, `policy.html`, `#top`). `//host` is
        // protocol-relative, so it inherits http(s).
        _ => Some(cleaned),
    }
}
