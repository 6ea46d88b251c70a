//! `noren`: the config checker for site owners, built from the same core as the banner, and
//! the Noren server.
//!
//! ```text
//! noren check consent.json [--deny-warnings]
//! noren disclosure consent.json [--lang ja|en]
//! noren gpc [--date YYYY-MM-DD]
//! noren csp CONFIG.json [--cookie VALUE] [--gpc] [--module-origin URL] [--region CODE]
//! noren serve [--database sqlite:noren.db|postgres://…] [--listen 127.0.0.1:8787] …
//! noren records verify|purge --database …
//! ```

use clap::Parser;
use noren_check::cli::{self, Cli, Command, Records};
use noren_check::Outcome;
use std::io::Write;
use std::process::ExitCode;

fn emit(o: Outcome) -> ExitCode {
    // A closed pipe is not worth a panic.
    let _ = std::io::stdout().write_all(o.stdout.as_bytes());
    let _ = std::io::stderr().write_all(o.stderr.as_bytes());
    ExitCode::from(o.code)
}

/// The checker commands' files and clock: this machine's.
struct Native;

impl cli::Host for Native {
    fn read(&self, path: &str) -> Result<String, String> {
        std::fs::read_to_string(path).map_err(|e| e.to_string())
    }
    fn now_ms(&self) -> f64 {
        noren_cli::server::now_ms() as f64
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("the tokio runtime starts")
}

fn records(command: Records) -> ExitCode {
    use noren_cli::server::{now_ms, store::Store};
    let rt = runtime();
    let run = async {
        match command {
            Records::Verify { database } => {
                let store = Store::open(&database, 1).await?;
                let v = store.verify().await.map_err(|e| e.to_string())?;
                store.close().await;
                match v.broken {
                    None => {
                        println!(
                            "ok: {} record(s) verified from row {} (the {})",
                            v.count,
                            v.anchor + 1,
                            if v.anchor == 0 {
                                "start"
                            } else {
                                "last purge's anchor"
                            }
                        );
                        Ok(ExitCode::SUCCESS)
                    }
                    Some(b) => {
                        println!(
                            "broken: row {} (record {}): {}",
                            b.seq,
                            if b.record_id.is_empty() {
                                "-"
                            } else {
                                &b.record_id
                            },
                            b.problem
                        );
                        Ok(ExitCode::from(1))
                    }
                }
            }
            Records::Purge {
                database,
                older_than_days,
            } => {
                let store = Store::open(&database, 1).await?;
                let now = now_ms();
                let n = store
                    .purge(now - i64::from(older_than_days) * 86_400_000, now)
                    .await?;
                store.close().await;
                println!("purged {n} record(s); the rest verifies from the new anchor");
                Ok(ExitCode::SUCCESS)
            }
        }
    };
    rt.block_on(run).unwrap_or_else(|e: String| {
        eprintln!("noren: {e}");
        ExitCode::from(2)
    })
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Checker(command) => emit(cli::run(command, &Native)),
        Command::Serve(args) => {
            noren_cli::server::init_logs(args.log_json);
            match runtime().block_on(noren_cli::server::serve(args)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    tracing::error!(problem = %e, "noren serve failed");
                    eprintln!("noren: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Records { command } => records(command),
    }
}
