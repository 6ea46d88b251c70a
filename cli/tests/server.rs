//! The server against real databases: SQLite (a temporary file) and PostgreSQL (a throw-away
//! cluster that scripts/test.sh starts; its URL in NOREN_TEST_POSTGRES_URL). Requests go
//! through the real router; records, the chain, tampering, purges, rate limits, the admin API.
#![cfg(not(target_arch = "wasm32"))]

use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use noren_cli::server::store::Store;
use noren_cli::server::{now_ms, router, App, ServeArgs};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use tower::ServiceExt;

const TOKEN: &str = "test-admin-token-0123456789";

/// A fresh, empty database of each kind; PostgreSQL only where the cluster is there (always
/// under scripts/test.sh, which fails if it is missing in CI).
async fn databases() -> Vec<String> {
    static N: AtomicU32 = AtomicU32::new(0);
    let n = N.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("noren-test-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut urls = vec![format!("sqlite:{}", dir.join("records.db").display())];
    match std::env::var("NOREN_TEST_POSTGRES_URL") {
        Ok(base) => {
            use sqlx::Connection;
            sqlx::any::install_default_drivers();
            let name = format!("noren_test_{}_{n}", std::process::id());
            let mut c = sqlx::AnyConnection::connect(&base).await.unwrap();
            sqlx::query(&format!("DROP DATABASE IF EXISTS {name}"))
                .execute(&mut c)
                .await
                .unwrap();
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&mut c)
                .await
                .unwrap();
            let (root, _) = base.rsplit_once('/').unwrap();
            urls.push(format!("{root}/{name}"));
        }
        Err(_) if std::env::var_os("CI").is_some() => {
            panic!("NOREN_TEST_POSTGRES_URL is not set: run the tests through scripts/test.sh")
        }
        Err(_) => eprintln!("NOREN_TEST_POSTGRES_URL not set: PostgreSQL cases skipped"),
    }
    urls
}

fn args(database: &str, records_per_minute: u32) -> ServeArgs {
    use clap::Parser;
    #[derive(Parser)]
    struct T {
        #[command(flatten)]
        a: ServeArgs,
    }
    let mut t = T::parse_from(["t", "--region-header", "CF-IPCountry"]);
    t.a.database = database.into();
    t.a.records_per_minute = records_per_minute;
    t.a
}

async fn server(database: &str, records_per_minute: u32) -> (Router, Store) {
    let a = args(database, records_per_minute);
    let store = Store::open(database, 8).await.unwrap();
    let app = Arc::new(App::new(&a, store.clone(), Some(TOKEN.into())));
    let r = router(app).layer(MockConnectInfo(SocketAddr::from(([127, 0, 0, 1], 9))));
    (r, store)
}

fn payload(id: &str, consent: &str, action: &str) -> Value {
    json!({
        "version": 1, "id": id, "consentId": consent,
        "time": noren::consent::record::iso_time(now_ms() as f64),
        "action": action, "regime": "opt-in", "revision": 3, "language": "ja",
        "categories": {"necessary": true, "analytics": action == "accept-all"},
        "services": {"ga": action == "accept-all"},
        "personalData": [], "signals": {"gpc": false},
        "url": "https://shop.example/ja/", "cmp": "noren/0.1.0"
    })
}

async fn send(r: &Router, req: Request<Body>) -> (StatusCode, String) {
    let res = r.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned())
}

fn post(body: String, from: &str) -> Request<Body> {
    Request::post("/noren/records")
        .header(header::CONTENT_TYPE, "text/plain;charset=UTF-8")
        .header("CF-IPCountry", "jp")
        .header("X-Test-Client", from)
        .body(Body::from(body))
        .unwrap()
}

