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
        run(&["disclosure", "../www/consent.json", "--lang", "fr"]).0,
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
    let (code, out, _) = run(&["disclosure", "tests/checker/bad.json"]);
    assert_eq!(code, 1);
    assert!(out.starts_with("error: revision:"));
}

#[test]
fn gpc_prints_the_well_known_resource() {
    let (code, stdout, _) = run(&["gpc", "--date", "2026-11-22"]);
    assert_eq!(
        (code, stdout.as_str()),
        (0, "{\"gpc\": true, \"lastUpdate\": \"2026-11-22\"}\n")
    );
    let (code, stdout, _) = run(&["gpc"]);
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with("{\"gpc\": true, \"lastUpdate\": \"20"),
        "{stdout}"
    );
    let (code, _, stderr) = run(&["gpc", "--date", "22/11/2026"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("is not a date"), "{stderr}");
}
