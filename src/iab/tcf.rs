//! IAB TCF v2.2 decisions: what the interface discloses (from the GVL and the site's vendor
//! list), the visitor's choices, the TC string they make, and whether a stored string still
//! holds. The shell stores the string and answers `__tcfapi` with [`crate::iab::api`].

use crate::config::{PubRestriction, RestrictionKind, TcfSettings};
use crate::iab::gvl::Gvl;
use crate::iab::tc_string::{self, Restriction, TcString};
use crate::prelude::*;
use RestrictionKind::{RequireConsent, RequireLi};

/// Applies the publisher's restrictions to what the vendors declare, as the interface then
/// shows them: a purpose not allowed disappears; a required legal basis the vendor cannot use
/// (the purpose is not flexible) takes the purpose away; a flexible one moves to that basis.
/// Returns the restrictions for the TC string: per purpose and kind, the vendors whose
/// declarations it changed (only those change an outcome).
fn apply_restrictions(gvl: &mut Gvl, rules: &[PubRestriction]) -> Vec<Restriction> {
    let mut out: Vec<Restriction> = Vec::new();
    for r in rules {
        let p = r.purpose;
        let mut affected = Vec::new();
        for v in gvl.vendors.iter_mut().filter(|v| r.covers(v.id)) {
            let consent = v.purposes.contains(&p);
            let li = v.leg_int_purposes.contains(&p);
            let flexible = v.flexible_purposes.contains(&p);
            let (to_consent, to_li) = match r.kind {
                RestrictionKind::NotAllowed => (false, false),
                RequireConsent => (consent || (li && flexible), false),
                RequireLi => (
                    false,
                    li || (consent && flexible && LI_ALLOWED.contains(&p)),
                ),
            };
            if (consent, li) == (to_consent, to_li) || (!consent && !li) {
                continue;
            }
            v.purposes.retain(|x| *x != p);
            v.leg_int_purposes.retain(|x| *x != p);
            if to_consent {
                v.purposes.push(p);
                crate::ids::normalize(&mut v.purposes);
            }
            if to_li {
                v.leg_int_purposes.push(p);
                crate::ids::normalize(&mut v.leg_int_purposes);
            }
            affected.push(v.id);
        }
        if affected.is_empty() {
            continue;
        }
        let kind = r.kind as u8;
        match out.iter_mut().find(|x| x.purpose == p && x.kind == kind) {
            Some(x) => x.vendors.extend(affected),
            None => out.push(Restriction {
                purpose: p,
                kind,
                vendors: affected,
            }),
        }
    }
    for r in &mut out {
        crate::ids::normalize(&mut r.vendors);
    }
    out
}

/// Purposes for which legitimate interest may be signalled (never 1, 3, 4, 5, 6).
const LI_ALLOWED: [u8; 6] = [2, 7, 8, 9, 10, 11];

/// What the interface discloses: the vendors and everything they declare.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Surface {
    /// Vendor ids shown, ascending (the DisclosedVendors segment).
    pub vendors: Vec<u16>,
    /// Purposes some vendor asks consent for (or may, being flexible).
    pub purposes: Vec<u8>,
    /// Purposes some vendor processes on legitimate interest.
    pub li_purposes: Vec<u8>,
    /// Special features some vendor uses.
    pub special_features: Vec<u8>,
    /// Vendors that rely on legitimate interest (or have only special purposes).
    pub li_vendors: Vec<u16>,
    /// Vendors that ask for consent to some purpose or special feature.
    pub consent_vendors: Vec<u16>,
    /// The publisher's restrictions that change what a disclosed vendor does.
    pub restrictions: Vec<Restriction>,
}

fn union(into: &mut Vec<u8>, more: &[u8]) {
    into.extend_from_slice(more);
    crate::ids::normalize(into);
}

impl Surface {
    /// The surface once the publisher's `rules` have changed what the vendors declare (the
    /// GVL's vendors are changed accordingly, so the interface shows what applies).
    pub fn restricted(gvl: &mut Gvl, rules: &[PubRestriction]) -> Surface {
        let restrictions = apply_restrictions(gvl, rules);
        Surface {
            restrictions,
            ..Surface::of(gvl)
        }
    }

