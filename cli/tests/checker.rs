//! `noren check` and `noren disclosure`, run as a site owner would: exact messages (the
//! `.out` files), exit codes fit for CI.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_noren"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the checker runs");
    (
        out.status.code().expect("exit code"),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// A fixture config of tests/checker/, read as the banner reads it.
fn fixture_config(path: &str) -> noren::config::Config {
    let text = std::fs::read_to_string(path).unwrap();
    noren::config::Config::from_json(&noren::json::parse_text(&text).unwrap())
        .config
        .unwrap()
}

/// Now, in milliseconds since the epoch (a choice's time).
fn now_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as f64
}

#[test]
fn check_reports_exact_messages_and_exit_codes() {
    // (config, extra arguments, exit code, expected output file)
    let table: &[(&str, &[&str], i32, &str)] = &[
        ("tests/checker/bad.json", &[], 1, "tests/checker/bad.out"),
        ("tests/checker/gaps.json", &[], 0, "tests/checker/gaps.out"),
        (
            "tests/checker/gaps.json",
            &["--deny-warnings"],
            1,
            "tests/checker/gaps.out",
        ),
    ];
    for (config, extra, code, expected) in table {
        let mut args = vec!["check", config];
        args.extend_from_slice(extra);
        let (got_code, stdout, _) = run(&args);
        let want = std::fs::read_to_string(expected).unwrap();
        assert_eq!(stdout, want, "noren {args:?}");
        assert_eq!(got_code, *code, "noren {args:?}");
    }
}

