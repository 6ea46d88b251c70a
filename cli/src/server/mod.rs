//! The Noren server (`noren serve`): consent records in SQLite or PostgreSQL, the admin page,
//! health, and the commands on stored records (`noren records verify|purge`).
//!
//! Routes: `POST /noren/records`, `GET /noren/records/{consentId}`, `GET /noren/region`,
//! `GET /noren/vendor-list[-{lang}].json` (gvl.rs), `GET /healthz`, `/noren/admin…`
//! (admin.rs).

pub mod admin;
pub mod chain;
pub mod gvl;
pub mod limit;
pub mod page;
pub mod record;
pub mod site;
pub mod stats;
pub mod store;

use axum::extract::{ConnectInfo, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use limit::Limit;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use store::{Appended, Store};

/// `noren serve`'s settings: part of the command line, which the Node build shares.
pub use noren_check::cli::ServeArgs;

/// What every handler shares.
pub struct App {
    /// The records' database.
    pub store: Store,
    /// The admin token, if the admin side is on.
    pub admin_token: Option<String>,
    region_header: Option<String>,
    client_ip_header: Option<String>,
    records_limit: Limit,
    lookups_limit: Limit,
    /// The vendor list cache, with an upstream.
    pub gvl: Option<gvl::Gvl>,
    /// The site's folder (`--site`).
    pub site: Option<std::path::PathBuf>,
    /// Noren's files (`--dist`).
    pub dist: Option<std::path::PathBuf>,
    /// The site's own policy for its pages.
    pub site_csp: Option<String>,
    /// The site's consent config (`--site-config`).
    pub site_config: Option<noren::config::Config>,
    /// The last write that failed, until one succeeds (reported by /healthz).
    write_error: Mutex<Option<String>>,
    /// Refusals held back until the client may try again (a bounded number at once).
    held: tokio::sync::Semaphore,
}

/// How many refusals (429) may be held back at once, and for how long.
const HELD_REFUSALS: usize = 512;
const HOLD: Duration = Duration::from_secs(1);

/// Shared state.
pub type Shared = Arc<App>;

impl App {
    /// The state for `args`, with an open store and the admin token (if any).
    pub fn new(args: &ServeArgs, store: Store, admin_token: Option<String>) -> App {
        App {
            store,
            admin_token,
            region_header: args.region_header.clone(),
            client_ip_header: args.client_ip_header.clone(),
            records_limit: Limit::per_minute(args.records_per_minute),
            lookups_limit: Limit::per_minute(args.lookups_per_minute),
            gvl: args.gvl_upstream.as_deref().map(gvl::Gvl::new),
            site: args.site.clone(),
            dist: args.dist.clone(),
            site_csp: args.site_csp.clone(),
            site_config: None,
            write_error: Mutex::new(None),
            held: tokio::sync::Semaphore::new(HELD_REFUSALS),
        }
    }

    fn client(&self, headers: &HeaderMap, peer: SocketAddr) -> IpAddr {
        let value = self
            .client_ip_header
            .as_deref()
            .and_then(|h| headers.get(h))
            .and_then(|v| v.to_str().ok());
        limit::client_ip(value, peer.ip())
    }

    /// The visitor's region from the configured header (ISO 3166-1 alpha-2 or 3166-2, upper
    /// case: `page::region_code`), or empty.
    pub fn region(&self, headers: &HeaderMap) -> String {
        self.region_header
            .as_deref()
            .and_then(|h| headers.get(h))
            .and_then(|v| v.to_str().ok())
            .and_then(page::region_code)
            .unwrap_or_default()
    }

    /// The configured region header's name, if any.
    pub fn region_header(&self) -> Option<&str> {
        self.region_header.as_deref()
    }

    /// A `429` for a client over its limit, sent a second later (its `Retry-After` is at
    /// least that) while fewer than [`HELD_REFUSALS`] are held, else at once: a client
    /// flooding over a few connections (a browser opens six to a host) is slowed to a trickle,
    /// and costs the server a timer, not a stream of requests to answer.
    async fn too_many(&self, wait: Duration) -> Response {
        if let Ok(_slot) = self.held.try_acquire() {
            tokio::time::sleep(HOLD).await;
        }
        too_many(wait)
    }

    fn wrote(&self, result: Result<(), String>) {
        let mut e = self.write_error.lock().unwrap_or_else(|p| p.into_inner());
        *e = result.err();
    }
}

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// A JSON answer.
pub fn json(status: StatusCode, value: serde_json::Value) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        value.to_string(),
    )
        .into_response()
}

fn error(status: StatusCode, message: &str) -> Response {
    json(status, serde_json::json!({ "error": message }))
}

fn too_many(wait: Duration) -> Response {
    let mut r = error(
        StatusCode::TOO_MANY_REQUESTS,
        "too many requests from this client",
    );
    let secs = wait.as_secs().max(1).to_string();
    if let Ok(v) = HeaderValue::from_str(&secs) {
        r.headers_mut().insert(header::RETRY_AFTER, v);
    }
    r
}

