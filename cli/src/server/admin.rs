//! The admin side, behind a token: a page (search, the latest records, charts) and an API
//! (the same search as JSON, CSV and JSON-lines exports). The token comes as
//! `Authorization: Bearer …` or as the `noren_admin` cookie the login form sets; it is compared
//! in constant time and never logged.

use super::stats::{bar_chart, day, esc, tally, Stats};
use super::store::Filter;
use super::{error, json, now_ms, Shared};
use crate::server::chain::Row;
use crate::server::record::{action_named, parse_time, ACTIONS};
use axum::extract::{ConnectInfo, Form, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use std::net::SocketAddr;
use subtle::ConstantTimeEq;

/// Rows a page, an API answer or the charts read at most.
const SCAN_LIMIT: i64 = 200_000;
/// Rows the page lists.
const LIST_LIMIT: usize = 100;
const COOKIE: &str = "noren_admin";
const PAGE_CSP: &str =
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'";
const CSS: &str = "body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#111}\
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}\
form{margin:1rem 0}label{margin-right:1rem}svg.chart{display:block;margin:.5rem 0 1.5rem}\
svg text{font:12px system-ui,sans-serif}";

/// The admin routes.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/noren/admin", get(page))
        .route("/noren/admin/login", post(login))
        .route("/noren/admin/admin.css", get(css))
        .route("/noren/admin/api/records", get(api_records))
        .route("/noren/admin/export.csv", get(export_csv))
        .route("/noren/admin/export.jsonl", get(export_jsonl))
}

/// Whether `given` is the token (constant time in the token's content).
pub fn token_matches(token: &str, given: &str) -> bool {
    bool::from(token.as_bytes().ct_eq(given.as_bytes()))
}

/// The token a request carries, if any: the bearer token, else the admin cookie.
fn presented(headers: &HeaderMap) -> Option<&str> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    bearer.or_else(|| {
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .find_map(|c| c.trim().strip_prefix("noren_admin="))
    })
}

enum Access {
    Off,
    Denied,
    Granted,
}

fn access(app: &Shared, headers: &HeaderMap) -> Access {
    match (&app.admin_token, presented(headers)) {
        (None, _) => Access::Off,
        (Some(t), Some(given)) if token_matches(t, given) => Access::Granted,
        _ => Access::Denied,
    }
}

/// A refusal for a request that is not granted (an API: 401 or 404 when off).
fn refuse(a: Access) -> Response {
    match a {
        Access::Off => error(
            StatusCode::NOT_FOUND,
            "the admin side is off (no token set)",
        ),
        _ => error(StatusCode::UNAUTHORIZED, "a valid admin token is needed"),
    }
}

/// The page's and the API's search parameters.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Search {
    /// One consent id.
    pub consent_id: Option<String>,
    /// First day (YYYY-MM-DD, UTC), inclusive.
    pub from: Option<String>,
    /// Last day (YYYY-MM-DD, UTC), inclusive.
    pub to: Option<String>,
    /// One action.
    pub action: Option<String>,
}

fn day_ms(d: &str) -> Option<i64> {
    noren::iab::usnat::is_iso_date(d)
        .then(|| parse_time(&format!("{d}T00:00:00Z")))
        .flatten()
}

impl Search {
    /// The store filter, or what is wrong with a parameter.
    pub fn filter(&self) -> Result<Filter, String> {
        let some = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
        let consent_id = some(&self.consent_id);
        if let Some(c) = &consent_id {
            if !noren::consent::codec::is_valid_consent_id(c) {
                return Err("consentId: not a consent id".into());
            }
        }
        let date = |name: &str, v: Option<String>, plus: i64| -> Result<Option<i64>, String> {
            v.map(|d| {
                day_ms(&d)
                    .map(|ms| ms + plus)
                    .ok_or(format!("{name}: not a date (YYYY-MM-DD)"))
            })
            .transpose()
        };
        let action = some(&self.action);
        if let Some(a) = &action {
            if action_named(a).is_none() {
                return Err(format!("action: {a:?} is not an action"));
            }
        }
        Ok(Filter {
            consent_id,
            from_ms: date("from", some(&self.from), 0)?,
            to_ms: date("to", some(&self.to), 86_400_000)?,
            action,
        })
    }

