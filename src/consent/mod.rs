//! The consent state and its rules: what a choice grants, when a stored choice still holds,
//! and what a change withdraws.

pub mod codec;
pub mod consent_mode;
pub mod cookie_rules;
pub mod record;
pub mod region;

use crate::prelude::*;

use crate::config::{Config, Regime};

/// A visitor's decision, one flag per category and per service in config order.
#[derive(Clone, Debug, PartialEq)]
pub struct Consent {
    /// Random id of this decision (shown to the visitor, sent with records).
    pub id: String,
    /// When it was made, in milliseconds since the Unix epoch.
    pub updated_at: f64,
    /// The config revision it was made under.
    pub revision: u32,
    /// Granted categories, indexed like [`Config::categories`].
    pub categories: Vec<bool>,
    /// Granted services, indexed like [`Config::services`].
    pub services: Vec<bool>,
    /// The visitor's region it was made under (`""`: unknown, so the strictest rules).
    pub region: String,
}

/// What the visitor (or the site, through the API) asked for.
#[derive(Clone, Debug, PartialEq)]
pub enum Choice {
    /// Everything on.
    AcceptAll,
    /// Everything non-essential off.
    RejectAll,
    /// Exactly these switches (indexed like the config), as the preferences dialog sends them.
    Exact {
        /// Category switches.
        categories: Vec<bool>,
        /// Service switches.
        services: Vec<bool>,
    },
    /// Changes to some switches, by index, as `noren.update()` sends them: categories first,
    /// then services.
    Changes {
        /// (category index, on)
        categories: Vec<(usize, bool)>,
        /// (service index, on)
        services: Vec<(usize, bool)>,
    },
}

/// What the shell must do after a choice.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The new state, to store and apply.
    pub consent: Consent,
    /// Services that were granted before and are not now (their cookies go).
    pub withdrawn_services: Vec<usize>,
    /// Whether anything granted before is withdrawn (tags that ran cannot be unrun).
    pub withdrew_something: bool,
    /// Whether anything not granted before is granted now (an API call needs a user gesture for
    /// that, unless the config allows programmatic grants).
    pub granted_something: bool,
    /// Services whose declared cookies should be deleted: every service not granted now.
    pub delete_cookies_of: Vec<usize>,
}

impl Consent {
    /// Whether this category is granted.
    pub fn category(&self, i: usize) -> bool {
        self.categories.get(i).copied().unwrap_or(false)
    }

    /// Whether this service is granted.
    pub fn service(&self, i: usize) -> bool {
        self.services.get(i).copied().unwrap_or(false)
    }

    /// Whether any non-required category is granted (decides the storage lifetime).
    pub fn accepts_anything(&self, config: &Config) -> bool {
        config
            .categories
            .iter()
            .zip(&self.categories)
            .any(|(c, on)| *on && !c.required)
    }

    /// The state with nothing but required categories (and their services) granted: what
    /// applies before any choice and whenever a stored choice is invalid.
    pub fn nothing(config: &Config) -> Consent {
        let mut c = Consent {
            id: String::new(),
            updated_at: 0.0,
            revision: config.revision,
            categories: vec![false; config.categories.len()],
            services: vec![false; config.services.len()],
            region: config.regions.visitor.clone().unwrap_or_default(),
        };
        normalize(config, &mut c);
        c
    }

    /// What applies before the visitor chooses: under the opt-in regime, [`Consent::nothing`];
    /// under opt-out, everything except services whose recipient links what it receives to
    /// personal data (those need consent everywhere, APPI Art. 31) and, when the browser sends
    /// Global Privacy Control (`gpc`), the advertising categories.
    pub fn initial(config: &Config, gpc: bool) -> Consent {
        if config.regime == Regime::OptIn {
            return Consent::nothing(config);
        }
        let mut c = Consent::nothing(config);
        for (i, on) in c.categories.iter_mut().enumerate() {
            *on = !(gpc && crate::config::is_advertising(config, i));
        }
        for (i, s) in config.services.iter().enumerate() {
            c.services[i] = !s.links_personal_data;
        }
        normalize(config, &mut c);
        c
    }
}

/// Whether a tag needs no more than this: its category granted, and its service if it names
/// one. A tag naming an unknown category or service never runs.
pub fn allows(config: &Config, consent: &Consent, category: &str, service: Option<&str>) -> bool {
    let Some(cat) = config.category_index(category) else {
        return false;
    };
    match service {
        None => consent.category(cat),
        Some(id) => config
            .service_index(id)
            .is_some_and(|s| consent.category(cat) && consent.service(s)),
    }
}

