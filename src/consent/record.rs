//! Proof of consent: one record per choice, as JSON, for the site's records endpoint and
//! `noren.getRecord()`. The payload's fields are documented in docs/records.md.

use crate::config::{Config, Regime};
use crate::consent::Consent;
use crate::json::JsonWriter;
use crate::prelude::*;
use crate::text::Wording;

/// What the visitor (or the site, through the API) did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// "Accept all".
    AcceptAll,
    /// "Reject all".
    RejectAll,
    /// Saved switches, or `noren.update()`, granting at least what was granted before.
    Custom,
    /// A change that took back something granted before, or `noren.reset()`.
    Withdrawal,
    /// The stored choice expired (or predates the config's revision): asked again.
    Expiry,
    /// Closed the notice: a refusal under opt-in, the defaults kept under opt-out.
    Close,
    /// The browser sent Global Privacy Control: advertising refused without a click (under the
    /// opt-out regime before any choice, or over a stored choice that granted advertising).
    Gpc,
}

impl Action {
    /// The name in the payload.
    pub fn name(self) -> &'static str {
        match self {
            Action::AcceptAll => "accept-all",
            Action::RejectAll => "reject-all",
            Action::Custom => "custom",
            Action::Withdrawal => "withdrawal",
            Action::Expiry => "expiry",
            Action::Close => "close",
            Action::Gpc => "gpc",
        }
    }
}

/// Everything a record says, apart from what the config and the consent hold.
pub struct Facts<'a> {
    /// This record's random id.
    pub id: &'a str,
    /// When, in milliseconds since the Unix epoch.
    pub time: f64,
    /// What was done.
    pub action: Action,
    /// Whether it came through `window.noren` (`"source": "api"`) rather than Noren's own
    /// interface or Noren itself (`"ui"`).
    pub from_api: bool,
    /// The language the visitor read the notice in.
    pub lang: &'a Wording,
    /// `navigator.globalPrivacyControl` when it was done.
    pub gpc: bool,
    /// The IAB TC string made by this choice (sites with `tcf`).
    pub tc_string: Option<&'a str>,
    /// The IAB GPP string in force after it (sites with `gpp`).
    pub gpp_string: Option<&'a str>,
    /// The page (origin and path, no query or fragment).
    pub url: &'a str,
}

/// The record as a JSON object.
pub fn to_json(config: &Config, consent: &Consent, f: &Facts) -> String {
    let mut w = JsonWriter::new();
    w.open().key("version").num(1);
    w.key("id").str(f.id);
    w.key("consentId").str(&consent.id);
    w.key("time").str(&iso_time(f.time));
    w.key("action").str(f.action.name());
    w.key("source").str(if f.from_api { "api" } else { "ui" });
    w.key("regime").str(match config.regime {
        Regime::OptIn => "opt-in",
        Regime::OptOut => "opt-out",
    });
    if !consent.region.is_empty() {
        w.key("region").str(&consent.region);
    }
    w.key("revision").num(u64::from(config.revision));
    w.key("language").str(&f.lang.lang);
    w.key("categories").open();
    for (i, c) in config.categories.iter().enumerate() {
        w.key(&c.id).bool(consent.category(i));
    }
    w.close().key("services").open();
    for (i, s) in config.services.iter().enumerate() {
        w.key(&s.id).bool(consent.service(i));
    }
    w.close().key("personalData").list();
    for (i, s) in config.services.iter().enumerate() {
        if s.links_personal_data {
            w.open().key("service").str(&s.id);
            w.key("recipient").str(s.recipient.get(f.lang));
            w.key("country").str(&s.country);
            w.key("granted").bool(consent.service(i)).close();
        }
    }
    w.close_list().key("signals").open().key("gpc").bool(f.gpc);
    for (key, value) in [("tcString", f.tc_string), ("gppString", f.gpp_string)] {
        if let Some(v) = value {
            w.key(key).str(v);
        }
    }
    w.close().key("url").str(f.url);
    w.key("cmp")
        .str(concat!("noren/", env!("CARGO_PKG_VERSION")));
    w.close();
    w.finish()
}