    fn query(&self) -> String {
        let mut q = Vec::new();
        for (k, v) in [
            ("consentId", &self.consent_id),
            ("from", &self.from),
            ("to", &self.to),
            ("action", &self.action),
        ] {
            if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
                // Values are validated ids, dates and action names: nothing to percent-encode.
                q.push(format!("{k}={v}"));
            }
        }
        q.join("&")
    }
}

async fn rows(app: &Shared, search: &Search) -> Result<Vec<Row>, Response> {
    let filter = search
        .filter()
        .map_err(|e| error(StatusCode::BAD_REQUEST, &e))?;
    app.store.search(&filter, SCAN_LIMIT).await.map_err(|e| {
        error(
            StatusCode::SERVICE_UNAVAILABLE,
            &format!("the database is unavailable: {e}"),
        )
    })
}

/// The rows an API request searches for, once its token is checked: a refusal (see
/// [`refuse`]) or the error [`rows`] answers, otherwise.
async fn api_rows(
    app: &Shared,
    headers: &HeaderMap,
    search: &Search,
) -> Result<Vec<Row>, Response> {
    match access(app, headers) {
        Access::Granted => rows(app, search).await,
        a => Err(refuse(a)),
    }
}

fn iso(ms: i64) -> String {
    noren::consent::record::iso_time(ms as f64)
}

/// A row as the API and the JSON-lines export give it: the payload, with where and when it
/// was received and its place in the chain.
fn row_json(r: &Row) -> serde_json::Value {
    serde_json::json!({
        "seq": r.seq,
        "received": iso(r.received_ms),
        "region": r.region,
        "hash": r.hash,
        "record": serde_json::from_str::<serde_json::Value>(&r.body).unwrap_or_default(),
    })
}

async fn api_records(
    State(app): State<Shared>,
    headers: HeaderMap,
    Query(search): Query<Search>,
) -> Response {
    let rows = match api_rows(&app, &headers, &search).await {
        Ok(r) => r,
        Err(e) => return e,
    };
    let listed: Vec<_> = rows.iter().take(LIST_LIMIT).map(row_json).collect();
    json(
        StatusCode::OK,
        serde_json::json!({"total": rows.len(), "records": listed, "stats": tally(&rows)}),
    )
}

fn download(kind: &'static str, name: &'static str, body: Vec<u8>) -> Response {
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "no-store"),
            (header::CONTENT_DISPOSITION, name),
        ],
        body,
    )
        .into_response()
}

async fn export_jsonl(
    State(app): State<Shared>,
    headers: HeaderMap,
    Query(search): Query<Search>,
) -> Response {
    match api_rows(&app, &headers, &search).await {
        Ok(rows) => {
            let mut out = String::new();
            for r in rows.iter().rev() {
                out.push_str(&row_json(r).to_string());
                out.push('\n');
            }
            download(
                "application/jsonl",
                "attachment; filename=\"noren-records.jsonl\"",
                out.into_bytes(),
            )
        }
        Err(e) => e,
    }
}

/// The CSV export's columns.
pub const CSV_HEADER: [&str; 13] = [
    "seq",
    "received",
    "time",
    "record_id",
    "consent_id",
    "action",
    "region",
    "language",
    "categories_granted",
    "services_granted",
    "gpc",
    "url",
    "hash",
];

fn granted(body: &serde_json::Value, key: &str) -> String {
    body[key]
        .as_object()
        .map(|o| {
            o.iter()
                .filter(|(_, v)| v.as_bool() == Some(true))
                .map(|(k, _)| k.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default()
}

/// Rows as CSV (oldest first).
pub fn csv(rows: &[Row]) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_HEADER).map_err(|e| e.to_string())?;
    for r in rows.iter().rev() {
        let body: serde_json::Value = serde_json::from_str(&r.body).unwrap_or_default();
        w.write_record([
            r.seq.to_string(),
            iso(r.received_ms),
            iso(r.time_ms),
            r.record_id.clone(),
            r.consent_id.clone(),
            r.action.clone(),
            r.region.clone(),
            r.language.clone(),
            granted(&body, "categories"),
            granted(&body, "services"),
            body["signals"]["gpc"]
                .as_bool()
                .unwrap_or(false)
                .to_string(),
            body["url"].as_str().unwrap_or_default().to_string(),
            r.hash.clone(),
        ])
        .map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

async fn export_csv(
    State(app): State<Shared>,
    headers: HeaderMap,
    Query(search): Query<Search>,
) -> Response {
    match api_rows(&app, &headers, &search).await.map(|r| csv(&r)) {
        Ok(Ok(body)) => download(
            "text/csv; charset=utf-8",
            "attachment; filename=\"noren-records.csv\"",
            body,
        ),
        Ok(Err(e)) => error(StatusCode::INTERNAL_SERVER_ERROR, &e),
        Err(e) => e,
    }
}

async fn css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        CSS,
    )
        .into_response()
}

fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
            (header::CONTENT_SECURITY_POLICY, PAGE_CSP),
            (header::X_FRAME_OPTIONS, "DENY"),
            (header::REFERRER_POLICY, "no-referrer"),
        ],
        body,
    )
        .into_response()
}