    /// The surface of the GVL's configured vendors.
    pub fn of(gvl: &Gvl) -> Surface {
        let mut s = Surface::default();
        for v in &gvl.vendors {
            s.vendors.push(v.id);
            union(&mut s.purposes, &v.purposes);
            union(&mut s.purposes, &v.flexible_purposes);
            let li: Vec<u8> = v
                .leg_int_purposes
                .iter()
                .copied()
                .filter(|p| LI_ALLOWED.contains(p))
                .collect();
            union(&mut s.li_purposes, &li);
            union(&mut s.special_features, &v.special_features);
            let only_special = v.purposes.is_empty() && !v.special_purposes.is_empty();
            if !li.is_empty() || only_special {
                s.li_vendors.push(v.id);
            }
            if !v.purposes.is_empty() || !v.special_features.is_empty() {
                s.consent_vendors.push(v.id);
            }
        }
        crate::ids::normalize(&mut s.vendors);
        crate::ids::normalize(&mut s.li_vendors);
        crate::ids::normalize(&mut s.consent_vendors);
        s
    }
}

/// The visitor's TCF choices. Legitimate interests hold unless objected to.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Choices {
    /// Purposes consented to.
    pub purposes: Vec<u8>,
    /// Purposes whose legitimate interest is not objected to.
    pub li_purposes: Vec<u8>,
    /// Special features opted in to.
    pub special_features: Vec<u8>,
    /// Vendors consented to.
    pub vendors: Vec<u16>,
    /// Vendors whose legitimate interest is not objected to.
    pub li_vendors: Vec<u16>,
}

impl Choices {
    /// "Accept all": every consent, no objection.
    pub fn all(s: &Surface) -> Choices {
        Choices {
            purposes: s.purposes.clone(),
            li_purposes: s.li_purposes.clone(),
            special_features: s.special_features.clone(),
            vendors: s.consent_vendors.clone(),
            li_vendors: s.li_vendors.clone(),
        }
    }

    /// "Reject all": no consent, and an objection to every legitimate interest.
    pub fn none() -> Choices {
        Choices::default()
    }

    /// While the interface is shown to a new visitor: no consent, legitimate interests
    /// established by the disclosure (TCF policy; CONSENT-STANDARDS §1.3, R9).
    pub fn shown(s: &Surface) -> Choices {
        Choices {
            li_purposes: s.li_purposes.clone(),
            li_vendors: s.li_vendors.clone(),
            ..Choices::default()
        }
    }
}

/// Deciseconds of the UTC midnight starting the day of `ms` (Created = LastUpdated, §1.9).
pub fn day(ms: f64) -> u64 {
    let ds = (ms / 100.0).max(0.0) as u64;
    ds - ds % 864_000
}

fn bits<T: Copy + Into<u32>>(ids: &[T], allowed: &dyn Fn(u32) -> bool) -> u32 {
    ids.iter().fold(0, |acc, &id| {
        let id: u32 = id.into();
        if (1..=24).contains(&id) && allowed(id) {
            acc | 1 << (24 - id)
        } else {
            acc
        }
    })
}

/// The ids set in a bit set of `width` bits (bit i from the left ↔ id i+1).
pub fn ids_of(bits: u32, width: u32) -> Vec<u8> {
    // Loops rather than iterator adapters: smaller in the browser module.
    let mut out = Vec::new();
    for id in 1..=width {
        if bits >> (width - id) & 1 == 1 {
            out.push(id as u8);
        }
    }
    out
}

fn within(ids: &[u16], allowed: &[u16]) -> Vec<u16> {
    let mut out: Vec<u16> = Vec::new();
    for &i in ids {
        if allowed.contains(&i) {
            out.push(i);
        }
    }
    crate::ids::normalize(&mut out);
    out
}

