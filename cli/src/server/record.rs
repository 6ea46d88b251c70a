//! The consent record payload (`NorenRecord` in noren.d.ts), validated field by field. Pure:
//! the HTTP handler passes the body and the time of receipt, and gets either a record ready to
//! store (its canonical JSON and the columns indexed beside it) or the reason it is refused.

use noren::consent::codec::is_valid_consent_id;
use noren::consent::region::is_region;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The largest body accepted, in bytes (a record with IAB strings for 1,000 vendors is ~3 KB).
pub const MAX_BODY: usize = 64 * 1024;
/// How far before its receipt a record's `time` may lie (beacons are sent at once; this
/// leaves room for a page kept in the background and slow clocks).
pub const MAX_AGE_MS: i64 = 24 * 3600 * 1000;
/// How far after its receipt a record's `time` may lie (a visitor's clock running fast).
pub const MAX_SKEW_MS: i64 = 10 * 60 * 1000;
const MAX_ENTRIES: usize = 512;
const MAX_TEXT: usize = 2048;
const MAX_IAB_STRING: usize = 16 * 1024;

use noren::consent::record::Action;

/// Every action, in the order the admin page lists them: the core's [`Action`] (the browser
/// module has no list of them, and no serde: nothing it does not use is shipped).
pub const ACTIONS: [Action; 7] = [
    Action::AcceptAll,
    Action::RejectAll,
    Action::Custom,
    Action::Withdrawal,
    Action::Expiry,
    Action::Close,
    Action::Gpc,
];

/// The action a payload names (the inverse of the core's [`Action::name`]).
pub fn action_named(name: &str) -> Option<Action> {
    ACTIONS.into_iter().find(|a| a.name() == name)
}

/// serde for the core's [`Action`]: by its payload name.
mod action_name {
    use super::{action_named, Action, ACTIONS};
    use serde::{de, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(a: &Action, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(a.name())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Action, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        action_named(&name).ok_or_else(|| {
            let names: Vec<String> = ACTIONS.iter().map(|a| format!("`{}`", a.name())).collect();
            de::Error::custom(format_args!(
                "unknown variant `{name}`, expected one of {}",
                names.join(", ")
            ))
        })
    }
}

/// `source`: where the choice came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// Noren's interface, or Noren itself.
    Ui,
    /// A call to `window.noren`.
    Api,
}

/// `regime`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Regime {
    /// Nothing non-essential before consent.
    #[serde(rename = "opt-in")]
    OptIn,
    /// Everything unless refused.
    #[serde(rename = "opt-out")]
    OptOut,
}

/// One `personalData` entry (APPI Art. 31).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonalData {
    /// The service id.
    pub service: String,
    /// The recipient's legal name.
    pub recipient: String,
    /// The recipient's country (ISO 3166-1 alpha-2, or empty).
    pub country: String,
    /// Whether the visitor granted it.
    pub granted: bool,
}

/// `signals`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signals {
    /// Global Privacy Control at the time.
    pub gpc: bool,
    /// The IAB TC string the choice made.
    #[serde(rename = "tcString", skip_serializing_if = "Option::is_none", default)]
    pub tc_string: Option<String>,
    /// The IAB GPP string in force after it.
    #[serde(rename = "gppString", skip_serializing_if = "Option::is_none", default)]
    pub gpp_string: Option<String>,
}

/// The payload, as the banner sends it. Unknown fields are refused.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Payload {
    /// Payload format version: 1.
    pub version: u32,
    /// The record's random id.
    pub id: String,
    /// The consent's random id.
    pub consent_id: String,
    /// When (UTC, ISO 8601).
    pub time: String,
    /// What was done.
    #[serde(with = "action_name")]
    pub action: Action,
    /// Where the choice came from (absent in records from banners before it was added).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source: Option<Source>,
    /// The regime in force.
    pub regime: Regime,
    /// The visitor's region the choice was made under (`DE`, `US-CA`; absent: unknown, or a
    /// banner from before regions; `null` is read as absent).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub region: Option<String>,
    /// The config revision.
    pub revision: u32,
    /// The notice's language (a BCP 47 tag: a built-in language or one the site's texts add).
    pub language: String,
    /// Category id → granted.
    pub categories: BTreeMap<String, bool>,
    /// Service id → granted.
    pub services: BTreeMap<String, bool>,
    /// Services whose recipient links the data to personal data.
    pub personal_data: Vec<PersonalData>,
    /// Privacy signals.
    pub signals: Signals,
    /// The page (origin and path).
    pub url: String,
    /// `noren/<version>`.
    pub cmp: String,
}