/// `POST /noren/records`. The client's rate limit and the declared length are checked before
/// a byte of the body is read, so a flood costs the server almost nothing; refusals are
/// counted (logged once a minute), not logged one by one.
async fn post_record(
    State(app): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    req: axum::extract::Request,
) -> Response {
    let (parts, body) = req.into_parts();
    let headers = &parts.headers;
    let client = app.client(headers, peer);
    if let Err(wait) = app.records_limit.check(client) {
        tracing::debug!(%client, "record refused: rate limit");
        return app.too_many(wait).await;
    }
    let kind = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if !(kind.starts_with("text/plain") || kind.starts_with("application/json")) {
        return error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "a record is JSON sent as text/plain (or application/json)",
        );
    }
    let too_large = || {
        error(
            StatusCode::PAYLOAD_TOO_LARGE,
            &format!("a record is at most {} bytes", record::MAX_BODY),
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > record::MAX_BODY as u64) {
        return too_large();
    }
    let body = match Limited::new(body, record::MAX_BODY).collect().await {
        Ok(b) => b.to_bytes(),
        Err(e) if e.is::<LengthLimitError>() => return too_large(),
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                &format!("the body could not be read: {e}"),
            )
        }
    };
    let received = now_ms();
    let valid = match record::validate(&body, received) {
        Ok(v) => v,
        Err(problem) => {
            tracing::info!(%client, %problem, "record refused");
            return error(StatusCode::BAD_REQUEST, &problem);
        }
    };
    // The CDN's country, else the region the banner says the choice was made under.
    let mut region = app.region(headers);
    if region.is_empty() {
        region = valid.payload.region.clone().unwrap_or_default();
    }
    match app.store.append(&valid, received, &region).await {
        Ok(outcome) => {
            app.wrote(Ok(()));
            let id = &valid.payload.id;
            match outcome {
                Appended::Stored(seq) => {
                    tracing::info!(record = %id, seq, "record stored");
                    json(
                        StatusCode::CREATED,
                        serde_json::json!({"id": id, "status": "stored"}),
                    )
                }
                Appended::Duplicate => json(
                    StatusCode::OK,
                    serde_json::json!({"id": id, "status": "duplicate"}),
                ),
                Appended::Conflict => error(
                    StatusCode::CONFLICT,
                    "another record with this id is already stored",
                ),
            }
        }
        Err(e) => {
            let problem = format!("the database refused the write: {e}");
            tracing::error!(%problem, "record not stored");
            app.wrote(Err(problem.clone()));
            error(StatusCode::SERVICE_UNAVAILABLE, &problem)
        }
    }
}

async fn get_records(
    State(app): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(consent_id): Path<String>,
) -> Response {
    let client = app.client(&headers, peer);
    if let Err(wait) = app.lookups_limit.check(client) {
        return app.too_many(wait).await;
    }
    if !noren::consent::codec::is_valid_consent_id(&consent_id) {
        return error(StatusCode::BAD_REQUEST, "not a consent id");
    }
    match app.store.by_consent(&consent_id).await {
        Ok(bodies) if bodies.is_empty() => {
            error(StatusCode::NOT_FOUND, "no records for this consent id")
        }
        Ok(bodies) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "application/json"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            format!("[{}]", bodies.join(",")),
        )
            .into_response(),
        Err(e) => error(
            StatusCode::SERVICE_UNAVAILABLE,
            &format!("the database is unavailable: {e}"),
        ),
    }
}

/// `GET /noren/region`: the visitor's region (from the configured header) and Global Privacy
/// Control (`Sec-GPC: 1`), for the loader before the module runs.
async fn region(State(app): State<Shared>, headers: HeaderMap) -> Response {
    let region = app.region(&headers);
    let gpc = headers
        .get("sec-gpc")
        .is_some_and(|v| v.as_bytes().trim_ascii() == b"1");
    let mut r = json(
        StatusCode::OK,
        serde_json::json!({
            "region": if region.is_empty() { serde_json::Value::Null } else { region.into() },
            "gpc": gpc,
        }),
    );
    let vary = match &app.region_header {
        Some(h) => format!("Sec-GPC, {h}"),
        None => "Sec-GPC".into(),
    };
    if let Ok(v) = HeaderValue::from_str(&vary) {
        r.headers_mut().insert(header::VARY, v);
    }
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    r
}

async fn healthz(State(app): State<Shared>) -> Response {
    let backend = format!("{:?}", app.store.backend).to_lowercase();
    if let Err(e) = app.store.ping().await {
        return json(
            StatusCode::SERVICE_UNAVAILABLE,
            serde_json::json!({"status": "error", "database": backend, "problem": format!("the database does not answer: {e}")}),
        );
    }
    let write_error = app
        .write_error
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    match write_error {
        Some(problem) => json(
            StatusCode::SERVICE_UNAVAILABLE,
            serde_json::json!({"status": "error", "database": backend, "problem": problem}),
        ),
        None => json(
            StatusCode::OK,
            serde_json::json!({"status": "ok", "database": backend}),
        ),
    }
}

