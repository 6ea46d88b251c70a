//! The browser-enforced barrier: the Content-Security-Policy a page is served with, derived
//! from the config and the visitor's consent, so that the browser itself refuses every request
//! to a service's hosts until that service is consented (docs/barrier.md).
//!
//! Pure and native-tested; `noren csp` prints it and a server or edge function computes it per
//! request with [`for_request`]. Native only: the browser module needs only
//! [`consent::needs_reload`].
//!
//! The policy is about hosts only: it allows `'self'`, inline code, `eval`, `data:` and `blob:`
//! (none of which reaches another host) and, per fetch directive, exactly the hosts the consent
//! in force allows. Sent as a second `Content-Security-Policy` header beside the site's own,
//! both are enforced: the site's policy keeps its own restrictions (nonces, hashes, Trusted
//! Types), Noren's removes the hosts nobody consented to.

use crate::prelude::*;

use crate::config::Config;
use crate::consent::codec;
use crate::consent::{self, region, Consent};

/// What Noren itself needs besides what the config says.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Extra {
    /// The origin Noren's files are served from when it is not the page's own
    /// (`https://cdn.example.com`): allowed in `script-src` and `connect-src`.
    pub module_origin: Option<String>,
}

/// The fetch directives and what each allows whatever the consent (besides the hosts).
/// `default-src 'self'` covers the rest (`manifest-src`, `child-src`, …).
const DIRECTIVES: &[(&str, &str)] = &[
    (
        "script-src",
        "'self' 'unsafe-inline' 'unsafe-eval' 'wasm-unsafe-eval' blob:",
    ),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data: blob:"),
    ("font-src", "'self' data:"),
    ("media-src", "'self' data: blob:"),
    ("connect-src", "'self' data: blob:"),
    ("frame-src", "'self' data: blob:"),
    ("worker-src", "'self' blob:"),
    ("object-src", "'self'"),
    ("form-action", "'self'"),
];

/// The host in a canonical form (lower case, no trailing dot), or `None` unless it is a plain
/// host name of at least two labels: no scheme, port, path, wildcard, space or quote can reach
/// the policy, and a single label (`com`) would open a whole top-level domain.
pub fn plain_host(raw: &str) -> Option<String> {
    let host = raw.strip_suffix('.').unwrap_or(raw).to_ascii_lowercase();
    let labels_ok = host.split('.').all(|l| {
        (1..=63).contains(&l.len())
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    });
    (host.len() <= 253 && host.contains('.') && labels_ok).then_some(host)
}

/// `http(s)://host[:port]` of an absolute http(s) URL (the host alone for a protocol-relative one),
/// as a CSP source; `None` for a relative URL (the page's own origin) or anything else.
pub fn url_origin(url: &str) -> Option<String> {
    let (scheme, rest) = match url.split_once("//") {
        Some(("", rest)) => ("", rest),
        Some((s @ ("http:" | "https:"), rest)) => (s, rest),
        _ => return None,
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()) => {
            (h, Some(p))
        }
        Some(_) => return None,
        None => (authority, None),
    };
    let mut out = String::from(scheme);
    if !scheme.is_empty() {
        out.push_str("//");
    }
    out.push_str(&plain_host(host)?);
    if let Some(p) = port {
        out.push(':');
        out.push_str(p);
    }
    Some(out)
}

/// The values of the config's cookie in a `Cookie` request header (browsers may send several:
/// other paths, a parent domain).
pub fn cookie_values<'a>(config: &Config, cookie_header: &'a str) -> Vec<&'a str> {
    cookie_header
        .split(';')
        .filter_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            (k.trim() == config.cookie.name).then_some(v.trim())
        })
        .collect()
}

/// The config as the module resolves it for the visitor's `region` ([`region::apply`]): that
/// region's rules, or the strictest the config declares for `None` or anything
/// [`region::is_region`] refuses. [`consent_in_force`] and [`policy`] take a config resolved so.
pub fn for_region(config: &Config, region: Option<&str>) -> Config {
    let mut out = config.clone();
    region::apply(&mut out, region);
    out
}