#[test]
fn the_demo_and_fixture_configs_have_no_gaps_or_errors() {
    let (code, stdout, _) = run(&["check", "../www/consent.json", "--deny-warnings"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.ends_with("0 error(s), 0 warning(s), 0 legal gap(s)\n"));
}

#[test]
fn unreadable_input_and_bad_usage_exit_2() {
    let (code, stdout, stderr) = run(&["check", "tests/checker/notjson.json"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(stderr.starts_with("noren: tests/checker/notjson.json is not valid JSON: EOF"));
    assert_eq!(run(&["check", "missing.json"]).0, 2);
    assert_eq!(run(&["frobnicate"]).0, 2);
    assert_eq!(
        run(&["disclosure", "../www/consent.json", "--lang", "tlh"]).0,
        2
    );
}

#[test]
fn disclosure_prints_a_standalone_page() {
    let (code, page, _) = run(&["disclosure", "tests/checker/gaps.json"]);
    assert_eq!(code, 0);
    assert!(
        page.starts_with("<!doctype html>\n<html lang=ja>"),
        "the config's language"
    );
    assert!(page.contains("<title>外部送信について</title>"));
    assert!(page.contains("<h2>DMP</h2>"));
    assert!(page.contains("<dt>送信先</dt><dd>DMP Ltda.</dd>"));
    let (_, english, _) = run(&["disclosure", "tests/checker/gaps.json", "--lang", "en"]);
    assert!(english.contains("<html lang=en>"));
    let (_, arabic, _) = run(&["disclosure", "tests/checker/gaps.json", "--lang", "ar-EG"]);
    assert!(arabic.contains("<html lang=ar dir=rtl>"), "{arabic}");
    let (code, out, _) = run(&["disclosure", "tests/checker/bad.json"]);
    assert_eq!(code, 1);
    assert!(out.starts_with("error: revision:"));
}

#[test]
fn gpc_prints_the_well_known_resource() {
    let (code, stdout, _) = run(&["gpc", "--date", "2026-11-22"]);
    assert_eq!(
        (code, stdout.as_str()),
        (0, "{\"gpc\":true,\"lastUpdate\":\"2026-11-22\"}\n")
    );
    let (code, stdout, _) = run(&["gpc"]);
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with("{\"gpc\":true,\"lastUpdate\":\"20"),
        "{stdout}"
    );
    let (code, _, stderr) = run(&["gpc", "--date", "22/11/2026"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("is not a date"), "{stderr}");
}

#[test]
fn csp_prints_the_policy_for_the_choice_in_the_cookie() {
    use noren::{consent, consent::codec};
    let config = fixture_config("tests/checker/csp.json");
    let now = now_ms();
    let cookie = |choice| {
        let none = consent::Consent::nothing(&config);
        let out = consent::decide(&config, &none, &choice, "AAAAAAAAAAAA".into(), now, false);
        codec::encode(&config, &out.consent)
    };
    let stats_only = cookie(consent::Choice::Changes {
        categories: vec![(1, true)],
        services: vec![],
    });
    let strict = "default-src 'self'; \
        script-src 'self' 'unsafe-inline' 'unsafe-eval' 'wasm-unsafe-eval' blob: H; \
        style-src 'self' 'unsafe-inline' H; img-src 'self' data: blob: H; font-src 'self' data: H; \
        media-src 'self' data: blob: H; connect-src 'self' data: blob: W; \
        frame-src 'self' data: blob: H; worker-src 'self' blob: H; object-src 'self' H; \
        form-action 'self' H; base-uri 'self'\n";
    let with = |hosts: &str| {
        let ws: Vec<String> = hosts
            .split(' ')
            .collect::<Vec<_>>()
            .chunks(2)
            .map(|pair| {
                let (h, sub) = (pair[0], pair[1]);
                format!("{h} {sub} ws://{h} ws://{sub} wss://{h} wss://{sub}")
            })
            .collect();
        strict.replace('H', hosts).replace('W', &ws.join(" "))
    };
    let allowed = "static.example.net *.static.example.net";
    let table: &[(&[&str], i32, String)] = &[
        (&[], 0, with(allowed)),
        (&["--cookie", "1.garbage"], 0, with(allowed)),
        (
            &["--cookie", &stats_only],
            0,
            with(&format!("stats.example.com *.stats.example.com {allowed}")),
        ),
        (
            &["--cookie", &cookie(consent::Choice::RejectAll)],
            0,
            with(allowed),
        ),
    ];
    for (extra, code, want) in table {
        let mut args = vec!["csp", "tests/checker/csp.json"];
        args.extend_from_slice(extra);
        let (got, stdout, stderr) = run(&args);
        assert_eq!(
            (got, stdout.as_str(), stderr.as_str()),
            (*code, want.as_str(), ""),
            "{args:?}"
        );
    }
    let (_, all, _) = run(&[
        "csp",
        "tests/checker/csp.json",
        "--module-origin",
        "https://cdn.noren.example",
        "--cookie",
        &cookie(consent::Choice::AcceptAll),
    ]);
    assert!(all.contains(" ads.example.org *.ads.example.org px.example.org *.px.example.org"));
    assert!(all.contains("blob: https://cdn.noren.example stats.example.com"));
}

#[test]
fn csp_applies_the_rules_of_the_visitors_region() {
    use noren::{consent, consent::codec, csp};
    let path = "tests/checker/csp-regions.json";
    let config = fixture_config(path);
    let now = now_ms();
    // "Accept all" as the banner stores it in a region: Japan (opt-out), France (opt-in).
    let accepted_in = |region| {
        let c = csp::for_region(&config, Some(region));
        let none = consent::Consent::nothing(&c);
        let all = consent::decide(
            &c,
            &none,
            &consent::Choice::AcceptAll,
            "AAAAAAAAAAAA".into(),
            now,
            false,
        );
        codec::encode(&c, &all.consent)
    };
    let (jp, fr) = (accepted_in("JP"), accepted_in("FR"));
    assert!(jp.ends_with(".JP") && fr.ends_with(".FR"), "{jp} {fr}");
    let csp_at = |cookie: Option<&str>, region: Option<&str>| {
        let mut args = vec!["csp", path];
        args.extend(cookie.map(|c| ["--cookie", c]).into_iter().flatten());
        args.extend(region.map(|r| ["--region", r]).into_iter().flatten());
        run(&args)
    };
    let ads = " ads.example.org *.ads.example.org";
    // Japan's choice holds in Japan and the US (as lax), not in Germany nor where the region is
    // unknown (the strictest rules: the EU's): there the banner asks again, and no host opens.
    // France's holds everywhere.
    let (_, eu_before, _) = csp_at(None, Some("DE"));
    assert!(!eu_before.contains(ads) && !eu_before.contains("stats.example.com"));
    for (cookie, region, holds) in [
        (&jp, Some("JP"), true),
        (&jp, Some("US-CA"), true),
        (&jp, Some("DE"), false),
        (&jp, None, false),
        (&jp, Some(""), false),
        (&fr, Some("DE"), true),
        (&fr, Some("JP"), true),
        (&fr, None, true),
    ] {
        let (code, stdout, stderr) = csp_at(Some(cookie), region);
        assert_eq!((code, stderr.as_str()), (0, ""), "{cookie} {region:?}");
        if holds {
            assert!(stdout.contains(ads), "{cookie} {region:?}: {stdout}");
        } else {
            assert_eq!(stdout, eu_before, "{cookie} {region:?}");
        }
    }
    // Before any choice, each region's regime: Japan's opt-out defaults, GPC refusing ads.
    assert!(csp_at(None, Some("JP")).1.contains(ads));
    let (_, gpc, _) = run(&["csp", path, "--region", "JP", "--gpc"]);
    assert!(!gpc.contains(ads) && gpc.contains(" stats.example.com"));
    assert_eq!(csp_at(None, None).1, eu_before, "unknown: the strictest");
    // Not an ISO 3166 code (as data-region reads it): exit 2, named; the policy printed is an
    // unknown region's, so a script that serves whatever is printed fails closed.
    for bad in ["de", "Germany", "DE;", "US-", "US-CA-X"] {
        let (code, stdout, stderr) = csp_at(Some(&jp), Some(bad));
        assert_eq!(code, 2, "{bad}");
        assert!(
            stderr.starts_with(&format!(
                "noren: --region: {bad:?} is not an ISO 3166 region"
            )),
            "{stderr}"
        );
        assert_eq!(stdout, eu_before, "{bad}");
    }
}

#[test]
fn csp_fails_closed_on_a_bad_config_and_refuses_bad_arguments() {
    let (code, stdout, stderr) = run(&["csp", "tests/checker/bad.json"]);
    assert_eq!(code, 1);
    assert!(stdout.starts_with("default-src 'self'; script-src 'self'"));
    assert!(stderr.starts_with("error: revision:"), "{stderr}");
    for bad in [
        &["csp", "tests/checker/csp.json", "--cookie"][..],
        &[
            "csp",
            "tests/checker/csp.json",
            "--module-origin",
            "cdn.example.com",
        ],
        &[
            "csp",
            "tests/checker/csp.json",
            "--module-origin",
            "https://x.com; script-src *",
        ],
        &["csp", "tests/checker/csp.json", "--frobnicate"],
        &["csp", "missing.json"],
    ] {
        let (code, stdout, _) = run(bad);
        assert_eq!((code, stdout.as_str()), (2, ""), "{bad:?}");
    }
}