/// Milliseconds since the Unix epoch as UTC ISO 8601 (`2026-11-21T23:05:09.123Z`).
pub fn iso_time(ms: f64) -> String {
    let ms = if ms.is_finite() && ms >= 0.0 {
        ms as u64
    } else {
        0
    };
    let (days, rest) = (ms / 86_400_000, ms % 86_400_000);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    let mut s = String::with_capacity(24);
    let parts = [
        (year, 4, '-'),
        (month, 2, '-'),
        (day, 2, 'T'),
        (rest / 3_600_000, 2, ':'),
        (rest / 60_000 % 60, 2, ':'),
        (rest / 1000 % 60, 2, '.'),
        (rest % 1000, 3, 'Z'),
    ];
    for (value, width, after) in parts {
        let mut digits = String::new();
        crate::decimal::push(&mut digits, value);
        for _ in digits.len()..width {
            s.push('0');
        }
        s.push_str(&digits);
        s.push(after);
    }
    s
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::json::testing::parse;
    use crate::text::tests::lang as words;

    #[test]
    fn iso_times() {
        assert_eq!(iso_time(0.0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso_time(951_782_400_000.0), "2000-02-29T00:00:00.000Z");
        assert_eq!(iso_time(1_795_302_309_123.0), "2026-11-21T23:05:09.123Z");
        assert_eq!(iso_time(f64::NAN), "1970-01-01T00:00:00.000Z");
    }

    #[test]
    fn the_payload_is_json_with_every_field() {
        let text = r#"{"revision": 7,
            "categories": [{"id": "n", "required": true, "title": "N", "description": "N"},
                           {"id": "ads", "title": "A", "description": "A"}],
            "services": [{"id": "x", "category": "ads", "name": "X",
                          "recipient": "X \"Inc\"\n", "country": "US",
                          "recipientLinksPersonalData": true}]}"#;
        let config = Config::from_json(&parse(text)).config.unwrap();
        let mut consent = Consent::nothing(&config);
        consent.id = "cid".into();
        let json = to_json(
            &config,
            &consent,
            &Facts {
                id: "rid",
                time: 0.0,
                action: Action::RejectAll,
                from_api: true,
                lang: &words("en"),
                gpc: true,
                tc_string: None,
                gpp_string: None,
                url: "https://shop.example/a",
            },
        );
        let v: serde_json::Value = serde_json::from_str(&json).expect(&json);
        assert_eq!(
            v,
            serde_json::json!({
                "version": 1, "id": "rid", "consentId": "cid",
                "time": "1970-01-01T00:00:00.000Z", "action": "reject-all", "source": "api",
                "regime": "opt-in", "revision": 7, "language": "en",
                "categories": {"n": true, "ads": false}, "services": {"x": false},
                "personalData": [{"service": "x", "recipient": "X \"Inc\"\n", "country": "US",
                                  "granted": false}],
                "signals": {"gpc": true}, "url": "https://shop.example/a",
                "cmp": concat!("noren/", env!("CARGO_PKG_VERSION"))
            })
        );
    }

    #[test]
    fn iab_strings_join_the_signals() {
        let config = Config::from_json(&parse(
            r#"{"revision": 1, "categories": [{"id": "ads", "title": "A", "description": "A"}]}"#,
        ))
        .config
        .unwrap();
        let consent = Consent::nothing(&config);
        let facts = Facts {
            id: "r",
            time: 0.0,
            action: Action::AcceptAll,
            from_api: false,
            lang: &words("ja"),
            gpc: false,
            tc_string: Some("CQ.IA"),
            gpp_string: Some("DBABMA~CQ.IA"),
            url: "/",
        };
        let v: serde_json::Value =
            serde_json::from_str(&to_json(&config, &consent, &facts)).unwrap();
        assert_eq!(
            v["signals"],
            serde_json::json!({"gpc": false, "tcString": "CQ.IA", "gppString": "DBABMA~CQ.IA"})
        );
        assert_eq!(v["source"], "ui");
        assert!(v.get("region").is_none(), "no region when it is unknown");
        assert_eq!(Action::Gpc.name(), "gpc");
        // The region the choice was made under.
        let mut in_ca = consent.clone();
        in_ca.region = "US-CA".into();
        let v: serde_json::Value = serde_json::from_str(&to_json(&config, &in_ca, &facts)).unwrap();
        assert_eq!(v["region"], "US-CA");
    }

    /// The record is what src/noren.d.ts's `NorenRecord` says, for every action and built-in
    /// language (the match below fails to compile when an action is added, so it joins the
    /// list).
    #[test]
    fn the_record_is_what_noren_d_ts_says() {
        use Action::*;
        let config = Config::from_json(&parse(
            r#"{"revision": 2, "regime": "opt-out",
                "categories": [{"id": "ads", "title": "A", "description": "A"}],
                "services": [{"id": "x", "category": "ads", "name": "X", "recipient": "X",
                              "country": "US", "recipientLinksPersonalData": true}]}"#,
        ))
        .config
        .unwrap();
        let consent = Consent::nothing(&config);
        let actions = [AcceptAll, RejectAll, Custom, Withdrawal, Expiry, Close, Gpc];
        for action in actions {
            match action {
                AcceptAll | RejectAll | Custom | Withdrawal | Expiry | Close | Gpc => {}
            }
            for tag in crate::text::BUILT_IN {
                let lang = &words(tag);
                for (strings, from_api) in [(None, false), (Some("CQ.IA"), true)] {
                    let facts = Facts {
                        id: "r",
                        time: 1.7e12,
                        action,
                        from_api,
                        lang,
                        gpc: from_api,
                        tc_string: strings,
                        gpp_string: strings,
                        url: "https://shop.example/",
                    };
                    let json = to_json(&config, &consent, &facts);
                    crate::typings::assert_is("NorenRecord", &json, false);
                }
            }
        }
    }
}
