//! The storage codec: a consent state ⇄ a short cookie value.
//!
//! `1.<id>.<time>.<revision>.<fingerprint>.<categories>.<services>[.<region>]`
//!
//! - `1`: the format version. Any other version is not read.
//! - `id`: the decision's random id (base64url, 8–32 characters).
//! - `time`: milliseconds since the epoch, base 36.
//! - `revision`: the config revision, base 36.
//! - `fingerprint`: a hash (base 36) of the category and service ids, their order, categories'
//!   `required` flags and services' categories. Flags are stored by position, so a config whose
//!   lists changed cannot reuse them: the visitor is asked again.
//! - `categories`, `services`: one bit per entry in config order, six to a base64url character.
//! - `region`: the visitor's region the choice was made under (`DE`, `US-CA`), absent when it
//!   was unknown.
//!
//! 100 services take 17 characters. Every character is cookie-safe. Decoding never panics and
//! rejects anything that is not exactly what [`encode`] writes.

use crate::prelude::*;

use crate::config::Config;
use crate::consent::Consent;

/// Why a stored value was not used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Not a value this version of Noren writes (unknown version, wrong shape, bad characters).
    Corrupt,
    /// Written for a config whose categories or services have changed since.
    ConfigChanged,
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn b64_value(c: u8) -> Option<u8> {
    B64.iter().position(|&x| x == c).map(|p| p as u8)
}

/// A 32-bit FNV-1a hash of the config's shape.
pub fn fingerprint(config: &Config) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            h ^= b as u32;
            h = h.wrapping_mul(0x0100_0193);
        }
    };
    for c in &config.categories {
        eat(c.id.as_bytes());
        eat(if c.required { b"!" } else { b"," });
    }
    eat(b"|");
    for s in &config.services {
        eat(s.id.as_bytes());
        eat(b":");
        eat(&(s.category as u32).to_le_bytes());
    }
    h
}

fn base36(mut n: u64, out: &mut String) {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut buf = [0u8; 13];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = DIGITS[(n % 36) as usize];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    for &b in &buf[i..] {
        out.push(b as char);
    }
}

/// Base 36 without sign or leading zeros (so each number has exactly one form).
/// 9999-12-31T23:59:59.999Z in milliseconds: the latest time a stored choice can carry.
const LAST_TIME: u64 = 253_402_300_799_999;

fn parse_base36(s: &str, max: u64) -> Option<u64> {
    if s.is_empty() || s.len() > 13 || (s.len() > 1 && s.starts_with('0')) {
        return None;
    }
    let mut n: u64 = 0;
    for c in s.bytes() {
        let d = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'z' => c - b'a' + 10,
            _ => return None,
        };
        n = n.checked_mul(36)?.checked_add(d as u64)?;
    }
    (n <= max).then_some(n)
}

fn bits(flags: &[bool], out: &mut String) {
    for chunk in flags.chunks(6) {
        let v = chunk
            .iter()
            .enumerate()
            .fold(0u8, |acc, (i, &on)| acc | ((on as u8) << i));
        out.push(B64[v as usize] as char);
    }
}

fn parse_bits(s: &str, n: usize) -> Option<Vec<bool>> {
    if s.len() != n.div_ceil(6) {
        return None;
    }
    let mut flags = Vec::with_capacity(n);
    for (ci, c) in s.bytes().enumerate() {
        let v = b64_value(c)?;
        let here = (n - ci * 6).min(6);
        if v >> here != 0 {
            return None; // bits beyond the last entry
        }
        for i in 0..here {
            flags.push(v & (1 << i) != 0);
        }
    }
    Some(flags)
}

/// Whether `id` is a decision id the codec accepts.
pub fn is_valid_consent_id(id: &str) -> bool {
    (8..=32).contains(&id.len()) && id.bytes().all(|b| b64_value(b).is_some())
}

/// Turns random bytes into a decision id (base64url, one character per byte).
pub fn consent_id(random: &[u8]) -> String {
    let mut id = String::new();
    for b in random {
        id.push(B64[(b & 63) as usize] as char);
    }
    id
}