/// A validated record, ready to store.
#[derive(Clone, Debug, PartialEq)]
pub struct Valid {
    /// The payload.
    pub payload: Payload,
    /// `time` in milliseconds since the Unix epoch.
    pub time_ms: i64,
    /// The canonical JSON stored (and hashed): the payload re-serialized, keys sorted within
    /// `categories` and `services`.
    pub body: String,
}

/// Whether `s` is a config id (1–64 of `A-Z a-z 0-9 _ -`).
fn is_config_id(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

fn check(ok: bool, problem: impl FnOnce() -> String) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(problem())
    }
}

fn check_map(name: &str, map: &BTreeMap<String, bool>) -> Result<(), String> {
    check(map.len() <= MAX_ENTRIES, || {
        format!("{name}: more than {MAX_ENTRIES} entries")
    })?;
    match map.keys().find(|k| !is_config_id(k)) {
        Some(k) => Err(format!(
            "{name}: {:?} is not an id (1-64 of A-Z a-z 0-9 _ -)",
            clip(k)
        )),
        None => Ok(()),
    }
}

/// At most 40 characters of `s`, for messages.
fn clip(s: &str) -> String {
    s.chars().take(40).collect()
}

fn iab_chars(s: &str) -> bool {
    s.len() <= MAX_IAB_STRING
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.~".contains(&b))
}

/// Parses an ISO 8601 UTC time (RFC 3339) into milliseconds since the Unix epoch.
pub fn parse_time(s: &str) -> Option<i64> {
    let t = time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok()?;
    i64::try_from(t.unix_timestamp_nanos() / 1_000_000).ok()
}

