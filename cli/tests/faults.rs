//! Faults: the database restarting under load (no record answered 2xx is lost, the chain stays
//! whole) and a database that cannot be written — read-only, or on a full disk — (a clear
//! 503, health says why). Separate from
//! tests/server.rs because it restarts the shared PostgreSQL cluster.
#![cfg(not(target_arch = "wasm32"))]

use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use noren_cli::server::store::Store;
use noren_cli::server::{now_ms, router, App, ServeArgs};
use serde_json::json;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;

fn app(database: &str, store: Store) -> Router {
    use clap::Parser;
    #[derive(Parser)]
    struct T {
        #[command(flatten)]
        a: ServeArgs,
    }
    let mut t = T::parse_from(["t", "--records-per-minute", "1000000"]);
    t.a.database = database.into();
    router(Arc::new(App::new(&t.a, store, None)))
        .layer(MockConnectInfo(SocketAddr::from(([127, 0, 0, 1], 9))))
}

fn record(id: &str) -> Request<Body> {
    let body = json!({
        "version": 1, "id": id, "consentId": format!("c{id}"),
        "time": noren::consent::record::iso_time(now_ms() as f64), "action": "custom", "regime": "opt-in",
        "revision": 1, "language": "en", "categories": {"necessary": true}, "services": {},
        "personalData": [], "signals": {"gpc": false}, "url": "https://shop.example/", "cmp": "noren/0.1.0"
    });
    Request::post("/noren/records")
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from(body.to_string()))
        .unwrap()
}

