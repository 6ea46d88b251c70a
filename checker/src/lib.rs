//! The config checker's commands, built from the same core as the banner: `check`,
//! `disclosure`, `gpc` and `csp`. Each returns what to print and the exit code, so the native
//! binary (cli/) and the Node build (checker/node/, compiled to wasm32) only write them out;
//! [`cli`] is the command line both parse.
//!
//! `check` prints every error and warning with its field path, then the legal gaps it can see
//! (see `noren::config::legal_gaps`). Exit codes: 0 valid (warnings allowed), 1 invalid (or any warning
//! with `--deny-warnings`), 2 usage error, unreadable file or text that is not JSON.
//! `disclosure` prints the external-transmission notice as a standalone HTML page. `gpc` prints
//! the Global Privacy Control support resource for `/.well-known/gpc.json`. `csp` prints the
//! Content-Security-Policy of the browser-enforced barrier for the choice in a `noren` cookie
//! value (none: before any choice; see `noren::csp`); with an invalid config it prints the
//! strictest policy and exits 1.

#![deny(missing_docs)]

pub mod cli;

use noren::config::legal_gaps::legal_gaps;
use noren::config::{Config, Issue, Parsed};
use noren::json::parse_text;
use noren::render::disclosure::standalone_page;
use noren::text::{builtin, builtin_file};

/// The checker commands' usage, printed after a usage problem.
pub const USAGE: &str = "usage: noren check CONFIG.json [--deny-warnings]
       noren disclosure CONFIG.json [--lang ja|en]
       noren gpc [--date YYYY-MM-DD]
       noren csp CONFIG.json [--cookie VALUE] [--gpc] [--module-origin URL] [--region CODE]";

/// What a command prints, and its exit code.
#[derive(Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Outcome {
    /// Exit code: 0 success, 1 invalid config, 2 usage or input problem.
    pub code: u8,
    /// Text for standard output.
    pub stdout: String,
    /// Text for standard error.
    pub stderr: String,
}

/// A usage problem: exit code 2, the problem and the usage on standard error.
pub fn usage(problem: &str) -> Outcome {
    Outcome {
        code: 2,
        stdout: String::new(),
        stderr: format!("noren: {problem}\n{USAGE}\n"),
    }
}

/// Parses config text (named `path` in messages), or says why it is not JSON.
pub fn parse(path: &str, text: &str) -> Result<Parsed, String> {
    let json = parse_text(text).map_err(|e| format!("{path} is not valid JSON: {e}"))?;
    Ok(Config::from_json(&json))
}

fn print(out: &mut String, kind: &str, issues: &[Issue]) {
    for i in issues {
        out.push_str(kind);
        out.push_str(": ");
        out.push_str(&i.line());
        out.push('\n');
    }
}

/// `noren check`: every error, warning and legal gap of a parsed config.
pub fn check(path: &str, parsed: &Parsed, deny_warnings: bool) -> Outcome {
    let mut out = String::new();
    print(&mut out, "error", &parsed.errors);
    print(&mut out, "warning", &parsed.warnings);
    let gaps = parsed.config.as_ref().map(legal_gaps).unwrap_or_default();
    print(&mut out, "gap", &gaps);
    out.push_str(&format!(
        "{path}: {} error(s), {} warning(s), {} legal gap(s)\n",
        parsed.errors.len(),
        parsed.warnings.len(),
        gaps.len()
    ));
    let warnings = parsed.warnings.len() + gaps.len();
    let failed = !parsed.errors.is_empty() || (deny_warnings && warnings > 0);
    Outcome {
        code: u8::from(failed),
        stdout: out,
        stderr: String::new(),
    }
}