/// Whether `id` (a category or a service id) is granted.
pub fn has_consent(config: &Config, consent: &Consent, id: &str) -> bool {
    if let Some(i) = config.category_index(id) {
        return consent.category(i);
    }
    config.service_index(id).is_some_and(|i| consent.service(i))
}

/// Forces required categories (and their services) on, and services of refused categories off.
fn normalize(config: &Config, c: &mut Consent) {
    for (i, cat) in config.categories.iter().enumerate() {
        if cat.required {
            c.categories[i] = true;
        }
    }
    for (i, s) in config.services.iter().enumerate() {
        if config.categories[s.category].required {
            c.services[i] = true;
        } else if !c.categories[s.category] {
            c.services[i] = false;
        }
    }
}

/// Applies a choice to the state in force (`previous`: the stored or default state).
///
/// A category switched on grants its services unless the same change names them; a category
/// switched off refuses them; a service switched on switches its category on. While the
/// browser sends Global Privacy Control (`gpc`), no advertising category is granted, whatever
/// the choice says: the signal is the visitor's standing opt-out, and every signal (Consent
/// Mode, held tags, GPP) then agrees on it.
pub fn decide(
    config: &Config,
    previous: &Consent,
    choice: &Choice,
    id: String,
    now: f64,
    gpc: bool,
) -> Outcome {
    let n_cat = config.categories.len();
    let n_svc = config.services.len();
    let (categories, services) = match choice {
        Choice::AcceptAll => (vec![true; n_cat], vec![true; n_svc]),
        Choice::RejectAll => (vec![false; n_cat], vec![false; n_svc]),
        Choice::Exact {
            categories,
            services,
        } => {
            let mut cats = categories.clone();
            cats.resize(n_cat, false);
            let mut svcs = services.clone();
            svcs.resize(n_svc, false);
            (cats, svcs)
        }
        Choice::Changes {
            categories,
            services,
        } => {
            let mut cats = previous.categories.clone();
            let mut svcs = previous.services.clone();
            for &(i, on) in categories.iter().filter(|(i, _)| *i < n_cat) {
                cats[i] = on;
                for (j, s) in config.services.iter().enumerate() {
                    if s.category == i {
                        svcs[j] = on;
                    }
                }
            }
            for &(j, on) in services.iter().filter(|(j, _)| *j < n_svc) {
                svcs[j] = on;
                if on {
                    cats[config.services[j].category] = true;
                }
            }
            (cats, svcs)
        }
    };
    let mut consent = Consent {
        id,
        updated_at: now,
        revision: config.revision,
        categories,
        services,
        region: config.regions.visitor.clone().unwrap_or_default(),
    };
    if gpc {
        for (i, on) in consent.categories.iter_mut().enumerate() {
            *on &= !crate::config::is_advertising(config, i);
        }
    }
    normalize(config, &mut consent);
    // Loops rather than iterator adapters: smaller in the browser module.
    let mut withdrawn_services = Vec::new();
    let mut delete_cookies_of = Vec::new();
    for i in 0..n_svc {
        if !consent.service(i) {
            delete_cookies_of.push(i);
            if previous.service(i) {
                withdrawn_services.push(i);
            }
        }
    }
    let granted_something = (0..n_svc).any(|i| !previous.service(i) && consent.service(i))
        || (0..n_cat).any(|i| !previous.category(i) && consent.category(i));
    let withdrew_something = !withdrawn_services.is_empty()
        || (0..n_cat).any(|i| previous.category(i) && !consent.category(i));
    Outcome {
        consent,
        withdrawn_services,
        withdrew_something,
        granted_something,
        delete_cookies_of,
    }
}

/// Whether a stored choice grants any advertising category (which Global Privacy Control then
/// takes back).
pub fn grants_advertising(config: &Config, consent: &Consent) -> bool {
    (0..config.categories.len())
        .any(|i| consent.category(i) && crate::config::is_advertising(config, i))
}

/// With the browser-enforced barrier (see the `csp` module): whether a page whose policy was
/// computed for the services granted in `served` must reload to let those granted `now` load
/// (indexed like [`Config::services`]): a service with hosts that needs consent is granted now
/// and was not then. A policy cannot be relaxed in a live page.
pub fn needs_reload(config: &Config, served: &[bool], now: &[bool]) -> bool {
    config
        .services
        .iter()
        .zip(served.iter().zip(now))
        .any(|(s, (was, is))| *is && !*was && !s.hosts.is_empty() && s.exempt.is_none())
}

/// Milliseconds in a day.
const DAY_MS: f64 = 86_400_000.0;

/// Whether a decoded stored choice still holds at `now`: made under this revision, not in the
/// future (beyond a day of clock skew), and younger than its lifetime.
pub fn still_valid(config: &Config, stored: &Consent, now: f64) -> bool {
    let days = if stored.accepts_anything(config) {
        config.cookie.accepted_days
    } else {
        config.cookie.rejected_days
    };
    stored.revision == config.revision
        && stored.updated_at <= now + DAY_MS
        && now - stored.updated_at < days as f64 * DAY_MS
}

