//! The `noren` command line, defined once for the native `noren` (cli/, which runs every
//! command) and its Node build (checker/node/, the npm package's `noren`, which runs the
//! checker commands): both parse the same arguments and print the same help, version and
//! usage errors, byte for byte.

use crate::{usage, Outcome};
use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

/// Noren's command line: check a consent config, print the pages it makes, run the server.
#[derive(Parser)]
#[command(
    name = "noren",
    version,
    about = "The noren command: the config checker and the Noren server",
    arg_required_else_help = true
)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The `noren` commands.
#[derive(Subcommand)]
pub enum Command {
    /// The checker commands, which both builds run.
    #[command(flatten)]
    Checker(Checker),
    /// Runs the Noren server: consent records, the admin page, health.
    Serve(ServeArgs),
    /// Works on stored consent records.
    Records {
        /// What to do with them.
        #[command(subcommand)]
        command: Records,
    },
}

/// The checker commands: config in, text out; see [`run`].
#[derive(Subcommand)]
pub enum Checker {
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
        /// A language tag: a built-in language (ja, en, de, …) or one the config's texts add
        /// (default: the config's language, else ja).
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
        /// The visitor's region, as the page's data-region gets it (DE, US-CA; none or empty:
        /// unknown, the strictest rules the config declares).
        #[arg(long)]
        region: Option<String>,
    },
}

/// `noren records` commands.
#[derive(Subcommand)]
pub enum Records {
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

/// `noren serve`'s settings.
#[derive(Clone, Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8787")]
    pub listen: SocketAddr,
    /// The records' database: sqlite:FILE (created when missing) or postgres://USER@HOST/DB.
    #[arg(long, env = "NOREN_DATABASE", default_value = "sqlite:noren.db")]
    pub database: String,
    /// A file holding the admin token (at least 16 characters); the NOREN_ADMIN_TOKEN variable
    /// works too. Without a token the admin page and API are off.
    #[arg(long)]
    pub admin_token_file: Option<PathBuf>,
    /// The request header with the visitor's country, set by the CDN or load balancer
    /// (CF-IPCountry, CloudFront-Viewer-Country, X-Country-Code…).
    #[arg(long)]
    pub region_header: Option<String>,
    /// The request header with the client's address, set by a load balancer you trust
    /// (X-Forwarded-For: its last address). Without it, the peer's address.
    #[arg(long)]
    pub client_ip_header: Option<String>,
    /// Records a client may send per minute.
    #[arg(long, default_value_t = 120)]
    pub records_per_minute: u32,
    /// Lookups of a consent's records (GET /noren/records/ID) a client may make per minute.
    #[arg(long, default_value_t = 20)]
    pub lookups_per_minute: u32,
    /// Purge records older than this many days (hourly); without it records are kept.
    #[arg(long)]
    pub retention_days: Option<u32>,
    /// Database connections in the pool.
    #[arg(long, default_value_t = 8)]
    pub connections: u32,
    /// Where the IAB vendor list and its translations come from (a base URL:
    /// vendor-list.json, purposes-{lang}.json). Without it, no vendor list is served.
    #[arg(long)]
    pub gvl_upstream: Option<String>,
    /// Serve this folder as the site (every HTML page with its policy: --site-csp).
    #[arg(long)]
    pub site: Option<PathBuf>,
    /// Serve Noren's files (dist/) at /noren/.
    #[arg(long)]
    pub dist: Option<PathBuf>,
    /// The site's consent config, for Noren's policy on --site pages and at /noren/csp (for
    /// a front server that asks per page; without it the strictest policy: no service host).
    #[arg(long)]
    pub site_config: Option<PathBuf>,
    /// The site's own Content-Security-Policy for its pages (with --site).
    #[arg(long)]
    pub site_csp: Option<String>,
    /// Log lines as JSON (for log collectors) instead of text.
    #[arg(long)]
    pub log_json: bool,
}

/// What the checker commands need from the machine they run on.
pub trait Host {
    /// The text of the file at `path`, or why it cannot be read, worded as Rust's
    /// `std::io::Error` words it (`No such file or directory (os error 2)`).
    fn read(&self, path: &str) -> Result<String, String>;
    /// The time, in milliseconds since the epoch.
    fn now_ms(&self) -> f64;
}

fn load(host: &impl Host, path: &str) -> Result<noren::config::Parsed, Outcome> {
    let text = host
        .read(path)
        .map_err(|e| usage(&format!("cannot read {path}: {e}")))?;
    crate::parse(path, &text).map_err(|e| usage(&e))
}

/// Runs a checker command: what to print, and the exit code.
pub fn run(command: Checker, host: &impl Host) -> Outcome {
    match command {
        Checker::Check {
            config,
            deny_warnings,
        } => match load(host, &config) {
            Ok(parsed) => crate::check(&config, &parsed, deny_warnings),
            Err(o) => o,
        },
        Checker::Disclosure { config, lang } => match load(host, &config) {
            Ok(parsed) => crate::disclosure(parsed, lang.as_deref()),
            Err(o) => o,
        },
        Checker::Gpc { date } => {
            let today = noren::consent::record::iso_time(host.now_ms());
            crate::gpc(date.as_deref(), &today)
        }
        Checker::Csp {
            config,
            cookie,
            gpc,
            module_origin,
            region,
        } => {
            if let Some(o) = module_origin
                .as_deref()
                .filter(|o| !crate::is_module_origin(o))
            {
                return usage(&format!("{o:?} is not an http(s) origin"));
            }
            match load(host, &config) {
                Ok(parsed) => crate::csp(
                    parsed,
                    cookie.as_deref(),
                    gpc,
                    module_origin.as_deref(),
                    region.as_deref(),
                    host.now_ms(),
                ),
                Err(o) => o,
            }
        }
    }
}
