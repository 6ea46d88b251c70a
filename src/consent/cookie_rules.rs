//! Which cookies to delete, and where: name patterns, the names in `document.cookie`, and the
//! domains and paths a cookie may have been set on.

use crate::prelude::*;

/// Whether `name` matches `pattern`, where `*` stands for any run of characters.
pub fn matches(pattern: &str, name: &str) -> bool {
    let p = pattern.as_bytes();
    let n = name.as_bytes();
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, ni));
            pi += 1;
        } else if pi < p.len() && p[pi] == n[ni] {
            pi += 1;
            ni += 1;
        } else if let Some((sp, sn)) = star {
            pi = sp + 1;
            ni = sn + 1;
            star = Some((sp, sn + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&b| b == b'*')
}

/// The cookie names in a `document.cookie` string.
pub fn names(cookie_header: &str) -> Vec<&str> {
    // Loops rather than iterator adapters: smaller in the browser module.
    let mut out = Vec::new();
    for pair in cookie_header.split(';') {
        let name = pair.split_once('=').map_or(pair, |(k, _)| k).trim();
        if !name.is_empty() {
            out.push(name);
        }
    }
    out
}

/// The value of the cookie `name` in a `document.cookie` string.
pub fn value<'a>(cookie_header: &'a str, name: &str) -> Option<&'a str> {
    for pair in cookie_header.split(';') {
        if let Some((k, v)) = pair.split_once('=') {
            if k.trim() == name {
                return Some(v.trim());
            }
        }
    }
    None
}

/// Every value of the cookie `name` in a `document.cookie` string, in the order the browser
/// sent them (a page may see several: one per domain and path the name was set on).
pub fn values<'a>(cookie_header: &'a str, name: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    for pair in cookie_header.split(';') {
        if let Some((k, v)) = pair.split_once('=') {
            if k.trim() == name {
                out.push(v.trim());
            }
        }
    }
    out
}

/// The names among `present` that match any of `patterns`.
pub fn to_delete<'a>(patterns: &[&str], present: &[&'a str]) -> Vec<&'a str> {
    let mut out = Vec::new();
    for &n in present {
        if patterns.iter().any(|p| matches(p, n)) {
            out.push(n);
        }
    }
    out
}

/// The `Domain` attributes a cookie of this page may have: none (host-only), then the host and
/// each parent domain (`a.b.example.jp` → `a.b.example.jp`, `b.example.jp`, `example.jp`).
/// Single-label hosts and IP addresses only have the host-only form.
pub fn domains(host: &str) -> Vec<Option<String>> {
    let mut out = vec![None];
    let is_ip = host.contains(':') || host.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    if is_ip || !host.contains('.') {
        return out;
    }
    let mut rest = host;
    while rest.contains('.') {
        out.push(Some(rest.to_string()));
        rest = rest.split_once('.').map_or("", |(_, tail)| tail);
    }
    out
}

/// The `Path` attributes a cookie visible on this page may have: `/` and each ancestor of the
/// page's path, each with and without a trailing slash (`/a/b` → `/`, `/a`, `/a/`, `/a/b`,
/// `/a/b/`): a cookie's path matches the page only if it is one of these, so deleting on each
/// reaches every copy the page can see. At most 64 levels.
pub fn paths(page_path: &str) -> Vec<String> {
    let mut out = vec!["/".to_string()];
    let mut acc = String::new();
    for seg in page_path.split('/') {
        if seg.is_empty() {
            continue;
        }
        if out.len() > 128 {
            break; // 64 levels
        }
        acc.push('/');
        acc.push_str(seg);
        out.push(acc.clone());
        out.push(acc.clone() + "/");
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn patterns() {
        assert!(matches("_ga", "_ga"));
        assert!(!matches("_ga", "_gat"));
        assert!(matches("_ga_*", "_ga_ABC123"));
        assert!(!matches("_ga_*", "_ga"));
        assert!(matches("*", ""));
        assert!(matches("a*b*c", "axxbyyc"));
        assert!(!matches("a*b*c", "axxbyy"));
        assert!(matches("*_id", "ad_id"));
    }

    #[test]
    fn cookie_header() {
        let h = "noren=1.x; _ga=GA1.1; _ga_AB=GS1; empty=; =odd";
        assert_eq!(names(h), vec!["noren", "_ga", "_ga_AB", "empty"]);
        assert_eq!(value(h, "noren"), Some("1.x"));
        assert_eq!(value(h, "_g"), None);
        assert_eq!(values("noren=a; x=1; noren=b", "noren"), vec!["a", "b"]);
        assert!(values(h, "nope").is_empty());
        let pats = ["_ga", "_ga_*"];
        assert_eq!(to_delete(&pats, &names(h)), vec!["_ga", "_ga_AB"]);
    }

    #[test]
    fn domains_and_paths() {
        assert_eq!(
            domains("a.b.example.jp"),
            vec![
                None,
                Some("a.b.example.jp".into()),
                Some("b.example.jp".into()),
                Some("example.jp".into()),
            ]
        );
        assert_eq!(domains("localhost"), vec![None]);
        assert_eq!(domains("127.0.0.1"), vec![None]);
        assert_eq!(domains("[::1]"), vec![None]);
        assert_eq!(
            paths("/photos/123/"),
            vec!["/", "/photos", "/photos/", "/photos/123", "/photos/123/"]
        );
        assert_eq!(paths("/a/b"), vec!["/", "/a", "/a/", "/a/b", "/a/b/"]);
        assert_eq!(paths(""), vec!["/"]);
        assert_eq!(paths("/"), vec!["/"]);
        assert_eq!(paths(&"/x".repeat(200)).len(), 1 + 2 * 64);
    }

    proptest! {
        #[test]
        fn star_matches_everything(s in ".{0,40}") {
            prop_assert!(matches("*", &s));
            prop_assert!(matches(&s.replace('*', ""), &s.replace('*', "")));
        }

        #[test]
        fn never_panics(p in ".{0,20}", n in ".{0,40}", h in ".{0,100}") {
            let _ = matches(&p, &n);
            let _ = names(&h);
            let _ = domains(&h);
            let _ = paths(&h);
            let _ = values(&h, &p);
        }
    }
}