/// `noren disclosure`: the external-transmission notice as a standalone page, in `lang` (a
/// language tag) or the config's language (Japanese by default).
pub fn disclosure(parsed: Parsed, lang: Option<&str>) -> Outcome {
    let Some(config) = parsed.config else {
        let mut out = String::new();
        print(&mut out, "error", &parsed.errors);
        return Outcome {
            code: 1,
            stdout: out,
            stderr: String::new(),
        };
    };
    let tag = lang.or(config.language.as_deref()).unwrap_or("ja");
    let site = config.site_languages();
    if builtin_file(tag).is_none() && !site.iter().any(|s| s.eq_ignore_ascii_case(tag)) {
        return usage(&format!(
            "unknown language {tag:?} (a built-in language such as ja, en, de, or one the config's texts add)"
        ));
    }
    let choice = noren::text::choose(Some(tag), None, &site, "", &[]);
    let Some(mut lang) = builtin(choice.file) else {
        return usage(&format!("no wording for {tag:?}"));
    };
    lang.lang = choice.lang;
    Outcome {
        code: 0,
        stdout: standalone_page(&config, &lang),
        stderr: String::new(),
    }
}

/// `noren gpc`: the GPC support resource, dated `date` (YYYY-MM-DD) or `today`'s date (any
/// ISO 8601 UTC time).
pub fn gpc(date: Option<&str>, today: &str) -> Outcome {
    let date = match date {
        Some(d) if noren::iab::usnat::is_iso_date(d) => d,
        Some(d) => return usage(&format!("{d:?} is not a date (YYYY-MM-DD)")),
        None => today.get(..10).unwrap_or_default(),
    };
    Outcome {
        code: 0,
        stdout: noren::iab::usnat::well_known_gpc(date),
        stderr: String::new(),
    }
}

/// Whether `origin` is an http(s) origin `noren csp --module-origin` accepts.
pub fn is_module_origin(origin: &str) -> bool {
    noren::csp::url_origin(origin).is_some_and(|o| o.contains("://"))
}

/// `noren csp`: the barrier's policy for the choice in `cookie` (a `noren` cookie value) at
/// `now` (ms since the epoch), with Global Privacy Control if `gpc`, under the rules of the
/// visitor's `region` (`None` or empty: unknown, the strictest rules the config declares). A
/// region that is not an ISO 3166 code is a usage error (exit 2) that still prints the policy
/// for an unknown region, so a script that serves whatever is printed fails closed.
pub fn csp(
    parsed: Parsed,
    cookie: Option<&str>,
    gpc: bool,
    module_origin: Option<&str>,
    region: Option<&str>,
    now: f64,
) -> Outcome {
    let extra = noren::csp::Extra {
        module_origin: module_origin.map(str::to_string),
    };
    let Some(config) = parsed.config else {
        let mut err = String::new();
        print(&mut err, "error", &parsed.errors);
        return Outcome {
            code: 1,
            stdout: format!("{}\n", noren::csp::strictest(&extra)),
            stderr: err,
        };
    };
    let region = region.filter(|r| !r.is_empty());
    let bad = region.filter(|r| !noren::consent::region::is_region(r));
    let config = noren::csp::for_region(&config, region);
    let values: Vec<&str> = cookie.into_iter().collect();
    let consent = noren::csp::consent_in_force(&config, &values, now, gpc);
    let stdout = format!("{}\n", noren::csp::policy(&config, &consent, &extra));
    match bad {
        Some(r) => Outcome {
            stdout,
            ..usage(&format!(
                "--region: {r:?} is not an ISO 3166 region (\"DE\", \"US-CA\"): the policy printed is an unknown region's (the strictest rules)"
            ))
        },
        None => Outcome {
            code: 0,
            stdout,
            stderr: String::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gpc_takes_a_date_or_today() {
        let o = gpc(None, "2026-11-30T14:00:00.000Z");
        assert_eq!(o.stdout, "{\"gpc\":true,\"lastUpdate\":\"2026-11-30\"}\n");
        assert_eq!(gpc(Some("2026-13-01"), "").code, 2);
    }

    #[test]
    fn check_counts_what_it_prints() {
        let parsed = parse("x.json", r#"{"revision": 1}"#).unwrap();
        let o = check("x.json", &parsed, false);
        assert_eq!(o.code, 1);
        assert!(o.stdout.starts_with("error: "), "{}", o.stdout);
        assert!(parse("x.json", "{")
            .unwrap_err()
            .starts_with("x.json is not valid JSON"));
    }
}