/// Which of several stored values is the visitor's choice (the browser sends one `noren`
/// cookie per domain and path it was set on): of those that decode for this config, the one
/// made last, whatever it says and whether or not it still holds, so an older acceptance never
/// outlives a later refusal. Two different values with the same time: nobody can tell which
/// came last, so neither ([`DecodeError::Corrupt`]: ask again). With no value that decodes,
/// the last reason. The loader's Consent Mode replay follows the same rule (the newest time).
pub fn newest(config: &Config, values: &[&str]) -> Result<Consent, DecodeError> {
    let mut best: Result<Consent, DecodeError> = Err(DecodeError::Corrupt);
    let mut tie = false;
    for v in values {
        match (decode(config, v), &best) {
            (Ok(c), Ok(b)) if c.updated_at == b.updated_at => tie |= c != *b,
            (Ok(c), Ok(b)) if c.updated_at < b.updated_at => {}
            (Ok(c), _) => {
                best = Ok(c);
                tie = false;
            }
            (Err(e), Err(_)) => best = Err(e),
            (Err(_), Ok(_)) => {}
        }
    }
    if tie {
        return Err(DecodeError::Corrupt);
    }
    best
}

/// Encodes a state for the cookie.
pub fn encode(config: &Config, consent: &Consent) -> String {
    let mut s = String::with_capacity(48 + consent.services.len() / 6);
    s.push_str("1.");
    s.push_str(&consent.id);
    s.push('.');
    base36(consent.updated_at.max(0.0) as u64, &mut s);
    s.push('.');
    base36(consent.revision as u64, &mut s);
    s.push('.');
    base36(fingerprint(config) as u64, &mut s);
    s.push('.');
    bits(&consent.categories, &mut s);
    s.push('.');
    bits(&consent.services, &mut s);
    if !consent.region.is_empty() {
        s.push('.');
        s.push_str(&consent.region);
    }
    s
}