async fn send(r: &Router, req: Request<Body>) -> (StatusCode, String) {
    let res = r.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_postgres_restart_under_load_loses_no_acknowledged_record() {
    let (Ok(base), Ok(dir), Ok(bin)) = (
        std::env::var("NOREN_TEST_POSTGRES_URL"),
        std::env::var("NOREN_PG_DIR"),
        std::env::var("NOREN_PG_BIN"),
    ) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "run through scripts/test.sh"
        );
        eprintln!("no PostgreSQL cluster: skipped");
        return;
    };
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut c = sqlx::AnyConnection::connect(&base).await.unwrap();
    sqlx::query("DROP DATABASE IF EXISTS noren_faults")
        .execute(&mut c)
        .await
        .unwrap();
    sqlx::query("CREATE DATABASE noren_faults")
        .execute(&mut c)
        .await
        .unwrap();
    c.close().await.unwrap();
    let url = format!("{}/noren_faults", base.rsplit_once('/').unwrap().0);
    let started = postmaster_start(&base).await;
    let store = Store::open(&url, 8).await.unwrap();
    let r = app(&url, store.clone());

    // Eight clients send records for about three seconds; the cluster restarts in between.
    let clients: Vec<_> = (0..8)
        .map(|client| {
            let r = r.clone();
            tokio::spawn(async move {
                let (mut acked, mut refused, mut slowest) = (Vec::new(), 0, Duration::ZERO);
                for i in 0..120 {
                    let id = format!("flt{client}x{i:04}");
                    let sent = std::time::Instant::now();
                    match send(&r, record(&id)).await.0 {
                        s if s.is_success() => acked.push(id),
                        StatusCode::SERVICE_UNAVAILABLE => refused += 1,
                        other => panic!("unexpected {other}"),
                    }
                    slowest = slowest.max(sent.elapsed());
                    tokio::time::sleep(Duration::from_millis(25)).await;
                }
                (acked, refused, slowest)
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(700)).await;
    // An immediate stop (as a crash would), then a start; the server's output goes to its log
    // (a pipe would be held open by the new server).
    let restart = tokio::task::spawn_blocking(move || {
        let pg_ctl = format!("{bin}/pg_ctl");
        let mut cmd = if is_root() {
            let mut c = std::process::Command::new("runuser");
            c.args(["-u", "postgres", "--", &pg_ctl]);
            c
        } else {
            std::process::Command::new(&pg_ctl)
        };
        let (data, log) = (format!("{dir}/data"), format!("{dir}/log"));
        cmd.args(["-D", &data, "-l", &log, "-m", "immediate", "-w", "restart"])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .expect("pg_ctl runs")
    });
    assert!(restart.await.unwrap().success(), "pg_ctl restart");
    let (mut acked, mut refused, mut slowest) = (Vec::new(), 0, Duration::ZERO);
    for c in clients {
        let (a, r, s) = c.await.unwrap();
        acked.extend(a);
        refused += r;
        slowest = slowest.max(s);
    }
    // The cluster really restarted, and the clients felt it: requests were refused (503), or
    // waited for the database to come back (a quiet machine restarts it faster than the pool
    // gives up).
    assert_ne!(
        postmaster_start(&base).await,
        started,
        "the cluster restarted"
    );
    assert!(
        refused > 0 || slowest >= Duration::from_millis(100),
        "the restart was felt (else the test proves nothing): {refused} refused, slowest {slowest:?}"
    );
    assert!(
        acked.len() > 500,
        "most records went through: {}",
        acked.len()
    );
    for id in &acked {
        let stored = store.by_consent(&format!("c{id}")).await.unwrap();
        assert_eq!(stored.len(), 1, "{id} was acknowledged, so it is stored");
    }
    let v = store.verify().await.unwrap();
    assert_eq!(v.broken, None);
    assert!(v.count >= acked.len() as u64);
    // Health is back to ok once the database answers again.
    let (s, body) = send(&r, Request::get("/healthz").body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    store.close().await;
}

/// When the PostgreSQL server last started (changes with every restart).
async fn postmaster_start(url: &str) -> String {
    use sqlx::{Connection, Row};
    let mut c = sqlx::AnyConnection::connect(url).await.unwrap();
    let row = sqlx::query("SELECT pg_postmaster_start_time()::text AS t")
        .fetch_one(&mut c)
        .await
        .unwrap();
    let t: String = row.get("t");
    c.close().await.unwrap();
    t
}

fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

#[tokio::test]
async fn a_read_only_database_is_a_clear_503_and_health_says_so() {
    let dir = std::env::temp_dir().join(format!("noren-ro-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("records.db");
    let rw = Store::open(&format!("sqlite:{}", path.display()), 1)
        .await
        .unwrap();
    rw.close().await;
    // (As root, file permissions do not stop writes: open it read-only instead.)
    let url = format!("sqlite:{}?mode=ro", path.display());
    let store = Store::open(&url, 2).await.unwrap();
    let r = app(&url, store);
    let (s, body) = send(&r, record("readonly01")).await;
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        body.contains("the database refused the write") && body.contains("readonly"),
        "{body}"
    );
    let (s, body) = send(&r, Request::get("/healthz").body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE);
    assert!(body.contains("readonly"), "{body}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A tmpfs mounted for a test, unmounted (and its folder removed) when dropped.
struct Mounted(std::path::PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A full disk, for real: the database on a 2 MiB tmpfs, filled up by another file while the
/// server runs. Records are refused with a clear 503 (SQLite's "database or disk is full",
/// from the kernel's ENOSPC), nothing half-written, /healthz says why; once space is freed,
/// writes and health come back. Needs the right to mount (root here); skipped, saying so,
/// without it.
#[cfg(target_os = "linux")]
#[tokio::test]
async fn a_full_disk_is_a_clear_503_and_health_says_so() {
    let dir = std::env::temp_dir().join(format!("noren-full-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"])
        .arg(&dir)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(
            std::env::var_os("CI").is_none() || !is_root(),
            "root could not mount a tmpfs"
        );
        eprintln!("cannot mount a tmpfs (not root?): the full-disk test is skipped");
        return;
    }
    let _guard = Mounted(dir.clone());
    let url = format!("sqlite:{}", dir.join("records.db").display());
    let store = Store::open(&url, 2).await.unwrap();
    let r = app(&url, store.clone());
    assert_eq!(send(&r, record("beforefull1")).await.0, StatusCode::CREATED);
    // The disk fills up.
    let filler = dir.join("filler");
    {
        use std::io::Write;
        let mut f = std::fs::File::create(&filler).unwrap();
        let chunk = vec![0u8; 4096];
        while f.write_all(&chunk).is_ok() {}
        let _ = f.sync_all();
    }
    let (s, body) = send(&r, record("whenfull01")).await;
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(
        body.contains("the database refused the write") && body.contains("disk is full"),
        "{body}"
    );
    let (s, body) = send(&r, Request::get("/healthz").body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE);
    assert!(body.contains("disk is full"), "{body}");
    // What was stored before is whole; the refused record is not there.
    assert_eq!(store.by_consent("cbeforefull1").await.unwrap().len(), 1);
    assert!(store.by_consent("cwhenfull01").await.unwrap().is_empty());
    // Space comes back: so do writes, and health.
    std::fs::remove_file(&filler).unwrap();
    let (s, body) = send(&r, record("afterfull01")).await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let (s, body) = send(&r, Request::get("/healthz").body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let v = store.verify().await.unwrap();
    assert_eq!((v.count, v.broken), (2, None));
    store.close().await;
}
