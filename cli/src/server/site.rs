//! `noren serve --site DIR`: serves a static site (files from DIR, `index.html` for a
//! folder) and, with `--dist DIR`, Noren's own files at `/noren/`. Every HTML page gets the
//! site's own Content-Security-Policy (`--site-csp`).

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// Adds the page policies to HTML answers.
pub async fn policies(State(app): State<super::Shared>, req: Request, next: Next) -> Response {
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
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}
