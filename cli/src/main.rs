//! `noren`: the config checker for site owners, built from the same core as the banner, and
//! the Noren server.
//!
//! ```text
//! noren check consent.json [--deny-warnings]
//! noren disclosure consent.json [--lang ja|en]
//! noren gpc [--date YYYY-MM-DD]
//! noren csp CONFIG.json [--cookie VALUE] [--gpc] [--module-origin URL]
//! noren serve [--database sqlite:noren.db|postgres://…] [--listen 127.0.0.1:8787] …
//! noren records verify|purge --database …
//! ```

use clap::{Parser, Subcommand};
use noren_cli::checker::{self, Outcome};
use std::io::Write;
use std::process::ExitCode;

/// Noren's command line: check a consent config, print the pages it makes, run the server.
#[derive(Parser)]
#[command(name = "noren", version, about, arg_required_else_help = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Prints every error, warning and legal gap of a config (exit 1 on errors).
    Check {
        /// The config file.
        config: String,
        /// Exit 1 on warnings and legal gaps too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Prints the external-transmission notice (外部送信について) as a standalone page.
    Disclosure {
        /// The config file.
        config: String,
        /// A language tag: a built-in language (ja, en, de, …) or one the config's texts add (default: the config's language, else ja).
        #[arg(long)]
        lang: Option<String>,
    },
    /// Prints the Global Privacy Control resource for /.well-known/gpc.json.
    Gpc {
        /// Its lastUpdate (YYYY-MM-DD; default today).
        #[arg(long)]
        date: Option<String>,
    },
    /// Prints the Content-Security-Policy of the browser-enforced barrier for a choice.
    Csp {
        /// The config file.
        config: String,
        /// The `noren` cookie's value (none: before any choice).
        #[arg(long)]
        cookie: Option<String>,
        /// The visitor sends Global Privacy Control.
        #[arg(long)]
        gpc: bool,
        /// The origin Noren's files come from when it is not the page's (https://cdn…).
        #[arg(long)]
        module_origin: Option<String>,
    },
    /// Runs the Noren server: consent records, the admin page, health.
    Serve(noren_cli::server::ServeArgs),
    /// Works on stored consent records.
    Records {
        #[command(subcommand)]
        command: Records,
    },
}

#[derive(Subcommand)]
enum Records {
    /// Walks the hash chain and names the first broken link (exit 1 if any).
    Verify {
        /// The records' database.
        #[arg(long, env = "NOREN_DATABASE", default_value = "sqlite:noren.db")]
        database: String,
    },
    /// Purges records older than a number of days, leaving a verifiable chain.
    Purge {
        /// The records' database.
        #[arg(long, env = "NOREN_DATABASE", default_value = "sqlite:noren.db")]
        database: String,
        /// Keep this many days.
        #[arg(long)]
        older_than_days: u32,
    },
}

fn emit(o: Outcome) -> ExitCode {
    // A closed pipe is not worth a panic.
    let _ = std::io::stdout().write_all(o.stdout.as_bytes());
    let _ = std::io::stderr().write_all(o.stderr.as_bytes());
    ExitCode::from(o.code)
}

fn load(path: &str) -> Result<noren::config::Parsed, Outcome> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| checker::usage(&format!("cannot read {path}: {e}")))?;
    checker::parse(path, &text).map_err(|e| checker::usage(&e))
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
    let cli = Cli::parse();
    match cli.command {
        Command::Check {
            config,
            deny_warnings,
        } => match load(&config) {
            Ok(parsed) => emit(checker::check(&config, &parsed, deny_warnings)),
            Err(o) => emit(o),
        },
        Command::Disclosure { config, lang } => match load(&config) {
            Ok(parsed) => emit(checker::disclosure(parsed, lang.as_deref())),
            Err(o) => emit(o),
        },
        Command::Gpc { date } => {
            let today = noren::consent::record::iso_time(noren_cli::server::now_ms() as f64);
            emit(checker::gpc(date.as_deref(), &today))
        }
        Command::Csp {
            config,
            cookie,
            gpc,
            module_origin,
        } => {
            if let Some(o) = module_origin
                .as_deref()
                .filter(|o| !checker::is_module_origin(o))
            {
                return emit(checker::usage(&format!("{o:?} is not an http(s) origin")));
            }
            match load(&config) {
                Ok(parsed) => emit(checker::csp(
                    parsed,
                    cookie.as_deref(),
                    gpc,
                    module_origin.as_deref(),
                    noren_cli::server::now_ms() as f64,
                )),
                Err(o) => emit(o),
            }
        }
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