/// The consent that applies when the browser holds these values of Noren's cookie, with
/// `config` resolved for the visitor's region ([`for_region`]): the stored choice if it
/// decodes, is for this revision, has not expired and still holds in that region
/// ([`region::holds`]: a choice made under less strict rules is asked again), else what
/// applies before any choice ([`Consent::initial`]: nothing under opt-in). With several
/// values, only what every one of them grants is granted, and one that does not hold voids
/// them all.
pub fn consent_in_force(config: &Config, values: &[&str], now: f64, gpc: bool) -> Consent {
    let mut in_force: Option<Consent> = None;
    for value in values {
        let stored = match codec::decode(config, value) {
            Ok(c) if consent::still_valid(config, &c, now) && region::holds(config, &c) => c,
            _ => return Consent::initial(config, gpc),
        };
        in_force = Some(match in_force {
            None => stored,
            Some(mut both) => {
                let and =
                    |a: &mut Vec<bool>, b: &[bool]| a.iter_mut().zip(b).for_each(|(x, y)| *x &= y);
                and(&mut both.categories, &stored.categories);
                and(&mut both.services, &stored.services);
                both
            }
        });
    }
    in_force.unwrap_or_else(|| Consent::initial(config, gpc))
}

/// Whether the service at `i` may load: exempt from consent (`exempt`), in a required
/// category, or consented.
fn service_allowed(config: &Config, consent: &Consent, i: usize) -> bool {
    let s = &config.services[i];
    s.exempt.is_some()
        || config
            .categories
            .get(s.category)
            .is_some_and(|c| c.required)
        || (consent.category(s.category) && consent.service(i))
}

/// The hosts this consent allows: every allowed service's hosts, then `allowHosts`, canonical
/// and without repeats. Values that are not plain hosts are left out.
pub fn allowed_hosts(config: &Config, consent: &Consent) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let services = (0..config.services.len()).filter(|&i| service_allowed(config, consent, i));
    let hosts = services
        .flat_map(|i| config.services[i].hosts.iter())
        .chain(config.allow_hosts.iter());
    for h in hosts.filter_map(|h| plain_host(h)) {
        if !out.contains(&h) {
            out.push(h);
        }
    }
    out
}

/// The policy for this consent: one line, directives separated by `; `.
pub fn policy(config: &Config, consent: &Consent, extra: &Extra) -> String {
    // Noren's own requests: its files, consent records, the vendor list, the logo.
    let mut own_connect: Vec<String> = Vec::new();
    own_connect.extend(config.record_url.as_deref().and_then(url_origin));
    own_connect.extend(config.tcf.as_ref().and_then(|t| url_origin(&t.gvl_url)));
    let logo = config
        .look
        .logo
        .as_ref()
        .and_then(|(src, _)| url_origin(src));
    let hosts = allowed_hosts(config, consent);
    render(&hosts, extra, &own_connect, logo.as_deref())
}

/// The policy when there is no usable config: no host but Noren's own files'. Serve it rather
/// than none, so that a broken config fails closed.
pub fn strictest(extra: &Extra) -> String {
    render(&[], extra, &[], None)
}

fn render(hosts: &[String], extra: &Extra, own_connect: &[String], logo: Option<&str>) -> String {
    let module = extra.module_origin.as_deref().and_then(url_origin);
    let mut out = String::from("default-src 'self'");
    for (name, base) in DIRECTIVES {
        out.push_str("; ");
        out.push_str(name);
        out.push(' ');
        out.push_str(base);
        let mut sources: Vec<&str> = Vec::new();
        match *name {
            "script-src" => sources.extend(module.as_deref()),
            "connect-src" => {
                sources.extend(module.as_deref());
                sources.extend(own_connect.iter().map(String::as_str));
            }
            "img-src" => sources.extend(logo),
            _ => {}
        }
        for source in sources {
            out.push(' ');
            out.push_str(source);
        }
        // A source without a scheme does not match WebSocket URLs (Chromium): connect-src
        // names them (`ws:` is refused on https pages anyway, as mixed content).
        let schemes: &[&str] = if *name == "connect-src" {
            &["", "ws://", "wss://"]
        } else {
            &[""]
        };
        for h in hosts {
            for scheme in schemes {
                for sub in ["", "*."] {
                    out.push(' ');
                    out.push_str(scheme);
                    out.push_str(sub);
                    out.push_str(h);
                }
            }
        }
    }
    out.push_str("; base-uri 'self'");
    out
}