fn get(path: &str, token: Option<&str>) -> Request<Body> {
    let mut b = Request::get(path);
    if let Some(t) = token {
        b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    b.body(Body::empty()).unwrap()
}

#[tokio::test]
async fn records_are_validated_stored_once_and_read_back_per_consent() {
    for db in databases().await {
        let (r, store) = server(&db, 1000).await;
        let a = payload("rec00001", "consentA", "accept-all");
        let (s, body) = send(&r, post(a.to_string(), "x")).await;
        assert_eq!(s, StatusCode::CREATED, "{db}: {body}");
        let (s, body) = send(&r, post(a.to_string(), "x")).await;
        assert_eq!(
            (s, body.contains("duplicate")),
            (StatusCode::OK, true),
            "{db}"
        );
        let mut other = a.clone();
        other["action"] = json!("reject-all");
        assert_eq!(
            send(&r, post(other.to_string(), "x")).await.0,
            StatusCode::CONFLICT
        );
        let b = payload("rec00002", "consentA", "withdrawal");
        assert_eq!(
            send(&r, post(b.to_string(), "x")).await.0,
            StatusCode::CREATED
        );
        let c = payload("rec00003", "consentB", "reject-all");
        assert_eq!(
            send(&r, post(c.to_string(), "x")).await.0,
            StatusCode::CREATED
        );

        let (s, body) = send(&r, get("/noren/records/consentA", None)).await;
        assert_eq!(s, StatusCode::OK);
        let list: Vec<Value> = serde_json::from_str(&body).unwrap();
        assert_eq!(
            list,
            [a.clone(), b],
            "{db}: only that consent's, oldest first"
        );
        assert_eq!(
            send(&r, get("/noren/records/consentZ", None)).await.0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            send(&r, get("/noren/records/no%20such", None)).await.0,
            StatusCode::BAD_REQUEST
        );

        let mut bad = payload("rec00004", "consentA", "accept-all");
        bad["time"] = json!("2001-01-01T00:00:00Z");
        let (s, body) = send(&r, post(bad.to_string(), "x")).await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert!(
            body.contains("time: 2001-01-01T00:00:00Z is more than 24 hours old"),
            "{body}"
        );
        let form = Request::post("/noren/records")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(a.to_string()))
            .unwrap();
        assert_eq!(send(&r, form).await.0, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        let huge = format!("{{\"pad\":\"{}\"}}", "x".repeat(70_000));
        assert_eq!(
            send(&r, post(huge, "x")).await.0,
            StatusCode::PAYLOAD_TOO_LARGE
        );

        let v = store.verify().await.unwrap();
        assert_eq!((v.count, v.broken), (3, None), "{db}");
        store.close().await;
    }
}

#[tokio::test]
async fn concurrent_writers_keep_one_chain() {
    for db in databases().await {
        let (r, store) = server(&db, 10_000).await;
        let tasks: Vec<_> = (0..60)
            .map(|i| {
                let r = r.clone();
                tokio::spawn(async move {
                    let p = payload(&format!("conc{i:04}"), &format!("cons{i:04}"), "custom");
                    send(&r, post(p.to_string(), "x")).await.0
                })
            })
            .collect();
        for t in tasks {
            assert_eq!(t.await.unwrap(), StatusCode::CREATED, "{db}");
        }
        let v = store.verify().await.unwrap();
        assert_eq!((v.count, v.broken), (60, None), "{db}");
        store.close().await;
    }
}

#[tokio::test]
async fn tampering_is_named_and_purges_leave_a_verifiable_chain() {
    for db in databases().await {
        let (r, store) = server(&db, 1000).await;
        for i in 1..=6 {
            let p = payload(&format!("rec0000{i}"), "consentA", "accept-all");
            assert_eq!(
                send(&r, post(p.to_string(), "x")).await.0,
                StatusCode::CREATED
            );
        }
        // Purge everything received before now + 1 s: the whole chain goes, an anchor stays.
        // First, rows 1-3 only: make them old.
        let pool = sqlx::AnyPool::connect(&db).await.unwrap();
        // Changing received_ms breaks the hash, so the purge must refuse.
        sqlx::query("UPDATE records SET received_ms = 1000 WHERE seq <= 3")
            .execute(&pool)
            .await
            .unwrap();
        let v = store.verify().await.unwrap();
        let broken = v.broken.unwrap();
        assert_eq!(
            (broken.seq, broken.record_id.as_str()),
            (1, "rec00001"),
            "{db}"
        );
        assert!(store
            .purge(now_ms() - 60_000, now_ms())
            .await
            .unwrap_err()
            .contains("not purging"));
        pool.close().await;
        store.close().await;
    }
    // A purge of an intact chain: rows received before the cut go, the rest verifies.
    for db in databases().await {
        let (r, store) = server(&db, 1000).await;
        for i in 1..=3 {
            let p = payload(&format!("old0000{i}"), "consentA", "accept-all");
            send(&r, post(p.to_string(), "x")).await;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        let cut = now_ms();
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        for i in 1..=2 {
            let p = payload(&format!("new0000{i}"), "consentA", "accept-all");
            send(&r, post(p.to_string(), "x")).await;
        }
        assert_eq!(store.purge(cut, now_ms()).await.unwrap(), 3, "{db}");
        assert_eq!(
            store.purge(cut, now_ms()).await.unwrap(),
            0,
            "{db}: nothing more"
        );
        let v = store.verify().await.unwrap();
        assert_eq!((v.count, v.anchor, v.broken), (2, 3, None), "{db}");
        let p = payload("new00003", "consentA", "accept-all");
        send(&r, post(p.to_string(), "x")).await;
        assert_eq!(store.verify().await.unwrap().count, 3);
        // Removing the newest row (the chain's end) is seen too.
        let pool = sqlx::AnyPool::connect(&db).await.unwrap();
        sqlx::query("DELETE FROM records WHERE seq = 6")
            .execute(&pool)
            .await
            .unwrap();
        let b = store.verify().await.unwrap().broken.unwrap();
        assert!(
            b.problem.contains("removed from the end"),
            "{db}: {}",
            b.problem
        );
        pool.close().await;
        store.close().await;
    }
}

#[tokio::test]
async fn a_flooding_client_is_limited_alone() {
    let db = databases().await.remove(0);
    let (r, store) = server(&db, 3).await;
    // Every request here comes from one peer (MockConnectInfo): three pass, the fourth waits.
    for i in 0..3 {
        let p = payload(&format!("lim0000{i}"), "consentA", "custom");
        assert_eq!(
            send(&r, post(p.to_string(), "x")).await.0,
            StatusCode::CREATED
        );
    }
    let p = payload("lim00009", "consentA", "custom");
    let sent = std::time::Instant::now();
    let res = r.clone().oneshot(post(p.to_string(), "x")).await.unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    // The refusal is held back a second (the client's pace, not its flood).
    assert!(sent.elapsed() >= std::time::Duration::from_millis(990));
    assert!(res.headers().contains_key(header::RETRY_AFTER));
    // The limit comes before the body is read: an oversized body is refused for the rate.
    let big = post("x".repeat(1 << 20), "x");
    assert_eq!(send(&r, big).await.0, StatusCode::TOO_MANY_REQUESTS);
    // Another client is not slowed down.
    let other = router(Arc::new(App::new(&args(&db, 3), store.clone(), None)))
        .layer(MockConnectInfo(SocketAddr::from(([127, 0, 0, 2], 9))));
    assert_eq!(
        send(&other, post(p.to_string(), "y")).await.0,
        StatusCode::CREATED
    );
    store.close().await;
}

#[tokio::test]
async fn the_admin_api_needs_the_token_and_exports_what_is_stored() {
    for db in databases().await {
        let (r, store) = server(&db, 1000).await;
        for (id, action) in [
            ("adm00001", "accept-all"),
            ("adm00002", "reject-all"),
            ("adm00003", "accept-all"),
        ] {
            let p = payload(id, &format!("c{id}"), action);
            send(&r, post(p.to_string(), "x")).await;
        }
        assert_eq!(
            send(&r, get("/noren/admin/api/records", None)).await.0,
            StatusCode::UNAUTHORIZED
        );
        let wrong = get(
            "/noren/admin/api/records",
            Some("test-admin-token-0123456780"),
        );
        assert_eq!(send(&r, wrong).await.0, StatusCode::UNAUTHORIZED);
        for path in ["/noren/admin/export.csv", "/noren/admin/export.jsonl"] {
            let (s, body) = send(&r, get(path, None)).await;
            assert_eq!(s, StatusCode::UNAUTHORIZED, "{path}");
            assert!(
                !body.contains("adm0000"),
                "{path}: no record without the token"
            );
        }
        let (s, body) = send(&r, get("/noren/admin/api/records", Some(TOKEN))).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        let v: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["total"], 3);
        assert_eq!(v["records"][0]["record"]["id"], "adm00003", "newest first");
        assert_eq!(v["records"][0]["region"], "JP");
        assert_eq!(
            v["stats"]["per_category"][0],
            json!({"label": "analytics", "yes": 2, "total": 3})
        );
        assert_eq!(
            v["stats"]["per_region"][0],
            json!({"label": "JP", "yes": 2, "total": 3})
        );

        let (s, body) = send(
            &r,
            get("/noren/admin/api/records?action=reject-all", Some(TOKEN)),
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["total"], 1);
        let (s, body) = send(
            &r,
            get("/noren/admin/api/records?consentId=cadm00001", Some(TOKEN)),
        )
        .await;
        assert_eq!(
            (
                s,
                serde_json::from_str::<Value>(&body).unwrap()["total"].clone()
            ),
            (StatusCode::OK, json!(1))
        );
        let (s, body) = send(
            &r,
            get("/noren/admin/api/records?from=2026-13-01", Some(TOKEN)),
        )
        .await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert!(body.contains("from: not a date"));

        let (s, csv) = send(&r, get("/noren/admin/export.csv", Some(TOKEN))).await;
        assert_eq!(s, StatusCode::OK);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 4, "{csv}");
        assert!(lines[0].starts_with("seq,received,time,record_id,consent_id,action,region"));
        assert!(lines[1].starts_with("1,") && lines[1].contains(",adm00001,cadm00001,accept-all,JP,ja,analytics necessary,ga,false,https://shop.example/ja/,"), "{}", lines[1]);
        let (s, jsonl) = send(
            &r,
            get("/noren/admin/export.jsonl?action=accept-all", Some(TOKEN)),
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        let ids: Vec<Value> = jsonl
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap()["record"]["id"].clone())
            .collect();
        assert_eq!(ids, [json!("adm00001"), json!("adm00003")]);
        let (s, page) = send(&r, get("/noren/admin", None)).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);
        assert!(page.contains("name=token"), "the sign-in form");
        store.close().await;
    }
}

