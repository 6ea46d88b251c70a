//! The validators: [`Check`] collects every [`Issue`] while the readers walk the JSON, and the
//! value checks ([`safe_link`], [`is_valid_id`], hosts, cookie patterns) the readers share.

use crate::json::Json;
use crate::prelude::*;
use crate::text::{push_list, Text};

/// One problem found in a config: where, and what, as a message code and its parameters.
/// The sentences are in src/config/messages.json (docs/messages.md lists them), so that the
/// browser module does not carry them: it hands the code, the path and the parameters to the
/// loader, which prints the sentence; native builds and the Node checker print it with
/// [`Issue::line`].
#[derive(Clone, Debug, PartialEq)]
pub struct Issue {
    /// Where: `categories[1].id`, or `""` for the config as a whole.
    pub path: String,
    /// Which message: `E1xx` for an error, `W1xx` for a warning.
    pub code: &'static str,
    /// The message's parameters besides `{path}`: name, value.
    pub params: Vec<(&'static str, String)>,
}

/// The config's messages: code → `{"text": sentence, "when": …}` (src/config/messages.json).
#[cfg(any(not(target_arch = "wasm32"), feature = "node"))]
pub const MESSAGES: &str = include_str!("messages.json");

#[cfg(any(not(target_arch = "wasm32"), feature = "node"))]
impl Issue {
    /// The message's sentence with its parameters (`{path}` and the others) filled in, as
    /// printed by the checker and, in the browser, by the loader.
    pub fn line(&self) -> String {
        static ALL: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
        let all = ALL.get_or_init(|| serde_json::from_str(MESSAGES).unwrap_or_default());
        let Some(text) = all[self.code]["text"].as_str() else {
            return self.fallback();
        };
        let mut out = String::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let name = after.find('}').map(|close| &after[..close]);
            let value = match name {
                Some("path") => Some(self.path.as_str()),
                Some(name) => self
                    .params
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.as_str()),
                None => None,
            };
            match (name, value) {
                (Some(name), Some(value)) => {
                    out.push_str(value);
                    rest = &after[name.len() + 1..];
                }
                _ => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// The code and its parameters, as the loader prints a message whose sentence it lacks.
    fn fallback(&self) -> String {
        let mut s = String::from(self.code);
        for (k, v) in core::iter::once(&("path", self.path.clone())).chain(&self.params) {
            s.push(' ');
            s.push_str(k);
            s.push('=');
            s.push_str(v);
        }
        s
    }
}

/// Collects issues while walking the JSON.
pub(super) struct Check {
    pub(super) errors: Vec<Issue>,
    pub(super) warnings: Vec<Issue>,
}

/// An issue at `path`: the message `code` with `params`.
pub(super) fn issue(path: &str, code: &'static str, params: &[(&'static str, &str)]) -> Issue {
    let mut owned = Vec::new();
    for &(k, v) in params {
        owned.push((k, v.into()));
    }
    Issue {
        path: path.into(),
        code,
        params: owned,
    }
}

impl Check {
    /// An error: the config is not used.
    pub(super) fn error(
        &mut self,
        path: &str,
        code: &'static str,
        params: &[(&'static str, &str)],
    ) {
        self.errors.push(issue(path, code, params));
    }

    /// A warning: the config is used without what it names.
    pub(super) fn warn(&mut self, path: &str, code: &'static str, params: &[(&'static str, &str)]) {
        self.warnings.push(issue(path, code, params));
    }

