//! `noren serve --site DIR`: serves a static site (files from DIR, `index.html` for a
//! folder) and, with `--dist DIR`, Noren's own files at `/noren/`. Every HTML page gets two
//! Content-Security-Policy headers, both enforced by the browser: the site's own
//! (`--site-csp`: nonces, hashes, Trusted Types stay the site's) and Noren's barrier, computed
//! per request from the visitor's `noren` cookie and `Sec-GPC` with the site's consent config
//! (`--site-config`; `noren::csp`) under the rules of the visitor's region (the one the page's
//! `data-region` gets; unknown: the strictest): before a choice no service host is allowed
//! (under opt-in), after one exactly the consented services' hosts, unless the choice was made
//! under less strict rules than the region's (the banner asks again there: no host).

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
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

/// Noren's policy for a request: from its cookie and Sec-GPC with the config under the rules
/// of the visitor's `region` (empty: unknown), or the strictest one without a config.
pub fn barrier(
    config: Option<&Config>,
    region: &str,
    headers: &axum::http::HeaderMap,
    now_ms: i64,
) -> String {
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
        Some(region).filter(|r| !r.is_empty()),
        (!cookie.is_empty()).then_some(cookie.as_str()),
        now_ms as f64,
        gpc,
        &extra,
    )
}

/// `GET /noren/csp`: Noren's policy for the request's cookie, `Sec-GPC` and region, as a
/// `204` with the policy in `X-Noren-CSP`, for a front server that serves the site itself and
/// asks this one per page (nginx `auth_request`, an edge function): the same policy `--site`
/// pages get, under the same rules (`--site-config`; without it the strictest).
pub async fn policy_only(State(app): State<super::Shared>, req: Request) -> Response {
    let region = app.region(req.headers());
    let policy = barrier(
        app.site_config.as_ref(),
        &region,
        req.headers(),
        super::now_ms(),
    );
    let Some(value) = header_value(&policy) else {
        return unsendable();
    };
    let mut res = axum::http::StatusCode::NO_CONTENT.into_response();
    let h = res.headers_mut();
    h.insert("x-noren-csp", value);
    per_visitor(&app, h, "private, no-store");
    res
}

/// The policy as a header value; `None` if it is not one (never expected: hosts are checked
/// ASCII names), so that a page never goes out without its barrier.
fn header_value(policy: &str) -> Option<HeaderValue> {
    let value = HeaderValue::from_str(policy).ok();
    if value.is_none() {
        tracing::error!(%policy, "a policy is not a header value: the answer is refused");
    }
    value
}

/// A `500` in place of an answer whose policy cannot be sent (fail closed).
fn unsendable() -> Response {
    (
        axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        "Noren's policy for this answer could not be sent",
    )
        .into_response()
}

/// Marks an answer as one visitor's: it varies with the cookie, the signal and (when the
/// server reads one) the region header, and `cache` keeps shared caches from mixing visitors.
fn per_visitor(app: &super::App, h: &mut axum::http::HeaderMap, cache: &'static str) {
    let vary = match app.region_header() {
        Some(r) => HeaderValue::from_str(&format!("Cookie, Sec-GPC, {r}")).ok(),
        None => None,
    };
    h.insert(
        header::VARY,
        vary.unwrap_or(HeaderValue::from_static("Cookie, Sec-GPC")),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
}

/// The largest page whose loader tag gets the region (larger ones are served as they are).
const MAX_PAGE: usize = 4 << 20;

/// Adds the page policies to HTML answers, and the visitor's region to Noren's tag on them.
pub async fn policies(State(app): State<super::Shared>, req: Request, next: Next) -> Response {
    let region = app.region(req.headers());
    let now = super::now_ms();
    let policy = barrier(app.site_config.as_ref(), &region, req.headers(), now);
    // A page whose tag does not get the region (too large, not a 200, unreadable) has a
    // banner under the strictest rules: its policy must not be looser.
    let strictest =
        (!region.is_empty()).then(|| barrier(app.site_config.as_ref(), "", req.headers(), now));
    let res = next.run(req).await;
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if !html {
        return res;
    }
    let (mut res, policy) = match strictest {
        None => (res, policy),
        Some(strictest) => match with_region(res, &region).await {
            (res, true) => (res, policy),
            (res, false) => (res, strictest),
        },
    };
    let h = res.headers_mut();
    if let Some(own) = app
        .site_csp
        .as_deref()
        .and_then(|p| HeaderValue::from_str(p).ok())
    {
        h.append(header::CONTENT_SECURITY_POLICY, own);
    }
    let Some(value) = header_value(&policy) else {
        return unsendable();
    };
    h.append(header::CONTENT_SECURITY_POLICY, value);
    // The policy depends on the cookie and the signal, the tag on the region: caches must not
    // mix visitors.
    per_visitor(&app, h, "private, no-cache");
    res
}

/// The page with `data-region` on Noren's tag (`page::fill_region`), and whether it got it.
/// The page's validators go (its content now depends on the visitor: a `304` would hand one
/// region's page to another); a page larger than [`MAX_PAGE`] or one the tokenizer gives up on
/// is served as it is.
async fn with_region(res: Response, region: &str) -> (Response, bool) {
    use http_body_util::{BodyExt, Limited};
    let (mut parts, body) = res.into_parts();
    let length = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if parts.status != axum::http::StatusCode::OK || length.is_none_or(|n| n > MAX_PAGE) {
        return (Response::from_parts(parts, body), false);
    }
    let bytes = match Limited::new(body, MAX_PAGE).collect().await {
        Ok(b) => b.to_bytes(),
        Err(e) => {
            tracing::warn!(problem = %e, "a page was not served");
            return (
                (
                    axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                    "this page could not be read",
                )
                    .into_response(),
                false,
            );
        }
    };
    let out = match super::page::fill_region(&bytes, region) {
        Ok(out) => out,
        Err(problem) => {
            tracing::warn!(%problem, "a page's region was not filled");
            return (
                Response::from_parts(parts, axum::body::Body::from(bytes)),
                false,
            );
        }
    };
    for h in [header::CONTENT_LENGTH, header::ETAG, header::LAST_MODIFIED] {
        parts.headers.remove(h);
    }
    (
        Response::from_parts(parts, axum::body::Body::from(out)),
        true,
    )
}
