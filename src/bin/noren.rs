//! The config checker for site owners, built from the same core as the banner:
//!
//! ```text
//! noren check consent.json [--deny-warnings]
//! noren disclosure consent.json [--lang ja|en]
//! noren gpc [--date YYYY-MM-DD]
//! noren csp CONFIG.json [--cookie VALUE] [--gpc] [--module-origin URL]
//! ```
//!
//! `check` prints every error and warning with its field path, then the legal gaps it can see
//! (see `noren::audit`). Exit codes: 0 valid (warnings allowed), 1 invalid (or any warning
//! with `--deny-warnings`), 2 usage error, unreadable file or text that is not JSON.
//! `disclosure` prints the external-transmission notice as a standalone HTML page. `gpc` prints
//! the Global Privacy Control support resource for `/.well-known/gpc.json` (today's date unless
//! `--date` is given). `csp` prints the Content-Security-Policy of the browser-enforced barrier
//! for the choice in the `noren` cookie's `VALUE` (none: before any choice; see `noren::csp`);
//! with an invalid config it prints the strictest policy and exits 1.

use noren::audit::legal_gaps;
use noren::config::{Config, Issue};
use noren::disclosure::standalone_page;
use noren::json::parse_text;
use noren::text::Lang;
use std::process::ExitCode;

const USAGE: &str = "usage: noren check CONFIG.json [--deny-warnings]
       noren disclosure CONFIG.json [--lang ja|en]
       noren gpc [--date YYYY-MM-DD]
       noren csp CONFIG.json [--cookie VALUE] [--gpc] [--module-origin URL]";

fn usage(problem: &str) -> ExitCode {
    eprintln!("noren: {problem}\n{USAGE}");
    ExitCode::from(2)
}

/// Reads and parses the file, or says why not.
fn load(path: &str) -> Result<noren::config::Parsed, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let json = parse_text(&text).map_err(|e| format!("{path} is not valid JSON: {e}"))?;
    Ok(Config::from_json(&json))
}

fn print(kind: &str, issues: &[Issue]) {
    for i in issues {
        println!("{kind}: {}", i.line());
    }
}

fn check(path: &str, deny_warnings: bool) -> ExitCode {
    let parsed = match load(path) {
        Ok(p) => p,
        Err(e) => return usage(&e),
    };
    print("error", &parsed.errors);
    print("warning", &parsed.warnings);
    let gaps = parsed.config.as_ref().map(legal_gaps).unwrap_or_default();
    print("gap", &gaps);
    let warnings = parsed.warnings.len() + gaps.len();
    println!(
        "{path}: {} error(s), {} warning(s), {} legal gap(s)",
        parsed.errors.len(),
        parsed.warnings.len(),
        gaps.len()
    );
    if !parsed.errors.is_empty() || (deny_warnings && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn disclosure(path: &str, lang: Option<&str>) -> ExitCode {
    let parsed = match load(path) {
        Ok(p) => p,
        Err(e) => return usage(&e),
    };
    let Some(config) = parsed.config else {
        print("error", &parsed.errors);
        return ExitCode::from(1);
    };
    let lang = match lang {
        None => config.language.unwrap_or(Lang::Ja),
        Some(tag) => match Lang::from_tag(tag) {
            Some(l) => l,
            None => return usage(&format!("unknown language {tag:?} (ja or en)")),
        },
    };
    print!("{}", standalone_page(&config, lang));
    ExitCode::SUCCESS
}

fn gpc(date: Option<&str>) -> ExitCode {
    let today;
    let date = match date {
        Some(d) if noren::us_privacy::is_iso_date(d) => d,
        Some(d) => return usage(&format!("{d:?} is not a date (YYYY-MM-DD)")),
        None => {
            let ms = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0.0, |d| d.as_millis() as f64);
            today = noren::record::iso_time(ms);
            today.get(..10).unwrap_or_default()
        }
    };
    print!("{}", noren::us_privacy::well_known_gpc(date));
    ExitCode::SUCCESS
}

fn csp(path: &str, mut options: &[&str]) -> ExitCode {
    let (mut cookie, mut gpc, mut extra) = (None, false, noren::csp::Extra::default());
    loop {
        match options {
            ["--cookie", v, rest @ ..] => (cookie, options) = (Some(*v), rest),
            ["--gpc", rest @ ..] => (gpc, options) = (true, rest),
            ["--module-origin", v, rest @ ..] => {
                if noren::csp::url_origin(v).is_none_or(|o| !o.contains("://")) {
                    return usage(&format!("{v:?} is not an http(s) origin"));
                }
                (extra.module_origin, options) = (Some(v.to_string()), rest);
            }
            [] => break,
            _ => return usage("unknown arguments"),
        }
    }
    let parsed = match load(path) {
        Ok(p) => p,
        Err(e) => return usage(&e),
    };
    let Some(config) = parsed.config else {
        for i in &parsed.errors {
            eprintln!("error: {}", i.line());
        }
        println!("{}", noren::csp::strictest(&extra));
        return ExitCode::from(1);
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_millis() as f64);
    let values: Vec<&str> = cookie.into_iter().collect();
    let consent = noren::csp::consent_in_force(&config, &values, now, gpc);
    println!("{}", noren::csp::policy(&config, &consent, &extra));
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["check", path] => check(path, false),
        ["check", path, "--deny-warnings"] | ["check", "--deny-warnings", path] => {
            check(path, true)
        }
        ["disclosure", path] => disclosure(path, None),
        ["disclosure", path, "--lang", lang] => disclosure(path, Some(lang)),
        ["gpc"] => gpc(None),
        ["gpc", "--date", date] => gpc(Some(date)),
        ["csp", path, options @ ..] => csp(path, options),
        [] => usage("no command"),
        _ => usage("unknown arguments"),
    }
}