/// Validates a body received at `now_ms`: JSON, every field's type, ids, sizes, the time
/// window. The error names the field and what is wrong with it.
pub fn validate(body: &[u8], now_ms: i64) -> Result<Valid, String> {
    check(body.len() <= MAX_BODY, || {
        format!("the body is over {MAX_BODY} bytes")
    })?;
    let payload: Payload =
        serde_json::from_slice(body).map_err(|e| format!("not a Noren record: {e}"))?;
    let p = &payload;
    check(p.version == 1, || {
        format!("version: {} is not a known version (1)", p.version)
    })?;
    check(is_valid_consent_id(&p.id), || {
        format!("id: {:?} is not a record id", clip(&p.id))
    })?;
    check(is_valid_consent_id(&p.consent_id), || {
        format!("consentId: {:?} is not a consent id", clip(&p.consent_id))
    })?;
    let time_ms = parse_time(&p.time)
        .ok_or_else(|| format!("time: {:?} is not an ISO 8601 time", clip(&p.time)))?;
    check(time_ms >= now_ms - MAX_AGE_MS, || {
        format!("time: {} is more than 24 hours old", p.time)
    })?;
    check(time_ms <= now_ms + MAX_SKEW_MS, || {
        format!("time: {} is in the future", p.time)
    })?;
    if let Some(r) = &p.region {
        check(is_region(r), || {
            format!(
                "region: {:?} is not an ISO 3166 country or subdivision",
                clip(r)
            )
        })?;
    }
    check(p.revision >= 1, || "revision: must be at least 1".into())?;
    check(noren::text::is_tag(&p.language), || {
        format!("language: {:?} is not a language tag", clip(&p.language))
    })?;
    check_map("categories", &p.categories)?;
    check(!p.categories.is_empty(), || {
        "categories: at least one category".into()
    })?;
    check_map("services", &p.services)?;
    check(p.personal_data.len() <= MAX_ENTRIES, || {
        format!("personalData: more than {MAX_ENTRIES} entries")
    })?;
    for (i, d) in p.personal_data.iter().enumerate() {
        check(is_config_id(&d.service), || {
            format!("personalData[{i}].service: not an id")
        })?;
        check(d.recipient.len() <= MAX_TEXT, || {
            format!("personalData[{i}].recipient: over {MAX_TEXT} bytes")
        })?;
        let country_ok = d.country.is_empty()
            || (d.country.len() == 2 && d.country.bytes().all(|b| b.is_ascii_uppercase()));
        check(country_ok, || {
            format!("personalData[{i}].country: not a two-letter country code")
        })?;
    }
    for (name, value) in [
        ("signals.tcString", &p.signals.tc_string),
        ("signals.gppString", &p.signals.gpp_string),
    ] {
        if let Some(v) = value {
            check(iab_chars(v), || {
                format!("{name}: not an IAB string (base64url, at most {MAX_IAB_STRING} bytes)")
            })?;
        }
    }
    let url_ok = p.url.len() <= MAX_TEXT
        && (p.url.starts_with("https://") || p.url.starts_with("http://"))
        && !p.url.chars().any(char::is_control);
    check(url_ok, || {
        format!(
            "url: {:?} is not an http(s) URL of at most {MAX_TEXT} bytes",
            clip(&p.url)
        )
    })?;
    let cmp_ok =
        p.cmp.len() <= 64 && p.cmp.starts_with("noren/") && !p.cmp.chars().any(char::is_control);
    check(cmp_ok, || {
        format!("cmp: {:?} is not noren/<version>", clip(&p.cmp))
    })?;
    let body = serde_json::to_string(&payload).map_err(|e| e.to_string())?;
    Ok(Valid {
        payload,
        time_ms,
        body,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::{json, Value};

    /// 2026-11-30T12:00:00.000Z.
    pub const NOW: i64 = 1_796_040_000_000;

    /// A valid payload sent at [`NOW`].
    pub fn sample(id: &str, consent: &str) -> Value {
        json!({
            "version": 1, "id": id, "consentId": consent, "time": "2026-11-30T11:59:59.500Z",
            "action": "accept-all", "source": "ui", "regime": "opt-in", "revision": 3, "language": "ja",
            "categories": {"necessary": true, "analytics": true}, "services": {"ga": true},
            "personalData": [{"service": "ga", "recipient": "Google LLC", "country": "US", "granted": true}],
            "signals": {"gpc": false, "tcString": "CQ.IA"},
            "url": "https://shop.example/ja/", "cmp": "noren/0.1.0"
        })
    }

    fn refused(v: &Value) -> String {
        validate(v.to_string().as_bytes(), NOW).unwrap_err()
    }

    #[test]
    fn a_valid_record_is_kept_canonically() {
        let v = validate(sample("rec12345", "cons1234").to_string().as_bytes(), NOW).unwrap();
        assert_eq!(v.time_ms, NOW - 500);
        assert_eq!(v.payload.action, Action::AcceptAll);
        let again: Value = serde_json::from_str(&v.body).unwrap();
        assert_eq!(again, sample("rec12345", "cons1234"));
        assert!(v
            .body
            .contains(r#""categories":{"analytics":true,"necessary":true}"#));
        // The region the choice was made under is kept; `null` (unknown) is left out.
        let mut with = sample("rec12345", "cons1234");
        with["region"] = json!("US-CA");
        let v = validate(with.to_string().as_bytes(), NOW).unwrap();
        assert_eq!(v.payload.region.as_deref(), Some("US-CA"));
        assert!(v.body.contains(r#""region":"US-CA""#));
        with["region"] = Value::Null;
        let v = validate(with.to_string().as_bytes(), NOW).unwrap();
        assert_eq!(
            serde_json::from_str::<Value>(&v.body).unwrap(),
            sample("rec12345", "cons1234")
        );
    }

    #[test]
    fn each_bad_field_is_named() {
        let cases: &[(&str, Value, &str)] = &[
            ("version", json!(2), "version: 2"),
            ("id", json!("short"), "id: \"short\""),
            ("id", json!(12345678), "not a Noren record: invalid type"),
            ("consentId", json!("has space in"), "consentId:"),
            ("time", json!("yesterday"), "time: \"yesterday\" is not"),
            (
                "time",
                json!("2026-11-28T11:00:00Z"),
                "more than 24 hours old",
            ),
            ("time", json!("2026-11-30T13:00:00Z"), "in the future"),
            ("action", json!("grant-everything"), "unknown variant"),
            ("source", json!("server"), "unknown variant"),
            ("revision", json!(-1), "invalid value"),
            (
                "language",
                json!("<b>"),
                "language: \"<b>\" is not a language tag",
            ),
            ("language", json!(7), "invalid type"),
            ("categories", json!({}), "categories: at least one"),
            ("categories", json!({"a b": true}), "categories: \"a b\""),
            ("services", json!({"x": "yes"}), "invalid type"),
            ("url", json!("javascript:alert(1)"), "url:"),
            ("cmp", json!("other/1"), "cmp:"),
            ("region", json!("california"), "region: \"california\""),
            ("region", json!(7), "invalid type"),
            (
                "signals",
                json!({"gpc": false, "tcString": "<script>"}),
                "signals.tcString",
            ),
            (
                "signals",
                json!({"gpc": false, "extra": 1}),
                "unknown field",
            ),
            (
                "personalData",
                json!([{"service": "ga", "recipient": "G", "country": "usa", "granted": true}]),
                "country",
            ),
        ];
        for (field, value, expected) in cases {
            let mut v = sample("rec12345", "cons1234");
            v[field] = value.clone();
            let e = refused(&v);
            assert!(e.contains(expected), "{field}: {e}");
        }
        let mut brazilian = sample("rec12345", "cons1234");
        brazilian["language"] = json!("pt-BR");
        assert!(validate(brazilian.to_string().as_bytes(), NOW).is_ok());
        let mut extra = sample("rec12345", "cons1234");
        extra["admin"] = json!(true);
        assert!(refused(&extra).contains("unknown field `admin`"));
        let mut missing = sample("rec12345", "cons1234");
        missing.as_object_mut().unwrap().remove("services");
        assert!(refused(&missing).contains("missing field `services`"));
    }

    #[test]
    fn size_and_garbage_are_refused_without_panic() {
        assert!(validate(&vec![b' '; MAX_BODY + 1], NOW)
            .unwrap_err()
            .contains("over"));
        for junk in [
            &b""[..],
            b"null",
            b"[]",
            b"{",
            b"\xff\xfe",
            b"{\"version\":1e999}",
        ] {
            assert!(validate(junk, NOW).is_err());
        }
        let mut big = sample("rec12345", "cons1234");
        let many: serde_json::Map<String, Value> =
            (0..600).map(|i| (format!("s{i}"), json!(true))).collect();
        big["services"] = Value::Object(many);
        assert!(refused(&big).contains("more than 512"));
    }

    /// Where an action is in [`ACTIONS`]. Exhaustive: a variant added to the core fails to
    /// compile here until it is listed.
    fn position(a: Action) -> usize {
        match a {
            Action::AcceptAll => 0,
            Action::RejectAll => 1,
            Action::Custom => 2,
            Action::Withdrawal => 3,
            Action::Expiry => 4,
            Action::Close => 5,
            Action::Gpc => 6,
        }
    }

    #[test]
    fn every_action_is_listed_once_and_found_by_its_name() {
        for (i, a) in ACTIONS.into_iter().enumerate() {
            assert_eq!(position(a), i);
            assert_eq!(action_named(a.name()), Some(a));
        }
        assert_eq!(action_named("x"), None);
    }

    #[test]
    fn every_action_is_read_and_written_by_its_name() {
        for a in ACTIONS {
            let mut v = sample("rec12345", "cons1234");
            v["action"] = a.name().into();
            let valid = validate(v.to_string().as_bytes(), NOW).unwrap();
            assert_eq!(valid.payload.action, a);
            assert!(valid.body.contains(&format!(r#""action":"{}""#, a.name())));
        }
        let mut v = sample("rec12345", "cons1234");
        v["action"] = json!("grant-everything");
        let e = refused(&v);
        assert!(
            e.contains("unknown variant `grant-everything`, expected one of `accept-all`"),
            "{e}"
        );
    }
}