    /// The value at `path` is not of the type the message `code` names (`{found}`: its type).
    pub(super) fn wrong_type(&mut self, path: &str, code: &'static str, found: &Json) {
        self.error(path, code, &[("found", found.kind())]);
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
                        let mut list = String::new();
                        push_list(&mut list, &mut known.iter().copied(), ", ");
                        self.warn(&join(path, k), "W117", &[("field", k), ("known", &list)]);
                    }
                }
                Some(v)
            }
            _ => {
                let code = if path.is_empty() { "E130" } else { "E129" };
                self.wrong_type(path, code, v);
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
                self.error(path, "E101", &[]);
                None
            }
            None | Some(Json::Null) if !required => None,
            None => {
                self.error(path, "E102", &[]);
                None
            }
            Some(other) => {
                self.wrong_type(path, "E131", other);
                None
            }
        }
    }

    pub(super) fn boolean(&mut self, path: &str, v: Option<&Json>, default: bool) -> bool {
        match v {
            None | Some(Json::Null) => default,
            Some(Json::Bool(b)) => *b,
            Some(other) => {
                self.wrong_type(path, "E132", other);
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
                let (mut from, mut to) = (String::new(), String::new());
                crate::decimal::push(&mut from, min as u64);
                crate::decimal::push(&mut to, max as u64);
                self.error(path, "E140", &[("min", &from), ("max", &to)]);
                None
            }
            None => None,
            Some(other) => {
                self.wrong_type(path, "E133", other);
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
                        Json::Str(_) => self.error(&join(path, lang), "E103", &[]),
                        other => self.wrong_type(&join(path, lang), "E131", other),
                    }
                }
                t
            }
            None | Some(Json::Null) if !required => Text::default(),
            None => {
                self.error(path, "E102", &[]);
                Text::default()
            }
            Some(other) => {
                self.wrong_type(path, "E134", other);
                Text::default()
            }
        }
    }

    /// A link, checked by [`safe_link`]; an unsafe one is dropped with a warning.
    pub(super) fn link(&mut self, path: &str, v: Option<&Json>) -> Option<String> {
        let s = self.string(path, v, false)?;
        let safe = safe_link(&s);
        if safe.is_none() {
            self.warn(path, "W101", &[]);
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
        let found = match v {
            None | Some(Json::Null) => return None,
            Some(Json::Str(s)) => options.iter().position(|o| o == s),
            Some(_) => None,
        };
        if found.is_none() {
            let mut list = String::new();
            push_list(&mut list, &mut options.iter().copied(), ", ");
            self.error(path, "E141", &[("options", &list)]);
        }
        found
    }

    pub(super) fn array<'a>(&mut self, path: &str, v: Option<&'a Json>) -> &'a [Json] {
        match v {
            None | Some(Json::Null) => &[],
            Some(Json::Arr(items)) => items,
            Some(other) => {
                self.wrong_type(path, "E135", other);
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

/// Readers of an object's member `key`, at the path `parent.key`: one call per field where
/// the readers would otherwise each build the path and look the member up.
impl Check {
    pub(super) fn text_in(&mut self, parent: &str, obj: &Json, key: &str, required: bool) -> Text {
        self.text(&join(parent, key), obj.get(key), required)
    }

    pub(super) fn link_in(&mut self, parent: &str, obj: &Json, key: &str) -> Option<String> {
        self.link(&join(parent, key), obj.get(key))
    }

    pub(super) fn boolean_in(
        &mut self,
        parent: &str,
        obj: &Json,
        key: &str,
        default: bool,
    ) -> bool {
        self.boolean(&join(parent, key), obj.get(key), default)
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

/// Whether a link (from [`safe_link`]) is a `mailto:` one, in any case: not a URL to fetch.
pub fn is_mailto(link: &str) -> bool {
    link.get(..7)
        .is_some_and(|s| s.eq_ignore_ascii_case("mailto:"))
}

/// The link if it is safe to put in an `href`: http, https, mailto, or relative. Browsers strip
/// tabs and newlines from URLs and ignore leading control characters and spaces, so those are
/// removed before the scheme is checked (`java\tscript:` is `javascript:` to a browser).
pub fn safe_link(raw: &str) -> Option<String> {
    // Trimmed of spaces and controls: all ASCII, so no byte of theirs is inside a character.
    let ends = raw.as_bytes();
    let start = ends.iter().position(|&b| b > b' ').unwrap_or(ends.len());
    let end = ends
        .iter()
        .rposition(|&b| b > b' ')
        .map_or(start, |i| i + 1);
    let mut cleaned = String::new();
    for c in raw.get(start..end).unwrap_or_default().chars() {
        match c {
            '\t' | '\n' | '\r' => {}
            c if c.is_control() => return None,
            c => cleaned.push(c),
        }
    }
    if cleaned.is_empty() {
        return None;
    }
    // The scheme ends at the first `:`, if it comes before the path, query or fragment.
    let bytes = cleaned.as_bytes();
    match bytes
        .iter()
        .position(|b| matches!(b, b':' | b'/' | b'?' | b'#'))
    {
        Some(i) if bytes.get(i) == Some(&b':') => {
            let scheme = cleaned.get(..i).unwrap_or_default();
            ["http", "https", "mailto"]
                .iter()
                .any(|k| scheme.eq_ignore_ascii_case(k))
                .then_some(cleaned)
        }
        // No scheme: a relative link (`/privacy`, `policy.html`, `#top`). `//host` is
        // protocol-relative, so it inherits http(s).
        _ => Some(cleaned),
    }
}
