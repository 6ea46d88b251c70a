//! `noren serve --site DIR`: serves a static site (files from DIR, `index.html` for a
//! folder) and, with `--dist DIR`, Noren's own files at `/noren/`. Every HTML page gets two
//! Content-Security-Policy headers, both enforced by the browser: the site's own
//! (`--site-csp`: nonces, hashes, Trusted Types stay the site's) and Noren's barrier, computed
//! per request from the visitor's `noren` cookie and `Sec-GPC` with the site's consent config
//! (`--site-config`; `noren::csp`): before a choice no service host is allowed, after one
//! exactly the consented services' hosts.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use noren::config::Config;
use noren::csp;

/// Reads the site's consent config; refuses one with errors (naming them).
pub fn read_config(path: &std::path::Path) -> Result<Config, String> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {name}: {e}"))?;
    let parsed = noren_check::parse(&name, &text)?;
    match parsed.config {
        Some(c) if parsed.errors.is_empty() => Ok(c),
        _ => Err(format!(
            "{name}: {}",
            parsed
                .errors
                .iter()
                .map(|i| i.line())
                .collect::<Vec<_>>()
                .join("; ")
        )),
    }
}

/// Noren's policy for a request: from its cookie and Sec-GPC with the config, or the
/// strictest one without a config.
pub fn barrier(config: Option<&Config>, headers: &axum::http::HeaderMap, now_ms: i64) -> String {
    let extra = csp::Extra::default();
    let Some(config) = config else {
        return csp::strictest(&extra);
    };
    let cookies: Vec<&str> = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    let cookie = cookies.join("; ");
    let gpc = headers
        .get("sec-gpc")
        .is_some_and(|v| v.as_bytes().trim_ascii() == b"1");
    csp::for_request(
        config,
        (!cookie.is_empty()).then_some(cookie.as_str()),
        now_ms as f64,
        gpc,
        &extra,
    )
}

/// Adds the page policies to HTML answers.
pub async fn policies(State(app): State<super::Shared>, req: Request, next: Next) -> Response {
    let policy = barrier(app.site_config.as_ref(), req.headers(), super::now_ms());
    let mut res = next.run(req).await;
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if !html {
        return res;
    }
    let h = res.headers_mut();
    if let Some(own) = app
        .site_csp
        .as_deref()
        .and_then(|p| HeaderValue::from_str(p).ok())
    {
        h.append(header::CONTENT_SECURITY_POLICY, own);
    }
    if let Ok(v) = HeaderValue::from_str(&policy) {
        h.append(header::CONTENT_SECURITY_POLICY, v);
    }
    // The policy depends on the cookie and the signal: caches must not mix visitors.
    h.insert(header::VARY, HeaderValue::from_static("Cookie, Sec-GPC"));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    res
}