/// Seconds the storage cookie should live for this choice.
pub fn max_age_seconds(config: &Config, consent: &Consent) -> u32 {
    let days = if consent.accepts_anything(config) {
        config.cookie.accepted_days
    } else {
        config.cookie.rejected_days
    };
    days * 86_400
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::json::testing::parse;

    /// Three categories (necessary, analytics, ads) with services in each, and `extra`
    /// (top-level members, each after a comma).
    fn config_with(extra: &str) -> Config {
        let text = r#"{"revision": 2, "categories": [
                {"id": "necessary", "required": true, "title": "N", "description": "d"},
                {"id": "analytics", "title": "A", "description": "d"},
                {"id": "ads", "title": "Ads", "description": "d"}],
              "services": [
                {"id": "cdn", "category": "necessary", "name": "CDN"},
                {"id": "ga", "category": "analytics", "name": "GA", "cookies": ["_ga"]},
                {"id": "adnet", "category": "ads", "name": "Ad network"},
                {"id": "pixel", "category": "ads", "name": "Pixel"}]EXTRA}"#
            .replace("EXTRA", extra);
        Config::from_json(&parse(&text)).config.unwrap()
    }

    pub(crate) fn config() -> Config {
        config_with("")
    }

    fn run(c: &Config, prev: &Consent, choice: Choice) -> Outcome {
        decide(c, prev, &choice, "id".into(), 1000.0, false)
    }

    #[test]
    fn gpc_keeps_advertising_refused_whatever_the_choice() {
        let c = config_with(
            r#", "consentMode": {"map": {"analytics": ["analytics_storage"],
                                          "ads": ["ad_storage", "ad_user_data"]}}"#,
        );
        let n = Consent::nothing(&c);
        let all = decide(&c, &n, &Choice::AcceptAll, "id".into(), 1.0, true).consent;
        assert_eq!(all.categories, vec![true, true, false]);
        assert_eq!(all.services, vec![true, true, false, false]);
        let ads = Choice::Changes {
            categories: vec![],
            services: vec![(2, true)],
        };
        let o = decide(&c, &all, &ads, "id".into(), 2.0, true);
        assert_eq!(o.consent.services, vec![true, true, false, false]);
        // Without the signal the same choices grant advertising.
        let o = decide(&c, &all, &ads, "id".into(), 2.0, false);
        assert_eq!(o.consent.services, vec![true, true, true, false]);
        // Over a stored choice that grants advertising, the signal and no change refuse it.
        assert!(grants_advertising(&c, &o.consent));
        let none = Choice::Changes {
            categories: vec![],
            services: vec![],
        };
        let after = decide(&c, &o.consent, &none, "id".into(), 3.0, true);
        assert_eq!(after.consent.services, vec![true, true, false, false]);
        assert!(after.withdrew_something && !after.granted_something);
        assert!(!grants_advertising(&c, &after.consent));
    }

    #[test]
    fn what_grants_more() {
        let c = config();
        let n = Consent::nothing(&c);
        let all = run(&c, &n, Choice::AcceptAll).consent;
        let grants = |prev: &Consent, choice| run(&c, prev, choice).granted_something;
        assert!(grants(&n, Choice::AcceptAll));
        assert!(!grants(&all, Choice::AcceptAll));
        assert!(!grants(&all, Choice::RejectAll));
        assert!(!grants(&n, Choice::RejectAll));
        let change = |categories, services| Choice::Changes {
            categories,
            services,
        };
        assert!(!grants(&all, change(vec![(1, false)], vec![(3, false)])));
        assert!(grants(&n, change(vec![], vec![(1, true)])));
        assert!(grants(&n, change(vec![(2, true)], vec![])));
        // Switching on what is on already, or required, or out of range grants nothing.
        assert!(!grants(&all, change(vec![(2, true)], vec![(1, true)])));
        assert!(!grants(
            &n,
            change(vec![(0, true), (9, true)], vec![(0, true), (99, true)])
        ));
    }

    #[test]
    fn opt_out_starts_granted_except_personal_data_links() {
        let text = r#"{"revision": 1, "regime": "opt-out",
            "categories": [{"id": "n", "required": true, "title": "N", "description": "N"},
                           {"id": "ads", "title": "A", "description": "A"}],
            "services": [{"id": "a", "category": "ads", "name": "A"},
                         {"id": "b", "category": "ads", "name": "B",
                          "recipientLinksPersonalData": true}]}"#;
        let c = Config::from_json(&crate::json::testing::parse(text))
            .config
            .unwrap();
        let i = Consent::initial(&c, false);
        assert_eq!(i.categories, vec![true, true]);
        assert_eq!(i.services, vec![true, false]);
        // Global Privacy Control: the advertising category starts off, without a click.
        let gpc = Consent::initial(&c, true);
        assert_eq!(gpc.categories, vec![true, false]);
        assert_eq!(gpc.services, vec![false, false]);
        let mut opt_in = c.clone();
        opt_in.regime = Regime::OptIn;
        assert_eq!(Consent::initial(&opt_in, true), Consent::nothing(&opt_in));
    }

    #[test]
    fn nothing_grants_only_required() {
        let c = config();
        let n = Consent::nothing(&c);
        assert_eq!(n.categories, vec![true, false, false]);
        assert_eq!(n.services, vec![true, false, false, false]);
        assert!(!n.accepts_anything(&c));
        assert!(allows(&c, &n, "necessary", None));
        assert!(allows(&c, &n, "necessary", Some("cdn")));
        assert!(!allows(&c, &n, "analytics", None));
        assert!(!allows(&c, &n, "unknown", None));
    }

    #[test]
    fn accept_and_reject_all() {
        let c = config();
        let n = Consent::nothing(&c);
        let all = run(&c, &n, Choice::AcceptAll);
        assert_eq!(all.consent.services, vec![true; 4]);
        assert!(all.consent.accepts_anything(&c));
        assert!(!all.withdrew_something);
        assert!(all.delete_cookies_of.is_empty());
        let none = run(&c, &all.consent, Choice::RejectAll);
        assert_eq!(none.consent.categories, vec![true, false, false]);
        assert_eq!(none.withdrawn_services, vec![1, 2, 3]);
        assert!(none.withdrew_something);
        assert_eq!(none.delete_cookies_of, vec![1, 2, 3]);
    }

    #[test]
    fn service_needs_its_category_and_its_own_switch() {
        let c = config();
        let o = run(
            &c,
            &Consent::nothing(&c),
            Choice::Exact {
                categories: vec![false, false, true],
                services: vec![false, true, true, false],
            },
        );
        // ga is on, but analytics is off: ga stays off. Required stays on.
        assert_eq!(o.consent.categories, vec![true, false, true]);
        assert_eq!(o.consent.services, vec![true, false, true, false]);
        assert!(allows(&c, &o.consent, "ads", None));
        assert!(allows(&c, &o.consent, "ads", Some("adnet")));
        assert!(!allows(&c, &o.consent, "ads", Some("pixel")));
        assert!(!allows(&c, &o.consent, "ads", Some("nope")));
        assert!(has_consent(&c, &o.consent, "adnet"));
        assert!(!has_consent(&c, &o.consent, "ga"));
    }

    #[test]
    fn partial_changes() {
        let c = config();
        let n = Consent::nothing(&c);
        let o = run(
            &c,
            &n,
            Choice::Changes {
                categories: vec![(2, true)],
                services: vec![(3, false)],
            },
        );
        assert_eq!(o.consent.services, vec![true, false, true, false]);
        let o = run(
            &c,
            &o.consent,
            Choice::Changes {
                categories: vec![],
                services: vec![(1, true)],
            },
        );
        assert_eq!(o.consent.categories, vec![true, true, true]);
        assert_eq!(o.consent.services, vec![true, true, true, false]);
        let o = run(
            &c,
            &o.consent,
            Choice::Changes {
                categories: vec![(2, false), (0, false), (9, true)],
                services: vec![(99, true)],
            },
        );
        assert_eq!(o.consent.categories, vec![true, true, false]);
        assert_eq!(o.withdrawn_services, vec![2]);
    }

    #[test]
    fn validity_revision_and_lifetimes() {
        let c = config();
        let day = DAY_MS;
        let refused = run(&c, &Consent::nothing(&c), Choice::RejectAll).consent;
        let accepted = run(&c, &Consent::nothing(&c), Choice::AcceptAll).consent;
        let t = refused.updated_at;
        assert!(still_valid(&c, &refused, t + 181.0 * day));
        assert!(!still_valid(&c, &refused, t + 182.0 * day));
        assert!(still_valid(&c, &accepted, t + 364.0 * day));
        assert!(!still_valid(&c, &accepted, t + 365.0 * day));
        assert!(
            !still_valid(&c, &accepted, t - 2.0 * day),
            "from the future"
        );
        let mut old = accepted.clone();
        old.revision = 1;
        assert!(!still_valid(&c, &old, t));
        assert_eq!(max_age_seconds(&c, &refused), 182 * 86_400);
        assert_eq!(max_age_seconds(&c, &accepted), 365 * 86_400);
    }
}