#[tokio::test]
async fn the_region_column_is_the_cdn_header_else_the_records_own() {
    for db in databases().await {
        let (r, store) = server(&db, 1000).await;
        let mut p = payload("reg00001", "creg0001", "accept-all");
        p["region"] = json!("US-CA");
        let no_header = Request::post("/noren/records")
            .header(header::CONTENT_TYPE, "text/plain")
            .body(Body::from(p.to_string()))
            .unwrap();
        assert_eq!(send(&r, no_header).await.0, StatusCode::CREATED);
        let mut p = payload("reg00002", "creg0002", "accept-all");
        p["region"] = json!("US-CA");
        assert_eq!(
            send(&r, post(p.to_string(), "x")).await.0,
            StatusCode::CREATED
        );
        let (_, body) = send(&r, get("/noren/admin/api/records", Some(TOKEN))).await;
        let v: Value = serde_json::from_str(&body).unwrap();
        let regions: Vec<&Value> = v["records"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| &x["region"])
            .collect();
        assert_eq!(regions, [&json!("JP"), &json!("US-CA")], "newest first");
        assert_eq!(
            v["records"][1]["record"]["region"], "US-CA",
            "kept in the record"
        );
        store.close().await;
    }
}

#[tokio::test]
async fn health_says_when_the_database_is_gone() {
    for db in databases().await {
        let (r, store) = server(&db, 1000).await;
        let (s, body) = send(&r, get("/healthz", None)).await;
        assert_eq!(
            (s, body.contains("\"ok\"")),
            (StatusCode::OK, true),
            "{body}"
        );
        store.close().await;
        let (s, body) = send(&r, get("/healthz", None)).await;
        assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE, "{body}");
        assert!(body.contains("the database does not answer"), "{body}");
        let p = payload("gone0001", "consentA", "custom");
        let (s, body) = send(&r, post(p.to_string(), "x")).await;
        assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE);
        assert!(body.contains("the database refused the write"), "{body}");
    }
}