/// The TC string for `choices`: only what the surface discloses can be set, legitimate
/// interest never for purposes 1, 3, 4, 5, 6.
pub fn build(
    settings: &TcfSettings,
    gvl: &Gvl,
    surface: &Surface,
    choices: &Choices,
    language: [u8; 2],
    now_ms: f64,
) -> TcString {
    let today = day(now_ms);
    let special = bits(&choices.special_features, &|id| {
        surface.special_features.contains(&(id as u8))
    });
    TcString {
        version: 2,
        created: today,
        last_updated: today,
        cmp_id: settings.cmp_id,
        cmp_version: settings.cmp_version,
        consent_screen: 1,
        consent_language: language,
        vendor_list_version: gvl.version,
        policy_version: gvl.policy_version,
        is_service_specific: true,
        use_non_standard_texts: false,
        // 12 bits: the 24-bit set shifted down.
        special_feature_opt_ins: (special >> 12) as u16,
        purposes_consent: bits(&choices.purposes, &|id| {
            surface.purposes.contains(&(id as u8))
        }),
        purposes_li_transparency: bits(&choices.li_purposes, &|id| {
            LI_ALLOWED.contains(&(id as u8)) && surface.li_purposes.contains(&(id as u8))
        }),
        purpose_one_treatment: false,
        publisher_cc: settings.publisher_cc,
        vendor_consents: within(&choices.vendors, &surface.consent_vendors),
        vendor_legitimate_interests: within(&choices.li_vendors, &surface.li_vendors),
        restrictions: surface.restrictions.clone(),
        disclosed_vendors: Some(surface.vendors.clone()),
        allowed_vendors: None,
        publisher_tc: None,
    }
}

/// Why a stored TC string no longer holds (the interface is shown again).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stale {
    /// Unreadable (edited, damaged, not version 2, not service-specific).
    Unreadable,
    /// Made under another TCF policy version than the GVL's: asked afresh, nothing carried over.
    PolicyChanged,
    /// The site added vendors the visitor was not shown.
    NewVendors,
    /// Last updated more than 13 months ago: the TCF asks for a reminder by then.
    TooOld,
    /// The publisher changed its restrictions since.
    RestrictionsChanged,
}

/// How long a choice stands before the visitor is asked again (13 months), in deciseconds.
const REMIND_AFTER: u64 = 396 * 864_000;

/// The choices a stored string holds, if it still holds for this GVL and surface at `now_ms`.
pub fn restore(
    stored: &str,
    gvl: &Gvl,
    surface: &Surface,
    now_ms: f64,
) -> Result<(TcString, Choices), Stale> {
    let tc = tc_string::decode(stored).map_err(|_| Stale::Unreadable)?;
    if !tc.is_service_specific {
        return Err(Stale::Unreadable);
    }
    if tc.policy_version != gvl.policy_version {
        return Err(Stale::PolicyChanged);
    }
    let shown = tc.disclosed_vendors.as_deref().unwrap_or_default();
    if surface.vendors.iter().any(|v| !shown.contains(v)) {
        return Err(Stale::NewVendors);
    }
    if day(now_ms).saturating_sub(tc.last_updated) > REMIND_AFTER {
        return Err(Stale::TooOld);
    }
    if tc.restrictions != surface.restrictions {
        return Err(Stale::RestrictionsChanged);
    }
    let choices = Choices {
        purposes: ids_of(tc.purposes_consent, 24),
        li_purposes: ids_of(tc.purposes_li_transparency, 24),
        special_features: ids_of(u32::from(tc.special_feature_opt_ins), 12),
        vendors: tc.vendor_consents.clone(),
        li_vendors: tc.vendor_legitimate_interests.clone(),
    };
    Ok((tc, choices))
}