/// The policy for a request: the config resolved for the visitor's `region` (the value the
/// page's `data-region` gets; `None`: unknown, the strictest rules), [`consent_in_force`] from
/// its `Cookie` header (and its `Sec-GPC` header, `gpc`), then [`policy`]. `now` is in
/// milliseconds since the Unix epoch.
pub fn for_request(
    config: &Config,
    region: Option<&str>,
    cookie_header: Option<&str>,
    now: f64,
    gpc: bool,
    extra: &Extra,
) -> String {
    let config = &for_region(config, region);
    let values = cookie_header.map_or_else(Vec::new, |h| cookie_values(config, h));
    policy(config, &consent_in_force(config, &values, now, gpc), extra)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::consent::{decide, needs_reload, Choice};
    use crate::json::testing::parse;

    const NOW: f64 = 1_780_000_000_000.0;

    fn config(extra: &str) -> Config {
        let text = format!(
            r#"{{"revision": 3, {extra} "categories": [
                {{"id": "necessary", "required": true, "title": "N", "description": "d"}},
                {{"id": "analytics", "title": "A", "description": "d"}},
                {{"id": "ads", "title": "Ads", "description": "d"}}],
              "services": [
                {{"id": "cdn", "category": "necessary", "name": "CDN", "hosts": ["cdn.example.net"]}},
                {{"id": "ga", "category": "analytics", "name": "GA",
                  "hosts": ["www.Google-Analytics.com", "stats.example.org"]}},
                {{"id": "adnet", "category": "ads", "name": "Ads", "hosts": ["ads.example.com"]}},
                {{"id": "px", "category": "ads", "name": "Pixel", "hosts": ["px.example.com"]}},
                {{"id": "chat", "category": "ads", "name": "Chat", "exempt": "necessary",
                  "hosts": ["chat.example.jp"]}},
                {{"id": "nohost", "category": "analytics", "name": "No hosts"}}]}}"#
        );
        let parsed = Config::from_json(&parse(&text));
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        parsed.config.unwrap()
    }

    fn chosen(config: &Config, choice: Choice) -> Consent {
        let base = Consent::nothing(config);
        decide(
            config,
            &base,
            &choice,
            "AAAAAAAAAAAA".into(),
            NOW - 1000.0,
            false,
        )
        .consent
    }

    fn directive<'a>(policy: &'a str, name: &str) -> &'a str {
        policy
            .split("; ")
            .find(|d| d.split(' ').next() == Some(name))
            .unwrap_or_else(|| panic!("no {name} in {policy}"))
    }

    #[test]
    fn before_any_choice_only_necessary_exempt_and_allowed_hosts() {
        let c = config(r#""allowHosts": ["Static.Example.com"],"#);
        for cookie in [None, Some(""), Some("other=1"), Some("noren=garbage")] {
            let p = for_request(&c, None, cookie, NOW, false, &Extra::default());
            assert_eq!(
                directive(&p, "script-src"),
                "script-src 'self' 'unsafe-inline' 'unsafe-eval' 'wasm-unsafe-eval' blob: \
                 cdn.example.net *.cdn.example.net chat.example.jp *.chat.example.jp \
                 static.example.com *.static.example.com",
                "{cookie:?}"
            );
            assert!(!p.contains("google") && !p.contains("ads.") && !p.contains("px."));
        }
    }

    #[test]
    fn the_whole_policy_before_a_choice() {
        let c = config("");
        let p = policy(&c, &Consent::nothing(&c), &Extra::default());
        let h = "cdn.example.net *.cdn.example.net chat.example.jp *.chat.example.jp";
        let ws = "cdn.example.net *.cdn.example.net ws://cdn.example.net ws://*.cdn.example.net \
                  wss://cdn.example.net wss://*.cdn.example.net chat.example.jp *.chat.example.jp \
                  ws://chat.example.jp ws://*.chat.example.jp wss://chat.example.jp \
                  wss://*.chat.example.jp";
        assert_eq!(
            p,
            format!(
                "default-src 'self'; \
                 script-src 'self' 'unsafe-inline' 'unsafe-eval' 'wasm-unsafe-eval' blob: {h}; \
                 style-src 'self' 'unsafe-inline' {h}; img-src 'self' data: blob: {h}; \
                 font-src 'self' data: {h}; media-src 'self' data: blob: {h}; \
                 connect-src 'self' data: blob: {ws}; frame-src 'self' data: blob: {h}; \
                 worker-src 'self' blob: {h}; object-src 'self' {h}; form-action 'self' {h}; \
                 base-uri 'self'"
            )
        );
    }

    #[test]
    fn after_a_choice_exactly_the_consented_services_hosts() {
        let c = config("");
        let only_ga = chosen(
            &c,
            Choice::Changes {
                categories: vec![],
                services: vec![(1, true)],
            },
        );
        let cookie = format!("a=b; noren={}; c=d", codec::encode(&c, &only_ga));
        let p = for_request(&c, None, Some(&cookie), NOW, false, &Extra::default());
        let connect = directive(&p, "connect-src");
        for h in ["www.google-analytics.com", "*.stats.example.org"] {
            assert!(connect.split(' ').any(|t| t == h), "{h} in {connect}");
        }
        assert!(!p.contains("ads.example.com") && !p.contains("px.example.com"));

        let all = chosen(&c, Choice::AcceptAll);
        let p = policy(&c, &all, &Extra::default());
        assert!(directive(&p, "img-src").contains(" px.example.com *.px.example.com"));
        let none = chosen(&c, Choice::RejectAll);
        assert_eq!(
            policy(&c, &none, &Extra::default()),
            policy(&c, &Consent::nothing(&c), &Extra::default())
        );
    }

    #[test]
    fn expired_future_and_other_revision_choices_grant_nothing() {
        let c = config("");
        let all = chosen(&c, Choice::AcceptAll);
        let cookie = format!("noren={}", codec::encode(&c, &all));
        let strict = policy(&c, &Consent::nothing(&c), &Extra::default());
        assert_ne!(
            for_request(&c, None, Some(&cookie), NOW, false, &Extra::default()),
            strict
        );
        let year = 366.0 * 86_400_000.0;
        assert_eq!(
            for_request(
                &c,
                None,
                Some(&cookie),
                NOW + year,
                false,
                &Extra::default()
            ),
            strict
        );
        assert_eq!(
            for_request(
                &c,
                None,
                Some(&cookie),
                NOW - year,
                false,
                &Extra::default()
            ),
            strict
        );
        let mut newer = c.clone();
        newer.revision = 4;
        let strict4 = policy(&newer, &Consent::nothing(&newer), &Extra::default());
        assert_eq!(
            for_request(&newer, None, Some(&cookie), NOW, false, &Extra::default()),
            strict4
        );
    }

    #[test]
    fn several_cookies_grant_only_what_all_grant() {
        let c = config("");
        let all = codec::encode(&c, &chosen(&c, Choice::AcceptAll));
        let none = codec::encode(&c, &chosen(&c, Choice::RejectAll));
        let strict = policy(&c, &Consent::nothing(&c), &Extra::default());
        for header in [
            format!("noren={all}; noren={none}"),
            format!("noren={none}; noren={all}"),
            format!("noren={all}; noren=junk"),
        ] {
            assert_eq!(
                for_request(&c, None, Some(&header), NOW, false, &Extra::default()),
                strict
            );
        }
        let renamed = config(r#""cookie": {"name": "choice"},"#);
        let p = for_request(
            &renamed,
            None,
            Some(&format!("noren={all}")),
            NOW,
            false,
            &Extra::default(),
        );
        assert!(
            !p.contains("ads.example.com"),
            "another cookie name is not read"
        );
    }

    #[test]
    fn opt_out_regime_follows_its_defaults_and_gpc() {
        let c = config(r#""regime": "opt-out","#);
        let p = for_request(&c, None, None, NOW, false, &Extra::default());
        assert!(p.contains(" ads.example.com") && p.contains(" www.google-analytics.com"));
        let p = for_request(&c, None, None, NOW, true, &Extra::default());
        assert!(!p.contains("ads.example.com"), "GPC refuses advertising");
        assert!(p.contains(" www.google-analytics.com"));
    }

    #[test]
    fn a_choice_made_under_less_strict_rules_opens_no_host_in_a_stricter_region() {
        let c = config(
            r#""regions": {"JP": {"regime": "opt-out"}, "US": {"regime": "opt-out"}, "EU": {"regime": "opt-in"}},"#,
        );
        // Accept all, stored under Japan's rules (as the banner writes it there).
        let jp = for_region(&c, Some("JP"));
        let all = chosen(&jp, Choice::AcceptAll);
        assert_eq!(all.region, "JP");
        let cookie = format!("noren={}", codec::encode(&jp, &all));
        let at = |region: Option<&str>, gpc: bool| {
            for_request(&c, region, Some(&cookie), NOW, gpc, &Extra::default())
        };
        // Where it was made and in an equally lax region: the choice.
        assert!(at(Some("JP"), false).contains(" ads.example.com"));
        assert!(at(Some("US-CA"), false).contains(" ads.example.com"));
        // In the EU, and where the region is unknown (the strictest rules): asked again, so
        // what applies before a choice there (opt-in: nothing).
        let strict = policy(&c, &Consent::nothing(&c), &Extra::default());
        for region in [Some("DE"), None, Some("Germany"), Some("de")] {
            assert_eq!(at(region, false), strict, "{region:?}");
        }
        // A choice made in the EU holds everywhere.
        let fr = for_region(&c, Some("FR"));
        let cookie = format!(
            "noren={}",
            codec::encode(&fr, &chosen(&fr, Choice::AcceptAll))
        );
        for region in [Some("DE"), Some("JP"), None] {
            let p = for_request(&c, region, Some(&cookie), NOW, false, &Extra::default());
            assert!(p.contains(" ads.example.com"), "{region:?}");
        }
        // Before any choice, each region's own regime: Japan's opt-out defaults (GPC refusing
        // advertising), the EU's and an unknown region's opt-in nothing.
        let none = |region, gpc| for_request(&c, region, None, NOW, gpc, &Extra::default());
        assert!(none(Some("JP"), false).contains(" ads.example.com"));
        assert!(!none(Some("JP"), true).contains(" ads.example.com"));
        assert!(none(Some("JP"), true).contains(" www.google-analytics.com"));
        assert_eq!(none(Some("DE"), false), strict);
        assert_eq!(none(None, false), strict);
    }

    #[test]
    fn noren_own_origins_are_allowed_where_it_needs_them() {
        let c = config(
            r#""recordUrl": "https://records.example.com:8443/r?x", "logo": {"src": "//img.example.com/l.svg", "alt": "L"},"#,
        );
        let extra = Extra {
            module_origin: Some("https://cdn.noren.example/noren/".into()),
        };
        let p = policy(&c, &Consent::nothing(&c), &extra);
        assert!(directive(&p, "script-src").contains("blob: https://cdn.noren.example cdn."));
        assert!(directive(&p, "connect-src")
            .contains("blob: https://cdn.noren.example https://records.example.com:8443 cdn."));
        assert!(directive(&p, "img-src").contains("blob: img.example.com cdn."));
        assert!(!directive(&p, "frame-src").contains("noren.example"));
    }

    #[test]
    fn hostile_values_never_widen_the_policy() {
        for bad in [
            "*",
            "*.com",
            "com",
            "https://x.com",
            "x.com:443",
            "x.com/path",
            "x.com;script-src *",
            "x.com 'unsafe-inline'",
            "x.com\n",
            "-x.com",
            "x..com",
            "",
            ".",
            "x.com,y.com",
            "'self'.com",
            "x.com\u{0}",
        ] {
            assert_eq!(plain_host(bad), None, "{bad:?}");
        }
        assert_eq!(
            plain_host("ADS.Example.COM."),
            Some("ads.example.com".into())
        );
        for bad in [
            "javascript://x.com",
            "https://*.x.com",
            "https://x.com:*",
            "https://x.com:99999a",
            "https://user@x.com",
            "https://x.com;a",
            "data://x.com",
            "/relative",
            "x.com",
        ] {
            assert_eq!(url_origin(bad), None, "{bad:?}");
        }
        // A config built around validation: bad values are left out, never copied.
        let mut c = config("");
        c.services[0].hosts = vec!["* 'unsafe-eval'; default-src *".into(), "com".into()];
        c.allow_hosts = vec!["https://evil.example".into()];
        let extra = Extra {
            module_origin: Some("https://x.com; script-src *".into()),
        };
        let p = policy(&c, &Consent::nothing(&c), &extra);
        assert!(!p.split([' ', ';']).any(|t| t == "*"), "{p}");
        assert!(
            !p.contains("evil") && !p.contains("x.com") && !p.contains(" com"),
            "{p}"
        );
        assert_eq!(p.matches("script-src").count(), 1);
        assert_eq!(p.matches("default-src").count(), 1);
    }

    #[test]
    fn hosts_in_the_config_are_canonical_and_checked() {
        let parsed = Config::from_json(&parse(
            r#"{"revision": 1, "allowHosts": ["CDN.example.com", "bad host"],
                "categories": [{"id": "a", "title": "A", "description": "d"}]}"#,
        ));
        assert_eq!(parsed.errors.len(), 1, "{:?}", parsed.errors);
        assert_eq!(parsed.errors[0].path, "allowHosts[1]");
        let c = config(r#""barrier": "csp", "blockUnknownHosts": true,"#);
        assert!(c.csp_barrier && c.block_unknown_hosts);
        assert!(!config("").csp_barrier);
        let bad = Config::from_json(&parse(
            r#"{"revision": 1, "barrier": "hooks",
                "categories": [{"id": "a", "title": "A", "description": "d"}]}"#,
        ));
        assert_eq!(bad.errors[0].line(), "barrier: must be one of: none, csp");
    }

    #[test]
    fn without_a_config_no_host_but_norens_own() {
        let extra = Extra {
            module_origin: Some("https://cdn.noren.example".into()),
        };
        let p = strictest(&extra);
        assert!(p.starts_with("default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval' 'wasm-unsafe-eval' blob: https://cdn.noren.example; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:;"), "{p}");
        assert_eq!(
            p.matches("cdn.noren.example").count(),
            2,
            "script-src and connect-src"
        );
    }

    #[test]
    fn reload_only_for_a_newly_allowed_host() {
        let c = config("");
        let nothing = Consent::nothing(&c);
        let all = chosen(&c, Choice::AcceptAll);
        let none = chosen(&c, Choice::RejectAll);
        let no_host_only = chosen(
            &c,
            Choice::Changes {
                categories: vec![],
                services: vec![(5, true)],
            },
        );
        let reload = |a: &Consent, b: &Consent| needs_reload(&c, &a.services, &b.services);
        assert!(reload(&nothing, &all));
        assert!(
            !reload(&nothing, &none),
            "refusal: the policy already refuses"
        );
        assert!(
            !reload(&all, &none),
            "withdrawal: stricter than needed is fine"
        );
        assert!(!reload(&all, &all));
        assert!(
            !reload(&nothing, &no_host_only),
            "a service with no hosts needs no new host"
        );
        let mut exempt_only = nothing.clone();
        exempt_only.services[4] = true;
        assert!(
            !reload(&nothing, &exempt_only),
            "an exempt service's hosts are always allowed"
        );
    }
}