fn frame(title: &str, main: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=en><head><meta charset=utf-8>\
         <meta name=viewport content=\"width=device-width\"><title>{}</title>\
         <link rel=stylesheet href=\"/noren/admin/admin.css\"></head><body>{main}</body></html>\n",
        esc(title)
    )
}

fn login_page(problem: Option<&str>) -> String {
    let problem = problem
        .map(|p| format!("<p role=alert>{}</p>", esc(p)))
        .unwrap_or_default();
    frame(
        "Noren admin: sign in",
        &format!(
            "<h1>Noren admin</h1>{problem}<form method=post action=\"/noren/admin/login\">\
             <label>Admin token <input type=password name=token autocomplete=current-password required></label>\
             <button>Sign in</button></form>"
        ),
    )
}

/// The login form's fields.
#[derive(Deserialize)]
pub struct Login {
    token: String,
}

async fn login(
    State(app): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<Login>,
) -> Response {
    let client = app.client(&headers, peer);
    if let Err(wait) = app.lookups_limit.check(client) {
        return super::too_many(wait);
    }
    match &app.admin_token {
        None => html(
            StatusCode::NOT_FOUND,
            frame(
                "Noren admin",
                "<p>The admin side is off (no token set).</p>",
            ),
        ),
        Some(t) if token_matches(t, &form.token) => (
            StatusCode::SEE_OTHER,
            [
                (header::LOCATION, "/noren/admin".to_string()),
                (
                    header::SET_COOKIE,
                    format!(
                        "{COOKIE}={}; HttpOnly; SameSite=Strict; Path=/noren/admin",
                        form.token
                    ),
                ),
            ],
        )
            .into_response(),
        Some(_) => {
            tracing::warn!(%client, "admin sign-in refused");
            html(StatusCode::UNAUTHORIZED, login_page(Some("Wrong token.")))
        }
    }
}

fn option(value: &str, label: &str, selected: bool) -> String {
    format!(
        "<option value=\"{}\"{}>{}</option>",
        esc(value),
        if selected { " selected" } else { "" },
        esc(label)
    )
}