/// Decodes a cookie value written by [`encode`] for this config. Never panics.
pub fn decode(config: &Config, value: &str) -> Result<Consent, DecodeError> {
    let mut parts = value.split('.');
    let mut next = || parts.next().ok_or(DecodeError::Corrupt);
    if next()? != "1" {
        return Err(DecodeError::Corrupt);
    }
    let id = next()?;
    let time = next()?;
    let revision = next()?;
    let print = next()?;
    let cats = next()?;
    let svcs = next()?;
    let region = parts.next();
    let region_ok = region.is_none_or(crate::consent::region::is_region);
    if parts.next().is_some() || !is_valid_consent_id(id) || !region_ok {
        return Err(DecodeError::Corrupt);
    }
    // Times up to the last millisecond of the year 9999 (what an ISO 8601 date without a sign
    // can say); anything larger is not a time this codec wrote.
    let updated_at = parse_base36(time, LAST_TIME).ok_or(DecodeError::Corrupt)?;
    let revision = parse_base36(revision, u32::MAX as u64).ok_or(DecodeError::Corrupt)?;
    let print = parse_base36(print, u32::MAX as u64).ok_or(DecodeError::Corrupt)?;
    if print != fingerprint(config) as u64 {
        return Err(DecodeError::ConfigChanged);
    }
    let categories = parse_bits(cats, config.categories.len()).ok_or(DecodeError::Corrupt)?;
    let services = parse_bits(svcs, config.services.len()).ok_or(DecodeError::Corrupt)?;
    // A hand-edited value must not switch off what is required or grant a service whose
    // category is refused: such a value was not written by `encode`.
    // (`parse_bits` made one flag per category and per service.)
    for (c, on) in config.categories.iter().zip(&categories) {
        if c.required && !on {
            return Err(DecodeError::Corrupt);
        }
    }
    for (s, on) in config.services.iter().zip(&services) {
        if *on && !categories[s.category] {
            return Err(DecodeError::Corrupt);
        }
    }
    Ok(Consent {
        id: id.to_string(),
        updated_at: updated_at as f64,
        revision: revision as u32,
        categories,
        services,
        region: region.unwrap_or_default().to_string(),
    })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::consent::{decide, Choice};
    use crate::json::testing::parse;
    use proptest::prelude::*;

    fn config_with(n_services: usize) -> Config {
        let services: Vec<String> = (0..n_services)
            .map(|i| {
                let cat = ["necessary", "analytics", "ads"][i % 3];
                format!(r#"{{"id": "service-number-{i}", "category": "{cat}", "name": "S"}}"#)
            })
            .collect();
        let json = format!(
            r#"{{"revision": 7, "categories": [
                {{"id": "necessary", "required": true, "title": "N", "description": "d"}},
                {{"id": "analytics", "title": "A", "description": "d"}},
                {{"id": "ads", "title": "Ads", "description": "d"}}],
              "services": [{}]}}"#,
            services.join(",")
        );
        Config::from_json(&parse(&json)).config.unwrap()
    }

    fn sample(config: &Config, choice: Choice) -> Consent {
        let nothing = Consent::nothing(config);
        decide(
            config,
            &nothing,
            &choice,
            "AbCdEfGh12345678".into(),
            1_790_000_000_123.0,
            false,
        )
        .consent
    }

    #[test]
    fn round_trip_and_shape() {
        let c = config_with(4);
        let consent = sample(&c, Choice::AcceptAll);
        let v = encode(&c, &consent);
        assert!(v.starts_with("1.AbCdEfGh12345678."), "{v}");
        assert_eq!(v.split('.').count(), 7);
        assert_eq!(decode(&c, &v), Ok(consent));
    }

    #[test]
    fn a_time_after_the_year_9999_is_not_a_time() {
        let c = config_with(4);
        let mut consent = sample(&c, Choice::AcceptAll);
        consent.updated_at = LAST_TIME as f64;
        let v = encode(&c, &consent);
        assert_eq!(decode(&c, &v), Ok(consent.clone()));
        assert_eq!(
            crate::consent::record::iso_time(LAST_TIME as f64),
            "9999-12-31T23:59:59.999Z"
        );
        let b36 = |n| {
            let mut s = String::new();
            base36(n, &mut s);
            s
        };
        let after = v.replace(&b36(LAST_TIME), &b36(LAST_TIME + 1));
        assert_ne!(after, v);
        assert_eq!(decode(&c, &after), Err(DecodeError::Corrupt));
    }

    #[test]
    fn the_region_round_trips_and_only_a_region_is_read() {
        let c = config_with(4);
        let mut consent = sample(&c, Choice::AcceptAll);
        consent.region = "US-CA".into();
        let v = encode(&c, &consent);
        assert!(v.ends_with(".US-CA"), "{v}");
        assert_eq!(decode(&c, &v), Ok(consent.clone()));
        consent.region = "JP".into();
        assert_eq!(decode(&c, &encode(&c, &consent)), Ok(consent));
        let plain = encode(&c, &sample(&c, Choice::AcceptAll));
        for bad in [".", ".us-ca", ".Germany", ".US-", ".DE.x", ".<b>"] {
            let v = plain.clone() + bad;
            assert_eq!(decode(&c, &v), Err(DecodeError::Corrupt), "{v}");
        }
    }

    #[test]
    fn hundred_services_stay_small() {
        let c = config_with(100);
        let v = encode(&c, &sample(&c, Choice::AcceptAll));
        assert!(v.len() < 80, "{} bytes: {v}", v.len());
        assert!(v
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b)));
    }

    #[test]
    fn rejects_other_versions_shapes_and_configs() {
        let c = config_with(4);
        let v = encode(&c, &sample(&c, Choice::RejectAll));
        assert_eq!(decode(&c, ""), Err(DecodeError::Corrupt));
        assert_eq!(
            decode(&c, &v.replacen('1', "2", 1)),
            Err(DecodeError::Corrupt)
        );
        assert_eq!(decode(&c, &(v.clone() + ".x")), Err(DecodeError::Corrupt));
        assert_eq!(decode(&c, &v[..v.len() - 1]), Err(DecodeError::Corrupt));
        assert_eq!(decode(&config_with(5), &v), Err(DecodeError::ConfigChanged));
        // A value granting a service whose category is refused, or refusing a required
        // category, was edited by hand.
        let mut parts: Vec<String> = v.split('.').map(String::from).collect();
        parts[6] = "P".into(); // services 0..3 = 1,1,1,1 while analytics/ads are off
        assert_eq!(decode(&c, &parts.join(".")), Err(DecodeError::Corrupt));
        parts[6] = "B".into();
        parts[5] = "A".into(); // necessary off
        assert_eq!(decode(&c, &parts.join(".")), Err(DecodeError::Corrupt));
        // Leading zeros and upper case are not forms encode writes.
        let mut parts: Vec<String> = v.split('.').map(String::from).collect();
        parts[3] = "07".into();
        assert_eq!(decode(&c, &parts.join(".")), Err(DecodeError::Corrupt));
    }

    #[test]
    fn the_newest_stored_value_wins_whatever_it_says() {
        let c = config_with(4);
        let at = |choice, time: f64| {
            let mut consent = sample(&c, choice);
            consent.updated_at = time;
            consent
        };
        let old_yes = at(Choice::AcceptAll, 1_000_000.0);
        let new_no = at(Choice::RejectAll, 2_000_000.0);
        let (yes, no) = (encode(&c, &old_yes), encode(&c, &new_no));
        assert_eq!(newest(&c, &[&yes, &no]), Ok(new_no.clone()));
        assert_eq!(newest(&c, &[&no, &yes]), Ok(new_no.clone()));
        // Values that do not decode are passed over; a duplicate of the same value is fine.
        assert_eq!(newest(&c, &["junk", &yes, "1.x"]), Ok(old_yes.clone()));
        assert_eq!(newest(&c, &[&yes, &yes]), Ok(old_yes.clone()));
        assert_eq!(newest(&c, &["junk"]), Err(DecodeError::Corrupt));
        assert_eq!(newest(&c, &[]), Err(DecodeError::Corrupt));
        assert_eq!(
            newest(&config_with(5), &[&yes]),
            Err(DecodeError::ConfigChanged)
        );
        // Two different choices with the same time: nobody knows which came last.
        let same_time_no = encode(&c, &at(Choice::RejectAll, 1_000_000.0));
        assert_eq!(
            newest(&c, &[&yes, &same_time_no]),
            Err(DecodeError::Corrupt)
        );
        assert_eq!(newest(&c, &[&yes, &same_time_no, &no]), Ok(new_no));
    }

    #[test]
    fn bits_beyond_the_list_are_rejected() {
        assert_eq!(parse_bits("B", 1), Some(vec![true]));
        assert_eq!(parse_bits("C", 1), None);
        assert_eq!(parse_bits("", 0), Some(vec![]));
        assert_eq!(parse_bits("A", 0), None);
        assert_eq!(parse_bits("__B", 13), Some(vec![true; 13]));
    }

    #[test]
    fn base36_round_trip() {
        for n in [0u64, 1, 35, 36, 1_790_000_000_123, u32::MAX as u64] {
            let mut s = String::new();
            base36(n, &mut s);
            assert_eq!(parse_base36(&s, u64::MAX), Some(n));
        }
        assert_eq!(parse_base36("-1", u64::MAX), None);
        assert_eq!(parse_base36("zzzzzzzzzzzzzz", u64::MAX), None);
    }

    proptest! {
        #[test]
        fn any_state_round_trips(
            n in 0usize..120,
            flags in proptest::collection::vec(any::<bool>(), 123),
            time in 0u64..253_402_300_800_000,
            id in "[A-Za-z0-9_-]{8,32}",
            region in "|[A-Z]{2}|[A-Z]{2}-[A-Z0-9]{1,3}",
        ) {
            let c = config_with(n);
            let nothing = Consent::nothing(&c);
            let choice = Choice::Exact {
                categories: flags[..3].to_vec(),
                services: flags[3..3 + n].to_vec(),
            };
            let mut consent = decide(&c, &nothing, &choice, id, time as f64, false).consent;
            consent.region = region;
            prop_assert_eq!(decode(&c, &encode(&c, &consent)), Ok(consent));
        }

        #[test]
        fn arbitrary_text_never_panics(s in ".{0,200}") {
            let c = config_with(10);
            let _ = decode(&c, &s);
            let _ = newest(&c, &[&s, "1.x"]);
        }

        #[test]
        fn near_valid_text_never_panics(s in "1\\.[A-Za-z0-9_.-]{0,80}") {
            let c = config_with(10);
            if let Ok(consent) = decode(&c, &s) {
                // Whatever decodes re-encodes to the same text: one form per state.
                prop_assert_eq!(encode(&c, &consent), s);
            }
        }
    }
}