/// `/noren/{file}`: a vendor list, else (with `--dist`) one of Noren's files.
async fn noren_file(
    state: State<Shared>,
    Path(file): Path<String>,
    req: axum::extract::Request,
) -> Response {
    if file.starts_with("vendor-list") {
        return gvl::serve(state, Path(file)).await;
    }
    match &state.0.dist {
        Some(dist) => {
            use tower::ServiceExt;
            let (mut parts, body) = req.into_parts();
            parts.uri = match format!("/{file}").parse() {
                Ok(u) => u,
                Err(_) => return error(StatusCode::NOT_FOUND, "no such file"),
            };
            let req = axum::extract::Request::from_parts(parts, body);
            match tower_http::services::ServeDir::new(dist).oneshot(req).await {
                Ok(r) => r.into_response(),
                Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
            }
        }
        None => error(StatusCode::NOT_FOUND, "no such file"),
    }
}

/// The routes, on shared state.
pub fn router(app: Shared) -> Router {
    let site = app.site.clone().map(|dir| {
        Router::new()
            .fallback_service(tower_http::services::ServeDir::new(dir))
            .layer(axum::middleware::from_fn_with_state(
                app.clone(),
                site::policies,
            ))
    });
    let routes = Router::new()
        .route("/noren/records", post(post_record))
        .route("/noren/records/{consent_id}", get(get_records))
        .route("/noren/region", get(region))
        .route("/noren/csp", get(site::policy_only))
        .route("/noren/{file}", get(noren_file))
        .route("/healthz", get(healthz))
        .merge(admin::routes())
        .with_state(app);
    match site {
        Some(site) => routes.fallback_service(site),
        None => routes,
    }
}

/// Reads the admin token from the file or NOREN_ADMIN_TOKEN; refuses a short one.
fn admin_token(args: &ServeArgs) -> Result<Option<String>, String> {
    let token = match &args.admin_token_file {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?
                .trim()
                .to_string(),
        ),
        None => std::env::var("NOREN_ADMIN_TOKEN").ok(),
    };
    match token {
        Some(t) if t.chars().count() < 16 => {
            Err("the admin token must have at least 16 characters".into())
        }
        t => Ok(t),
    }
}

/// Sets up logging: text, or JSON lines with `json`.
pub fn init_logs(json: bool) {
    let builder = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::INFO)
        .with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(t) => t,
                Err(_) => return std::future::pending().await,
            };
        tokio::select! {
            _ = ctrl_c => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}

/// Runs the server until SIGINT or SIGTERM; in-flight requests finish first.
pub async fn serve(args: ServeArgs) -> Result<(), String> {
    let token = admin_token(&args)?;
    let store = Store::open(&args.database, args.connections).await?;
    if let Ok(Some(tls)) = store.encrypted().await {
        tracing::info!(tls, "connected to PostgreSQL");
    }
    if token.is_none() {
        tracing::warn!(
            "no admin token (NOREN_ADMIN_TOKEN or --admin-token-file): the admin page is off"
        );
    }
    let mut app = App::new(&args, store, token);
    if let Some(path) = &args.site_config {
        app.site_config = Some(site::read_config(path)?);
    }
    let app = Arc::new(app);
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    tracing::info!(%addr, database = ?app.store.backend, "noren serve listening");
    // The address on stdout, alone on a line, for scripts that start it on port 0.
    println!("listening on http://{addr}");
    let housekeeping = tokio::spawn(housekeeping(app.clone(), args.retention_days));
    let result = axum::serve(
        listener,
        router(app.clone()).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .map_err(|e| e.to_string());
    housekeeping.abort();
    app.store.close().await;
    tracing::info!("noren serve stopped");
    result
}

/// Every minute: log how many requests the rate limits refused, forget idle clients; every hour, with a retention
/// period, purge what is older.
async fn housekeeping(app: Shared, retention_days: Option<u32>) {
    let mut tick = tokio::time::interval(Duration::from_secs(60));
    let mut minutes = 0u32;
    loop {
        tick.tick().await;
        for (limit, what) in [
            (&app.records_limit, "records"),
            (&app.lookups_limit, "lookups"),
        ] {
            let refused = limit.take_refused();
            if refused > 0 {
                tracing::warn!(
                    refused,
                    what,
                    "requests over a client's rate limit refused in the last minute"
                );
            }
            limit.forget_idle();
        }
        if let Some(days) = retention_days {
            if minutes % 60 == 0 {
                let now = now_ms();
                match app
                    .store
                    .purge(now - i64::from(days) * 86_400_000, now)
                    .await
                {
                    Ok(n) => tracing::info!(purged = n, days, "retention purge"),
                    Err(problem) => tracing::error!(%problem, "retention purge failed"),
                }
            }
        }
        minutes = minutes.wrapping_add(1);
    }
}
