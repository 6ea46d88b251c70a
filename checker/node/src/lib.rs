//! The checker commands for Node: the npm package's `noren` (bin/noren.mjs) reads the
//! arguments and the files, and this crate, compiled to wasm32 with the same command line
//! (`noren_check::cli`) and the same core as the native `noren`, says what to print and the
//! exit code. `scan` never gets here (it is the scanner, in JS); `serve` and `records` need the
//! native build and say so.
#![deny(missing_docs)]

use clap::Parser;
use noren_check::cli::{self, Cli, Command, Host};
use noren_check::{usage, Outcome};

/// `noren ARGS…` (`args` without the program's name) on `host`: what clap prints for help,
/// the version or a usage error, or what the checker command prints.
pub fn main(args: Vec<String>, host: &impl Host) -> Outcome {
    let argv = std::iter::once("noren".to_string()).chain(args);
    match Cli::try_parse_from(argv) {
        Ok(Cli {
            command: Command::Checker(command),
        }) => cli::run(command, host),
        Ok(Cli {
            command: Command::Serve(_) | Command::Records { .. },
        }) => usage(
            "serve and records run in the native noren only \
             (cargo run -p noren-cli --bin noren -- serve); this one runs check, disclosure, gpc and csp",
        ),
        Err(e) => {
            let text = e.render().to_string();
            let (stdout, stderr) = if e.use_stderr() {
                (String::new(), text)
            } else {
                (text, String::new())
            };
            Outcome {
                code: u8::try_from(e.exit_code()).unwrap_or(2),
                stdout,
                stderr,
            }
        }
    }
}

/// A file Node could not read, as Rust's `std::io::Error` words it on Linux, so the message
/// is the native `noren`'s: `code` is Node's (`ENOENT`), `errno` its number (libuv's,
/// negative on Unix) and `message` its own words, used for a code this table does not know.
pub fn io_error_text(code: &str, errno: i32, message: &str) -> String {
    let text = match code {
        "ENOENT" => "No such file or directory",
        "EACCES" => "Permission denied",
        "EPERM" => "Operation not permitted",
        "EISDIR" => "Is a directory",
        "ENOTDIR" => "Not a directory",
        "ELOOP" => "Too many levels of symbolic links",
        "ENAMETOOLONG" => "File name too long",
        "EMFILE" => "Too many open files",
        "ENFILE" => "Too many open files in system",
        "EIO" => "Input/output error",
        "EINVAL" => "Invalid argument",
        _ => return message.to_string(),
    };
    format!("{text} (os error {})", errno.unsigned_abs())
}

/// A file's bytes as text, or Rust's `read_to_string` message when they are not UTF-8.
pub fn utf8(bytes: Vec<u8>) -> Result<String, String> {
    String::from_utf8(bytes).map_err(|_| "stream did not contain valid UTF-8".to_string())
}

#[cfg(target_arch = "wasm32")]
mod node {
    use super::{io_error_text, utf8};
    use noren_check::cli::Host;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    /// What Node said when it could not read a file.
    #[derive(serde::Deserialize)]
    struct ReadError {
        code: String,
        errno: i32,
        message: String,
    }

    struct Node<'a> {
        read: &'a js_sys::Function,
        now: f64,
    }

    impl Host for Node<'_> {
        fn read(&self, path: &str) -> Result<String, String> {
            let got = self
                .read
                .call1(&JsValue::NULL, &JsValue::from_str(path))
                .map_err(|e| format!("{e:?}"))?;
            match got.dyn_into::<js_sys::Uint8Array>() {
                Ok(bytes) => utf8(bytes.to_vec()),
                Err(other) => match serde_wasm_bindgen::from_value::<ReadError>(other) {
                    Ok(e) => Err(io_error_text(&e.code, e.errno, &e.message)),
                    Err(e) => Err(e.to_string()),
                },
            }
        }
        fn now_ms(&self) -> f64 {
            self.now
        }
    }

    /// Runs `noren ARGS…` (without the program's name) at `now` (ms since the epoch), reading
    /// files with `read(path)`, which returns their bytes or `{code, errno, message}` (Node's
    /// error). Returns `{code, stdout, stderr}`.
    #[wasm_bindgen]
    pub fn run(args: Vec<String>, now: f64, read: &js_sys::Function) -> Result<JsValue, JsValue> {
        let outcome = super::main(args, &Node { read, now });
        serde_wasm_bindgen::to_value(&outcome).map_err(JsValue::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Files;

    impl Host for Files {
        fn read(&self, path: &str) -> Result<String, String> {
            match path {
                "ok.json" => Ok(r#"{"revision": 1}"#.to_string()),
                _ => Err(io_error_text("ENOENT", -2, "ENOENT: no such file")),
            }
        }
        fn now_ms(&self) -> f64 {
            1_764_511_200_000.0
        }
    }

    fn run(args: &[&str]) -> Outcome {
        main(args.iter().map(|a| a.to_string()).collect(), &Files)
    }

    #[test]
    fn help_and_version_go_to_stdout_usage_errors_to_stderr() {
        let help = run(&["--help"]);
        assert_eq!(help.code, 0);
        assert!(help.stdout.starts_with("The noren command"), "{help:?}");
        assert_eq!(run(&["--version"]).stdout, "noren 0.1.0\n");
        let bad = run(&["frobnicate"]);
        assert_eq!((bad.code, bad.stdout.as_str()), (2, ""));
        assert!(bad.stderr.contains("unrecognized subcommand 'frobnicate'"));
        assert_eq!(run(&[]).code, 2, "no command: the help, as an error");
    }

    #[test]
    fn runs_the_checker_and_refuses_the_server() {
        let o = run(&["check", "ok.json"]);
        assert_eq!(o.code, 1, "{o:?}");
        assert!(o.stdout.starts_with("error: "));
        assert_eq!(
            run(&["gpc"]).stdout,
            "{\"gpc\":true,\"lastUpdate\":\"2025-11-30\"}\n"
        );
        let missing = run(&["check", "gone.json"]);
        assert_eq!(missing.code, 2);
        assert!(missing
            .stderr
            .starts_with("noren: cannot read gone.json: No such file or directory (os error 2)\n"));
        let serve = run(&["serve"]);
        assert_eq!(serve.code, 2);
        assert!(serve.stderr.contains("native noren only"), "{serve:?}");
    }

    #[test]
    fn read_errors_are_worded_as_rust_words_them() {
        assert_eq!(
            io_error_text(
                "EISDIR",
                -21,
                "EISDIR: illegal operation on a directory, read"
            ),
            "Is a directory (os error 21)"
        );
        assert_eq!(io_error_text("EWHAT", -99, "EWHAT: odd"), "EWHAT: odd");
        assert_eq!(
            utf8(vec![0xff]).unwrap_err(),
            "stream did not contain valid UTF-8"
        );
    }
}
