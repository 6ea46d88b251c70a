//! The records' storage: SQLite (a file, the default) or PostgreSQL, through sqlx's `Any`
//! driver and its runtime query API (no compile-time checked queries). Migrations are embedded
//! from cli/migrations/<backend>/ and applied at start.

use super::chain::{self, Broken, Row, Verifier, GENESIS};
use super::record::Valid;
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::migrate::{Migration, MigrationSource, MigrationType, Migrator};
use sqlx::{AnyPool, Row as _};
use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;

/// Which database a URL names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

impl Backend {
    /// The backend of a database URL, or why it has none.
    pub fn of(url: &str) -> Result<Backend, String> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(format!(
                "--database {url:?}: expected sqlite:FILE or postgres://USER@HOST/DB"
            ))
        }
    }

    fn migrations(self) -> &'static [(i64, &'static str, &'static str)] {
        match self {
            Backend::Sqlite => &[(
                1,
                "records",
                include_str!("../../migrations/sqlite/0001_records.sql"),
            )],
            Backend::Postgres => &[(
                1,
                "records",
                include_str!("../../migrations/postgres/0001_records.sql"),
            )],
        }
    }
}

/// The migrations compiled into the binary.
#[derive(Debug)]
struct Embedded(Backend);

impl MigrationSource<'static> for Embedded {
    #[allow(clippy::type_complexity)]
    fn resolve(
        self,
    ) -> Pin<
        Box<
            dyn Future<Output = Result<Vec<Migration>, Box<dyn std::error::Error + Send + Sync>>>
                + Send,
        >,
    > {
        let list = self
            .0
            .migrations()
            .iter()
            .map(|(version, name, sql)| {
                Migration::new(
                    *version,
                    Cow::Borrowed(*name),
                    MigrationType::Simple,
                    Cow::Borrowed(*sql),
                    false,
                )
            })
            .collect();
        Box::pin(async move { Ok(list) })
    }
}

/// What became of a record sent for storage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Appended {
    /// Stored (committed) as row `seq`.
    Stored(i64),
    /// The same record was already stored: nothing written.
    Duplicate,
    /// A different record with the same id is stored: nothing written.
    Conflict,
}

/// A search of the records (every field optional).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    /// One consent's records.
    pub consent_id: Option<String>,
    /// Received at or after (ms since the epoch).
    pub from_ms: Option<i64>,
    /// Received before (ms since the epoch).
    pub to_ms: Option<i64>,
    /// One action (its payload name).
    pub action: Option<String>,
}

/// The outcome of `verify`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    /// Rows verified.
    pub count: u64,
    /// The anchor the walk started from (0 without purges).
    pub anchor: i64,
    /// The first broken link, if any.
    pub broken: Option<Broken>,
}

/// The records' database.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    /// Which database it is.
    pub backend: Backend,
}

const COLUMNS: &str = "seq, record_id, consent_id, time_ms, received_ms, action, region, \
                       language, body, prev_hash, hash";

fn row(r: &AnyRow) -> Result<Row, sqlx::Error> {
    Ok(Row {
        seq: r.try_get("seq")?,
        record_id: r.try_get("record_id")?,
        consent_id: r.try_get("consent_id")?,
        time_ms: r.try_get("time_ms")?,
        received_ms: r.try_get("received_ms")?,
        action: r.try_get("action")?,
        region: r.try_get("region")?,
        language: r.try_get("language")?,
        body: r.try_get("body")?,
        prev_hash: r.try_get("prev_hash")?,
        hash: r.try_get("hash")?,
    })
}

impl Store {
    /// Connects (creating a SQLite file when missing) and applies the migrations.
    pub async fn open(url: &str, max_connections: u32) -> Result<Store, String> {
        let backend = Backend::of(url)?;
        sqlx::any::install_default_drivers();
        let url = match backend {
            Backend::Sqlite if !url.contains('?') => format!("{url}?mode=rwc"),
            _ => url.to_string(),
        };
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(std::time::Duration::from_secs(5))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL: readers never wait for the writer; FULL: a commit is on disk
                        // before the answer goes out.
                        for pragma in [
                            "PRAGMA journal_mode = WAL",
                            "PRAGMA synchronous = FULL",
                            "PRAGMA busy_timeout = 5000",
                        ] {
                            sqlx::query(pragma).execute(&mut *conn).await?;
                        }
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await
            .map_err(|e| format!("cannot open the database: {e}"))?;
        let migrator = Migrator::new(Embedded(backend))
            .await
            .map_err(|e| format!("cannot read the migrations: {e}"))?;
        migrator
            .run(&pool)
            .await
            .map_err(|e| format!("cannot migrate the database: {e}"))?;
        Ok(Store { pool, backend })
    }