/// A fake IAB upstream on a loopback port: `mode` 0 serves a good list (max-age `age`),
/// 1 garbage, 2 errors; `hits` counts requests.
struct Upstream {
    url: String,
    mode: Arc<std::sync::atomic::AtomicU8>,
    hits: Arc<AtomicU32>,
}

async fn upstream(age: u32) -> Upstream {
    use axum::routing::get as route_get;
    use std::sync::atomic::AtomicU8;
    let mode = Arc::new(AtomicU8::new(0));
    let hits = Arc::new(AtomicU32::new(0));
    let (m, h) = (mode.clone(), hits.clone());
    let app = Router::new().route(
        "/v3/{file}",
        route_get(move |axum::extract::Path(file): axum::extract::Path<String>| {
            let (m, h) = (m.clone(), h.clone());
            async move {
                h.fetch_add(1, Ordering::SeqCst);
                let cc = [(header::CACHE_CONTROL, format!("max-age={age}"))];
                let body = match (m.load(Ordering::SeqCst), file.as_str()) {
                    (2, _) => return (StatusCode::INTERNAL_SERVER_ERROR, cc, String::new()),
                    (1, _) => "<html>maintenance</html>".to_string(),
                    (_, "vendor-list.json") => json!({
                        "gvlSpecificationVersion": 3, "vendorListVersion": 77, "tcfPolicyVersion": 5,
                        "purposes": {"1": {"id": 1, "name": "Store and/or access information on a device", "description": "D"}},
                        "vendors": {"8": {"id": 8, "name": "Vendor 8", "purposes": [1], "legIntPurposes": [], "flexiblePurposes": [], "specialPurposes": [], "features": [], "specialFeatures": []}}
                    }).to_string(),
                    (_, "purposes-ja.json") => json!({"purposes": {"1": {"id": 1, "name": "端末に情報を保存・アクセスする", "description": "説明"}}}).to_string(),
                    _ => return (StatusCode::NOT_FOUND, cc, String::new()),
                };
                (StatusCode::OK, cc, body)
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/v3/", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Upstream { url, mode, hits }
}

async fn gvl_server(up: &Upstream) -> Router {
    let db = databases().await.remove(0);
    let mut a = args(&db, 1000);
    a.gvl_upstream = Some(up.url.clone());
    let store = Store::open(&db, 2).await.unwrap();
    router(Arc::new(App::new(&a, store, None)))
        .layer(MockConnectInfo(SocketAddr::from(([127, 0, 0, 1], 9))))
}

#[tokio::test]
async fn the_vendor_list_is_cached_for_its_max_age_and_translated() {
    let up = upstream(3600).await;
    let r = gvl_server(&up).await;
    for _ in 0..3 {
        let (s, body) = send(&r, get("/noren/vendor-list.json", None)).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        assert_eq!(
            serde_json::from_str::<Value>(&body).unwrap()["vendorListVersion"],
            77
        );
    }
    assert_eq!(
        up.hits.load(Ordering::SeqCst),
        1,
        "one upstream request while fresh"
    );
    let (s, body) = send(&r, get("/noren/vendor-list-ja.json", None)).await;
    assert_eq!(s, StatusCode::OK);
    let ja: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        ja["purposes"]["1"]["name"],
        "端末に情報を保存・アクセスする"
    );
    assert_eq!(ja["vendors"]["8"]["name"], "Vendor 8");
    // The banner's {lang} for a regional or script variant: the language's translation.
    let (s, body) = send(&r, get("/noren/vendor-list-ja-jp.json", None)).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap(), ja);
    let en = send(&r, get("/noren/vendor-list-en.json", None)).await;
    assert_eq!(
        serde_json::from_str::<Value>(&en.1).unwrap()["purposes"]["1"]["description"],
        "D"
    );
    assert_eq!(
        send(&r, get("/noren/vendor-list-../x.json", None)).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        send(&r, get("/noren/other.json", None)).await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_last_good_vendor_list_outlives_a_failing_upstream() {
    let up = upstream(0).await;
    let r = gvl_server(&up).await;
    up.mode.store(2, Ordering::SeqCst);
    let (s, body) = send(&r, get("/noren/vendor-list.json", None)).await;
    assert_eq!(s, StatusCode::BAD_GATEWAY, "no good copy yet: {body}");
    up.mode.store(0, Ordering::SeqCst);
    assert_eq!(
        send(&r, get("/noren/vendor-list.json", None)).await.0,
        StatusCode::OK
    );
    for mode in [1, 2] {
        up.mode.store(mode, Ordering::SeqCst);
        let res = r
            .clone()
            .oneshot(get("/noren/vendor-list.json", None))
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "mode {mode}");
        assert!(res.headers().contains_key("x-noren-stale"));
        let body = res.into_body().collect().await.unwrap().to_bytes();
        assert_eq!(
            serde_json::from_slice::<Value>(&body).unwrap()["vendorListVersion"],
            77
        );
    }
}

#[tokio::test]
async fn region_and_gpc_come_from_the_request() {
    let db = databases().await.remove(0);
    let (r, _) = server(&db, 1000).await;
    let req = Request::get("/noren/region")
        .header("CF-IPCountry", "de")
        .header("Sec-GPC", "1")
        .body(Body::empty())
        .unwrap();
    let res = r.clone().oneshot(req).await.unwrap();
    assert_eq!(res.headers()[header::VARY], "Sec-GPC, CF-IPCountry");
    let body = res.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(
        serde_json::from_slice::<Value>(&body).unwrap(),
        json!({"region": "DE", "gpc": true})
    );
    let (_, body) = send(&r, get("/noren/region", None)).await;
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap(),
        json!({"region": null, "gpc": false})
    );
    let bogus = Request::get("/noren/region")
        .header("CF-IPCountry", "<script>")
        .body(Body::empty())
        .unwrap();
    let (_, body) = send(&r, bogus).await;
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["region"],
        Value::Null
    );
}

#[tokio::test]
async fn a_static_site_is_served_with_its_policy_on_pages() {
    let db = databases().await.remove(0);
    let dir = std::env::temp_dir().join(format!("noren-site-{}", std::process::id()));
    let (site, dist) = (dir.join("www"), dir.join("dist"));
    std::fs::create_dir_all(site.join("en")).unwrap();
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        site.join("en/index.html"),
        "<!doctype html><title>en</title>",
    )
    .unwrap();
    std::fs::write(site.join("a.css"), "body{}").unwrap();
    std::fs::write(dist.join("noren.js"), "/* loader */").unwrap();
    let mut a = args(&db, 1000);
    a.site = Some(site);
    a.dist = Some(dist);
    a.site_csp = Some("default-src 'self'; img-src 'self' https://cdn.example".into());
    let store = Store::open(&db, 2).await.unwrap();
    let r = router(Arc::new(App::new(&a, store, None)))
        .layer(MockConnectInfo(SocketAddr::from(([127, 0, 0, 1], 9))));
    let res = r.clone().oneshot(get("/en/", None)).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let policies: Vec<_> = res
        .headers()
        .get_all(header::CONTENT_SECURITY_POLICY)
        .iter()
        .collect();
    // The site's own, then Noren's: without --site-config, the strictest (no service host).
    let strictest = noren::csp::strictest(&noren::csp::Extra::default());
    assert_eq!(
        policies,
        [
            "default-src 'self'; img-src 'self' https://cdn.example",
            strictest.as_str()
        ]
    );
    let res = r.clone().oneshot(get("/a.css", None)).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(!res.headers().contains_key(header::CONTENT_SECURITY_POLICY));
    let (s, body) = send(&r, get("/noren/noren.js", None)).await;
    assert_eq!((s, body.as_str()), (StatusCode::OK, "/* loader */"));
    assert_eq!(
        send(&r, get("/noren/missing.js", None)).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        send(&r, get("/../dist/noren.js", None)).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        send(&r, get("/%2e%2e/dist/noren.js", None)).await.0,
        StatusCode::NOT_FOUND
    );
    // The server's own routes still answer.
    assert_eq!(send(&r, get("/healthz", None)).await.0, StatusCode::OK);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn site_pages_carry_the_consent_derived_policy_of_the_visitors_cookie() {
    use noren::{config::Config, consent, consent::codec, csp, json::parse_text};
    let db = databases().await.remove(0);
    let dir = std::env::temp_dir().join(format!("noren-csp-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>t</title>").unwrap();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/checker/csp.json");
    let text = std::fs::read_to_string(path).unwrap();
    let config = Config::from_json(&parse_text(&text).unwrap())
        .config
        .unwrap();
    let mut a = args(&db, 1000);
    a.site = Some(dir.clone());
    a.site_csp = Some("script-src 'self' 'nonce-abc'".into());
    let store = Store::open(&db, 2).await.unwrap();
    let mut app = App::new(&a, store, None);
    app.site_config = Some(noren_cli::server::site::read_config(path.as_ref()).unwrap());
    let r = router(Arc::new(app)).layer(MockConnectInfo(SocketAddr::from(([127, 0, 0, 1], 9))));
    let policies = |cookie: Option<String>| {
        let r = r.clone();
        async move {
            let mut b = Request::get("/");
            if let Some(c) = cookie {
                b = b.header(header::COOKIE, format!("other=1; noren={c}"));
            }
            let res = r.oneshot(b.body(Body::empty()).unwrap()).await.unwrap();
            // (The region header is configured: the page's Noren tag depends on it too.)
            assert_eq!(res.headers()[header::VARY], "Cookie, Sec-GPC, CF-IPCountry");
            res.headers()
                .get_all(header::CONTENT_SECURITY_POLICY)
                .iter()
                .map(|v| v.to_str().unwrap().to_string())
                .collect::<Vec<_>>()
        }
    };
    let now = now_ms() as f64;
    let none = consent::Consent::nothing(&config);
    let before = policies(None).await;
    assert_eq!(
        before[0], "script-src 'self' 'nonce-abc'",
        "the site's own first"
    );
    assert_eq!(
        before[1],
        csp::policy(&config, &none, &csp::Extra::default())
    );
    assert!(!before[1].contains("ads.example.org"));
    let all = consent::decide(
        &config,
        &none,
        &consent::Choice::AcceptAll,
        "AAAAAAAAAAAA".into(),
        now,
        false,
    );
    let after = policies(Some(codec::encode(&config, &all.consent))).await;
    assert_eq!(
        after[1],
        csp::policy(&config, &all.consent, &csp::Extra::default())
    );
    assert!(after[1].contains("ads.example.org"), "{}", after[1]);
    let garbage = policies(Some("1.garbage".into())).await;
    assert_eq!(garbage[1], before[1], "an unreadable cookie grants nothing");
    assert!(noren_cli::server::site::read_config(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/checker/bad.json").as_ref()
    )
    .unwrap_err()
    .contains("revision"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn site_pages_policy_follows_the_visitors_region() {
    use noren::{config::Config, consent, consent::codec, csp, json::parse_text};
    let db = databases().await.remove(0);
    let dir = std::env::temp_dir().join(format!("noren-csp-region-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>t</title>").unwrap();
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/checker/csp-regions.json"
    );
    let config = Config::from_json(&parse_text(&std::fs::read_to_string(path).unwrap()).unwrap())
        .config
        .unwrap();
    let mut a = args(&db, 1000);
    a.site = Some(dir.clone());
    let store = Store::open(&db, 2).await.unwrap();
    let mut app = App::new(&a, store, None);
    app.site_config = Some(noren_cli::server::site::read_config(path.as_ref()).unwrap());
    let r = router(Arc::new(app)).layer(MockConnectInfo(SocketAddr::from(([127, 0, 0, 1], 9))));
    // "Accept all" as the banner stores it in Japan (opt-out rules): the cookie ends in .JP.
    let jp = csp::for_region(&config, Some("JP"));
    let none = consent::Consent::nothing(&jp);
    let all = consent::decide(
        &jp,
        &none,
        &consent::Choice::AcceptAll,
        "AAAAAAAAAAAA".into(),
        now_ms() as f64,
        false,
    );
    let cookie = codec::encode(&jp, &all.consent);
    let policy = |region: Option<&str>| {
        let r = r.clone();
        let mut b = Request::get("/").header(header::COOKIE, format!("noren={cookie}"));
        if let Some(v) = region {
            b = b.header("CF-IPCountry", v);
        }
        let req = b.body(Body::empty()).unwrap();
        async move {
            let res = r.oneshot(req).await.unwrap();
            res.headers()[header::CONTENT_SECURITY_POLICY]
                .to_str()
                .unwrap()
                .to_string()
        }
    };
    let eu = csp::for_region(&config, Some("DE"));
    let asked_again = csp::policy(&eu, &consent::Consent::nothing(&eu), &csp::Extra::default());
    // In Japan (the CDN's header, any case) and the US (as lax): the choice's hosts.
    for region in ["JP", "jp", "US"] {
        let p = policy(Some(region)).await;
        assert_eq!(
            p,
            csp::policy(&jp, &all.consent, &csp::Extra::default()),
            "{region}"
        );
        assert!(p.contains(" ads.example.org"), "{region}");
    }
    // In Germany, with no header, or with one that names no region (the strictest rules): the
    // banner asks again there, so no host opens.
    for region in [Some("DE"), None, Some("XX"), Some("<b>")] {
        assert_eq!(policy(region).await, asked_again, "{region:?}");
    }
    // A page too large to get the region on its tag has a banner under the strictest rules:
    // its policy is the strictest too, whatever the region header says.
    let big = format!(
        "<!doctype html><script src=\"/noren/noren.js\"></script>{}",
        " ".repeat(5 << 20)
    );
    std::fs::write(dir.join("big.html"), big).unwrap();
    let req = Request::get("/big.html")
        .header(header::COOKIE, format!("noren={cookie}"))
        .header("CF-IPCountry", "JP")
        .body(Body::empty())
        .unwrap();
    let res = r.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()[header::CONTENT_SECURITY_POLICY],
        asked_again.as_str()
    );
    // /noren/csp (nginx auth_request, edge functions) answers the same policy, in a header.
    for region in [Some("JP"), Some("US"), Some("DE"), None, Some("XX")] {
        let mut b = Request::get("/noren/csp").header(header::COOKIE, format!("noren={cookie}"));
        if let Some(v) = region {
            b = b.header("CF-IPCountry", v);
        }
        let res = r
            .clone()
            .oneshot(b.body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
        assert_eq!(res.headers()[header::VARY], "Cookie, Sec-GPC, CF-IPCountry");
        assert_eq!(res.headers()[header::CACHE_CONTROL], "private, no-store");
        assert_eq!(
            res.headers()["x-noren-csp"],
            policy(region).await.as_str(),
            "{region:?}"
        );
    }
    let res = r
        .clone()
        .oneshot(Request::get("/noren/csp").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(
        res.headers()["x-noren-csp"],
        asked_again.as_str(),
        "no cookie: no host"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn site_pages_carry_the_visitors_region_on_norens_tag_only() {
    let db = databases().await.remove(0);
    let dir = std::env::temp_dir().join(format!("noren-region-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let page = concat!(
        "<!doctype html><title>shop</title>",
        "<script src=\"/noren/noren.js\" data-config=\"/consent.json\"></script>",
        "<script src=\"/app.js\"></script>",
        "<!-- <script src=\"/noren/noren.js\"></script> -->"
    );
    std::fs::write(dir.join("index.html"), page).unwrap();
    std::fs::write(dir.join("app.js"), "/* <script src=\"/noren/noren.js\"> */").unwrap();
    let mut a = args(&db, 1000);
    a.site = Some(dir.clone());
    let store = Store::open(&db, 2).await.unwrap();
    let r = router(Arc::new(App::new(&a, store, None)))
        .layer(MockConnectInfo(SocketAddr::from(([127, 0, 0, 1], 9))));
    let visit = |path: &str, region: Option<&str>| {
        let mut b = Request::get(path);
        if let Some(v) = region {
            b = b.header("CF-IPCountry", v);
        }
        let req = b.body(Body::empty()).unwrap();
        let r = r.clone();
        async move {
            let res = r.oneshot(req).await.unwrap();
            let headers = res.headers().clone();
            let body = res.into_body().collect().await.unwrap().to_bytes();
            (headers, String::from_utf8(body.to_vec()).unwrap())
        }
    };
    // With the header: Noren's tag (only) gets it; the page's validators go, Vary names it.
    for (value, code) in [("de", "DE"), ("US-CA", "US-CA")] {
        let (h, body) = visit("/", Some(value)).await;
        assert_eq!(
            body,
            page.replacen(
                "data-config=\"/consent.json\">",
                &format!("data-config=\"/consent.json\" data-region=\"{code}\">"),
                1
            )
        );
        assert!(!h.contains_key(header::ETAG) && !h.contains_key(header::LAST_MODIFIED));
        assert_eq!(h[header::VARY], "Cookie, Sec-GPC, CF-IPCountry");
    }
    // Without it, or with a value that is not a region: the page as it is.
    for value in [
        None,
        Some("XX"),
        Some("\"><script>alert(1)</script>"),
        Some("DE\" onload=\"alert(1)"),
    ] {
        let (_, body) = visit("/index.html", value).await;
        assert_eq!(body, page, "{value:?}");
    }
    // Other files are not touched.
    let (_, body) = visit("/app.js", Some("DE")).await;
    assert_eq!(body, "/* <script src=\"/noren/noren.js\"> */");
    std::fs::remove_dir_all(&dir).unwrap();
}
