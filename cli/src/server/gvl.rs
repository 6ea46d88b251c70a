//! The IAB Global Vendor List, fetched from a configurable upstream, cached for its `max-age`,
//! and served at `/noren/vendor-list.json` and `/noren/vendor-list-{lang}.json` (the list with
//! the IAB's translation `purposes-{lang}.json` merged in), so a config's
//! `"gvlUrl": "/noren/vendor-list-{lang}.json"` works. When the upstream fails or answers
//! something the banner could not read, the last good copy is served.

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use std::collections::HashMap;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// How long a copy is kept when the upstream gives no `max-age`.
const DEFAULT_MAX_AGE: Duration = Duration::from_secs(3600);
/// The longest `max-age` honoured.
const LONGEST: Duration = Duration::from_secs(7 * 24 * 3600);
/// The largest upstream answer read.
const MAX_SIZE: usize = 8 * 1024 * 1024;

struct Copy {
    body: String,
    fetched: Instant,
    max_age: Duration,
    /// The last refresh failed: this is the last good copy.
    stale: bool,
}

/// The vendor list cache.
pub struct Gvl {
    upstream: String,
    client: reqwest::Client,
    copies: Mutex<HashMap<String, Copy>>,
}

/// `max-age` from a Cache-Control value.
pub fn max_age(cache_control: Option<&str>) -> Duration {
    cache_control
        .into_iter()
        .flat_map(|v| v.split(','))
        .find_map(|d| d.trim().strip_prefix("max-age="))
        .and_then(|n| n.trim().parse::<u64>().ok())
        .map_or(DEFAULT_MAX_AGE, |s| Duration::from_secs(s).min(LONGEST))
}

/// Checks a vendor list as the banner reads it (the core's reader), and returns it parsed.
pub fn check_list(text: &str) -> Result<Value, String> {
    let json = noren::json::parse_text(text).map_err(|e| format!("not JSON: {e}"))?;
    noren::iab::gvl::read(&json, &[])?;
    serde_json::from_str(text).map_err(|e| e.to_string())
}

/// The sections of a translation file whose entries' texts replace the list's.
const TRANSLATED: [&str; 6] = [
    "purposes",
    "specialPurposes",
    "features",
    "specialFeatures",
    "stacks",
    "dataCategories",
];

/// Merges an IAB translation (`purposes-ja.json`) into a list: each entry's `name`,
/// `description` and `illustrations` that the translation has replace the list's.
pub fn merge(mut list: Value, translation: &Value) -> Result<Value, String> {
    if !translation["purposes"].is_object() {
        return Err("the translation has no purposes object".into());
    }
    for section in TRANSLATED {
        let (Some(into), Some(from)) = (
            list.get_mut(section).and_then(Value::as_object_mut),
            translation[section].as_object(),
        ) else {
            continue;
        };
        for (id, entry) in into.iter_mut() {
            for key in ["name", "description", "illustrations"] {
                if let Some(text) = from.get(id).and_then(|t| t.get(key)) {
                    entry[key] = text.clone();
                }
            }
        }
    }
    Ok(list)
}