/// The page's body for a search, its rows and their tallies.
pub fn page_body(search: &Search, rows: &[Row], stats: &Stats) -> String {
    let v = |o: &Option<String>| esc(o.as_deref().unwrap_or_default());
    let mut actions = option("", "any", search.action.is_none());
    for a in ACTIONS {
        actions.push_str(&option(
            a.name(),
            a.name(),
            search.action.as_deref() == Some(a.name()),
        ));
    }
    let query = search.query();
    let mut s = format!(
        "<h1>Noren: consent records</h1>\
         <form method=get action=\"/noren/admin\">\
         <label>Consent id <input name=consentId value=\"{}\" size=24></label>\
         <label>From <input type=date name=from value=\"{}\"></label>\
         <label>To <input type=date name=to value=\"{}\"></label>\
         <label>Action <select name=action>{actions}</select></label>\
         <button>Search</button></form>\
         <p>Export: <a href=\"/noren/admin/export.csv?{q}\">CSV</a> · \
         <a href=\"/noren/admin/export.jsonl?{q}\">JSON lines</a></p>\
         <p id=total><strong>{}</strong> record(s) match",
        v(&search.consent_id),
        v(&search.from),
        v(&search.to),
        stats.records,
        q = esc(&query),
    );
    if rows.len() > LIST_LIMIT {
        s.push_str(&format!("; the latest {LIST_LIMIT} are listed"));
    }
    s.push_str(
        ".</p><h2>Records</h2><table id=records><thead><tr><th>Received (UTC)</th>\
        <th>Record id</th><th>Consent id</th><th>Action</th><th>Region</th><th>Language</th>\
        <th>Categories granted</th><th>Services granted</th></tr></thead><tbody>",
    );
    for r in rows.iter().take(LIST_LIMIT) {
        let body: serde_json::Value = serde_json::from_str(&r.body).unwrap_or_default();
        s.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&iso(r.received_ms)),
            esc(&r.record_id),
            esc(&r.consent_id),
            esc(&r.action),
            esc(&r.region),
            esc(&r.language),
            esc(&granted(&body, "categories")),
            esc(&granted(&body, "services")),
        ));
    }
    s.push_str("</tbody></table><h2>Charts</h2>");
    for (id, title, what, bars) in [
        (
            "per-day",
            "Accept all, per day (UTC)",
            "accepted all",
            &stats.per_day,
        ),
        (
            "per-category",
            "Granted, per category",
            "granted",
            &stats.per_category,
        ),
        (
            "per-service",
            "Granted, per service",
            "granted",
            &stats.per_service,
        ),
        (
            "per-region",
            "Accept all, per region",
            "accepted all",
            &stats.per_region,
        ),
        (
            "per-language",
            "Accept all, per language",
            "accepted all",
            &stats.per_language,
        ),
    ] {
        s.push_str(&format!("<section id={id}><h3>{}</h3>", esc(title)));
        s.push_str(&bar_chart(title, what, bars));
        s.push_str("</section>");
    }
    s
}

async fn page(
    State(app): State<Shared>,
    headers: HeaderMap,
    Query(search): Query<Search>,
) -> Response {
    match access(&app, &headers) {
        Access::Off => html(
            StatusCode::NOT_FOUND,
            frame(
                "Noren admin",
                "<p>The admin side is off (no token set).</p>",
            ),
        ),
        Access::Denied => html(StatusCode::UNAUTHORIZED, login_page(None)),
        Access::Granted => match rows(&app, &search).await {
            Ok(rows) => {
                let stats = tally(&rows);
                let today = day(now_ms());
                html(
                    StatusCode::OK,
                    frame(
                        &format!("Noren admin: records ({today})"),
                        &page_body(&search, &rows, &stats),
                    ),
                )
            }
            Err(e) => e,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_whole() {
        assert!(token_matches("0123456789abcdef", "0123456789abcdef"));
        assert!(!token_matches("0123456789abcdef", "0123456789abcde"));
        assert!(!token_matches("0123456789abcdef", "0123456789abcdeF"));
        assert!(!token_matches("0123456789abcdef", ""));
    }

    #[test]
    fn the_token_comes_from_the_header_or_the_cookie() {
        let mut h = HeaderMap::new();
        assert_eq!(presented(&h), None);
        h.insert(header::COOKIE, "a=b; noren_admin=tok; c=d".parse().unwrap());
        assert_eq!(presented(&h), Some("tok"));
        h.insert(header::AUTHORIZATION, "Bearer other".parse().unwrap());
        assert_eq!(presented(&h), Some("other"));
    }

    #[test]
    fn search_parameters_are_checked() {
        let s = |c: &str, f: &str, t: &str, a: &str| Search {
            consent_id: Some(c.into()),
            from: Some(f.into()),
            to: Some(t.into()),
            action: Some(a.into()),
        };
        let f = s("cons1234", "2026-11-30", "2026-11-30", "custom")
            .filter()
            .unwrap();
        assert_eq!(f.from_ms, Some(1_796_040_000_000 - 12 * 3_600_000));
        assert_eq!(f.to_ms, Some(f.from_ms.unwrap() + 86_400_000));
        assert_eq!(s("", "", "", "").filter().unwrap(), Filter::default());
        assert!(s("x'--", "", "", "")
            .filter()
            .unwrap_err()
            .starts_with("consentId"));
        assert!(s("", "30/11/2026", "", "")
            .filter()
            .unwrap_err()
            .starts_with("from"));
        assert!(s("", "", "", "drop")
            .filter()
            .unwrap_err()
            .starts_with("action"));
    }
}