/// The TC string's ConsentLanguage for the notice's language tag: its primary language, upper
/// case (`de-DE` → `DE`, `pt-BR` → `PT`, `zh-Hant` → `ZH`); English for a language without a
/// two-letter code (ISO 639-1), which the field cannot hold.
pub fn language(tag: &str) -> [u8; 2] {
    match tag.split(['-', '_']).next().unwrap_or_default().as_bytes() {
        [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
            [a.to_ascii_uppercase(), b.to_ascii_uppercase()]
        }
        _ => *b"EN",
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::iab::gvl::tests::sample;

    fn settings() -> TcfSettings {
        TcfSettings {
            cmp_id: 300,
            cmp_version: 2,
            gvl_url: "/vendor-list.json".into(),
            vendors: vec![8, 21, 32],
            publisher_cc: *b"JP",
            gdpr_applies: true,
            advertiser_consent_mode: false,
            restrictions: Vec::new(),
        }
    }

    const NOW: f64 = 1_763_700_000_000.0; // 2025-11-21T04:40:00Z

    #[test]
    fn surface_collects_what_vendors_declare() {
        let s = Surface::of(&sample(&[8, 21, 32]));
        assert_eq!(s.vendors, vec![8, 21, 32]);
        assert_eq!(s.purposes, vec![1, 2, 3, 4, 8]);
        assert_eq!(s.li_purposes, vec![2, 7, 9, 10]);
        assert_eq!(s.special_features, vec![1]);
        assert_eq!(
            s.li_vendors,
            vec![8, 21, 32],
            "32 has only special purposes"
        );
        assert_eq!(s.consent_vendors, vec![8, 21]);
    }

    #[test]
    fn accept_all_reject_all_and_shown_strings() {
        let gvl = sample(&[8, 21, 32]);
        let s = Surface::of(&gvl);
        let all = build(&settings(), &gvl, &s, &Choices::all(&s), *b"JA", NOW);
        assert_eq!(all.created, all.last_updated);
        assert_eq!(all.created % 864_000, 0);
        assert_eq!(all.created, 17_636_832_000); // 2025-11-21T00:00:00Z
        assert_eq!((all.vendor_list_version, all.policy_version), (120, 5));
        assert!(all.is_service_specific);
        assert_eq!(ids_of(all.purposes_consent, 24), vec![1, 2, 3, 4, 8]);
        assert_eq!(ids_of(all.purposes_li_transparency, 24), vec![2, 7, 9, 10]);
        assert_eq!(all.special_feature_opt_ins, 0b1000_0000_0000);
        assert_eq!(all.vendor_consents, vec![8, 21]);
        assert_eq!(all.vendor_legitimate_interests, vec![8, 21, 32]);
        assert_eq!(all.disclosed_vendors, Some(vec![8, 21, 32]));
        assert_eq!(all.publisher_cc, *b"JP");

        let none = build(&settings(), &gvl, &s, &Choices::none(), *b"JA", NOW);
        assert_eq!(
            (none.purposes_consent, none.purposes_li_transparency),
            (0, 0)
        );
        assert!(none.vendor_consents.is_empty() && none.vendor_legitimate_interests.is_empty());
        assert_eq!(none.disclosed_vendors, Some(vec![8, 21, 32]));

        let shown = build(&settings(), &gvl, &s, &Choices::shown(&s), *b"JA", NOW);
        assert_eq!(shown.purposes_consent, 0);
        assert!(shown.vendor_consents.is_empty());
        assert_eq!(shown.vendor_legitimate_interests, vec![8, 21, 32]);
    }

    #[test]
    fn nothing_outside_the_surface_and_no_forbidden_li() {
        let gvl = sample(&[21]);
        let s = Surface::of(&gvl);
        let wild = Choices {
            purposes: vec![1, 2, 3, 11, 30],
            li_purposes: vec![1, 3, 4, 5, 6, 9, 2],
            special_features: vec![1, 2],
            vendors: vec![8, 21, 400],
            li_vendors: vec![8, 21],
        };
        let tc = build(&settings(), &gvl, &s, &wild, *b"EN", NOW);
        assert_eq!(ids_of(tc.purposes_consent, 24), vec![1]);
        assert_eq!(ids_of(tc.purposes_li_transparency, 24), vec![9]);
        assert_eq!(tc.special_feature_opt_ins, 0);
        assert_eq!(tc.vendor_consents, vec![21]);
        assert_eq!(tc.vendor_legitimate_interests, vec![21]);
    }

    #[test]
    fn a_stored_string_holds_until_policy_or_vendors_change() {
        let gvl = sample(&[8, 21]);
        let s = Surface::of(&gvl);
        let custom = Choices {
            purposes: vec![1, 8],
            li_purposes: vec![2, 9],
            special_features: vec![],
            vendors: vec![21],
            li_vendors: vec![21],
        };
        let text = tc_string::encode(&build(&settings(), &gvl, &s, &custom, *b"EN", NOW));
        let (_, back) = restore(&text, &gvl, &s, NOW).unwrap();
        assert_eq!(back, custom);

        let mut newer = gvl.clone();
        newer.policy_version = 6;
        assert_eq!(
            restore(&text, &newer, &s, NOW).unwrap_err(),
            Stale::PolicyChanged
        );
        let more = sample(&[8, 21, 32]);
        assert_eq!(
            restore(&text, &more, &Surface::of(&more), NOW).unwrap_err(),
            Stale::NewVendors
        );
        assert_eq!(
            restore("garbage!", &gvl, &s, NOW).unwrap_err(),
            Stale::Unreadable
        );
        let fewer = sample(&[21]);
        assert!(
            restore(&text, &fewer, &Surface::of(&fewer), NOW).is_ok(),
            "a vendor removed"
        );
        let day_ms = 86_400_000.0;
        assert!(restore(&text, &gvl, &s, NOW + 395.0 * day_ms).is_ok());
        assert_eq!(
            restore(&text, &gvl, &s, NOW + 397.0 * day_ms).unwrap_err(),
            Stale::TooOld
        );
    }

    #[test]
    fn language_codes() {
        assert_eq!(language("ja"), *b"JA");
        assert_eq!(language("en"), *b"EN");
        assert_eq!(language("de"), *b"DE");
        assert_eq!(language("pt-BR"), *b"PT");
        assert_eq!(language("zh-Hant"), *b"ZH");
        assert_eq!(language("fil"), *b"EN");
        assert_eq!(language(""), *b"EN");
        assert_eq!(language("1x"), *b"EN");
    }

    #[test]
    fn publisher_restrictions_change_what_is_shown_and_are_written() {
        use RestrictionKind::NotAllowed;
        let mut gvl = sample(&[8, 21, 32]);
        let rules = vec![
            // Vendor 8 claims purpose 2 on legitimate interest, flexibly: moves to consent.
            PubRestriction {
                purpose: 2,
                kind: RequireConsent,
                vendors: vec![],
            },
            // Vendor 21 claims 9 on legitimate interest, not flexibly: it loses it.
            PubRestriction {
                purpose: 9,
                kind: RequireConsent,
                vendors: vec![21],
            },
            // Nobody may do 7; 8 claimed it.
            PubRestriction {
                purpose: 7,
                kind: NotAllowed,
                vendors: vec![],
            },
            // Nobody claims 11: nothing to write.
            PubRestriction {
                purpose: 11,
                kind: NotAllowed,
                vendors: vec![],
            },
            // 21 asks consent for 8, not flexibly: legitimate interest only means it loses it.
            PubRestriction {
                purpose: 8,
                kind: RequireLi,
                vendors: vec![21],
            },
        ];
        let s = Surface::restricted(&mut gvl, &rules);
        let v8 = &gvl.vendors[0];
        assert_eq!(
            (v8.purposes.as_slice(), v8.leg_int_purposes.as_slice()),
            (&[1, 2, 3, 4][..], &[][..])
        );
        let v21 = &gvl.vendors[1];
        assert_eq!(
            (v21.purposes.as_slice(), v21.leg_int_purposes.as_slice()),
            (&[1][..], &[10][..])
        );
        assert_eq!(
            s.restrictions,
            vec![
                Restriction {
                    purpose: 2,
                    kind: 1,
                    vendors: vec![8]
                },
                Restriction {
                    purpose: 9,
                    kind: 1,
                    vendors: vec![21]
                },
                Restriction {
                    purpose: 7,
                    kind: 0,
                    vendors: vec![8]
                },
                Restriction {
                    purpose: 8,
                    kind: 2,
                    vendors: vec![21]
                },
            ]
        );
        assert_eq!(s.purposes, vec![1, 2, 3, 4]);
        assert_eq!(s.li_purposes, vec![10]);
        let tc = build(&settings(), &gvl, &s, &Choices::all(&s), *b"EN", NOW);
        let text = tc_string::encode(&tc);
        let back = tc_string::decode(&text).unwrap();
        assert_eq!(back.restrictions.len(), 4);
        assert!(restore(&text, &gvl, &s, NOW).is_ok());
        // Restrictions changed since: ask again.
        let mut plain = sample(&[8, 21, 32]);
        let fewer = Surface::restricted(&mut plain, &rules[..1]);
        assert_eq!(
            restore(&text, &plain, &fewer, NOW).unwrap_err(),
            Stale::RestrictionsChanged
        );
    }
}