impl Gvl {
    /// A cache of the lists under `upstream` (a base URL: vendor-list.json and
    /// purposes-{lang}.json are fetched from it).
    pub fn new(upstream: &str) -> Gvl {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .user_agent(concat!("noren/", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap_or_default();
        let mut upstream = upstream.to_string();
        if !upstream.ends_with('/') {
            upstream.push('/');
        }
        Gvl {
            upstream,
            client,
            copies: Mutex::new(HashMap::new()),
        }
    }

    async fn fetch(&self, file: &str) -> Result<(String, Duration), String> {
        let url = format!("{}{file}", self.upstream);
        let r = self
            .client
            .get(&url)
            .send()
            .await
            .map_err(|e| format!("{url}: {e}"))?;
        if !r.status().is_success() {
            return Err(format!("{url}: HTTP {}", r.status()));
        }
        let age = max_age(
            r.headers()
                .get(header::CACHE_CONTROL)
                .and_then(|v| v.to_str().ok()),
        );
        if r.content_length().unwrap_or(0) > MAX_SIZE as u64 {
            return Err(format!("{url}: over {MAX_SIZE} bytes"));
        }
        let body = r.bytes().await.map_err(|e| format!("{url}: {e}"))?;
        if body.len() > MAX_SIZE {
            return Err(format!("{url}: over {MAX_SIZE} bytes"));
        }
        let text = String::from_utf8(body.to_vec()).map_err(|_| format!("{url}: not UTF-8"))?;
        Ok((text, age))
    }

    /// Fetches and checks the list for `lang` (`None`: the English original).
    async fn build(&self, lang: Option<&str>) -> Result<(String, Duration), String> {
        let (text, age) = self.fetch("vendor-list.json").await?;
        let list = check_list(&text).map_err(|e| format!("vendor-list.json: {e}"))?;
        let Some(lang) = lang else {
            return Ok((text, age));
        };
        let file = format!("purposes-{lang}.json");
        let (t, t_age) = self.fetch(&file).await?;
        let translation: Value = serde_json::from_str(&t).map_err(|e| format!("{file}: {e}"))?;
        let merged = merge(list, &translation).map_err(|e| format!("{file}: {e}"))?;
        let text = merged.to_string();
        check_list(&text).map_err(|e| format!("{file} merged: {e}"))?;
        Ok((text, age.min(t_age)))
    }

    /// The list for `lang`: the cached copy while fresh, else a new one, else (upstream down
    /// or garbage) the last good copy. `None` when there has never been a good copy.
    pub async fn get(&self, lang: Option<&str>) -> Result<(String, Duration, bool), String> {
        let key = lang.unwrap_or("").to_string();
        // One refresh at a time: a burst of visitors makes one upstream request.
        let mut copies = self.copies.lock().await;
        if let Some(c) = copies.get(&key) {
            let age = c.fetched.elapsed();
            if age < c.max_age {
                let fresh_for = if c.stale {
                    Duration::ZERO
                } else {
                    c.max_age - age
                };
                return Ok((c.body.clone(), fresh_for, c.stale));
            }
        }
        match self.build(lang).await {
            Ok((body, max_age)) => {
                copies.insert(
                    key,
                    Copy {
                        body: body.clone(),
                        fetched: Instant::now(),
                        max_age,
                        stale: false,
                    },
                );
                Ok((body, max_age, false))
            }
            Err(problem) => {
                tracing::warn!(%problem, "vendor list upstream failed; serving the last good copy");
                match copies.get_mut(&key) {
                    Some(c) => {
                        // Try again in a minute at the earliest, not on every request.
                        c.fetched = Instant::now();
                        c.max_age =
                            Duration::from_secs(60).min(c.max_age.max(Duration::from_secs(1)));
                        c.stale = true;
                        Ok((c.body.clone(), Duration::ZERO, true))
                    }
                    None => Err(problem),
                }
            }
        }
    }
}

/// `GET /noren/vendor-list.json` and `/noren/vendor-list-{lang}.json`.
pub async fn serve(State(app): State<super::Shared>, Path(file): Path<String>) -> Response {
    let Some(gvl) = &app.gvl else {
        return super::error(
            StatusCode::NOT_FOUND,
            "no vendor list upstream (--gvl-upstream)",
        );
    };
    let lang = match file.as_str() {
        "vendor-list.json" => None,
        f => match f
            .strip_prefix("vendor-list-")
            .and_then(|f| f.strip_suffix(".json"))
        {
            // The banner's `{lang}` is its wording file's name in lower case (`de`, `pt-br`,
            // `zh-hant`): the IAB's translations are per language (`purposes-pt.json`).
            Some(l) => match l.split_once('-').map_or(l, |(primary, _)| primary) {
                "en" => None,
                p if p.len() == 2
                    && l.len() <= 8
                    && l.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') =>
                {
                    Some(p)
                }
                _ => return super::error(StatusCode::NOT_FOUND, "no such file"),
            },
            None => return super::error(StatusCode::NOT_FOUND, "no such file"),
        },
    };
    match gvl.get(lang).await {
        Ok((body, fresh_for, stale)) => {
            let mut r = (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "application/json")],
                body,
            )
                .into_response();
            let cc = format!("public, max-age={}", fresh_for.as_secs());
            if let Ok(v) = HeaderValue::from_str(&cc) {
                r.headers_mut().insert(header::CACHE_CONTROL, v);
            }
            if stale {
                r.headers_mut()
                    .insert("x-noren-stale", HeaderValue::from_static("1"));
            }
            r
        }
        Err(problem) => super::error(
            StatusCode::BAD_GATEWAY,
            &format!("no vendor list yet: {problem}"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn max_age_is_read_and_bounded() {
        assert_eq!(
            max_age(Some("public, max-age=600")),
            Duration::from_secs(600)
        );
        assert_eq!(max_age(Some("max-age=99999999")), LONGEST);
        assert_eq!(max_age(Some("no-cache")), DEFAULT_MAX_AGE);
        assert_eq!(max_age(None), DEFAULT_MAX_AGE);
    }

    #[test]
    fn translations_replace_texts_only() {
        let list = json!({"purposes": {"1": {"id": 1, "name": "Store", "description": "D", "illustrations": []}},
                          "features": {"1": {"id": 1, "name": "Match"}}, "vendors": {}});
        let ja = json!({"purposes": {"1": {"id": 9, "name": "保存", "description": "説明"}}});
        let merged = merge(list, &ja).unwrap();
        assert_eq!(
            merged["purposes"]["1"],
            json!({"id": 1, "name": "保存", "description": "説明", "illustrations": []})
        );
        assert_eq!(merged["features"]["1"]["name"], "Match");
        assert!(merge(json!({}), &json!([1])).is_err());
    }

    #[test]
    fn garbage_is_not_a_list() {
        assert!(check_list("<html>").is_err());
        assert!(check_list(r#"{"vendorListVersion": 1}"#)
            .unwrap_err()
            .contains("tcfPolicyVersion"));
        let ok = r#"{"vendorListVersion": 3, "tcfPolicyVersion": 5, "vendors": {}}"#;
        assert!(check_list(ok).is_ok());
    }
}