    /// Closes the pool (waits for connections in use).
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Whether the connection to the database is encrypted: for PostgreSQL, TLS as the
    /// server sees it (`pg_stat_ssl`); `None` for SQLite (a local file).
    pub async fn encrypted(&self) -> Result<Option<bool>, sqlx::Error> {
        if self.backend == Backend::Sqlite {
            return Ok(None);
        }
        let row = sqlx::query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            .fetch_one(&self.pool)
            .await?;
        Ok(Some(row.try_get("ssl")?))
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map(|_| ())
    }

    /// Appends a record at the chain's head in one transaction; returns after the commit.
    pub async fn append(
        &self,
        v: &Valid,
        received_ms: i64,
        region: &str,
    ) -> Result<Appended, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        // Taking the head first serializes writers (a row lock in PostgreSQL, the write lock
        // in SQLite), so the duplicate check below sees every committed record.
        let head =
            sqlx::query("UPDATE chain_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
                .fetch_one(&mut *tx)
                .await?;
        let seq: i64 = head.try_get("seq")?;
        let prev: String = head.try_get("hash")?;
        let p = &v.payload;
        let existing = sqlx::query("SELECT body FROM records WHERE record_id = $1")
            .bind(&p.id)
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(existing) = existing {
            tx.rollback().await?;
            let body: String = existing.try_get("body")?;
            return Ok(if body == v.body {
                Appended::Duplicate
            } else {
                Appended::Conflict
            });
        }
        let mut r = Row {
            seq,
            record_id: p.id.clone(),
            consent_id: p.consent_id.clone(),
            time_ms: v.time_ms,
            received_ms,
            action: p.action.name().into(),
            region: region.into(),
            language: p.language.clone(),
            body: v.body.clone(),
            prev_hash: prev,
            hash: String::new(),
        };
        r.hash = chain::hash(&r.prev_hash, &r);
        sqlx::query(&format!(
            "INSERT INTO records ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
        ))
        .bind(r.seq)
        .bind(&r.record_id)
        .bind(&r.consent_id)
        .bind(r.time_ms)
        .bind(r.received_ms)
        .bind(&r.action)
        .bind(&r.region)
        .bind(&r.language)
        .bind(&r.body)
        .bind(&r.prev_hash)
        .bind(&r.hash)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE chain_head SET hash = $1 WHERE id = 1")
            .bind(&r.hash)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Appended::Stored(seq))
    }

    /// One consent's records (their payloads), oldest first.
    pub async fn by_consent(&self, consent_id: &str) -> Result<Vec<String>, sqlx::Error> {
        let rows = sqlx::query("SELECT body FROM records WHERE consent_id = $1 ORDER BY seq")
            .bind(consent_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| r.try_get("body")).collect()
    }

    /// The rows a filter selects, newest first, at most `limit`.
    pub async fn search(&self, f: &Filter, limit: i64) -> Result<Vec<Row>, sqlx::Error> {
        let mut sql = format!("SELECT {COLUMNS} FROM records WHERE 1 = 1");
        let mut n = 0;
        let mut next = |sql: &mut String, clause: &str| {
            n += 1;
            sql.push_str(&clause.replace('?', &format!("${n}")));
        };
        if f.consent_id.is_some() {
            next(&mut sql, " AND consent_id = ?");
        }
        if f.from_ms.is_some() {
            next(&mut sql, " AND received_ms >= ?");
        }
        if f.to_ms.is_some() {
            next(&mut sql, " AND received_ms < ?");
        }
        if f.action.is_some() {
            next(&mut sql, " AND action = ?");
        }
        next(&mut sql, " ORDER BY seq DESC LIMIT ?");
        let mut q = sqlx::query(&sql);
        if let Some(c) = &f.consent_id {
            q = q.bind(c.clone());
        }
        if let Some(t) = f.from_ms {
            q = q.bind(t);
        }
        if let Some(t) = f.to_ms {
            q = q.bind(t);
        }
        if let Some(a) = &f.action {
            q = q.bind(a.clone());
        }
        let rows = q.bind(limit).fetch_all(&self.pool).await?;
        rows.iter().map(row).collect()
    }

    async fn anchor(&self) -> Result<(i64, String), sqlx::Error> {
        let a = sqlx::query("SELECT seq, hash FROM anchors ORDER BY seq DESC LIMIT 1")
            .fetch_optional(&self.pool)
            .await?;
        match a {
            Some(a) => Ok((a.try_get("seq")?, a.try_get("hash")?)),
            None => Ok((0, GENESIS.to_string())),
        }
    }

    /// Walks the chain from the last anchor to the head, 1,000 rows at a time.
    pub async fn verify(&self) -> Result<Verified, sqlx::Error> {
        let (anchor, hash) = self.anchor().await?;
        let mut v = Verifier::new(anchor, &hash);
        let mut after = anchor;
        loop {
            let batch = sqlx::query(&format!(
                "SELECT {COLUMNS} FROM records WHERE seq > $1 ORDER BY seq LIMIT 1000"
            ))
            .bind(after)
            .fetch_all(&self.pool)
            .await?;
            let Some(last) = batch.last() else { break };
            after = last.try_get("seq")?;
            for r in &batch {
                if let Err(broken) = v.next(&row(r)?) {
                    return Ok(Verified {
                        count: v.count,
                        anchor,
                        broken: Some(broken),
                    });
                }
            }
        }
        let head = sqlx::query("SELECT seq, hash FROM chain_head WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        let (head_seq, head_hash): (i64, String) = (head.try_get("seq")?, head.try_get("hash")?);
        let (seq, hash) = v.head();
        let broken = (head_seq != seq || head_hash != hash).then(|| Broken {
            seq: seq + 1,
            record_id: String::new(),
            problem: format!("the chain ends at row {seq} but its head is row {head_seq} (rows were removed from the end)"),
        });
        Ok(Verified {
            count: v.count,
            anchor,
            broken,
        })
    }

    /// Purges the records received before `before_ms`: the oldest rows up to the first one
    /// that is newer, leaving an anchor (the last purged row's sequence number and hash) from
    /// which the rest still verifies. Refuses to purge a chain that does not verify (that would
    /// erase the evidence). Returns how many rows went.
    pub async fn purge(&self, before_ms: i64, now_ms: i64) -> Result<u64, String> {
        let checked = self.verify().await.map_err(|e| e.to_string())?;
        if let Some(b) = checked.broken {
            return Err(format!(
                "the chain is broken at row {} ({}): not purging",
                b.seq, b.problem
            ));
        }
        let run = async {
            let mut tx = self.pool.begin().await?;
            let head = sqlx::query("UPDATE chain_head SET seq = seq WHERE id = 1 RETURNING seq")
                .fetch_one(&mut *tx)
                .await?;
            let head: i64 = head.try_get("seq")?;
            let first_kept =
                sqlx::query("SELECT MIN(seq) AS seq FROM records WHERE received_ms >= $1")
                    .bind(before_ms)
                    .fetch_one(&mut *tx)
                    .await?;
            let first_kept: Option<i64> = first_kept.try_get("seq")?;
            let last = first_kept.map_or(head, |s| s - 1);
            let last_row = sqlx::query("SELECT hash FROM records WHERE seq = $1")
                .bind(last)
                .fetch_optional(&mut *tx)
                .await?;
            let Some(last_row) = last_row else {
                tx.rollback().await?;
                return Ok::<u64, sqlx::Error>(0);
            };
            let hash: String = last_row.try_get("hash")?;
            let gone = sqlx::query("DELETE FROM records WHERE seq <= $1")
                .bind(last)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            sqlx::query(
                "INSERT INTO anchors (seq, hash, purged, purged_ms) VALUES ($1, $2, $3, $4)",
            )
            .bind(last)
            .bind(hash)
            .bind(gone as i64)
            .bind(now_ms)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(gone)
        };
        run.await.map_err(|e| e.to_string())
    }
}
